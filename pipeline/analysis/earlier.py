"""A document's prior-year figures set against the same unit's document for the year before.

A disclosure states last year's budget only through its 比上年 sentences (prior = amount −
change).  When the corpus holds the unit's document for year − 1 (same kind), that document
printed those figures itself, and the two can disagree: a budget revised between the two
publications, or an error in one of them.  `compare` puts them side by side:

- the panel's measures with a prior (total, basic, project, 三公, 机关运行经费) through
  `across.consecutive_years`, the one definition the across-units page uses; the earlier
  figure is what the panel reads first (a table cell before a narrative figure);
- every other 比上年 sentence (functional 项, 三公 parts, income sources, economic 款 …)
  against the earlier document's sentence about the same subject in the same section role,
  or, when it has none, its table row: of the same code (general-budget or economic
  table), of the same 三公 part (the 三公 table; a printed table without the row says 0),
  the general budget's 基本支出/项目支出 (its total row).

The verdict is in the identities' vocabulary (`pipeline.identities.evaluate.STATUSES`):
`pass` within the identities' rounding tolerance (0.005 万元 per printed figure behind the
stated prior: amount and change of each sentence), `warn` beyond it (worth reading: it does
not say which document is wrong), `not_evaluated` when either side is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import polars as pl

from pipeline.analysis import across
from pipeline.analysis.common import (
    AMOUNT,
    MissingFigure,
    money,
    of_table,
    signed,
    total_row,
    unit_year,
)
from pipeline.analysis.present import esc
from pipeline.identities.evaluate import RESIDUAL_DTYPE
from pipeline.views import build
from pipeline.views.panel import MEASURES, SANGONG

__all__ = [
    "COMPARISON_SCHEMA",
    "compare",
    "disagreements",
    "earlier_priors",
    "side_by_side",
    "summary",
]

COMPARISON_SCHEMA = {
    "figure": pl.String,
    "measure": pl.String,
    "section_role": pl.String,
    "subject": pl.String,
    "code": pl.String,
    "stated_prior": AMOUNT,
    "stated_line": pl.Int32,
    "earlier_amount": AMOUNT,
    "earlier_in": pl.String,
    "earlier_line": pl.Int32,
    "earlier_source": pl.String,
    "difference": AMOUNT,
    "tolerance": RESIDUAL_DTYPE,
    "status": pl.String,
}
"""One row per prior-year figure: `figure` names it for readers, `measure` is the panel
measure (null for a sentence outside the panel); `stated_prior` is this document's (amount −
change, line `stated_line`), `earlier_amount` the earlier document's (read from
`earlier_in`, line `earlier_line` of `earlier_source`); difference = stated − earlier."""

_ORDER = {"fail": 0, "warn": 1, "not_evaluated": 2, "pass": 3}
_PANEL = [m for m in MEASURES if m.prior is not None]
_IN_PANEL = {(m.prior[0], part) for m in _PANEL for part in m.prior[1].split("+")}  # type: ignore[index]
GENERAL = "general_budget_by_function"
_CODE_TABLES = (("2", GENERAL), ("3", "basic_by_economic_class"))
_TABLES = ("documents", "tables", "line_items", "narrative_changes", "facts")


def _row(figure, measure, role, subject, code, stated, line, found, sentences) -> dict:
    amount, where, at, source = found if found else (None, None, None, None)
    difference = None if stated is None or amount is None else stated - amount
    tolerance = across.prior_tolerance(sentences)
    return {
        "figure": figure,
        "measure": measure,
        "section_role": role,
        "subject": subject,
        "code": code,
        "stated_prior": stated,
        "stated_line": line,
        "earlier_amount": amount,
        "earlier_in": where,
        "earlier_line": at,
        "earlier_source": source,
        "difference": difference,
        "tolerance": tolerance,
        "status": across.prior_verdict(difference, tolerance),
    }


def _panel_rows(now: Mapping[str, pl.DataFrame], before: Mapping[str, pl.DataFrame]) -> list:
    """The panel measures: `across.consecutive_years` on the two documents, with where each
    side was read (`unit_year_measures`)."""
    both = {
        name: pl.concat([now[name], before[name]], how="vertical_relaxed")
        for name in _TABLES
        if name in now and name in before
    }
    _, year = unit_year(now["documents"])
    pairs = across.consecutive_years(across.measures(both)).filter(pl.col("year") == year)
    long = build("unit_year_measures", both)
    earlier = {
        r["measure"]: r for r in long.filter(pl.col("year") == year - 1).iter_rows(named=True)
    }
    later = {r["measure"]: r for r in long.filter(pl.col("year") == year).iter_rows(named=True)}
    described = {m.name: m for m in _PANEL}
    rows = []
    for pair in pairs.iter_rows(named=True):
        name = pair["measure"]
        role, subject = described[name].prior  # type: ignore[misc]
        printed = earlier[name]
        found = (
            None
            if pair["printed"] is None
            else (pair["printed"], printed["stated_in"], printed["line"], printed["source"])
        )
        rows.append(
            _row(
                across.LABELS[name].removesuffix(" (万元)"),
                name,
                role,
                subject,
                None,
                pair["stated_prior"],
                later[name]["prior_line"],
                found,
                len(subject.split("+")),
            )
        )
    return rows


def _first(changes: pl.DataFrame) -> pl.DataFrame:
    """One sentence per (section role, subject, code): the first printed."""
    return changes.sort("line").unique(
        ["section_role", "subject", "code"], keep="first", maintain_order=True
    )


def _earlier_by_code(line_items: pl.DataFrame, code: str) -> tuple | None:
    for head, role in _CODE_TABLES:
        if code.startswith(head):
            rows = line_items.filter(
                pl.col("table_role") == role, pl.col("code") == code, pl.col("measure") == "合计"
            ).sort("line")
            if rows.height:
                row = rows.row(0, named=True)
                return row["amount"], f"table:{role}", row["line"], row["source"]
    return None


def _earlier_by_subject(before: Mapping[str, pl.DataFrame], role: str, subject: str):
    """A sentence's subject in the earlier document's tables: a 三公 part in the 三公 table
    (a printed table without its row says 0, as the panel reads a blank), 基本支出 or
    项目支出 of the general budget in that table's total row."""
    items = before["line_items"]
    if role == "sangong":
        rows = of_table(items, "sangong").filter(
            pl.col("item") == subject, pl.col("measure") == "合计"
        )
        if rows.height:
            row = rows.sort("line").row(0, named=True)
            return row["amount"], "table:sangong", row["line"], row["source"]
        printed = before["tables"].filter(pl.col("table_role") == "sangong")
        if printed.height and subject != SANGONG:
            row = printed.row(0, named=True)
            return Decimal(0), "table:sangong:blank", row["line"], row["source"]
    if role == "general_budget" and subject in ("基本支出", "项目支出"):
        try:
            row = total_row(items, GENERAL, subject)
        except MissingFigure:
            return None
        return row["amount"], f"table:{GENERAL}", row["line"], row["source"]
    return None


