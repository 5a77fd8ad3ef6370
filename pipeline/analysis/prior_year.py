"""The prior-year budget, reconstructed from the narrative's 比上年 sentences, and its gaps.

A disclosure prints only this year's tables; the prior year survives in sentences such as
"2024年预算数为 1,601.08 万元，比上年预算减少 23.07 万元，下降 1.42%。主要原因是…".  The
parser keeps each as (amount, change, change_pct, prior_amount = amount − change, reason).
Here: every such figure with its percentage recomputed; a waterfall from last year's total
to this year's over the 项 the narrative explains; and the table rows for which the document
gives no prior-year figure at all.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.analysis.common import AMOUNT, PERCENT, change_pct, total_row, unit_year

__all__ = ["missing_priors", "prior_year_items", "prior_year_table", "waterfall"]


def _pct_status(stated: Decimal, recomputed: Decimal | None, prior: Decimal) -> str:
    if prior == 0:
        return "new (no prior)" if stated in (Decimal(0), Decimal(100)) else "differs"
    if recomputed is None:
        return "not evaluated"
    gap = abs(stated - recomputed)
    return "agrees" if gap == 0 else "differs by rounding" if gap <= Decimal("0.01") else "differs"


def prior_year_items(narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """Every 比上年 figure: this year, the change, last year, and the % printed vs recomputed.

    Columns: section, subject, code, amount, change, prior, change_pct, recomputed_pct,
    pct_status (agrees / differs by rounding / differs / new (no prior)), reason, line.
    """
    rows = []
    for row in narrative_changes.sort("line", "subject").iter_rows(named=True):
        prior = row["prior_amount"]
        if prior is None:
            prior = row["amount"] - row["change"]
        recomputed = change_pct(row["amount"], prior)
        rows.append({"section": row["section"], "subject": row["subject"], "code": row["code"],
                     "amount": row["amount"], "change": row["change"], "prior": prior,
                     "change_pct": row["change_pct"], "recomputed_pct": recomputed,
                     "pct_status": _pct_status(row["change_pct"], recomputed, prior),
                     "reason": row["reason"], "line": row["line"]})
    return pl.DataFrame(rows, schema={
        "section": pl.String, "subject": pl.String, "code": pl.String, "amount": AMOUNT,
        "change": AMOUNT, "prior": AMOUNT, "change_pct": PERCENT, "recomputed_pct": PERCENT,
        "pct_status": pl.String, "reason": pl.String, "line": pl.Int32})


def _item_changes(narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """The 项-level (7-digit functional code) change sentences, one per code."""
    rows = narrative_changes.filter(pl.col("code").str.len_chars() == 7).sort("line")
    return rows.unique("code", keep="first", maintain_order=True)


def waterfall(narrative_changes: pl.DataFrame, line_items: pl.DataFrame) -> pl.DataFrame:
    """Last year's total → each 项's stated change → this year's total (table 5).

    Start = the sum of the priors of the 项 the narrative explains; end = the sum of their
    current amounts, checked against table 5's 总计 in the last row's `table_total`.
    Columns: step, label, code, delta, start, end, kind (total / increase / decrease),
    reason, line, table_total (last row only).
    """
    unit_year(line_items)
    items = _item_changes(narrative_changes)
    if items.height == 0:
        return pl.DataFrame(schema=_WATERFALL_SCHEMA)
    prior_total = items["prior_amount"].sum()
    rows = [{"step": 0, "label": "上年预算 (prior year)", "code": None, "delta": prior_total,
             "start": Decimal(0), "end": prior_total, "kind": "total", "reason": None,
             "line": None, "table_total": None}]
    running = prior_total
    ordered = items.sort("change", descending=True)
    for step, row in enumerate(ordered.iter_rows(named=True), start=1):
        rows.append({"step": step, "label": row["subject"], "code": row["code"],
                     "delta": row["change"], "start": running,
                     "end": running + row["change"],
                     "kind": "increase" if row["change"] >= 0 else "decrease",
                     "reason": row["reason"], "line": row["line"], "table_total": None})
        running += row["change"]
    table5 = total_row(line_items, 5, "合计")
    rows.append({"step": len(rows), "label": "本年预算 (this year)", "code": None,
                 "delta": running, "start": Decimal(0), "end": running, "kind": "total",
                 "reason": None, "line": table5["line"], "table_total": table5["amount"]})
    return pl.DataFrame(rows, schema=_WATERFALL_SCHEMA)


_WATERFALL_SCHEMA = {"step": pl.Int32, "label": pl.String, "code": pl.String, "delta": AMOUNT,
                     "start": AMOUNT, "end": AMOUNT, "kind": pl.String, "reason": pl.String,
                     "line": pl.Int32, "table_total": AMOUNT}


def prior_year_table(line_items: pl.DataFrame, narrative_changes: pl.DataFrame,
                     table_no: int = 5) -> pl.DataFrame:
    """Table 5's functional rows with last year's amount where the document lets us know it.

    A 项 takes the prior its sentence states; a 款 or 类 the sum of its 项' priors when
    every 项 under it has one; otherwise the prior is null ("not given").
    Columns: code, level, name, current, prior, change, prior_basis, line.
    """
    unit_year(line_items)
    rows = (line_items.filter(pl.col("table_no") == table_no, pl.col("code").is_not_null(),
                              pl.col("measure") == "合计")
            .select("code", "level", pl.col("item").alias("name"),
                    pl.col("amount").alias("current"), "line").sort("code"))
    stated = {r["code"]: r["prior_amount"]
              for r in _item_changes(narrative_changes).iter_rows(named=True)}
    leaves = rows.filter(pl.col("level") == 3)
    out = []
    for row in rows.iter_rows(named=True):
        prior, basis = None, "not given"
        if row["code"] in stated:
            prior, basis = stated[row["code"]], "stated"
        elif row["level"] in (1, 2):
            children = [c for c in leaves["code"] if c.startswith(row["code"])]
            if children and all(c in stated for c in children):
                prior = sum((stated[c] for c in children), Decimal(0))
                basis = "sum of 项"
        out.append({**row, "prior": prior,
                    "change": None if prior is None else row["current"] - prior,
                    "prior_basis": basis})
    return pl.DataFrame(out, schema={
        "code": pl.String, "level": pl.Int8, "name": pl.String, "current": AMOUNT,
        "line": pl.Int32, "prior": AMOUNT, "change": AMOUNT, "prior_basis": pl.String,
    }).select("code", "level", "name", "current", "prior", "change", "prior_basis", "line")


def _given(name: str, subjects: list[str]) -> bool:
    return any(s == name or s.startswith(name) or name.startswith(s) for s in subjects)


def missing_priors(line_items: pl.DataFrame, narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """For each kind of figure this year's tables print: is a prior-year figure given?

    Kinds: sources (table 2 columns), functional 项 (table 5), economic 款 (table 6),
    projects (table 7), 三公 parts (table 10).  A figure counts as given when a 比上年
    sentence names it (by code for 项 and 款; by name for sources, projects and 三公, a
    printed prefix counting, e.g. …转移支付 for …转移支付资金; exact name for 款).
    Columns: kind, table_no, name, current, given, line.
    """
    unit_year(line_items)
    # Name matches only among sentences without a code: a 项 sentence (e.g. 住房公积金
    # 2210201) is not the prior of the economic 款 of the same name (30113).
    subjects = narrative_changes.filter(pl.col("code").is_null())["subject"].to_list()
    codes = set(narrative_changes["code"].drop_nulls().to_list())
    rows: list[dict] = []
    total2 = line_items.filter(pl.col("table_no") == 2, pl.col("code").is_null(),
                               pl.col("parent").is_null(), pl.col("item") == "总计",
                               pl.col("measure") != "总计",
                               ~pl.col("measure").str.contains("小计"))
    for r in total2.iter_rows(named=True):
        rows.append(("source", 2, r["measure"], r["amount"], _given(r["measure"], subjects),
                     r["line"]))
    for r in line_items.filter(pl.col("table_no") == 5, pl.col("level") == 3,
                               pl.col("measure") == "合计").iter_rows(named=True):
        rows.append(("functional 项", 5, f"{r['code']} {r['item']}", r["amount"],
                     r["code"] in codes, r["line"]))
    for r in line_items.filter(pl.col("table_no") == 6, pl.col("level") == 2,
                               pl.col("measure") == "合计").iter_rows(named=True):
        rows.append(("economic 款", 6, f"{r['code']} {r['item']}", r["amount"],
                     r["code"] in codes or r["item"] in subjects, r["line"]))
    for r in line_items.filter(pl.col("table_no") == 7, pl.col("project").is_not_null(),
                               pl.col("measure") == "项目支出合计").iter_rows(named=True):
        rows.append(("project", 7, r["project"], r["amount"], _given(r["project"], subjects),
                     r["line"]))
    for r in line_items.filter(pl.col("table_no") == 10,
                               pl.col("measure") == "合计").iter_rows(named=True):
        name = "财政拨款“三公”经费" if r["item"] == "合计" else r["item"]
        rows.append(("三公", 10, r["item"], r["amount"], _given(name, subjects), r["line"]))
    return pl.DataFrame(rows, schema={"kind": pl.String, "table_no": pl.Int8,
                                      "name": pl.String, "current": AMOUNT,
                                      "given": pl.Boolean, "line": pl.Int32}, orient="row")
