"""The classes of wrong figures issue 13 found validating clean, each planted in a copy of
the shipped document: the named check must not hold, at the line of the planted figure.

Figures and lines are those of data/raw/kashgar-admin-office_2024_budget.txt.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.identities.real import planted

CASES = {
    # 441 (说明 四): 社会保障和就业支出 281.68 → 281.63, while 表4 line 200 prints 281.68
    "section 4 class amount": (
        {441: ("社会保障和就业支出 281.68", "社会保障和就业支出 281.63")},
        "narrative.fiscal.class_eq_fiscal_summary",
        "fail",
        441,
        "208",
    ),
    # 684 (说明 十一): the project line 3.69 → 3.64, while 表11 line 395 prints 3.69
    "section 11 project line": (
        {684: ("1 3.69 万元", "1 3.64 万元")},
        "narrative.carryover.project_eq_carryover",
        "fail",
        684,
        "“驻村”工作人员生活补助项目（自治区）",
    ),
    # 411: 新增喀什商品交易会项目(第十四届)预算 1962 → 1967 万元, while 表7 line 331 prints 1,962.00
    "reason amount vs table 7": (
        {411: ("预算 1962 万元", "预算 1967 万元")},
        "projects.reason_eq_project_expenditure",
        "fail",
        411,
        "二 一般公共预算: 喀什商品交易会项目（第十四届）",
    ),
    # the same clause says 1962 at 431, 451 and 464
    "reason stated again": (
        {411: ("预算 1962 万元", "预算 1967 万元")},
        "narrative.reasons_agree",
        "warn",
        411,
        "年初预算新增喀什商品交易会项目（第十四届）预算 (万元)",
    ),
    # 678 and 690 both say 报废 7 辆其他车辆
    "reason count stated twice": (
        {690: ("报废 7 辆", "报废 2 辆")},
        "narrative.reasons_agree",
        "warn",
        690,
        "报废其他车辆 (辆)",
    ),
    # 68: 实有人数 143 → 148, while 在职 77 + 退休 66 + 离休 0 = 143
    "headcount": (
        {68: ("实有人数 143", "实有人数 148")},
        "profile.actual_eq_active_retired_cadre",
        "fail",
        68,
        "",
    ),
    # 68: 在职 减少 3 人 → 8 人, while the reasons say 人员净减少 3 人 (429, 449, 462, …)
    "headcount change vs reasons": (
        {68: ("减少 3 人", "减少 8 人")},
        "narrative.reason_headcount_eq_profile",
        "warn",
        429,
        "三 基本支出: 本单位人员净减少",
    ),
    # 696: 面向中小企业预留 2,206.44 → 2,206.49 > 政府采购预算 2,206.44 (line 694)
    "SME reserve above procurement": (
        {
            696: (
                "预留政府采购项目预算金额 2,206.44 万元，小微",
                "预留政府采购项目预算金额 2,206.49 万元，小微",
            )
        },
        "narrative.other.sme_reserved_le_procurement",
        "fail",
        696,
        "",
    ),
    # 696: 小微企业预留 2,206.44 → 2,206.49 > 面向中小企业预留 2,206.44
    "small/micro reserve above SME": (
        {
            696: (
                "小微企业预留政府采购项目预算金额 2,206.44",
                "小微企业预留政府采购项目预算金额 2,206.49",
            )
        },
        "narrative.other.small_micro_reserved_le_sme_reserved",
        "fail",
        696,
        "",
    ),
    # 281 (表6): 302 01 办公费 → 302 06: 办公费 is the name of 30201
    "table 6 code": (
        {281: ("302\t01\t办公费", "302\t06\t办公费")},
        "codes.name_matches_code",
        "fail",
        281,
        "表6 30206 办公费",
    ),
    # 315 (表7): 201 03 02 → 201 03 07 on one project row: 一般行政管理事务 is 2010302
    "table 7 code": (
        {315: ("201\t03\t02", "201\t03\t07")},
        "codes.name_matches_code",
        "fail",
        315,
        "表7 2010307 一般行政管理事务",
    ),
    # 315 (表7): its class 201 → 208: no 20803 is printed above it
    "table 7 parent": (
        {315: ("201\t03\t02", "208\t03\t02")},
        "codes.parent_printed",
        "fail",
        315,
        "表7 2080302 → 20803",
    ),
    # 716: 整体预算绩效目标1个 → 6个, while one 单位整体绩效目标表 is printed (line 718)
    "unit-wide target count": (
        {716: ("目标1个", "目标6个")},
        "projects.unit_count_eq_performance",
        "fail",
        716,
        "整体预算绩效目标个数",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_planted_figure_of_a_once_silent_class_is_flagged_at_its_line(case):
    edits, check, status, line, instance = CASES[case]
    res = planted(edits)
    hit = res.filter((pl.col("check") == check) & (pl.col("instance") == instance))
    assert hit.height == 1, (
        res.filter(pl.col("check") == check).select("instance", "status", "line", "detail").rows()
    )
    row = hit.row(0, named=True)
    assert (row["status"], row["line"]) == (status, line), row["detail"]


def test_a_project_the_carryover_table_does_not_list_fails():
    # 684: the project line names a project 表11 does not list (nor anything like it)
    res = planted({684: ("“驻村”工作队员生活补助项目（自治区）1", "办公楼维修项目")})
    rows = res.filter(pl.col("check") == "narrative.carryover.project_eq_carryover")
    assert {(r["instance"], r["status"], r["line"]) for r in rows.iter_rows(named=True)} == {
        ("办公楼维修项目", "fail", 684),
        # and the table's project, which the section no longer states, is not evaluated
        ("“驻村”工作人员生活补助项目（自治区）", "not_evaluated", 395),
    }
    assert "lists no such project" in rows.filter(pl.col("status") == "fail")["detail"][0]


def test_a_code_name_nobody_uses_is_a_warning_naming_the_standard_name():
    # 280 (表6): 302 商品和服务支出 → 商品服务支出 (a wording variant, no code's name)
    res = planted({280: ("商品和服务支出", "商品服务支出")})
    row = res.filter((pl.col("check") == "codes.name_matches_code") & (pl.col("line") == 280)).row(
        0, named=True
    )
    assert (row["status"], row["severity"]) == ("warn", "warning")
    assert "the standard name of 302 is 商品和服务支出" in row["detail"]
