"""PDFs the converter must not read: each is a clear error naming the file (and the page
where there is one), returned within the limits by a child process — never a hang, a crash
of the run or plausible text."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from pipeline.pdf import LimitExceeded, Limits, PdfError, convert_isolated, convert_many
from tests.pdf import handmade

LIMITS = Limits(seconds=60, memory_mb=1024)
HELLO = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"


def rejection(path: Path, limits: Limits = LIMITS) -> tuple[PdfError, float]:
    """The error converting `path` in a child raises, and the seconds it took."""
    start = time.monotonic()
    with pytest.raises(PdfError) as caught:
        convert_isolated(path, f"data/raw/{path.name}", limits)
    return caught.value, time.monotonic() - start


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_scanned_page_says_ocr_is_not_supported(printed):
    error, _ = rejection(printed["scanned"])
    assert error.page == 1
    assert str(error).startswith("data/raw/scanned.pdf, page 1: expected a text layer")
    assert "OCR is not supported" in str(error)


def test_pdf_that_needs_a_password_is_rejected(tmp_path):
    error, _ = rejection(written(tmp_path, "locked.pdf", handmade.encrypted(HELLO, b"secret")))
    assert "expected a PDF that opens without a password" in str(error)
    assert "encrypted" in str(error)


def test_pdf_encrypted_with_an_owner_password_only_is_read(tmp_path):
    """Copy-protected disclosures (owner password, empty user password) open for anyone."""
    path = written(tmp_path, "protected.pdf", handmade.encrypted(HELLO, b""))
    assert convert_isolated(path, "protected.pdf", LIMITS).text.strip() == "Hello"


def test_font_without_tounicode_is_not_trusted(printed, tmp_path):
    """The TrueType embedding with its ToUnicode maps renamed away: pdfminer would still
    return text (from the font's own cmap), but nothing says it is the document's."""
    data = printed["shipped-truetype"].read_bytes()
    assert data.count(b"/ToUnicode") >= 1
    path = written(tmp_path, "no-tounicode.pdf", data.replace(b"/ToUnicode", b"/ToUnicodX"))
    error, _ = rejection(path)
    assert error.page == 1
    assert "Identity encoding and no ToUnicode map" in str(error)


def test_glyph_its_tounicode_does_not_map_is_not_guessed(tmp_path):
    error, _ = rejection(written(tmp_path, "partial.pdf", handmade.partial_tounicode()))
    assert error.page == 1
    assert "expected characters that map to Unicode, found 'glyph (cid:66) of font Partial'" in str(
        error
    )


def test_truncated_pdf_is_rejected(printed, tmp_path):
    data = printed["shipped-truetype"].read_bytes()
    error, _ = rejection(written(tmp_path, "cut.pdf", data[: len(data) * 6 // 10]))
    assert "expected a PDF ending with %%EOF, found 'a truncated file'" in str(error)


@pytest.mark.parametrize(
    "data, found",
    [
        (b"%PDF-1.4\n" + b"\x00garbage " * 200 + b"\n%%EOF\n", "a well-formed PDF"),
        (b"\xe8\xa1\xa8 1\t\xe5\x90\x88\xe8\xae\xa1\n", "no PDF header"),
    ],
)
def test_malformed_file_is_rejected(tmp_path, data, found):
    error, _ = rejection(written(tmp_path, "bad.pdf", data))
    assert found in str(error)


def test_table_whose_cells_cannot_be_found_is_rejected(tmp_path):
    error, _ = rejection(written(tmp_path, "cells.pdf", handmade.cell_less_table()))
    assert error.page == 1
    assert "'99.99'" in str(error) and "the table's cells cannot be found" in str(error)


def test_table_without_vertical_rules_or_numbered_columns_is_rejected(printed):
    """Never misplaced cells: table 1 has no ※ row to take its columns from."""
    error, _ = rejection(printed["shipped-unruled"])
    assert error.page == 5  # 表 1, after the cover, the contents and the profile
    assert "printed without vertical rules: no ※ row numbering its columns" in str(error)


def test_page_tree_bomb_is_rejected_before_its_pages_are_walked(tmp_path):
    error, seconds = rejection(written(tmp_path, "pages.pdf", handmade.page_tree_bomb()))
    assert "expected at most 1,000 pages, found 'a page tree claiming 10,000,000 pages'" in str(
        error
    )
    assert seconds < 30


def test_nesting_bomb_is_rejected(tmp_path):
    error, _ = rejection(written(tmp_path, "nested.pdf", handmade.nested(100_000)))
    assert "expected objects nested at most 100 deep" in str(error)


def test_decompression_bomb_meets_the_memory_limit(tmp_path):
    path = written(tmp_path, "inflate.pdf", handmade.decompression_bomb())
    error, _ = rejection(path, Limits(seconds=120, memory_mb=300))
    assert isinstance(error, LimitExceeded)
    assert "within 300 MiB" in str(error)


def test_slow_pdf_meets_the_time_limit_and_its_process_is_killed(tmp_path):
    path = written(tmp_path, "slow.pdf", handmade.decompression_bomb())
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    error, seconds = rejection(path, Limits(seconds=3, memory_mb=4096))
    assert isinstance(error, LimitExceeded)
    assert "a PDF still converting at the time limit" in str(error)
    assert seconds < 3 + 10  # the limit, and starting and killing the child
    time.sleep(0.5)
    left = {
        p.pid
        for p in psutil.Process().children(recursive=True)
        if p.status() != psutil.STATUS_ZOMBIE
    } - before
    assert not any("pdf-convert" in " ".join(psutil.Process(pid).cmdline()) for pid in left)


def test_one_bad_pdf_does_not_stop_the_others(tmp_path):
    good = written(tmp_path, "good.pdf", handmade.pdf_bytes(handmade.one_page(HELLO)))
    bad = written(tmp_path, "bad.pdf", handmade.nested(1_000))
    results = list(
        convert_many([(bad, "bad.pdf"), (good, "good.pdf"), (bad, "bad2.pdf")], LIMITS, workers=2)
    )
    assert [type(r).__name__ for r in results] == ["PdfError", "Conversion", "PdfError"]
    assert results[1].text.strip() == "Hello"
    assert str(results[2]).startswith("bad2.pdf")
