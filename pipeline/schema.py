"""Metadata as code: every column defined once, every clean table an ordered list of columns.

The Polars schemas, the data dictionary (docs/data-dictionary.md) and the baseline
expectations (types, keys, non-null) are all generated from these definitions, so they
cannot drift apart.  Amounts are always 万元 (ten-thousand yuan) with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

AMOUNT = pl.Decimal(18, 2)
PERCENT = pl.Decimal(9, 2)
QUANTITY = pl.Decimal(18, 4)

UNIT_WIDE = "单位整体"
"""The `project` of the unit-wide performance table (and of its indicators), whatever
heading the edition prints over it: not a project of the unit."""


@dataclass(frozen=True)
class Column:
    """One column: its type, what it holds and its unit (empty when it has none)."""

    name: str
    dtype: pl.DataType
    description: str
    unit: str = ""
    nullable: bool = True


_COLUMNS = [
    # provenance, on every table
    Column("unit", pl.String, "Budget unit (编制单位) as printed in the document", nullable=False),
    Column(
        "unit_id",
        pl.String,
        "Stable id of the unit: u + 10 hex digits of the SHA-256 of "
        "its name (NFKC, whitespace removed); the same in every year and run "
        "(pipeline.units)",
        nullable=False,
    ),
    Column(
        "unit_short",
        pl.String,
        "The unit's name without the region prefixes "
        "新疆维吾尔自治区 and 喀什地区, for display (pipeline.units)",
        nullable=False,
    ),
    Column("year", pl.Int32, "Budget year the document discloses", nullable=False),
    Column(
        "kind",
        pl.String,
        "Kind of document: budget (预算公开); with unit and year it identifies the document",
        nullable=False,
    ),
    Column("source", pl.String, "Path of the raw document the value was read from", nullable=False),
    Column(
        "line",
        pl.Int32,
        "1-based line in the raw document the value was read from (for a "
        "PDF: in its text as converted, kept under data/interim/pdf)",
        nullable=False,
    ),
    Column(
        "page",
        pl.Int32,
        "1-based page of the PDF the value was printed on (the page its "
        "line begins on); null for text input",
    ),
    # documents
    Column(
        "title",
        pl.String,
        "Document title as printed, e.g. 2024 年单位预算公开 (2024 "
        "年部门预算公开 in the 部门 edition)",
        nullable=False,
    ),
    Column(
        "template",
        pl.String,
        "Edition of the template the document follows, read from "
        "its cover and contents: unit_budget_2024, unit_budget_pre2024, "
        "department_budget_2024 (see Editions and roles below)",
        nullable=False,
    ),
    Column("published", pl.Date, "Publication date printed in the document (null if not printed)"),
    Column("staff_quota", pl.Int32, "编制数: authorised headcount", "persons"),
    Column("staff_actual", pl.Int32, "实有人数: actual headcount", "persons"),
    Column("staff_active", pl.Int32, "在职: serving staff", "persons"),
    Column("staff_active_change", pl.Int32, "Change in serving staff on the prior year", "persons"),
    Column("staff_retired", pl.Int32, "退休: retired staff", "persons"),
    Column(
        "staff_retired_change", pl.Int32, "Change in retired staff on the prior year", "persons"
    ),
    Column("staff_retired_cadre", pl.Int32, "离休: retired cadres (pre-1949 service)", "persons"),
    Column(
        "staff_retired_cadre_change",
        pl.Int32,
        "Change in retired cadres on the prior year",
        "persons",
    ),
    Column("sub_offices", pl.Int32, "Number of internal offices (处室/科室) listed", "offices"),
    Column(
        "status",
        pl.String,
        "complete: every number the document prints was placed; "
        "partial: some part could not be read and its numbers are in `unplaced` (the "
        "identities that need that part are not_evaluated)",
        nullable=False,
    ),
    Column("sha256", pl.String, "SHA-256 of the raw file's bytes", nullable=False),
    Column(
        "encoding",
        pl.String,
        "Text encoding the raw file was decoded with; `pdf` for a PDF converted to text",
        nullable=False,
    ),
    Column("pdf_pages", pl.Int32, "Pages of the PDF (null for text input)", "pages"),
    Column(
        "converter",
        pl.String,
        "What converted the PDF to text, with the versions of the "
        "PDF libraries it read with (null for text input)",
    ),
    Column(
        "converter_version",
        pl.String,
        "Version of the converter's output; conversions "
        "are cached under data/interim by the PDF's SHA-256 and this version",
    ),
    # tables
    Column(
        "table_no",
        pl.Int8,
        "Number of the disclosure table as printed (表1 … 表11); "
        "select by `table_role`, which does not change between editions",
        nullable=False,
    ),
    Column(
        "table_role",
        pl.String,
        "What the table is, whatever its number in the edition: "
        "income_expenditure_summary, expenditure_by_function, sangong, carryover, … "
        "(see Editions and roles below)",
        nullable=False,
    ),
    Column("table_title", pl.String, "Title of the disclosure table as printed", nullable=False),
    Column("row_count", pl.Int32, "Number of data rows the table holds", "rows", nullable=False),
    Column(
        "cell_count",
        pl.Int32,
        "Number of non-blank numeric cells the table holds",
        "cells",
        nullable=False,
    ),
    Column("note", pl.String, "Note printed under the table (e.g. why it is empty)"),
    # line items
    Column(
        "classification",
        pl.String,
        "Classification of `code`: functional (功能分类) or economic (经济分类); null if none",
    ),
    Column("code", pl.String, "Classification code as digits: 201, 20103, 2010301, 30101"),
    Column("level", pl.Int8, "Level of `code`: 1 类, 2 款, 3 项; null for total rows"),
    Column("item", pl.String, "Row label as printed, stray PDF spaces removed", nullable=False),
    Column(
        "parent",
        pl.String,
        "Row enclosing a nested row of tables 1, 4 and 10 (其中 …), e.g. 财政拨款结转",
    ),
    Column("project", pl.String, "Project name where the row is a project (tables 7 and 11)"),
    Column(
        "budget_unit",
        pl.String,
        "Budget unit whose row the cell's row is grouped under "
        "(a unit with subordinate units lists each one's rows under a row naming it, and "
        "that row's amounts are their sum); the unit row itself names itself; null where "
        "the table groups no rows under units",
    ),
    Column(
        "measure",
        pl.String,
        "Leaf column header the cell sits under, e.g. 人员经费",
        nullable=False,
    ),
    Column(
        "measure_path",
        pl.String,
        "Full column header path, levels joined by '/', e.g. 财政拨款/基本支出/人员经费",
        nullable=False,
    ),
    Column("column_no", pl.Int8, "Column number printed in the table's ※ row (null if none)"),
    Column("side", pl.String, "income or expenditure, for the two-sided tables 1 and 4"),
    Column("amount", AMOUNT, "Amount", "万元", nullable=False),
    # narrative
    Column(
        "section",
        pl.String,
        "Narrative section numeral as printed (一 … 十二) the "
        "sentence stands in; editions number sections differently: select by "
        "`section_role`",
    ),
    Column(
        "section_role",
        pl.String,
        "What the narrative section is, read from the words "
        "of its heading: overview, income, expenditure, …, sangong, carryover, other "
        "(see Editions and roles below)",
    ),
    Column(
        "subject",
        pl.String,
        "What the sentence speaks of, e.g. 项目支出 or a 项 name",
        nullable=False,
    ),
    Column("change", AMOUNT, "Signed change on the prior-year budget", "万元", nullable=False),
    Column("change_pct", PERCENT, "Signed percentage change as printed", "%", nullable=False),
    Column("prior_amount", AMOUNT, "Prior-year amount derived as amount − change", "万元"),
    Column("amount_line", pl.Int32, "Line the amount was read from when it is not `line`"),
    Column("reason", pl.String, "Reason text the document gives for the change"),
    Column("share_pct", PERCENT, "Share as printed (占 …%)", "%", nullable=False),
    Column(
        "share_group",
        pl.String,
        "Group of shares that together should make 100% (income, expenditure, class)",
    ),
    # projects
    Column(
        "project_no",
        pl.Int16,
        "Ordinal of the project in its section (七; 八 for the government fund's), "
        "numbered from 1 in each",
        nullable=False,
    ),
    Column("policy_basis", pl.String, "设立的政策依据"),
    Column("executing_unit", pl.String, "项目承担单位"),
    Column("period", pl.String, "资金执行时间 as printed"),
    Column("allocation_text", pl.String, "资金分配情况 as printed"),
    Column("quantity", QUANTITY, "A count stated in a project's text (vehicles, persons, …)"),
    Column("quantity_unit", pl.String, "Unit word of `quantity`, e.g. 辆, 人, 套"),
    # performance
    Column("level1", pl.String, "一级指标"),
    Column("level2", pl.String, "二级指标"),
    Column("indicator", pl.String, "三级指标: the indicator's name", nullable=False),
    Column("target_raw", pl.String, "Target value as printed (指标值)", nullable=False),
    Column("target_op", pl.String, "Comparison of the target: =, >=, <=, >, < (null if verbal)"),
    Column("target_value", QUANTITY, "Number in the target (null if verbal)"),
    Column("target_unit", pl.String, "Unit of the target, e.g. 次, %, 万元/次"),
    Column("basis", pl.String, "指标设定依据"),
    Column("last_year_raw", pl.String, "上年完成值 as printed"),
    Column("weight", pl.Int16, "分值权重", "points"),
    Column("scoring_rule", pl.String, "指标赋分规则"),
    Column("evidence", pl.String, "佐证资料"),
    Column("total_budget", AMOUNT, "年度预算总额 of a performance table", "万元"),
    Column("fiscal_amount", AMOUNT, "财政拨款 / 财政资金 part of the performance budget", "万元"),
    Column("other_amount", AMOUNT, "其他资金 part of the performance budget", "万元"),
    Column("goal", pl.String, "Overall goal text (年度绩效目标 / 项目总体目标)"),
    # facts
    Column(
        "topic", pl.String, "Area of a fact: staff, 三公, procurement, assets, …", nullable=False
    ),
    Column("metric", pl.String, "What the fact measures", nullable=False),
    Column("value", QUANTITY, "The fact's value", nullable=False),
    Column("value_unit", pl.String, "Unit of `value`: 万元, 人, 辆, 平方米, …", nullable=False),
    # unplaced
    Column(
        "part",
        pl.String,
        "Part of the document the number stands in: profile, tables, "
        "narrative (the part roles below)",
        nullable=False,
    ),
    Column(
        "role",
        pl.String,
        "Table role or narrative section role of the piece that could "
        "not be read (null in the profile)",
    ),
    Column(
        "position",
        pl.Int16,
        "Order of the number among the numbers of its line, from 1 "
        "(0: the piece prints no number, the row records that it was not read)",
        nullable=False,
    ),
    Column("figure", pl.String, "The number as printed (null when the piece prints none)"),
    Column("text", pl.String, "The line around the number, at most 200 characters", nullable=False),
    Column(
        "why",
        pl.String,
        "Why the piece was not read: what the parser expected where",
        nullable=False,
    ),
]

COLUMNS: dict[str, Column] = {c.name: c for c in _COLUMNS}
if len(COLUMNS) != len(_COLUMNS):  # pragma: no cover - guards the definitions above
    raise RuntimeError("a column is defined twice in pipeline.schema")


@dataclass(frozen=True)
class Table:
    """A clean table: ordered columns and the primary key that identifies a row."""

    name: str
    description: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]

    @property
    def schema(self) -> pl.Schema:
        """The Polars schema of the table, in column order."""
        return pl.Schema({c: COLUMNS[c].dtype for c in self.columns})


_PROVENANCE = ("source", "line", "page")
DOCUMENT_KEY: tuple[str, ...] = ("unit", "year", "kind")
"""What identifies a document, and so every row's document: defined here, once."""

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "documents",
            "One row per ingested document: unit profile and headcount.",
            (
                *DOCUMENT_KEY,
                "unit_id",
                "unit_short",
                "title",
                "template",
                "status",
                "published",
                "staff_quota",
                "staff_actual",
                "staff_active",
                "staff_active_change",
                "staff_retired",
                "staff_retired_change",
                "staff_retired_cadre",
                "staff_retired_cadre_change",
                "sub_offices",
                "sha256",
                "encoding",
                "pdf_pages",
                "converter",
                "converter_version",
                *_PROVENANCE,
            ),
            DOCUMENT_KEY,
        ),
        Table(
            "tables",
            "One row per disclosure table 表1–表11, empty tables included with their note.",
            (
                *DOCUMENT_KEY,
                "table_no",
                "table_role",
                "table_title",
                "row_count",
                "cell_count",
                "note",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "table_role"),
        ),
        Table(
            "line_items",
            "Every non-blank numeric cell of tables 1–11, one row per cell.",
            (
                *DOCUMENT_KEY,
                "table_no",
                "table_role",
                "table_title",
                "classification",
                "code",
                "level",
                "item",
                "parent",
                "project",
                "budget_unit",
                "measure",
                "measure_path",
                "column_no",
                "side",
                "amount",
                *_PROVENANCE,
            ),
            (
                *DOCUMENT_KEY,
                "table_role",
                "side",
                "budget_unit",
                "code",
                "item",
                "parent",
                "project",
                "measure_path",
            ),
        ),
        Table(
            "narrative_changes",
            "Every year-on-year sentence of the narrative (比上年预算增加/减少 …).",
            (
                *DOCUMENT_KEY,
                "section",
                "section_role",
                "subject",
                "code",
                "amount",
                "change",
                "change_pct",
                "prior_amount",
                "reason",
                "amount_line",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "line", "subject"),
        ),
        Table(
            "narrative_shares",
            "Every share the narrative states (占 …%), with its subject and amount.",
            (
                *DOCUMENT_KEY,
                "section",
                "section_role",
                "share_group",
                "subject",
                "code",
                "amount",
                "share_pct",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "line", "subject"),
        ),
        Table(
            "projects",
            "Projects described in the narrative: section 七 (section_role projects, the "
            "general budget's, listed in the project table) and the government fund's "
            "(section_role government_fund, in their section 八).",
            (
                *DOCUMENT_KEY,
                "section_role",
                "project_no",
                "project",
                "amount",
                "policy_basis",
                "executing_unit",
                "period",
                "allocation_text",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "section_role", "project_no"),
        ),
        Table(
            "project_allocations",
            "Each amount (万元) that a project's allocation text itemises.",
            (*DOCUMENT_KEY, "project", "item", "amount", *_PROVENANCE),
            (*DOCUMENT_KEY, "project", "item", "line"),
        ),
        Table(
            "project_quantities",
            "Each count a project's allocation text states (vehicles, persons, rooms …).",
            (*DOCUMENT_KEY, "project", "item", "quantity", "quantity_unit", *_PROVENANCE),
            (*DOCUMENT_KEY, "project", "item", "quantity_unit", "line"),
        ),
        Table(
            "performance_tables",
            "One row per performance-target table: the unit-wide one (单位整体绩效目标表, "
            "部门整体绩效目标表 in the 部门 edition; `project` 单位整体) and each project's.",
            (
                *DOCUMENT_KEY,
                "project",
                "total_budget",
                "fiscal_amount",
                "other_amount",
                "goal",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "project"),
        ),
        Table(
            "performance_indicators",
            "Each indicator row of the performance-target tables.",
            (
                *DOCUMENT_KEY,
                "project",
                "level1",
                "level2",
                "indicator",
                "target_raw",
                "target_op",
                "target_value",
                "target_unit",
                "basis",
                "last_year_raw",
                "weight",
                "scoring_rule",
                "evidence",
                *_PROVENANCE,
            ),
            (*DOCUMENT_KEY, "project", "line"),
        ),
        Table(
            "facts",
            "Other figures: sub-offices, 三公, 机关运行经费, procurement, assets, carry-over.",
            (*DOCUMENT_KEY, "topic", "metric", "value", "value_unit", *_PROVENANCE),
            (*DOCUMENT_KEY, "topic", "metric"),
        ),
        Table(
            "unplaced",
            "Every number of a `partial` document that could not be placed: the piece that "
            "holds it (a table, a narrative sentence, a project block, a performance table, "
            "the headcount sentence) was not read, and why.  Empty for complete documents.",
            (*DOCUMENT_KEY, "part", "role", "position", "figure", "text", "why", *_PROVENANCE),
            (*DOCUMENT_KEY, "line", "position"),
        ),
    ]
}


