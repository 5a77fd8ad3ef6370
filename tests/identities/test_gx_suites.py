"""The GX suites themselves, run by the real GX on the real document's frames: the
baselines pass on clean tables and fail, naming the expectation, when a table breaks them."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.identities import residuals
from pipeline.validate.gx import gx_batch, load_suite_specs, run_suites
from tests.identities.real import frames_of, real_doc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    return frames_of(real_doc())


def _run(frames, tmp_path, tables=None) -> dict[str, tuple[bool, list[str]]]:
    """Identity suites over the residuals of `frames`, baselines over `tables` (or them)."""
    results = run_suites(gx_batch(residuals(frames)), tables or frames, tmp_path / "gx")
    return {r.suite: (r.success, r.failed_expectations) for r in results}


# the real document has 6 warnings and 3 results not evaluated (tests/identities)
EXPECTED_TO_FAIL = {"identities.warnings", "identities.completeness"}


def test_every_failure_suite_passes_on_the_real_document(frames, tmp_path):
    outcome = _run(frames, tmp_path)
    assert len(outcome) == 11 + 12  # the identity suites and one baseline per clean table
    assert {name for name, (ok, _) in outcome.items() if not ok} == EXPECTED_TO_FAIL
    assert (tmp_path / "gx" / "index.html").exists()


def test_a_repeated_key_a_null_and_a_wrong_type_fail_the_baseline(frames, tmp_path):
    items = frames["line_items"]
    broken = dict(frames)
    broken["line_items"] = pl.concat([items, items.head(1)])  # a repeated primary key
    broken["facts"] = frames["facts"].with_columns(pl.lit(None, pl.String).alias("metric"))
    broken["projects"] = frames["projects"].with_columns(pl.col("line").cast(pl.Float64))
    outcome = _run(frames, tmp_path, broken)
    assert outcome["baseline.line_items"] == (False, ["expect_column_sum_to_be_between"])
    # metric is part of the facts' key: nulls there also make rows share a key
    assert outcome["baseline.facts"] == (
        False,
        ["expect_column_sum_to_be_between", "expect_column_values_to_not_be_null"],
    )
    assert outcome["baseline.projects"] == (False, ["expect_column_values_to_be_of_type"])
    assert {name for name, (ok, _) in outcome.items() if not ok} == EXPECTED_TO_FAIL | {
        "baseline.line_items",
        "baseline.facts",
        "baseline.projects",
    }


def test_suites_file_is_generated_from_the_families():
    """expectations/identities.json is written by pipeline.validate.suites: no pasted suite
    drifts from the others, and every family has its suite."""
    from pipeline.identities import FAMILIES
    from pipeline.validate.gx import SUITES_FILE
    from pipeline.validate.suites import suites_text

    assert SUITES_FILE.read_text(encoding="utf-8") == suites_text(), (
        "expectations/identities.json is stale: python -m pipeline.validate.suites"
    )
    families = {s["family"] for s in load_suite_specs()} - {None}
    assert families == set(FAMILIES)
