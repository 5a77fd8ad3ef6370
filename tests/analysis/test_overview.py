"""Overview analyses on tiny inline frames: sources, breakdowns, projects, headline claims."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import overview
from pipeline.analysis.common import MissingFigure
from pipeline.identities import residuals
from tests.analysis.frames import fact, frame, functional, li

D = Decimal


def test_sources_leave_out_subtotals_and_blank_columns():
    items = frame(
        "line_items",
        [
            li(2, "总计", "总计", "100"),
            li(2, "总计", "财政拨款（补助）小计", "90"),
            li(2, "总计", "一般公共预算", "80"),
            li(2, "总计", "上级转移支付", "10"),
            li(2, "总计", "财政拨款结转", "10"),
            li(2, "总计", "单位资金", "0"),
        ],
    )
    sources = overview.sources_of_funds(items)
    assert sources["source"].to_list() == ["一般公共预算", "上级转移支付", "财政拨款结转"]
    assert sources["share_pct"].to_list() == [D("80.00"), D("10.00"), D("10.00")]
    assert sources["amount"].sum() == D("100")


def test_sources_need_a_total_row():
    items = frame("line_items", [li(2, "一般公共服务支出", "总计", "1", code="201")])
    with pytest.raises(MissingFigure):
        overview.sources_of_funds(items)


def test_functional_breakdown_fills_blank_cells_with_zero():
    items = frame(
        "line_items",
        [
            li(3, "总计", "合计", "10"),
            functional(3, "201", "一般公共服务支出", "合计", "10"),
            functional(3, "201", "一般公共服务支出", "基本支出", "4"),
            functional(3, "201", "一般公共服务支出", "项目支出", "6"),
            functional(3, "2010301", "行政运行", "合计", "4"),
            functional(3, "2010301", "行政运行", "基本支出", "4"),
        ],
    )
    table = overview.functional_breakdown(items)
    row = table.filter(table["code"] == "2010301").row(0, named=True)
    assert (row["total"], row["basic"], row["project"], row["class_code"]) == (
        D("4"),
        D("4"),
        D("0"),
        "201",
    )
    with pytest.raises(MissingFigure):
        overview.functional_breakdown(items, role="general_budget_by_function")


def test_basic_vs_project_and_personnel_split():
    items = frame(
        "line_items",
        [
            li(3, "总计", "合计", "8"),
            li(3, "总计", "基本支出", "2"),
            li(3, "总计", "项目支出", "6"),
            li(6, "总计", "合计", "2.00"),
            li(6, "总计", "人员经费", "1.51"),
            li(6, "总计", "公用经费", "0.50"),
        ],
    )
    split = overview.basic_vs_project(items)
    assert split["share_pct"].to_list() == [D("25.00"), D("75.00")]
    people = overview.personnel_vs_public(items)
    # the parts add to 2.01 against a printed 2.00: kept as printed, shares of the printed total
    assert people["share_pct"].to_list() == [D("75.50"), D("25.00")]
    assert people["printed_total"].to_list() == [D("2.00"), D("2.00")]


def test_project_list_flags_projects_missing_on_either_side():
    items = frame(
        "line_items",
        [
            li(7, "总计", "项目支出合计", "30"),
            li(7, "一般行政管理事务", "项目支出合计", "10", code="2010302", project="甲项目"),
            li(7, "一般行政管理事务", "项目支出合计", "20", code="2010302", project="乙项目"),
        ],
    )
    described = frame(
        "projects",
        [
            {"project_no": 1, "project": "甲项目", "amount": "10"},
            {"project_no": 2, "project": "丙项目", "amount": "5"},
        ],
    )
    res = residuals({"line_items": items, "projects": described})
    table = overview.project_list(items, described, res)
    rows = {r["project"]: r for r in table.iter_rows(named=True)}
    assert rows["甲项目"]["status"] == "pass" and rows["甲项目"]["share_pct"] == D("33.33")
    # not described: no claim, no verdict
    assert rows["乙项目"]["status"] is None and rows["乙项目"]["section_amount"] is None
    # described, but not in the project table
    assert rows["丙项目"]["amount"] is None and rows["丙项目"]["status"] == "fail"
    verdicts = res.filter(pl.col("check") == "projects.narrative_eq_project_expenditure")
    assert dict(zip(verdicts["instance"], verdicts["status"], strict=True)) == {
        "甲项目": "pass",
        "丙项目": "fail",
    }
    with pytest.raises(ValueError, match=r"hold no projects\.narrative_eq_project_expenditure"):
        overview.project_list(items, described, res.clear())


def test_headline_claims_are_the_identity_results_of_the_claim_checks():
    items = frame(
        "line_items",
        [
            li(1, "收入总计", "预算数", "3", side="income"),
            li(7, "总计", "项目支出合计", "2"),
            li(7, "x", "项目支出合计", "1", project="甲"),
            li(7, "x", "项目支出合计", "1", project="乙"),
        ],
    )
    shares = frame(
        "narrative_shares",
        [
            {
                "section": "二",
                "section_role": "income",
                "share_group": "income",
                "subject": "一般公共预算",
                "amount": "2",
                "share_pct": "66.67",
            },
            {
                "section": "二",
                "section_role": "income",
                "share_group": "income",
                "subject": "结转",
                "amount": "1",
                "share_pct": "33.34",
            },
        ],
    )
    facts = frame(
        "facts",
        [
            fact("overview", "收支总预算", "3.01"),
            fact("performance", "财政拨款项目金额", "2"),
            fact("performance", "财政拨款项目个数", "3", "个"),
        ],
    )
    # tables 8 and 9 printed empty (their note): no fund or state-capital project money
    printed = frame(
        "tables",
        [
            {"table_no": n, "table_role": role, "table_title": f"表{n}", "row_count": 0}
            for n, role in ((8, "government_fund_expenditure"), (9, "state_capital_expenditure"))
        ],
    )
    res = residuals(
        {"line_items": items, "narrative_shares": shares, "facts": facts, "tables": printed}
    )
    claims = overview.headline_claims(res)
    got = {(r["check"], r["instance"]): r["status"] for r in claims.iter_rows(named=True)}
    assert got == {
        ("narrative.share_consistent", "二 income 一般公共预算"): "pass",
        ("narrative.share_consistent", "二 income 结转"): "pass",  # 33.34 ≈ 33.33 + rounding
        # 3.01 stated, 3.00 in the summary table: one verdict, fail
        ("narrative.overview.total_budget_eq_income_expenditure_summary", ""): "fail",
        ("narrative.other.performance_projects_eq_project_expenditure", ""): "pass",
        ("projects.count_eq_project_expenditure", "财政拨款项目个数"): "fail",  # 2 projects
    }
    # the group's own sum and the tables' hierarchy are not claims
    assert not set(claims["check"]) & {
        "narrative.shares_sum_to_100",
        "hierarchy.total_eq_sum_of_classes",
    }
    assert claims.columns == [
        "check",
        "instance",
        "status",
        "reported",
        "calculated",
        "difference",
        "tolerance",
        "line",
        "detail",
    ]
    with pytest.raises(ValueError, match="not identity results"):
        overview.headline_claims(items)
