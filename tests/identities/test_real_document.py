"""The identities on the shipped document: no failure, and its known warnings and rounding.

Every figure below was checked by hand against data/raw/kashgar-admin-office_2024_budget.txt
at the lines cited.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.identities import FAMILIES, residuals
from tests.identities.real import frames_of, real_doc


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return residuals(frames_of(real_doc()))


_GE_BY_CODE = "across.expenditure_by_function.code_ge_general_budget_by_function"


def _set(frame: pl.DataFrame) -> set[tuple[str, int]]:
    return set(frame.select("check", "line").iter_rows())


def test_no_identity_fails(res):
    failed = res.filter(pl.col("status") == "fail")
    assert failed.is_empty(), failed.select("check", "line", "detail").to_dicts()
    assert set(res["family"]) == set(FAMILIES)  # every family has instances here


def test_warnings_are_exactly_the_known_ones(res):
    warned = res.filter(pl.col("status") == "warn")
    assert _set(warned) == {
        # 411: 5,059.45 / 5,069.86 = 99.79 %, printed 99.80 % so that 99.80 + 0.13 + 0.07 = 100
        ("narrative.share_consistent", 411),
        # 413: +6.72 万元 on a zero base printed as 增长 100.00 %
        ("narrative.yoy_consistent", 413),
        # 915/922/919: 23.23 万元/次 × 4 次 = 92.92 > 92.89 (ceiling rounded up from 23.2225)
        ("projects.cost_targets_match_budget", 915),
        # 566 vs 936: 保障办公人员 20 人 in the text, ≥10 人 in the targets
        ("projects.quantities_agree", 566),
        # 638 vs 918: 保障工作人员 6 人 in the text, ≥4 人 in the targets
        ("projects.quantities_agree", 638),
        # 308: 表7 prints class 201 as 一般公共预算支出; its name (表1–5, the standard) is
        # 一般公共服务支出 — no code's name, so a wording slip, not a wrong code
        ("codes.name_matches_code", 308),
    }
    share = warned.filter(pl.col("line") == 411).row(0, named=True)
    assert "group income" in share["detail"] and "+0.01" in share["detail"]


def test_not_evaluated_are_costs_not_priced_in_wanyuan(res):
    missing = res.filter(pl.col("status") == "not_evaluated")
    # 750: 元/月/人; 871: 元/次; 888: 万元/月 with no quantity target in 月
    assert _set(missing) == {
        ("projects.cost_targets_match_budget", 742),
        ("projects.cost_targets_match_budget", 863),
        ("projects.cost_targets_match_budget", 881),
    }


def test_rounding_differences_pass_and_are_shown(res):
    sums = res.filter(
        (pl.col("status") == "pass")
        & (pl.col("difference") != 0)
        & (pl.col("check") != _GE_BY_CODE)
        & ~pl.col("check").is_in(["narrative.yoy_consistent", "narrative.share_consistent"])
    )
    got = {
        (r["check"], r["instance"], r["difference"], r["tolerance"])
        for r in sums.iter_rows(named=True)
    }
    assert got == {
        # 281–289: the nine 公用经费 items sum to 139.73; line 280 prints 139.74
        (
            "hierarchy.class_eq_sum_of_kuan",
            "表6 302 一般公共预算基本支出/公用经费",
            Decimal("0.01"),
            Decimal("0.045"),
        ),
        (
            "hierarchy.class_eq_sum_of_kuan",
            "表6 302 一般公共预算基本支出/合计",
            Decimal("0.01"),
            Decimal("0.045"),
        ),
        # 268: 2,099.75 printed; 1,798.90 + 139.74 + 161.12 = 2,099.76
        (
            "hierarchy.total_eq_sum_of_classes",
            "表6 总计 一般公共预算基本支出/合计",
            Decimal("-0.01"),
            Decimal("0.015"),
        ),
        # 268: 2,099.75 printed; 1,960.02 + 139.74 = 2,099.76
        (
            "rows.basic_by_economic_class.basic_eq_personnel_plus_public",
            "总计",
            Decimal("-0.01"),
            Decimal("0.01"),
        ),
        # 449/451 vs 411/413: (2,099.75 + 62.01) + (2,966.42 − 2,072.04) = 3,056.14;
        # 5,059.45 − 2,003.30 + 0 = 3,056.15
        ("prior.gpb_spending_eq_gpb_income", "", Decimal("-0.01"), Decimal("0.04")),
        # 429/431 vs 411/413/423: 2,165.45 + 894.38 = 3,059.83 vs 3,059.84
        ("prior.spending_eq_income", "", Decimal("-0.01"), Decimal("0.05")),
    }


def test_the_trade_fair_and_the_merged_project(res):
    fair = res.filter(
        (pl.col("check") == "projects.cost_targets_match_budget") & (pl.col("line") == 794)
    ).row(0, named=True)
    # 801: ≤163.50 万元/次; 798: =12 次; 794: 1,962.00
    assert fair["status"] == "pass" and fair["calculated"] == Decimal("1962")
    merged = res.filter(
        (pl.col("check") == "projects.project_expenditure_eq_performance")
        & (pl.col("instance") == "军民共建及慰问")
    ).row(0, named=True)
    # 311 + 314: 150.00 + 110.00 = 260.00 (line 777)
    assert merged["status"] == "pass" and merged["reported"] == Decimal("260")
    counts = res.filter(pl.col("check") == "projects.count_eq_project_expenditure")
    # 441 and 716 state 12 projects; table 7 lists 14 rows, 12 after merging
    assert set(counts["line"]) == {441, 716} and set(counts["status"]) == {"pass"}
