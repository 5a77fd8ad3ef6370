"""The identities of a clean store, a batch of documents at a time, on every core.

Every identity lives inside one document (unit, year, kind), so batches are independent:
each is read from the Parquet store on its own, its residuals computed and written as one
part of the results by the process that computed them, and only what the run keeps in
memory (the page's tally and GX's narrow columns) comes back.  Memory holds a batch per process,
never the corpus; two processes use both cores of the machine the benchmark runs on.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import store
from pipeline.identities import BATCH_DOCS, batch_residuals, doc_batches
from pipeline.schema import DOCUMENT_KEY, TABLES
from pipeline.settings import settings
from pipeline.validate.page import LIST_ALL_UP_TO, TallyPart, compact, tally_part
from pipeline.validate.results import write_part
from pipeline.workers import process_pool

_DOC = list(DOCUMENT_KEY)


def clean_unit_years(clean: Path) -> pl.DataFrame:
    """Every document (unit, year, kind) some clean table holds, sorted (reads only those
    columns)."""
    return (
        pl.concat([store.scan(clean, name).select(_DOC).unique() for name in TABLES])
        .unique()
        .sort(_DOC)
        .collect()
    )


def load_unit_years(clean: Path, docs: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every clean table restricted to the documents `docs` (sorted by unit, year, kind).

    The year filter prunes partitions and the unit range skips row groups (rows are
    sorted by unit within a year); the semi join keeps exactly the documents asked for.
    """
    years = docs["year"].unique().implode()
    first, last = pl.lit(docs["unit"].min()), pl.lit(docs["unit"].max())
    wanted = docs.lazy()
    plans = [
        store.scan(clean, name)
        .filter(pl.col("year").is_in(years), pl.col("unit").is_between(first, last))
        .join(wanted, on=_DOC, how="semi", maintain_order="left")
        for name in TABLES
    ]
    return dict(zip(TABLES, pl.collect_all(plans), strict=True))


@dataclass
class BatchOutcome:
    """What the run keeps of one batch: its tally and, for GX, its narrow residuals."""

    tally: TallyPart
    gx: pl.DataFrame | None


def _run_batch(task: tuple[str, pl.DataFrame, str, int, bool, int]) -> BatchOutcome:
    """Compute one batch's residuals, write them as results part `number`, reduce them."""
    clean, docs, staging, number, with_gx, list_all_up_to = task
    residuals = batch_residuals(load_unit_years(Path(clean), docs))
    write_part(Path(staging), number, residuals)
    gx = None
    if with_gx:
        from pipeline.validate.gx import gx_batch

        gx = compact(gx_batch(residuals))
    return BatchOutcome(tally_part(residuals, list_all_up_to), gx)


def run_batches(
    clean: Path,
    docs: pl.DataFrame,
    staging: Path,
    *,
    with_gx: bool = True,
    batch_docs: int | None = None,
    workers: int | None = None,
    list_all_up_to: int = LIST_ALL_UP_TO,
) -> Iterator[tuple[int, BatchOutcome]]:
    """Yield, in batch order, each batch's document count and outcome; its results are
    written as a part in `staging`.  Batches run in `workers` spawned processes (default
    `Settings.workers`; they die with this one) when there is more than one."""
    tasks = [
        (str(clean), batch, str(staging), number, with_gx, list_all_up_to)
        for number, batch in enumerate(doc_batches(docs, batch_docs or BATCH_DOCS))
    ]
    workers = min(workers or settings().workers, len(tasks))
    if workers <= 1:
        for task in tasks:
            yield task[1].height, _run_batch(task)
        return
    # each process is a core's worth of work: Polars' own threads would only contend
    with _environment(POLARS_MAX_THREADS="1"), process_pool(workers) as pool:
        for task, outcome in zip(tasks, pool.map(_run_batch, tasks), strict=True):
            yield task[1].height, outcome


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Environment variables set for the processes started inside, restored after."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
