"""Altair charts of the analysis frames, with findings as titles and exact amounts in tooltips.

Why here and not in the notebooks: the notebooks stay thin, and every chart can be built in a
test.  Positions use floats (Vega needs numbers); tooltips carry the exact amounts as text
("1,962.00"), so what a reader hovers is what the document prints.  Standard classification
names get an English gloss (`pipeline.classification.gloss`); a code the reference table does
not know keeps the name the document prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import altair as alt
import polars as pl

from pipeline.analysis.common import money

__all__ = [
    "bars",
    "grouped_bars",
    "label",
    "plot_frame",
    "series_panels",
    "share_text",
    "waterfall_chart",
    "with_labels",
]

WIDTH = 560
AMOUNT_TITLE = "万元 (10,000 yuan)"


def label(code: str | None, name: str) -> str:
    """`name (English)` for a known classification code, else the printed name.

    >>> label(None, "喀什商品交易会项目（第十四届）")
    '喀什商品交易会项目（第十四届）'
    """
    if code:
        from pipeline.classification import english_name, standard_name

        english = english_name(code)
        if english:
            return f"{standard_name(code)} ({english})"
    return name


def plot_frame(frame: pl.DataFrame, amounts: Sequence[str], places: int = 2) -> list[dict]:
    """Rows for Vega: each amount column as a float plus `<col>_text` with the exact figure.

    Decimal columns that are not in `amounts` (e.g. percentages) become text too.
    """
    text = [
        pl.col(c)
        .map_elements(lambda v: money(v, places), return_dtype=pl.String)
        .alias(f"{c}_text")
        for c in amounts
    ]
    other = [
        pl.col(c).cast(pl.String).alias(c)
        for c, t in frame.schema.items()
        if isinstance(t, pl.Decimal) and c not in amounts
    ]
    return (
        frame.with_columns(*text, *other)
        .with_columns(pl.col(c).cast(pl.Float64) for c in amounts)
        .to_dicts()
    )


def _tooltip(fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{field}:N", title=title) for field, title in fields]


def bars(
    frame: pl.DataFrame,
    *,
    category: str,
    amount: str,
    title: str,
    color: str | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
    sort: str | list[str] = "-x",
    height: int | None = None,
    category_title: str = "",
    amount_title: str = AMOUNT_TITLE,
    places: int = 2,
) -> alt.Chart:
    """Horizontal bars of `amount` by `category`, stacked by `color` if given.

    `tooltip` lists (field, title) pairs; the exact amount is always included.  For counts
    pass `amount_title` and `places=0`.
    """
    data = plot_frame(frame, [amount], places)
    rows = len({row[category] for row in data}) or 1
    encoding = {
        "y": alt.Y(f"{category}:N", sort=sort, title=None, axis=alt.Axis(labelLimit=420)),
        "x": alt.X(f"{amount}:Q", title=amount_title),
        "tooltip": _tooltip(
            [(category, category_title or category), *tooltip, (f"{amount}_text", amount_title)]
        ),
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom"))
    return (
        alt.Chart(alt.Data(values=data), title=alt.Title(title, anchor="start"))
        .mark_bar()
        .encode(**encoding)
        .properties(width=WIDTH, height=height or max(60, 26 * rows))
    )


def grouped_bars(
    frame: pl.DataFrame,
    *,
    category: str,
    group: str,
    amount: str,
    title: str,
    tooltip: Sequence[tuple[str, str]] = (),
    group_order: Sequence[str] = (),
    category_title: str = "",
    category_order: Sequence[str] = (),
) -> alt.Chart:
    """Bars of `amount` per `group` side by side within each `category` (e.g. years);
    categories in `category_order` when given, else by name."""
    data = plot_frame(frame, [amount])
    order = list(group_order) or sorted({row[group] for row in data})
    return (
        alt.Chart(alt.Data(values=data), title=alt.Title(title, anchor="start"))
        .mark_bar()
        .encode(
            y=alt.Y(f"{group}:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X(f"{amount}:Q", title=AMOUNT_TITLE),
            color=alt.Color(
                f"{group}:N", sort=order, title=None, legend=alt.Legend(orient="bottom")
            ),
            row=alt.Row(
                f"{category}:N",
                title=category_title or None,
                sort=list(category_order) or "ascending",
                header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=300),
            ),
            tooltip=_tooltip(
                [
                    (category, category_title or category),
                    (group, ""),
                    *tooltip,
                    (f"{amount}_text", "万元"),
                ]
            ),
        )
        .properties(width=WIDTH - 120, height=24 * len(order))
    )


OTHER_UNITS = "other units"


def series_panels(
    long: pl.DataFrame, *, title: str, highlight: Sequence[str] = (), columns: int = 2
) -> alt.FacetChart:
    """One panel per measure of `across.series`, a line per unit over the years.

    Each panel has its own scales and both axes (amounts and percentages do not share
    one); the units in `highlight` (short names) get a colour, every other unit is a grey
    line, so hundreds of units stay one chart a screen tall.
    """
    named = set(highlight)
    frame = long.with_columns(
        pl.when(pl.col("unit_short").is_in(list(named)))
        .then(pl.col("unit_short"))
        .otherwise(pl.lit(OTHER_UNITS))
        .alias("shown"),
        pl.col("year").cast(pl.String).alias("year_text"),
    )
    data = plot_frame(frame, ["value"])
    order = [*sorted(named), OTHER_UNITS]
    colors = alt.Scale(
        domain=order,
        range=[
            *(
                [
                    "#4c78a8",
                    "#e45756",
                    "#54a24b",
                    "#f58518",
                    "#b279a2",
                    "#72b7b2",
                    "#9d755d",
                    "#ff9da6",
                ]
                * (len(named) // 8 + 1)
            )[: len(named)],
            "#c8c8c8",
        ],
    )
    base = (
        alt.Chart()
        .mark_line(point=True, strokeWidth=1.5)
        .encode(
            x=alt.X("year:O", title="年度 year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None),
            detail="unit:N",
            color=alt.Color(
                "shown:N", scale=colors, title=None, legend=alt.Legend(orient="bottom")
            ),
            order="year:O",
            tooltip=_tooltip(
                [
                    ("unit_short", "单位 unit"),
                    ("year_text", "年度 year"),
                    ("measure", "指标 measure"),
                    ("value_text", "value"),
                ]
            ),
        )
    )
    return (
        alt.layer(base, data=alt.Data(values=data))
        .properties(width=360, height=170)
        .facet(
            facet=alt.Facet(
                "measure:N",
                title=None,
                sort=list(dict.fromkeys(long["measure"].to_list())),
                header=alt.Header(labelFontSize=12, labelAnchor="start"),
            ),
            columns=columns,
            title=alt.Title(title, anchor="start"),
        )
        .resolve_scale(x="independent", y="independent")
        .resolve_axis(x="independent", y="independent")
    )


def waterfall_chart(steps: pl.DataFrame, title: str) -> alt.Chart:
    """A waterfall from `prior_year.waterfall`: totals as full bars, changes as floating bars."""
    frame = steps.with_columns(
        pl.min_horizontal("start", "end").alias("low"),
        pl.max_horizontal("start", "end").alias("high"),
        pl.col("reason").fill_null(""),
        pl.col("line").cast(pl.String).fill_null(""),
    )
    data = plot_frame(frame, ["low", "high", "delta", "start", "end"])
    colors = alt.Scale(
        domain=["total", "increase", "decrease"], range=["#4c78a8", "#e45756", "#54a24b"]
    )
    return (
        alt.Chart(alt.Data(values=data), title=alt.Title(title, anchor="start"))
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", sort=alt.SortField("step"), title=None, axis=alt.Axis(labelLimit=420)
            ),
            x=alt.X("low:Q", title=AMOUNT_TITLE),
            x2="high:Q",
            color=alt.Color("kind:N", scale=colors, title=None, legend=alt.Legend(orient="bottom")),
            tooltip=_tooltip(
                [
                    ("label", "项"),
                    ("delta_text", "change 万元"),
                    ("start_text", "from"),
                    ("end_text", "to"),
                    ("reason", "stated reason"),
                    ("line", "line"),
                ]
            ),
        )
        .properties(width=WIDTH, height=28 * steps.height)
    )


def share_text(part: Decimal | None) -> str:
    """A percentage for a title: '66.14%' or 'n/a'."""
    return "n/a" if part is None else f"{part}%"


def with_labels(
    frame: pl.DataFrame, code: str = "code", name: str = "name", into: str = "label"
) -> pl.DataFrame:
    """The frame with a `label` column: glossed classification name, or the printed name."""
    return frame.with_columns(
        pl.struct(code, name)
        .map_elements(lambda r: label(r[code], r[name]), return_dtype=pl.String)
        .alias(into)
    )
