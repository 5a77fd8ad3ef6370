"""Small helpers shared by the analyses: exact percentages, table lookups, number formatting.

Why: the documents print percentages rounded half-up to two places and amounts with thousands
separators; recomputing a figure means doing the same with `Decimal`, never float.  Tables
are looked up by role (`pipeline.template.TABLE_ROLES`), never by the number an edition
prints them under.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipeline.schema import DOCUMENT_KEY
from pipeline.template import TABLE_ROLES

AMOUNT = pl.Decimal(18, 2)
PERCENT = pl.Decimal(9, 2)
RATIO = pl.Decimal(18, 4)
HUNDRED = Decimal(100)


class MissingFigure(LookupError):
    """A figure the analysis needs is not in the frames (the document does not give it)."""


def pct(part: Decimal | None, whole: Decimal | None, places: int = 2) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded half-up; None when undefined.

    >>> pct(Decimal("5059.45"), Decimal("5069.86"))
    Decimal('99.79')
    >>> pct(Decimal("1"), Decimal("0")) is None
    True
    """
    if part is None or whole is None or whole == 0:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


def change_pct(current: Decimal | None, prior: Decimal | None) -> Decimal | None:
    """Percentage change from `prior` to `current`; None when prior is 0 or missing.

    >>> change_pct(Decimal("31.50"), Decimal("54.60"))
    Decimal('-42.31')
    """
    if current is None or prior is None:
        return None
    return pct(Decimal(current) - Decimal(prior), prior)


def ratio(
    numerator: Decimal | None, denominator: Decimal | None, places: int = 2
) -> Decimal | None:
    """numerator / denominator rounded half-up; None when undefined.

    >>> ratio(Decimal("163.50"), Decimal("67.33"))
    Decimal('2.43')
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def money(value: Decimal | float | int | None, places: int = 2) -> str:
    """An amount as the documents print it: thousands separators, fixed places; '—' if None.

    >>> money(Decimal("1962"))
    '1,962.00'
    >>> money(None)
    '—'
    """
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,}"


def signed(value: Decimal | None, places: int = 2, suffix: str = "") -> str:
    """A change with its sign, e.g. '+2,072.04' or '−62.01' ('—' if None).

    >>> signed(Decimal("-23.1"), suffix="%")
    '−23.10%'
    """
    if value is None:
        return "—"
    text = money(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text + suffix


def unit_year(frame: pl.DataFrame) -> tuple[str, int]:
    """The (unit, year) of the single document (unit, year, kind) a frame holds;
    ValueError if it holds none or several.

    Analyses of one document call this so that a frame of the whole corpus passed by
    mistake is an error, not a silent sum over units (or over kinds of one unit-year).
    """
    key = [c for c in DOCUMENT_KEY if c in frame.columns]
    docs = frame.select(key).unique()
    if docs.height != 1:
        raise ValueError(
            f"expected the frame of one document, found {docs.height}: {docs.rows()[:5]}"
        )
    row = docs.row(0, named=True)
    return row["unit"], int(row["year"])


def of_table(line_items: pl.DataFrame, role: str) -> pl.DataFrame:
    """The cells of the table playing `role` (e.g. "expenditure_by_function").

    >>> from pipeline.tidy import to_frame
    >>> li = to_frame("line_items", [dict(unit="u", year=2024, kind="budget", table_no=10,
    ...     table_role="sangong", table_title="t", item="合计", measure="合计",
    ...     measure_path="合计", amount=Decimal("31.5"), source="s", line=374)])
    >>> of_table(li, "sangong")["line"].to_list(), of_table(li, "carryover").height
    ([374], 0)
    """
    if role not in TABLE_ROLES:
        raise ValueError(f"no table role {role!r}; the roles are {', '.join(TABLE_ROLES)}")
    return line_items.filter(pl.col("table_role") == role)


def cell(
    line_items: pl.DataFrame,
    role: str,
    *,
    measure: str,
    item: str | None = None,
    code: str | None = None,
) -> dict:
    """The one cell of the table playing `role`, in column `measure`, for a row (by `item`
    or `code`).

    Raises MissingFigure naming what was looked for when the table does not print it.
    """
    rows = of_table(line_items, role).filter(pl.col("measure") == measure)
    if item is not None:
        rows = rows.filter(pl.col("item") == item, pl.col("parent").is_null())
    if code is not None:
        rows = rows.filter(pl.col("code") == code)
    if rows.height == 0:
        raise MissingFigure(f"table {role} has no cell {item or code!r} / {measure!r}")
    if rows.height > 1:
        raise ValueError(
            f"table {role}: {rows.height} cells for {item or code!r} / "
            f"{measure!r} (lines {rows['line'].to_list()})"
        )
    return rows.row(0, named=True)


def total_row(line_items: pl.DataFrame, role: str, measure: str) -> dict:
    """The 总计 (grand total) cell of a table's column: the row without code or parent.

    >>> from pipeline.tidy import to_frame
    >>> li = to_frame("line_items", [dict(unit="u", year=2024, kind="budget", table_no=3,
    ...     table_role="expenditure_by_function", table_title="t", item="总计",
    ...     measure="合计", measure_path="合计", amount=Decimal("5"), source="s", line=9)])
    >>> total_row(li, "expenditure_by_function", "合计")["amount"]
    Decimal('5.00')
    """
    rows = of_table(line_items, role).filter(
        pl.col("measure") == measure,
        pl.col("code").is_null(),
        pl.col("parent").is_null(),
        pl.col("item").is_in(["总计", "合计"]),
    )
    if rows.height != 1:
        raise MissingFigure(
            f"table {role} has {rows.height} 总计 cells in column {measure!r}, expected one"
        )
    return rows.row(0, named=True)


def pct_column(part: str, whole: str | Decimal, name: str) -> pl.Expr:
    """An expression computing `pct(part, whole)` row by row (whole: a column or a constant)."""
    if isinstance(whole, str):
        return (
            pl.struct(part, whole)
            .map_elements(lambda r: pct(r[part], r[whole]), return_dtype=PERCENT)
            .alias(name)
        )
    return pl.col(part).map_elements(lambda v: pct(v, whole), return_dtype=PERCENT).alias(name)