def _sentence_rows(now: Mapping[str, pl.DataFrame], before: Mapping[str, pl.DataFrame]) -> list:
    """Every 比上年 sentence outside the panel, against the earlier document's."""
    said = {
        (r["section_role"], r["subject"], r["code"]): r
        for r in _first(before["narrative_changes"]).iter_rows(named=True)
    }
    rows = []
    for r in _first(now["narrative_changes"]).iter_rows(named=True):
        if (r["section_role"], r["subject"]) in _IN_PANEL:
            continue
        then = said.get((r["section_role"], r["subject"], r["code"]))
        if then is not None:
            found = (
                then["amount"],
                f"narrative:{then['section_role']}",
                then["amount_line"] or then["line"],
                then["source"],
            )
        elif r["code"]:
            found = _earlier_by_code(before["line_items"], r["code"])
        else:
            found = _earlier_by_subject(before, r["section_role"], r["subject"])
        prior = r["prior_amount"] if r["prior_amount"] is not None else r["amount"] - r["change"]
        figure = f"{r['code']} {r['subject']}" if r["code"] else r["subject"]
        rows.append(
            _row(
                figure,
                None,
                r["section_role"],
                r["subject"],
                r["code"],
                prior,
                r["line"],
                found,
                1,
            )
        )
    return rows


