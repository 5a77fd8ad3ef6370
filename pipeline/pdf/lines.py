"""Text outside the tables of a page → printed lines, split where a wide gap parts them,
page-number footers dropped.

`编制单位：…` and `单位：万元` print on one line, far apart: a gap wider than `SPLIT_GAP`
font sizes makes them two lines of text.  Page numbers (`- 3 -`, `— 3 —`, `第3页`) in the
bottom tenth of a page are furniture, not document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.pdf.chars import Char, line_text, printed_lines, size_of

SPLIT_GAP = 4.0
"""A gap wider than this many font sizes splits a printed line in two."""
FOOTER_ZONE = 0.9
"""Page numbers are looked for below this fraction of the page height."""
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]"
    r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|\d+)$"
)


@dataclass(frozen=True)
class Line:
    """A line of text as printed (or one piece of a line parted by a wide gap)."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    piece: bool = False  # one of the pieces of a printed line parted by a wide gap


def is_page_number(text: str) -> bool:
    """Whether a footer line is a page number.

    >>> [is_page_number(t) for t in ("- 3 -", "— 12 —", "第 3 页", "第3页 共40页", "表 3")]
    [True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def _pieces(chars: Sequence[Char]) -> list[list[Char]]:
    """A printed line's characters, left to right, parted at gaps wider than SPLIT_GAP."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    pieces = [[ordered[0]]]
    for char in ordered[1:]:
        if char["x0"] - pieces[-1][-1]["x1"] > SPLIT_GAP * char["size"]:
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return pieces


def text_lines(chars: Sequence[Char], page: int, page_height: float) -> list[Line]:
    """The printed lines of `chars` (upright text outside tables), top to bottom, without
    page-number footers."""
    lines = []
    for printed in printed_lines(
        c for c in chars if c.get("upright", True) and not c["text"].isspace()
    ):
        pieces = _pieces(printed)
        texts = [line_text(piece) for piece in pieces]
        top = min(c["top"] for c in printed)
        if top > FOOTER_ZONE * page_height and is_page_number(" ".join(texts)):
            continue
        bottom = max(c["bottom"] for c in printed)
        for piece, text in zip(pieces, texts, strict=True):  # pieces keep their line's top
            lines.append(
                Line(
                    page,
                    min(c["x0"] for c in piece),
                    max(c["x1"] for c in piece),
                    top,
                    bottom,
                    size_of(piece),
                    text,
                    piece=len(pieces) > 1,
                )
            )
    return lines
