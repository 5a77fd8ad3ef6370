"""Project analyses on tiny frames: shares, with/without, allocation, unit costs, procurement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.analysis import projects
from pipeline.analysis.common import MissingFigure
from tests.analysis.frames import change, fact, frame, li

D = Decimal


def budget():
    return frame(
        "line_items",
        [
            li(3, "总计", "合计", "150"),
            li(3, "总计", "基本支出", "50"),
            li(3, "总计", "项目支出", "100"),
            li(6, "商品和服务支出", "合计", "10", code="302", level=1),
            li(7, "总计", "项目支出合计", "100"),
            li(7, "总计", "商品服务支出", "95"),
            li(7, "x", "项目支出合计", "80", project="交易会项目"),
            li(7, "x", "商品服务支出", "80", project="交易会项目"),
            li(7, "x", "项目支出合计", "20", project="补贴项目"),
            li(7, "x", "商品服务支出", "15", project="补贴项目"),
        ],
    )


def test_find_project_needs_exactly_one_match():
    assert projects.find_project(["交易会项目", "补贴项目"], "交易会") == "交易会项目"
    with pytest.raises(MissingFigure, match="found 2"):
        projects.find_project(["交易会项目", "补贴项目"], "项目")
    with pytest.raises(MissingFigure, match="found 0"):
        projects.find_project(["补贴项目"], "交易会")


def test_project_spending_shares():
    spending = projects.project_spending(budget())
    assert spending["project"].to_list() == ["交易会项目", "补贴项目"]
    assert spending["share_pct"].to_list() == [D("80.00"), D("20.00")]


def test_with_and_without_against_the_narrative_prior():
    changes = frame(
        "narrative_changes",
        [
            change("基本支出", "50", "-5", "-9.09", section="三"),
            change("项目支出", "100", "80", "400.00", section="三"),
        ],
    )
    table = projects.with_and_without(budget(), changes, "交易会项目")
    rows = {r["measure"]: r for r in table.iter_rows(named=True)}
    assert rows["项目支出"]["prior"] == D("20") and rows["项目支出"]["without"] == D("20")
    assert rows["项目支出"]["pct_with"] == D("400.00")
    assert rows["项目支出"]["pct_without"] == D("0.00")
    assert rows["支出总计"]["prior"] == D("75") and rows["支出总计"]["change_without"] == D("-5")
    # without the narrative's sentences the prior year is unknown, not zero
    empty = projects.with_and_without(budget(), changes.clear(), "交易会项目")
    assert empty["prior"].to_list() == [None, None] and empty["pct_with"].null_count() == 2


def test_allocation_adds_the_unitemised_remainder_and_rejects_too_much():
    items = frame(
        "project_allocations",
        [
            {"project": "交易会项目", "item": "委托业务费", "amount": "60"},
            {"project": "交易会项目", "item": "办公费", "amount": "15"},
        ],
    )
    table = projects.allocation(items, "交易会项目", D("80"))
    assert table["item"].to_list() == ["委托业务费", "办公费", "未列明 (not itemised)"]
    assert table["share_pct"].to_list() == [D("75.00"), D("18.75"), D("6.25")]
    with pytest.raises(ValueError, match="exceeds"):
        projects.allocation(items, "交易会项目", D("70"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("67.33 万元/次", (None, D("67.33"), "万元/次")),
        ("< =163.50 万元/次", ("<=", D("163.50"), "万元/次")),
        ("≥17 次", (">=", D("17"), "次")),
        ("=100%", ("=", D("100"), "%")),
        ("新增", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_parse_target(text, expected):
    assert projects.parse_target(text) == expected


def indicators():
    return frame(
        "performance_indicators",
        [
            {
                "project": "交易会项目",
                "level1": "产出指标",
                "level2": "数量指标",
                "indicator": "举办论坛次数",
                "target_raw": "=12 次",
                "target_op": "=",
                "target_value": "12",
                "target_unit": "次",
                "last_year_raw": "10 次",
            },
            {
                "project": "交易会项目",
                "level1": "产出指标",
                "level2": "数量指标",
                "indicator": "举办活动场次",
                "target_raw": "=1 次",
                "target_op": "=",
                "target_value": "1",
                "target_unit": "次",
                "last_year_raw": "1 次",
            },
            {
                "project": "交易会项目",
                "level1": "成本指标",
                "level2": "经济成本指标",
                "indicator": "平均举办论坛成本",
                "target_raw": "<=6 万元/次",
                "target_op": "<=",
                "target_value": "6",
                "target_unit": "万元/次",
                "last_year_raw": "4 万元/次",
            },
            {
                "project": "交易会项目",
                "level1": "成本指标",
                "level2": "经济成本指标",
                "indicator": "场地成本",
                "target_raw": "<=5 万元",
                "target_op": "<=",
                "target_value": "5",
                "target_unit": "万元",
                "last_year_raw": "5 万元/次",
            },
        ],
    )


def test_unit_costs_compare_only_like_units():
    costs = projects.unit_costs(indicators(), "交易会项目")
    rows = {r["indicator"]: r for r in costs.iter_rows(named=True)}
    assert rows["平均举办论坛成本"]["times"] == D("1.50")
    assert rows["平均举办论坛成本"]["change_pct"] == D("50.00")
    assert rows["场地成本"]["last_year_value"] is None  # 万元 vs 万元/次: not comparable


def test_per_occasion_cost_pairs_cost_and_count():
    result = projects.per_occasion_cost(indicators(), "交易会项目", "论坛")
    assert (result["implied"], result["implied_last_year"]) == (D("72.00"), D("40.00"))
    with pytest.raises(MissingFigure):
        projects.per_occasion_cost(indicators(), "交易会项目", "晚会")


def test_procurement_bounds():
    facts = frame(
        "facts",
        [fact("procurement", "政府采购预算", "100"), fact("procurement", "政府采购服务预算", "90")],
    )
    table = projects.procurement_bounds(budget(), facts, "交易会项目")
    rows = dict(zip(table["quantity"], table["amount"], strict=True))
    assert rows["project goods/services/capital (upper bound)"] == D("80")
    # other procurable spending: 10 (table 6 class 302) + 95 − 80 (table 7) = 25
    assert rows["other goods/services/capital spending"] == D("25")
    assert rows["procurement left for the project (lower bound)"] == D("75")
    small = frame("facts", [fact("procurement", "政府采购预算", "20")])
    rows = dict(
        zip(
            *projects.procurement_bounds(budget(), small, "交易会项目")
            .select("quantity", "amount")
            .to_dict()
            .values(),
            strict=True,
        )
    )
    assert rows["procurement left for the project (lower bound)"] == D("0")
    assert rows["project goods/services/capital (upper bound)"] == D("20")
    with pytest.raises(MissingFigure):
        projects.procurement_bounds(budget(), facts.clear(), "交易会项目")
