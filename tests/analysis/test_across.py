"""Measures for many unit-years, and the check between consecutive years of one unit."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import across
from pipeline.units import unit_id
from tests.analysis.frames import change, fact, frame, li

D = Decimal
T3, T7 = "expenditure_by_function", "project_expenditure"


def corpus():
    documents, items, changes, facts = [], [], [], []
    for year, total, prior_basic in ((2023, "100", None), (2024, "120", "70")):
        documents.append(
            frame(
                "documents",
                [{"title": "t", "sha256": "0", "encoding": "utf-8", "staff_actual": 5}],
                "甲合成",
                year,
            )
        )
        items.append(
            frame(
                "line_items",
                [
                    li(3, "总计", "合计", total, table_role=T3),
                    li(3, "总计", "基本支出", "70", table_role=T3),
                    li(3, "总计", "项目支出", str(D(total) - 70), table_role=T3),
                    li(7, "总计", "项目支出合计", str(D(total) - 70), table_role=T7),
                    li(7, "x", "项目支出合计", str(D(total) - 70), project="甲项目", table_role=T7),
                ],
                "甲合成",
                year,
            )
        )
        if prior_basic:
            changes.append(
                frame(
                    "narrative_changes",
                    [
                        {**change("基本支出", "70", "0", "0", "三"), "section_role": "expenditure"},
                        {
                            **change("项目支出", "50", "20", "66.67", "三"),
                            "section_role": "expenditure",
                        },
                    ],
                    "甲合成",
                    year,
                )
            )
        facts.append(frame("facts", [fact("procurement", "政府采购预算", "9")], "甲合成", year))
    # a second unit with only a documents row: every measure null, no error
    documents.append(
        frame("documents", [{"title": "t", "sha256": "1", "encoding": "utf-8"}], "乙合成", 2024)
    )
    return {
        "documents": pl.concat(documents),
        "line_items": pl.concat(items),
        "narrative_changes": pl.concat(changes),
        "facts": pl.concat(facts),
    }


def test_measures_one_row_per_unit_year_nulls_when_not_given():
    table = across.measures(corpus())
    assert table.select("unit", "year").rows() == [
        ("乙合成", 2024),
        ("甲合成", 2023),
        ("甲合成", 2024),
    ]
    row = table.row(2, named=True)
    assert (row["total"], row["total_prior"], row["total_change_pct"]) == (
        D("120"),
        D("100"),
        D("20.00"),
    )
    assert row["largest_project_share_pct"] == D("100.00") and row["procurement"] == D("9")
    empty = table.row(0, named=True)
    assert empty["total"] is None and empty["procurement"] is None and empty["projects"] is None


def test_consecutive_years_compare_stated_prior_with_printed():
    table = across.consecutive_years(across.measures(corpus()))
    rows = {r["measure"]: r for r in table.iter_rows(named=True)}
    assert rows["total"]["difference"] == D("0")  # 2024 says 100, 2023 printed 100
    assert rows["project"]["stated_prior"] == D("30") and rows["project"]["printed"] == D("30")
    assert rows["sangong"]["difference"] is None


def _panel(rows):
    """A measures frame with only the columns a test needs (the rest null)."""
    schema = {
        "unit_id": pl.String,
        "unit": pl.String,
        "unit_short": pl.String,
        "year": pl.Int32,
        "kind": pl.String,
        **across.MEASURE_SCHEMA,
        "source": pl.String,
    }
    return pl.DataFrame([{"kind": "budget", **r} for r in rows], schema=schema)


def test_top_bottom_keeps_the_extremes_and_sums_up_the_rest_exactly():
    table = _panel(
        [
            {"unit": f"u{i}", "unit_short": f"u{i}", "year": 2024, "total": D(i) + D("0.01")}
            for i in range(12)
        ]
        + [{"unit": "none", "unit_short": "none", "year": 2024}]
    )
    shown, rest = across.top_bottom(table, "total", 3)
    assert shown["unit"].to_list() == ["u11", "u10", "u9", "u2", "u1", "u0"]
    assert shown["rank_group"].to_list() == ["top 3"] * 3 + ["bottom 3"] * 3
    assert (rest.count, rest.smallest, rest.largest) == (6, D("3.01"), D("8.01"))
    assert rest.total == D("33.06")  # 3.01 + … + 8.01, exact; the null row is in neither
    sentence = across.rest_sentence(rest, "unit-years")
    assert sentence == "The other 6 unit-years range from 3.01 to 8.01 万元, 33.06 万元 in all."
    few, none = across.top_bottom(table.head(5), "total", 3)
    assert few.height == 5 and set(few["rank_group"]) == {"all"} and none.count == 0
    assert across.rest_sentence(none, "unit-years") == ""


def test_series_only_for_units_with_several_years_and_keeps_gaps():
    table = across.measures(corpus())
    long = across.series(table)
    assert set(long["unit"]) == {"甲合成"}  # 乙合成 has one year
    total = long.filter(pl.col("measure") == across.LABELS["total"])
    assert total.select("year", "value").rows() == [(2023, D("100")), (2024, D("120"))]
    assert long["measure"].unique(maintain_order=True).to_list() == [
        across.LABELS[m] for m in across.SERIES_MEASURES
    ]
    sangong = long.filter(pl.col("measure") == across.LABELS["sangong"])["value"]
    assert sangong.null_count() == 2  # not stated: a gap, never 0


def test_consecutive_checks_counted_per_unit():
    table = across.measures(corpus())
    per_unit = across.consecutive_by_unit(across.consecutive_years(table), table)
    assert per_unit.drop("unit", "unit_id").rows() == [("甲合成", "2023, 2024", 5, 3, 0, 2)]
    assert per_unit["unit_id"].to_list() == [unit_id("甲合成")]  # the filter finds units by id

    # a stated prior that disagrees with the earlier document counts as differ, first; one
    # within the rounding of the printed figures agrees, as on the year-over-year page
    def stated_off_by(amount: str, unit: str) -> pl.DataFrame:
        later = pl.col("year") == pl.col("year").max()
        return table.filter(pl.col("unit") == "甲合成").with_columns(
            pl.when(later)
            .then(pl.col("total_prior") + D(amount))
            .otherwise(pl.col("total_prior"))
            .alias("total_prior"),
            pl.lit(unit).alias("unit"),
        )

    shifted = pl.concat([stated_off_by("0.01", "丙合成"), stated_off_by("1.00", "甲合成")])
    pairs = across.consecutive_years(shifted)
    total = pairs.filter(pl.col("measure") == "total").sort("unit")
    assert total.select("unit", "difference", "status").rows() == [
        ("丙合成", D("0.01"), "pass"),
        ("甲合成", D("1.00"), "warn"),
    ]
    both = across.consecutive_by_unit(pairs, shifted)
    assert both.select("unit", "agree", "differ").rows() == [("甲合成", 2, 1), ("丙合成", 3, 0)]


def test_every_column_the_page_shows_has_a_chinese_and_english_label():
    table = across.measures(corpus())
    labels = across.labels_for(table)
    assert labels["operating_costs_change_pct"] == "机关运行经费增减 operating costs change %"
    for column, text in labels.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), column
        assert any(ch.isascii() and ch.isalpha() for ch in text), column
    with pytest.raises(KeyError, match="no reader's label for column"):
        across.labels_for(pl.DataFrame({"made_up": [1]}))
