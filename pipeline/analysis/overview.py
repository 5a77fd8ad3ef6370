"""Where a unit-year's money comes from and where it goes, and the verdict on its claims.

Inputs are clean frames of ONE document (`pipeline.load(name, unit, year)`).  Tables are
picked by role: sources come from the income table's total row (role income_by_function;
the leaf columns, not the 小计), the functional breakdown from the expenditure table
(expenditure_by_function: total, basic, project for every 类/款/项), personnel vs
public-use from the economic table (basic_by_economic_class), the project list from the
project table (project_expenditure) joined to the project descriptions of the narrative.
What the narrative claims against the tables is judged by the identities
(`pipeline.identities`), never here: `headline_claims` and `project_list` read their results.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.analysis.common import (
    AMOUNT,
    PERCENT,
    MissingFigure,
    of_table,
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
INCOME = "income_by_function"
EXPENDITURE = "expenditure_by_function"
ECONOMIC = "basic_by_economic_class"
PROJECTS = "project_expenditure"


def sources_of_funds(line_items: pl.DataFrame) -> pl.DataFrame:
    """Income by source: the non-blank leaf columns of the income table's 总计 row, with
    shares.

    Columns: source, amount, share_pct (of the income table's 总计), line.  Subtotal
    columns (…小计) are left out so the sources add up to the total.
    """
    unit_year(line_items)
    total = total_row(line_items, INCOME, "总计")
    rows = of_table(line_items, INCOME).filter(
        pl.col("code").is_null(),
        pl.col("item") == total["item"],
        pl.col("measure") != "总计",
        ~pl.col("measure").str.contains("小计"),
        pl.col("amount") != 0,
    )
    return (
        rows.select(pl.col("measure").alias("source"), "amount", "line")
        .with_columns(pct_column("amount", total["amount"], "share_pct"))
        .select("source", "amount", "share_pct", "line")
        .sort("amount", descending=True)
    )


def functional_breakdown(line_items: pl.DataFrame, role: str = EXPENDITURE) -> pl.DataFrame:
    """Every 类/款/项 of the expenditure table (or of the general-budget table, role
    general_budget_by_function) with its total, basic and project amounts.

    Columns: code, level, name, class_code, total, basic, project, line.  A blank cell is 0.
    """
    unit_year(line_items)
    rows = of_table(line_items, role).filter(
        pl.col("code").is_not_null(), pl.col("measure").is_in(list(_FUNCTIONAL_MEASURES))
    )
    if rows.height == 0:
        raise MissingFigure(f"table {role} has no functional rows")
    lines = rows.group_by("code").agg(pl.col("line").min())
    wide = (
        rows.with_columns(pl.col("measure").replace_strict(_FUNCTIONAL_MEASURES))
        .pivot("measure", index=["code", "level", "item"], values="amount")
        .join(lines, on="code")
    )
    for name in _FUNCTIONAL_MEASURES.values():
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, AMOUNT).alias(name))
    return (
        wide.with_columns(
            pl.col("basic", "project").fill_null(Decimal(0)).cast(AMOUNT),
            pl.col("total").cast(AMOUNT),
        )
        .select(
            "code",
            "level",
            pl.col("item").alias("name"),
            pl.col("code").str.slice(0, 3).alias("class_code"),
            "total",
            "basic",
            "project",
            "line",
        )
        .sort("code")
    )


def basic_vs_project(line_items: pl.DataFrame) -> pl.DataFrame:
    """Basic (基本支出) against project (项目支出) spending from the expenditure table's
    total row.

    Columns: kind, amount, share_pct (of the expenditure table's 总计), line.
    """
    unit_year(line_items)
    total = total_row(line_items, EXPENDITURE, "合计")
    rows = []
    for kind in ("基本支出", "项目支出"):
        try:
            row = total_row(line_items, EXPENDITURE, kind)
            rows.append({"kind": kind, "amount": row["amount"], "line": row["line"]})
        except MissingFigure:
            rows.append({"kind": kind, "amount": Decimal(0), "line": total["line"]})
    frame = pl.DataFrame(rows, schema={"kind": pl.String, "amount": AMOUNT, "line": pl.Int32})
    return frame.with_columns(pct_column("amount", total["amount"], "share_pct")).select(
        "kind", "amount", "share_pct", "line"
    )


def personnel_vs_public(line_items: pl.DataFrame) -> pl.DataFrame:
    """Basic spending split into personnel (人员经费) and public-use (公用经费) costs, from
    the economic table (role basic_by_economic_class).

    Columns: kind, amount, share_pct (of the economic table's printed 合计),
    printed_total, line.  The parts may not add up to the printed total exactly (the
    document rounds each figure).
    """
    unit_year(line_items)
    total = total_row(line_items, ECONOMIC, "合计")
    rows = [
        {
            "kind": kind,
            "amount": total_row(line_items, ECONOMIC, kind)["amount"],
            "line": total_row(line_items, ECONOMIC, kind)["line"],
        }
        for kind in ("人员经费", "公用经费")
    ]
    frame = pl.DataFrame(rows, schema={"kind": pl.String, "amount": AMOUNT, "line": pl.Int32})
    return frame.with_columns(
        pct_column("amount", total["amount"], "share_pct"),
        pl.lit(total["amount"], AMOUNT).alias("printed_total"),
    ).select("kind", "amount", "share_pct", "printed_total", "line")


def economic_breakdown(line_items: pl.DataFrame) -> pl.DataFrame:
    """The economic table's 款 (e.g. 30231 公务用车运行维护费) with the part they belong to.

    Columns: code, class_code, name, kind (人员经费 or 公用经费), amount, line.
    """
    unit_year(line_items)
    rows = of_table(line_items, ECONOMIC).filter(
        pl.col("level") == 2, pl.col("measure").is_in(["人员经费", "公用经费"])
    )
    return rows.select(
        "code",
        pl.col("code").str.slice(0, 3).alias("class_code"),
        pl.col("item").alias("name"),
        pl.col("measure").alias("kind"),
        "amount",
        "line",
    ).sort("code")


_DESCRIBED = "projects.narrative_eq_project_expenditure"


def project_list(
    line_items: pl.DataFrame, projects: pl.DataFrame, residuals: pl.DataFrame
) -> pl.DataFrame:
    """The project table's projects next to the narrative's descriptions of the same name,
    with the identities' verdict on each description.

    `residuals` are the unit-year's identity results (see `headline_claims`); `status` is
    that of `projects.narrative_eq_project_expenditure` for the description (pass / warn /
    fail / not_evaluated), null for a project the narrative does not describe.
    Columns: project, code, amount (project table), share_pct (of its total),
    section_amount (预算安排规模, null if not described), table_line, section_line, status.
    A project only described appears with a null table amount.
    """
    unit_year(line_items)
    table = of_table(line_items, PROJECTS).filter(
        pl.col("project").is_not_null(), pl.col("measure") == "项目支出合计"
    )
    total = total_row(line_items, PROJECTS, "项目支出合计")["amount"] if table.height else None
    left = table.select("project", "code", "amount", pl.col("line").alias("table_line"))
    right = projects.select(
        "project",
        pl.col("amount").alias("section_amount"),
        pl.col("line").alias("section_line"),
        "project_no",
    )
    verdicts = residuals.filter(pl.col("check") == _DESCRIBED).select(
        pl.col("instance").alias("project"), pl.col("line").alias("section_line"), "status"
    )
    joined = left.join(right, on="project", how="full", coalesce=True).join(
        verdicts, on=["project", "section_line"], how="left"
    )
    unjudged = joined.filter(pl.col("section_line").is_not_null() & pl.col("status").is_null())
    if unjudged.height:
        raise ValueError(
            f"the identity results hold no {_DESCRIBED} for "
            f"{unjudged['project'].to_list()[:5]}: pass the unit-year's results"
        )
    return (
        joined.with_columns(
            pct_column("amount", total, "share_pct")
            if total is not None
            else pl.lit(None, PERCENT).alias("share_pct")
        )
        .sort(pl.col("table_line").fill_null(pl.col("section_line")))
        .select(
            "project",
            "code",
            "amount",
            "share_pct",
            "section_amount",
            "table_line",
            "section_line",
            "status",
        )
    )


def headline_claims(residuals: pl.DataFrame) -> pl.DataFrame:
    """What the narrative claims against the tables, with the identities' verdict on each.

    `residuals` are the identity results of the unit-year (`pipeline.identities.residuals`
    of its frames, or `pipeline.validate.results.load` of a validation run): the claims
    are the results of the checks that compare a figure the narrative states with the
    tables (`pipeline.identities.claim_checks`: stated totals and amounts, shares, the
    project count, each project's amount).  Nothing is recomputed here, so a claim has one
    verdict everywhere: status pass / warn / fail / not_evaluated.
    Columns: check, instance, status, reported (as the narrative states it), calculated
    (from the tables), difference, tolerance, line (of the claim), detail.
    """
    from pipeline.identities import claim_checks

    missing = [c for c in _CLAIM_COLUMNS if c not in residuals.columns]
    if missing:
        raise ValueError(f"not identity results: missing columns {missing}")
    if residuals.height:
        unit_year(residuals)
    return (
        residuals.filter(pl.col("check").is_in(claim_checks()))
        .sort("line", "check", "instance", nulls_last=True)
        .select(_CLAIM_COLUMNS)
    )


_CLAIM_COLUMNS = [
    "check",
    "instance",
    "status",
    "reported",
    "calculated",
    "difference",
    "tolerance",
    "line",
    "detail",
]
