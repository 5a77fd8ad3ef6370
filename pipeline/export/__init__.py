"""`budget export`: the clean tables and views as CSV, Excel, Stata, DuckDB or a Data Package.

For researchers who work in Stata, R or Excel.  The export reads the clean tables (after
ingesting what changed), computes the views from them, writes every file of the format into
a staging folder next to `--out` and swaps it in whole, so `--out` never holds a half-written
export.  `export.json` records what was exported from which build.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from pipeline import store
from pipeline.export.catalog import Item, item_of
from pipeline.export.writers import WRITERS, ExportError
from pipeline.schema import TABLES
from pipeline.views import VIEWS
from pipeline.views import build as build_view

__all__ = ["FORMATS", "ExportError", "export", "export_main"]

FORMATS = tuple(WRITERS)
MARKER = "export.json"


def _frames(
    clean: Path, names: set[str], unit: str | None, year: int | None
) -> dict[str, pl.DataFrame]:
    frames = {}
    for name in sorted(names):
        scan = store.scan(clean, name)
        if year is not None:
            scan = scan.filter(pl.col("year") == year)
        if unit is not None:
            scan = scan.filter(pl.col("unit") == unit)
        frames[name] = scan.collect()
    return frames


def _unit_name(clean: Path, unit: str) -> str:
    from pipeline.units import resolve

    names = store.scan(clean, "documents").select("unit").unique().collect()["unit"]
    return resolve(unit, names.to_list())


def export(
    clean: Path,
    out: Path,
    fmt: str,
    tables: Sequence[str] | None = None,
    views: Sequence[str] | None = None,
    unit: str | None = None,
    year: int | None = None,
) -> list[Path]:
    """Write the named tables and views (default: all of each) of `clean` as `fmt` to `out`.

    `out` is replaced whole; it must not exist, be empty, or hold an earlier export.
    Returns the files written.  Raises ExportError (or KeyError for an unknown name)
    before anything is replaced.
    """
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    tables = list(TABLES) if tables is None else list(tables)
    views = list(VIEWS) if views is None else list(views)
    unknown = [t for t in tables if t not in TABLES] + [v for v in views if v not in VIEWS]
    if unknown:
        raise ExportError(
            f"unknown table or view {', '.join(unknown)}; tables are "
            f"{', '.join(TABLES)}; views are {', '.join(VIEWS)}"
        )
    _check_target(out)
    if unit is not None:
        unit = _unit_name(clean, unit)
    needed = set(tables) | {t for v in views for t in VIEWS[v].tables}
    frames = _frames(clean, needed, unit, year)
    items: list[Item] = [item_of(t, frames[t]) for t in tables]
    items += [item_of(v, build_view(v, frames)) for v in views]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-export-", dir=out.parent))
    try:
        written = WRITERS[fmt](items, staging)
        manifest = {
            "format": fmt,
            "unit": unit,
            "year": year,
            "build": store.read_manifest(clean).get("build"),
            "items": {i.name: {"kind": i.kind, "rows": i.frame.height} for i in items},
            "files": sorted(str(p.relative_to(staging)) for p in written),
        }
        (staging / MARKER).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / p.relative_to(staging) for p in written]


def _check_target(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ExportError(
            f"{out}: exists and is not an earlier export (no {MARKER}); "
            "choose a new or empty folder"
        )


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` in place of `out` with renames; the old export is removed after."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def export_main(
    raw: Path,
    clean: Path,
    out: Path,
    fmt: str,
    tables: Sequence[str] | None,
    views: Sequence[str] | None,
    unit: str | None,
    year: int | None,
) -> int:
    """Entry point of `budget export`: ingest what changed, export, print what was written."""
    from pipeline.ingest import ingest

    errors: list[str] = []
    if raw.is_dir():  # else export what --clean holds
        errors = ingest(raw, clean).errors
    elif not (clean / store.MANIFEST).exists():
        print(
            f"budget export: no raw documents in {raw} and no clean tables in {clean}",
            file=sys.stderr,
        )
        return 2
    for message in errors:
        print(f"not ingested: {message}", file=sys.stderr)
    try:
        written = export(clean, out, fmt, tables, views, unit, year)
    except (ExportError, LookupError) as error:
        print(f"budget export: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} file(s) to {out} ({fmt})")
    return 2 if errors else 0
