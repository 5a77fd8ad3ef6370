"""The template as data: editions declare roles; the shipped document's rows carry them."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from pipeline.parse import parse_document
from pipeline.reader import read_document
from pipeline.template import (
    DEFAULT_TEMPLATE,
    SECTION_ROLES,
    TABLE_ROLES,
    TEMPLATES,
    Rule,
    SectionDecl,
    template_named,
)

REAL = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "raw"
    / ("kashgar-admin-office_2024_budget.txt")
)


def test_every_edition_declares_known_roles_once():
    for template in TEMPLATES.values():
        assert set(template.table_roles) <= set(TABLE_ROLES)
        assert len(set(template.table_roles)) == len(template.tables)
        assert {s.role for s in template.sections} <= set(SECTION_ROLES)


def test_a_role_declared_twice_or_unknown_is_refused():
    with pytest.raises(ValueError, match="section role 'sangong' twice"):
        dataclasses.replace(
            DEFAULT_TEMPLATE, sections=(*DEFAULT_TEMPLATE.sections, SectionDecl("sangong", "十三"))
        )
    with pytest.raises(ValueError, match="table role 'nonsense'"):
        dataclasses.replace(
            DEFAULT_TEMPLATE,
            tables=(dataclasses.replace(DEFAULT_TEMPLATE.tables[0], role="nonsense"),),
        )
    with pytest.raises(KeyError, match="known: unit_budget_2024, unit_budget_pre2024"):
        template_named("no such edition")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code_tables": ("sangong_detail",)}, "code table 'sangong_detail'"),
        (
            {"fact_rules": (Rule("nowhere", re.compile("x"), ()),)},
            "fact rule for section 'nowhere'",
        ),
        ({"parts": DEFAULT_TEMPLATE.parts[1:]}, "part 'profile' missing"),
        (
            {"sections": (SectionDecl("overview", "一"), *DEFAULT_TEMPLATE.sections[1:])},
            "section 'overview' without keywords",
        ),
    ],
)
def test_a_declaration_that_does_not_hold_together_is_refused(change, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        dataclasses.replace(DEFAULT_TEMPLATE, **change)


def test_the_editions_differ_where_they_say():
    unit, old, department = (
        template_named(n)
        for n in ("unit_budget_2024", "unit_budget_pre2024", "department_budget_2024")
    )
    assert old.table_roles == unit.table_roles[:-1] and unit.table_roles[-1] == "carryover"
    assert old.section_numeral("other") == "十一" and old.section("carryover") is None
    assert department.table("income_expenditure_summary").title == "部门收支总体情况表"
    assert department.table("sangong") is unit.table("sangong")
    assert department.performance.unit_heading == "部门整体绩效目标表"
    assert department.title.match("2024 年部门预算公开").group(1) == "2024"


def test_sections_are_named_by_their_most_specific_words():
    template = DEFAULT_TEMPLATE
    # body heading of section 四 (line 433), the unit name taken out
    named = template.sections_named("四、关于2024年财政拨款收支预算情况的总体说明")
    assert [s.role for s in named] == ["fiscal", "overview"]
    assert template.sections_named("其他说明") == []
    assert [p.role for p in template.parts_named("第四部分名词解释")] == ["glossary"]


def test_the_header_order_names_groups_where_they_open():
    carryover = DEFAULT_TEMPLATE.table("carryover")
    assert carryover.header_order == (
        "总计",
        "财政拨款",
        "合计",
        "基本支出",
        "人员经费",
        "公用经费",
        "项目支出",
        "非财政拨款",
        "合计",
        "基本支出",
        "人员经费",
        "公用经费",
        "项目支出",
    )
    summary = DEFAULT_TEMPLATE.table("income_expenditure_summary")
    assert summary.header_order == ("收入", "预算数", "支出", "预算数")


def test_the_shipped_document_rows_carry_roles():
    records = parse_document(read_document(REAL)).records
    (document,) = records["documents"]
    assert (document["template"], document["kind"]) == ("unit_budget_2024", "budget")
    roles = {(t["table_no"], t["table_role"]) for t in records["tables"]}
    # the 2024 edition's numbering, checked against the titles printed on lines 74–390
    assert roles == {
        (1, "income_expenditure_summary"),
        (2, "income_by_function"),
        (3, "expenditure_by_function"),
        (4, "fiscal_summary"),
        (5, "general_budget_by_function"),
        (6, "basic_by_economic_class"),
        (7, "project_expenditure"),
        (8, "government_fund_expenditure"),
        (9, "state_capital_expenditure"),
        (10, "sangong"),
        (11, "carryover"),
    }
    assert {(i["table_no"], i["table_role"]) for i in records["line_items"]} <= roles
    sections = {(c["section"], c["section_role"]) for c in records["narrative_changes"]}
    # lines 411–548: 二 income, 三 expenditure, 五 general budget, 十 三公, 十二 other
    assert sections == {
        ("二", "income"),
        ("三", "expenditure"),
        ("五", "general_budget"),
        ("十", "sangong"),
        ("十二", "other"),
    }
    shares = {(s["section"], s["section_role"]) for s in records["narrative_shares"]}
    assert shares == {("二", "income"), ("三", "expenditure"), ("五", "general_budget")}


def test_the_title_pattern_reads_the_year():
    match = DEFAULT_TEMPLATE.title.match("2024 年单位预算公开")
    assert match and match.group(1) == "2024"
    assert not DEFAULT_TEMPLATE.title.match("2024 年部门预算公开")
    assert isinstance(DEFAULT_TEMPLATE.title, re.Pattern)


def test_the_data_dictionary_lists_each_editions_tables_and_sections():
    from pipeline.schema import data_dictionary

    text = data_dictionary()
    for template in TEMPLATES.values():
        assert f"| `{template.name}` | {template.kind} | {template.title_text} |" in text
    # the ten-table edition prints no carry-over table and numbers 其他重要事项 十一
    assert (
        "(上年结转结余情况明细表) | 表11 上年结转结余情况明细表 | — | "
        "表11 上年结转结余情况明细表 |" in text
    )
    assert "| 十二 | 十一 | 十二 |" in text
