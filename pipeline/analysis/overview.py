"""Where a unit-year's money comes from and where it goes, and its headline claims rechecked.

Inputs are clean frames of ONE unit-year (`pipeline.load(name, unit, year)`).  Sources come
from table 2's total row (the leaf columns, not the 小计), the functional breakdown from table
3 (total, basic, project for every 类/款/项), personnel vs public-use from table 6, the project
list from table 7 joined to the section 七 descriptions.  `headline_claims` recomputes what
the narrative states (shares, totals, the project count) from the tables.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.analysis.common import (
    AMOUNT,
    PERCENT,
    MissingFigure,
    money,
    pct,
    pct_column,
    total_row,
    unit_year,
)

__all__ = [
    "basic_vs_project",
    "economic_breakdown",
    "functional_breakdown",
    "headline_claims",
    "personnel_vs_public",
    "project_list",
    "sources_of_funds",
]

_FUNCTIONAL_MEASURES = {"合计": "total", "基本支出": "basic", "项目支出": "project"}


def sources_of_funds(line_items: pl.DataFrame) -> pl.DataFrame:
    """Income by source: the non-blank leaf columns of table 2's 总计 row, with shares.

    Columns: source, amount, share_pct (of table 2's 总计), line.  Subtotal columns (…小计)
    are left out so the sources add up to the total.
    """
    unit_year(line_items)
    total = total_row(line_items, 2, "总计")
    rows = line_items.filter(
        pl.col("table_no") == 2, pl.col("code").is_null(), pl.col("item") == total["item"],
        pl.col("measure") != "总计", ~pl.col("measure").str.contains("小计"),
        pl.col("amount") != 0)
    return (rows.select(pl.col("measure").alias("source"), "amount", "line")
            .with_columns(pct_column("amount", total["amount"], "share_pct"))
            .select("source", "amount", "share_pct", "line")
            .sort("amount", descending=True))


def functional_breakdown(line_items: pl.DataFrame, table_no: int = 3) -> pl.DataFrame:
    """Every 类/款/项 of table 3 (or 5) with its total, basic and project amounts.

    Columns: code, level, name, class_code, total, basic, project, line.  A blank cell is 0.
    """
    unit_year(line_items)
    rows = line_items.filter(pl.col("table_no") == table_no, pl.col("code").is_not_null(),
                             pl.col("measure").is_in(list(_FUNCTIONAL_MEASURES)))
    if rows.height == 0:
        raise MissingFigure(f"table {table_no} has no functional rows")
    lines = rows.group_by("code").agg(pl.col("line").min())
    wide = (rows.with_columns(pl.col("measure").replace_strict(_FUNCTIONAL_MEASURES))
            .pivot("measure", index=["code", "level", "item"], values="amount")
            .join(lines, on="code"))
    for name in _FUNCTIONAL_MEASURES.values():
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, AMOUNT).alias(name))
    return (wide.with_columns(pl.col("basic", "project").fill_null(Decimal(0)).cast(AMOUNT),
                              pl.col("total").cast(AMOUNT))
            .select("code", "level", pl.col("item").alias("name"),
                    pl.col("code").str.slice(0, 3).alias("class_code"),
                    "total", "basic", "project", "line")
            .sort("code"))


def basic_vs_project(line_items: pl.DataFrame) -> pl.DataFrame:
    """Basic (基本支出) against project (项目支出) spending from table 3's total row.

    Columns: kind, amount, share_pct (of table 3's 总计), line.
    """
    unit_year(line_items)
    total = total_row(line_items, 3, "合计")
    rows = []
    for kind in ("基本支出", "项目支出"):
        try:
            row = total_row(line_items, 3, kind)
            rows.append({"kind": kind, "amount": row["amount"], "line": row["line"]})
        except MissingFigure:
            rows.append({"kind": kind, "amount": Decimal(0), "line": total["line"]})
    frame = pl.DataFrame(rows, schema={"kind": pl.String, "amount": AMOUNT, "line": pl.Int32})
    return frame.with_columns(pct_column("amount", total["amount"], "share_pct")).select(
        "kind", "amount", "share_pct", "line")


def personnel_vs_public(line_items: pl.DataFrame) -> pl.DataFrame:
    """Basic spending split into personnel (人员经费) and public-use (公用经费) costs, table 6.

    Columns: kind, amount, share_pct (of table 6's printed 合计), printed_total, line.  The
    parts may not add up to the printed total exactly (the document rounds each figure).
    """
    unit_year(line_items)
    total = total_row(line_items, 6, "合计")
    rows = [{"kind": kind, "amount": total_row(line_items, 6, kind)["amount"],
             "line": total_row(line_items, 6, kind)["line"]} for kind in ("人员经费", "公用经费")]
    frame = pl.DataFrame(rows, schema={"kind": pl.String, "amount": AMOUNT, "line": pl.Int32})
    return frame.with_columns(pct_column("amount", total["amount"], "share_pct"),
                              pl.lit(total["amount"], AMOUNT).alias("printed_total")).select(
        "kind", "amount", "share_pct", "printed_total", "line")


def economic_breakdown(line_items: pl.DataFrame) -> pl.DataFrame:
    """Table 6's economic 款 (e.g. 30231 公务用车运行维护费) with the part they belong to.

    Columns: code, class_code, name, kind (人员经费 or 公用经费), amount, line.
    """
    unit_year(line_items)
    rows = line_items.filter(pl.col("table_no") == 6, pl.col("level") == 2,
                             pl.col("measure").is_in(["人员经费", "公用经费"]))
    return rows.select("code", pl.col("code").str.slice(0, 3).alias("class_code"),
                       pl.col("item").alias("name"), pl.col("measure").alias("kind"),
                       "amount", "line").sort("code")


def project_list(line_items: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """Table 7's projects next to the section 七 descriptions of the same name.

    Columns: project, code, amount (table 7), share_pct (of table 7's total), section_amount
    (预算安排规模 in 七, null if not described), table_line, section_line, agrees.
    A project only in 七 appears with a null table amount.
    """
    unit_year(line_items)
    table = line_items.filter(pl.col("table_no") == 7, pl.col("project").is_not_null(),
                              pl.col("measure") == "项目支出合计")
    total = total_row(line_items, 7, "项目支出合计")["amount"] if table.height else None
    left = table.select("project", "code", "amount", pl.col("line").alias("table_line"))
    right = projects.select("project", pl.col("amount").alias("section_amount"),
                            pl.col("line").alias("section_line"), "project_no")
    joined = left.join(right, on="project", how="full", coalesce=True)
    return (joined.with_columns(
                pct_column("amount", total, "share_pct") if total is not None
                else pl.lit(None, PERCENT).alias("share_pct"),
                (pl.col("amount") == pl.col("section_amount")).fill_null(False).alias("agrees"))
            .sort(pl.col("table_line").fill_null(pl.col("section_line")))
            .select("project", "code", "amount", "share_pct", "section_amount", "table_line",
                    "section_line", "agrees"))


# Where a stated share's denominator is printed: share_group → (table, row, column, side).
SHARE_DENOMINATORS: dict[str, tuple[int, str, str, str | None]] = {
    "income": (1, "收入总计", "预算数", "income"),
    "expenditure": (3, "总计", "合计", None),
    "class": (5, "总计", "合计", None),
}

# A total the narrative states (facts topic, metric) and the table cell that prints it.
TOTAL_CLAIMS: tuple[tuple[str, str, int, str, str, str | None], ...] = (
    ("overview", "收支总预算", 1, "收入总计", "预算数", "income"),
    ("income", "收入预算", 2, "总计", "总计", None),
    ("expenditure", "支出预算", 3, "总计", "合计", None),
    ("fiscal", "财政拨款收支总预算", 4, "收入总计", "合计", "income"),
    ("general_budget", "一般公共预算拨款合计", 5, "总计", "合计", None),
    ("basic_expenditure", "一般公共预算基本支出", 6, "总计", "合计", None),
    ("basic_expenditure", "人员经费", 6, "总计", "人员经费", None),
    ("basic_expenditure", "公用经费", 6, "总计", "公用经费", None),
    ("三公", "财政拨款“三公”经费", 10, "合计", "合计", None),
    ("operating_costs", "机关运行经费财政拨款预算", 6, "总计", "公用经费", None),
    ("performance", "财政拨款项目金额", 5, "总计", "项目支出", None),
)

_CLAIM_SCHEMA = {"claim": pl.String, "stated": pl.Decimal(18, 4), "recomputed": pl.Decimal(18, 4),
                 "value_unit": pl.String, "status": pl.String, "stated_line": pl.Int32,
                 "table_line": pl.Int32, "how": pl.String}


def _table_cell(line_items: pl.DataFrame, table_no: int, item: str, measure: str,
                side: str | None) -> dict | None:
    rows = line_items.filter(pl.col("table_no") == table_no, pl.col("item") == item,
                             pl.col("measure") == measure, pl.col("parent").is_null())
    if side is not None:
        rows = rows.filter(pl.col("side") == side)
    return rows.row(0, named=True) if rows.height == 1 else None


def _status(stated: Decimal | None, recomputed: Decimal | None, tolerance: Decimal) -> str:
    if stated is None or recomputed is None:
        return "not evaluated"
    difference = abs(Decimal(stated) - Decimal(recomputed))
    if difference == 0:
        return "agrees"
    return "differs by rounding" if difference <= tolerance else "differs"


def headline_claims(line_items: pl.DataFrame, narrative_shares: pl.DataFrame,
                    facts: pl.DataFrame) -> pl.DataFrame:
    """The narrative's headline figures beside the same figures recomputed from the tables.

    Shares (占 X%) are recomputed as amount / the table total of their group; totals are
    compared with the table cell that prints them; the number of projects stated in the
    performance section is compared with the project rows of table 7.  Status: agrees,
    differs by rounding (by at most 0.01), differs, or not evaluated (no table figure).
    Columns: claim, stated, recomputed, value_unit, status, stated_line, table_line, how.
    """
    unit_year(line_items)
    rows: list[dict] = []
    for share in narrative_shares.sort("line").iter_rows(named=True):
        spec = SHARE_DENOMINATORS.get(share["share_group"] or "")
        denominator = _table_cell(line_items, *spec) if spec else None
        recomputed = pct(share["amount"], denominator["amount"]) if denominator else None
        how = (f"{share['amount']} ÷ 表{spec[0]} {spec[1]} {denominator['amount']}"
               if denominator else "no table total for this group")
        rows.append({"claim": f"{share['subject']} 占 {share['share_pct']}%",
                     "stated": share["share_pct"], "recomputed": recomputed,
                     "value_unit": "%", "status": _status(share["share_pct"], recomputed,
                                                          Decimal("0.01")),
                     "stated_line": share["line"],
                     "table_line": denominator["line"] if denominator else None, "how": how})
    for topic, metric, table_no, item, measure, side in TOTAL_CLAIMS:
        fact = facts.filter(pl.col("topic") == topic, pl.col("metric") == metric)
        if fact.height != 1:
            continue
        stated = fact["value"].item()
        found = _table_cell(line_items, table_no, item, measure, side)
        recomputed = found["amount"] if found else None
        rows.append({"claim": f"{metric} {money(stated)} 万元", "stated": stated,
                     "recomputed": recomputed, "value_unit": "万元",
                     "status": _status(stated, recomputed, Decimal("0.01")),
                     "stated_line": fact["line"].item(),
                     "table_line": found["line"] if found else None,
                     "how": f"表{table_no} {item} / {measure}"})
    count = facts.filter(pl.col("topic") == "performance", pl.col("metric") == "财政拨款项目个数")
    if count.height == 1:
        projects = line_items.filter(pl.col("table_no") == 7, pl.col("project").is_not_null(),
                                     pl.col("measure") == "项目支出合计")
        rows.append({"claim": f"当年财政拨款项目 {count['value'].item().normalize():f} 个",
                     "stated": count["value"].item(), "recomputed": Decimal(projects.height),
                     "value_unit": "个",
                     "status": _status(count["value"].item(), Decimal(projects.height),
                                       Decimal(0)),
                     "stated_line": count["line"].item(),
                     "table_line": projects["line"].min() if projects.height else None,
                     "how": "project rows of 表7"})
    return pl.DataFrame(rows, schema=_CLAIM_SCHEMA)
