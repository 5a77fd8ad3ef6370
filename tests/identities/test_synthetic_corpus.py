"""Multi-document runs over a `budget synth` corpus: results per unit-year, errors isolated."""

from __future__ import annotations

import re

import polars as pl
import pytest

from pipeline.identities import residuals
from pipeline.ingest import ingest
from pipeline.validate import load_frames

corpus = pytest.importorskip("pipeline.synth.corpus")
pytestmark = pytest.mark.slow

DOCS = 12


def _residuals(raw, clean) -> pl.DataFrame:
    result = ingest(raw, clean)
    assert not result.errors, result.errors
    return residuals(load_frames(clean))


def test_planted_error_in_one_synthetic_unit_fails_only_that_unit(tmp_path):
    raw = tmp_path / "raw"
    paths = corpus.write_corpus(raw, DOCS, seed=3, variants=False)
    res = _residuals(raw, tmp_path / "clean")
    failed = res.filter(pl.col("status") == "fail")
    assert failed.is_empty(), failed.select("check", "unit", "year", "detail").to_dicts()
    assert res.select("unit", "year").unique().height == DOCS

    # plant: the 合计 of one table-3 row of one document, +1.00
    target = res.filter(
        pl.col("check") == "rows.expenditure_by_function.total_eq_basic_plus_project"
    ).row(3, named=True)
    path = next(p for p in paths if str(p).endswith(target["source"].rsplit("/", 1)[-1]))
    lines = path.read_text(encoding="utf-8").split("\n")
    row = lines[target["line"] - 1]
    cells = row.split("\t")
    total = next(i for i, c in enumerate(cells) if re.fullmatch(r"[\d,]+\.\d\d", c))
    value = float(cells[total].replace(",", "")) + 1
    cells[total] = f"{value:,.2f}" if "," in cells[total] else f"{value:.2f}"
    lines[target["line"] - 1] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")

    res = _residuals(raw, tmp_path / "clean")
    failed = res.filter(pl.col("status") == "fail")
    assert set(failed.select("unit", "year").iter_rows()) == {(target["unit"], target["year"])}
    assert target["line"] in set(failed["line"])
    others = res.filter((pl.col("unit") != target["unit"]) | (pl.col("year") != target["year"]))
    assert others.select("unit", "year").unique().height == DOCS - 1


@pytest.mark.parametrize("workers", [1, 2])
def test_validation_read_from_the_store_in_batches_equals_all_at_once(tmp_path, workers):
    """`budget validate` reads each batch of unit-years from Parquet on its own, in one
    process or two; over several batches (5 of at most 3 unit-years here) the results
    equal the residuals of the whole corpus in memory, row for row and in order."""
    from pipeline.validate import validate_clean
    from pipeline.validate.results import load

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    corpus.write_corpus(raw, DOCS + 1, seed=5, variants=False)
    whole = _residuals(raw, clean)
    assert (
        validate_clean(clean, tmp_path / "reports", use_gx=False, batch_docs=3, workers=workers)
        == 0
    )
    batched = load(tmp_path / "reports" / "validation")
    assert batched.select("unit", "year").unique().height == DOCS + 1
    assert batched.equals(whole)
