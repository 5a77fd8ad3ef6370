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
from pipeline.synth.corpus import write_one
from pipeline.validate import load_frames, validate_clean
from pipeline.validate.results import load
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
