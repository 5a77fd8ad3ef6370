"""A document's prior-year figures against the same unit's earlier document: two synthetic
consecutive years (`generate_years`), consistent, and with one earlier figure altered."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline.analysis import earlier, prior_year
from pipeline.ingest import parse_frames
from pipeline.reader import read_document
from tests.helpers import RAISED, write_two_years

D = Decimal
ONE = D("1.00")


def _parsed(path):
    frames, status = parse_frames(path, str(path))
    assert status.status == "ok", status.error
    return frames


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """(2023, 2024, 2023 with the figures of `RAISED` altered), parsed."""
    first, second = write_two_years(tmp_path_factory.mktemp("plain"))
    altered, _ = write_two_years(tmp_path_factory.mktemp("altered"), altered=True)
    return _parsed(first), _parsed(second), _parsed(altered)


def test_consistent_years_agree_everywhere(years):
    before, now, _ = years
    table = earlier.compare(now, before)
    # the panel's five measures, then every 比上年 sentence outside them
    assert table["measure"].head(5).to_list() == [
        "total",
        "basic",
        "project",
        "sangong",
        "operating_costs",
    ]
    assert table.height > 10 and set(table["status"]) == {"pass"}
    assert table["difference"].to_list() == [D("0.00")] * table.height
    assert table.filter(pl.col("code").is_not_null()).height >= 1  # functional 项 compared
    assert set(table["earlier_source"]) == {before["documents"]["source"].item()}
    assert "agree with it, **0 differ**" in earlier.summary(table, before, 2024)


def test_an_altered_earlier_figure_is_named_with_both_figures_and_sources(years):
    _, now, altered = years
    table = earlier.disagreements(earlier.compare(now, altered))
    off = table.filter(pl.col("status") == "warn")
    assert off["figure"].to_list()[:1] and set(off["figure"]) == set(RAISED)
    assert table["status"].head(off.height).to_list() == ["warn"] * off.height  # listed first
    assert set(table["status"].tail(table.height - off.height)) == {"pass"}
    row = off.filter(pl.col("measure") == "operating_costs").row(0, named=True)
    assert row["difference"] == -ONE
    assert row["earlier_amount"] - row["stated_prior"] == ONE
    assert row["earlier_source"] == altered["documents"]["source"].item()
    assert row["earlier_in"].startswith("fact:operating_costs")
    # the earlier document's line cited prints the figure
    printed = read_document(Path(row["earlier_source"])).line(row["earlier_line"])
    assert f"{row['earlier_amount']:,}" in printed
    reception = off.filter(pl.col("figure") == "公务接待费").row(0, named=True)
    assert (reception["earlier_in"], reception["difference"]) == ("narrative:sangong", -ONE)
    text = earlier.summary(table, altered, 2024)
    assert "**3 differ**" in text and "(line " in text


def test_a_difference_within_the_rounding_tolerance_passes():
    row = earlier._row("f", None, "r", "s", None, D("10.00"), 1, (D("10.01"), "x", 2, "y"), 1)
    assert (row["difference"], row["tolerance"], row["status"]) == (D("-0.01"), D("0.010"), "pass")
    row = earlier._row("f", None, "r", "s", None, D("10.00"), 1, (D("10.02"), "x", 2, "y"), 1)
    assert row["status"] == "warn"
    row = earlier._row("f", None, "r", "s", None, D("10.00"), 1, None, 1)
    assert (row["difference"], row["status"]) == (None, "not_evaluated")


def test_no_earlier_document_is_said_plainly(real):
    table = earlier.compare(real, None)
    assert table.height == 0 and table.schema == pl.Schema(earlier.COMPARISON_SCHEMA)
    text = earlier.summary(table, None, 2024)
    assert text.startswith("The corpus holds no document of this unit for 2023")


def test_the_earlier_document_must_be_the_year_before_of_the_same_unit(years, real):
    before, now, _ = years
    with pytest.raises(ValueError, match="2023 of the same kind"):
        earlier.compare(now, real)
    with pytest.raises(ValueError, match="2022 of the same kind"):
        earlier.compare(before, now)


def test_the_waterfall_starts_from_what_the_earlier_document_printed(years):
    before, now, _ = years
    changes, items = now["narrative_changes"], now["line_items"]
    printed = earlier.earlier_priors(earlier.compare(now, before))
    stated = prior_year.waterfall(changes, items)
    same = prior_year.waterfall(changes, items, printed)
    assert same.drop("label").equals(stated.drop("label"))  # consistent years: same bars
    assert same["label"][0] == "上年预算 (prior year, as the earlier document prints it)"
    code = stated["code"][1]
    amount, line = printed[code]
    moved = prior_year.waterfall(changes, items, {**printed, code: (amount + ONE, line)})
    assert moved["end"][0] == stated["end"][0] + ONE  # last year's total as printed
    step = moved.filter(pl.col("code") == code)
    assert step["delta"].item() == stated.filter(pl.col("code") == code)["delta"].item() - ONE
    assert moved["end"][-1] == stated["end"][-1]  # this year's total is this year's


def test_the_rebuilt_table_takes_every_prior_the_earlier_table_prints(years):
    before, now, _ = years
    changes, items = now["narrative_changes"], now["line_items"]
    stated = prior_year.prior_year_table(items, changes)
    printed = prior_year.prior_year_table(items, changes, earlier_items=before["line_items"])
    assert printed["prior_basis"].str.starts_with("printed in 2023, line ").all()
    assert printed["prior"].null_count() == 0
    both = stated.join(printed, on="code", suffix="_printed").filter(pl.col("prior").is_not_null())
    assert both.height and (both["prior"] == both["prior_printed"]).all()


def test_without_the_earlier_sentence_the_figure_is_read_from_its_table(years):
    before, now, _ = years
    changes = before["narrative_changes"]
    silent = {**before, "narrative_changes": changes.filter(pl.col("section_role") == "income")}
    table = earlier.compare(now, silent)
    coded = table.filter(pl.col("code").str.starts_with("2"))
    assert coded.height and set(coded["earlier_in"]) == {"table:general_budget_by_function"}
    assert set(coded["status"]) == {"pass"}  # the table prints what the sentences said
    parts = table.filter(pl.col("section_role") == "sangong", pl.col("measure").is_null())
    assert parts.height == 4 and set(parts["status"]) == {"pass"}
    assert set(parts["earlier_in"]) <= {"table:sangong", "table:sangong:blank"}
    assert "table:sangong:blank" in set(parts["earlier_in"])  # seed 8: no 因公出国 in 2023
    totals = table.filter(pl.col("section_role") == "general_budget", pl.col("code").is_null())
    assert set(totals["earlier_in"]) == {"table:general_budget_by_function"}
    # the income sentences are still there; every figure is found
    assert "17 prior-year figures this document states, 17 agree" in earlier.summary(
        table, silent, 2024
    )
    # an earlier document without tables nor sentences: nothing to compare, said so
    bare = {
        **silent,
        "line_items": before["line_items"].clear(),
        "tables": before["tables"].clear(),
    }
    bare = {**bare, "narrative_changes": changes.clear()}
    nothing = earlier.compare(now, bare).filter(pl.col("measure").is_null())
    assert set(nothing["status"]) == {"not_evaluated"}
    assert nothing["earlier_amount"].null_count() == nothing.height
