"""The validation reports at scale: the page stays small, summary.json streams in batches.

Uses the shipped document with a planted error (table 6 line 292, 抚恤金 合计 19.84 →
19.94 while its 人员经费 column stays 19.84), so failures, warnings and not-evaluated
results are all present.
"""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from pipeline.validation_page import SummaryWriter, Tally, write_page, write_summary
from tests.identities.real import planted


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return planted({292: ("19.84\t19.84", "19.94\t19.84")})


def _rows(page: str, cls: str) -> int:
    return len(re.findall(f"<tr class={cls}>", page))


def test_page_past_the_listing_limit_lists_every_problem_and_counts_passes(res, tmp_path):
    full, small = tmp_path / "full.html", tmp_path / "small.html"
    write_page(res, [], full, None)
    write_page(res, [], small, None, list_all_up_to=50)
    big, page = full.read_text(encoding="utf-8"), small.read_text(encoding="utf-8")
    failed = res.filter((pl.col("status") == "fail") & (pl.col("severity") == "failure"))
    warned = res.filter((pl.col("status") == "fail") & (pl.col("severity") == "warning"))
    missing = res.filter(pl.col("status") == "not_evaluated")
    assert failed.height and warned.height and missing.height
    # every problem is listed, each once; no pass is listed row by row (the 10 rounding
    # differences are more than 50 // 10, so they are counted by check too)
    assert _rows(page, "fail") == failed.height
    assert _rows(page, "warning") == warned.height
    assert _rows(page, "not_evaluated") == missing.height
    assert _rows(page, "pass") == 0 and _rows(big, "pass") > 300
    for line in failed["line"]:
        assert f":{line}</td>" in page
    # passes are counted by check instead, and the counts add up to all results
    assert "All results, by check" in page and "<details>" not in page
    table = page.split("All results, by check")[1]
    counts = [int(n) for n in re.findall(r"<tr><td>[a-z0-9]+</td><td>[^<]+</td>"
                                         r"<td class=n>(\d+)</td>", table)]
    assert sum(counts) == res.height
    assert len(page) < len(big) / 3


def test_summary_written_in_batches_is_the_summary_of_the_whole(res, tmp_path):
    whole, parts = tmp_path / "whole.json", tmp_path / "parts.json"
    write_summary(res, whole)
    writer, tally = SummaryWriter(parts), Tally()
    for start in range(0, res.height, 100):
        writer.add(res.slice(start, 100))
    tally.add(res)
    writer.close(tally.counts())
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (whole, parts))
    assert a == b and a["success"] is False and len(a["results"]) == res.height
    assert sum(c["failed"] for c in a["counts"]) == res.filter(
        (pl.col("status") == "fail") & (pl.col("severity") == "failure")).height
