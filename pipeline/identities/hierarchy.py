"""Hierarchy identities: 总计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in every column of every table.

The relation follows from the codes: a code's parent is the code without its last two
digits (2010301 → 20103 → 201; 30101 → 301), and a class's parent is the table's total row.
`LEVELS` declares, for each parent code length, the check's name and formula.  Children are
summed in each column separately; a parent that is printed blank in a column counts as
zero there (its row is printed), a parent row that is missing altogether leaves its
instances not evaluated.
"""

from __future__ import annotations

import polars as pl

from pipeline.identities.editions import DOC, STATED
from pipeline.identities.evaluate import FIGURE_SCHEMA, empty_figures

TOTAL_KEYS = ("总计", "支出总计")
"""Labels of the total row of a coded table (side): the functional and economic tables
print 总计, the expenditure side of the two summary tables prints 支出总计."""

UNITS = ("hierarchy.total_eq_sum_of_units", "总计 = Σ budget units")
"""A table that groups its rows under two or more budget units' rows: its 总计 is their sum
(each unit's own rows add up to its row, as the levels below say)."""

LEVELS: dict[int, tuple[str, str]] = {
    0: ("hierarchy.total_eq_sum_of_classes", "总计 = Σ 类"),
    3: ("hierarchy.class_eq_sum_of_kuan", "类 = Σ 款"),
    5: ("hierarchy.kuan_eq_sum_of_xiang", "款 = Σ 项"),
}
"""Parent code length (0 for the total row) → check name and formula."""


def hierarchy_figures(cells: pl.DataFrame) -> pl.DataFrame:
    """Figures of every hierarchy instance in `cells` (a `cells.prepare`d frame), table by
    table (by role); formulas and instances name the table by its printed number."""
    grp = [*DOC, "table_role", "table_no", "side", "budget_unit"]
    cells = cells.filter(pl.col("table_role") != STATED)  # the narrative's figures
    coded = cells.filter(pl.col("code").is_not_null())
    if coded.is_empty():
        return empty_figures()
    # a budget unit's row is the total of the rows grouped under it
    totals = pl.col("key").is_in(TOTAL_KEYS) & pl.col("budget_unit").is_null()
    children = coded.with_columns(
        parent=pl.when(pl.col("code").str.len_chars() > 3)
        .then(pl.col("code").str.slice(0, pl.col("code").str.len_chars() - 2))
        .otherwise(pl.lit(""))
    )
    parents = (
        pl.concat(
            [
                coded.select(*grp, "code", "project", "path_key", "amount", "line", "source"),
                cells.filter(pl.col("code").is_null() & (totals | _unit_row()))
                .join(
                    coded.select(*grp).unique(), on=grp, nulls_equal=True
                )  # only the sides that print codes
                .select(
                    *grp,
                    pl.lit("").alias("code"),
                    "project",
                    "path_key",
                    "amount",
                    "line",
                    "source",
                ),
            ]
        )
        .filter(pl.col("project").is_null())
        .rename({"code": "parent"})
        .drop("project")
    )
    inst = [*grp, "parent", "path_key"]
    parent_rows = (
        children.select(*grp, "parent")
        .unique()
        .join(
            parents.select(*grp, "parent").unique().with_columns(row_present=pl.lit(True)),
            on=[*grp, "parent"],
            how="left",
            nulls_equal=True,
        )
    )
    instances = (
        pl.concat(
            [
                children.select(inst),
                parents.join(
                    children.select(*grp, "parent").unique(), on=[*grp, "parent"], nulls_equal=True
                ).select(inst),
            ]
        )
        .unique()
        .join(parent_rows, on=[*grp, "parent"], how="left", nulls_equal=True)
    )
    figs = _stacked(instances, parents, children, inst)
    plen = pl.col("parent").str.len_chars()
    names = pl.DataFrame(
        {
            "plen": list(LEVELS),
            "check": [v[0] for v in LEVELS.values()],
            "formula": [v[1] for v in LEVELS.values()],
        },
        schema={"plen": pl.UInt32, "check": pl.String, "formula": pl.String},
    )
    figs = figs.with_columns(plen=plen.cast(pl.UInt32)).join(names, on="plen", how="inner")
    return figs.select(
        "check",
        pl.lit("hierarchy").alias("family"),
        pl.lit("failure").alias("severity"),
        pl.lit("eq").alias("comparison"),
        pl.concat_str(
            [pl.lit("表"), pl.col("table_no").cast(pl.String), pl.lit(" "), pl.col("formula")]
        ).alias("formula"),
        "unit",
        "year",
        "kind",
        pl.concat_str(
            [
                pl.lit("表"),
                pl.col("table_no").cast(pl.String),
                pl.when(pl.col("side").is_not_null())
                .then(pl.lit(" ") + pl.col("side"))
                .otherwise(pl.lit("")),
                pl.when(pl.col("budget_unit").is_not_null())
                .then(pl.lit(" ") + pl.col("budget_unit").cast(pl.String))
                .otherwise(pl.lit("")),
                pl.lit(" "),
                pl.when(pl.col("parent") == "").then(pl.lit("总计")).otherwise(pl.col("parent")),
                pl.lit(" "),
                pl.col("path_key"),
            ]
        ).alias("instance"),
        "role",
        pl.lit(1, pl.Int8).alias("weight"),
        "amount",
        "printed",
        "available",
        "source",
        "line",
    ).cast(dict(FIGURE_SCHEMA))  # type: ignore[arg-type]


