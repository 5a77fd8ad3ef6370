"""The real document (and edited copies) as clean frames, straight through the parsers."""

from __future__ import annotations

import polars as pl

from pipeline.identities import residuals
from pipeline.parse import parse_document
from pipeline.reader import RawDocument, read_document
from pipeline.tidy import to_frame
from tests.helpers import RAW, edited

SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"


def real_doc() -> RawDocument:
    return read_document(RAW, SOURCE)


def frames_of(doc: RawDocument) -> dict[str, pl.DataFrame]:
    parsed = parse_document(doc)
    return {t: to_frame(t, rows) for t, rows in parsed.records.items()}


def planted(edits: dict[int, tuple[str, str]]) -> pl.DataFrame:
    """Residuals of the real document with text replaced on some lines.

    `edits` maps a line to (old, new); the old text must be on that line, so a test cannot
    silently plant nothing.
    """
    doc = real_doc()
    new = {}
    for number, (old, replacement) in edits.items():
        line = doc.line(number)
        assert line.count(old) == 1, (number, old, line)
        new[number] = line.replace(old, replacement)
    return residuals(frames_of(edited(doc, new)))
