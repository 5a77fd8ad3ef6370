"""Lines folded once per document read the same as folding each cell or line on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parse.sections import folded_cells, folded_lines
from pipeline.reader import RawDocument, read_document
from pipeline.text import fold

REAL = Path(__file__).resolve().parents[2] / "data" / "raw" / (
    "kashgar-admin-office_2024_budget.txt")

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


def test_ascii_is_returned_as_is():
    assert fold("1,234.56\t-7") == "1,234.56\t-7"
    assert fold("１，２３４．５６") == "1,234.56"
