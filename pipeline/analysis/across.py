"""The same measures for every document in the clean tables, and year-to-year consistency.

`measures(frames)` is the unit-year panel view (`pipeline.views`, `unit_year_panel`): one
row per document (unit, year, kind), each figure taken from wherever the document states it
(a table cell, a narrative sentence, a blank cell of a printed table meaning 0) and null
when it states it nowhere; `pipeline.views.build("unit_year_measures", frames)` says where
each was read.  `consecutive_years` compares, for a unit with documents of one kind for two
consecutive years, the prior-year figures the later document states with what the earlier
document printed, with a verdict (`prior_verdict`: pass within the identities' rounding
tolerance, warn beyond it, not_evaluated when a side is missing) that the year-over-year
report (`pipeline.analysis.earlier`) gives too; `consecutive_by_unit` counts them per unit.

For a page over hundreds of unit-years: `top_bottom` keeps the N largest and N smallest of a
measure and sums up the rest, `series` gives each unit with several years its time series of
a few measures, and `LABELS` names every column for readers, in Chinese and English.
`unit_table` shows a frame of unit rows as the page's tables do: headers in words, the
short unit name (the full one on hover), sortable, filtered by unit name or id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import AMOUNT, money
from pipeline.analysis.present import Table
from pipeline.identities.evaluate import HALF_CENT, RESIDUAL_DTYPE
from pipeline.views import build
from pipeline.views.panel import MEASURES, PANEL_SCHEMA

__all__ = [
    "LABELS",
    "MEASURE_SCHEMA",
    "SERIES_MEASURES",
    "Rest",
    "consecutive_by_unit",
    "consecutive_years",
    "labels_for",
    "measures",
    "prior_tolerance",
    "prior_verdict",
    "rest_sentence",
    "series",
    "top_bottom",
    "unit_table",
]

MEASURE_SCHEMA = {"unit": pl.String, "year": pl.Int32, "kind": pl.String, **PANEL_SCHEMA}
"""The measures' columns (the panel has unit_id, unit_short and source besides)."""


