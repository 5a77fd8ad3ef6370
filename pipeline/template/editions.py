"""The editions of the disclosure template, each declared as one `Template`.

`UNIT_BUDGET_2024` is the eleven-table 单位预算公开 the shipped document follows;
`UNIT_BUDGET_PRE2024` the ten-table edition before it; `DEPARTMENT_BUDGET_2024` the
部门预算公开 a department publishes in the 2024 layout.  Only the first is read from a real
document here; the other two are tested with synthetic documents (`pipeline.synth`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.template.fact_rules import BUDGET_FACT_RULES
from pipeline.template.labels import PerformanceLabels
from pipeline.template.model import PartDecl, SectionDecl, Template
from pipeline.template.tables import (
    CLASS,
    CODED_NAME,
    ITEM,
    LABEL,
    NAME,
    PROJECT,
    SEGMENT,
    Leaf,
    Side,
    TableSpec,
)


def _group(group: str, *names: str) -> tuple[Leaf, ...]:
    return tuple(Leaf(name, (group,)) for name in names)


_FUNCTIONAL = (CLASS, SEGMENT, ITEM, NAME)
_FUNCTIONAL_WORDS = ("功能分类科目编码", "功能分类科目名称", "类", "款", "项")
_GRANT = "财政拨款（补助）"
PROJECT_ECONOMIC_COLUMNS: tuple[str, ...] = (
    "工资福利支出",
    "商品服务支出",
    "对个人和家庭的补助",
    "债务利息及费用支出",
    "资本性支出（基本建设）",
    "资本性支出",
    "对企业补助（基本建设）",
    "对企业补助",
    "对社会保障基金补助",
    "其他支出",
)
"""The economic classes the project table (role project_expenditure) splits each project's
money into, after its 项目支出合计 column; the identities sum them."""


def _expenditure_by_source(role: str, number: int, title: str, group: str) -> TableSpec:
    """Tables 8 and 9: one budget's expenditure split into basic (staff, running) and project."""
    leaves = (
        Leaf("合计", (group,)),
        Leaf("人员经费", (group, "基本支出")),
        Leaf("公用经费", (group, "基本支出")),
        Leaf("项目支出", (group,)),
    )
    return TableSpec(
        role,
        number,
        title,
        (Side(None, _FUNCTIONAL, leaves, "functional"),),
        (*_FUNCTIONAL_WORDS, "科目", group, "基本支出"),
    )


def _carry_over_leaves() -> tuple[Leaf, ...]:
    leaves: list[Leaf] = [Leaf("总计")]
    for source in ("财政拨款", "非财政拨款"):
        leaves += [
            Leaf("合计", (source,)),
            Leaf("人员经费", (source, "基本支出")),
            Leaf("公用经费", (source, "基本支出")),
            Leaf("项目支出", (source,)),
        ]
    return tuple(leaves)


UNIT_TABLES_2024: tuple[TableSpec, ...] = (
    TableSpec(
        "income_expenditure_summary",
        1,
        "单位收支总体情况表",
        (
            Side("income", (LABEL,), (Leaf("预算数", ("收入",)),), None, True),
            Side("expenditure", (CODED_NAME,), (Leaf("预算数", ("支出",)),), "functional"),
        ),
        ("项目", "支出功能分类"),
        numbered=False,
    ),
    TableSpec(
        "income_by_function",
        2,
        "单位收入总体情况表",
        (
            Side(
                None,
                _FUNCTIONAL,
                (
                    Leaf("总计"),
                    *_group(
                        _GRANT,
                        "财政拨款（补助）小计",
                        "一般公共预算",
                        "上级一般公共预算安排的转移支付",
                        "政府性基金预算",
                        "上级政府性基金安排的转移支付",
                        "国有资本经营预算",
                        "上级国有资本经营预算安排的转移支付",
                    ),
                    Leaf("财政专户（教育收费）"),
                    Leaf("单位资金"),
                    Leaf("财政拨款结转"),
                    Leaf("非财政拨款结转结余"),
                ),
                "functional",
            ),
        ),
        _FUNCTIONAL_WORDS,
    ),
    TableSpec(
        "expenditure_by_function",
        3,
        "单位支出总体情况表",
        (
            Side(
                None, _FUNCTIONAL, _group("支出预算", "合计", "基本支出", "项目支出"), "functional"
            ),
        ),
        (*_FUNCTIONAL_WORDS, "科目"),
    ),
    TableSpec(
        "fiscal_summary",
        4,
        "财政拨款收支预算总体情况表",
        (
            Side("income", (LABEL,), (Leaf("合计", ("财政拨款收入",)),), None, True),
            Side(
                "expenditure",
                (CODED_NAME,),
                _group(
                    "财政拨款支出", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"
                ),
                "functional",
            ),
        ),
        ("项目", "支出功能分类"),
        numbered=False,
    ),
    TableSpec(
        "general_budget_by_function",
        5,
        "一般公共预算支出情况表",
        (
            Side(
                None,
                _FUNCTIONAL,
                _group("一般公共预算支出", "合计", "基本支出", "项目支出"),
                "functional",
            ),
        ),
        (*_FUNCTIONAL_WORDS, "科目"),
    ),
    TableSpec(
        "basic_by_economic_class",
        6,
        "一般公共预算基本支出情况表",
        (
            Side(
                None,
                (CLASS, SEGMENT, NAME),
                _group("一般公共预算基本支出", "合计", "人员经费", "公用经费"),
                "economic",
            ),
        ),
        ("经济分类科目编码", "经济分类科目名称", "科目", "类", "款"),
    ),
    TableSpec(
        "project_expenditure",
        7,
        "一般公共预算项目支出情况表",
        (
            Side(
                None,
                (CLASS, SEGMENT, ITEM, NAME, PROJECT),
                tuple(Leaf(name) for name in ("项目支出合计", *PROJECT_ECONOMIC_COLUMNS)),
                "functional",
            ),
        ),
        ("科目编码", "功能分类科目名称", "项目名称", "类", "款", "项"),
    ),
    _expenditure_by_source(
        "government_fund_expenditure", 8, "政府性基金预算支出情况表", "政府性基金预算支出"
    ),
    _expenditure_by_source(
        "state_capital_expenditure", 9, "国有资本经营预算支出情况表", "国有资本经营预算支出"
    ),
    TableSpec(
        "sangong",
        10,
        "财政拨款“三公”经费支出情况表",
        (
            Side(
                None,
                (LABEL,),
                (
                    Leaf("合计"),
                    *_group("资金来源", "一般公共预算", "政府性基金", "国有资本经营预算"),
                ),
                None,
                True,
            ),
        ),
        ("“三公”经费支出内容",),
    ),
    TableSpec(
        "carryover",
        11,
        "上年结转结余情况明细表",
        (Side(None, (LABEL,), _carry_over_leaves(), projects=True),),
        ("项目名称", "财政拨款", "非财政拨款", "基本支出"),
    ),
)
"""The eleven tables of the 2024 单位预算公开."""


