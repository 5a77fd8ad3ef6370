"""Tables printed with horizontal rules only: their columns taken from the ※ row.

Some disclosures rule only the rows of a table.  pdfplumber's "lines" strategy then finds no
cells.  Such a table shows as a stack of horizontal rules of one width with text between
them; the ※ row under its header numbers every column (※ ※ ※ ※ 1 2 3 …), one mark per
column and centred in it: from the table's left side, each mark's centre gives the next
column edge, and the last edge must close on the table's right side, with no text of the
rows below crossing an edge.  The edges are handed to pdfplumber as explicit vertical lines
for the ※ row and the rows below.  Above it, merged header cells would be cut by those
lines, so the header is read as phrases (a cell's text, wrapped lines kept together, never
across a rule), left to right in each header row: the parser checks the header's words,
not their positions.  When the table has no ※ row, its marks do not close on its right side, or
text crosses an edge, the table is rejected (ColumnsNotFound) — a guessed column would put amounts
in the wrong cells.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from pipeline.pdf.chars import SPACE_GAP, Char, line_text, printed_lines
from pipeline.pdf.geometry import Box, centre, contains, join_wrapped
from pipeline.pdf.tables import Table, read_table

MIN_RULE = 36.0
"""Horizontal strokes shorter than this (points) are not table rules."""
SAME_EDGE = 2.0
"""Rules whose ends are this close (points) belong to one table."""
MAX_ROW = 150.0
"""Rules further apart than this (points) do not bound one row: two tables, or none."""
CLOSE = 2.0
"""How near (points) the columns the ※ marks give must close on the table's right side."""
_MARK = "※"

Stroke = tuple[float, float, float]
"""A horizontal rule: (top, x0, x1)."""


class ColumnsNotFound(ValueError):
    """A table without vertical rules whose columns cannot be derived: (why, top)."""


def _strokes(page: Any, ruled: Sequence[Box]) -> list[Stroke]:
    """Horizontal strokes outside the ruled tables, collinear ones joined."""
    raw = sorted(
        (e["top"], e["x0"], e["x1"])
        for e in page.edges
        if e["orientation"] == "h"
        and not any(contains(box, ((e["x0"] + e["x1"]) / 2, e["top"]), 2) for box in ruled)
    )
    strokes: list[list[float]] = []
    for top, x0, x1 in raw:
        last = strokes[-1] if strokes else None
        if last is not None and abs(top - last[0]) <= 1 and x0 <= last[2] + SAME_EDGE:
            last[2] = max(last[2], x1)
        else:
            strokes.append([top, x0, x1])
    return [(top, x0, x1) for top, x0, x1 in strokes]


def _regions(strokes: Sequence[Stroke]) -> list[tuple[Box, list[float]]]:
    """Stacks of at least three rules of one width close enough to bound rows: each
    table's box and the tops of its full-width rules."""
    groups: list[list[Stroke]] = []
    rules = [s for s in strokes if s[2] - s[1] >= MIN_RULE]
    for rule in sorted(rules, key=lambda r: (round(r[1]), round(r[2]), r[0])):
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and abs(rule[1] - last[1]) <= SAME_EDGE
            and abs(rule[2] - last[2]) <= SAME_EDGE
            and rule[0] - last[0] <= MAX_ROW
        ):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return [
        ((min(r[1] for r in g), g[0][0], max(r[2] for r in g), g[-1][0]), [r[0] for r in g])
        for g in groups
        if len(g) >= 3
    ]


def _runs(chars: Sequence[Char]) -> list[list[Char]]:
    """Runs of glyphs on one printed line without a space-wide gap, top to bottom."""
    runs = []
    for line in printed_lines(chars):
        run: list[Char] = []
        for char in sorted(line, key=lambda c: c["x0"]):
            if run and char["x0"] - run[-1]["x1"] > SPACE_GAP * char["size"]:
                runs.append(run)
                run = []
            run.append(char)
        if run:
            runs.append(run)
    return runs


def _words(chars: Sequence[Char]) -> list[tuple[str, float, float]]:
    """Words of `chars` as (text, x0, x1)."""
    return [("".join(c["text"] for c in run), run[0]["x0"], run[-1]["x1"]) for run in _runs(chars)]


def column_edges(
    marks: Sequence[tuple[str, float, float]],
    below: Sequence[tuple[str, float, float]],
    left: float,
    right: float,
) -> list[float]:
    """Every column edge, outer ones included, from the ※ row's marks, each centred in its
    column: an edge and a mark's centre give the next edge, and the last edge must close on
    the table's right side.  No word of the rows below may cross an edge.

    >>> marks = [("※", 15, 25), ("※", 45, 55), ("1", 78, 82)]
    >>> column_edges(marks, [("201", 22, 38), ("03", 48, 58), ("1.00", 84, 98)], 0, 100)
    [0, 40, 60, 100]
    >>> column_edges(marks, [("01", 55, 65)], 0, 100)
    Traceback (most recent call last):
    ...
    pipeline.pdf.columns.ColumnsNotFound: ("'01' crosses a column edge its ※ row gives", None)
    >>> column_edges(marks[:2], [], 0, 100)
    Traceback (most recent call last):
    ...
    pipeline.pdf.columns.ColumnsNotFound: ('its ※ marks end its columns at x=60, not 100', None)
    """
    edges = [left]
    for _, x0, x1 in marks:
        edges.append(x0 + x1 - edges[-1])
    if abs(edges[-1] - right) > CLOSE:
        raise ColumnsNotFound(
            f"its ※ marks end its columns at x={edges[-1]:.0f}, not {right:.0f}", None
        )
    edges[-1] = right
    if any(not edges[i] < edges[i + 1] for i in range(len(edges) - 1)):
        raise ColumnsNotFound("its ※ row's marks give columns of no width", None)
    crossing = next(
        (word for word in below for edge in edges[1:-1] if word[1] < edge < word[2]), None
    )
    if crossing is not None:
        raise ColumnsNotFound(f"{crossing[0]!r} crosses a column edge its ※ row gives", None)
    return edges


