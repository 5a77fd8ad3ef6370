"""Spending views: one printed row each, sums at one level equal the printed totals, and the
figures equal the generated budget's (so nothing is counted twice or dropped)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import views
from tests.views.synthetic import budget, frames_of

D = Decimal


def test_real_document_functional_spending(real):
    spent = views.build("functional_spending", real)
    everything = spent.filter(pl.col("funds") == "all")
    # table 3, lines 165–181: the 类 and the 项 each add up to 总计 5,069.86 (line 164)
    for level in (1, 3):
        assert everything.filter(pl.col("level") == level)["total"].sum() == D("5069.86")
    row = everything.filter(pl.col("code") == "2010302").row(0, named=True)  # line 168
    assert (row["total"], row["basic"], row["project"], row["line"]) == (
        D("2966.42"),
        D("0.00"),
        D("2966.42"),
        168,
    )
    assert row["name_zh"] == "一般行政管理事务"
    assert row["name_en"] == "General administrative affairs"
    general = spent.filter(pl.col("funds") == "general_budget", pl.col("level") == 1)
    assert general["total"].sum() == D("5066.17")  # table 5 总计, line 237


def test_summing_line_items_would_count_the_money_many_times(real):
    """Why the view exists: the same 项 cells repeat across tables and columns."""
    items = real["line_items"].filter(pl.col("level") == 3)
    naive = items["amount"].sum()
    right = (
        views.build("functional_spending", real)
        .filter(pl.col("funds") == "all", pl.col("level") == 3)["total"]
        .sum()
    )
    assert naive > 3 * right


def test_real_document_economic_and_project_spending(real):
    economic = views.build("economic_spending", real)
    basic = economic.filter(pl.col("spending") == "basic", pl.col("level") == 1)
    project = economic.filter(pl.col("spending") == "project")
    # lines 269/280/290: 1,798.90 + 139.74 + 161.12 = 2,099.76, printed 总计 2,099.75 (line
    # 268): the document rounds each figure, within the 3 × 0.005 tolerance of 3 parts
    assert basic["amount"].sum() == D("2099.76")
    assert dict(project.select("code", "amount").iter_rows()) == {  # table 7 总计, line 307
        "302": D("2959.70"),
        "303": D("6.72"),
    }
    assert project["amount"].sum() == D("2966.42")
    car = economic.filter(pl.col("code") == "30231").row(0, named=True)  # line 287
    assert (car["amount"], car["public_use"], car["personnel"]) == (
        D("31.50"),
        D("31.50"),
        D("0.00"),
    )
    projects = views.build("project_spending", real)
    assert projects.height == 14 and projects["amount"].sum() == D("2966.42")
    fair = projects.filter(pl.col("amount") == D("1962.00")).row(0, named=True)  # line 331
    assert (fair["share_pct"], fair["economic_code"], fair["line"]) == (D("66.14"), "302", 331)
    assert fair["project_no"] is not None


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 99_999), projects=st.booleans(), carryover=st.booleans())
def test_spending_views_equal_the_generated_budget(tmp_path_factory, seed, projects, carryover):
    item = budget(seed, projects=projects, carryover=carryover)
    frames = frames_of(tmp_path_factory.mktemp("s"), [item])
    functional = views.build("functional_spending", frames)
    everything = functional.filter(pl.col("funds") == "all", pl.col("level") == 3)
    assert {
        r["code"]: (r["total"], r["basic"], r["project"]) for r in everything.iter_rows(named=True)
    } == {line.code: (line.total, line.basic, line.project) for line in item.lines if line.total}
    economic = views.build("economic_spending", frames)
    basic = economic.filter(pl.col("spending") == "basic", pl.col("level") == 2)
    assert dict(basic.select("code", "amount").iter_rows()) == {
        e.code: e.amount for e in item.economic
    }
    spent = views.build("project_spending", frames)
    assert sorted(spent["amount"].to_list()) == sorted(p.amount for p in item.projects)
    project_classes = economic.filter(pl.col("spending") == "project")["amount"].sum()
    assert project_classes == item.gpb_project == spent["amount"].sum()


def test_unknown_view_is_named():
    with pytest.raises(KeyError, match="views are functional_spending"):
        views.build("spending", {})