UNIT_SECTIONS_2024: tuple[SectionDecl, ...] = (
    SectionDecl("overview", "一", ("收支预算情况", "总体说明")),
    SectionDecl("income", "二", ("收入预算情况",), share_group="income"),
    SectionDecl("expenditure", "三", ("支出预算情况",), share_group="expenditure"),
    SectionDecl("fiscal", "四", ("财政拨款收支预算", "总体说明")),
    SectionDecl("general_budget", "五", ("一般公共预算当年拨款",)),
    SectionDecl("basic_expenditure", "六", ("一般公共预算基本支出",)),
    SectionDecl("projects", "七", ("一般公共预算项目支出",)),
    SectionDecl("government_fund", "八", ("政府性基金预算",)),
    SectionDecl("state_capital", "九", ("国有资本经营预算",)),
    SectionDecl("sangong", "十", ("三公",)),
    SectionDecl("carryover", "十一", ("上年结转结余",)),
    SectionDecl("other", "十二", ("其他重要事项",)),
)
"""The twelve narrative sections of the 2024 单位预算公开; headings are recognised by their
words (the unit name removed), so the numerals are what this edition prints, not a key."""

_CODE_TABLES = ("income_by_function", "expenditure_by_function", "general_budget_by_function")


def _parts(unit_word: str) -> tuple[PartDecl, ...]:
    return (
        PartDecl("一", "profile", (f"{unit_word}概况",)),
        PartDecl("二", "tables", ("预算公开表",)),
        PartDecl("三", "narrative", ("预算情况说明",)),
        PartDecl("四", "glossary", ("名词解释",)),
    )


def _title(unit_word: str) -> re.Pattern[str]:
    return re.compile(rf"^(\d{{4}})\s*年\s*{unit_word}预算公开\s*$")


UNIT_BUDGET_2024 = Template(
    name="unit_budget_2024",
    kind="budget",
    description="单位预算公开, eleven tables (2024 edition)",
    title=_title("单位"),
    title_text="YYYY 年单位预算公开",
    parts=_parts("单位"),
    tables=UNIT_TABLES_2024,
    sections=UNIT_SECTIONS_2024,
    fact_rules=BUDGET_FACT_RULES,
    code_tables=_CODE_TABLES,
)

UNIT_BUDGET_PRE2024 = replace(
    UNIT_BUDGET_2024,
    name="unit_budget_pre2024",
    description="单位预算公开, ten tables (the edition before 2024: no 上年结转结余情况明细表, "
    "no carry-over section)",
    tables=tuple(t for t in UNIT_TABLES_2024 if t.role != "carryover"),
    sections=(
        *(s for s in UNIT_SECTIONS_2024 if s.role not in ("carryover", "other")),
        SectionDecl("other", "十一", ("其他重要事项",)),
    ),
    fact_rules=tuple(r for r in BUDGET_FACT_RULES if r.section != "carryover"),
)
"""The 2024 edition without its carry-over table and section; 其他重要事项 is 十一."""

_DEPARTMENT_TITLES = {
    "income_expenditure_summary": "部门收支总体情况表",
    "income_by_function": "部门收入总体情况表",
    "expenditure_by_function": "部门支出总体情况表",
}

DEPARTMENT_BUDGET_2024 = replace(
    UNIT_BUDGET_2024,
    name="department_budget_2024",
    description="部门预算公开, eleven tables (the 2024 layout, 部门 where the unit edition "
    "says 单位)",
    title=_title("部门"),
    title_text="YYYY 年部门预算公开",
    parts=_parts("部门"),
    tables=tuple(
        replace(t, title=_DEPARTMENT_TITLES[t.role]) if t.role in _DEPARTMENT_TITLES else t
        for t in UNIT_TABLES_2024
    ),
    unit_word="部门",
    performance=PerformanceLabels(unit_heading="部门整体绩效目标表"),
)
"""The 2024 edition as a department (部门) publishes it: title, profile heading, tables 1–3
and the whole-department performance table say 部门."""
