"""Vehicle costs: inside 三公 (the 三公 table and section), in basic spending, and in projects.

The question a reader asks when 三公 falls after vehicles are scrapped: did vehicle costs
fall, or move out of 三公 into project spending?  These functions put every vehicle-related
figure the document gives side by side, each with its line, and keep "not given" as null
(never 0): the document gives the prior year only for 三公 and 机关运行经费 as a whole, the
fleet only at the end of the prior year, and project vehicle costs only for this year
(plus, sometimes, a performance table's last-year unit cost).
"""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import AMOUNT, PERCENT, change_pct, of_table, ratio

__all__ = [
    "SANGONG_TOTAL",
    "fleet",
    "fleet_changes",
    "operating_costs",
    "per_vehicle",
    "project_vehicle_costs",
    "sangong",
    "vehicle_costs",
]

SANGONG = "sangong"
"""The role of the 三公 table and of the 三公 section."""
SANGONG_TOTAL = "财政拨款“三公”经费"
_SANGONG_TABLE_ITEM = {SANGONG_TOTAL: "合计"}
_VEHICLE_COUNT = re.compile(r"(\d+)\s*辆")


def sangong(line_items: pl.DataFrame, narrative_changes: pl.DataFrame) -> pl.DataFrame:
    """三公 this year (the 三公 table) and last year (the 三公 section's 比上年 sentences),
    part by part.

    Columns: item, current (the 三公 table; 0 for a blank row the narrative names), stated
    (narrative amount), prior, change, change_pct (stated), recomputed_pct, reason,
    table_line, line.
    """
    table = of_table(line_items, SANGONG).filter(pl.col("measure") == "合计")
    changes = narrative_changes.filter(pl.col("section_role") == SANGONG).sort("line")
    rows = []
    for change in changes.iter_rows(named=True):
        item = _SANGONG_TABLE_ITEM.get(change["subject"], change["subject"])
        printed = table.filter(pl.col("item") == item)
        current = printed["amount"].item() if printed.height == 1 else Decimal(0)
        rows.append(
            {
                "item": change["subject"],
                "current": current,
                "stated": change["amount"],
                "prior": change["prior_amount"],
                "change": change["change"],
                "change_pct": change["change_pct"],
                "recomputed_pct": change_pct(change["amount"], change["prior_amount"]),
                "reason": change["reason"],
                "table_line": printed["line"].item() if printed.height == 1 else None,
                "line": change["line"],
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "item": pl.String,
            "current": AMOUNT,
            "stated": AMOUNT,
            "prior": AMOUNT,
            "change": AMOUNT,
            "change_pct": PERCENT,
            "recomputed_pct": PERCENT,
            "reason": pl.String,
            "table_line": pl.Int32,
            "line": pl.Int32,
        },
    )


def operating_costs(narrative_changes: pl.DataFrame) -> dict | None:
    """机关运行经费 this year and last, with the stated reason; None if not stated."""
    rows = narrative_changes.filter(pl.col("subject") == "机关运行经费").sort("line")
    if rows.height == 0:
        return None
    row = rows.row(0, named=True)
    return {
        "current": row["amount"],
        "prior": row["prior_amount"],
        "change": row["change"],
        "change_pct": row["change_pct"],
        "recomputed_pct": change_pct(row["amount"], row["prior_amount"]),
        "reason": row["reason"],
        "line": row["line"],
    }


