"""The unit-year panel: figures from wherever the document states them, 0 kept as 0, and
nothing invented (tested on the shipped document and on synthetic corpora)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import views
from pipeline.analysis import across
from tests.views.synthetic import anchor, budget, frames_of

D = Decimal
SANGONG = "财政拨款“三公”经费"


def measures_of(frames) -> dict[str, dict]:
    long = views.build("unit_year_measures", frames)
    return {r["measure"]: r for r in long.iter_rows(named=True)}


def test_real_document_panel_and_where_each_figure_was_read(real):
    row = views.build("unit_year_panel", real).row(0, named=True)
    assert row["unit_id"] == "u63695e4087" and row["unit_short"] == "行政公署办公室"
    # line 164: 总计 5,069.86 / 2,103.44 / 2,966.42; line 429/431: priors 2,165.45 and 894.38
    assert (row["total"], row["basic"], row["project"]) == (
        D("5069.86"),
        D("2103.44"),
        D("2966.42"),
    )
    assert (row["total_prior"], row["total_change_pct"]) == (D("3059.83"), D("65.69"))
    # line 374: 三公 合计 31.50; line 678: 减少 23.10 → prior 54.60, −42.31%
    assert (row["sangong"], row["sangong_prior"], row["sangong_change_pct"]) == (
        D("31.50"),
        D("54.60"),
        D("-42.31"),
    )
    assert (row["carryover"], row["procurement"], row["vehicles"]) == (D("3.69"), D("2206.44"), 35)
    assert row["largest_project"] == "喀什商品交易会项目（第十四届）"  # line 331, 1,962.00
    where = measures_of(real)
    assert (where["sangong"]["stated_in"], where["sangong"]["line"]) == ("table:sangong", 374)
    assert where["sangong"]["prior_line"] == 678
    assert where["operating_costs"]["stated_in"].startswith("fact:operating_costs/")
    assert where["operating_costs"]["line"] == 690
    assert (where["carryover"]["stated_in"], where["carryover"]["line"]) == ("table:carryover", 393)


def test_a_stated_zero_sangong_is_zero_from_the_narrative_and_names_the_deepest_cut(tmp_path):
    """Table 10's cells are blank; section 十 says 0.00 万元: the panel says 0, −100%."""
    cut = budget(1, sangong=False)
    others = [budget(seed) for seed in (2, 3, 4)]
    frames = frames_of(tmp_path, [cut, *others])
    assert (
        frames["line_items"]
        .filter(pl.col("table_role") == "sangong", pl.col("unit") == cut.unit)
        .is_empty()
    )
    panel = across.measures(frames)
    row = panel.filter(pl.col("unit") == cut.unit).row(0, named=True)
    prior = cut.three_public.total.prior
    assert row["sangong"] == D("0.00") and row["sangong_prior"] == prior > 0
    assert row["sangong_change_pct"] == D("-100.00")
    deepest = panel.sort("sangong_change_pct", nulls_last=True).row(0, named=True)
    assert deepest["unit"] == cut.unit
    where = (
        views.build("unit_year_measures", frames)
        .filter(pl.col("unit") == cut.unit, pl.col("measure") == "sangong")
        .row(0, named=True)
    )
    assert where["stated_in"] == f"fact:三公/{SANGONG}"
    assert where["line"] == anchor(cut, ("three_amounts",))


def test_zero_carryover_and_no_projects_are_zero_not_missing(tmp_path):
    plain = budget(5, carryover=False, projects=False)
    frames = frames_of(tmp_path, [plain])
    row = across.measures(frames).row(0, named=True)
    assert row["carryover"] == D("0.00") and row["projects"] == 0
    assert row["project"] == D("0.00") and row["project_share_pct"] == D("0.00")
    assert row["largest_project"] is None and row["largest_project_amount"] is None
    where = measures_of(frames)
    assert where["carryover"]["stated_in"] == "fact:carryover/上年结转结余"
    assert where["project"]["stated_in"] == "table:expenditure_by_function:blank"
    assert views.build("project_spending", frames).is_empty()


def test_a_figure_the_document_does_not_give_is_null(real):
    frames = {**real, "facts": real["facts"].filter(pl.col("topic") != "procurement")}
    row = views.build("unit_year_panel", frames).row(0, named=True)
    assert row["procurement"] is None and row["vehicles"] == 35
    where = measures_of(frames)["procurement"]
    assert where["value"] is None and where["stated_in"] is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 99_999),
    sangong=st.booleans(),
    carryover=st.booleans(),
    projects=st.booleans(),
)
def test_panel_equals_the_generated_budget(tmp_path_factory, seed, sangong, carryover, projects):
    item = budget(seed, sangong=sangong, carryover=carryover, projects=projects)
    row = across.measures(frames_of(tmp_path_factory.mktemp("p"), [item])).row(0, named=True)
    three = item.three_public.total
    assert (row["total"], row["basic"], row["project"]) == (
        item.total,
        item.basic_all,
        item.project_all,
    )
    assert (row["personnel"], row["public_use"]) == (item.personnel, item.public_use)
    assert (row["sangong"], row["sangong_prior"]) == (three.amount, three.prior)
    assert row["carryover"] == item.carry_total
    assert row["projects"] == len(item.projects)
    assert row["operating_costs"] == item.running_cost.amount
    assert row["operating_costs_prior"] == item.running_cost.prior
    assert row["procurement"] == item.procurement.total
    assert (row["vehicles"], row["vehicle_value"]) == (item.assets.cars, item.assets.cars_value)
    assert row["staff_actual"] == item.staff.actual
    largest = max(item.projects, key=lambda p: p.amount, default=None)
    assert row["largest_project_amount"] == (largest.amount if largest else None)
