"""`budget validate`: ingest what changed, compute every identity, run the GX suites.

Writes `<reports>/validation/summary.json`, the self-contained `index.html` and GX's Data
Docs under `<reports>/validation/gx/`.  Exit code: 0 when nothing fails, 1 when an
identity of severity failure fails (or a GX suite of severity failure does), 2 when input
could not be read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pipeline.schema import TABLES

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult
    from pipeline.validation_page import Tally

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
MAX_LISTED = 15
PROGRESS_FROM = 50
"""Show progress bars (identities by unit-year, GX by suite) from this many unit-years."""


def _concat_all(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate and empty `parts`, so the caller holds no reference to the pieces."""
    out = pl.concat(parts)
    parts.clear()
    return out


def _load_table(clean: Path, name: str) -> pl.DataFrame:
    from pipeline import store

    return store.scan(clean, name).collect()


def load_frames(clean: Path) -> dict[str, pl.DataFrame]:
    """Every clean table, all unit-years."""
    from pipeline import store

    return {name: store.scan(clean, name).collect() for name in TABLES}


def validate_frames(frames: dict[str, pl.DataFrame], reports: Path,
                    console: Console | None = None, use_gx: bool = True,
                    clean: Path | None = None) -> int:
    """Validate frames already loaded; write the reports; return the exit code.

    The identities are computed a batch of unit-years at a time; each batch goes straight
    into summary.json, the page's tally and GX's narrow batch, so memory does not grow
    with the full residual frame.  With `clean` (where `frames` were loaded from), the
    frames are dropped from `frames` once the identities are computed, and GX's baseline
    suites read each clean table again, one at a time: the corpus is then never in memory
    twice (once in Polars, once in pandas).
    """
    from pipeline.identities import BATCH_DOCS, residual_batches, unit_years
    from pipeline.validation_page import SummaryWriter, Tally, compact, write_page

    console = console or Console(stderr=False)
    out = reports / "validation"
    out.mkdir(parents=True, exist_ok=True)
    docs = unit_years(frames)
    tally, summary = Tally(), SummaryWriter(out / "summary.json")
    gx_parts: list[pl.DataFrame] = []
    suites = []
    with Progress(console=console, transient=True,
                  disable=docs.height < PROGRESS_FROM or not console.is_terminal) as bar:
        task = bar.add_task("identities (unit-years)", total=docs.height)
        if use_gx:
            from pipeline.validation_gx import gx_batch
        # with `clean`, the frames are handed over: split into batches and released
        for res in residual_batches(frames, BATCH_DOCS, docs, consume=clean is not None):
            summary.add(res)
            tally.add(res)
            if use_gx:
                gx_parts.append(compact(gx_batch(res)))
            bar.advance(task, res.select("unit", "year").n_unique())
            del res  # not held while the next batch is computed
        bar.update(task, completed=docs.height)
        summary.close(tally.counts())
        if use_gx:
            from pipeline.identities import empty_residuals
            from pipeline.validation_gx import baseline_specs, load_suite_specs, run_suites

            total = len(load_suite_specs()) + len(baseline_specs())
            gx_task = bar.add_task("GX suites", total=total)
            tables: dict[str, pl.DataFrame] | Callable[[str], pl.DataFrame] = frames
            if clean is not None:
                tables = partial(_load_table, clean)
            parts, gx_parts = gx_parts or [gx_batch(empty_residuals())], []
            suites = run_suites(_concat_all(parts), tables, out / "gx",
                                on_suite=lambda _name: bar.advance(gx_task))
    write_page(tally, suites, out / "index.html", "gx/index.html" if use_gx else None)
    failed = tally.failed
    gx_failed = [s for s in suites if s.severity == "failure" and not s.success]
    _terminal(console, tally, failed, gx_failed, out)
    return EXIT_FAILED if failed.height or gx_failed else EXIT_OK


def _terminal(console: Console, tally: Tally, failed: pl.DataFrame, gx_failed: list,
              out: Path) -> None:
    counts = tally.counts()
    table = Table(title=f"Accounting identities — {tally.docs} unit-year(s)",
                  title_justify="left")
    for col in ("family", "checks", "passed", "failed", "warnings", "not_evaluated"):
        table.add_column(col.replace("_", " "), justify="left" if col == "family" else "right")
    for r in counts.iter_rows(named=True):
        table.add_row(r["family"], *(str(r[c]) for c in ("checks", "passed", "failed",
                                                         "warnings", "not_evaluated")))
    console.print(table)
    for r in failed.head(MAX_LISTED).iter_rows(named=True):
        console.print(f"[red]FAIL[/] {r['source']}:{r['line']} {r['check']} "
                      f"[dim]{r['unit']} {r['year']}[/] {r['instance']}: reported "
                      f"{r['reported']}, calculated {r['calculated']}, difference "
                      f"{r['difference']} > tolerance {r['tolerance']}", soft_wrap=True)
    if failed.height > MAX_LISTED:
        console.print(f"… and {failed.height - MAX_LISTED} more failures")
    for s in gx_failed:
        console.print(f"[red]GX suite {s.suite} failed:[/] {', '.join(s.failed_expectations)}")
    warned, missing = tally.warned, tally.missing
    verdict = "[green]no identity fails[/]" if failed.is_empty() else (
        f"[red]{failed.height} identities fail[/]")
    console.print(f"{verdict}; {warned.height} warnings, {missing.height} not evaluated — "
                  f"{out / 'index.html'}", soft_wrap=True)


def ingest_first(raw: Path, clean: Path, console: Console) -> IngestResult | None:
    """Ingest what changed under `raw` (by content hash) before validating; print the
    documents that could not be read.  None when there is no raw folder at all."""
    from pipeline.ingest import ingest

    try:
        result = ingest(raw, clean)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/]")
        return None
    for err in result.errors:
        console.print(f"[red]could not read[/] {err}", soft_wrap=True)
    return result


def validate_main(raw: Path, clean: Path, reports: Path) -> int:
    """Ingest what changed under `raw` (by content hash), then validate; the exit code."""
    console = Console()
    result = ingest_first(raw, clean, console)
    if result is None:
        return EXIT_BAD_INPUT
    frames = load_frames(clean)
    if frames["documents"].is_empty() and frames["line_items"].is_empty():
        console.print("[red]nothing to validate: no document could be read[/]")
        return EXIT_BAD_INPUT
    code = validate_frames(frames, reports, console, clean=clean)
    return EXIT_BAD_INPUT if result.errors else code
