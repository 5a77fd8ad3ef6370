"""Lines folded once per document read the same as folding each cell or line on its own."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.parse.sections import folded_cells, folded_lines
from pipeline.reader import RawDocument, read_document
from pipeline.text import fold, fold_text

REAL = (
    Path(__file__).resolve().parents[2] / "data" / "raw" / ("kashgar-admin-office_2024_budget.txt")
)

_FULL_WIDTH = str.maketrans("0123456789,.:()%", "０１２３４５６７８９，．：（）％")


@pytest.fixture(scope="module", params=["as printed", "full-width"])
def doc(request) -> RawDocument:
    doc = read_document(REAL)
    if request.param == "full-width":
        lines = tuple(line.translate(_FULL_WIDTH) for line in doc.lines)
        doc = RawDocument(doc.source, lines, doc.sha256, doc.encoding)
    return doc


def test_folded_line_splits_into_the_folded_cells(doc):
    for line, folded in zip(doc.lines, folded_cells(doc), strict=True):
        assert folded.split("\t") == [fold(cell) for cell in line.split("\t")]


def test_folded_lines_are_stripped_folds(doc):
    assert folded_lines(doc) == tuple(fold(line).strip() for line in doc.lines)
    assert any("\t" in line for line in folded_cells(doc))  # the tables are there


def test_whole_text_fold_is_each_line_folded():
    # compatibility characters (㎡, ①, ﬁ, half-width katakana) take the NFKC branch of
    # fold_text; full-width forms and the ideographic space the narrowing one
    lines = ["面积 １２０㎡", "①\t２，０００．５０", "ﬁ\u3000ｶﾞ", "", "plain 1.00", "（一）项目"]
    for chosen in (lines, lines[1:3], lines[4:], [lines[0], lines[5]]):
        assert fold_text("\n".join(chosen)).split("\n") == [fold(line) for line in chosen]
    assert fold_text("ascii\tonly") == "ascii\tonly"


def test_ascii_is_returned_as_is():
    assert fold("1,234.56\t-7") == "1,234.56\t-7"
    assert fold("１，２３４．５６") == "1,234.56"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def test_fold_is_nfkc_for_every_character_next_to_full_width_forms():
    # fold skips composing when only full-width ASCII forms stand in the way; any character
    # that composes, decomposes or reorders must still come out as NFKC has it
    for code in range(0x80, 0x30000, 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        for text in (char, "Ａ" + char, "，" + char + "\u0301", char + "\u3099ｅ"):
            assert fold(text) == nfkc(text), hex(code)
    fold.cache_clear()
