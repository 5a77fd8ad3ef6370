"""kashgar-budgets: unit budget disclosures (单位预算公开) as exact, checked Polars frames.

The public data API for notebooks and analyses:

- `load(name, unit=None, year=None, kind=None, amounts="decimal")` → a clean table as a
  `polars.DataFrame`; `unit` may be the unit's id (`u…`), its full or short name, or any
  unambiguous part of it (`pipeline.units`); `amounts="float"` gives Float64 amounts for
  plotting and modelling (Decimal, exact, is the default);
- `scan(name)` → the same as a `polars.LazyFrame`, for your own filters;
- `pipeline.views.load(view, …)` → ready-to-analyse views (spending by class, the
  unit-year panel, …) that never double count.

Both build `data/clean` first if it is missing or older than `data/raw`.  Filtering by
`unit` and `year` happens in the Parquet scan (file and row-group statistics), so one
unit-year loads quickly even from thousands.  Table and column meanings:
docs/data-dictionary.md (generated from `pipeline.schema` and `pipeline.views`).

Imported in a Jupyter kernel, the package switches Altair to its offline renderer
(`pipeline.report.enable`), so charts draw without a network and without a call.
"""

from __future__ import annotations

import warnings
from typing import Literal

import polars as pl

from pipeline.schema import TABLES
from pipeline.settings import settings

__all__ = ["TABLES", "as_float", "load", "load_unit_year", "resolve_unit", "scan"]

Amounts = Literal["decimal", "float"]


def _newest_raw_mtime(raw) -> float:
    from pipeline.ingest import discover

    return max((p.stat().st_mtime for p in discover(raw)), default=0.0)


def _ensure_clean() -> None:
    """Ingest when data/clean is missing, older than data/raw, or built by other code
    (another layout or schema: its files would not read as this version's tables)."""
    from pipeline import store
    from pipeline.ingest import ingest

    paths = settings()
    manifest = paths.clean / store.MANIFEST
    built_by = store.read_manifest(paths.clean).get("build") if manifest.exists() else None
    if (manifest.exists() and manifest.stat().st_mtime >= _newest_raw_mtime(paths.raw)
            and built_by in (None, store.build_fingerprint())):  # None: not made by ingest
        return
    result = ingest(paths.raw, paths.clean)
    for message in result.errors:
        warnings.warn(f"not ingested: {message}", stacklevel=3)


def scan(name: str) -> pl.LazyFrame:
    """A clean table as a LazyFrame (building data/clean first if needed)."""
    from pipeline import store

    _ensure_clean()
    return store.scan(settings().clean, name)


def resolve_unit(unit: str) -> str:
    """The full name of the unit `unit` means: an id, a full or short name, or a part of it.

    Raises `pipeline.units.UnitLookupError` (a LookupError) naming the units when nothing
    or several match, instead of returning no rows.
    """
    from pipeline.units import resolve

    names = scan("documents").select("unit").unique().collect()["unit"].to_list()
    return resolve(unit, names)


def as_float(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every Decimal column as Float64, for plotting and modelling.

    Floats are not exact: keep the Decimal frame for sums and identities.

    >>> from decimal import Decimal
    >>> as_float(pl.DataFrame({"amount": [Decimal("31.50")]}, schema={"amount": pl.Decimal(18, 2)}))
    shape: (1, 1)
    ┌────────┐
    │ amount │
    │ ---    │
    │ f64    │
    ╞════════╡
    │ 31.5   │
    └────────┘
    """
    import polars.selectors as cs

    return frame.with_columns(cs.decimal().cast(pl.Float64))


def load(name: str, unit: str | None = None, year: int | None = None,
         kind: str | None = None, amounts: Amounts = "decimal") -> pl.DataFrame:
    """A clean table, optionally only one unit, year and/or kind of document (budget …),
    e.g. `load("line_items")`.

    `unit` may be an id, a full or short name or an unambiguous part of one
    (`resolve_unit`); `amounts="float"` casts Decimal columns to Float64 (`as_float`).
    """
    if amounts not in ("decimal", "float"):
        raise ValueError(f"amounts must be 'decimal' or 'float', not {amounts!r}")
    frame = scan(name)
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    if unit is not None:
        frame = frame.filter(pl.col("unit") == resolve_unit(unit))
    if kind is not None:
        frame = frame.filter(pl.col("kind") == kind)
    out = frame.collect()
    return as_float(out) if amounts == "float" else out


def load_unit_year(unit: str, year: int, tables: tuple[str, ...] | None = None,
                   kind: str | None = None) -> dict[str, pl.DataFrame]:
    """Every clean table (or the named ones) for one document — a unit-year, and its kind
    when the unit-year has documents of several kinds — as notebooks need them.

    Raises LookupError when no such document was ingested, or when several kinds of
    document of that unit-year were and `kind` does not say which.
    """
    names = tables or tuple(TABLES)
    unit = resolve_unit(unit)
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


def _enable_charts_in_kernel() -> None:
    """In a Jupyter kernel, draw Altair charts offline from the start (no call needed)."""
    import sys

    if "ipykernel" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    from pipeline.report.charts import enable

    enable()


_enable_charts_in_kernel()