def _unit_row() -> pl.Expr:
    """A budget unit's row: no code, and it names the unit it groups rows under."""
    return (
        pl.col("code").is_null()
        & pl.col("budget_unit").is_not_null()
        & (pl.col("item") == pl.col("budget_unit").cast(pl.String))
    )


def unit_figures(cells: pl.DataFrame) -> pl.DataFrame:
    """Figures of 总计 = Σ budget-unit rows, column by column, in every table (side) that
    groups its rows under two or more units (`UNITS`)."""
    grp = [*DOC, "table_role", "table_no", "side"]
    units = cells.filter(pl.col("table_role") != STATED).filter(_unit_row())
    if units.is_empty():
        return empty_figures()
    grouped = units.group_by(grp).agg(pl.col("budget_unit").n_unique().alias("n"))
    grouped = grouped.filter(pl.col("n") >= 2).drop("n")
    if grouped.is_empty():
        return empty_figures()
    units = units.join(grouped, on=grp, nulls_equal=True)
    total = cells.filter(
        pl.col("code").is_null() & pl.col("key").is_in(TOTAL_KEYS) & pl.col("budget_unit").is_null()
    ).join(grouped, on=grp, nulls_equal=True)
    inst = [*grp, "path_key"]
    instances = pl.concat([units.select(inst), total.select(inst)]).unique()
    present = total.select(grp).unique().with_columns(row_present=pl.lit(True))
    instances = instances.join(present, on=grp, how="left", nulls_equal=True)
    figs = _stacked(instances, total, units, inst)
    check, formula = UNITS
    return figs.select(
        pl.lit(check).alias("check"),
        pl.lit("hierarchy").alias("family"),
        pl.lit("failure").alias("severity"),
        pl.lit("eq").alias("comparison"),
        pl.concat_str(
            [pl.lit("表"), pl.col("table_no").cast(pl.String), pl.lit(" "), pl.lit(formula)]
        ).alias("formula"),
        "unit",
        "year",
        "kind",
        pl.concat_str(
            [
                pl.lit("表"),
                pl.col("table_no").cast(pl.String),
                pl.when(pl.col("side").is_not_null())
                .then(pl.lit(" ") + pl.col("side"))
                .otherwise(pl.lit("")),
                pl.lit(" 总计 "),
                pl.col("path_key"),
            ]
        ).alias("instance"),
        "role",
        pl.lit(1, pl.Int8).alias("weight"),
        "amount",
        "printed",
        "available",
        "source",
        "line",
    ).cast(dict(FIGURE_SCHEMA))  # type: ignore[arg-type]


def _stacked(
    instances: pl.DataFrame, reported: pl.DataFrame, parts: pl.DataFrame, inst: list[str]
) -> pl.DataFrame:
    """Each instance's reported figure (the sum of its printed rows; 0 when its row is
    printed blank, null when `row_present` says no such row) stacked on its parts."""
    rep = (
        instances.join(
            reported.group_by(inst).agg(
                pl.col("amount").sum(),
                printed=pl.len().cast(pl.UInt32),
                line=pl.col("line").min(),
                source=pl.col("source").first(),
            ),
            on=inst,
            how="left",
            nulls_equal=True,
        )
        .with_columns(
            role=pl.lit("reported"),
            available=pl.col("row_present").fill_null(False),
            printed=pl.col("printed").fill_null(0),
        )
        .with_columns(
            amount=pl.when(pl.col("printed") > 0)
            .then(pl.col("amount"))
            .when(pl.col("available"))
            .then(pl.lit(0).cast(pl.Decimal(18, 2)))
            .otherwise(None)
        )
    )
    parts = parts.select(*inst, "amount", "line", "source").with_columns(
        role=pl.lit("part"), available=pl.lit(True), printed=pl.lit(1, pl.UInt32)
    )
    return pl.concat([rep.select(parts.columns), parts], how="vertical_relaxed")
