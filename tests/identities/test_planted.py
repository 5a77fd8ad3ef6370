"""One wrong number planted in a copy of the real document, per identity family.

The family's check must fail and name the line; every check that fails must depend on the
planted line (it is the reported line or among the parts the detail lists), so checks that
do not depend on that number still pass.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.identities.real import planted

CASES = {
    # table 6 line 284 差旅费 15.04 → 16.04 (both columns): 302 no longer sums (line 280)
    "hierarchy": (
        {284: ("15.04\t\t15.04", "16.04\t\t16.04")},
        "hierarchy.class_eq_sum_of_kuan",
        280,
        284,
    ),
    # table 3 line 171 行政单位离退休: 基本支出 101.42 → 101.52, 合计 stays 101.42
    "rows": (
        {171: ("101.42\t101.42", "101.42\t101.52")},
        "rows.expenditure_by_function.total_eq_basic_plus_project",
        171,
        171,
    ),
    # table 1 line 99 上年结转结余 3.69 → 3.79
    "summary": ({99: ("3.69", "3.79")}, "summary.income_total_eq_current_plus_carryover", 112, 99),
    # table 6 line 287 公务用车运行维护费 31.50 → 41.50 exceeds table 10's full caliber 31.50
    "across": (
        {287: ("31.50\t\t31.50", "41.50\t\t41.50")},
        "across.sangong.vehicle_running_ge_basic_by_economic_class_30231",
        379,
        287,
    ),
    # line 466 增长43.63% → 44.63% while 30.81 / 70.61 = 43.63%
    "narrative": ({466: ("增长43.63%", "增长44.63%")}, "narrative.yoy_consistent", 466, 466),
    # line 462: 减少 23.07 → 33.07 and 1.42% → 2.02% (consistent in itself: 33.07/1,634.15),
    # but the derived prior-year 项 no longer add up to derived basic + project
    "prior": (
        {462: ("减少 23.07 万元，下降 1.42%", "减少 33.07 万元，下降 2.02%")},
        "prior.items_eq_basic_plus_project",
        462,
        462,
    ),
    # line 662 委托业务费 1323.5 → 1333.5: the itemised amounts make 1,972 ≠ 1,962 (line 654)
    "projects": ({662: ("1323.5", "1333.5")}, "projects.allocations_sum_to_amount", 654, 662),
}


def _mentions(row: dict, line: int) -> bool:
    return row["line"] == line or str(line) in (row["detail"] or "")


@pytest.mark.parametrize("family", sorted(CASES))
def test_planted_error_fails_its_family_only_where_it_depends(family):
    edits, check, reported_line, planted_line = CASES[family]
    res = planted(edits)
    failed = res.filter(pl.col("status") == "fail")
    hit = failed.filter((pl.col("check") == check) & (pl.col("line") == reported_line))
    assert hit.height >= 1, failed.select("check", "line", "detail").to_dicts()
    assert all(r["family"] == family for r in hit.iter_rows(named=True))
    stray = [r for r in failed.iter_rows(named=True) if not _mentions(r, planted_line)]
    assert not stray, [(r["check"], r["line"], r["detail"]) for r in stray]
    assert res.filter(pl.col("status") == "pass").height > 300


def test_cost_target_that_misses_the_budget_is_a_warning_naming_both_lines():
    # line 801 ≤163.50 万元/次 → ≤153.50: 153.50 × 12 = 1,842 while the budget is 1,962
    res = planted({801: ("163.50", "153.50")})
    hit = res.filter(
        (pl.col("check") == "projects.cost_targets_match_budget") & (pl.col("line") == 794)
    ).row(0, named=True)
    assert (hit["status"], hit["severity"]) == ("warn", "warning")
    assert "801" in hit["detail"] and "798" in hit["detail"]
    assert str(hit["difference"]) == "120.0000"
    assert res.filter(pl.col("status") == "fail").is_empty()
