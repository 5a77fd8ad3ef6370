"""Reading and writing the clean Parquet tables: the only module that touches data/clean.

Layout: `<clean>/<table>/year=<YYYY>/*.parquet` (hive partitions, the key kept out of the
files so pyarrow, pandas, DuckDB and Spark all read it unchanged) plus `<clean>/manifest.json`
recording which raw documents (by SHA-256) the tables were built from.  A new build is
written to a staging folder next to `<clean>` and swapped in with renames, so readers never
see a half-written `data/clean`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from pipeline.schema import TABLES, empty_frame, schema_of

MANIFEST = "manifest.json"
PARTITION_KEY = "year"
_README = """# data/clean

Built by `budget ingest` from `data/raw`; never edit by hand and never commit.
One folder per clean table, hive-partitioned by `year`; `manifest.json` lists the raw
documents (by SHA-256) the tables were built from. See docs/data-dictionary.md.
"""


def table_dir(clean: Path, table: str) -> Path:
    """Folder of one clean table."""
    return clean / table


def scan(clean: Path, table: str) -> pl.LazyFrame:
    """Lazily scan a clean table, in schema order; filters push down to the files.

    Filter on `year` to prune partitions and on `unit` to skip row groups, e.g.
    `scan(clean, "line_items").filter(pl.col("unit") == u, pl.col("year") == 2024)`.
    """
    if table not in TABLES:
        raise KeyError(f"no clean table {table!r}; tables are {', '.join(TABLES)}")
    folder = table_dir(clean, table)
    if not any(folder.glob(f"{PARTITION_KEY}=*/*.parquet")):
        return empty_frame(table).lazy()
    schema = schema_of(table)
    return pl.scan_parquet(
        folder / "**" / "*.parquet",
        hive_partitioning=True,
        hive_schema={PARTITION_KEY: schema[PARTITION_KEY]},
    ).select(schema.names())


def read_manifest(clean: Path) -> dict:
    """The manifest of the current build, or an empty one."""
    path = clean / MANIFEST
    if not path.exists():
        return {"documents": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _write_table(folder: Path, table: str, frame: pl.DataFrame) -> None:
    folder.mkdir(parents=True)
    expected = schema_of(table)
    if dict(frame.schema) != dict(expected):
        wrong = {n: str(t) for n, t in frame.schema.items() if expected.get(n) != t}
        raise TypeError(f"{table}: columns do not match pipeline.schema: {wrong or 'order'}")
    if frame.height == 0:
        return
    frame = frame.select(schema_of(table).names()).sort(["year", "unit", "source", "line"])
    frame.lazy().sink_parquet(
        pl.PartitionBy(folder, key=PARTITION_KEY, include_key=False),
        mkdir=True,
    )


def write_clean(clean: Path, frames: Mapping[str, pl.DataFrame], manifest: dict) -> None:
    """Write every clean table and the manifest to a staging folder, then swap it in."""
    clean = clean.resolve()
    clean.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{clean.name}-staging-", dir=clean.parent))
    try:
        for table in TABLES:
            _write_table(table_dir(staging, table), table, frames.get(table, empty_frame(table)))
        (staging / "README.md").write_text(_README, encoding="utf-8")
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        _swap(staging, clean)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, clean: Path) -> None:
    """Replace `clean` by `staging` with two renames; the old build is removed after."""
    if not clean.exists():
        os.rename(staging, clean)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{clean.name}-old-", dir=clean.parent))
    os.rmdir(retired)
    os.rename(clean, retired)
    os.rename(staging, clean)
    shutil.rmtree(retired, ignore_errors=True)


def write_manifest(clean: Path, manifest: dict) -> None:
    """Rewrite only the manifest (atomically), when no table changed."""
    clean.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".manifest-", dir=clean)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, clean / MANIFEST)