def compare(
    now: Mapping[str, pl.DataFrame], before: Mapping[str, pl.DataFrame] | None
) -> pl.DataFrame:
    """This document's prior-year figures against the earlier document's (`COMPARISON_SCHEMA`).

    `now` and `before` are the clean frames of one document each (`load_unit_year`), `before`
    the same unit's document of the same kind for year − 1, or None when the corpus holds
    none (the result is then empty).  Rows: the panel measures first, then the sentences in
    the order printed; `disagreements` puts the ones that differ first.
    """
    if before is None:
        return pl.DataFrame(schema=COMPARISON_SCHEMA)
    unit, year = unit_year(now["documents"])
    then_unit, then_year = unit_year(before["documents"])
    kinds = {now["documents"]["kind"].item(), before["documents"]["kind"].item()}
    if (then_unit, then_year) != (unit, year - 1) or len(kinds) != 1:
        raise ValueError(
            f"the earlier document must be {unit!r} {year - 1} of the same kind, "
            f"not {then_unit!r} {then_year} ({', '.join(sorted(kinds))})"
        )
    rows = _panel_rows(now, before) + _sentence_rows(now, before)
    return pl.DataFrame(rows, schema=COMPARISON_SCHEMA)


def disagreements(comparison: pl.DataFrame) -> pl.DataFrame:
    """The comparison with the figures that differ first (warn, then not evaluated, then
    pass), the largest difference first within each."""
    return comparison.sort(
        pl.col("status").replace_strict(_ORDER, return_dtype=pl.Int8),
        pl.col("difference").abs(),
        descending=[False, True],
        nulls_last=True,
        maintain_order=True,
    )


def earlier_priors(comparison: pl.DataFrame) -> dict[str, tuple[Decimal, int]]:
    """Code → (the earlier document's amount, its line) for the coded figures it gives: the
    prior year as printed, for charts that should show it instead of amount − change."""
    rows = comparison.filter(pl.col("code").is_not_null(), pl.col("earlier_amount").is_not_null())
    return {r["code"]: (r["earlier_amount"], r["earlier_line"]) for r in rows.iter_rows(named=True)}


def summary(comparison: pl.DataFrame, before: Mapping[str, pl.DataFrame] | None, year: int) -> str:
    """One paragraph: which earlier document was used, and how many figures agree.

    >>> summary(pl.DataFrame(schema=COMPARISON_SCHEMA), None, 2024)[:60]
    'The corpus holds no document of this unit for 2023, so the p'
    """
    if before is None:
        return (
            f"The corpus holds no document of this unit for {year - 1}, so the prior year is "
            "as this document states it (amount − change of each 比上年 sentence); add the "
            f"{year - 1} document to data/raw to check those figures against it."
        )
    source = before["documents"]["source"].item()
    counts = dict(comparison.group_by("status").len().iter_rows())
    text = (
        f"The {year - 1} document of this unit ({esc(source)}) printed the prior year itself: "
        f"of the {comparison.height} prior-year figures this document states, "
        f"{counts.get('pass', 0)} agree with it, **{counts.get('warn', 0)} differ** and "
        f"{counts.get('not_evaluated', 0)} cannot be compared (no sentence of the earlier "
        "document about the same subject, and no table row of the same code)."
    )
    worst = disagreements(comparison).filter(pl.col("status") == "warn")
    if worst.height:
        w = worst.row(0, named=True)
        text += (
            f" The largest: {esc(w['figure'])}, stated as {money(w['stated_prior'])} 万元 (line "
            f"{w['stated_line']}) but printed as {money(w['earlier_amount'])} 万元 in "
            f"{year - 1} (line {w['earlier_line']}), {signed(w['difference'])} 万元."
        )
    return text


STATED = "上年 as this document states it (比上年)"
PRINTED = "上年 as the earlier document prints it"


def side_by_side(comparison: pl.DataFrame) -> pl.DataFrame:
    """For a chart: the panel measures and every figure that differs, each as two bars
    (`STATED`, `PRINTED`) with the line and source each was read from.

    Columns: figure, side, amount, line, source.  Figures missing on either side are left
    out (the table lists them).
    """
    shown = comparison.filter(
        pl.col("measure").is_not_null() | (pl.col("status") == "warn"),
        pl.col("earlier_amount").is_not_null(),
        pl.col("stated_prior").is_not_null(),
    )
    stated = shown.select(
        "figure",
        pl.lit(STATED).alias("side"),
        pl.col("stated_prior").alias("amount"),
        pl.col("stated_line").cast(pl.String).alias("line"),
        pl.lit("this document").alias("source"),
    )
    printed = shown.select(
        "figure",
        pl.lit(PRINTED).alias("side"),
        pl.col("earlier_amount").alias("amount"),
        pl.col("earlier_line").cast(pl.String).alias("line"),
        pl.col("earlier_source").alias("source"),
    )
    return pl.concat([stated, printed])
