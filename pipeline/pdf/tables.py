"""Ruled tables on a page → rows of cell texts, every character placed in a cell.

pdfplumber finds the tables from their rules ("lines" strategy).  A merged cell covers
positions that have no cell of their own; those are empty cells, as the text dialect writes
them.  Text wrapped inside a cell is joined.  A character inside a table but in none of its
cells would be lost without a trace, so it rejects the page: the table's cells cannot be
found.  Tables printed without vertical rules are found by `pipeline.pdf.columns`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.pdf.chars import Char, block_text
from pipeline.pdf.geometry import Box, centre, contains

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(frozen=True)
class Table:
    """A table as read: where it stands on its page and its rows of cell texts."""

    page: int
    bbox: Box
    rows: tuple[tuple[str, ...], ...]

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def width(self) -> int:
        """Number of columns."""
        return max((len(row) for row in self.rows), default=0)


class CellsNotFound(ValueError):
    """Text inside a table that none of its cells holds: (text, where)."""


def read_table(found: Any, chars: Sequence[Char], page: int) -> Table:
    """A pdfplumber table's rows of cell texts from `chars` (the page's characters).

    Raises CellsNotFound naming the first text in the table that no cell holds.
    """
    bbox: Box = tuple(found.bbox)  # type: ignore[assignment]
    inside = [c for c in chars if contains(bbox, centre(c))]
    placed: set[int] = set()
    rows = []
    for row in found.rows:
        row_chars = [c for c in inside if contains(row.bbox, centre(c))]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("")
                continue
            held = [c for c in row_chars if contains(cell, centre(c)) and id(c) not in placed]
            placed.update(map(id, held))
            cells.append(block_text(held).replace("\t", " "))
        rows.append(tuple(cells))
    lost = [c for c in inside if id(c) not in placed and not c["text"].isspace()]
    if lost:
        text = block_text(lost)
        raise CellsNotFound(text, lost[0])
    return Table(page, bbox, tuple(rows))
