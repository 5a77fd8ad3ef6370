"""What a validation run leaves for machines: every result in Parquet, a small summary.json.

At scale the results run to millions of rows (3.8 million for 10,000 documents): as JSON
text they took 1.7 GB and most of a run's time to write.  `results/` holds every result
with its exact decimals, one Parquet part per batch of unit-years (written by the process
that computed it), read back in order with `pipeline.validate.results.load` (or
`pl.scan_parquet("results/*.parquet")`); `summary.json` holds what a scheduler or a person
reads first: overall success, counts per family and status, and every result that did not
pass.  Both speak the one status vocabulary: pass / warn / fail / not_evaluated.

`results/key.txt` records the `results_key`: the clean build the results were computed from
and the code that computed them (a file of its own, swapped in with the parts, so that a
reader never parses summary.json, which grows with the corpus, to learn it).  Reports read
a document's results from here when the key still holds (`stored`), instead of computing
them again: the same verdicts as the run, at a fraction of the cost.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipeline.identities import RESIDUAL_SCHEMA, empty_residuals
from pipeline.store import build_key, code_fingerprint

if TYPE_CHECKING:
    from pipeline.validate.page import Tally

RESULTS_DIR = "results"
SUMMARY_FILE = "summary.json"
KEY_FILE = "key.txt"
"""In `results/`: the `results_key` of the run that wrote the parts beside it."""
_VERDICTS_BY = ("identities", "template", "classification.py", "data/classification_codes.csv")
"""The code that turns clean rows into results: the identities, the templates that say which
apply, the classification codes they compare names against."""


def results_key(clean: Path) -> str:
    """What the results of a run over `clean` depend on: its build (`store.build_key`) and
    the code that computes results (`_VERDICTS_BY`)."""
    return f"{build_key(clean)}:{code_fingerprint(_VERDICTS_BY)}"


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
        pl.col("check"),
        pl.col("family"),
        pl.col("unit"),
        pl.col("year"),
        pl.col("kind"),
        pl.col("instance"),
        pl.col("status"),
        pl.col("severity"),
        num_text("reported").alias("observed"),
        num_text("calculated").alias("expected"),
        num_text("difference").alias("difference"),
        num_text("tolerance").alias("tolerance"),
        pl.col("source"),
        pl.col("line"),
        pl.col("detail"),
    ]


def json_results(residuals: pl.DataFrame) -> list[dict]:
    """Residual rows as summary.json results (decimals as exact strings).

    >>> from pipeline.identities import empty_residuals
    >>> json_results(empty_residuals())
    []
    """
    return residuals.select(_result_fields()).to_dicts()


def write_part(folder: Path, number: int, residuals: pl.DataFrame) -> Path:
    """Write one batch's results as part `number` of the results in `folder` (a staging
    folder: `ResultsWriter.staging`); parts read back in the order of their numbers."""
    path = folder / f"part-{number:06d}.parquet"
    residuals.select(list(RESIDUAL_SCHEMA)).cast(dict(RESIDUAL_SCHEMA)).write_parquet(
        path, compression="zstd"
    )  # type: ignore[arg-type]
    return path


class ResultsWriter:
    """Gathers the results of a run in a staging folder, batch by batch (in this process
    with `add`, or in others with `write_part` into `staging`), and on `close` puts them in
    place as `results/` and writes summary.json.

    A run that stops half-way leaves the previous results as they were and no staging
    folder behind.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = folder / f".{RESULTS_DIR}.partial"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self._parts = 0

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        if self.staging.exists():  # stopped half-way (or never closed): leave nothing
            shutil.rmtree(self.staging)

    def add(self, residuals: pl.DataFrame) -> None:
        """Write the results of the next batch."""
        write_part(self.staging, self._parts, residuals)
        self._parts += 1

    def close(self, tally: Tally, key: str) -> dict:
        """Put the results in place with `key` (the `results_key` of the build validated);
        write summary.json from the tally; return the summary."""
        (self.staging / KEY_FILE).write_text(key, encoding="utf-8")
        final = self.folder / RESULTS_DIR
        old = self.folder / f".{RESULTS_DIR}.old"
        if old.exists():  # left by a run stopped while swapping
            shutil.rmtree(old)
        if final.exists():
            final.rename(old)
        self.staging.rename(final)
        if old.exists():
            shutil.rmtree(old)
        counts = tally.counts()
        failed = int(counts["fail"].sum()) if counts.height else 0
        not_passed = tally.kept.filter(pl.col("status") != "pass")
        summary = {
            "success": failed == 0,
            "counts": counts.to_dicts(),
            "results_total": tally.results,
            "results_files": f"{RESULTS_DIR}/*.parquet",
            "results": json_results(not_passed),
        }
        partial = self.folder / f".{SUMMARY_FILE}.partial"
        partial.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.folder / SUMMARY_FILE)
        return summary


def load(folder: Path) -> pl.DataFrame:
    """Every result of the run whose reports are in `folder` (its `validation/` folder),
    in order, as the residual frame `pipeline.identities.residuals` computes."""
    parts = sorted((folder / RESULTS_DIR).glob("part-*.parquet"))
    if not parts:
        return empty_residuals()
    return pl.read_parquet(parts)


def _stored_key(folder: Path) -> str | None:
    try:
        return (folder / RESULTS_DIR / KEY_FILE).read_text(encoding="utf-8")
    except OSError:
        return None


def is_current(folder: Path, clean: Path) -> bool:
    """Whether the results under `folder` are those of `clean` as it is, by this code."""
    return _stored_key(folder) == results_key(clean)


def stored(folder: Path, key: str, unit: str, year: int, kind: str) -> pl.DataFrame | None:
    """One document's results as the run whose reports are in `folder` stored them, when
    that run's `results_key` is `key`; None when it is not (another build or other code, no
    run yet) or a run replaced them while they were read."""
    if _stored_key(folder) != key:
        return None
    parts = sorted((folder / RESULTS_DIR).glob("part-*.parquet"))
    try:
        rows = (
            pl.scan_parquet(parts)
            .filter((pl.col("unit") == unit) & (pl.col("year") == year) & (pl.col("kind") == kind))
            .collect()
            if parts
            else empty_residuals()
        )
    except (OSError, pl.exceptions.PolarsError):
        return None
    return rows if _stored_key(folder) == key else None
