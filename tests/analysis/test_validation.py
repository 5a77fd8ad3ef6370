"""Identity results summarised for notebook 5, in the one status vocabulary."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import validation

D = Decimal


def residuals(rows):
    return pl.DataFrame(
        [
            dict(
                zip(("check", "family", "severity", "status", "difference", "line"), r, strict=True)
            )
            for r in rows
        ],
        schema={
            "check": pl.String,
            "family": pl.String,
            "severity": pl.String,
            "status": pl.String,
            "difference": pl.Decimal(18, 4),
            "line": pl.Int32,
        },
    )


def sample():
    return residuals(
        [
            ("a", "rows", "failure", "pass", D(0), 1),
            ("b", "rows", "failure", "pass", D("0.01"), 2),
            ("c", "narrative", "warning", "warn", D("0.01"), 3),
            ("d", "narrative", "failure", "fail", D("5"), 4),
            ("e", "projects", "warning", "not_evaluated", None, 5),
        ]
    )


def test_statuses_are_the_identities_own():
    assert validation.STATUSES == ("pass", "warn", "fail", "not_evaluated")
    got = {s: validation.findings(sample(), s)["check"].to_list() for s in validation.STATUSES}
    assert got == {"pass": ["a", "b"], "warn": ["c"], "fail": ["d"], "not_evaluated": ["e"]}
    assert validation.rounding(sample())["check"].to_list() == ["b"]


def test_by_family_lists_every_status_with_zeros():
    table = validation.by_family(sample())
    assert table.height == 3 * len(validation.STATUSES)
    rows = table.filter(pl.col("family") == "rows")
    assert rows["status"].to_list() == list(validation.STATUSES)
    assert rows["instances"].to_list() == [2, 0, 0, 0]


def test_findings_and_bad_input():
    with pytest.raises(ValueError, match="status must be"):
        validation.findings(sample(), "disagrees (failure)")
    # "warning" is a severity, never a status
    with pytest.raises(ValueError, match="unknown result status"):
        validation.by_family(residuals([("x", "rows", "warning", "warning", D(0), 1)]))
    with pytest.raises(ValueError, match="missing columns"):
        validation.by_family(pl.DataFrame({"check": ["x"]}))
