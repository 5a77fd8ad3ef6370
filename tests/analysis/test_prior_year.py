"""The prior-year reconstruction on tiny frames: items, waterfall, table, missing priors."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import prior_year
from pipeline.identities import residuals
from tests.analysis.frames import change, frame, functional, li

D = Decimal


def items():
    return frame(
        "line_items",
        [
            li(5, "总计", "合计", "130"),
            functional(5, "201", "一般公共服务支出", "合计", "100"),
            functional(5, "2010301", "行政运行", "合计", "40"),
            functional(5, "2010302", "一般行政管理事务", "合计", "60"),
            functional(5, "221", "住房保障支出", "合计", "30"),
            functional(5, "2210201", "住房公积金", "合计", "30"),
            li(6, "基本工资", "合计", "20", code="30101", level=2),
            li(7, "x", "项目支出合计", "60", project="甲项目"),
        ],
    )


def changes():
    return frame(
        "narrative_changes",
        [
            change("行政运行", "40", "-10", "-20.00", code="2010301", reason="人员减少"),
            change("一般行政管理事务", "60", "30", "100.00", code="2010302", reason="新增项目"),
            change("上级转移支付资金", "6", "6", "100.00", section="二"),
            change("结转", "3", "0", "0.00", section="二"),
            change("基本支出", "3", "-1", "-33.33", section="三"),
        ],
    )


def test_items_recompute_the_percentages_and_carry_the_identities_verdict():
    res = residuals({"narrative_changes": changes()})
    table = prior_year.prior_year_items(changes(), res)
    status = dict(zip(table["subject"], table["status"], strict=True))
    assert status == {
        "行政运行": "pass",
        "一般行政管理事务": "pass",
        "上级转移支付资金": "warn",  # +6 on a zero base printed as 100.00%
        "结转": "pass",  # no change, 0.00%
        "基本支出": "fail",
    }  # printed −33.33, but −1 / 4 = −25.00
    assert table.filter(table["subject"] == "基本支出")["recomputed_pct"].item() == D("-25.00")
    # the verdicts are the identity results', sentence by sentence
    yoy = res.filter(pl.col("check") == "narrative.yoy_consistent")
    assert sorted(zip(yoy["line"], yoy["status"], strict=True)) == sorted(
        zip(table["line"], table["status"], strict=True)
    )
    with pytest.raises(ValueError, match=r"hold no narrative\.yoy_consistent"):
        prior_year.prior_year_items(changes(), res.clear())


def test_waterfall_runs_from_prior_to_this_year_and_checks_table_5():
    steps = prior_year.waterfall(changes(), items())
    assert steps["label"].to_list()[1:3] == ["一般行政管理事务", "行政运行"]  # largest first
    assert steps["end"].to_list() == [D("80"), D("110"), D("100"), D("100")]
    assert steps["table_total"].to_list()[-1] == D("130")  # 住房公积金 has no sentence
    assert prior_year.waterfall(changes().clear(), items()).height == 0


def test_prior_year_table_sums_only_fully_explained_classes():
    table = prior_year.prior_year_table(items(), changes())
    rows = {r["code"]: r for r in table.iter_rows(named=True)}
    assert (rows["201"]["prior"], rows["201"]["prior_basis"]) == (D("80"), "sum of 项")
    assert (rows["221"]["prior"], rows["221"]["prior_basis"]) == (None, "not given")
    assert rows["2010302"]["change"] == D("30")


def test_missing_priors_by_kind():
    table = prior_year.missing_priors(items(), changes())
    given = {(r["kind"], r["name"]): r["given"] for r in table.iter_rows(named=True)}
    assert given[("functional 项", "2010301 行政运行")] is True
    assert given[("economic 款", "30101 基本工资")] is False
    assert given[("project", "甲项目")] is False
