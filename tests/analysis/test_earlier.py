"""A document's prior-year figures against the same unit's earlier document: two synthetic
consecutive years (`generate_years`), consistent, and with one earlier figure altered."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline.analysis import earlier
from pipeline.ingest import parse_frames
from pipeline.reader import read_document
from pipeline.synth.model import Change, generate_years
from pipeline.synth.render import render_document, write_document

D = Decimal
UNIT = "合成两年单位（synthetic）"
ONE = D("1.00")


def _parsed(folder, budget):
    path = write_document(folder / f"{budget.year}.txt", render_document(budget))
    frames, status = parse_frames(path, str(path))
    assert status.status == "ok", status.error
    return frames


def _raised(change: Change) -> Change:
    return Change(change.amount + ONE, change.prior, change.reason)


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """(2023, 2024, 2023 with 机关运行经费 and 公务接待费 each 1.00 万元 more), parsed."""
    first, second = generate_years(random.Random(8), UNIT, 2023, 2)
    assert first.three_public.reception.amount > 0  # the seed gives it a 公务接待费
    three = replace(first.three_public, reception=_raised(first.three_public.reception))
    altered = replace(first, running_cost=_raised(first.running_cost), three_public=three)
    plain, edited = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("edited")
    return _parsed(plain, first), _parsed(plain, second), _parsed(edited, altered)


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
    assert off["figure"].to_list()[:1] and set(off["figure"]) == {
        "“三公”经费 sangong",
        "机关运行经费 operating costs",
        "公务接待费",
    }
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
