"""The prior-year budget, reconstructed from the narrative's 比上年 sentences, and its gaps.

A disclosure prints only this year's tables; the prior year survives in sentences such as
"2024年预算数为 1,601.08 万元，比上年预算减少 23.07 万元，下降 1.42%。主要原因是…".  The
parser keeps each as (amount, change, change_pct, prior_amount = amount − change, reason).
Here: every such figure with its percentage recomputed and the identities' verdict on the
sentence (`narrative.yoy_consistent`, never judged again here); a waterfall from last year's
total to this year's over the 项 the narrative explains; and the table rows for which the
document gives no prior-year figure at all.  Tables are picked by role.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import (
    AMOUNT,
    PERCENT,
    change_pct,
    of_table,
    total_row,
    unit_year,
)

__all__ = ["missing_priors", "prior_year_items", "prior_year_table", "waterfall"]

GENERAL = "general_budget_by_function"
_YOY = "narrative.yoy_consistent"


def _verdicts(residuals: pl.DataFrame) -> dict[tuple[int, str], str]:
    """(line, instance) → status of each year-on-year sentence's identity result."""
    rows = residuals.filter(pl.col("check") == _YOY).select("line", "instance", "status")
    return {(line, instance): status for line, instance, status in rows.iter_rows()}


def prior_year_items(narrative_changes: pl.DataFrame, residuals: pl.DataFrame) -> pl.DataFrame:
    """Every 比上年 figure: this year, the change, last year, the % printed and recomputed,
    and the identities' verdict on the sentence.

    `residuals` are the unit-year's identity results (`pipeline.identities.residuals` of
    its frames); `status` is that of `narrative.yoy_consistent` for the sentence (pass /
    warn / fail / not_evaluated; a change from a zero base printed as 100% is warn).
    Columns: section, subject, code, amount, change, prior, change_pct, recomputed_pct,
    status, reason, line.
    """
    verdicts = _verdicts(residuals)
    rows = []
    for row in narrative_changes.sort("line", "subject").iter_rows(named=True):
        prior = row["prior_amount"]
        if prior is None:
            prior = row["amount"] - row["change"]
        status = verdicts.get((row["line"], f"{row['section']} {row['subject']}"))
        if status is None:
            raise ValueError(
                f"the identity results hold no {_YOY} for line {row['line']} "
                f"({row['subject']}): pass the unit-year's results"
            )
        rows.append(
            {
                "section": row["section"],
                "subject": row["subject"],
                "code": row["code"],
                "amount": row["amount"],
                "change": row["change"],
                "prior": prior,
                "change_pct": row["change_pct"],
                "recomputed_pct": change_pct(row["amount"], prior),
                "status": status,
                "reason": row["reason"],
                "line": row["line"],
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "section": pl.String,
            "subject": pl.String,
            "code": pl.String,
            "amount": AMOUNT,
            "change": AMOUNT,
            "prior": AMOUNT,
            "change_pct": PERCENT,
            "recomputed_pct": PERCENT,
            "status": pl.String,
            "reason": pl.String,
            "line": pl.Int32,
        },
    )


