"""Prior-year figures derived from the narrative (amount − change) must agree.

The narrative never prints last year's budget, but every year-on-year sentence implies
it.  Sums that hold this year hold last year too, so the derived figures must add up.
Each derived figure rests on two printed numbers (±0.005 each), so the tolerance is
0.01 × the number of derived figures on both sides.  Declared as data in `PRIOR`: check,
formula, the reported (section, subjects) and the calculated (section, subjects); a
subject "*项" stands for every 项 (7-digit code) sentence of the section.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.identities.evaluate import RESIDUAL_SCHEMA, empty_residuals

Side = tuple[str, tuple[str, ...]]

PRIOR: list[tuple[str, str, Side, Side]] = [
    ("prior.items_eq_basic_plus_project",
     "上年 Σ 项 (说明 五) = 上年 基本支出 + 项目支出 (说明 五)",
     ("五", ("*项",)), ("五", ("基本支出", "项目支出"))),
    ("prior.gpb_spending_eq_gpb_income",
     "上年 基本支出 + 项目支出 (说明 五) = 上年 一般公共预算 + 上级转移支付 (说明 二)",
     ("五", ("基本支出", "项目支出")),
     ("二", ("一般公共预算", "上级一般公共预算安排的转移支付资金"))),
    ("prior.spending_eq_income", "上年 基本支出 + 项目支出 (说明 三) = 上年 收入 (说明 二)",
     ("三", ("基本支出", "项目支出")), ("二", ("*",))),
    ("prior.sangong_eq_parts", "上年 三公 = Σ its four parts (说明 十)",
     ("十", ("财政拨款“三公”经费",)),
     ("十", ("因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"))),
]

_STEP = Decimal("0.01")
_DOC = ["unit", "year"]


def _pick(changes: pl.DataFrame, side: Side) -> pl.DataFrame:
    section, subjects = side
    rows = changes.filter(pl.col("section") == section)
    if subjects == ("*项",):
        rows = rows.filter(pl.col("code").str.len_chars() == 7)
    elif subjects != ("*",):
        # a subject the narrative does not mention (未安排) is zero on both years
        rows = rows.filter(pl.col("subject").is_in(subjects))
    return rows


def _side(rows: pl.DataFrame, name: str) -> pl.DataFrame:
    """Per unit-year: the sum of the derived figures, how many, the first sentence."""
    return rows.group_by(_DOC).agg(
        pl.col("prior").sum().alias(f"{name}_sum"), pl.len().alias(f"{name}_n"),
        pl.col("_order").min().alias(f"{name}_first"),
        pl.col("line").alias(f"{name}_lines"))


def _one_check(changes: pl.DataFrame, check: str, formula: str, lhs: Side,
               rhs: Side) -> pl.DataFrame:
    both = _side(_pick(changes, lhs), "l").join(_side(_pick(changes, rhs), "r"), on=_DOC,
                                                how="full", coalesce=True)
    first = changes.select("_order", "source", "line")
    both = both.with_columns(_first=pl.coalesce("l_first", "r_first")).join(
        first, left_on="_first", right_on="_order", how="left")
    missing = pl.col("l_n").is_null() | pl.col("r_n").is_null()
    rep, calc = pl.col("l_sum"), pl.col("r_sum")
    tol = ((pl.col("l_n").fill_null(0) + pl.col("r_n").fill_null(0))
           .cast(pl.Decimal(18, 4)) * pl.lit(_STEP, pl.Decimal(18, 4)))
    lines = (pl.concat_list(pl.col("l_lines").fill_null([]), pl.col("r_lines").fill_null([]))
             .list.unique().list.sort().cast(pl.List(pl.String)).list.join(", "))
    return both.select(
        pl.lit(check).alias("check"), pl.lit("prior").alias("family"),
        pl.lit("failure").alias("severity"), "unit", "year", pl.lit("").alias("instance"),
        status=pl.when(missing).then(pl.lit("not_evaluated"))
        .when((rep - calc).abs() <= tol).then(pl.lit("pass")).otherwise(pl.lit("fail")),
        reported=pl.when(~missing).then(rep), calculated=pl.when(~missing).then(calc),
        difference=pl.when(~missing).then(rep - calc), tolerance=pl.when(~missing).then(tol),
        source="source", line="line",
        detail=pl.when(missing).then(pl.lit(f"not evaluated: {formula}: a sentence is missing"))
        .otherwise(pl.concat_str(pl.lit(f"{formula}: "), rep.cast(pl.String), pl.lit(" vs "),
                                 calc.cast(pl.String), pl.lit(", from lines "), lines)),
    ).cast(dict(RESIDUAL_SCHEMA))  # type: ignore[arg-type]


def prior_residuals(changes: pl.DataFrame | None) -> pl.DataFrame:
    """One residual per declared prior-year sum, per unit-year with such sentences.

    Each declared sum is one group-by over all unit-years (exact decimal sums).
    """
    if changes is None or changes.is_empty():
        return empty_residuals()
    changes = changes.with_row_index("_order").with_columns(
        prior=pl.col("amount") - pl.col("change"))
    return pl.concat([_one_check(changes, *decl) for decl in PRIOR])