def measures(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per document of `frames["documents"]`: the `unit_year_panel` view.

    `frames` maps clean-table names to whole tables (documents, tables, line_items,
    narrative_changes, facts are used; a missing one counts as empty).  Sorted by unit,
    year, kind.
    """
    return build("unit_year_panel", dict(frames)).sort("unit", "year", "kind")


_PRIOR_SENTENCES = {m.name: len(m.prior[1].split("+")) for m in MEASURES if m.prior is not None}
"""Per panel measure with a prior, how many 比上年 sentences its stated prior adds up."""


def prior_tolerance(sentences: int) -> Decimal:
    """The rounding a stated prior (amount − change, over `sentences` sentences) may carry
    against the earlier document's printed figure: half a cent per printed figure.

    >>> prior_tolerance(1), prior_tolerance(2)
    (Decimal('0.010'), Decimal('0.020'))
    """
    return 2 * sentences * HALF_CENT


def prior_verdict(difference: Decimal | None, tolerance: Decimal) -> str:
    """pass / warn / not_evaluated for a stated prior − earlier printed figure.

    Warn, never fail: the two documents disagree, but nothing says which one is wrong, or
    whether the budget was revised between the two publications.

    >>> prior_verdict(Decimal("0.01"), Decimal("0.010")), prior_verdict(Decimal("-0.02"),
    ...     Decimal("0.010")), prior_verdict(None, Decimal("0.010"))
    ('pass', 'warn', 'not_evaluated')
    """
    if difference is None:
        return "not_evaluated"
    return "pass" if abs(difference) <= tolerance else "warn"


def consecutive_years(table: pl.DataFrame) -> pl.DataFrame:
    """For a unit with documents (of one kind) for years Y−1 and Y: Y's stated priors vs
    Y−1's printed totals.

    Takes `measures(...)`.  Columns: unit, year, measure, stated_prior (in year Y's
    narrative), printed (in year Y−1's tables), difference, tolerance, status
    (`prior_verdict`).  Empty when no unit has two consecutive years.
    """
    pairs = []
    earlier = {(r["unit"], r["year"], r["kind"]): r for r in table.iter_rows(named=True)}
    for row in table.iter_rows(named=True):
        before = earlier.get((row["unit"], row["year"] - 1, row["kind"]))
        if before is None:
            continue
        for measure in ("total", "basic", "project", "sangong", "operating_costs"):
            stated, printed = row[f"{measure}_prior"], before[measure]
            difference = None if stated is None or printed is None else stated - printed
            tolerance = prior_tolerance(_PRIOR_SENTENCES[measure])
            pairs.append(
                {
                    "unit": row["unit"],
                    "year": row["year"],
                    "measure": measure,
                    "stated_prior": stated,
                    "printed": printed,
                    "difference": difference,
                    "tolerance": tolerance,
                    "status": prior_verdict(difference, tolerance),
                }
            )
    return pl.DataFrame(
        pairs,
        schema={
            "unit": pl.String,
            "year": pl.Int32,
            "measure": pl.String,
            "stated_prior": AMOUNT,
            "printed": AMOUNT,
            "difference": AMOUNT,
            "tolerance": RESIDUAL_DTYPE,
            "status": pl.String,
        },
    )


LABELS: dict[str, str] = {
    "unit_id": "单位编号 unit id",
    "unit": "单位 unit",
    "unit_short": "单位 unit",
    "year": "年度 year",
    "kind": "类别 kind",
    "source": "来源 source file",
    "staff_actual": "实有人数 headcount",
    "total": "支出总计 total (万元)",
    "total_prior": "上年支出总计 total, prior year (万元)",
    "total_change_pct": "支出总计增减 total change %",
    "basic": "基本支出 basic (万元)",
    "basic_prior": "上年基本支出 basic, prior year (万元)",
    "basic_change_pct": "基本支出增减 basic change %",
    "project": "项目支出 projects (万元)",
    "project_prior": "上年项目支出 projects, prior year (万元)",
    "project_change_pct": "项目支出增减 projects change %",
    "project_share_pct": "项目支出占比 project share %",
    "personnel": "人员经费 personnel (万元)",
    "public_use": "公用经费 public use (万元)",
    "public_use_share_pct": "公用经费占比 public-use share %",
    "sangong": "“三公”经费 sangong (万元)",
    "sangong_prior": "上年“三公”经费 sangong, prior year (万元)",
    "sangong_change_pct": "“三公”增减 sangong change %",
    "operating_costs": "机关运行经费 operating costs (万元)",
    "operating_costs_prior": "上年机关运行经费 operating costs, prior year (万元)",
    "operating_costs_change_pct": "机关运行经费增减 operating costs change %",
    "carryover": "结转结余 carry-over (万元)",
    "procurement": "政府采购 procurement (万元)",
    "vehicles": "车辆 vehicles",
    "vehicle_value": "车辆价值 vehicle value (万元)",
    "projects": "项目数 projects",
    "largest_project": "最大项目 largest project",
    "largest_project_amount": "最大项目金额 largest project (万元)",
    "largest_project_share_pct": "最大项目占比 largest project share %",
    "measure": "指标 measure",
    "stated_prior": "本年所述上年数 stated prior (万元)",
    "printed": "上年文件所列 printed a year before (万元)",
    "difference": "差额 difference (万元)",
    "comparisons": "比较 comparisons",
    "agree": "一致 agree",
    "differ": "不一致 differ",
    "not_comparable": "无法比较 not comparable",
    "years": "年度 years",
}
"""A reader's header for every column the across-units page shows: Chinese, then English."""


def labels_for(frame: pl.DataFrame) -> dict[str, str]:
    """`LABELS` for `frame`'s columns; a column without a label is an error, not an id shown.

    >>> labels_for(pl.DataFrame({"year": [2024]}))
    {'year': '年度 year'}
    """
    missing = [c for c in frame.columns if c not in LABELS]
    if missing:
        raise KeyError(f"no reader's label for column(s) {missing}: add them to across.LABELS")
    return {c: LABELS[c] for c in frame.columns}


UNIT_KEYS = ("unit", "unit_id", "source")
"""Columns a unit table never shows: the full name (on hover instead), the id (the filter
finds it) and the source file."""


def unit_table(frame: pl.DataFrame, choices: tuple[str, ...] = ()) -> Table:
    """`frame`'s rows as the page shows units: every column but `UNIT_KEYS` under its
    `LABELS` header, `unit_short` with the full name on hover, sortable by any column, a
    text filter on the unit's full name, short name and id, a drop-down for each of
    `choices`.

    >>> page = unit_table(pl.DataFrame({"unit": ["喀什地区财政局"], "unit_short": ["财政局"]}))
    >>> '<td title="喀什地区财政局">财政局</td>' in page._repr_html_()
    True
    """
    hidden = [c for c in UNIT_KEYS if c in frame.columns]
    headers = labels_for(frame.drop(hidden))
    titles = {"unit_short": "unit"} if {"unit", "unit_short"} <= set(frame.columns) else {}
    find = [c for c in ("unit", "unit_short", "unit_id") if c in frame.columns]
    return Table(
        frame,
        headers,
        hidden=hidden,
        titles=titles,
        sortable=True,
        find=find,
        find_label="单位 unit",
        choices=choices,
    )


@dataclass(frozen=True)
class Rest:
    """The unit-years `top_bottom` does not show, summed up (exact amounts)."""

    count: int
    smallest: Decimal | None
    largest: Decimal | None
    total: Decimal | None


def top_bottom(table: pl.DataFrame, column: str, n: int) -> tuple[pl.DataFrame, Rest]:
    """The `n` rows with the largest `column` and the `n` with the smallest, and the rest.

    Rows where `column` is null are left out of both and not counted in the rest (the
    caller says how many there are).  The shown rows get `rank_group` ("top N" or
    "bottom N"; "all" when there are 2n rows or fewer, every row shown and the rest
    empty) and are sorted from the largest down.

    >>> shown, rest = top_bottom(pl.DataFrame({"v": [Decimal(i) for i in range(10)]}), "v", 2)
    >>> shown["v"].to_list(), rest.count, rest.total
    ([Decimal('9'), Decimal('8'), Decimal('1'), Decimal('0')], 6, Decimal('27'))
    """
    known = table.filter(pl.col(column).is_not_null()).sort(
        column, descending=True, maintain_order=True
    )
    if known.height <= 2 * n:
        return (known.with_columns(pl.lit("all").alias("rank_group")), Rest(0, None, None, None))
    top = known.head(n).with_columns(pl.lit(f"top {n}").alias("rank_group"))
    bottom = known.tail(n).with_columns(pl.lit(f"bottom {n}").alias("rank_group"))
    middle = known.slice(n, known.height - 2 * n)[column]
    return pl.concat([top, bottom]), Rest(middle.len(), middle.min(), middle.max(), middle.sum())


def rest_sentence(rest: Rest, what: str, unit: str = "万元") -> str:
    """What the rows `top_bottom` left out hold, in one sentence (empty when none).

    >>> rest_sentence(Rest(3, Decimal("1.5"), Decimal("9"), Decimal("20")), "unit-years")
    'The other 3 unit-years range from 1.50 to 9.00 万元, 20.00 万元 in all.'
    """
    if rest.count == 0:
        return ""
    return (
        f"The other {rest.count} {what} range from {money(rest.smallest)} to "
        f"{money(rest.largest)} {unit}, {money(rest.total)} {unit} in all."
    )


SERIES_MEASURES: tuple[str, ...] = ("total", "project_share_pct", "sangong", "operating_costs")
"""The measures followed over the years for a unit with several documents."""


def series(table: pl.DataFrame, kind: str = "budget") -> pl.DataFrame:
    """Long time series of `SERIES_MEASURES` for every unit with documents of `kind` in two
    or more years.

    Takes `measures(...)`.  Columns: unit, unit_short, year, measure (its `LABELS` name),
    value (exact; null where the document does not give it).  Sorted by unit, measure, year.
    """
    of_kind = table.filter(pl.col("kind") == kind)
    several = (
        of_kind.group_by("unit")
        .agg(pl.col("year").n_unique().alias("years"))
        .filter(pl.col("years") >= 2)["unit"]
    )
    rows = of_kind.filter(pl.col("unit").is_in(several.implode()))
    order = {LABELS[m]: i for i, m in enumerate(SERIES_MEASURES)}
    long = rows.select(
        "unit", "unit_short", "year", *(pl.col(m).cast(pl.Decimal(18, 2)) for m in SERIES_MEASURES)
    ).unpivot(
        index=["unit", "unit_short", "year"],
        on=list(SERIES_MEASURES),
        variable_name="measure",
        value_name="value",
    )
    return (
        long.with_columns(pl.col("measure").replace_strict({m: LABELS[m] for m in SERIES_MEASURES}))
        .sort(pl.col("unit"), pl.col("measure").replace_strict(order), pl.col("year"))
        .select("unit", "unit_short", "year", "measure", "value")
    )


def consecutive_by_unit(pairs: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """Per unit, the consecutive-year comparisons of `consecutive_years`: how many, how many
    agree (pass: within the rounding), differ (warn) or cannot be compared (not_evaluated: a
    figure missing on either side).

    `table` (the measures) gives each unit its id, short name and the years it has.
    Units with a difference come first.
    """
    status = pl.col("status")
    counts = pairs.group_by("unit").agg(
        pl.len().cast(pl.Int64).alias("comparisons"),
        (status == "pass").sum().cast(pl.Int64).alias("agree"),
        (status == "warn").sum().cast(pl.Int64).alias("differ"),
        (status == "not_evaluated").sum().cast(pl.Int64).alias("not_comparable"),
    )
    names = table.group_by("unit").agg(
        pl.col("unit_id").first(),
        pl.col("unit_short").first(),
        pl.col("year").unique().sort().cast(pl.String).str.join(", ").alias("years"),
    )
    return (
        counts.join(names, on="unit", how="left")
        .sort(["differ", "unit"], descending=[True, False])
        .select(
            "unit",
            "unit_id",
            "unit_short",
            "years",
            "comparisons",
            "agree",
            "differ",
            "not_comparable",
        )
    )
