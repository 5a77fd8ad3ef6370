"""Outcomes of identity residuals: exact, rounding, disagreement by severity, not evaluated."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import validation

D = Decimal


def residuals(rows):
    return pl.DataFrame(
        [dict(zip(("check", "family", "severity", "status", "difference", "line"), r,
                  strict=True)) for r in rows],
        schema={"check": pl.String, "family": pl.String, "severity": pl.String,
                "status": pl.String, "difference": pl.Decimal(18, 4), "line": pl.Int32})


def sample():
    return residuals([("a", "rows", "failure", "pass", D(0), 1),
                      ("b", "rows", "failure", "pass", D("0.01"), 2),
                      ("c", "narrative", "warning", "fail", D("0.01"), 3),
                      ("d", "narrative", "failure", "fail", D("5"), 4),
                      ("e", "projects", "warning", "not_evaluated", None, 5)])


def test_outcomes():
    got = dict(zip(*validation.with_outcome(sample()).select("check", "outcome")
                   .to_dict().values(), strict=True))
    assert got == {"a": "holds exactly", "b": "differs by rounding",
                   "c": "disagrees (warning)", "d": "disagrees (failure)",
                   "e": "not evaluated"}


def test_by_family_lists_every_outcome_with_zeros():
    table = validation.by_family(sample())
    assert table.height == 3 * len(validation.OUTCOMES)
    rows = table.filter(pl.col("family") == "rows")
    assert rows["instances"].to_list() == [1, 1, 0, 0, 0]


def test_findings_and_bad_input():
    assert validation.findings(sample(), "disagrees (failure)")["check"].to_list() == ["d"]
    with pytest.raises(ValueError, match="outcome must be"):
        validation.findings(sample(), "fine")
    with pytest.raises(ValueError, match="unknown residual status"):
        validation.with_outcome(residuals([("x", "rows", "failure", "maybe", D(0), 1)]))
    with pytest.raises(ValueError, match="missing columns"):
        validation.by_family(pl.DataFrame({"check": ["x"]}))
