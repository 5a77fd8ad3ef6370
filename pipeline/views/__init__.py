"""Ready-to-analyse views of the clean tables, loaded like tables: `views.load(name, …)`.

The clean tables keep every printed cell, so the same money appears many times (the 项 in
tables 2, 3, 5 and 7; 类, 款 and 项 rows nesting each other; the narrative restating the
tables).  A view picks, for one question, the one table (by `table_role`) and the one column
that answer it, and says in the data dictionary what a row is, its key, and how to sum it
without counting anything twice.

>>> sorted(VIEWS)[:3]
['code_glossary', 'economic_spending', 'functional_spending']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipeline.schema import AMOUNT, COLUMNS, PERCENT, QUANTITY, Column
from pipeline.views import glossary, panel, spending

__all__ = ["VIEWS", "View", "build", "dictionary", "load"]


@dataclass(frozen=True)
class View:
    """A view: what a row is, its key, how not to double count, its columns, how it is built."""

    name: str
    question: str
    row: str
    key: tuple[str, ...]
    no_double_count: str
    columns: tuple[Column, ...]
    tables: tuple[str, ...]
    build: Callable[[dict[str, pl.DataFrame]], pl.DataFrame]

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})


def _c(
    name: str, dtype: pl.DataType | None = None, description: str = "", unit: str = ""
) -> Column:
    """A view column: the clean tables' definition of `name`, or a new one."""
    if dtype is None:
        return COLUMNS[name]
    return Column(name, dtype, description, unit)


_UNIT = (_c("unit_id"), _c("unit"), _c("unit_short"), _c("year"), _c("kind"))
_PROVENANCE = (
    _c("source"),
    _c("line", pl.Int32, "Line of the raw document the row's first figure was read from"),
)
_NAMES = (
    _c("name_zh", pl.String, "Name as the document prints it"),
    _c(
        "name_en",
        pl.String,
        "English name from pipeline/data/classification_codes.csv "
        "(null if the code is not in the reference table)",
    ),
)


def _panel_columns() -> tuple[Column, ...]:
    described = {m.name: m for m in panel.MEASURES}
    columns = []
    for name, dtype in panel.PANEL_SCHEMA.items():
        base = name.removesuffix("_prior").removesuffix("_change_pct").removesuffix("_share_pct")
        measure = described.get(base)
        if name.endswith("_prior"):
            text = f"Prior-year {base} as the narrative's 比上年 sentence states it"
        elif name.endswith("_change_pct"):
            text = f"Change of {base} on the prior year, % (null if the prior is missing or 0)"
        elif name == "project_share_pct":
            text = "project as % of total"
        elif name == "public_use_share_pct":
            text = "public_use as % of general-public-budget basic expenditure (表6 合计)"
        elif name == "largest_project_share_pct":
            text = "largest_project_amount as % of the project table's total"
        elif name == "largest_project":
            text = "Name of the largest project of the project table (表7)"
        else:
            text = measure.description if measure else name
        unit = "%" if dtype == PERCENT else (measure.unit if measure else "")
        columns.append(_c(name, dtype, text, "万元" if dtype == AMOUNT else unit))
    return tuple(columns)


