"""The unit-year panel: one row per document with the measures researchers compare across units.

Missing is not zero, and zero is not missing.  Each measure is taken from the first place, in
a declared order, where the document states it, and the long view `unit_year_measures` says
where (`stated_in`, `line`):

- a printed table cell (`table:<table_role>`);
- a narrative sentence (`narrative:<section_role>` for a 比上年 sentence's amount,
  `fact:<topic>/<metric>` for any other figure the narrative states, e.g. 三公 0.00 万元);
- a blank cell of a table the document prints (`table:<table_role>:blank`): the
  disclosures print zero as a blank cell, so a printed table without the cell says 0.

A figure stated nowhere is null, never 0.  Prior-year values are the `prior_amount` of the
narrative's 比上年 sentence about the same subject (amount − change, as printed); a change is
null when the prior is missing or 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import change_pct, pct
from pipeline.schema import AMOUNT, DOCUMENT_KEY, PERCENT, QUANTITY, empty_frame
from pipeline.views.keys import with_unit_keys

__all__ = ["MEASURES", "Measure", "unit_year_measures", "unit_year_panel"]

KEY = list(DOCUMENT_KEY)
SANGONG = "财政拨款“三公”经费"
_CANDIDATE = {
    **{k: v for k, v in zip(KEY, (pl.String, pl.Int32, pl.String), strict=True)},
    "value": QUANTITY,
    "label": pl.String,
    "stated_in": pl.String,
    "line": pl.Int32,
}

Source = Callable[[dict[str, pl.DataFrame]], pl.DataFrame]


def _frame(frames: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    frame = frames.get(name)
    return frame if frame is not None else empty_frame(name)


def _candidate(
    frame: pl.DataFrame, value: pl.Expr, stated_in: str, line: pl.Expr, label: pl.Expr | None = None
) -> pl.DataFrame:
    """The first row per document (by line) as a candidate (KEY, value, label, stated_in, line)."""
    out = frame.sort("line").select(
        *KEY,
        value.cast(QUANTITY).alias("value"),
        (label if label is not None else pl.lit(None, pl.String)).alias("label"),
        pl.lit(stated_in).alias("stated_in"),
        line.cast(pl.Int32).alias("line"),
    )
    return out.unique(KEY, keep="first", maintain_order=True).cast(_CANDIDATE)


def table_total(role: str, measure: str, items: tuple[str, ...] = ("总计", "合计")) -> Source:
    """The total row's cell in column `measure` of the table playing `role`."""

    def read(frames):
        rows = _frame(frames, "line_items").filter(
            pl.col("table_role") == role,
            pl.col("measure") == measure,
            pl.col("code").is_null(),
            pl.col("parent").is_null(),
            pl.col("project").is_null(),
            pl.col("item").is_in(list(items)),
        )
        return _candidate(rows, pl.col("amount"), f"table:{role}", pl.col("line"))

    return read


def blank(role: str) -> Source:
    """0 for a document that prints the table playing `role` but not the cell."""

    def read(frames):
        rows = _frame(frames, "tables").filter(pl.col("table_role") == role)
        return _candidate(rows, pl.lit(0), f"table:{role}:blank", pl.col("line"))

    return read


def fact(topic: str, metric: str) -> Source:
    """A figure the narrative states (the `facts` table)."""

    def read(frames):
        rows = _frame(frames, "facts").filter(pl.col("topic") == topic, pl.col("metric") == metric)
        return _candidate(rows, pl.col("value"), f"fact:{topic}/{metric}", pl.col("line"))

    return read


def stated_amount(role: str, subject: str) -> Source:
    """The amount of a 比上年 sentence about `subject` in the section playing `role`."""

    def read(frames):
        rows = _frame(frames, "narrative_changes").filter(
            pl.col("section_role") == role, pl.col("subject") == subject
        )
        return _candidate(
            rows, pl.col("amount"), f"narrative:{role}", pl.coalesce("amount_line", "line")
        )

    return read


