"""Hierarchy, row and cross-table identities on small frames from the real document."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.identities.tables import table_residuals
from tests.identities.frames import frame, table6, table10


def li(rows: list[dict]) -> dict[str, pl.DataFrame]:
    return {"line_items": frame("line_items", rows)}


def _one(res: pl.DataFrame, check: str, instance: str) -> dict:
    hits = res.filter((pl.col("check") == check) & (pl.col("instance") == instance))
    assert hits.height == 1, (check, instance, res.select("check", "instance").to_dicts())
    return hits.row(0, named=True)


def test_table6_rounding_difference_passes_and_is_reported():
    # Lines 281–289: the nine 公用经费 items sum to 139.73; line 280 prints 139.74.
    res = table_residuals(li(table6()))
    r = _one(res, "hierarchy.class_eq_sum_of_kuan", "表6 302 公用经费")
    assert r["status"] == "pass"
    assert r["reported"] == Decimal("139.74") and r["calculated"] == Decimal("139.73")
    assert r["difference"] == Decimal("0.01") and r["tolerance"] == Decimal("0.045")
    assert r["line"] == 280
    # everything else passes, except what needs tables 5 and 10, which are absent here
    others = res.filter(pl.col("status") != "pass")
    assert set(others["check"]) == {
        "across.general_budget_by_function.basic_eq_basic_by_economic_class",
        "across.sangong.vehicle_running_ge_basic_by_economic_class_30231",
    }
    assert set(others["status"]) == {"not_evaluated"}


def test_table6_planted_error_fails_at_its_line_only():
    rows = table6()
    for c in rows:
        if c["line"] == 284:  # 差旅费 15.04 → 16.04 in both columns
            c["amount"] = Decimal("16.04")
    res = table_residuals(li(rows))
    failed = res.filter(pl.col("status") == "fail")
    assert set(failed["instance"]) == {"表6 302 合计", "表6 302 公用经费"}
    assert set(failed["line"]) == {280}
    assert "284" in failed["detail"][0]
    # the row identity of line 284 itself still holds (合计 = 人员 + 公用)
    assert (
        _one(res, "rows.basic_by_economic_class.basic_eq_personnel_plus_public", "30211 差旅费")[
            "status"
        ]
        == "pass"
    )


def test_missing_total_row_is_not_evaluated_never_pass():
    rows = [c for c in table6() if c["line"] != 268]
    res = table_residuals(li(rows))
    r = _one(res, "hierarchy.total_eq_sum_of_classes", "表6 总计 合计")
    assert r["status"] == "not_evaluated" and r["reported"] is None


def test_blank_parent_cell_with_printed_children_fails():
    rows = [c for c in table6() if not (c["line"] == 280 and c["measure"] == "公用经费")]
    res = table_residuals(li(rows))
    r = _one(res, "hierarchy.class_eq_sum_of_kuan", "表6 302 公用经费")
    assert r["status"] == "fail" and r["reported"] == 0


def test_sangong_subtotals_and_inequality_with_table6():
    res = table_residuals(li(table6() + table10()))
    assert _one(res, "rows.sangong.vehicle_subtotal_eq_parts", "合计")["status"] == "pass"
    assert _one(res, "rows.sangong.total_eq_three_parts", "一般公共预算")["status"] == "pass"
    ineq = _one(res, "across.sangong.vehicle_running_ge_basic_by_economic_class_30231", "")
    assert ineq["status"] == "pass" and ineq["difference"] == 0
    # blank rows (因公出国, 公务接待) with nothing in table 6 are no instance at all
    assert res.filter(
        pl.col("check") == "across.sangong.reception_ge_basic_by_economic_class_30217"
    ).is_empty()


def test_sangong_below_basic_spending_fails():
    rows = table6() + table10()
    for c in rows:
        if c["table_no"] == 10 and c["line"] in (374, 377, 379):
            c["amount"] = Decimal("30.00")
    res = table_residuals(li(rows))
    ineq = _one(res, "across.sangong.vehicle_running_ge_basic_by_economic_class_30231", "")
    assert ineq["status"] == "fail" and ineq["line"] == 379
    assert ineq["difference"] == Decimal("-1.50")
