"""`budget validate`: ingest what changed, compute every identity, run the GX suites.

Writes `<reports>/validation/results/*.parquet` (every result), `summary.json` (success,
counts and every result that did not pass), the self-contained `index.html` and GX's
Data Docs under `<reports>/validation/gx/` as one set: built beside it, swapped in with
two renames (`pipeline.folder_swap`), so a run killed in any phase leaves the previous set
or the new one, never a mix.  The run holds the lock of --reports, and of --clean shared
(no ingest swaps the store while it is read).  Every result is pass, warn, fail or
not_evaluated, the same words everywhere.  Exit code (`pipeline.exit_codes`): 0 when no
result is fail, 1 when one is (an identity of severity failure does not hold, or a GX suite
of severity failure fails), 2 when input could not be read.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from pipeline import folder_swap, kill_points, locks, store
from pipeline.console import plain_console, styled
from pipeline.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_GAPS, EXIT_OK
from pipeline.schema import TABLES

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult
    from pipeline.validate.page import Tally

VALIDATION_DIR = "validation"
MAX_LISTED = 15
PROGRESS_FROM = 50
"""Show progress bars (identities by unit-year, GX by suite) from this many unit-years."""


def _concat_all(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate and empty `parts`, so the caller holds no reference to the pieces."""
    out = pl.concat(parts)
    parts.clear()
    return out


def _baseline_table(clean: Path, name: str) -> pl.DataFrame:
    """A clean table as its baseline suite reads it: text as categories (GX sees pandas
    categories, see `gx._pandas`), streamed from Parquet so that the plain
    strings of millions of rows are never all in memory."""
    return (
        store.scan(clean, name)
        .with_columns(pl.col(pl.String).cast(pl.Categorical()))
        .collect(engine="streaming")
    )


def load_frames(clean: Path) -> dict[str, pl.DataFrame]:
    """Every clean table, all unit-years."""
    return {name: store.scan(clean, name).collect() for name in TABLES}


def _import_gx() -> None:
    from pipeline.validate.gx import quiet_gx

    with quiet_gx():
        import great_expectations  # noqa: F401


def validate_clean(
    clean: Path,
    reports: Path,
    console: Console | None = None,
    use_gx: bool = True,
    batch_docs: int | None = None,
    workers: int | None = None,
) -> int:
    """Validate the clean tables under `clean`; write the reports as one set; return the
    exit code.

    Holds the lock of `reports` and, shared, of `clean`; first completes a swap of the
    set that a killed run interrupted and removes what killed runs left.  The identities
    are computed a batch of unit-years at a time, on every core
    (`pipeline.validate.batches`): memory holds a batch per process, never the corpus.
    Each batch's results go straight into results/, the page's tally and GX's narrow
    batch.  GX's baseline suites then read each clean table again, one at a time.
    """
    from pipeline.validate.page import COUNTS

    console = console or plain_console()
    final = reports / VALIDATION_DIR
    with locks.hold(reports), store.reading(clean):
        folder_swap.recover(final)
        with folder_swap.Staging(final) as staged:
            tally, suites = _validate_into(clean, staged.path, console, use_gx, batch_docs, workers)
            staged.commit()
    failed = tally.failed
    gx_failed = [s for s in suites if s.severity == "failure" and not s.success]
    _terminal(console, tally, failed, gx_failed, final, COUNTS)
    return EXIT_FAILED if failed.height or gx_failed else EXIT_OK