def profile(column: str) -> Source:
    """A figure of the unit profile (the `documents` table)."""

    def read(frames):
        rows = _frame(frames, "documents").filter(pl.col(column).is_not_null())
        return _candidate(rows, pl.col(column), "profile", pl.col("line"))

    return read


def project_count(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """How many project rows the project table prints (0 for a printed table without any)."""
    printed = _frame(frames, "tables").filter(pl.col("table_role") == "project_expenditure")
    rows = (
        _frame(frames, "line_items")
        .filter(
            pl.col("table_role") == "project_expenditure",
            pl.col("project").is_not_null(),
            pl.col("measure") == "项目支出合计",
        )
        .group_by(KEY)
        .agg(pl.len().alias("n"))
    )
    counted = printed.join(rows, on=KEY, how="left", nulls_equal=True)
    return _candidate(
        counted, pl.col("n").fill_null(0), "table:project_expenditure", pl.col("line")
    )


def largest_project(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The project with the largest amount in the project table (the first printed on a tie)."""
    rows = (
        _frame(frames, "line_items")
        .filter(
            pl.col("table_role") == "project_expenditure",
            pl.col("project").is_not_null(),
            pl.col("measure") == "项目支出合计",
        )
        .sort([*KEY, "amount", "line"], descending=[False, False, False, True, False])
        .unique(KEY, keep="first", maintain_order=True)
    )
    return _candidate(
        rows, pl.col("amount"), "table:project_expenditure", pl.col("line"), label=pl.col("project")
    )


@dataclass(frozen=True)
class Measure:
    """A panel measure: where it may be stated (first found wins) and its prior-year subject."""

    name: str
    unit: str
    description: str
    sources: tuple[Source, ...]
    prior: tuple[str, str] | None = None  # (section_role, subject) of the 比上年 sentence


MEASURES: tuple[Measure, ...] = (
    Measure("staff_actual", "persons", "实有人数, actual headcount", (profile("staff_actual"),)),
    Measure(
        "total",
        "万元",
        "Total expenditure (支出总计), all funds",
        (
            table_total("expenditure_by_function", "合计"),
            fact("expenditure", "支出预算"),
            blank("expenditure_by_function"),
        ),
        ("expenditure", "基本支出+项目支出"),
    ),
    Measure(
        "basic",
        "万元",
        "Basic expenditure (基本支出), all funds",
        (
            table_total("expenditure_by_function", "基本支出"),
            stated_amount("expenditure", "基本支出"),
            blank("expenditure_by_function"),
        ),
        ("expenditure", "基本支出"),
    ),
    Measure(
        "project",
        "万元",
        "Project expenditure (项目支出), all funds",
        (
            table_total("expenditure_by_function", "项目支出"),
            stated_amount("expenditure", "项目支出"),
            blank("expenditure_by_function"),
        ),
        ("expenditure", "项目支出"),
    ),
    Measure(
        "basic_general_budget",
        "万元",
        "General-public-budget basic expenditure (表6 合计)",
        (
            table_total("basic_by_economic_class", "合计"),
            fact("basic_expenditure", "一般公共预算基本支出"),
            blank("basic_by_economic_class"),
        ),
    ),
    Measure(
        "personnel",
        "万元",
        "Personnel costs (人员经费) of basic expenditure",
        (
            table_total("basic_by_economic_class", "人员经费"),
            fact("basic_expenditure", "人员经费"),
            blank("basic_by_economic_class"),
        ),
    ),
    Measure(
        "public_use",
        "万元",
        "Public-use costs (公用经费) of basic expenditure",
        (
            table_total("basic_by_economic_class", "公用经费"),
            fact("basic_expenditure", "公用经费"),
            blank("basic_by_economic_class"),
        ),
    ),
    Measure(
        "sangong",
        "万元",
        "三公 expenses (因公出国（境）费, 公务用车购置及运行费, 公务接待费)",
        (
            table_total("sangong", "合计", ("合计",)),
            fact("三公", SANGONG),
            stated_amount("sangong", SANGONG),
            blank("sangong"),
        ),
        ("sangong", SANGONG),
    ),
    Measure(
        "operating_costs",
        "万元",
        "机关运行经费 (running costs of the organ)",
        (
            fact("operating_costs", "机关运行经费财政拨款预算"),
            stated_amount("other", "机关运行经费"),
        ),
        ("other", "机关运行经费"),
    ),
    Measure(
        "carryover",
        "万元",
        "Carry-over from the prior year (上年结转结余)",
        (
            table_total("carryover", "总计", ("总计", "合计")),
            fact("carryover", "上年结转结余"),
            blank("carryover"),
        ),
    ),
    Measure(
        "procurement",
        "万元",
        "Government procurement budget (政府采购预算)",
        (fact("procurement", "政府采购预算"),),
    ),
    Measure(
        "vehicles",
        "vehicles",
        "Vehicles held at the end of the prior year (车辆)",
        (fact("assets", "车辆"),),
    ),
    Measure(
        "vehicle_value",
        "万元",
        "Value of the vehicles held (车辆价值)",
        (fact("assets", "车辆价值"),),
    ),
    Measure("projects", "projects", "Project rows of the project table (表7)", (project_count,)),
    Measure(
        "project_table_total",
        "万元",
        "Total of the project table (表7 项目支出合计)",
        (table_total("project_expenditure", "项目支出合计"), blank("project_expenditure")),
    ),
    Measure(
        "largest_project_amount",
        "万元",
        "Amount of the largest project (label: its name)",
        (largest_project,),
    ),
)

_LONG = {
    "unit": pl.String,
    "year": pl.Int32,
    "kind": pl.String,
    "measure": pl.String,
    "value": QUANTITY,
    "value_unit": pl.String,
    "label": pl.String,
    "stated_in": pl.String,
    "line": pl.Int32,
    "prior": QUANTITY,
    "prior_line": pl.Int32,
    "change_pct": PERCENT,
    "source": pl.String,
}


def _priors(frames: dict[str, pl.DataFrame], measure: Measure) -> pl.DataFrame:
    """(KEY, prior, prior_line) from the first 比上年 sentence about the measure's subject."""
    changes = _frame(frames, "narrative_changes")
    role, subject = measure.prior  # type: ignore[misc]
    parts = subject.split("+")
    rows = (
        changes.filter(pl.col("section_role") == role, pl.col("subject").is_in(parts))
        .sort("line")
        .unique([*KEY, "subject"], keep="first", maintain_order=True)
    )
    summed = rows.group_by(KEY).agg(
        pl.col("prior_amount").sum().alias("prior"),
        pl.col("line").min().alias("prior_line"),
        pl.col("prior_amount").is_not_null().sum().alias("_given"),
    )
    return summed.filter(pl.col("_given") == len(parts)).select(
        *KEY, pl.col("prior").cast(QUANTITY), pl.col("prior_line").cast(pl.Int32)
    )


def unit_year_measures(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every measure of every document, long: value, where it is stated, prior and change."""
    documents = _frame(frames, "documents").select(*KEY, "source")
    parts = []
    for measure in MEASURES:
        candidates = [
            source(frames).with_columns(pl.lit(rank).alias("_rank"))
            for rank, source in enumerate(measure.sources)
        ]
        chosen = (
            pl.concat(candidates)
            .sort([*KEY, "_rank"])
            .unique(KEY, keep="first", maintain_order=True)
            .drop("_rank")
        )
        rows = documents.join(chosen, on=KEY, how="left", nulls_equal=True)
        if measure.prior is not None:
            rows = rows.join(_priors(frames, measure), on=KEY, how="left", nulls_equal=True)
        else:
            rows = rows.with_columns(
                pl.lit(None, QUANTITY).alias("prior"), pl.lit(None, pl.Int32).alias("prior_line")
            )
        parts.append(
            rows.with_columns(
                pl.lit(measure.name).alias("measure"), pl.lit(measure.unit).alias("value_unit")
            )
        )
    if not parts or documents.height == 0:
        return with_unit_keys(pl.DataFrame(schema=_LONG))
    long = pl.concat(parts, how="diagonal").with_columns(
        pl.struct("value", "prior")
        .map_elements(lambda r: _change(r["value"], r["prior"]), return_dtype=PERCENT)
        .alias("change_pct")
    )
    order = {m.name: i for i, m in enumerate(MEASURES)}
    long = (
        long.with_columns(pl.col("measure").replace_strict(order).alias("_order"))
        .sort([*KEY, "_order"])
        .select(list(_LONG))
        .cast(_LONG)
    )
    return with_unit_keys(long)


def _change(value: Decimal | None, prior: Decimal | None) -> Decimal | None:
    return change_pct(value, prior)


PANEL_SCHEMA: dict[str, pl.DataType] = {
    "staff_actual": pl.Int32,
    "total": AMOUNT,
    "total_prior": AMOUNT,
    "total_change_pct": PERCENT,
    "basic": AMOUNT,
    "basic_prior": AMOUNT,
    "basic_change_pct": PERCENT,
    "project": AMOUNT,
    "project_prior": AMOUNT,
    "project_change_pct": PERCENT,
    "project_share_pct": PERCENT,
    "personnel": AMOUNT,
    "public_use": AMOUNT,
    "public_use_share_pct": PERCENT,
    "sangong": AMOUNT,
    "sangong_prior": AMOUNT,
    "sangong_change_pct": PERCENT,
    "operating_costs": AMOUNT,
    "operating_costs_prior": AMOUNT,
    "operating_costs_change_pct": PERCENT,
    "carryover": AMOUNT,
    "procurement": AMOUNT,
    "vehicles": pl.Int32,
    "vehicle_value": AMOUNT,
    "projects": pl.Int32,
    "largest_project": pl.String,
    "largest_project_amount": AMOUNT,
    "largest_project_share_pct": PERCENT,
}
"""The panel's measure columns, in order (after unit_id, unit, unit_short, year, kind)."""


def unit_year_panel(
    frames: dict[str, pl.DataFrame], long: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per document: the measures of `unit_year_measures`, wide, with shares."""
    long = unit_year_measures(frames) if long is None else long
    keys = ["unit_id", "unit", "unit_short", *KEY[1:], "source"]
    if long.height == 0:
        return pl.DataFrame(
            schema={
                "unit_id": pl.String,
                "unit": pl.String,
                "unit_short": pl.String,
                "year": pl.Int32,
                "kind": pl.String,
                **PANEL_SCHEMA,
                "source": pl.String,
            }
        )
    values = long.pivot("measure", index=keys, values="value", aggregate_function="first")
    priors = long.filter(pl.col("measure").is_in(_WITH_PRIOR)).pivot(
        "measure", index=keys, values=["prior", "change_pct"], aggregate_function="first"
    )
    priors = priors.rename({c: _prior_name(c) for c in priors.columns if c not in keys})
    labels = long.filter(pl.col("measure") == "largest_project_amount").select(
        *keys, pl.col("label").alias("largest_project")
    )
    wide = values.join(priors, on=keys, how="left", nulls_equal=True).join(
        labels, on=keys, how="left", nulls_equal=True
    )
    wide = wide.with_columns(
        _share("project", "total", "project_share_pct"),
        _share("public_use", "basic_general_budget", "public_use_share_pct"),
        _share("largest_project_amount", "project_table_total", "largest_project_share_pct"),
    )
    return wide.select(*keys[:-1], *[pl.col(c).cast(t) for c, t in PANEL_SCHEMA.items()], "source")


_WITH_PRIOR = [m.name for m in MEASURES if m.prior is not None]


def _prior_name(column: str) -> str:
    """`prior_sangong` / `change_pct_sangong` (pivot's names) → `sangong_prior` / …_change_pct."""
    for head in ("change_pct", "prior"):
        if column.startswith(head + "_"):
            return f"{column.removeprefix(head + '_')}_{head}"
    return column


def _share(part: str, whole: str, name: str) -> pl.Expr:
    return (
        pl.struct(part, whole)
        .map_elements(lambda r: pct(r[part], r[whole]), return_dtype=PERCENT)
        .alias(name)
    )
