"""`budget export`: every format read back with its own reader, amounts exactly the clean
tables', Chinese text intact, nothing half-written."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.export import ExportError, export, writers
from pipeline.ingest import ingest
from pipeline.schema import TABLES
from pipeline.synth.render import render_document, write_document
from pipeline.views import VIEWS
from pipeline.views import build as build_view
from tests.helpers import RAW, UNIT
from tests.views.synthetic import budget

ITEMS = [*TABLES, *VIEWS]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """The shipped document and two synthetic ones (one whose 三公 fell to 0), ingested."""
    root = tmp_path_factory.mktemp("export")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    write_document(raw / "zero.txt", render_document(budget(11, sangong=False, projects=False)))
    write_document(raw / "plain.txt", render_document(budget(12, year=2023)))
    assert ingest(raw, root / "clean").errors == []
    return root / "clean"


@pytest.fixture(scope="module")
def expected(clean) -> dict[str, pl.DataFrame]:
    frames = {t: store.scan(clean, t).collect() for t in TABLES}
    return {**frames, **{v: build_view(v, frames) for v in VIEWS}}


@pytest.fixture(scope="module")
def exported(clean, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return {fmt: (out / fmt, export(clean, out / fmt, fmt)) for fmt in writers.WRITERS}


def decimal_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c, t in frame.schema.items() if isinstance(t, pl.Decimal)]


def same_decimals(want: pl.DataFrame, got_rows: list[dict], scale_of) -> None:
    """Row by row (same order), every Decimal column equal to the cent."""
    assert len(got_rows) == want.height
    for column in decimal_columns(want):
        quantum = Decimal(1).scaleb(-scale_of(column))
        got = [
            None if v is None or v != v else Decimal(repr(v)).quantize(quantum)
            for v in (r[column] for r in got_rows)
        ]
        assert got == want[column].to_list(), column


def test_csv_has_a_bom_and_reads_back_exactly(exported, expected):
    folder, files = exported["csv"]
    assert {p.name for p in files} >= {f"{name}.csv" for name in ITEMS}
    for name in ITEMS:
        raw = (folder / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        want = expected[name]
        got = pl.read_csv(folder / f"{name}.csv", schema=want.schema, encoding="utf8")
        assert got.equals(want), name
    assert UNIT in (folder / "documents.csv").read_text(encoding="utf-8-sig")
    dictionary = pl.read_csv(folder / "data_dictionary.csv", encoding="utf8")
    assert set(dictionary["item"]) == set(ITEMS)


def test_xlsx_has_a_sheet_each_and_a_dictionary(exported, expected):
    import openpyxl

    folder, _ = exported["xlsx"]
    book = openpyxl.load_workbook(folder / "kashgar-budgets.xlsx", read_only=True)
    assert book.sheetnames == [*ITEMS, "data_dictionary"]
    for name in ITEMS:
        rows = list(book[name].iter_rows(values_only=True))
        want = expected[name]
        assert list(rows[0]) == want.columns, name
        records = [dict(zip(want.columns, row, strict=True)) for row in rows[1:]]
        same_decimals(want, records, lambda c, w=want: w.schema[c].scale)
        if "unit" in want.columns:
            assert [r["unit"] for r in records] == want["unit"].to_list()
    dictionary = list(book["data_dictionary"].iter_rows(values_only=True))
    assert dictionary[0][:3] == ("item", "kind", "column") and len(dictionary) > 100


def test_stata_118_with_labels_and_chinese_text(exported, expected):
    import pandas as pd

    folder, _ = exported["dta"]
    for name in ITEMS:
        path = folder / f"{name}.dta"
        assert path.read_bytes()[:50].startswith(b"<stata_dta><header><release>118"), name
        want = expected[name]
        with pd.io.stata.StataReader(path) as reader:
            got = reader.read()
            labels = reader.variable_labels()
        assert list(got.columns) == want.columns
        records = got.to_dict("records")
        same_decimals(want, records, lambda c, w=want: w.schema[c].scale)
        for column, dtype in want.schema.items():
            if dtype == pl.String:
                assert [r[column] or None for r in records] == want[column].to_list(), column
        assert all(labels[c] for c in want.columns), name
    with pd.io.stata.StataReader(folder / "documents.dta") as reader:
        assert reader.variable_labels()["unit_id"].startswith("Stable id of the unit")


def test_duckdb_holds_tables_views_and_comments(exported, expected):
    import duckdb

    folder, _ = exported["duckdb"]
    with duckdb.connect(str(folder / "kashgar-budgets.duckdb"), read_only=True) as db:
        names = {r[0] for r in db.sql("show tables").fetchall()}
        assert names == {*ITEMS, "data_dictionary"}
        for name in ITEMS:
            columns = ", ".join(f'"{c}"' for c in expected[name].columns)
            rows = db.sql(f'select {columns} from "{name}"').fetchall()
            assert rows == expected[name].rows(), name
        comment = db.sql(
            "select comment from duckdb_columns() where table_name = "
            "'line_items' and column_name = 'amount'"
        ).fetchall()[0][0]
        assert comment == "Amount (万元)"
        year = db.sql(
            "select data_type from duckdb_columns() where table_name = 'facts' "
            "and column_name = 'year'"
        ).fetchall()[0][0]
        assert year == "INTEGER"


def test_datapackage_is_valid_under_frictionless(exported, expected):
    import json

    from frictionless import Package

    folder, _ = exported["datapackage"]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert resources["documents"]["schema"]["primaryKey"] == ["unit", "year", "kind"]
    assert resources["unit-year-panel"]["schema"]["primaryKey"] == ["unit", "year", "kind"]
    amount = next(f for f in resources["line-items"]["schema"]["fields"] if f["name"] == "amount")
    assert amount == {
        "name": "amount",
        "type": "number",
        "description": "Amount",
        "unit": "万元",
        "constraints": {"required": True},
    }
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    for name in ITEMS:
        got = pl.read_csv(folder / "data" / f"{name}.csv", schema=expected[name].schema)
        assert got.equals(expected[name]), name


def test_export_never_leaves_half_an_export(clean, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export(clean, out, "csv", tables=["facts"], views=[])
    before = sorted(p.name for p in out.iterdir())
    monkeypatch.setattr(writers, "EXCEL_ROWS", 10)
    with pytest.raises(ExportError, match="do not fit an Excel sheet"):
        export(clean, out, "xlsx", tables=["line_items"], views=[])
    assert sorted(p.name for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not an earlier export"):
        export(clean, foreign, "csv")
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_cli_exports_the_named_items_of_one_unit(clean, tmp_path):
    raw = clean.parent / "raw"
    code = main(
        [
            "export",
            "--raw",
            str(raw),
            "--clean",
            str(clean),
            "--format",
            "csv",
            "--tables",
            "facts",
            "--views",
            "unit_year_panel",
            "--unit",
            "行政公署",
            "--out",
            str(tmp_path / "one"),
        ]
    )
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == ["data_dictionary.csv", "export.json", "facts.csv", "unit_year_panel.csv"]
    panel = pl.read_csv(tmp_path / "one" / "unit_year_panel.csv", encoding="utf8")
    assert panel["unit"].to_list() == [UNIT]
    assert (
        main(
            [
                "export",
                "--raw",
                str(raw),
                "--clean",
                str(clean),
                "--format",
                "csv",
                "--tables",
                "nope",
                "--out",
                str(tmp_path / "two"),
            ]
        )
        == 2
    )


def test_stata_keeps_text_longer_than_2045_bytes_and_cuts_labels(tmp_path):
    """Stata's str# holds 2,045 bytes: longer text goes as strL, whole; labels fit 80."""
    import pandas as pd

    from pipeline.export.catalog import item_of
    from pipeline.tidy import to_frame

    text = "资金分配情况" * 200  # 1,200 characters, 3,600 bytes
    frame = to_frame(
        "projects",
        [
            {
                "unit": "合成单位",
                "year": 2024,
                "kind": "budget",
                "project_no": 1,
                "project": "合成项目",
                "amount": Decimal("1.50"),
                "allocation_text": text,
                "source": "s.txt",
                "line": 3,
            }
        ],
    )
    writers.write_dta([item_of("projects", frame)], tmp_path)
    with pd.io.stata.StataReader(tmp_path / "projects.dta") as reader:
        back = reader.read()
        labels = reader.variable_labels()
    assert back["allocation_text"][0] == text and back["amount"][0] == 1.5
    assert max(len(label) for label in labels.values()) <= 80
