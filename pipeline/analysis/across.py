"""The same measures for every document in the clean tables, and year-to-year consistency.

`measures(frames)` takes the whole clean tables (every unit and year) and returns one row per
document (unit, year, kind), built with the single-document functions of the other modules,
so a measure means the same thing in notebook 1 and notebook 6.  A figure a document does
not give is null, never 0.  `consecutive_years` compares, for a unit with documents of one
kind for two consecutive years, the prior-year figures the later document states with what
the earlier document printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import polars as pl

from pipeline.analysis import overview, projects, vehicles
from pipeline.analysis.common import (
    AMOUNT,
    PERCENT,
    MissingFigure,
    change_pct,
    of_table,
    pct,
    total_row,
)
from pipeline.schema import DOCUMENT_KEY

__all__ = ["MEASURE_SCHEMA", "consecutive_years", "measures"]

MEASURE_SCHEMA = {
    "unit": pl.String, "year": pl.Int32, "kind": pl.String, "staff_actual": pl.Int32,
    "total": AMOUNT, "total_prior": AMOUNT, "total_change_pct": PERCENT,
    "basic": AMOUNT, "basic_prior": AMOUNT, "basic_change_pct": PERCENT,
    "project": AMOUNT, "project_prior": AMOUNT, "project_change_pct": PERCENT,
    "project_share_pct": PERCENT,
    "personnel": AMOUNT, "public_use": AMOUNT, "public_use_share_pct": PERCENT,
    "sangong": AMOUNT, "sangong_prior": AMOUNT, "sangong_change_pct": PERCENT,
    "operating_costs": AMOUNT, "operating_costs_prior": AMOUNT,
    "operating_costs_change_pct": PERCENT,
    "procurement": AMOUNT, "vehicles": pl.Int32, "vehicle_value": AMOUNT,
    "projects": pl.Int32, "largest_project": pl.String, "largest_project_amount": AMOUNT,
    "largest_project_share_pct": PERCENT,
}

_KEY = list(DOCUMENT_KEY)
_EXPENDITURE = "expenditure_by_function"


def _split(frame: pl.DataFrame) -> dict[tuple[str, int, str], pl.DataFrame]:
    return {(u, int(y), k): part
            for (u, y, k), part in frame.partition_by(_KEY, as_dict=True).items()}


def _try(func, *args):
    try:
        return func(*args)
    except MissingFigure:
        return None


def _fact(facts: pl.DataFrame | None, topic: str, metric: str) -> Decimal | None:
    if facts is None:
        return None
    row = facts.filter(pl.col("topic") == topic, pl.col("metric") == metric)
    return row["value"].item() if row.height == 1 else None


def _prior(changes: pl.DataFrame | None, subject: str) -> Decimal | None:
    if changes is None:
        return None
    rows = changes.filter(pl.col("subject") == subject).sort("line")
    return rows["prior_amount"][0] if rows.height else None


def _one(key, parts: Mapping[str, dict], documents_row: dict) -> dict:
    line_items = parts["line_items"].get(key)
    changes = parts["narrative_changes"].get(key)
    facts = parts["facts"].get(key)
    row: dict = {"unit": key[0], "year": key[1], "kind": key[2],
                 "staff_actual": documents_row.get("staff_actual")}
    if line_items is not None:
        total = _try(lambda: total_row(line_items, _EXPENDITURE, "合计")["amount"])
        basic = _try(lambda: total_row(line_items, _EXPENDITURE, "基本支出")["amount"])
        project = _try(lambda: total_row(line_items, _EXPENDITURE, "项目支出")["amount"])
        if total is not None:
            basic = basic if basic is not None else Decimal(0)
            project = project if project is not None else Decimal(0)
        row.update(total=total, basic=basic, project=project,
                   project_share_pct=pct(project, total))
        split = _try(overview.personnel_vs_public, line_items)
        if split is not None:
            amounts = dict(zip(split["kind"], split["amount"], strict=True))
            row.update(personnel=amounts.get("人员经费"), public_use=amounts.get("公用经费"),
                       public_use_share_pct=pct(amounts.get("公用经费"),
                                                split["printed_total"][0]))
        spending = _try(projects.project_spending, line_items)
        if spending is not None and spending.height:
            top = spending.row(0, named=True)
            row.update(projects=spending.height, largest_project=top["project"],
                       largest_project_amount=top["amount"],
                       largest_project_share_pct=top["share_pct"])
        elif spending is not None:
            row.update(projects=0)
        sangong = of_table(line_items, vehicles.SANGONG).filter(
            pl.col("item") == "合计", pl.col("measure") == "合计")
        row["sangong"] = sangong["amount"].item() if sangong.height == 1 else None
    basic_prior, project_prior = _prior(changes, "基本支出"), _prior(changes, "项目支出")
    total_prior = (basic_prior + project_prior
                   if basic_prior is not None and project_prior is not None else None)
    row.update(basic_prior=basic_prior, project_prior=project_prior, total_prior=total_prior,
               basic_change_pct=change_pct(row.get("basic"), basic_prior),
               project_change_pct=change_pct(row.get("project"), project_prior),
               total_change_pct=change_pct(row.get("total"), total_prior),
               sangong_prior=_prior(changes, vehicles.SANGONG_TOTAL),
               sangong_change_pct=change_pct(row.get("sangong"),
                                             _prior(changes, vehicles.SANGONG_TOTAL)),
               operating_costs=_fact(facts, "operating_costs", "机关运行经费财政拨款预算"),
               operating_costs_prior=_prior(changes, "机关运行经费"),
               procurement=_fact(facts, "procurement", "政府采购预算"),
               vehicles=_fact(facts, "assets", "车辆"),
               vehicle_value=_fact(facts, "assets", "车辆价值"))
    row["operating_costs_change_pct"] = change_pct(row["operating_costs"],
                                                   row["operating_costs_prior"])
    if row["vehicles"] is not None:
        row["vehicles"] = int(row["vehicles"])
    return row


def measures(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per document of `frames["documents"]` with the measures of MEASURE_SCHEMA.

    `frames` maps clean-table names to whole tables (documents, line_items,
    narrative_changes, facts are used).  Sorted by unit, then year.
    """
    documents = frames["documents"]
    parts = {name: _split(frames[name]) if frames[name].height else {}
             for name in ("line_items", "narrative_changes", "facts")}
    rows = [_one((d["unit"], int(d["year"]), d["kind"]), parts, d)
            for d in documents.sort(_KEY).iter_rows(named=True)]
    return pl.DataFrame(rows, schema=MEASURE_SCHEMA)


def consecutive_years(table: pl.DataFrame) -> pl.DataFrame:
    """For a unit with documents (of one kind) for years Y−1 and Y: Y's stated priors vs
    Y−1's printed totals.

    Takes `measures(...)`.  Columns: unit, year, measure, stated_prior (in year Y's
    narrative), printed (in year Y−1's tables), difference.  Empty when no unit has two
    consecutive years.
    """
    pairs = []
    earlier = {(r["unit"], r["year"], r["kind"]): r for r in table.iter_rows(named=True)}
    for row in table.iter_rows(named=True):
        before = earlier.get((row["unit"], row["year"] - 1, row["kind"]))
        if before is None:
            continue
        for measure in ("total", "basic", "project", "sangong", "operating_costs"):
            stated, printed = row[f"{measure}_prior"], before[measure]
            pairs.append({"unit": row["unit"], "year": row["year"], "measure": measure,
                          "stated_prior": stated, "printed": printed,
                          "difference": None if stated is None or printed is None
                          else stated - printed})
    return pl.DataFrame(pairs, schema={"unit": pl.String, "year": pl.Int32,
                                       "measure": pl.String, "stated_prior": AMOUNT,
                                       "printed": AMOUNT, "difference": AMOUNT})
