"""What a validation run leaves for machines: every result in Parquet, a small summary.json.

At scale the results run to millions of rows (3.8 million for 10,000 documents): as JSON
text they took 1.7 GB and most of a run's time to write.  `results.parquet` holds every
result with its exact decimals and is read back with `pipeline.validation_results.load`
(or any Parquet reader); `summary.json` holds what a scheduler or a person reads first:
overall success, counts per family and every result that did not pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pyarrow.parquet as pq

from pipeline.identities import RESIDUAL_SCHEMA

if TYPE_CHECKING:
    from pipeline.validation_page import Tally

RESULTS_FILE = "results.parquet"
SUMMARY_FILE = "summary.json"
_ARROW_SCHEMA = pl.DataFrame(schema=RESIDUAL_SCHEMA).to_arrow(
    compat_level=pl.CompatLevel.oldest()).schema
"""Every batch is written with this one schema (classic large strings, decimal128(18, 4))."""


def num_text(column: str) -> pl.Expr:
    """A Decimal column as its shortest exact text, as `format(d.normalize(), "f")` prints.

    >>> from decimal import Decimal as D
    >>> s = pl.Series("x", [D("100"), D("-0.01"), D("0"), D("0.045"), None],
    ...               pl.Decimal(18, 4))
    >>> s.to_frame().select(num_text("x"))["x"].to_list()
    ['100', '-0.01', '0', '0.045', None]
    """
    # a decimal column with a scale prints a point, so the zeros stripped are decimals
    return pl.col(column).cast(pl.String).str.strip_chars_end("0").str.strip_chars_end(".")


def _result_fields() -> list[pl.Expr]:
    """One summary.json result per residual row, in the documented key order."""
    return [
        pl.col("check"), pl.col("family"), pl.col("unit"), pl.col("year"),
        pl.col("instance"),
        pl.when(pl.col("status") != "not_evaluated").then(pl.col("status") == "pass")
        .alias("success"),
        pl.col("severity"), num_text("reported").alias("observed"),
        num_text("calculated").alias("expected"), num_text("difference").alias("difference"),
        num_text("tolerance").alias("tolerance"), pl.col("source"), pl.col("line"),
        pl.col("detail"),
    ]


def json_results(residuals: pl.DataFrame) -> list[dict]:
    """Residual rows as summary.json results (decimals as exact strings).

    >>> from pipeline.identities import empty_residuals
    >>> json_results(empty_residuals())
    []
    """
    return residuals.select(_result_fields()).to_dicts()


class ResultsWriter:
    """Writes results.parquet while the residuals are computed, a batch at a time, and
    summary.json at the end.

    The Parquet file is written under a temporary name and renamed when closed, so a run
    that stops half-way leaves no truncated results behind.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.results = 0
        self._partial = folder / f".{RESULTS_FILE}.partial"
        self._writer = pq.ParquetWriter(self._partial, _ARROW_SCHEMA, compression="zstd")

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        if kind is not None and self._partial.exists():  # stopped half-way: leave nothing
            self._writer.close()
            self._partial.unlink()

    def add(self, residuals: pl.DataFrame) -> None:
        """Append the results of one batch."""
        table = residuals.select(list(RESIDUAL_SCHEMA)).cast(
            dict(RESIDUAL_SCHEMA)).to_arrow(compat_level=pl.CompatLevel.oldest())  # type: ignore[arg-type]
        self._writer.write_table(table.cast(_ARROW_SCHEMA))
        self.results += residuals.height

    def close(self, tally: Tally) -> dict:
        """Finish results.parquet; write summary.json from the tally; return the summary."""
        self._writer.close()
        self._partial.replace(self.folder / RESULTS_FILE)
        counts = tally.counts()
        failed = int(counts["failed"].sum()) if counts.height else 0
        kept = tally.kept
        not_passed = kept.filter(pl.col("status") != "pass")
        summary = {
            "success": failed == 0,
            "counts": counts.to_dicts(),
            "results_total": self.results,
            "results_file": RESULTS_FILE,
            "results": json_results(not_passed),
        }
        partial = self.folder / f".{SUMMARY_FILE}.partial"
        partial.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.folder / SUMMARY_FILE)
        return summary


def load(folder: Path) -> pl.DataFrame:
    """Every result of the run whose reports are in `folder` (its `validation/` folder),
    as the residual frame `pipeline.identities.residuals` computes."""
    return pl.read_parquet(folder / RESULTS_FILE)
