"""What `budget ingest` prints: progress on long runs, coverage per document, every error,
every gap (a document that landed `partial`), and every file under --raw that was not
read."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from pipeline.console import plain_console, styled
from pipeline.exit_codes import EXIT_BAD_INPUT, EXIT_GAPS, EXIT_OK
from pipeline.ingest import IngestResult, ingest
from pipeline.raw_files import READABLE_SUFFIXES

_LIST_AT_MOST = 20


def run_ingest(
    raw: Path, clean: Path, console: Console | None = None, *, allow_empty: bool = False
) -> int:
    """Ingest with a progress bar; print the outcome; 0 if all documents were read in full,
    2 if one could not be read, else 3 if one landed with gaps."""
    console = console or plain_console()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        pdfs = bar.add_task("converting PDFs", total=None, visible=False)
        task = bar.add_task("parsing", total=None)
        result = ingest(
            raw,
            clean,
            on_start=lambda n: bar.update(task, total=n),
            progress=lambda k: bar.advance(task, k),
            allow_empty=allow_empty,
            on_convert=lambda n: bar.update(pdfs, total=n, visible=True),
            converted=lambda k: bar.advance(pdfs, k),
        )
    print_result(result, clean, console)
    if result.errors:
        return EXIT_BAD_INPUT
    return EXIT_GAPS if result.partial else EXIT_OK


def print_result(result: IngestResult, clean: Path, console: Console) -> None:
    """Coverage table (or totals for large corpora), files not read, one line per error
    and per gap."""
    ok = [d for d in result.documents if d.landed]
    console.print(
        f"{len(result.documents)} documents under raw: {len(ok)} ingested "
        f"({result.parsed} parsed now, {len(result.documents) - result.parsed} "
        f"unchanged, {len(result.partial)} with gaps), {len(result.errors)} with "
        "errors; " + (f"wrote {clean}" if result.wrote else f"{clean} already up to date"),
        soft_wrap=True,
    )
    table = Table(
        "document",
        "unit",
        "year",
        "part",
        "captured",
        "unplaced",
        "scanned",
        "%",
        title="Coverage: numbers captured vs a plain scan of the text",
    )
    rows: list[tuple[str, str, str, str, int, int, int]] = []
    if len(ok) <= _LIST_AT_MOST:
        rows = [
            (
                Path(d.source).name,
                d.unit or "",
                str(d.year),
                c["part"],
                c["captured"],
                c.get("unplaced", 0),
                c["scanned"],
            )
            for d in ok
            for c in d.coverage
        ]
    else:
        totals: dict[str, list[int]] = {}
        for doc in ok:
            for c in doc.coverage:
                total = totals.setdefault(c["part"], [0, 0, 0])
                total[0] += c["captured"]
                total[1] += c.get("unplaced", 0)
                total[2] += c["scanned"]
        rows = [
            (f"all {len(ok)}", "", "", part, captured, unplaced, scanned)
            for part, (captured, unplaced, scanned) in totals.items()
        ]
    for name, unit, year, part, captured, unplaced, scanned in rows:
        percent = f"{100 * captured / scanned:.1f}" if scanned else "–"
        table.add_row(name, unit, year, part, str(captured), str(unplaced), str(scanned), percent)
    if result.pdfs is not None:
        run = result.pdfs
        read = len(run.converted) + len(run.rejected)
        console.print(
            f"PDFs: {read} to read, {run.converted_now} converted now and "
            f"{read - run.converted_now} from the cache ({run.pages} pages), "
            f"{len(run.rejected)} rejected",
            soft_wrap=True,
        )
    if ok:
        console.print(table)
    print_problems(result, console)


def print_problems(result: IngestResult, console: Console, error_label: str = "error") -> None:
    """Files under --raw that were not read, then one line per document not ingested."""
    suffixes = ", ".join(sorted(READABLE_SUFFIXES))
    for path in result.unreadable:
        console.print(
            styled(
                "yellow",
                "not read",
                f" {path}: not a document (documents end in {suffixes}, any case)",
            ),
            soft_wrap=True,
        )
    for message in result.errors:
        console.print(styled("red", error_label, f" {message}"), soft_wrap=True)
    for doc in result.partial:
        console.print(
            styled(
                "yellow",
                "ingested with gaps",
                f" {doc.source}: {doc.unplaced} number(s) not placed, in the "
                "unplaced table; the identities that need them are "
                "not_evaluated",
            ),
            soft_wrap=True,
        )
        for gap in doc.gaps:
            console.print(f"  {gap}", soft_wrap=True)
        if doc.unplaced > len(doc.gaps):
            console.print(f"  … and {doc.unplaced - len(doc.gaps)} more", soft_wrap=True)