def schema_of(table: str) -> pl.Schema:
    """Polars schema of a clean table.

    >>> schema_of("facts")["value"]
    Decimal(precision=18, scale=4)
    """
    return TABLES[table].schema


def empty_frame(table: str) -> pl.DataFrame:
    """An empty frame with the table's schema.

    >>> empty_frame("tables").columns[:3]
    ['unit', 'year', 'kind']
    """
    return pl.DataFrame(schema=schema_of(table))


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the definitions above."""
    out = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/schema.py` by `budget dictionary`; do not edit by hand.",
        "Amounts are 万元 with two decimals (`Decimal(18, 2)`). Every table carries `unit`,",
        "`year`, `source`, `line` and `page`, so each value can be traced to the line it was",
        "read from and, for a PDF, the page it was printed on.",
        "",
    ]
    for table in TABLES.values():
        out += [
            f"## `{table.name}`",
            "",
            table.description,
            "",
            f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}",
            "",
            "| column | type | unit | nullable | description |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name in table.columns:
            col = COLUMNS[name]
            out.append(
                f"| `{name}` | {col.dtype} | {col.unit} | "
                f"{'yes' if col.nullable else 'no'} | {col.description} |"
            )
        out.append("")
    return "\n".join(out + _editions_and_roles())


def _editions_and_roles() -> list[str]:
    """The editions, and for each table and section role what each edition prints."""
    from pipeline.template import KINDS, PART_ROLES, SECTION_ROLES, TABLE_ROLES, TEMPLATES

    editions = list(TEMPLATES.values())
    names = " | ".join(f"`{t.name}`" for t in editions)
    rule = " | ".join("---" for _ in editions)
    out = [
        "## Editions and roles",
        "",
        "Each document follows one edition of the disclosure template (`documents.template`),",
        "read from its own cover title and contents (`pipeline.parse.detect`). Editions",
        "number their tables and sections differently; the roles do not change, so select",
        "rows by `table_role` and `section_role`, never by `table_no` or `section`.",
        "Adding an edition: [adding-a-template.md](adding-a-template.md).",
        "",
        "| edition | kind | cover title | description |",
        "| --- | --- | --- | --- |",
    ]
    out += [f"| `{t.name}` | {t.kind} | {t.title_text} | {t.description} |" for t in editions]
    out += [
        "",
        "Kinds: " + "; ".join(f"`{k}`: {v}" for k, v in KINDS.items()) + ".",
        "Parts of every edition: " + "; ".join(f"`{k}`: {v}" for k, v in PART_ROLES.items()) + ".",
        "",
        "### Table roles (`table_role`): the table each edition prints",
        "",
        f"| table_role | what it is | {names} |",
        f"| --- | --- | {rule} |",
    ]
    for role, text in TABLE_ROLES.items():
        cells = [
            f"表{spec.number} {spec.title}" if (spec := t.table(role)) else "—" for t in editions
        ]
        out.append(f"| `{role}` | {text} | {' | '.join(cells)} |")
    out += [
        "",
        "### Section roles (`section_role`): the numeral each edition prints",
        "",
        f"| section_role | what it is | {names} |",
        f"| --- | --- | {rule} |",
    ]
    for role, text in SECTION_ROLES.items():
        cells = [t.section_numeral(role) or "—" for t in editions]
        out.append(f"| `{role}` | {text} | {' | '.join(cells)} |")
    out.append("")
    return out
