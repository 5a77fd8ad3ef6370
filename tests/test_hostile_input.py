"""Input a hostile user might give: Rich markup in file names, lines and unit names; a file
of backslashes; a 50 MB line.  None crashes or hangs a command, and no message copies more
than a clipped quote of the offending line.  A bug is not a bad document: exit 70."""

from __future__ import annotations

import json
import shutil

import pytest
from rich.console import Console

from pipeline import store
from pipeline.cli import main
from pipeline.errors import QUOTE_AT_MOST
from pipeline.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_GAPS, EXIT_INTERNAL, EXIT_OK
from pipeline.ingest import ingest
from pipeline.validate import validate_clean
from tests.helpers import RAW, UNIT

MARKUP = "[/red] [bold] [link=x] :smile: [/]"


def _ingest(raw, clean) -> int:
    return main(["ingest", "--raw", str(raw), "--clean", str(clean)])


def test_markup_in_file_names_and_error_lines_is_printed_verbatim(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    bad = raw / "[bold]x[red].txt"
    bad.write_text(f"{MARKUP} not a title\nline 2\n", encoding="utf-8")
    assert _ingest(raw, tmp_path / "clean") == EXIT_BAD_INPUT
    out = capsys.readouterr().out
    assert str(bad) in out and MARKUP in out


def test_markup_in_a_unit_name_is_printed_verbatim_by_ingest_and_validate(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "400")  # the coverage table shows the whole name
    unit = "新疆[/red]维吾尔自治区[bold]喀什地区行政公署办公室"
    text = RAW.read_text(encoding="utf-8").replace(UNIT, unit)
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (raw / "doc.txt").write_text(
        text.replace("抚恤金\t19.84\t19.84", "抚恤金\t19.84\t19.94"), encoding="utf-8"
    )
    assert _ingest(raw, clean) == EXIT_OK
    assert unit in capsys.readouterr().out
    console = Console(record=True, width=400, markup=False)
    assert validate_clean(clean, tmp_path / "reports", console, use_gx=False) == EXIT_FAILED
    shown = console.export_text()
    assert f"fail {raw / 'doc.txt'}:292" in shown and f"{unit} 2024 budget" in shown


def test_a_file_of_backslashes_is_an_error_not_a_hang(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "b.txt").write_text("\\" * 1_000_000, encoding="utf-8")
    shutil.copy(RAW, raw / RAW.name)
    assert _ingest(raw, tmp_path / "clean") == EXIT_BAD_INPUT
    out = capsys.readouterr().out
    assert "b.txt" in out and len(out) < 20_000


def test_a_50_mb_line_is_quoted_clipped_in_the_manifest_and_the_terminal(tmp_path, capsys):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    lines = RAW.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if "5,059.45" in line)  # a row of table 1
    lines[row] = lines[row].replace("5,059.45", "5,059.45" + "预" * (50 * 2**20 // 3))
    (raw / "huge.txt").write_text("\n".join(lines), encoding="utf-8")
    # table 1 is not read (its numbers unplaced), the rest lands: ingested with gaps
    assert _ingest(raw, clean) == EXIT_GAPS
    out = capsys.readouterr().out
    manifest = json.loads((clean / store.MANIFEST).read_text(encoding="utf-8"))
    gaps = manifest["documents"][str(raw / "huge.txt")]["gaps"]
    assert gaps and all(f"line {row + 1}: expected" in gap for gap in gaps)  # 50 MB in a cell
    assert "预" * 50 in gaps[0] and not any("预" * (QUOTE_AT_MOST + 1) in g for g in gaps)
    assert all("more characters" in g and len(g) < 5 * QUOTE_AT_MOST for g in gaps)
    unplaced = store.scan(clean, "unplaced").collect()
    assert unplaced.height > 0
    assert unplaced["text"].str.len_chars().max() <= QUOTE_AT_MOST
    assert unplaced["why"].str.len_chars().max() < 5 * QUOTE_AT_MOST
    assert (clean / store.MANIFEST).stat().st_size < 100_000
    assert "预" * (QUOTE_AT_MOST + 1) not in out and len(out) < 20_000


def test_a_bug_while_parsing_exits_70_with_its_traceback_and_keeps_the_store(
    tmp_path, monkeypatch, capsys
):
    """parse_one caught ValueError: a code bug was reported as a document not read (2)."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    assert _ingest(raw, clean) == EXIT_OK
    before = store.scan(clean, "line_items").collect()
    (raw / "next.txt").write_text(
        RAW.read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8"
    )

    def buggy(*_args, **_kwargs):
        raise ValueError("an ordinary bug in the parser")

    monkeypatch.setattr("pipeline.parse.parse_document", buggy)
    capsys.readouterr()
    assert _ingest(raw, clean) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" in err and "an ordinary bug in the parser" in err
    assert "internal error" in err
    assert store.scan(clean, "line_items").collect().equals(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".clean.lock", "clean", "raw"]


def test_a_record_the_schema_does_not_know_is_a_bug_not_a_bad_document(tmp_path, monkeypatch):
    """An unknown column in a parser's records used to be reported as the document's fault."""
    from pipeline import parse

    real = parse.parse_document

    def with_stray_key(*args, **kwargs):
        parsed = real(*args, **kwargs)
        parsed.records["facts"][0]["shoe_size"] = 42
        return parsed

    monkeypatch.setattr("pipeline.parse.parse_document", with_stray_key)
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW, tmp_path / "raw" / RAW.name)
    with pytest.raises(ValueError, match="shoe_size"):
        ingest(tmp_path / "raw", tmp_path / "clean")
    assert not (tmp_path / "clean").exists()


def test_a_value_too_large_for_its_column_is_still_the_documents_fault(tmp_path):
    """Polars' decimal check rejects it (a PolarsError): the document fails, not the run."""
    text = RAW.read_text(encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text(
        text.replace("5,069.86", "5,069,999,999,999,999.86"), encoding="utf-8"
    )
    result = ingest(raw, tmp_path / "clean")
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{raw / 'doc.txt'}: conversion from")
    assert store.scan(tmp_path / "clean", "documents").collect().height == 0
