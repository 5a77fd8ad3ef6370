"""Which edition a document follows, read from its cover and contents; the closest edition
named when none fits.  Edited copies of the shipped document (line numbers cited as in it)."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.errors import ParseError
from pipeline.parse import detect, parse_document
from pipeline.template import TEMPLATES, template_named
from tests.helpers import edited


def test_the_shipped_document_is_the_2024_unit_edition(real):
    assert detect(real) is template_named("unit_budget_2024")


def test_contents_listing_ten_tables_names_the_closest_edition(real):
    # line 26 lists table 十一 (上年结转结余情况明细表) under 第二部分 (line 14)
    doc = edited(real, {26: ""})
    with pytest.raises(ParseError) as error:
        detect(doc)
    assert error.value.source == real.source and error.value.line == 14
    assert "closest is unit_budget_2024: the contents list 10 tables; the edition prints 11" in str(
        error.value
    )


def test_a_department_title_on_a_unit_document_names_what_differs(real):
    # line 5: the cover title; 部门 there but 单位 everywhere else
    doc = edited(real, {5: "2024 年部门预算公开"})
    with pytest.raises(ParseError) as error:
        detect(doc)
    assert error.value.line == 5
    assert "closest is unit_budget_2024: the cover has no title like 'YYYY 年单位预算公开'" in str(
        error.value
    )


def test_the_closest_edition_is_the_one_with_fewest_misfits(real):
    """部门 cover, profile heading and table 1 title (lines 5, 9, 16); tables 2 and 3 still
    单位 (lines 17, 18): the 部门 edition is closest, and both misfits are named."""
    doc = edited(
        real,
        {
            5: "2024 年部门预算公开",
            9: real.lines[8].replace("单位概况", "部门概况"),
            16: "- 一、 部门收支总体情况表",
        },
    )
    with pytest.raises(ParseError) as error:
        detect(doc)
    message = str(error.value)
    assert error.value.line == 17 and "closest is department_budget_2024: " in message
    assert (
        "the contents list table 二 as '单位收入总体情况表'; the edition prints "
        "'部门收入总体情况表'; the contents list table 三 as '单位支出总体情况表'; the edition "
        "prints '部门支出总体情况表'" in message
    )


def test_beyond_three_misfits_the_rest_are_counted(real):
    # cover, profile heading (lines 5, 9) and table 十一 (line 26): four misfits of 2024
    doc = edited(
        real, {5: "2024 年部门预算公开", 9: real.lines[8].replace("单位概况", "部门概况"), 26: ""}
    )
    misfits = r"closest is unit_budget_2024: .*\(and 1 more\), found '"
    with pytest.raises(ParseError, match=misfits):
        detect(doc)


def test_a_registry_whose_editions_overlap_is_refused(real):
    twin = dataclasses.replace(template_named("unit_budget_2024"), name="twin")
    with pytest.raises(ParseError, match="fits unit_budget_2024, twin alike"):
        detect(real, {"unit_budget_2024": template_named("unit_budget_2024"), "twin": twin})


def test_without_contents_the_body_tells_the_edition(real):
    """Lines 7–56 are the contents (目录 … 第四部分 名词解释); blanked, the body's part
    headings, 表 N titles and section headings are read instead, to the same records."""
    doc = edited(real, dict.fromkeys(range(7, 57), ""))
    assert detect(doc) is template_named("unit_budget_2024")
    assert parse_document(doc).records == parse_document(real).records


def test_without_contents_a_missing_table_is_still_a_misfit(real):
    """No contents, and 表 11's title (line 383) changed: no edition fits."""
    lines = dict.fromkeys(range(7, 57), "")
    doc = edited(real, {**lines, 383: "上年结转情况表"})
    with pytest.raises(
        ParseError,
        match="closest is unit_budget_2024: the document prints "
        "table 11 as '上年结转情况表'; the edition prints "
        "'上年结转结余情况明细表'",
    ) as error:
        detect(doc)
    assert error.value.line == 381


def test_a_given_edition_is_asserted_not_detected(real):
    with pytest.raises(ParseError, match="YYYY 年部门预算公开") as error:
        parse_document(real, template=template_named("department_budget_2024"))
    assert error.value.line == 3  # the cover: the unit name, then no 部门 title under it


def test_every_registered_edition_is_distinguishable():
    """No two editions share title, table titles and section roles (detection could not
    tell them apart)."""
    signatures = {
        (t.title_text, tuple(s.title for s in t.tables), t.section_roles)
        for t in TEMPLATES.values()
    }
    assert len(signatures) == len(TEMPLATES) >= 3