def _validate_into(
    clean: Path,
    out: Path,
    console: Console,
    use_gx: bool,
    batch_docs: int | None,
    workers: int | None,
) -> tuple[Tally, list]:
    """Write results/, summary.json, index.html and gx/ into `out`; the tally and suites."""
    from pipeline.validate.batches import clean_unit_years, run_batches
    from pipeline.validate.page import Tally, write_page
    from pipeline.validate.results import ResultsWriter, results_key

    docs = clean_unit_years(clean)
    tally = Tally()
    gx_parts: list[pl.DataFrame] = []
    suites = []
    # importing GX takes seconds: done while the identity processes work, not after them
    gx_import = threading.Thread(target=_import_gx, daemon=True)
    if use_gx:
        gx_import.start()
    with (
        Progress(
            console=console,
            transient=True,
            disable=docs.height < PROGRESS_FROM or not console.is_terminal,
        ) as bar,
        ResultsWriter(out) as results,
    ):
        task = bar.add_task("identities (unit-years)", total=docs.height)
        for done, outcome in run_batches(
            clean,
            docs,
            results.staging,
            with_gx=use_gx,
            batch_docs=batch_docs,
            workers=workers,
            list_all_up_to=tally.list_all_up_to,
        ):
            tally.add_part(outcome.tally)
            if outcome.gx is not None:
                gx_parts.append(outcome.gx)
            bar.advance(task, done)
        results.close(tally, results_key(clean))
        if use_gx:
            from pipeline.identities import empty_residuals
            from pipeline.validate.gx import (
                baseline_specs,
                gx_batch,
                load_suite_specs,
                run_suites,
            )

            gx_import.join()
            kill_points.reached("validate:gx")
            total = len(load_suite_specs()) + len(baseline_specs())
            gx_task = bar.add_task("GX suites", total=total)
            parts, gx_parts = gx_parts or [gx_batch(empty_residuals())], []
            suites = run_suites(
                _concat_all(parts),
                partial(_baseline_table, clean),
                out / "gx",
                on_suite=lambda _name: bar.advance(gx_task),
            )
    write_page(tally, suites, out / "index.html", "gx/index.html" if use_gx else None)
    return tally, suites


def _terminal(
    console: Console,
    tally: Tally,
    failed: pl.DataFrame,
    gx_failed: list,
    out: Path,
    columns: tuple[str, ...],
) -> None:
    counts = tally.counts()
    table = Table(title=f"Accounting identities — {tally.docs} document(s)", title_justify="left")
    for col in ("family", *columns):
        table.add_column(col, justify="left" if col == "family" else "right")
    for r in counts.iter_rows(named=True):
        table.add_row(r["family"], *(str(r[c]) for c in columns))
    console.print(table)
    for r in failed.head(MAX_LISTED).iter_rows(named=True):  # text from documents: verbatim
        console.print(
            Text.assemble(
                ("fail", "red"),
                f" {r['source']}:{r['line']} {r['check']} ",
                (f"{r['unit']} {r['year']} {r['kind']}", "dim"),
                f" {r['instance']}: reported {r['reported']}, calculated {r['calculated']}, "
                f"difference {r['difference']} > tolerance {r['tolerance']}",
            ),
            soft_wrap=True,
        )
    if failed.height > MAX_LISTED:
        console.print(f"… and {failed.height - MAX_LISTED} more results with status fail")
    for s in gx_failed:
        console.print(
            styled("red", f"GX suite {s.suite} failed:", f" {', '.join(s.failed_expectations)}")
        )
    verdict = (
        styled("green", "no identity fails")
        if failed.is_empty()
        else styled("red", f"{failed.height} identities fail")
    )
    tallied = ", ".join(f"{int(counts[c].sum())} {c}" for c in columns[1:])
    console.print(Text.assemble(verdict, f": {tallied} — {out / 'index.html'}"), soft_wrap=True)


def ingest_first(
    raw: Path, clean: Path, console: Console, *, allow_empty: bool = False
) -> IngestResult:
    """Ingest what changed under `raw` (by content hash) before validating; print the
    files not read and the documents that could not be read."""
    from pipeline.ingest import ingest
    from pipeline.ingest_report import print_problems

    result = ingest(raw, clean, allow_empty=allow_empty)
    print_problems(result, console, error_label="could not read")
    return result


def validate_main(raw: Path, clean: Path, reports: Path, *, allow_empty: bool = False) -> int:
    """Ingest what changed under `raw` (by content hash), then validate; the exit code."""
    console = plain_console()
    result = ingest_first(raw, clean, console, allow_empty=allow_empty)
    if not any(d.landed for d in result.documents):
        console.print(styled("red", "nothing to validate: no document could be read"))
        return EXIT_BAD_INPUT
    code = validate_clean(clean, reports, console)
    if result.errors:
        return EXIT_BAD_INPUT
    return EXIT_GAPS if code == EXIT_OK and result.partial else code
