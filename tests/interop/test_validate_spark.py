"""`validate_spark`: the GX suites on Spark give the same outcomes as on pandas.

The real document passes every failure-severity identity but fails the warning suites
(rounding differences and not-evaluated checks, listed in tests/identities), so equal
outcomes per suite on both engines is a comparison that can fail either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.ingest import ingest

pytestmark = pytest.mark.spark

REAL = (
    Path(__file__).resolve().parents[2] / "data" / "raw" / ("kashgar-admin-office_2024_budget.txt")
)


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (java not on PATH)")
    from pipeline.validate.spark import spark_session

    session = spark_session("kashgar-budgets-test")
    yield session
    session.stop()


def test_spark_and_pandas_engines_agree_suite_by_suite(tmp_path, spark):
    from pipeline.identities import residuals
    from pipeline.validate import load_frames
    from pipeline.validate.gx import gx_batch, run_suites
    from pipeline.validate.spark import validate_spark

    (tmp_path / "raw").mkdir()
    shutil.copy(REAL, tmp_path / "raw" / REAL.name)
    clean = tmp_path / "clean"
    assert ingest(tmp_path / "raw", clean).errors == []
    frames = load_frames(clean)
    on_pandas = {
        s.suite: (s.success, s.evaluated)
        for s in run_suites(gx_batch(residuals(frames)), frames, tmp_path / "gx")
    }
    on_spark = {s.suite: (s.success, s.evaluated) for s in validate_spark(clean, spark)}
    assert on_spark.pop("baseline.spark_schema") == (True, 0)
    assert on_spark == on_pandas
    assert not on_spark["identities.warnings"][0]
    assert on_spark["baseline.line_items"] == (True, 273)
