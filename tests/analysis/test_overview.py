"""Overview analyses on tiny inline frames: sources, breakdowns, projects, headline claims."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.analysis import overview
from pipeline.analysis.common import MissingFigure
from tests.analysis.frames import fact, frame, functional, li

D = Decimal


def test_sources_leave_out_subtotals_and_blank_columns():
    items = frame("line_items", [
        li(2, "总计", "总计", "100"), li(2, "总计", "财政拨款（补助）小计", "90"),
        li(2, "总计", "一般公共预算", "80"), li(2, "总计", "上级转移支付", "10"),
        li(2, "总计", "财政拨款结转", "10"), li(2, "总计", "单位资金", "0")])
    sources = overview.sources_of_funds(items)
    assert sources["source"].to_list() == ["一般公共预算", "上级转移支付", "财政拨款结转"]
    assert sources["share_pct"].to_list() == [D("80.00"), D("10.00"), D("10.00")]
    assert sources["amount"].sum() == D("100")


def test_sources_need_a_total_row():
    items = frame("line_items", [li(2, "一般公共服务支出", "总计", "1", code="201")])
    with pytest.raises(MissingFigure):
        overview.sources_of_funds(items)


def test_functional_breakdown_fills_blank_cells_with_zero():
    items = frame("line_items", [
        li(3, "总计", "合计", "10"),
        functional(3, "201", "一般公共服务支出", "合计", "10"),
        functional(3, "201", "一般公共服务支出", "基本支出", "4"),
        functional(3, "201", "一般公共服务支出", "项目支出", "6"),
        functional(3, "2010301", "行政运行", "合计", "4"),
        functional(3, "2010301", "行政运行", "基本支出", "4")])
    table = overview.functional_breakdown(items)
    row = table.filter(table["code"] == "2010301").row(0, named=True)
    assert (row["total"], row["basic"], row["project"], row["class_code"]) == (
        D("4"), D("4"), D("0"), "201")
    with pytest.raises(MissingFigure):
        overview.functional_breakdown(items, table_no=5)


def test_basic_vs_project_and_personnel_split():
    items = frame("line_items", [
        li(3, "总计", "合计", "8"), li(3, "总计", "基本支出", "2"), li(3, "总计", "项目支出", "6"),
        li(6, "总计", "合计", "2.00"), li(6, "总计", "人员经费", "1.51"),
        li(6, "总计", "公用经费", "0.50")])
    split = overview.basic_vs_project(items)
    assert split["share_pct"].to_list() == [D("25.00"), D("75.00")]
    people = overview.personnel_vs_public(items)
    # the parts add to 2.01 against a printed 2.00: kept as printed, shares of the printed total
    assert people["share_pct"].to_list() == [D("75.50"), D("25.00")]
    assert people["printed_total"].to_list() == [D("2.00"), D("2.00")]


def test_project_list_flags_projects_missing_on_either_side():
    items = frame("line_items", [
        li(7, "总计", "项目支出合计", "30"),
        li(7, "一般行政管理事务", "项目支出合计", "10", code="2010302", project="甲项目"),
        li(7, "一般行政管理事务", "项目支出合计", "20", code="2010302", project="乙项目")])
    described = frame("projects", [
        {"project_no": 1, "project": "甲项目", "amount": "10"},
        {"project_no": 2, "project": "丙项目", "amount": "5"}])
    table = overview.project_list(items, described)
    rows = {r["project"]: r for r in table.iter_rows(named=True)}
    assert rows["甲项目"]["agrees"] and rows["甲项目"]["share_pct"] == D("33.33")
    assert not rows["乙项目"]["agrees"] and rows["乙项目"]["section_amount"] is None
    assert rows["丙项目"]["amount"] is None and not rows["丙项目"]["agrees"]


def test_headline_claims_recompute_shares_totals_and_project_count():
    items = frame("line_items", [
        li(1, "收入总计", "预算数", "3", side="income"),
        li(3, "总计", "合计", "3"),
        li(5, "总计", "合计", "3"), li(5, "总计", "项目支出", "2"),
        li(7, "x", "项目支出合计", "1", project="甲"),
        li(7, "x", "项目支出合计", "1", project="乙")])
    shares = frame("narrative_shares", [
        {"share_group": "income", "subject": "一般公共预算", "amount": "2", "share_pct": "66.67"},
        {"share_group": "income", "subject": "结转", "amount": "1", "share_pct": "33.34"},
        {"share_group": "other", "subject": "某", "amount": "1", "share_pct": "1"}])
    facts = frame("facts", [fact("overview", "收支总预算", "3.01"),
                            fact("performance", "财政拨款项目金额", "2"),
                            fact("performance", "财政拨款项目个数", "3", "个")])
    claims = overview.headline_claims(items, shares, facts)
    status = dict(zip(claims["claim"], claims["status"], strict=True))
    assert status == {
        "一般公共预算 占 66.67%": "agrees",
        "结转 占 33.34%": "differs by rounding",        # 1 / 3 = 33.33
        "某 占 1.00%": "not evaluated",                   # no table total for group "other"
        "收支总预算 3.01 万元": "differs by rounding",
        "财政拨款项目金额 2.00 万元": "agrees",
        "当年财政拨款项目 3 个": "differs",              # table 7 lists 2 projects
    }
