"""What a part could not read becomes `unplaced` rows: the rest of the document still lands.

A parser that cannot place something — a table whose header does not fit, a sentence no
rule reads, a project block with an unknown label — gives up on that piece only: a table,
a narrative sentence, a project block, a performance table, the headcount sentence.  Every
number the piece prints becomes one `unplaced` row (the part and its role, the line, the
number as printed, the text around it and why it was not read), so nothing is dropped and
nothing is guessed; the document is then `partial`.  A piece that prints no number still
leaves one row (its figure null), so that no failure is silent.

Each parser takes `strict`: strict (the default when a parser is called by itself), the
first piece it cannot read raises its ParseError — how a template author finds what is
still to declare; `parse_document` parses leniently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from pipeline.errors import ParseError

TEXT_CHARS = 200
"""At most this much of the line around a number goes into `unplaced.text`."""

_FIGURE = re.compile(r"(?<![\d.,])\d(?:[\d,.]*\d)?(?!\d)(?!\s*(?:年|月|日|号))")
"""A number-like run that is not a date or a designation (2024 年, 1 号楼)."""


class Unread(NamedTuple):
    """A piece a parser could not read: why, and its numbers as `unplaced` rows."""

    error: ParseError
    rows: list[dict]


def why(error: ParseError) -> str:
    """The reason an `unplaced` row gives: what was expected where (the file aside).

    >>> why(ParseError("a.txt", 12, "an amount like 1,234.56", "12,3"))
    "line 12: expected an amount like 1,234.56, found '12,3'"
    """
    where = f"line {error.line}: " if error.line else ""
    found = "" if error.found is None else f", found {excerpt(error.found)!r}"
    return f"{where}expected {error.expected}{found}"


def excerpt(text: str, start: int = 0, end: int | None = None, width: int = TEXT_CHARS) -> str:
    """At most `width` characters of `text` around `text[start:end]` (the number).

    >>> excerpt("a" * 300 + "42" + "b" * 300, 300, 302)[97:101]
    'aa42'
    >>> len(excerpt("x" * 1000))
    200
    """
    end = start if end is None else end
    if len(text) <= width:
        return text
    left = max(0, min(start - (width - (end - start)) // 2, len(text) - width))
    return text[left : left + width]


def row(
    part: str,
    role: str | None,
    line: int,
    position: int,
    figure: str | None,
    text: str,
    reason: str,
) -> dict:
    """One `unplaced` row (the document's key and source are stamped later)."""
    return {
        "part": part,
        "role": role,
        "line": line,
        "position": position,
        "figure": figure,
        "text": text,
        "why": reason,
    }


def figures_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every number-like run of a line but dates and designations.

    >>> [f for *_, f in figures_of("租赁 5 辆车辆，共计 25.7 万元，2024 年 1 月，1 号楼")]
    ['5', '25.7']
    """
    return [(m.start(), m.end(), m.group()) for m in _FIGURE.finditer(text)]


def line_rows(
    part: str, role: str | None, lines: Iterable[tuple[int, str]], error: ParseError
) -> list[dict]:
    """`unplaced` rows for every number of `lines` ((number, text)) a piece could not read;
    one row without a figure when they print none."""
    reason = why(error)
    rows = []
    for number, text in lines:
        text = text.replace("\t", " ").strip()
        for position, (start, end, figure) in enumerate(figures_of(text), start=1):
            rows.append(
                row(part, role, number, position, figure, excerpt(text, start, end), reason)
            )
    return rows or [nothing_read(part, role, error)]


def nothing_read(part: str, role: str | None, error: ParseError) -> dict:
    """The row of a piece that prints no number: its figure is null, its line the error's."""
    found = excerpt(error.found or "")
    return row(part, role, error.line or 0, 0, None, found, why(error))


def settle(unread: list[Unread], strict: bool) -> list[dict]:
    """The `unplaced` rows of what a parser could not read; strict, the first piece's
    ParseError (by line) is raised instead."""
    if strict and unread:
        raise min(unread, key=lambda u: u.error.line or 0).error
    return [r for piece in unread for r in piece.rows]