def _ruled_between(strokes: Sequence[Stroke], upper: list[Char], lower: list[Char]) -> bool:
    """Whether a rule runs between two runs of glyphs, one above the other."""
    y0 = max(c["bottom"] for c in upper) - 1
    y1 = min(c["top"] for c in lower) + 1
    x = (max(upper[0]["x0"], lower[0]["x0"]) + min(upper[-1]["x1"], lower[-1]["x1"])) / 2
    return any(y0 <= top <= y1 and x0 <= x <= x1 for top, x0, x1 in strokes)


def header_rows(chars: Sequence[Char], strokes: Sequence[Stroke]) -> list[tuple[str, ...]]:
    """A header without vertical rules as rows of phrases: the runs of glyphs of one cell
    (lines stacked with overlapping extent and no rule between them) joined, placed in the
    row band (between rules) where they begin, left to right."""
    phrases: list[list[list[Char]]] = []
    for run in _runs(chars):
        size = run[0]["size"]
        home = next(
            (
                p
                for p in reversed(phrases)
                if 0 <= run[0]["top"] - p[-1][0]["bottom"] < 0.8 * size
                and run[0]["x0"] < p[-1][-1]["x1"]
                and p[-1][0]["x0"] < run[-1]["x1"]
                and not _ruled_between(strokes, p[-1], run)
            ),
            None,
        )
        if home is None:
            phrases.append([run])
        else:
            home.append(run)
    tops = sorted({top for top, _, _ in strokes})
    rows: dict[int, list[tuple[float, str]]] = {}
    for phrase in phrases:
        band = bisect_right(tops, phrase[0][0]["top"])
        text = join_wrapped(line_text(run) for run in phrase)
        rows.setdefault(band, []).append((min(c["x0"] for run in phrase for c in run), text))
    return [
        tuple(text.replace("\t", " ") for _, text in sorted(rows[band])) for band in sorted(rows)
    ]


def read_open_table(
    page: Any,
    chars: Sequence[Char],
    region: Box,
    rules: Sequence[float],
    strokes: Sequence[Stroke],
    number: int,
) -> Table:
    """One table without vertical rules: header phrases, then the ※ row and the rows below
    in the columns the ※ row gives."""
    bands = [
        [c for c in chars if contains((region[0], top, region[2], bottom), centre(c))]
        for top, bottom in pairwise(rules)
    ]
    marks_at = next(
        (
            index
            for index, band in enumerate(bands)
            if len(words := _words(band)) >= 2
            and any(w[0] == _MARK for w in words)
            and all(w[0] == _MARK or w[0].isdigit() for w in words)
        ),
        None,
    )
    if marks_at is None:
        raise ColumnsNotFound("no ※ row numbering its columns", region[1])
    marks = sorted(_words(bands[marks_at]), key=lambda w: w[1])
    below = _words([c for band in bands[marks_at + 1 :] for c in band])
    try:
        edges = column_edges(marks, below, region[0], region[2])
    except ColumnsNotFound as problem:
        raise ColumnsNotFound(problem.args[0], region[1]) from None
    body = (region[0], rules[marks_at], region[2], region[3])
    found = page.crop((body[0] - 1, body[1] - 1, body[2] + 1, body[3] + 1)).find_tables(
        {
            "vertical_strategy": "explicit",
            "explicit_vertical_lines": edges,
            "horizontal_strategy": "lines",
        }
    )
    if not found:
        raise ColumnsNotFound("no cells between its rules and the columns of its ※ row", region[1])
    grid = read_table(max(found, key=lambda t: len(t.cells)), chars, number)
    if grid.width != len(edges) - 1:
        raise ColumnsNotFound(
            f"{grid.width} cells to a row where its ※ row numbers {len(edges) - 1} columns",
            region[1],
        )
    head_box = (region[0], region[1], region[2], rules[marks_at])
    head = header_rows(
        [c for c in chars if contains(head_box, centre(c))],
        [
            s
            for s in strokes
            if region[1] - 1 <= s[0] <= rules[marks_at] + 1
            and s[1] >= region[0] - SAME_EDGE
            and s[2] <= region[2] + SAME_EDGE
        ],
    )
    return Table(number, region, (*head, *grid.rows))


def open_tables(page: Any, chars: Sequence[Char], ruled: Sequence[Box], number: int) -> list[Table]:
    """The tables of a page that are printed without vertical rules; raises
    ColumnsNotFound or tables.CellsNotFound when one cannot be read faithfully."""
    strokes = _strokes(page, ruled)
    return [
        read_open_table(page, chars, region, rules, strokes, number)
        for region, rules in _regions(strokes)
        if any(contains(region, centre(c)) for c in chars)
    ]
