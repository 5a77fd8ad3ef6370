"""One verdict per claim: what the overview (notebook 1) says of each narrative claim is what
`budget validate` says of it, on the shipped document and on a synthetic one with a planted
narrative error.

The overview reads the identities computed from the unit-year's frames (as the notebook
does, no validation run needed); `budget validate` writes its results to
reports/validation/results.  The two are compared claim by claim.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from pipeline.analysis import overview, prior_year
from pipeline.identities import residuals
from pipeline.ingest import ingest
from pipeline.report.run import results_notice
from pipeline.synth.corpus import write_one
from pipeline.validate import load_frames, validate_clean
from pipeline.validate.results import load, results_key
from tests.helpers import RAW

pytestmark = pytest.mark.slow

_KEY = ["check", "instance", "line"]


def _validated(raw: Path, tmp_path: Path) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, int]:
    """The clean frames of the one document under `raw`, and `budget validate`'s results."""
    clean, reports = tmp_path / "clean", tmp_path / "reports"
    assert ingest(raw, clean).errors == []
    code = validate_clean(clean, reports, use_gx=False)
    return load_frames(clean), load(reports / "validation"), code


def _same_verdicts(claims: pl.DataFrame, results: pl.DataFrame) -> None:
    stored = results.select(*_KEY, pl.col("status").alias("validated"))
    both = claims.join(stored, on=_KEY, how="left", nulls_equal=True)
    assert both["validated"].null_count() == 0, both.filter(pl.col("validated").is_null())
    assert both.filter(pl.col("status") != pl.col("validated")).is_empty()


def test_the_shipped_documents_claims_have_the_validations_verdict(tmp_path):
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW, tmp_path / "raw" / RAW.name)
    frames, results, code = _validated(tmp_path / "raw", tmp_path)
    assert code == 0
    claims = overview.headline_claims(residuals(frames))
    _same_verdicts(claims, results)
    # Report 01 once said "differs" of the project count while validation passed it
    count = claims.filter(pl.col("check") == "projects.count_eq_project_expenditure")
    assert count["status"].to_list() == ["pass", "pass"]
    # the project list and the year-on-year table carry the same verdicts too
    projects = overview.project_list(frames["line_items"], frames["projects"], results)
    assert set(projects["status"].drop_nulls()) == {"pass"}
    items = prior_year.prior_year_items(frames["narrative_changes"], results)
    assert items.filter(pl.col("status") == "warn")["line"].to_list() == [413]


def test_a_planted_narrative_error_is_one_failed_claim_everywhere(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    path = write_one(raw, seed=7, index=0, variants=False)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "所有收入和支出均纳入" in line)
    stated = lines[at].split("收支总预算 ")[1].split(" 万元")[0]
    planted = f"{float(stated.replace(',', '')) + 10:,.2f}"
    lines[at] = lines[at].replace(f"收支总预算 {stated} 万元", f"收支总预算 {planted} 万元")
    path.write_text("\n".join(lines), encoding="utf-8")

    frames, results, code = _validated(raw, tmp_path)
    assert code == 1  # the planted claim fails the run
    claims = overview.headline_claims(residuals(frames))
    _same_verdicts(claims, results)
    wrong = claims.filter(pl.col("status") != "pass")
    assert wrong.select("check", "status", "line").rows() == [
        ("narrative.overview.total_budget_eq_income_expenditure_summary", "fail", at + 1)
    ]
    assert wrong["difference"].item() == 10


def test_reports_read_the_runs_results_only_while_they_are_of_this_build(tmp_path, monkeypatch):
    """`pipeline.load_results`, as notebooks 1, 4 and 5 call it: the verdicts `budget validate`
    stored when its results_key is that of the store as it is, else computed anew."""
    import pipeline

    (tmp_path / "raw").mkdir()
    shutil.copy(RAW, tmp_path / "raw" / RAW.name)
    frames, results, _ = _validated(tmp_path / "raw", tmp_path)
    for name in ("raw", "clean", "reports"):
        monkeypatch.setenv(f"BUDGET_{name.upper()}", str(tmp_path / name))
    unit, year = frames["documents"].select("unit", "year").row(0)
    computed = residuals(pipeline.load_unit_year(unit, year))
    assert pipeline.load_results(unit, year).equals(computed)
    assert pipeline.load_results(unit, year).equals(results)
    assert results_notice(tmp_path / "clean", tmp_path / "reports") is None

    # read from the run: a verdict changed in its file shows (the run is what is reported) …
    part = next((tmp_path / "reports" / "validation" / "results").glob("part-*.parquet"))
    first = pl.int_range(pl.len()) == 0
    altered = results.with_columns(
        pl.when(first).then(pl.lit("fail")).otherwise(pl.col("status")).alias("status")
    )
    altered.write_parquet(part)
    assert pipeline.load_results(unit, year)["status"][0] == "fail"

    # … but only while the run's key is that of this store and this code
    key_path = tmp_path / "reports" / "validation" / "results" / "key.txt"
    key_path.write_text("another build", encoding="utf-8")
    assert pipeline.load_results(unit, year).equals(computed)
    assert "`budget validate` first" in results_notice(tmp_path / "clean", tmp_path / "reports")
    # a new ingest of a changed document changes the key as well
    key_path.write_text(results_key(tmp_path / "clean"), encoding="utf-8")
    assert pipeline.load_results(unit, year)["status"][0] == "fail"
    source = tmp_path / "raw" / RAW.name
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert ingest(tmp_path / "raw", tmp_path / "clean").errors == []
    assert pipeline.load_results(unit, year).equals(computed)
