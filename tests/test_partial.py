"""Partial ingest, never silent (issue 9 item 6): a piece that cannot be read costs that
piece — a sentence, a table, the headcount sentence — its numbers are recorded in
`unplaced`, the document lands `partial`, the identities that need the piece are
not_evaluated and `budget ingest` exits 3.

Documents are the shipped one with one line edited (line numbers cite it).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.coverage import narrative_numbers
from pipeline.errors import ParseError
from pipeline.identities import residuals
from pipeline.ingest import ingest
from pipeline.parse import parse_document
from pipeline.parse.sentences import Reading
from pipeline.reader import read_document
from pipeline.schema import TABLES
from tests.helpers import RAW
from tests.identities.real import frames_of
from tests.identities.real import real_doc as shipped_doc

TRAINING = "2024 年，本单位安排培训经费 12.50 万元，用于干部培训 3 个班次。"
"""A sentence no rule of unit_budget_2024 reads, put on the blank line 697 of 十二(二)."""


def _text(edits: dict[int, str]) -> str:
    lines = RAW.read_text(encoding="utf-8").split("\n")
    for number, text in edits.items():
        lines[number - 1] = text
    return "\n".join(lines)


def _ingest(tmp_path: Path, edits: dict[int, str]) -> tuple[Path, dict[str, pl.DataFrame]]:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (raw / "doc.txt").write_text(_text(edits), encoding="utf-8")
    assert ingest(raw, clean).errors == []
    return clean, {t: store.scan(clean, t).collect() for t in TABLES}


@pytest.fixture(scope="module")
def unknown_sentence(tmp_path_factory) -> tuple[Path, dict[str, pl.DataFrame]]:
    return _ingest(tmp_path_factory.mktemp("sentence"), {697: TRAINING})


def test_a_sentence_no_rule_knows_lands_partial_in_unplaced(unknown_sentence):
    clean, frames = unknown_sentence
    (document,) = frames["documents"].to_dicts()
    assert document["status"] == "partial"
    rows = frames["unplaced"].sort("position").to_dicts()
    assert [(r["part"], r["role"], r["line"], r["position"], r["figure"]) for r in rows] == [
        ("narrative", "other", 697, 1, "12.50万元"),
        ("narrative", "other", 697, 2, "3个"),
    ]
    assert rows[0]["text"] == "2024年,本单位安排培训经费12.50万元,用于干部培训3个班次。"
    assert "no rule of unit_budget_2024 reads this sentence" in rows[0]["why"]
    # the rest of the document is all there: the counts of the complete document
    assert frames["line_items"].height == 273 and frames["facts"].height == 69
    assert frames["narrative_changes"].height == 21
    manifest = store.read_manifest(clean)["documents"]
    (entry,) = manifest.values()
    assert entry["status"] == "partial" and entry["unplaced"] == 2
    assert entry["gaps"][0].startswith("line 697 (other): 12.50万元 — no rule")


def test_the_complete_document_is_complete(tmp_path):
    clean, frames = _ingest(tmp_path, {})
    assert frames["documents"]["status"].to_list() == ["complete"]
    assert frames["unplaced"].is_empty()
    (entry,) = store.read_manifest(clean)["documents"].values()
    assert (entry["status"], entry["unplaced"]) == ("ok", 0)


def test_what_reads_the_section_not_read_is_not_evaluated(unknown_sentence):
    """Every check that reads 说明 十二 (role other) is not_evaluated, naming it; the rest
    keep the complete document's verdicts."""
    _, frames = unknown_sentence
    res = residuals(frames)
    other = res.filter(
        pl.col("detail").str.contains("说明 十二 (other) was not read in full", literal=True)
    )
    assert set(other["status"]) == {"not_evaluated"}
    assert {
        "narrative.other.procurement_eq_parts",
        "narrative.other.vehicles_eq_kinds",
        "across.other.operating_costs_eq_basic_by_economic_class_public",
        "projects.count_eq_project_expenditure",
    } <= set(other["check"])
    # no result disappears; every other keeps the complete document's verdict
    complete = residuals(frames_of(shipped_doc()))
    assert res.height == complete.height
    key = ["check", "instance"]
    both = res.join(complete, on=key, how="full", suffix="_complete", nulls_equal=True)
    assert both.filter(pl.col("check").is_null() | pl.col("check_complete").is_null()).height == 0
    changed = both.filter(pl.col("status") != pl.col("status_complete"))
    assert set(changed["status"]) == {"not_evaluated"}
    assert set(changed["check"]) <= set(other["check"])


