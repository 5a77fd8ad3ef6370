"""Characters → text: lines of characters, words apart where the gap is wide, wrapped lines
joined.

PDFs rarely draw spaces: a space is a gap between two glyphs.  A gap wider than
`SPACE_GAP` times the font size is a space (0.24 em for a space in Noto CJK, 0.31 in
WenQuanYi; glyphs of one word sit within 0.02 em), so that "1 3.69 万元" stays two numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from statistics import median
from typing import Any

from pipeline.pdf.geometry import join_wrapped

Char = Mapping[str, Any]
SPACE_GAP = 0.15
"""A gap between glyphs wider than this many font sizes is a space."""


def size_of(chars: Sequence[Char]) -> float:
    """The font size of a run of characters (their median)."""
    return float(median(c["size"] for c in chars)) if chars else 0.0


def line_text(chars: Sequence[Char]) -> str:
    """The characters of one printed line, left to right, with spaces at wide gaps.

    >>> def glyph(text, x0, x1): return {"text": text, "x0": x0, "x1": x1, "size": 10.0}
    >>> line_text([glyph("1", 0, 5), glyph("3", 8, 13), glyph(".", 13, 15), glyph("6", 15, 20)])
    '1 3.6'
    """
    text = ""
    previous: Char | None = None
    for char in sorted(chars, key=lambda c: c["x0"]):
        if char["text"].isspace():
            continue
        if previous is not None and char["x0"] - previous["x1"] > SPACE_GAP * char["size"]:
            text += " "
        text += char["text"]
        previous = char
    return text


def printed_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines, top to bottom: a character joins the line
    whose first character's top is within half its font size.

    >>> rows = printed_lines([{"top": 20.4, "size": 10}, {"top": 5, "size": 10},
    ...                       {"top": 20, "size": 10}])
    >>> [[c["top"] for c in row] for row in rows]
    [[5], [20, 20.4]]
    """
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c["top"]):
        if lines and char["top"] - lines[-1][0]["top"] <= 0.5 * char["size"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def block_text(chars: Iterable[Char]) -> str:
    """The text of a block of characters (a table cell): its lines joined as wrapped text.

    >>> def glyph(text, x0, top): return {"text": text, "x0": x0, "x1": x0 + 9, "top": top,
    ...                                   "size": 9.0}
    >>> block_text([glyph("码", 0, 20), glyph("功", 0, 10), glyph("能", 9, 10)])
    '功能码'
    """
    return join_wrapped(line_text(line) for line in printed_lines(chars))
