"""kashgar-budgets: unit budget disclosures (单位预算公开) as exact, checked Polars frames.

The public data API for notebooks and analyses:

- `load(name, unit=None, year=None, kind=None)` → a clean table as a `polars.DataFrame`;
- `scan(name)` → the same as a `polars.LazyFrame`, for your own filters;
- `ensure_clean()` → ingest `data/raw` into `data/clean` (what `budget ingest` does).

`load` and `scan` only read: they never ingest behind your back.  When `data/clean` is
missing they raise `CleanStoreMissing`; when a raw document is newer than the last ingest
(or one was added or removed) they warn with `StaleCleanWarning`; both name the command to
run.  Filtering by `unit` and `year` happens in the Parquet scan (year partitions,
row-group statistics), so one unit-year loads quickly even from thousands.  Table and
column meanings: docs/data-dictionary.md (generated from `pipeline.schema`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from pipeline.freshness import CleanStoreMissing, StaleCleanWarning, check_clean
from pipeline.schema import TABLES
from pipeline.settings import settings

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult

__all__ = ["TABLES", "CleanStoreMissing", "StaleCleanWarning", "ensure_clean", "load",
           "load_unit_year", "scan"]


def ensure_clean(*, allow_empty: bool = False) -> IngestResult:
    """Bring data/clean up to date with data/raw (the paths of `pipeline.settings`), as
    `budget ingest` does: only changed documents are parsed.  Returns what happened; a
    document that could not be read is in `.errors`, not raised."""
    from pipeline.ingest import ingest

    paths = settings()
    return ingest(paths.raw, paths.clean, allow_empty=allow_empty)


def _scan(name: str) -> pl.LazyFrame:
    from pipeline import store

    return store.scan(settings().clean, name)


def scan(name: str) -> pl.LazyFrame:
    """A clean table as a LazyFrame (read as it is: see `check_clean`)."""
    check_clean(settings(), stacklevel=2)
    return _scan(name)


def _filtered(frame: pl.LazyFrame, unit: str | None, year: int | None,
              kind: str | None) -> pl.DataFrame:
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    if unit is not None:
        frame = frame.filter(pl.col("unit") == unit)
    if kind is not None:
        frame = frame.filter(pl.col("kind") == kind)
    return frame.collect()


def load(name: str, unit: str | None = None, year: int | None = None,
         kind: str | None = None) -> pl.DataFrame:
    """A clean table, optionally only one unit, year and/or kind of document (budget …),
    e.g. `load("line_items")`."""
    check_clean(settings(), stacklevel=2)
    return _filtered(_scan(name), unit, year, kind)


def load_unit_year(unit: str, year: int, tables: tuple[str, ...] | None = None,
                   kind: str | None = None) -> dict[str, pl.DataFrame]:
    """Every clean table (or the named ones) for one document — a unit-year, and its kind
    when the unit-year has documents of several kinds — as notebooks need them.

    Raises LookupError when no such document was ingested, or when several kinds of
    document of that unit-year were and `kind` does not say which.
    """
    check_clean(settings(), stacklevel=2)
    names = tables or tuple(TABLES)
    frames = {name: _filtered(_scan(name), unit, year, kind)
              for name in {"documents", *names}}
    documents = frames["documents"]
    if documents.height > 1:
        raise LookupError(f"{unit!r} {year} has documents of several kinds "
                          f"({', '.join(documents['kind'].to_list())}): say which with kind=")
    if documents.height != 1:
        raise LookupError(f"no clean document for {unit!r} {year}"
                          + (f" ({kind})" if kind else "") + ": is it under data/raw, "
                          "and did `budget ingest` read it?")
    return frames
