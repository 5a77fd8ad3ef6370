"""The prior-year reconstruction on tiny frames: items, waterfall, table, missing priors."""

from __future__ import annotations

from decimal import Decimal

from pipeline.analysis import prior_year
from tests.analysis.frames import change, frame, functional, li

D = Decimal


def items():
    return frame("line_items", [
        li(5, "总计", "合计", "130"),
        functional(5, "201", "一般公共服务支出", "合计", "100"),
        functional(5, "2010301", "行政运行", "合计", "40"),
        functional(5, "2010302", "一般行政管理事务", "合计", "60"),
        functional(5, "221", "住房保障支出", "合计", "30"),
        functional(5, "2210201", "住房公积金", "合计", "30"),
        li(6, "基本工资", "合计", "20", code="30101", level=2),
        li(7, "x", "项目支出合计", "60", project="甲项目")])


def changes():
    return frame("narrative_changes", [
        change("行政运行", "40", "-10", "-20.00", code="2010301", reason="人员减少"),
        change("一般行政管理事务", "60", "30", "100.00", code="2010302", reason="新增项目"),
        change("上级转移支付资金", "6", "6", "100.00", section="二"),
        change("结转", "3", "0", "0.00", section="二"),
        change("基本支出", "3", "-1", "-33.33", section="三")])


def test_items_recompute_and_classify_the_percentages():
    table = prior_year.prior_year_items(changes())
    status = dict(zip(table["subject"], table["pct_status"], strict=True))
    assert status == {"行政运行": "agrees", "一般行政管理事务": "agrees",
                      "上级转移支付资金": "new (no prior)", "结转": "agrees",
                      "基本支出": "differs"}     # printed −33.33, but −1 / 4 = −25.00
    assert table.filter(table["subject"] == "基本支出")["recomputed_pct"].item() == D("-25.00")


def test_waterfall_runs_from_prior_to_this_year_and_checks_table_5():
    steps = prior_year.waterfall(changes(), items())
    assert steps["label"].to_list()[1:3] == ["一般行政管理事务", "行政运行"]   # largest first
    assert steps["end"].to_list() == [D("80"), D("110"), D("100"), D("100")]
    assert steps["table_total"].to_list()[-1] == D("130")   # 住房公积金 has no sentence
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