VIEWS: dict[str, View] = {
    v.name: v
    for v in [
        View(
            "functional_spending",
            "Where does the money go, by function (类/款/项), basic against project?",
            "One printed 类, 款 or 项 row of an expenditure-by-function table of one document.",
            ("unit", "year", "kind", "funds", "code"),
            "Sum ONE `funds` and ONE `level`: level 1 (类) rows add up to the table's total, and "
            "so do the level 3 (项) rows; adding levels counts the money two or three times, "
            "adding `funds` counts the general budget twice.  Never sum `line_items` for this: "
            "the same 项 is printed in four tables and several columns.",
            (
                *_UNIT,
                _c(
                    "funds",
                    pl.String,
                    "all: 单位支出总体情况表 (every source of money); "
                    "general_budget: 一般公共预算支出情况表",
                ),
                _c("code"),
                _c("level"),
                _c("class_code", pl.String, "The 类 (first 3 digits)"),
                *_NAMES,
                _c("total", AMOUNT, "合计", "万元"),
                _c("basic", AMOUNT, "基本支出 (0 where the printed row leaves it blank)", "万元"),
                _c("project", AMOUNT, "项目支出 (0 where the printed row leaves it blank)", "万元"),
                *_PROVENANCE,
            ),
            ("line_items",),
            spending.functional_spending,
        ),
        View(
            "economic_spending",
            "What is the money spent on (wages, goods and services, …)?",
            "One economic 类 or 款 of basic spending (表6) or one economic 类 of project spending "
            "(a column of 表7's total row) of one document.",
            ("unit", "year", "kind", "spending", "code"),
            "Sum ONE `spending` and ONE `level`.  Basic level-1 rows plus project level-1 rows "
            "make the general public budget's total; `personnel` + `public_use` of basic rows is "
            "`amount` again, not more money.",
            (
                *_UNIT,
                _c("spending", pl.String, "basic (表6) or project (表7)"),
                _c("code"),
                _c("level"),
                *_NAMES,
                _c(
                    "amount",
                    AMOUNT,
                    "合计 of the row (basic) or the column's total (project)",
                    "万元",
                ),
                _c("personnel", AMOUNT, "人员经费 part (basic rows; 0 if blank)", "万元"),
                _c("public_use", AMOUNT, "公用经费 part (basic rows; 0 if blank)", "万元"),
                *_PROVENANCE,
            ),
            ("line_items",),
            spending.economic_spending,
        ),
        View(
            "project_spending",
            "Which projects, how large, under which 项?",
            "One project row of the general public budget project table (表7) of one document.",
            ("unit", "year", "kind", "code", "project"),
            "`amount` summed over a document's rows is the project table's total; do not add "
            "the 类/款 rows of 表7 or `projects.amount` (the narrative restating the same money).",
            (
                *_UNIT,
                _c("project"),
                _c(
                    "project_no",
                    pl.Int16,
                    "Number of the project's "
                    "description in the narrative "
                    "(null if none has this name)",
                ),
                _c("code"),
                _c("level"),
                _c("name_zh", pl.String, "Name of the 项 as printed"),
                _NAMES[1],
                _c("amount", AMOUNT, "项目支出合计", "万元"),
                _c("share_pct", PERCENT, "amount as % of the project table's total", "%"),
                _c(
                    "economic_code",
                    pl.String,
                    "Economic 类 of the column holding the money (null "
                    "when it is split across columns)",
                ),
                *_PROVENANCE,
            ),
            ("line_items", "projects"),
            spending.project_spending,
        ),
        View(
            "unit_year_panel",
            "How do units compare, and how did each change on the prior year?",
            "One document (unit-year): size, shares, 三公, 机关运行经费, carry-over, fleet, "
            "procurement and the largest project, with prior-year values and changes.",
            ("unit", "year", "kind"),
            "Each measure is one figure of the document; measures overlap (basic + project = "
            "total; sangong is part of public_use), so never add measures together.  Where each "
            "figure was read: `unit_year_measures`.",
            (*_UNIT[:5], *_panel_columns(), _c("source")),
            ("documents", "tables", "line_items", "narrative_changes", "facts"),
            panel.unit_year_panel,
        ),
        View(
            "unit_year_measures",
            "Where exactly did each panel figure come from?",
            "One measure of one document: its value, where the document states it, its "
            "prior-year value and change.",
            ("unit", "year", "kind", "measure"),
            "Values of different measures overlap and have different units (`value_unit`): "
            "filter one `measure` before summing over documents.",
            (
                *_UNIT,
                _c("measure", pl.String, "Name of the measure (a column of unit_year_panel)"),
                _c(
                    "value",
                    QUANTITY,
                    "The figure; null when the document states it nowhere, 0 "
                    "when it states 0 (a cell, a sentence or a blank cell of a "
                    "printed table)",
                ),
                _c("value_unit"),
                _c("label", pl.String, "Text going with the value (the largest project's name)"),
                _c(
                    "stated_in",
                    pl.String,
                    "Where the value was read: table:<table_role>, "
                    "table:<table_role>:blank (a printed table without the "
                    "cell: 0), fact:<topic>/<metric>, "
                    "narrative:<section_role>, profile",
                ),
                _c("line", pl.Int32, "Line of the raw document the value was read from"),
                _c("prior", QUANTITY, "Prior-year value (the narrative's 比上年 sentence)"),
                _c("prior_line", pl.Int32, "Line the prior-year value was read from"),
                _c(
                    "change_pct",
                    PERCENT,
                    "Change on the prior year, % (null if no prior or 0)",
                    "%",
                ),
                _c("source"),
            ),
            ("documents", "tables", "line_items", "narrative_changes", "facts"),
            panel.unit_year_measures,
        ),
        View(
            "code_glossary",
            "Which classification codes do the documents print, under which names?",
            "One classification code as the tables of one year print it under one name, with "
            "the standard Chinese and English names.",
            ("classification", "code", "year", "name_printed"),
            "A glossary, not money: nothing to sum.  A code printed under two names in a year "
            "has two rows.",
            (
                _c("classification"),
                _c("code"),
                _c("level"),
                _c("year"),
                _c("name_printed", pl.String, "Name the tables print for the code"),
                _c(
                    "name_standard",
                    pl.String,
                    "Standard Chinese name (pipeline/data/"
                    "classification_codes.csv); null if not listed",
                ),
                _NAMES[1],
                _c(
                    "gloss",
                    pl.String,
                    "名称 (English), or the printed name when the code is not "
                    "in the reference table",
                ),
                _c("documents", pl.Int32, "How many documents of the year print it so"),
                _c("printed_in", pl.String, "Table roles printing it, comma-separated"),
                _c("source", pl.String, "One raw document printing it"),
                _c("line", pl.Int32, "First line printing it in that document"),
            ),
            ("line_items",),
            glossary.code_glossary,
        ),
    ]
}


