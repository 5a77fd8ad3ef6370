"""Numbers a part prints, found without its template: what the parsers must account for.

Coverage (`pipeline.coverage`) compares these plain scans with what the parsers placed, and
a table that could not be read records exactly these numbers as `unplaced`.  They rely on
the text's form only, never on an edition's declarations, so that a parser that silently
drops a number shows up as a gap between the two.
"""

from __future__ import annotations

import re

from pipeline.text import NUMBER, ZERO_MARKS

_AMOUNT = re.compile(rf"{NUMBER}")
_STARTS = frozenset("0123456789-−—–")


def _is_amount(cell: str) -> bool:
    """Whether a (folded, stripped, non-blank) cell is a number or a zero mark; the first
    character rules most labels out before the pattern is tried."""
    return cell[0] in _STARTS and (cell in ZERO_MARKS or _AMOUNT.fullmatch(cell) is not None)


def amount_cells(cells: list[str]) -> list[tuple[int, str]]:
    """(index, cell) of the amounts of a table row (cells folded and stripped).

    The amounts are the cells after the row's first label — a cell that is neither blank,
    nor a number, nor a zero mark (codes come before it) — that are numbers (any number of
    decimals, with or without thousands separators) or zero marks (-).  A ※ row numbering
    the columns and a line without a label (a page number) have none.

    >>> amount_cells(["301", "01", "基本工资", "405.01", "", "-", "1,962"])
    [(3, '405.01'), (5, '-'), (6, '1,962')]
    >>> amount_cells(["一、本年收入", "5,066.17", "201 一般公共服务支出", "150"])
    [(1, '5,066.17'), (3, '150')]
    >>> amount_cells(["※", "※", "1", "2"]), amount_cells(["12"])
    ([], [])
    """
    found = []
    labelled = False
    for index, cell in enumerate(cells):
        if not cell:
            continue
        if cell == "※":
            return []
        amount = _is_amount(cell)
        if labelled and amount:
            found.append((index, cell))
        elif not amount:
            labelled = True
    return found


def table_amounts(folded: tuple[str, ...], start: int, end: int) -> list[tuple[int, int, str]]:
    """(line, position, cell) of every amount of the table lines `start`–`end` (exclusive),
    `position` counting the line's amounts from 1; `folded` is `folded_cells`."""
    found = []
    for number in range(start, end):
        text = folded[number - 1]
        if "\t" not in text:
            continue  # a row has cells: a title, a note or a page number has none
        cells = [cell.strip() for cell in text.split("\t")]
        found += [
            (number, position, cell)
            for position, (_, cell) in enumerate(amount_cells(cells), start=1)
        ]
    return found
