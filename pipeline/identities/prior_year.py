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

from pipeline.identities.evaluate import residual_frame, residual_row

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


def _pick(doc: pl.DataFrame, side: Side) -> list[dict]:
    section, subjects = side
    rows = doc.filter(pl.col("section") == section)
    if subjects == ("*项",):
        rows = rows.filter(pl.col("code").str.len_chars() == 7)
    elif subjects != ("*",):
        # a subject the narrative does not mention (未安排) is zero on both years
        rows = rows.filter(pl.col("subject").is_in(subjects))
    return list(rows.iter_rows(named=True))


def prior_residuals(changes: pl.DataFrame | None) -> pl.DataFrame:
    """One residual per declared prior-year sum, per unit-year with such sentences."""
    rows: list[dict] = []
    if changes is None or changes.is_empty():
        return residual_frame(rows)
    changes = changes.with_columns(prior=pl.col("amount") - pl.col("change"))
    for (unit, year), doc in changes.group_by(["unit", "year"], maintain_order=True):
        for check, formula, lhs, rhs in PRIOR:
            left, right = _pick(doc, lhs), _pick(doc, rhs)
            if not left and not right:
                continue
            base = dict(check=check, family="prior", severity="failure", unit=unit,
                        year=year, instance="", source=(left or right)[0]["source"],
                        line=(left or right)[0]["line"])
            if not left or not right:
                rows.append(residual_row(**base, status="not_evaluated", reported=None,
                                         calculated=None, tolerance=None,
                                         detail=f"not evaluated: {formula}: a sentence is "
                                                "missing"))
                continue
            rep = sum((r["prior"] for r in left), Decimal(0))
            calc = sum((r["prior"] for r in right), Decimal(0))
            tol = _STEP * (len(left) + len(right))
            lines = sorted({r["line"] for r in left + right})
            rows.append(residual_row(
                **base, status="pass" if abs(rep - calc) <= tol else "fail", reported=rep,
                calculated=calc, tolerance=tol,
                detail=f"{formula}: {rep} vs {calc}, from lines {', '.join(map(str, lines))}"))
    return residual_frame(rows)