def _item_changes(narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """The 项-level (7-digit functional code) change sentences, one per code."""
    rows = narrative_changes.filter(pl.col("code").str.len_chars() == 7).sort("line")
    return rows.unique("code", keep="first", maintain_order=True)


def waterfall(
    narrative_changes: pl.DataFrame,
    line_items: pl.DataFrame,
    printed: Mapping[str, tuple[Decimal, int]] | None = None,
) -> pl.DataFrame:
    """Last year's total → each 项's stated change → this year's total (the general-budget
    table, role general_budget_by_function).

    Start = the sum of the priors of the 项 the narrative explains; end = the sum of their
    current amounts, checked against the general-budget table's 总计 in the last row's
    `table_total`.  `printed` (code → amount and line, `earlier.earlier_priors`) puts the
    earlier document's amounts in place of the stated priors: each 项 then moves by its
    amount − what the earlier document printed, and the first bar says so.
    Columns: step, label, code, delta, start, end, kind (total / increase / decrease),
    reason, line, table_total (last row only).
    """
    unit_year(line_items)
    items = _item_changes(narrative_changes)
    if items.height == 0:
        return pl.DataFrame(schema=_WATERFALL_SCHEMA)
    if printed:
        known = pl.col("code").is_in(list(printed))
        then = pl.col("code").replace_strict(
            {c: a for c, (a, _) in printed.items()}, default=None, return_dtype=AMOUNT
        )
        items = items.with_columns(
            pl.when(known).then(then).otherwise("prior_amount").alias("prior_amount")
        ).with_columns((pl.col("amount") - pl.col("prior_amount")).alias("change"))
    prior_total = items["prior_amount"].sum()
    first = "上年预算 (prior year" + (", as the earlier document prints it)" if printed else ")")
    rows = [
        {
            "step": 0,
            "label": first,
            "code": None,
            "delta": prior_total,
            "start": Decimal(0),
            "end": prior_total,
            "kind": "total",
            "reason": None,
            "line": None,
            "table_total": None,
        }
    ]
    running = prior_total
    ordered = items.sort("change", descending=True)
    for step, row in enumerate(ordered.iter_rows(named=True), start=1):
        rows.append(
            {
                "step": step,
                "label": row["subject"],
                "code": row["code"],
                "delta": row["change"],
                "start": running,
                "end": running + row["change"],
                "kind": "increase" if row["change"] >= 0 else "decrease",
                "reason": row["reason"],
                "line": row["line"],
                "table_total": None,
            }
        )
        running += row["change"]
    table5 = total_row(line_items, GENERAL, "合计")
    rows.append(
        {
            "step": len(rows),
            "label": "本年预算 (this year)",
            "code": None,
            "delta": running,
            "start": Decimal(0),
            "end": running,
            "kind": "total",
            "reason": None,
            "line": table5["line"],
            "table_total": table5["amount"],
        }
    )
    return pl.DataFrame(rows, schema=_WATERFALL_SCHEMA)


_WATERFALL_SCHEMA = {
    "step": pl.Int32,
    "label": pl.String,
    "code": pl.String,
    "delta": AMOUNT,
    "start": AMOUNT,
    "end": AMOUNT,
    "kind": pl.String,
    "reason": pl.String,
    "line": pl.Int32,
    "table_total": AMOUNT,
}


def prior_year_table(
    line_items: pl.DataFrame,
    narrative_changes: pl.DataFrame,
    role: str = GENERAL,
    earlier_items: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The general-budget table's functional rows (or another functional table's, by role)
    with last year's amount where the document lets us know it.

    A 项 takes the prior its sentence states; a 款 or 类 the sum of its 项' priors when
    every 项 under it has one; otherwise the prior is null ("not given").  With
    `earlier_items` (the line items of the same unit's document for the year before) a
    code that document's table prints takes its amount instead ("printed in <year>, line
    N"): the prior year as printed, not as restated.
    Columns: code, level, name, current, prior, change, prior_basis, line.
    """
    unit_year(line_items)
    rows = (
        of_table(line_items, role)
        .filter(pl.col("code").is_not_null(), pl.col("measure") == "合计")
        .select(
            "code", "level", pl.col("item").alias("name"), pl.col("amount").alias("current"), "line"
        )
        .sort("code")
    )
    stated = {
        r["code"]: r["prior_amount"] for r in _item_changes(narrative_changes).iter_rows(named=True)
    }
    leaves = rows.filter(pl.col("level") == 3)
    out = []
    printed = {} if earlier_items is None else _printed(earlier_items, role)
    for row in rows.iter_rows(named=True):
        prior, basis = None, "not given"
        if row["code"] in printed:
            prior, basis = printed[row["code"]]
        elif row["code"] in stated:
            prior, basis = stated[row["code"]], "stated"
        elif row["level"] in (1, 2):
            children = [c for c in leaves["code"] if c.startswith(row["code"])]
            if children and all(c in stated for c in children):
                prior = sum((stated[c] for c in children), Decimal(0))
                basis = "sum of 项"
        out.append(
            {
                **row,
                "prior": prior,
                "change": None if prior is None else row["current"] - prior,
                "prior_basis": basis,
            }
        )
    return pl.DataFrame(
        out,
        schema={
            "code": pl.String,
            "level": pl.Int8,
            "name": pl.String,
            "current": AMOUNT,
            "line": pl.Int32,
            "prior": AMOUNT,
            "change": AMOUNT,
            "prior_basis": pl.String,
        },
    ).select("code", "level", "name", "current", "prior", "change", "prior_basis", "line")


def _printed(line_items: pl.DataFrame, role: str) -> dict[str, tuple[Decimal, str]]:
    """Code → (amount, basis) of the functional rows an earlier document's table prints."""
    _, year = unit_year(line_items)
    rows = of_table(line_items, role).filter(
        pl.col("code").is_not_null(), pl.col("measure") == "合计"
    )
    return {
        r["code"]: (r["amount"], f"printed in {year}, line {r['line']}")
        for r in rows.sort("line").unique("code", keep="first").iter_rows(named=True)
    }


def _given(name: str, subjects: list[str]) -> bool:
    return any(s == name or s.startswith(name) or name.startswith(s) for s in subjects)


def missing_priors(line_items: pl.DataFrame, narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """For each kind of figure this year's tables print: is a prior-year figure given?

    Kinds: sources (the income table's columns), functional 项 (the general-budget
    table), economic 款 (the economic table), projects (the project table), 三公 parts (the
    三公 table).  A figure counts as given when a 比上年 sentence names it (by code for 项
    and 款; by name for sources, projects and 三公, a printed prefix counting, e.g.
    …转移支付 for …转移支付资金; exact name for 款).
    Columns: kind, table_role, table_no (as printed), name, current, given, line.
    """
    unit_year(line_items)
    # Name matches only among sentences without a code: a 项 sentence (e.g. 住房公积金
    # 2210201) is not the prior of the economic 款 of the same name (30113).
    subjects = narrative_changes.filter(pl.col("code").is_null())["subject"].to_list()
    codes = set(narrative_changes["code"].drop_nulls().to_list())
    rows: list[tuple] = []

    def add(kind: str, r: dict, name: str, given: bool) -> None:
        rows.append((kind, r["table_role"], r["table_no"], name, r["amount"], given, r["line"]))

    for r in (
        of_table(line_items, "income_by_function")
        .filter(
            pl.col("code").is_null(),
            pl.col("parent").is_null(),
            pl.col("item") == "总计",
            pl.col("measure") != "总计",
            ~pl.col("measure").str.contains("小计"),
        )
        .iter_rows(named=True)
    ):
        add("source", r, r["measure"], _given(r["measure"], subjects))
    for r in (
        of_table(line_items, GENERAL)
        .filter(pl.col("level") == 3, pl.col("measure") == "合计")
        .iter_rows(named=True)
    ):
        add("functional 项", r, f"{r['code']} {r['item']}", r["code"] in codes)
    for r in (
        of_table(line_items, "basic_by_economic_class")
        .filter(pl.col("level") == 2, pl.col("measure") == "合计")
        .iter_rows(named=True)
    ):
        add(
            "economic 款",
            r,
            f"{r['code']} {r['item']}",
            r["code"] in codes or r["item"] in subjects,
        )
    for r in (
        of_table(line_items, "project_expenditure")
        .filter(pl.col("project").is_not_null(), pl.col("measure") == "项目支出合计")
        .iter_rows(named=True)
    ):
        add("project", r, r["project"], _given(r["project"], subjects))
    for r in (
        of_table(line_items, "sangong").filter(pl.col("measure") == "合计").iter_rows(named=True)
    ):
        name = "财政拨款“三公”经费" if r["item"] == "合计" else r["item"]
        add("三公", r, r["item"], _given(name, subjects))
    return pl.DataFrame(
        rows,
        schema={
            "kind": pl.String,
            "table_role": pl.String,
            "table_no": pl.Int8,
            "name": pl.String,
            "current": AMOUNT,
            "given": pl.Boolean,
            "line": pl.Int32,
        },
        orient="row",
    )
