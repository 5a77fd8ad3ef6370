"""Reading and writing the clean Parquet tables: the only module that touches data/clean.

Layout: `<clean>/<table>/<YYYY>/*.parquet`, one folder per year, plus `<clean>/manifest.json`
recording which raw documents (by SHA-256) the tables were built from.  `year` is a real Int32
column inside every file; the folders are named by the bare year, not hive-style `year=YYYY`,
because a hive key that is also a column reads as a different type in each engine (DuckDB
BIGINT, pyarrow/pandas a dictionary that fails to merge with the file's int32).  So Polars,
pyarrow, pandas, DuckDB (with or without `hive_partitioning`) and Spark all read the files'
own Int32 `year` (`<table>/*/*.parquet`).  A new build is
written to a staging folder next to `<clean>` and swapped in with renames, so readers never
see a half-written `data/clean`.  Rows reach the staging folder a chunk at a time (parsing
workers write them as they go) and are compacted per table by a streaming sort, so memory
does not grow with the corpus.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from pipeline import folder_swap, locks
from pipeline.schema import TABLES, empty_frame, schema_of
from pipeline.settings import PACKAGE_ROOT

MANIFEST = "manifest.json"
PARTITION_KEY = "year"
FILES = "*/*.parquet"
"""Every Parquet file of a table, relative to its folder: one folder per year."""
LAYOUT = "year-folders-with-year-column"
"""The on-disk layout; part of the build fingerprint, so a build in another layout is never
read as this one (ingest parses every document again instead)."""
_CHUNKS = "_chunks"
_README = """# data/clean

