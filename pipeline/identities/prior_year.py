"""Prior-year figures derived from the narrative (amount − change) must agree.

The narrative never prints last year's budget, but every year-on-year sentence implies
it.  Sums that hold this year hold last year too, so the derived figures must add up.
Each derived figure rests on two printed numbers (±0.005 each), so the tolerance is
0.01 × the number of derived figures on both sides.  Declared as data in `PRIOR`: check,
formula, the reported (section role, subjects) and the calculated (section role,
subjects); a subject "*项" stands for every 项 (7-digit code) sentence of the section.
A check applies where the document's edition declares both sections (`needs`); its
formula prints in the document's section numerals.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.identities.editions import (
    DOC,
    Needs,
    documents_of,
    formula_by_document,
    render,
)
from pipeline.identities.evaluate import RESIDUAL_SCHEMA, empty_residuals

Side = tuple[str, tuple[str, ...]]

PRIOR: list[tuple[str, str, Side, Side]] = [
    (
        "prior.items_eq_basic_plus_project",
        "上年 Σ 项 (说明 {§general_budget}) = 上年 基本支出 + 项目支出 (说明 {§general_budget})",
        ("general_budget", ("*项",)),
        ("general_budget", ("基本支出", "项目支出")),
    ),
    (
        "prior.gpb_spending_eq_gpb_income",
        "上年 基本支出 + 项目支出 (说明 {§general_budget}) = 上年 一般公共预算 + 上级转移支付 "
        "(说明 {§income})",
        ("general_budget", ("基本支出", "项目支出")),
        ("income", ("一般公共预算", "上级一般公共预算安排的转移支付资金")),
    ),
    (
        "prior.spending_eq_income",
        "上年 基本支出 + 项目支出 (说明 {§expenditure}) = 上年 收入 (说明 {§income})",
        ("expenditure", ("基本支出", "项目支出")),
        ("income", ("*",)),
    ),
    (
        "prior.sangong_eq_parts",
        "上年 三公 = Σ its four parts (说明 {§sangong})",
        ("sangong", ("财政拨款“三公”经费",)),
        ("sangong", ("因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费")),
    ),
]

_STEP = Decimal("0.01")


def needs() -> dict[str, Needs]:
    """The section roles each prior-year check reads."""
    return {check: Needs.of(sections=(lhs[0], rhs[0])) for check, _f, lhs, rhs in PRIOR}


def _pick(changes: pl.DataFrame, side: Side) -> pl.DataFrame:
    section, subjects = side
    rows = changes.filter(pl.col("section_role") == section)
    if subjects == ("*项",):
        rows = rows.filter(pl.col("code").str.len_chars() == 7)
    elif subjects != ("*",):
        # a subject the narrative does not mention (未安排) is zero on both years
        rows = rows.filter(pl.col("subject").is_in(subjects))
    return rows


def _side(rows: pl.DataFrame, name: str) -> pl.DataFrame:
    """Per document: the sum of the derived figures, how many, the first sentence."""
    return rows.group_by(DOC).agg(
        pl.col("prior").sum().alias(f"{name}_sum"),
        pl.len().alias(f"{name}_n"),
        pl.col("_order").min().alias(f"{name}_first"),
        pl.col("line").alias(f"{name}_lines"),
    )


def _one_check(
    changes: pl.DataFrame, docs: pl.DataFrame, check: str, formula: str, lhs: Side, rhs: Side
) -> pl.DataFrame:
    both = _side(_pick(changes, lhs), "l").join(
        _side(_pick(changes, rhs), "r"), on=DOC, how="full", coalesce=True
    )
    first = changes.select("_order", "source", "line")
    both = (
        both.with_columns(_first=pl.coalesce("l_first", "r_first"))
        .join(first, left_on="_first", right_on="_order", how="left")
        .join(formula_by_document(formula, docs), on=DOC, how="left", nulls_equal=True)
    )
    printed = pl.col("formula").fill_null(render(formula, None))
    missing = pl.col("l_n").is_null() | pl.col("r_n").is_null()
    rep, calc = pl.col("l_sum"), pl.col("r_sum")
    tol = (pl.col("l_n").fill_null(0) + pl.col("r_n").fill_null(0)).cast(
        pl.Decimal(18, 4)
    ) * pl.lit(_STEP, pl.Decimal(18, 4))
    lines = (
        pl.concat_list(pl.col("l_lines").fill_null([]), pl.col("r_lines").fill_null([]))
        .list.unique()
        .list.sort()
        .cast(pl.List(pl.String))
        .list.join(", ")
    )
    return both.select(
        pl.lit(check).alias("check"),
        pl.lit("prior").alias("family"),
        pl.lit("failure").alias("severity"),
        "unit",
        "year",
        "kind",
        pl.lit("").alias("instance"),
        status=pl.when(missing)
        .then(pl.lit("not_evaluated"))
        .when((rep - calc).abs() <= tol)
        .then(pl.lit("pass"))
        .otherwise(pl.lit("fail")),
        reported=pl.when(~missing).then(rep),
        calculated=pl.when(~missing).then(calc),
        difference=pl.when(~missing).then(rep - calc),
        tolerance=pl.when(~missing).then(tol),
        source="source",
        line="line",
        detail=pl.when(missing)
        .then(pl.concat_str(pl.lit("not evaluated: "), printed, pl.lit(": a sentence is missing")))
        .otherwise(
            pl.concat_str(
                printed,
                pl.lit(": "),
                rep.cast(pl.String),
                pl.lit(" vs "),
                calc.cast(pl.String),
                pl.lit(", from lines "),
                lines,
            )
        ),
    ).cast(dict(RESIDUAL_SCHEMA))  # type: ignore[arg-type]


def prior_residuals(changes: pl.DataFrame | None, docs: pl.DataFrame | None = None) -> pl.DataFrame:
    """One residual per declared prior-year sum, per document with such sentences.

    Each declared sum is one group-by over all documents (exact decimal sums).  `docs`
    (`editions.documents_of`) names each document's edition, in whose numerals the
    formulas print.
    """
    if changes is None or changes.is_empty():
        return empty_residuals()
    docs = documents_of({}) if docs is None else docs
    changes = changes.with_row_index("_order").with_columns(
        prior=pl.col("amount") - pl.col("change")
    )
    return pl.concat([_one_check(changes, docs, *decl) for decl in PRIOR])
