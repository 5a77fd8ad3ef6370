"""kashgar-budgets: unit budget disclosures (单位预算公开) as exact, checked Polars frames.

The public data API for notebooks and analyses:

- `load(name, unit=None, year=None)` → a clean table as a `polars.DataFrame`;
- `scan(name)` → the same as a `polars.LazyFrame`, for your own filters.

Both build `data/clean` first if it is missing or older than `data/raw`.  Filtering by
`unit` and `year` happens in the Parquet scan (year partitions, row-group statistics), so
one unit-year loads quickly even from thousands.  Table and column meanings:
docs/data-dictionary.md (generated from `pipeline.schema`).
"""

from __future__ import annotations

import warnings

import polars as pl

from pipeline.schema import TABLES
from pipeline.settings import settings

__all__ = ["TABLES", "load", "load_unit_year", "scan"]


def _newest_raw_mtime(raw) -> float:
    from pipeline.ingest import discover

    return max((p.stat().st_mtime for p in discover(raw)), default=0.0)


def _ensure_clean() -> None:
    """Ingest when data/clean is missing or older than data/raw."""
    from pipeline import store
    from pipeline.ingest import ingest

    paths = settings()
    manifest = paths.clean / store.MANIFEST
    if manifest.exists() and manifest.stat().st_mtime >= _newest_raw_mtime(paths.raw):
        return
    result = ingest(paths.raw, paths.clean)
    for message in result.errors:
        warnings.warn(f"not ingested: {message}", stacklevel=3)


def scan(name: str) -> pl.LazyFrame:
    """A clean table as a LazyFrame (building data/clean first if needed)."""
    from pipeline import store

    _ensure_clean()
    return store.scan(settings().clean, name)


def load(name: str, unit: str | None = None, year: int | None = None,
         kind: str | None = None) -> pl.DataFrame:
    """A clean table, optionally only one unit, year and/or kind of document (budget …),
    e.g. `load("line_items")`."""
    frame = scan(name)
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    if unit is not None:
        frame = frame.filter(pl.col("unit") == unit)
    if kind is not None:
        frame = frame.filter(pl.col("kind") == kind)
    return frame.collect()


def load_unit_year(unit: str, year: int, tables: tuple[str, ...] | None = None,
                   kind: str | None = None) -> dict[str, pl.DataFrame]:
    """Every clean table (or the named ones) for one document — a unit-year, and its kind
    when the unit-year has documents of several kinds — as notebooks need them.

    Raises LookupError when no such document was ingested, or when several kinds of
    document of that unit-year were and `kind` does not say which.
    """
    names = tables or tuple(TABLES)
    frames = {name: load(name, unit=unit, year=year, kind=kind)
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