Built by `budget ingest` from `data/raw`; never edit by hand and never commit.
One folder per clean table, one sub-folder per year (`year` is also a column of every
file); `manifest.json` lists the raw documents (by SHA-256) the tables were built from.
Read `<table>/*/*.parquet` in any engine. See docs/data-dictionary.md.
"""


@contextlib.contextmanager
def writing(clean: Path) -> Iterator[None]:
    """Hold the lock of `clean` for writing, having first completed a swap that a killed
    run interrupted and removed what killed runs left beside it."""
    with locks.hold(clean):
        folder_swap.recover(clean)
        yield


@contextlib.contextmanager
def reading(clean: Path) -> Iterator[None]:
    """Hold the lock of `clean` shared: no ingest swaps it while the block reads it.  A
    store that a kill left moved aside is put in place first."""
    if not clean.exists():
        with locks.hold(clean):
            folder_swap.recover(clean)
    with locks.hold(clean, shared=True):
        yield


def table_dir(clean: Path, table: str) -> Path:
    """Folder of one clean table."""
    return clean / table


def has_files(clean: Path, table: str) -> bool:
    """Whether the clean table has any rows on disk (an empty table has no files)."""
    return any(table_dir(clean, table).glob(FILES))


def scan(clean: Path, table: str) -> pl.LazyFrame:
    """Lazily scan a clean table, in schema order; filters push down to the files.

    Filter on `year` and `unit` to skip files and row groups by their statistics, e.g.
    `scan(clean, "line_items").filter(pl.col("unit") == u, pl.col("year") == 2024)`.
    """
    if table not in TABLES:
        raise KeyError(f"no clean table {table!r}; tables are {', '.join(TABLES)}")
    if not has_files(clean, table):
        return empty_frame(table).lazy()
    schema = schema_of(table)
    return pl.scan_parquet(table_dir(clean, table) / FILES, hive_partitioning=False).select(
        schema.names()
    )


_BUILT_BY = ("schema.py", "reader.py", "text.py", "tidy.py", "parse", "template", "pdf")
"""What decides the rows a document becomes: the schema, the parsers, the templates and the
PDF converter."""


def _code_hash(names: Iterable[str], seed: bytes = b"") -> str:
    """SHA-256 of `seed` and the package's files under `names` (modules or folders)."""
    digest = hashlib.sha256(seed)
    for name in names:
        path = PACKAGE_ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(PACKAGE_ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@functools.cache
def build_fingerprint() -> str:
    """A hash of the code that turns a document into rows (`_BUILT_BY`).

    The manifest records it; rows built by other code (an upgrade changed a column or a
    parser) are never mixed with new ones: ingest parses every document again.
    """
    return _code_hash(_BUILT_BY, LAYOUT.encode())


@functools.cache
def code_fingerprint(names: tuple[str, ...]) -> str:
    """A hash of the package's code under `names` (modules or folders of `pipeline`)."""
    return _code_hash(names)


def build_key(clean: Path) -> str:
    """What the rows of `clean` are: a hash of its manifest, which names every document by
    SHA-256 and the code that built the rows (empty when there is no build)."""
    path = clean / MANIFEST
    return hashlib.sha256(path.read_bytes() if path.exists() else b"").hexdigest()


def read_manifest(clean: Path) -> dict:
    """The manifest of the current build, or an empty one."""
    path = clean / MANIFEST
    if not path.exists():
        return {"documents": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _checked(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame in schema order; a frame whose columns differ from pipeline.schema is an error."""
    expected = schema_of(table)
    if dict(frame.schema) != dict(expected):
        wrong = {n: str(t) for n, t in frame.schema.items() if expected.get(n) != t}
        raise TypeError(f"{table}: columns do not match pipeline.schema: {wrong or 'order'}")
    return frame.select(expected.names())


def write_chunk(chunks: Path, name: str, frames: Mapping[str, pl.DataFrame]) -> None:
    """Stage one chunk of rows: `<chunks>/<table>/<year>/<name>.parquet` per table and year.

    Parsing workers call this as soon as a chunk of documents is parsed, so no process
    holds more than one chunk's frames; `Build.commit` compacts the chunks into the tables
    one year at a time.
    """
    for table, frame in frames.items():
        frame = _checked(table, frame)
        if not frame.height:
            continue
        for (year,), rows in frame.partition_by(
            PARTITION_KEY, as_dict=True, maintain_order=True
        ).items():
            folder = chunks / table / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            rows.write_parquet(folder / f"{name}.parquet")


class Build:
    """A new build of the clean tables, staged next to `clean` and swapped in by `commit`.

    Use as a context manager: leaving it without a commit (an error, an interrupt) removes
    the staging folder and leaves the previous build as it was; a kill leaves it for the
    next run to remove (`writing`).  Rows arrive as staged
    chunks (`write_chunk` into `chunks`) and, for documents that did not change, from the
    previous build; neither is ever held in memory whole.
    """

    def __init__(self, clean: Path):
        self.clean = clean.resolve()
        self._staged = folder_swap.Staging(self.clean)
        self.staging = self._staged.path
        self.chunks = self.staging / _CHUNKS
        self.chunks.mkdir()

    def __enter__(self) -> Build:
        return self

    def __exit__(self, *exc: object) -> None:
        self._staged.__exit__(*exc)

    def commit(self, manifest: dict, keep: Iterable[str] = (), drop: Iterable[str] = ()) -> None:
        """Compact every table from the staged chunks and the previous build's rows of the
        `keep` sources, without the `drop` sources; write the manifest; swap the build in."""
        keep, drop = sorted(keep), sorted(drop)
        # two (table, year) compactions at a time: each sorts and writes mostly on one
        # core, and two years' rows are still far less than the corpus
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(
                pool.map(
                    lambda job: self._compact_year(*job, keep, drop),
                    [(table, year) for table in TABLES for year in self._years(table, keep)],
                )
            )
        for table in TABLES:  # a table without rows still gets its folder
            table_dir(self.staging, table).mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.chunks)
        (self.staging / "README.md").write_text(_README, encoding="utf-8")
        (self.staging / MANIFEST).write_text(_manifest_text(manifest), encoding="utf-8")
        self._staged.commit()

    def _years(self, table: str, keep: list[str]) -> list[int]:
        """The years a table has rows in: staged, or kept from the previous build."""
        staged = self.chunks / table
        years = {int(p.name) for p in staged.iterdir()} if staged.is_dir() else set()
        previous = table_dir(self.clean, table)
        if keep and previous.is_dir():
            years |= {int(p.name) for p in previous.iterdir() if p.name.isdigit()}
        return sorted(years)

    def _compact_year(self, table: str, year: int, keep: list[str], drop: list[str]) -> None:
        """One year of one table: staged chunks plus kept rows, sorted, written.

        Rows are sorted by (year, unit, source, line), keeping the parse order within a
        line, so that a filter on `unit` skips row groups by their statistics.  Sorting a
        year at a time holds one year's rows, not the table's.
        """
        parts = []
        if keep:
            parts.append(
                scan(self.clean, table).filter(
                    pl.col(PARTITION_KEY) == year, pl.col("source").is_in(keep)
                )
            )
        files = sorted((self.chunks / table / str(year)).glob("*.parquet"))
        if files:
            parts.append(pl.scan_parquet(files).select(schema_of(table).names()))
        rows = pl.concat(parts)
        if drop:
            rows = rows.filter(~pl.col("source").is_in(drop))
        rows.sort(["year", "unit", "source", "line"], maintain_order=True).sink_parquet(
            table_dir(self.staging, table) / str(year) / "part-0.parquet", mkdir=True
        )


def write_clean(clean: Path, frames: Mapping[str, pl.DataFrame], manifest: dict) -> None:
    """Write every clean table and the manifest to a staging folder, then swap it in."""
    with Build(clean) as build:
        write_chunk(build.chunks, "frames", frames)
        build.commit(manifest)


def _manifest_text(manifest: dict) -> str:
    """The manifest as JSON: one line, keys sorted (`indent` would make `json` use its pure
    Python encoder, 0.1 s per 1,000 documents instead of 0.02)."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True)


def write_manifest(clean: Path, manifest: dict) -> None:
    """Rewrite only the manifest (atomically), when no table changed."""
    clean.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".manifest-", dir=clean)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(_manifest_text(manifest))
        os.replace(tmp, clean / MANIFEST)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
