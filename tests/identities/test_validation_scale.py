"""The validation reports at scale: the page stays small, results/ is written in batches.

Uses the shipped document with a planted error (table 6 line 292, 抚恤金 合计 19.84 →
19.94 while its 人员经费 column stays 19.84), so failures, warnings and not-evaluated
results are all present.
"""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from pipeline.validate.page import Tally, write_page
from pipeline.validate.results import ResultsWriter, load
from tests.identities.real import planted


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return planted({292: ("19.84\t19.84", "19.94\t19.84")})


def _rows(page: str, cls: str) -> int:
    return len(re.findall(f"<tr class={cls}[ >]", page))


def test_page_past_the_listing_limit_lists_every_problem_and_counts_passes(res, tmp_path):
    full, small = tmp_path / "full.html", tmp_path / "small.html"
    write_page(res, [], full, None)
    write_page(res, [], small, None, list_all_up_to=50)
    big, page = full.read_text(encoding="utf-8"), small.read_text(encoding="utf-8")
    failed = res.filter(pl.col("status") == "fail")
    warned = res.filter(pl.col("status") == "warn")
    missing = res.filter(pl.col("status") == "not_evaluated")
    assert failed.height and warned.height and missing.height
    # every problem is listed, each once; no pass is listed row by row (the 10 rounding
    # differences are more than 50 // 10, so they are counted by check too)
    assert _rows(page, "fail") == failed.height
    assert _rows(page, "warn") == warned.height
    assert _rows(page, "not_evaluated") == missing.height
    assert _rows(page, "pass") == 0 and _rows(big, "pass") > 300
    for line in failed["line"]:
        assert f":{line}</td>" in page
    # passes are counted by check instead, and the counts add up to all results
    assert "All results, by check" in page and 'data-outcome="pass"' not in page
    table = page.split("All results, by check")[1]
    counts = [
        int(n)
        for n in re.findall(
            r"<tr><td>[a-z0-9]+</td><td>[^<]+</td>"
            r"<td class=n>(\d+)</td>",
            table,
        )
    ]
    assert sum(counts) == res.height
    assert len(page) < len(big) / 3


def test_results_written_in_batches_are_the_whole_and_the_summary_lists_what_did_not_pass(
    res, tmp_path
):
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    whole.mkdir(), parts.mkdir()
    with ResultsWriter(whole) as writer:
        writer.add(res)
        one = writer.close(Tally.of(res), "key")
    with ResultsWriter(parts) as writer:
        tally = Tally()
        for start in range(0, res.height, 100):
            writer.add(res.slice(start, 100))
            tally.add(res.slice(start, 100))
        batched = writer.close(tally, "key")
    assert one == batched == json.loads((parts / "summary.json").read_text(encoding="utf-8"))
    assert load(parts).equals(res) and load(whole).equals(res)
    not_passed = res.filter(pl.col("status") != "pass")
    assert one["success"] is False and one["results_total"] == res.height
    assert len(one["results"]) == not_passed.height
    assert [(r["line"], r["kind"], r["status"]) for r in one["results"]] == [
        (r["line"], r["kind"], r["status"]) for r in not_passed.iter_rows(named=True)
    ]
    for status in ("pass", "warn", "fail", "not_evaluated"):
        assert (
            sum(c[status] for c in one["counts"]) == res.filter(pl.col("status") == status).height
        )


def test_a_run_stopped_half_way_leaves_no_results_file(res, tmp_path):
    with pytest.raises(RuntimeError), ResultsWriter(tmp_path) as writer:
        writer.add(res)
        raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def test_new_results_replace_the_previous_ones_whole(res, tmp_path):
    with ResultsWriter(tmp_path) as writer:
        for start in range(0, res.height, 100):
            writer.add(res.slice(start, 100))
        writer.close(Tally.of(res), "key")
    with ResultsWriter(tmp_path) as writer:
        writer.add(res.head(7))
        writer.close(Tally.of(res.head(7)), "key")
    assert load(tmp_path).equals(res.head(7))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "summary.json"]