def build(name: str, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The view `name` computed from clean frames (any subset of units and years).

    Raises KeyError naming the views for an unknown name.
    """
    view = _view(name)
    out = view.build(frames)
    return out.select([pl.col(c).cast(t) for c, t in view.schema.items()])


def _view(name: str) -> View:
    if name not in VIEWS:
        raise KeyError(f"no view {name!r}; views are {', '.join(VIEWS)}")
    return VIEWS[name]


def load(
    name: str,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    amounts: str = "decimal",
) -> pl.DataFrame:
    """A view of the clean tables, like `pipeline.load`: e.g. `load("unit_year_panel")`.

    `unit` may be an id, a full or short name or an unambiguous part of one; `year` one
    year; `kind` one kind of document; `amounts="float"` gives Float64 amounts for plotting
    (Decimal is the default).
    """
    import pipeline

    view = _view(name)
    if unit is not None:
        unit = pipeline.resolve_unit(unit)
    frames = {table: pipeline.load(table, unit=unit, year=year, kind=kind) for table in view.tables}
    out = build(name, frames)
    return pipeline.as_float(out) if amounts == "float" else out


def dictionary() -> str:
    """The views' part of the data dictionary, as Markdown."""
    out = [
        "# Views",
        "",
        "Ready-to-analyse views (`pipeline.views.load(name, unit=…, year=…)`, and "
        "`budget export --views …`), computed from the clean tables by "
        "`pipeline/views/`. Each answers one question from one table, so its rows can "
        "be summed as the section says without counting the same money twice.",
        "",
    ]
    for view in VIEWS.values():
        out += [
            f"## view `{view.name}`",
            "",
            f"**Answers:** {view.question}",
            "",
            f"**A row is:** {view.row}",
            "",
            f"Key: {', '.join(f'`{k}`' for k in view.key)}",
            "",
            f"**Not double counting:** {view.no_double_count}",
            "",
            f"Built from: {', '.join(f'`{t}`' for t in view.tables)}",
            "",
            "| column | type | unit | description |",
            "| --- | --- | --- | --- |",
        ]
        out += [f"| `{c.name}` | {c.dtype} | {c.unit} | {c.description} |" for c in view.columns]
        out.append("")
    return "\n".join(out)
