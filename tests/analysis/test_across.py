"""Measures for many unit-years, and the check between consecutive years of one unit."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.analysis import across
from tests.analysis.frames import change, fact, frame, li

D = Decimal
T3, T7 = "expenditure_by_function", "project_expenditure"


def corpus():
    documents, items, changes, facts = [], [], [], []
    for year, total, prior_basic in ((2023, "100", None), (2024, "120", "70")):
        documents.append(frame("documents", [{"title": "t", "sha256": "0", "encoding": "utf-8",
                                              "staff_actual": 5}], "甲合成", year))
        items.append(frame("line_items", [
            li(3, "总计", "合计", total, table_role=T3), li(3, "总计", "基本支出", "70",
                                                            table_role=T3),
            li(3, "总计", "项目支出", str(D(total) - 70), table_role=T3),
            li(7, "总计", "项目支出合计", str(D(total) - 70), table_role=T7),
            li(7, "x", "项目支出合计", str(D(total) - 70), project="甲项目", table_role=T7)],
            "甲合成", year))
        if prior_basic:
            changes.append(frame("narrative_changes", [
                {**change("基本支出", "70", "0", "0", "三"), "section_role": "expenditure"},
                {**change("项目支出", "50", "20", "66.67", "三"), "section_role": "expenditure"}],
                "甲合成", year))
        facts.append(frame("facts", [fact("procurement", "政府采购预算", "9")], "甲合成", year))
    # a second unit with only a documents row: every measure null, no error
    documents.append(frame("documents", [{"title": "t", "sha256": "1", "encoding": "utf-8"}],
                           "乙合成", 2024))
    return {"documents": pl.concat(documents), "line_items": pl.concat(items),
            "narrative_changes": pl.concat(changes), "facts": pl.concat(facts)}


def test_measures_one_row_per_unit_year_nulls_when_not_given():
    table = across.measures(corpus())
    assert table.select("unit", "year").rows() == [("乙合成", 2024), ("甲合成", 2023),
                                                  ("甲合成", 2024)]
    row = table.row(2, named=True)
    assert (row["total"], row["total_prior"], row["total_change_pct"]) == (
        D("120"), D("100"), D("20.00"))
    assert row["largest_project_share_pct"] == D("100.00") and row["procurement"] == D("9")
    empty = table.row(0, named=True)
    assert empty["total"] is None and empty["procurement"] is None and empty["projects"] is None


def test_consecutive_years_compare_stated_prior_with_printed():
    table = across.consecutive_years(across.measures(corpus()))
    rows = {r["measure"]: r for r in table.iter_rows(named=True)}
    assert rows["total"]["difference"] == D("0")        # 2024 says 100, 2023 printed 100
    assert rows["project"]["stated_prior"] == D("30") and rows["project"]["printed"] == D("30")
    assert rows["sangong"]["difference"] is None
