"""Percentages, lookups and formatting shared by the analyses."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis.common import (
    MissingFigure,
    cell,
    change_pct,
    money,
    pct,
    signed,
    total_row,
    unit_year,
)
from tests.analysis.frames import frame, li

D = Decimal


def test_pct_rounds_half_up_like_the_documents():
    assert pct(D("1"), D("800")) == D("0.13")  # 0.125 → 0.13, not banker's 0.12
    assert pct(D("-62.01"), D("2165.45")) == D("-2.86")
    assert pct(D("1"), D("0")) is None and pct(None, D("1")) is None


def test_change_pct_and_formatting():
    assert change_pct(D("2966.42"), D("894.38")) == D("231.67")
    assert change_pct(D("6.72"), D("0")) is None
    assert money(D("1323.5")) == "1,323.50"
    assert signed(D("2072.04")) == "+2,072.04" and signed(D("0")) == "±0.00"


def test_unit_year_refuses_a_corpus():
    one = frame("line_items", [li(3, "总计", "合计", "5")])
    assert unit_year(one) == ("合成单位（synthetic）", 2024)
    two = one.vstack(frame("line_items", [li(3, "总计", "合计", "5")], unit="乙"))
    with pytest.raises(ValueError, match="one document, found 2"):
        unit_year(two)
    # two kinds of document of one unit-year are two documents, not one to sum over
    kinds = one.vstack(one.with_columns(kind=pl.lit("final_accounts")))
    with pytest.raises(ValueError, match="one document, found 2"):
        unit_year(kinds)


def test_lookups_name_what_is_missing():
    items = frame("line_items", [li(3, "总计", "合计", "5"), li(3, "总计", "合计", "6")])
    with pytest.raises(MissingFigure, match="2 总计 cells"):
        total_row(items, "expenditure_by_function", "合计")
    with pytest.raises(MissingFigure, match="table basic_by_economic_class has no cell"):
        cell(items, "basic_by_economic_class", measure="合计", item="总计")
    with pytest.raises(ValueError, match="2 cells"):
        cell(items, "expenditure_by_function", measure="合计", item="总计")
    with pytest.raises(ValueError, match="no table role 'table_3'"):
        cell(items, "table_3", measure="合计", item="总计")


def test_lookups_select_by_role_not_by_printed_number():
    # an edition that prints the expenditure table as 表5: the role finds it
    items = frame("line_items", [{**li(3, "总计", "合计", "5"), "table_no": 5}])
    assert total_row(items, "expenditure_by_function", "合计")["amount"] == D("5")
    with pytest.raises(MissingFigure):
        total_row(items, "general_budget_by_function", "合计")