def test_budget_ingest_prints_the_gaps_and_exits_3(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text(_text({697: TRAINING}), encoding="utf-8")
    args = ["ingest", "--raw", str(raw), "--clean", str(tmp_path / "clean")]
    assert main(args) == 3
    out = capsys.readouterr().out
    assert "ingested with gaps" in out and "line 697 (other): 12.50万元" in out
    assert main(args) == 3  # unchanged: not parsed again, still partial
    assert "1 with gaps" in capsys.readouterr().out


def test_strict_parsing_raises_where_lenient_records(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(_text({697: TRAINING}), encoding="utf-8")
    doc = read_document(path)
    with pytest.raises(ParseError, match="a number the parser cannot place") as error:
        parse_document(doc, strict=True)
    assert error.value.line == 697
    assert parse_document(doc).partial


def test_a_table_not_read_is_left_out_whole(tmp_path):
    """A garbled cell (line 84: 5,O59.45) makes table 1 unreadable: no tables row, no line
    items, its 12 other amounts unplaced; the identities on 表1 are not evaluated, none
    computed from a table read in part."""
    _, frames = _ingest(tmp_path, {84: "其中：一般财力\t5,O59.45\t203 国防支出\t"})
    assert 1 not in frames["tables"]["table_no"].to_list()
    assert frames["line_items"].filter(pl.col("table_no") == 1).is_empty()
    gaps = frames["unplaced"]
    assert set(gaps["role"]) == {"income_expenditure_summary"} and gaps.height == 12
    assert gaps["why"][0] == (
        "line 84: expected an amount in 万元 in column '收入/预算数' of table 1, found '5,O59.45'"
    )
    res = residuals(frames)
    on_table_1 = res.filter(
        pl.col("check").str.starts_with("summary.")
        | pl.col("detail").str.contains("表1 ", literal=True)
    )
    assert on_table_1.height and set(on_table_1["status"]) == {"not_evaluated"}
    # hierarchy of 表1 has no instance left to read: one not_evaluated result says so
    assert res.filter(
        pl.col("check") == "hierarchy.total_eq_sum_of_classes", pl.col("instance") == "表1"
    )["status"].to_list() == ["not_evaluated"]


def test_a_stated_figure_not_read_is_never_compared_as_zero(tmp_path):
    """The 三公 amounts sentence (line 676) with one amount garbled: the sentence is not
    read, and every check on 说明 十 is not evaluated — none adds the parts as if the
    unread ones were 0."""
    line = _text({}).split("\n")[675].replace("公务接待费 0.00 万元", "公务接待费 0.0.0 万元")
    _, frames = _ingest(tmp_path, {676: line})
    assert {r["figure"] for r in frames["unplaced"].to_dicts()} >= {"0.0.0万元", "31.50万元"}
    res = residuals(frames)
    sangong = res.filter(
        pl.col("check").str.starts_with("narrative.sangong.")
        | pl.col("check").str.starts_with("prior.sangong")
    )
    assert set(sangong["status"]) == {"not_evaluated"}
    assert "narrative.sangong.total_eq_parts" in set(sangong["check"])


def test_a_headcount_sentence_not_read_leaves_the_staff_null(tmp_path):
    text = _text({}).split("\n")[67].replace("在职 77 人", "在岗 77 人")
    _, frames = _ingest(tmp_path, {68: text})
    (document,) = frames["documents"].to_dicts()
    assert document["status"] == "partial" and document["staff_quota"] is None
    gaps = frames["unplaced"]
    assert set(gaps["part"]) == {"profile"} and gaps["line"].to_list() == [68] * 8


def test_coverage_counts_what_the_parser_placed_not_the_scan_again(real_doc):
    """The narrative coverage compares its own scan with the numbers the parsers' rows
    stand on: a reading that lost a number without recording it shows as not accounted
    (before, the scan was compared with itself and could never be incomplete)."""
    parsed = parse_document(real_doc)
    assert narrative_numbers(parsed).accounted
    # 收支总预算 5,069.86 万元 (line 401) read, then lost without a word
    reading = Reading(placed={p for p in _reading(parsed).placed if p[0] != 401})
    import pipeline.coverage as coverage

    original = coverage.narrative_reading
    coverage.narrative_reading = lambda doc, layout: reading
    try:
        lost = narrative_numbers(parsed)
    finally:
        coverage.narrative_reading = original
    assert (lost.scanned, lost.captured, lost.unplaced) == (135, 134, 0)
    assert not lost.accounted


def _reading(parsed):
    from pipeline.parse.sentences import narrative_reading

    return narrative_reading(parsed.document, parsed.layout)


@pytest.fixture
def real_doc():
    return read_document(RAW, "data/raw/kashgar-admin-office_2024_budget.txt")


def test_a_partial_documents_manifest_survives_a_rerun(unknown_sentence, tmp_path):
    clean, _ = unknown_sentence
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["documents"].values()
    assert entry["status"] == "partial"


def test_unplaced_rows_fit_the_schema(real_doc):
    doc = replace(
        real_doc,
        lines=tuple(TRAINING if n == 697 else line for n, line in enumerate(real_doc.lines, 1)),
    )
    rows = parse_document(doc, stamp=False).records["unplaced"]
    stamped = ("unit", "year", "kind", "source", "page")  # filled by ingest from the stamp
    wanted = [c for c in TABLES["unplaced"].columns if c not in stamped]
    assert rows and all(set(row) == set(wanted) for row in rows)