def fleet(facts: pl.DataFrame) -> pl.DataFrame:
    """Vehicles held (assets section, end of the prior year) by category, with their value.

    Columns: category, vehicles, value (万元), line.  The first row is the whole fleet (车辆).
    """
    assets = facts.filter(pl.col("topic") == "assets")
    counts = assets.filter(pl.col("value_unit") == "辆")
    rows = []
    for row in counts.sort("line").iter_rows(named=True):
        value = assets.filter(pl.col("metric") == row["metric"] + "价值")
        rows.append(
            {
                "category": row["metric"],
                "vehicles": int(row["value"]),
                "value": value["value"].item() if value.height == 1 else None,
                "line": row["line"],
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={"category": pl.String, "vehicles": pl.Int32, "value": AMOUNT, "line": pl.Int32},
    )
    return frame.sort(
        pl.col("category") != "车辆",
        "line",
        pl.col("vehicles"),
        "category",
        descending=[False, False, True, False],
    )


def fleet_changes(facts: pl.DataFrame) -> pl.DataFrame:
    """Vehicles leaving the fleet as the narrative's reasons state them (报废, 调出 …).

    Reasons repeat across sections (十 and 十二); each label is counted once.
    Columns: change, vehicles, line (first mention), sections.
    """
    reasons = facts.filter(pl.col("topic") == "narrative_reason", pl.col("value_unit") == "辆")
    parts = reasons.with_columns(
        pl.col("metric").str.split("/").list.get(0).alias("section"),
        pl.col("metric").str.split("/").list.get(-1).alias("change"),
    )
    return (
        parts.group_by("change")
        .agg(
            pl.col("value").first().cast(pl.Int32).alias("vehicles"),
            pl.col("value").n_unique().alias("versions"),
            pl.col("line").min().alias("line"),
            pl.col("section").unique(maintain_order=True).str.join("、").alias("sections"),
        )
        .pipe(_one_version)
        .select("change", "vehicles", "line", "sections")
        .sort("line", "change")
    )


def _one_version(frame: pl.DataFrame) -> pl.DataFrame:
    bad = frame.filter(pl.col("versions") > 1)
    if bad.height:
        raise ValueError(f"the narrative gives different vehicle counts for {bad['change']}")
    return frame


def project_vehicle_costs(project_allocations: pl.DataFrame, pattern: str = "车") -> pl.DataFrame:
    """Project allocation items about vehicles (item text matching `pattern`).

    Columns: project, item, amount, vehicles (the N of "N辆" in the item, else null), line.
    """
    rows = project_allocations.filter(pl.col("item").str.contains(pattern))
    return (
        rows.with_columns(
            pl.col("item").str.extract(_VEHICLE_COUNT.pattern, 1).cast(pl.Int32).alias("vehicles")
        )
        .select("project", "item", "amount", "vehicles", "line")
        .sort("line", "item")
    )


def vehicle_costs(
    line_items: pl.DataFrame,
    narrative_changes: pl.DataFrame,
    project_allocations: pl.DataFrame,
    pattern: str = "车",
) -> pl.DataFrame:
    """Every vehicle-related amount of the year, where it is booked, and its prior if given.

    Places: 三公 (the 三公 table's 公务用车运行费 / 购置费; the economic table's 30231
    公务用车运行维护费 is the same money, so it is not listed again) and projects (allocation
    items about vehicles).  The economic table's 30239 其他交通费用 is left out: the document
    does not say it is for vehicles.
    Columns: place, item, amount, prior (null when not given), in_sangong, line.
    """
    rows: list[dict] = []
    table10 = of_table(line_items, SANGONG).filter(
        pl.col("measure") == "合计", pl.col("item").is_in(["公务用车运行费", "公务用车购置费"])
    )
    section10 = narrative_changes.filter(pl.col("section_role") == SANGONG)
    for row in table10.sort("line").iter_rows(named=True):
        prior = section10.filter(pl.col("subject") == row["item"])
        rows.append(
            {
                "place": f"三公 (table {row['table_no']})",
                "item": row["item"],
                "amount": row["amount"],
                "prior": prior["prior_amount"].item() if prior.height == 1 else None,
                "in_sangong": True,
                "line": row["line"],
            }
        )
    for row in project_vehicle_costs(project_allocations, pattern).iter_rows(named=True):
        rows.append(
            {
                "place": f"project: {row['project']}",
                "item": row["item"],
                "amount": row["amount"],
                "prior": None,
                "in_sangong": False,
                "line": row["line"],
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "place": pl.String,
            "item": pl.String,
            "amount": AMOUNT,
            "prior": AMOUNT,
            "in_sangong": pl.Boolean,
            "line": pl.Int32,
        },
    )


def per_vehicle(amount: Decimal | None, vehicles: int | None) -> Decimal | None:
    """万元 per vehicle, rounded to 0.01; None when either is missing or there are no vehicles.

    >>> per_vehicle(Decimal("25.70"), 5)
    Decimal('5.14')
    """
    return ratio(amount, None if vehicles is None else Decimal(vehicles))
