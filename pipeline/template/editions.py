"""The editions of the disclosure template, each declared as one `Template`.

`UNIT_BUDGET_2024` is the eleven-table 单位预算公开 the shipped document follows.
"""

from __future__ import annotations

import re

from pipeline.template.model import SectionDecl, Template
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


def _expenditure_by_source(role: str, number: int, title: str, group: str) -> TableSpec:
    """Tables 8 and 9: one budget's expenditure split into basic (staff, running) and project."""
    leaves = (Leaf("合计", (group,)), Leaf("人员经费", (group, "基本支出")),
              Leaf("公用经费", (group, "基本支出")), Leaf("项目支出", (group,)))
    return TableSpec(role, number, title, (Side(None, _FUNCTIONAL, leaves, "functional"),),
                     (*_FUNCTIONAL_WORDS, "科目", group, "基本支出"))


def _carry_over_leaves() -> tuple[Leaf, ...]:
    leaves: list[Leaf] = [Leaf("总计")]
    for source in ("财政拨款", "非财政拨款"):
        leaves += [Leaf("合计", (source,)), Leaf("人员经费", (source, "基本支出")),
                   Leaf("公用经费", (source, "基本支出")), Leaf("项目支出", (source,))]
    return tuple(leaves)


UNIT_TABLES_2024: tuple[TableSpec, ...] = (
    TableSpec("income_expenditure_summary", 1, "单位收支总体情况表", (
        Side("income", (LABEL,), (Leaf("预算数", ("收入",)),), None, True),
        Side("expenditure", (CODED_NAME,), (Leaf("预算数", ("支出",)),), "functional"),
    ), ("项目", "支出功能分类"), numbered=False),
    TableSpec("income_by_function", 2, "单位收入总体情况表", (Side(None, _FUNCTIONAL, (
        Leaf("总计"),
        *_group(_GRANT, "财政拨款（补助）小计", "一般公共预算",
                "上级一般公共预算安排的转移支付", "政府性基金预算",
                "上级政府性基金安排的转移支付", "国有资本经营预算",
                "上级国有资本经营预算安排的转移支付"),
        Leaf("财政专户（教育收费）"), Leaf("单位资金"), Leaf("财政拨款结转"),
        Leaf("非财政拨款结转结余"),
    ), "functional"),), _FUNCTIONAL_WORDS),
    TableSpec("expenditure_by_function", 3, "单位支出总体情况表",
              (Side(None, _FUNCTIONAL, _group("支出预算", "合计", "基本支出", "项目支出"),
                    "functional"),), (*_FUNCTIONAL_WORDS, "科目")),
    TableSpec("fiscal_summary", 4, "财政拨款收支预算总体情况表", (
        Side("income", (LABEL,), (Leaf("合计", ("财政拨款收入",)),), None, True),
        Side("expenditure", (CODED_NAME,),
             _group("财政拨款支出", "合计", "一般公共预算", "政府性基金预算",
                    "国有资本经营预算"),
             "functional"),
    ), ("项目", "支出功能分类"), numbered=False),
    TableSpec("general_budget_by_function", 5, "一般公共预算支出情况表",
              (Side(None, _FUNCTIONAL, _group("一般公共预算支出", "合计", "基本支出", "项目支出"),
                    "functional"),), (*_FUNCTIONAL_WORDS, "科目")),
    TableSpec("basic_by_economic_class", 6, "一般公共预算基本支出情况表",
              (Side(None, (CLASS, SEGMENT, NAME),
                    _group("一般公共预算基本支出", "合计", "人员经费", "公用经费"),
                    "economic"),),
              ("经济分类科目编码", "经济分类科目名称", "科目", "类", "款")),
    TableSpec("project_expenditure", 7, "一般公共预算项目支出情况表",
              (Side(None, (CLASS, SEGMENT, ITEM, NAME, PROJECT), tuple(
                  Leaf(name) for name in (
                      "项目支出合计", "工资福利支出", "商品服务支出", "对个人和家庭的补助",
                      "债务利息及费用支出", "资本性支出（基本建设）", "资本性支出",
                      "对企业补助（基本建设）", "对企业补助", "对社会保障基金补助", "其他支出")),
                  "functional"),), ("科目编码", "功能分类科目名称", "项目名称", "类", "款", "项")),
    _expenditure_by_source("government_fund_expenditure", 8, "政府性基金预算支出情况表",
                           "政府性基金预算支出"),
    _expenditure_by_source("state_capital_expenditure", 9, "国有资本经营预算支出情况表",
                           "国有资本经营预算支出"),
    TableSpec("sangong", 10, "财政拨款“三公”经费支出情况表", (Side(None, (LABEL,), (
        Leaf("合计"), *_group("资金来源", "一般公共预算", "政府性基金", "国有资本经营预算")),
        None, True),), ("“三公”经费支出内容",)),
    TableSpec("carryover", 11, "上年结转结余情况明细表",
              (Side(None, (LABEL,), _carry_over_leaves(), projects=True),),
              ("项目名称", "财政拨款", "非财政拨款", "基本支出")),
)
"""The eleven tables of the 2024 单位预算公开."""


UNIT_SECTIONS_2024: tuple[SectionDecl, ...] = (
    SectionDecl("overview", "一", ("收支预算情况", "总体说明")),
    SectionDecl("income", "二", ("收入预算情况",)),
    SectionDecl("expenditure", "三", ("支出预算情况",)),
    SectionDecl("fiscal", "四", ("财政拨款收", "总体说明")),
    SectionDecl("general_budget", "五", ("一般公共预算当年拨款",)),
    SectionDecl("basic_expenditure", "六", ("一般公共预算基本支出",)),
    SectionDecl("projects", "七", ("一般公共预算项目支出",)),
    SectionDecl("government_fund", "八", ("政府性基金预算",)),
    SectionDecl("state_capital", "九", ("国有资本经营预算",)),
    SectionDecl("sangong", "十", ("三公",)),
    SectionDecl("carryover", "十一", ("上年结转结余",)),
    SectionDecl("other", "十二", ("其他重要事项",)),
)

UNIT_BUDGET_2024 = Template(
    name="unit_budget_2024",
    kind="budget",
    description="单位预算公开, eleven tables (2024 edition)",
    title=re.compile(r"^(\d{4})\s*年\s*单位预算公开\s*$"),
    parts=(("一", "profile"), ("二", "tables"), ("三", "narrative"), ("四", "glossary")),
    tables=UNIT_TABLES_2024,
    sections=UNIT_SECTIONS_2024,
)
