"""What `budget ingest` prints: progress on long runs, coverage per document, every error and
every gap (a document that landed `partial`)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from pipeline.cli import EXIT_BAD_INPUT, EXIT_GAPS, EXIT_OK
from pipeline.ingest import IngestResult, ingest

_LIST_AT_MOST = 20


def run_ingest(raw: Path, clean: Path, console: Console | None = None) -> int:
    """Ingest with a progress bar; print the outcome; 0 if all documents were read in full,
    2 if one could not be read, else 3 if one landed with gaps."""
    console = console or Console(stderr=False, highlight=False)
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("parsing", total=None)
        result = ingest(raw, clean, on_start=lambda n: bar.update(task, total=n),
                        progress=lambda k: bar.advance(task, k))
    print_result(result, clean, console)
    if result.errors:
        return EXIT_BAD_INPUT
    return EXIT_GAPS if result.partial else EXIT_OK


def print_result(result: IngestResult, clean: Path, console: Console) -> None:
    """Coverage table (or totals for large corpora) and one line per error."""
    ok = [d for d in result.documents if d.landed]
    console.print(f"{len(result.documents)} documents under raw: {len(ok)} ingested "
                  f"({result.parsed} parsed now, {len(result.documents) - result.parsed} "
                  f"unchanged, {len(result.partial)} with gaps), {len(result.errors)} with "
                  "errors; "
                  + (f"wrote {clean}" if result.wrote else f"{clean} already up to date"))
    table = Table("document", "unit", "year", "part", "captured", "unplaced", "scanned", "%",
                  title="Coverage: numbers captured vs a plain scan of the text")
    rows: list[tuple[str, str, str, str, int, int, int]] = []
    if len(ok) <= _LIST_AT_MOST:
        rows = [(Path(d.source).name, d.unit or "", str(d.year), c["part"], c["captured"],
                 c.get("unplaced", 0), c["scanned"]) for d in ok for c in d.coverage]
    else:
        totals: dict[str, list[int]] = {}
        for doc in ok:
            for c in doc.coverage:
                total = totals.setdefault(c["part"], [0, 0, 0])
                total[0] += c["captured"]
                total[1] += c.get("unplaced", 0)
                total[2] += c["scanned"]
        rows = [(f"all {len(ok)}", "", "", part, captured, unplaced, scanned)
                for part, (captured, unplaced, scanned) in totals.items()]
    for name, unit, year, part, captured, unplaced, scanned in rows:
        percent = f"{100 * captured / scanned:.1f}" if scanned else "–"
        table.add_row(escape(name), escape(unit), year, part, str(captured), str(unplaced),
                      str(scanned), percent)
    if ok:
        console.print(table)
    for message in result.errors:
        console.print(f"[red]error[/red] {escape(message)}", soft_wrap=True)
    for doc in result.partial:
        console.print(f"[yellow]ingested with gaps[/yellow] {escape(doc.source)}: "
                      f"{doc.unplaced} number(s) not placed, in the unplaced table; the "
                      "identities that need them are not_evaluated", soft_wrap=True)
        for gap in doc.gaps:
            console.print(f"  {escape(gap)}", soft_wrap=True)
        if doc.unplaced > len(doc.gaps):
            console.print(f"  … and {doc.unplaced - len(doc.gaps)} more", soft_wrap=True)
