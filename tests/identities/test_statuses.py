"""One status vocabulary: a result is pass, warn, fail or not_evaluated, wherever it is made.

A warning that does not hold is stored as `warn` (never as `fail`), whichever family
computes it; the status and the severity cannot disagree.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import polars as pl
import pytest

from pipeline.identities import STATUSES
from pipeline.identities.evaluate import residual_row
from pipeline.identities.relations import Relation, Term
from pipeline.identities.tables import table_residuals
from pipeline.validate.gx import gx_batch
from tests.identities.frames import frame, table6


def test_the_four_statuses():
    assert STATUSES == ("pass", "warn", "fail", "not_evaluated")


def test_a_relation_of_severity_warning_that_does_not_hold_is_warn():
    # table 6 (lines 280, 281): 302 商品和服务支出 139.74 is not 30201 办公费 5.01 alone
    relation = Relation(
        "rows.basic_by_economic_class.test_warning",
        "rows",
        "{basic_by_economic_class} 302 = 30201",
        "a test",
        (Term("basic_by_economic_class", "合计", code="302"),),
        (Term("basic_by_economic_class", "合计", code="30201"),),
        severity="warning",
    )
    res = table_residuals(
        {"line_items": frame("line_items", table6())},
        [
            dataclasses.replace(
                relation, severity="failure", check="rows.basic_by_economic_class.test_failure"
            ),
            relation,
        ],
    )
    got = {
        r["check"]: (r["status"], r["severity"], r["difference"])
        for r in res.filter(pl.col("family") == "rows").iter_rows(named=True)
    }
    assert got == {
        "rows.basic_by_economic_class.test_warning": ("warn", "warning", Decimal("134.73")),
        "rows.basic_by_economic_class.test_failure": ("fail", "failure", Decimal("134.73")),
    }


def test_a_status_that_contradicts_its_severity_is_refused():
    row = dict(
        check="c",
        family="projects",
        unit="u",
        year=2024,
        kind="budget",
        instance="i",
        reported=Decimal(1),
        calculated=Decimal(2),
        tolerance=Decimal(0),
        source="s",
        line=1,
        detail="d",
    )
    with pytest.raises(ValueError, match="expected 'warn'"):
        residual_row(**row, severity="warning", status="fail")
    with pytest.raises(ValueError, match="expected 'fail'"):
        residual_row(**row, severity="failure", status="warn")
    with pytest.raises(ValueError, match="unknown status"):
        residual_row(**row, severity="failure", status="warning")
    assert residual_row(**row, severity="warning", status="warn")["status"] == "warn"


def test_gx_reads_the_status_as_stored():
    res = pl.DataFrame(
        {
            "family": ["rows", "narrative"],
            "status": ["pass", "warn"],
            "severity": ["failure", "warning"],
            "line": [1, 2],
            "tolerance": [Decimal(0), Decimal(0)],
        },
        schema_overrides={"tolerance": pl.Decimal(18, 4)},
    )
    batch = gx_batch(res)
    assert "outcome" not in batch.columns
    assert batch["status"].cast(pl.String).to_list() == ["pass", "warn"]
    with pytest.raises(pl.exceptions.InvalidOperationError):
        gx_batch(res.with_columns(status=pl.lit("warning")))
