"""Ingest end to end: the real document, incremental re-runs, and bad input."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.ingest import ingest

REAL = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "raw"
    / ("kashgar-admin-office_2024_budget.txt")
)
UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"


@pytest.fixture(scope="module")
def real_text() -> str:
    return REAL.read_text(encoding="utf-8")


def put(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_real_document_ingests_completely(tmp_path):
    raw = tmp_path / "raw"
    shutil.copy(REAL, put(raw, "x.txt", "").parent / REAL.name)
    (raw / "x.txt").unlink()
    result = ingest(raw, tmp_path / "clean")
    assert result.errors == []
    (doc,) = result.documents
    assert (doc.unit, doc.year) == (UNIT, 2024)
    # 273 amount cells in tables 1–11 (helpers' per-table counts, re-counted by hand for
    # tables 6, 7 and 10), 21 year-on-year clauses, 135 narrative numbers
    assert [(c["part"], c["captured"], c["scanned"]) for c in doc.coverage] == [
        ("table cells", 273, 273),
        ("year-on-year sentences", 21, 21),
        ("narrative numbers", 135, 135),
    ]
    documents = store.scan(tmp_path / "clean", "documents").collect()
    assert documents.select("unit", "year", "staff_quota").row(0) == (UNIT, 2024, 101)
    items = store.scan(tmp_path / "clean", "line_items").collect()
    total = items.filter(pl.col("table_no") == 1, pl.col("item") == "收入总计")
    assert total["amount"].to_list() == [Decimal("5069.86")]
    assert total["source"].to_list() == [str(raw / REAL.name)]


def test_rerun_with_nothing_changed_parses_nothing(tmp_path, real_text):
    raw = tmp_path / "raw"
    put(raw, "a/doc.txt", real_text)
    first = ingest(raw, tmp_path / "clean")
    assert first.wrote and first.parsed == 1
    again = ingest(raw, tmp_path / "clean")
    assert not again.wrote and again.parsed == 0 and again.errors == []


def test_rows_built_by_other_code_are_parsed_again(tmp_path, real_text):
    """An upgrade that changes the schema or a parser must not keep rows the old code built."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    put(raw, "a.txt", real_text)
    put(raw, "b.txt", real_text.replace("2024", "2025"))
    ingest(raw, clean)
    manifest = store.read_manifest(clean)
    assert manifest["build"] == store.build_fingerprint()
    store.write_manifest(clean, {**manifest, "build": "older code"})
    again = ingest(raw, clean)
    assert again.wrote and again.parsed == 2 and again.errors == []
    assert store.read_manifest(clean)["build"] == store.build_fingerprint()
    documents = store.scan(clean, "documents").collect()
    assert documents.select("year", "kind", "template").sort("year").rows() == [
        (2024, "budget", "unit_budget_2024"),
        (2025, "budget", "unit_budget_2024"),
    ]


def test_several_units_and_years_in_one_run(tmp_path, real_text):
    raw = tmp_path / "raw"
    put(raw, "a.txt", real_text)
    put(raw, "deeper/b.txt", real_text.replace("2024", "2025"))
    result = ingest(raw, tmp_path / "clean")
    assert result.errors == []
    years = store.scan(tmp_path / "clean", "documents").collect()["year"].sort().to_list()
    assert years == [2024, 2025]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "an empty file"),
        (b"\xff\xfe\xfa\x00\xff\xff\xff", "decode as none"),
        ("TRUNCATE", "truncated"),
    ],
    ids=["empty", "undecodable", "truncated"],
)
def test_bad_document_is_reported_and_others_still_ingest(
    tmp_path, real_text, capsys, content, expected
):
    raw = tmp_path / "raw"
    put(raw, "good.txt", real_text)
    if content == "TRUNCATE":
        content = "\n".join(real_text.splitlines()[:200])
    bad = put(raw, "bad.txt", content)
    clean = tmp_path / "clean"
    code = main(["ingest", "--raw", str(raw), "--clean", str(clean)])
    out = capsys.readouterr().out
    assert code == 2
    assert str(bad) in out and expected in out
    assert store.scan(clean, "documents").collect()["source"].to_list() == [str(raw / "good.txt")]
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert left == [".clean.lock"], "staging left behind"


def test_same_unit_year_twice_is_an_error_for_the_second(tmp_path, real_text):
    raw = tmp_path / "raw"
    put(raw, "a.txt", real_text)
    put(raw, "b.txt", real_text.replace("\n", "\r\n"))
    result = ingest(raw, tmp_path / "clean")
    assert len(result.errors) == 1
    assert "b.txt" in result.errors[0] and "one document per unit and year" in result.errors[0]
    sources = store.scan(tmp_path / "clean", "line_items").collect()["source"].unique()
    assert sources.to_list() == [str(raw / "a.txt")]


def test_changed_document_is_reparsed_and_removed_one_dropped(tmp_path, real_text):
    raw = tmp_path / "raw"
    put(raw, "a.txt", real_text)
    put(raw, "b.txt", real_text.replace("2024", "2023"))
    ingest(raw, tmp_path / "clean")
    put(raw, "a.txt", real_text.replace("张深意", "张 深意"))
    (raw / "b.txt").unlink()
    result = ingest(raw, tmp_path / "clean")
    assert result.parsed == 1 and result.errors == []
    assert store.scan(tmp_path / "clean", "documents").collect()["year"].to_list() == [2024]


def test_encodings_and_line_ends_ingest_to_the_same_frames(tmp_path, real_text):
    frames = []
    for name, data in [
        ("utf8", real_text.encode("utf-8")),
        ("bom-crlf", b"\xef\xbb\xbf" + real_text.replace("\n", "\r\n").encode()),
        ("gb18030", real_text.encode("gb18030")),
    ]:
        raw = tmp_path / name / "raw"
        put(raw, "doc.txt", data)
        assert ingest(raw, tmp_path / name / "clean").errors == []
        frames.append(store.scan(tmp_path / name / "clean", "line_items").collect().drop("source"))
    assert frames[0].equals(frames[1]) and frames[0].equals(frames[2])


@pytest.mark.parametrize(
    ("keep", "missing"),
    [
        (400, "说明 二、"),  # cut inside the narrative: sections 二–十二 are gone
        (800, "第四部分"),  # cut inside the performance tables, before the glossary
        (946, "第四部分"),  # everything but the glossary
    ],
)
def test_a_document_cut_short_fails_naming_its_last_line(tmp_path, real_text, keep, missing):
    """Parts 一–三 can all be present in a truncated document; the contents (目录) list the
    narrative sections and part 四, so what is missing is named (lines cited in the text)."""
    lines = real_text.split("\n")[:keep]
    last = max(n for n, line in enumerate(lines, 1) if line.strip())
    put(tmp_path / "raw", "cut.txt", "\n".join(lines) + "\n")
    result = ingest(tmp_path / "raw", tmp_path / "clean")
    assert len(result.errors) == 1
    error = result.errors[0]
    assert f"cut.txt:{last}:" in error and missing in error and "truncated" in error
