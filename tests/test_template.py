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
    SectionDecl,
    template_named,
)

REAL = Path(__file__).resolve().parent.parent / "data" / "raw" / (
    "kashgar-admin-office_2024_budget.txt")


def test_every_edition_declares_known_roles_once():
    for template in TEMPLATES.values():
        assert set(template.table_roles) <= set(TABLE_ROLES)
        assert len(set(template.table_roles)) == len(template.tables)
        assert {s.role for s in template.sections} <= set(SECTION_ROLES)


def test_a_role_declared_twice_or_unknown_is_refused():
    with pytest.raises(ValueError, match="section role 'sangong' twice"):
        dataclasses.replace(DEFAULT_TEMPLATE, sections=(
            *DEFAULT_TEMPLATE.sections, SectionDecl("sangong", "十三")))
    with pytest.raises(ValueError, match="table role 'nonsense'"):
        dataclasses.replace(DEFAULT_TEMPLATE, tables=(
            dataclasses.replace(DEFAULT_TEMPLATE.tables[0], role="nonsense"),))
    with pytest.raises(KeyError, match="known: unit_budget_2024"):
        template_named("no such edition")


def test_the_shipped_document_rows_carry_roles():
    records = parse_document(read_document(REAL)).records
    (document,) = records["documents"]
    assert (document["template"], document["kind"]) == ("unit_budget_2024", "budget")
    roles = {(t["table_no"], t["table_role"]) for t in records["tables"]}
    # the 2024 edition's numbering, checked against the titles printed on lines 74–390
    assert roles == {(1, "income_expenditure_summary"), (2, "income_by_function"),
                     (3, "expenditure_by_function"), (4, "fiscal_summary"),
                     (5, "general_budget_by_function"), (6, "basic_by_economic_class"),
                     (7, "project_expenditure"), (8, "government_fund_expenditure"),
                     (9, "state_capital_expenditure"), (10, "sangong"), (11, "carryover")}
    assert {(i["table_no"], i["table_role"]) for i in records["line_items"]} <= roles
    sections = {(c["section"], c["section_role"]) for c in records["narrative_changes"]}
    # lines 411–548: 二 income, 三 expenditure, 五 general budget, 十 三公, 十二 other
    assert sections == {("二", "income"), ("三", "expenditure"), ("五", "general_budget"),
                        ("十", "sangong"), ("十二", "other")}
    shares = {(s["section"], s["section_role"]) for s in records["narrative_shares"]}
    assert shares == {("二", "income"), ("三", "expenditure"), ("五", "general_budget")}


def test_the_title_pattern_reads_the_year():
    match = DEFAULT_TEMPLATE.title.match("2024 年单位预算公开")
    assert match and match.group(1) == "2024"
    assert not DEFAULT_TEMPLATE.title.match("2024 年部门预算公开")
    assert isinstance(DEFAULT_TEMPLATE.title, re.Pattern)
