"""The layout by meaning: sections by their heading's words, tables by number and title,
columns in their declared order.  Edited copies of the shipped document (lines cited)."""

from __future__ import annotations

import pytest

from pipeline.errors import ParseError
from pipeline.parse import parse_document
from pipeline.parse.sections import find_layout
from tests.helpers import edited


def test_a_section_numbered_otherwise_keeps_its_role(real):
    """十二、 其他重要事项 (contents line 54, body line 686) renumbered 十三: its role comes
    from its words, so its facts (机关运行经费, procurement, assets …) are still read."""
    doc = edited(real, {54: "十三、 其他重要事项的情况说明", 686: "十三、 其他重要事项的情况说明"})
    layout = find_layout(doc)
    assert layout.section_role("十三") == "other" and "十二" not in layout.section_roles
    assert layout.section("other") == find_layout(real).section("other")
    got, want = parse_document(doc).records, parse_document(real).records
    # a reason's number keeps the printed numeral in its metric: 十三/机关运行经费/报废其他车辆
    assert [{**r, "metric": r["metric"].replace("十三/", "十二/")} for r in got["facts"]] == want[
        "facts"
    ]
    (running,) = [r for r in got["narrative_changes"] if r["subject"] == "机关运行经费"]
    assert (running["section"], running["section_role"]) == ("十三", "other")
    assert [{**r, "section": None} for r in got["narrative_changes"]] == [
        {**r, "section": None} for r in want["narrative_changes"]
    ]


def test_section_roles_of_the_shipped_document(real):
    # body headings, lines 399–686
    roles = find_layout(real).section_roles
    assert roles == {
        "一": "overview",
        "二": "income",
        "三": "expenditure",
        "四": "fiscal",
        "五": "general_budget",
        "六": "basic_expenditure",
        "七": "projects",
        "八": "government_fund",
        "九": "state_capital",
        "十": "sangong",
        "十一": "carryover",
        "十二": "other",
    }


def test_a_heading_that_names_no_section_fails_naming_it(real):
    heading = "八、关于新疆维吾尔自治区喀什地区行政公署办公室2024年其他说明"
    with pytest.raises(ParseError, match="a narrative section heading of unit_budget_2024") as err:
        find_layout(edited(real, {666: heading}))
    assert err.value.line == 666 and err.value.found == heading


def test_two_headings_of_one_section_fail(real):
    heading = real.lines[669].replace("国有资本经营预算", "政府性基金预算")  # 九 → a second 八
    with pytest.raises(ParseError, match="one section on government_fund") as err:
        find_layout(edited(real, {670: heading}))
    assert err.value.line == 670


def test_a_table_titled_otherwise_than_its_number_says_fails(real):
    """表 3's title (line 154) reads as table 2's: the figures would land under the wrong
    role, so the table is named instead."""
    with pytest.raises(ParseError) as err:
        find_layout(edited(real, {154: "单位收入总体情况表"}))
    assert err.value.line == 154 and err.value.found == "单位收入总体情况表"
    assert (
        "表 3 titled '单位支出总体情况表' (the expenditure_by_function table of "
        "unit_budget_2024)" in str(err.value)
    )


def test_a_part_heading_of_no_part_fails(real):
    with pytest.raises(ParseError, match="a part heading of unit_budget_2024") as err:
        find_layout(edited(real, {947: "第四部分 附件"}))
    assert err.value.line == 947


# ---------------------------------------------------------------- columns by position


def _swap_table_3_columns(real) -> dict[int, str]:
    """Table 3 (lines 161–181) with its 基本支出 and 项目支出 columns swapped, header and rows,
    as a publisher printing them the other way round would."""
    edits = {}
    for number in range(161, 182):
        cells = real.lines[number - 1].split("\t")
        if len(cells) == 7 and not cells[0].startswith(("类", "※")):
            cells[5], cells[6] = cells[6], cells[5]
            edits[number] = "\t".join(cells)
    return edits


def test_columns_named_in_another_order_fail_naming_both_orders(real):
    edits = _swap_table_3_columns(real)
    assert 161 in edits and len(edits) == 19  # the header row and 18 data rows
    with pytest.raises(ParseError) as err:
        parse_document(edited(real, edits), strict=True)
    message = str(err.value)
    assert err.value.line == 161
    assert "table 3's header to name its columns in the order 合计, 基本支出, 项目支出" in message
    assert err.value.found == "合计, 项目支出, 基本支出"


def test_a_numbering_row_out_of_order_fails(real):
    # line 163: table 3's ※ row, columns numbered 1 3 2
    with pytest.raises(ParseError, match="table 3's columns numbered in rising order") as err:
        parse_document(edited(real, {163: "※\t※\t※\t※\t1\t3\t2"}), strict=True)
    assert err.value.line == 163


def test_groups_and_leaves_of_a_multi_row_header_are_checked_row_by_row(real):
    """Table 11's header (lines 389–391) names 财政拨款 and 非财政拨款 on one row and their
    leaves on the next two: swapping the two groups is caught on the first row."""
    cells = real.lines[388].split("\t")
    assert (cells[2], cells[6]) == ("财政拨款", "非财政拨款")
    cells[2], cells[6] = cells[6], cells[2]
    swapped = "\t".join(cells)
    with pytest.raises(ParseError) as err:
        parse_document(edited(real, {389: swapped}), strict=True)
    assert err.value.line == 389 and err.value.found == "总计, 非财政拨款, 财政拨款"


def test_a_heading_wrapped_onto_the_next_line_is_read_whole(real):
    """Line 433 broken after 财政拨款收 as the contents break it (lines 36–38): the rest on
    the blank line 434 completes the heading."""
    head, rest = real.lines[432].split("财政拨款收")
    doc = edited(real, {433: head + "财政拨款收", 434: rest})
    assert rest == "支预算情况的总体说明"
    assert find_layout(doc).section_role("四") == "fiscal"
