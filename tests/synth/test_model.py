"""The generator's identities hold for every seed: totals are sums, percentages agree."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.synth.model import (
    FUNCTIONAL_NAMES,
    Change,
    change_pct,
    generate_budget,
    pct,
)
from pipeline.synth.tables import table_rows

SEEDS = st.integers(min_value=0, max_value=2**32)
YEARS = st.integers(min_value=2019, max_value=2026)


def budget(seed: int, year: int = 2024):
    unit = f"合成测试单位{seed % 10000:04d}（synthetic）"
    return generate_budget(random.Random(seed), unit, year)


def test_unit_name_must_say_synthetic():
    with pytest.raises(ValueError, match="合成"):
        generate_budget(random.Random(1), "新疆维吾尔自治区喀什地区行政公署办公室", 2024)


def test_change_pct_rounds_half_up_and_treats_zero_prior_like_the_real_document():
    # line 411: 5,059.45 is 2,003.30 more than last year, +65.55 %
    assert change_pct(Decimal("5059.45"), Decimal("3056.15")) == Decimal("65.55")
    # line 413: new money (prior 0) prints 增长 100.00%
    assert change_pct(Decimal("6.72"), Decimal("0.00")) == Decimal("100.00")
    assert change_pct(Decimal("0.00"), Decimal("0.00")) == Decimal("0.00")
    assert change_pct(Decimal("0.00"), Decimal("5.00")) == Decimal("-100.00")
    assert pct(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert pct(Decimal("1"), Decimal("400")) == Decimal("0.25")
    assert pct(Decimal("1"), Decimal("800")) == Decimal("0.13")  # 0.125 half-up


@settings(max_examples=150, deadline=None)
@given(SEEDS, YEARS)
def test_totals_are_sums_of_leaves(seed, year):
    b = budget(seed, year)
    assert b.total == b.basic_all + b.project_all == b.gpb + b.carry_total
    assert b.gpb == b.general + b.transfer == b.gpb_basic + b.gpb_project
    assert b.gpb_basic == b.personnel + b.public_use
    assert b.gpb_project == sum((p.amount for p in b.projects), Decimal(0))
    assert b.carry_total == sum((c.amount for c in b.carry), Decimal(0))
    for p in b.projects:
        assert sum((a.amount for a in p.allocations), Decimal(0)) == p.amount
        assert sum(i.weight for i in p.indicators) == 100
        assert p.code in FUNCTIONAL_NAMES and len(p.code) == 7
    assert sum(i.weight for i in b.unit_indicators) == 100
    assert 3 <= len(b.projects) <= 15
    assert b.staff.actual == b.staff.active + b.staff.retired + b.staff.cadre
    assert b.three_public.total.amount == (
        b.three_public.abroad.amount + b.three_public.cars + b.three_public.reception.amount
    )
    assert b.running_cost.amount == b.public_use
    p = b.procurement
    assert p.total == p.goods + p.works + p.services and p.micro <= p.sme <= p.total
    for amount in (b.total, *(x.total for x in b.lines), *(e.amount for e in b.economic)):
        assert amount == amount.quantize(Decimal("0.01")) and amount >= 0
    assert all(x.total > 0 for x in b.lines), "every printed 项 has money"


@settings(max_examples=150, deadline=None)
@given(SEEDS)
def test_prior_year_amounts_chain(seed):
    """Priors add up like amounts, so every year-on-year sentence agrees with the others."""
    b = budget(seed)
    assert b.income_general.prior + b.income_transfer.prior == (
        b.gpb_basic_change.prior + b.gpb_project_change.prior
    )
    assert b.basic_change.prior + b.project_change.prior == (
        b.gpb_basic_change.prior + b.gpb_project_change.prior + b.income_carry.prior
    )
    assert sum((x.change.prior for x in b.lines), Decimal(0)) == (
        b.gpb_basic_change.prior + b.gpb_project_change.prior
    )
    for change in (
        b.income_general,
        b.income_transfer,
        b.basic_change,
        b.project_change,
        b.three_public.total,
        b.running_cost,
        *(x.change for x in b.lines),
    ):
        assert change.prior >= 0
        assert change.change == change.amount - change.prior
        if change.prior:
            expected = (change.change / change.prior * 100).quantize(Decimal("0.01"))
            assert abs(change.pct - expected) <= Decimal("0.01")
        else:
            assert change.pct in (Decimal("0.00"), Decimal("100.00"))


@settings(max_examples=100, deadline=None)
@given(SEEDS)
def test_table_rows_add_up(seed):
    """In every table the total row is the sum of the leaf rows, column by column."""
    b = budget(seed)
    tables = table_rows(b)
    for role in ("income_by_function", "expenditure_by_function", "general_budget_by_function"):
        rows = tables[role]
        total = rows[0].values
        leaves = [r for r in rows if r.code and len(r.code) == 7]
        for column, amount in total.items():
            assert amount == sum((r.values.get(column, 0) for r in leaves), Decimal(0))
        classes = [r for r in rows if r.code and len(r.code) == 3]
        assert total == {c: sum((r.values.get(c, 0) for r in classes), Decimal(0)) for c in total}
    t6 = tables["basic_by_economic_class"]
    assert t6[0].values[1] == b.gpb_basic
    assert t6[0].values[1] == sum(
        (r.values[1] for r in t6 if r.code and len(r.code) == 5), Decimal(0)
    )
    t7 = tables["project_expenditure"]
    projects = [r for r in t7 if r.project]
    for column, amount in t7[0].values.items():
        assert amount == sum((r.values.get(column, 0) for r in projects), Decimal(0))
    assert t7[0].values[1] == tables["general_budget_by_function"][0].values.get(3, Decimal(0))
    t1 = tables["income_expenditure_summary"]
    t1_income = {r.item: r.values.get(1) for r in t1 if r.side == "income"}
    assert t1_income["收入总计"] == b.total
    assert t1[-1].values[1] == sum(
        (r.values.get(1, 0) for r in t1 if r.key[0] == "class"), Decimal(0)
    )
    t10 = {r.item: r.values.get(1, Decimal(0)) for r in tables["sangong"]}
    assert (
        t10["合计"]
        == t10["因公出国（境）费"] + t10["公务接待费"] + t10["公务用车购置及运行费（小计）"]
    )
    t11 = tables["carryover"]
    assert t11[0].values.get(1, Decimal(0)) == b.carry_total


def test_generation_is_deterministic():
    assert budget(42) == budget(42)
    assert budget(42) != budget(43)


def test_change_has_no_reason_by_default():
    assert Change(Decimal("1.00"), Decimal("1.00")).reason == ""
