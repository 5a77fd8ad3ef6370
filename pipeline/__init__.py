"""kashgar-budgets: unit budget disclosures (单位预算公开) as exact, checked Polars frames.

The public data API for notebooks and analyses:

- `load(name, unit=None, year=None, kind=None, amounts="decimal")` → a clean table as a
  `polars.DataFrame`; `unit` may be the unit's id (`u…`), its full or short name, or any
  unambiguous part of it (`pipeline.units`); `amounts="float"` gives Float64 amounts for
  plotting and modelling (Decimal, exact, is the default);
- `scan(name)` → the same as a `polars.LazyFrame`, for your own filters;
- `load_results(unit, year)` → one document's identity results (pass / warn / fail /
  not_evaluated), as `budget validate` stored them when they are of the current clean
  build, else computed now by the same code;
- `pipeline.views.load(view, …)` → ready-to-analyse views (spending by class, the
  unit-year panel, …) that never double count;
- `ensure_clean()` → ingest `data/raw` into `data/clean` (what `budget ingest` does).

`load` and `scan` only read: they never ingest behind your back.  When `data/clean` is
missing, or was built by a version of this package that wrote another layout, they raise
`CleanStoreMissing`; when a raw document is newer than the last ingest (or one was added or
removed, or other parser code built the store) they warn with `StaleCleanWarning`; both
name the command to run.  Filtering by `unit` and `year` happens in the Parquet scan (file
and row-group statistics), so one unit-year loads quickly even from thousands.  Table and
column meanings: docs/data-dictionary.md (generated from `pipeline.schema` and
`pipeline.views`).

Imported in a Jupyter kernel, the package switches Altair to its offline renderer
(`pipeline.report.enable`), so charts draw without a network and without a call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars as pl

from pipeline.freshness import CleanStoreMissing, StaleCleanWarning, check_clean
from pipeline.schema import TABLES
from pipeline.settings import settings

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult

__all__ = [
    "TABLES",
    "CleanStoreMissing",
    "StaleCleanWarning",
    "as_float",
    "ensure_clean",
    "load",
    "load_results",
    "load_unit_year",
    "resolve_unit",
    "scan",
]

Amounts = Literal["decimal", "float"]


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


def resolve_unit(unit: str) -> str:
    """The full name of the unit `unit` means: an id, a full or short name, or a part of it.

    Raises `pipeline.units.UnitLookupError` (a LookupError) naming the units when nothing
    or several match, instead of returning no rows.
    """
    from pipeline.units import resolve

    names = _scan("documents").select("unit").unique().collect()["unit"].to_list()
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


def _filtered(
    frame: pl.LazyFrame,
    unit: str | None,
    year: int | None,
    kind: str | None,
    amounts: Amounts = "decimal",
) -> pl.DataFrame:
    if amounts not in ("decimal", "float"):
        raise ValueError(f"amounts must be 'decimal' or 'float', not {amounts!r}")
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    if unit is not None:
        frame = frame.filter(pl.col("unit") == resolve_unit(unit))
    if kind is not None:
        frame = frame.filter(pl.col("kind") == kind)
    out = frame.collect()
    return as_float(out) if amounts == "float" else out


def load(
    name: str,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    amounts: Amounts = "decimal",
) -> pl.DataFrame:
    """A clean table, optionally only one unit, year and/or kind of document (budget …),
    e.g. `load("line_items")`.

    `unit` may be an id, a full or short name or an unambiguous part of one
    (`resolve_unit`); `amounts="float"` casts Decimal columns to Float64 (`as_float`).
    """
    check_clean(settings(), stacklevel=2)
    return _filtered(_scan(name), unit, year, kind, amounts)


def load_unit_year(
    unit: str, year: int, tables: tuple[str, ...] | None = None, kind: str | None = None
) -> dict[str, pl.DataFrame]:
    """Every clean table (or the named ones) for one document — a unit-year, and its kind
    when the unit-year has documents of several kinds — as notebooks need them.

    Raises LookupError when no such document was ingested, or when several kinds of
    document of that unit-year were and `kind` does not say which.
    """
    check_clean(settings(), stacklevel=2)
    names = tables or tuple(TABLES)
    unit = resolve_unit(unit)
    frames = {name: _filtered(_scan(name), unit, year, kind) for name in {"documents", *names}}
    documents = frames["documents"]
    if documents.height > 1:
        raise LookupError(
            f"{unit!r} {year} has documents of several kinds "
            f"({', '.join(documents['kind'].to_list())}): say which with kind="
        )
    if documents.height != 1:
        raise LookupError(
            f"no clean document for {unit!r} {year}"
            + (f" ({kind})" if kind else "")
            + ": is it under data/raw, "
            "and did `budget ingest` read it?"
        )
    return frames


def load_results(unit: str, year: int, kind: str | None = None) -> pl.DataFrame:
    """One document's identity results (`unit`, `year`, `kind` as for `load_unit_year`).

    Those the last `budget validate` stored under the reports folder, when it computed them
    from this very clean build with this code (`pipeline.validate.results.results_key`): the
    run's own verdicts, read in milliseconds.  Otherwise computed now by the same code
    (`pipeline.identities.residuals`), which takes about a second a document.
    """
    from pipeline.identities import residuals
    from pipeline.validate import VALIDATION_DIR
    from pipeline.validate.results import results_key, stored

    paths = settings()
    documents = load_unit_year(unit, year, tables=("documents",), kind=kind)["documents"]
    key = documents.select("unit", "year", "kind").row(0)
    found = stored(paths.reports / VALIDATION_DIR, results_key(paths.clean), *key)
    if found is not None:
        return found
    return residuals(load_unit_year(unit, year, kind=kind))


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
