"""`--units`, `--years`, `--limit`: which unit-years a report build covers, and why not."""

from __future__ import annotations

import pytest

from pipeline.report.selection import (
    SelectionError,
    UnitYear,
    YearRange,
    parse_units,
    parse_years,
    select,
)

OFFICE = "新疆维吾尔自治区喀什地区行政公署办公室"
EDUCATION = "喀什地区教育局"
SYNTH = "合成测试单位00001（synthetic）"
EVERY = [
    UnitYear(EDUCATION, 2023),
    UnitYear(EDUCATION, 2024),
    UnitYear(OFFICE, 2022, unit_id="kashgar-admin-office", short_name="行署办公室"),
    UnitYear(OFFICE, 2023, unit_id="kashgar-admin-office", short_name="行署办公室"),
    UnitYear(OFFICE, 2024, unit_id="kashgar-admin-office", short_name="行署办公室"),
    UnitYear(SYNTH, 2024),
]


def _chosen(**options) -> list[tuple[str, int]]:
    return [uy.key for uy in select(EVERY, **options).chosen]


def test_no_options_choose_everything():
    selection = select(EVERY)
    assert selection.chosen == EVERY and selection.skipped == {}


def test_part_of_a_name_and_years():
    assert _chosen(units="行政公署", years="2023-2024") == [(OFFICE, 2023), (OFFICE, 2024)]
    skipped = select(EVERY, units="行政公署", years="2023-2024").skipped
    assert skipped[(OFFICE, 2022)] == "year not selected (--years 2023-2024)"
    assert skipped[(EDUCATION, 2024)] == "unit not selected (--units 行政公署)"


def test_ids_short_names_and_width_insensitive_names():
    assert _chosen(units="kashgar-admin-office") == [(OFFICE, y) for y in (2022, 2023, 2024)]
    assert _chosen(units="KASHGAR-ADMIN-OFFICE@2024") == [(OFFICE, 2024)]
    assert _chosen(units="行署") == [(OFFICE, y) for y in (2022, 2023, 2024)]
    # full-width brackets in the name, half-width in the term (and the other way round)
    assert _chosen(units="00001(synthetic)") == [(SYNTH, 2024)]
    assert _chosen(units="单位００００１") == [(SYNTH, 2024)]
    # an id matches whole, never as a part
    with pytest.raises(SelectionError, match="'kashgar' matches no unit"):
        select(EVERY, units="kashgar")


def test_combined_terms_each_with_its_years():
    chosen = _chosen(units="行政公署@2022,教育局@2024-，合成")
    assert chosen == [(EDUCATION, 2024), (OFFICE, 2022), (SYNTH, 2024)]
    skipped = select(EVERY, units="行政公署@2022,教育局@2024-").skipped
    assert skipped[(OFFICE, 2023)].startswith("year not selected (--units")


def test_limit_counts_after_the_selection_in_unit_and_year_order():
    selection = select(EVERY, units="行政公署", limit=2)
    assert [uy.key for uy in selection.chosen] == [(OFFICE, 2022), (OFFICE, 2023)]
    assert selection.skipped[(OFFICE, 2024)] == "beyond --limit 2"
    assert select(EVERY, limit=0).chosen == []


@pytest.mark.parametrize(
    ("units", "years", "message"),
    [
        ("行政公署办公厅", None, r"'行政公署办公厅' matches no unit id or name; did you mean"),
        ("no-such-unit", None, "matches no unit id or name"),
        ("教育局@2020", None, "have no document for the years asked.*2023, 2024"),
        ("教育局", "2022", "have no document for the years asked.*2023, 2024"),
        (None, "2030-", "no document of those years; the clean tables have 2022, 2023, 2024"),
        ("教育局@20x", None, "is not a year or a range"),
        ("教育局,", None, "empty term"),
        (None, "2024-2022", "ends before it starts"),
        (None, "2022 2024", "join a range with '-'"),
    ],
)
def test_a_term_that_matches_nothing_is_an_error(units, years, message):
    with pytest.raises(SelectionError, match=message):
        select(EVERY, units=units, years=years)


def test_negative_limit_is_an_error():
    with pytest.raises(SelectionError, match="--limit"):
        select(EVERY, limit=-1)


def test_year_syntax():
    assert parse_years("2024") == (YearRange(2024, 2024),)
    assert parse_years("-2022, 2023-2024,2026-") == (
        YearRange(None, 2022),
        YearRange(2023, 2024),
        YearRange(2026, None),
    )
    assert 2025 not in YearRange(2023, 2024) and 2030 in YearRange(2026, None)
    assert [t.text for t in parse_units(" 行政公署 , 教育局@2024")] == ["行政公署", "教育局"]
