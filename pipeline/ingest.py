"""`budget ingest`: every raw document → the clean tables, incrementally and atomically.

Documents are identified by the SHA-256 of their bytes: a re-run parses only what changed
and keeps the rows of unchanged documents.  A document whose layout cannot be found is
reported with file, line and what was expected, and does not land; one with a piece that
cannot be read lands `partial`, the piece's numbers in `unplaced`.  The others go
through.  Parsing uses every core for large corpora.  PDFs are converted to text first
(`pipeline.pdf_input`).

Errors are narrow on purpose: a `ParseError` (or a file the system cannot read) is a bad
document; anything else is a bug, and it stops the run with its traceback and leaves the
store as it was (`budget` exits 70).  The run holds the lock of --clean throughout
(`store.writing`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import kill_points, store
from pipeline.errors import QUOTE_AT_MOST, EmptyRawFolder, ParseError, clip
from pipeline.pdf_input import ConvertedPdf, PdfRun, convert_pdfs
from pipeline.raw_files import discover, source_name, survey
from pipeline.reader import PDF, suffix_of
from pipeline.schema import TABLES, empty_frame
from pipeline.settings import interim_for, settings
from pipeline.tidy import DocumentColumns, columns_frame, document_columns, key_problems
from pipeline.workers import process_pool

__all__ = [
    "DocumentStatus",
    "IngestResult",
    "discover",
    "ingest",
    "parse_frames",
    "parse_one",
    "source_name",
]

Records = dict[str, list[dict]]
Stamp = dict[str, object]

_NOT_CONVERTED = {"pdf_pages": None, "converter": None, "converter_version": None}
_CHUNK = 64  # documents whose row dicts become frames together
_BATCH_MAX = 512  # documents a worker stages as one Parquet file per table and year
_SERIAL_BELOW = 48


GAPS_SHOWN = 5
"""Unplaced numbers a document's status names (all of them are in `unplaced`)."""


@dataclass
class DocumentStatus:
    """What happened to one raw document in this run: `ok`, `partial` (it landed, but
    some piece could not be read: its numbers are in `unplaced`) or `error` (it did not
    land)."""

    source: str
    sha256: str
    status: str  # "ok", "partial" or "error"
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    template: str | None = None
    error: str | None = None
    coverage: list[dict] = field(default_factory=list)
    parsed: bool = True  # False when kept from the previous build unchanged
    unplaced: int = 0
    gaps: list[str] = field(default_factory=list)
    """The first unplaced numbers, one line each ('line 690: 139.74万元 — why')."""
    mtime_ns: int | None = None  # the file's time when this run listed it

    @property
    def landed(self) -> bool:
        """Whether the document's rows are in the clean tables (complete or partial)."""
        return self.status in LANDED

    def fail(self, message: str) -> DocumentStatus:
        """Mark the document as not ingested, with `message` (clipped: it may quote the
        document); returns the status."""
        self.status, self.error = "error", clip(message, 4 * QUOTE_AT_MOST)
        self.unit = self.year = self.kind = self.template = None
        self.coverage, self.unplaced, self.gaps = [], 0, []
        return self

    def as_manifest(self) -> dict:
        """The manifest entry for this document."""
        return {
            "sha256": self.sha256,
            "status": self.status,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "template": self.template,
            "error": self.error,
            "coverage": self.coverage,
            "unplaced": self.unplaced,
            "gaps": self.gaps,
            "mtime_ns": self.mtime_ns,
        }


LANDED = ("ok", "partial")
"""Statuses of documents whose rows are in the clean tables."""


@dataclass
class IngestResult:
    """Outcome of an ingest run: a status per document and whether tables were rewritten."""

    documents: list[DocumentStatus]
    wrote: bool
    unreadable: list[str] = field(default_factory=list)
    """Files under --raw that are not documents (see `pipeline.raw_files`): not read."""
    outside: list[str] = field(default_factory=list)
    """Symbolic links under --raw that lead out of it: refused, not followed."""
    pdfs: PdfRun | None = None  # the PDFs converted or read from the cache in this run

    @property
    def errors(self) -> list[str]:
        """One message per document that could not be ingested (links refused included)."""
        return [d.error or d.source for d in self.documents if not d.landed] + [
            f"{link}: a symbolic link leading out of the raw folder: not followed"
            for link in self.outside
        ]

    @property
    def partial(self) -> list[DocumentStatus]:
        """The documents that landed with gaps (`unplaced` numbers)."""
        return [d for d in self.documents if d.status == "partial"]

    @property
    def parsed(self) -> int:
        """How many documents were parsed in this run (the rest were unchanged)."""
        return sum(d.parsed for d in self.documents)


def _sha256(path: Path) -> str:
    """The file's SHA-256, or "" when it cannot be read (its parse then says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def parse_one(
    path: Path, source: str, pdf: ConvertedPdf | None = None, interim: Path | None = None
) -> tuple[Stamp, Records, DocumentStatus]:
    """Parse one document into row records; a bad document becomes a status.

    Only a `ParseError` or an `OSError` (a file that cannot be read) is the document's
    fault; any other exception is a bug and propagates.

    A PDF is parsed from its conversion `pdf`; its rows gain the page of their line.  The
    records lack `unit`, `year` and `source`: the stamp holds them for the whole document
    (and `page`, null, for a text document).  Coverage is checked here; the records become
    typed frames per chunk (`_parse_chunk`), where a value that does not fit its column or a
    repeated key still fails only its document.
    """
    from pipeline.coverage import coverage
    from pipeline.parse import parse_document, stamp_of
    from pipeline.pdf_input import located, pdf_document, with_pages
    from pipeline.reader import read_document

    sha = ""
    try:
        doc = read_document(path, source) if pdf is None else pdf_document(source, pdf)
        sha = doc.sha256
        parsed = parse_document(doc, stamp=False)
        cover = [c.as_dict() for c in coverage(parsed)]
    except (ParseError, OSError) as exc:
        if pdf is not None and isinstance(exc, ParseError):
            exc = located(exc, source, pdf, interim or Path("data/interim"))
        status = DocumentStatus(source, sha, "error")
        status.fail(
            str(exc)
            if isinstance(exc, ParseError)
            else f"{source}: could not be read: {exc.strerror or exc}"
        )
        status.sha256 = sha or _sha256(path)
        return {}, {}, status
    layout = parsed.layout
    unplaced = parsed.records["unplaced"]
    status = DocumentStatus(
        source,
        sha,
        "partial" if unplaced else "ok",
        layout.unit,
        layout.year,
        layout.template.kind,
        layout.template.name,
        coverage=cover,
        unplaced=len(unplaced),
        gaps=[_gap(row) for row in unplaced[:GAPS_SHOWN]],
    )
    if pdf is not None:
        return stamp_of(doc, layout), with_pages(parsed.records, pdf), status
    for row in parsed.records["documents"]:  # every field present: tidy's fast path
        row.update(_NOT_CONVERTED)
    return {**stamp_of(doc, layout), "page": None}, parsed.records, status


def _gap(row: dict) -> str:
    """One unplaced number as the terminal and the manifest name it."""
    figure = row["figure"] or "(no number)"
    where = row["role"] or row["part"]
    return clip(f"line {row['line']} ({where}): {figure} — {row['why']}", QUOTE_AT_MOST)


def _coverage_error(status: DocumentStatus) -> str | None:
    """A part whose scanned numbers are neither captured nor recorded as unplaced."""
    lost = [c for c in status.coverage if c["captured"] + c.get("unplaced", 0) != c["scanned"]]
    if not lost:
        return None
    c = lost[0]
    return str(
        ParseError(
            status.source,
            None,
            f"every {c['part']} captured or recorded as unplaced",
            f"{c['captured']} captured and {c.get('unplaced', 0)} "
            f"unplaced of {c['scanned']} (the parser missed or invented numbers)",
        )
    )


Columns = dict[str, DocumentColumns]


def _columns_of(stamp: Stamp, records: Records) -> Columns:
    """One document's records as columns per table.  Done as soon as the document is
    parsed, while its row dicts are still in the CPU's cache (see `DocumentColumns`).  A
    record with a key pipeline.schema does not know is a bug of the parser: it raises."""
    return {
        table: document_columns(table, stamp, records[table]) for table in TABLES if records[table]
    }


def _frames_of(
    records: dict[str, tuple[Stamp, Records]],
) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Typed frames for the records of many documents, and the documents that do not fit."""
    return _frames_of_columns(
        {source: _columns_of(stamp, doc) for source, (stamp, doc) in records.items()}
    )


def _frames_of_columns(
    documents: dict[str, Columns],
) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Typed frames for the columns of many documents, and the documents that do not fit.

    One frame per table for the whole chunk; only if that fails is each document built
    alone, to name the one that does not fit.  A value that does not fit its column (an
    amount too large for its decimal: a `PolarsError`; an integer out of range: Polars
    raises `TypeError`) is the document's problem.
    """
    problems: dict[str, str] = {}
    frames: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        parts: dict[str, DocumentColumns] = {}
        for source, columns in documents.items():
            part = columns.get(table)
            if part is not None:
                parts[source] = part
        try:
            frame = columns_frame(table, list(parts.values()))
        except (TypeError, pl.exceptions.PolarsError):
            built = []
            for source, part in parts.items():
                try:
                    built.append(columns_frame(table, [part]))
                except (TypeError, pl.exceptions.PolarsError) as exc:
                    problems.setdefault(source, f"{source}: {exc}")
            frame = pl.concat(built) if built else empty_frame(table)
        for source, message in key_problems(table, frame).items():
            problems.setdefault(source, message)
        frames[table] = frame
    if problems:
        bad = sorted(problems)
        frames = {t: f.filter(~pl.col("source").is_in(bad)) for t, f in frames.items()}
    return frames, problems


PdfTexts = dict[str, ConvertedPdf]
"""The conversions of the PDFs among a batch's documents, by source."""


def _parse_chunk(
    items: list[tuple[str, str]], pdfs: PdfTexts | None = None, interim: Path | None = None
) -> tuple[dict[str, pl.DataFrame], list]:
    documents: dict[str, Columns] = {}
    statuses = []
    pdfs = pdfs or {}
    for path, source in items:
        stamp, doc_records, status = parse_one(Path(path), source, pdfs.get(source), interim)
        statuses.append(status)
        if status.landed:
            documents[source] = _columns_of(stamp, doc_records)
    frames, problems = _frames_of_columns(documents)
    for status in statuses:
        error = problems.get(status.source) if status.landed else None
        error = error or (_coverage_error(status) if status.landed else None)
        if error:
            status.fail(error)
            for table, frame in frames.items():
                frames[table] = frame.filter(pl.col("source") != status.source)
    return frames, statuses


def parse_frames(path: Path, source: str) -> tuple[dict[str, pl.DataFrame], DocumentStatus]:
    """One document as typed clean frames (empty when it fails) and its status."""
    frames, (status,) = _parse_chunk([(str(path), source)])
    return frames, status


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic collector paused for a batch: parsing makes millions of short-lived
    dicts and strings that reference counting frees, and the collector's passes over them
    cost about a tenth of the parse.  What few cycles a batch makes are collected later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_and_stage(
    task: tuple[list[tuple[str, str]], str, str, PdfTexts, Path | None],
) -> list[DocumentStatus]:
    """Parse a batch of documents, chunk by chunk, and stage its frames as one file per table
    and year; return only the statuses.

    Row dicts live for one chunk; the batch's frames are small.  Fewer, larger staged files
    cost much less to write than one per chunk (measured: bench/NOTES.md).
    """
    items, chunks, name, pdfs, interim = task
    kill_points.reached("parse:batch")
    parts: dict[str, list[pl.DataFrame]] = {table: [] for table in TABLES}
    statuses: list[DocumentStatus] = []
    with _no_cyclic_gc():
        for start in range(0, len(items), _CHUNK):
            frames, chunk_statuses = _parse_chunk(items[start : start + _CHUNK], pdfs, interim)
            statuses += chunk_statuses
            for table, frame in frames.items():
                if frame.height:
                    parts[table].append(frame)
    store.write_chunk(
        Path(chunks),
        name,
        {
            table: pl.concat(frames) if frames else empty_frame(table)
            for table, frames in parts.items()
        },
    )
    return statuses


def _batch_sizes(documents: int, workers: int) -> list[int]:
    """Documents per task: large batches first (each staged file has a fixed cost to
    write), shrinking to one chunk at the end so that the workers finish together.

    >>> _batch_sizes(1_000, 2)
    [250, 188, 141, 106, 79, 64, 64, 64, 44]
    >>> len(_batch_sizes(10_000, 2)), max(_batch_sizes(10_000, 2)), sum(_batch_sizes(10_000, 2))
    (27, 512, 10000)
    """
    sizes = []
    remaining = documents
    while remaining:
        share = -(-remaining // (2 * workers))
        sizes.append(min(remaining, max(_CHUNK, min(_BATCH_MAX, share))))
        remaining -= sizes[-1]
    return sizes


def _parse_all(
    items: list[tuple[str, str]],
    chunks: Path,
    workers: int,
    progress: Callable[[int], None] | None,
    pdfs: PdfTexts | None = None,
    interim: Path | None = None,
) -> list[DocumentStatus]:
    """Parse every item into staged batches (in `workers` processes); the statuses in order.

    `pdfs` holds the conversions of the PDFs among the items; each batch gets its own.
    """
    tasks = []
    start = 0
    pdfs = pdfs or {}
    for number, size in enumerate(_batch_sizes(len(items), max(workers, 1))):
        batch = items[start : start + size]
        tasks.append(
            (
                batch,
                str(chunks),
                f"batch-{number:06d}",
                {s: pdfs[s] for _, s in batch if s in pdfs},
                interim,
            )
        )
        start += size
    statuses: list[DocumentStatus] = []
    if workers <= 1 or len(items) < _SERIAL_BELOW:
        results: Iterable[list[DocumentStatus]] = map(_parse_and_stage, tasks)
        for task, result in zip(tasks, results, strict=True):
            statuses.extend(result)
            if progress:
                progress(len(task[0]))
        return statuses
    with process_pool(workers) as pool:
        for task, result in zip(tasks, pool.map(_parse_and_stage, tasks), strict=True):
            statuses.extend(result)
            if progress:
                progress(len(task[0]))
    return statuses


def _reject_duplicates(statuses: Iterable[DocumentStatus]) -> set[str]:
    """Mark the second and later documents of one (unit, year, kind) as errors; return their
    sources."""
    seen: dict[tuple[str | None, int | None, str | None], str] = {}
    rejected = set()
    for status in sorted(statuses, key=lambda s: s.source):
        if not status.landed:
            continue
        key = (status.unit, status.year, status.kind)
        if key in seen:
            status.fail(
                f"{status.source}: expected one document per unit and year "
                f"({status.kind}), found {status.unit} {status.year} again (first "
                f"in {seen[key]})"
            )
            rejected.add(status.source)
        else:
            seen[key] = status.source
    return rejected


def ingest(
    raw: Path,
    clean: Path,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    allow_empty: bool = False,
    interim: Path | None = None,
    on_convert: Callable[[int], None] | None = None,
    converted: Callable[[int], None] | None = None,
) -> IngestResult:
    """Bring `clean` up to date with the documents under `raw`, holding the lock of `clean`.

    Unchanged documents (same path and SHA-256) are not parsed again; when nothing changed
    the tables are not rewritten.  The manifest records each file's time as listed
    (`mtime_ns`, what `pipeline.freshness` compares): when only times changed (a file
    touched, or rewritten with the same bytes) it alone is rewritten, atomically, to
    record the check, so that such a file does not look stale ever after.  PDFs to parse
    are converted first, or read from the cache under `interim` (default:
    `pipeline.settings.interim_for(clean)`).  `on_convert(n)` is told how many PDFs will be
    converted or read from the cache and `converted(1)` as each is converted; `on_start(n)`
    how many documents will be parsed and `progress(k)` each time k more are done.  Finding
    no document where the store holds some raises `EmptyRawFolder` unless `allow_empty`.
    """
    raw, clean = raw.resolve(), clean.resolve()
    with store.writing(clean):
        kill_points.reached("ingest:locked")
        return _ingest_locked(
            raw, clean, workers, progress, on_start, allow_empty, interim, on_convert, converted
        )


def _ingest_locked(
    raw: Path,
    clean: Path,
    workers: int | None,
    progress: Callable[[int], None] | None,
    on_start: Callable[[int], None] | None,
    allow_empty: bool,
    interim: Path | None,
    on_convert: Callable[[int], None] | None,
    converted: Callable[[int], None] | None,
) -> IngestResult:
    listing = survey(raw, times=True)  # times taken before any file is read: a change
    sources = {source_name(path): path for path in listing.documents}  # after shows
    times = dict(zip(sources, listing.times, strict=True))
    manifest = store.read_manifest(clean) if clean.exists() else {"documents": {}}
    held = sum(d.get("status") == "ok" for d in manifest["documents"].values())
    if not sources and held and not allow_empty:
        raise EmptyRawFolder(
            f"{raw}: no document found ({len(listing.unreadable)} other file(s)), but {clean} "
            f"holds {held}: not emptying it. Check --raw; pass --allow-empty to empty the "
            "store on purpose"
        )
    others = {
        "unreadable": [str(p) for p in listing.unreadable],
        "outside": [str(p) for p in listing.outside],
    }
    # rows built by other code (another schema or parser) are not kept: parse all again
    fresh = (
        manifest.get("build") == store.build_fingerprint()
        and manifest.get("layout") == store.LAYOUT
    )
    previous = manifest["documents"] if fresh else {}
    # only a document read before can be unchanged; the others are parsed whatever their
    # hash (the parse computes it), so a first ingest reads each file once, not twice
    known = [s for s in sources if previous.get(s, {}).get("status") in LANDED]
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashlib and reads release the GIL
        hashes = dict(zip(known, pool.map(_sha256, [sources[s] for s in known]), strict=True))
    unchanged = {s for s, sha in hashes.items() if previous[s].get("sha256") == sha}
    to_parse = [(str(sources[s]), s) for s in sources if s not in unchanged]
    removed = set(previous) - set(sources)
    kept = [
        DocumentStatus(
            s,
            hashes[s],
            previous[s]["status"],
            previous[s]["unit"],
            previous[s]["year"],
            previous[s]["kind"],
            previous[s]["template"],
            coverage=previous[s].get("coverage", []),
            parsed=False,
            unplaced=previous[s].get("unplaced", 0),
            gaps=previous[s].get("gaps", []),
            mtime_ns=times[s],
        )
        for s in sorted(unchanged)
    ]
    if fresh and not to_parse and not removed and (clean / store.MANIFEST).exists():
        listed = {"raw": str(raw), "documents": {d.source: d.as_manifest() for d in kept}}
        if any(manifest.get(key) != value for key, value in listed.items()):
            store.write_manifest(clean, {**manifest, **listed})  # e.g. a file touched
        return IngestResult(kept, wrote=False, **others)

    workers = workers or settings().workers
    interim = interim or interim_for(clean)
    pdf_items = [(Path(path), source) for path, source in to_parse if suffix_of(Path(path)) == PDF]
    if on_convert and pdf_items:
        on_convert(len(pdf_items))
    pdfs = convert_pdfs(pdf_items, interim, workers, progress=converted) if pdf_items else None
    failed = [
        DocumentStatus(source, sha, "error").fail(message)
        for source, (sha, message) in (pdfs.rejected.items() if pdfs else ())
    ]
    to_parse = [
        (path, source) for path, source in to_parse if not (pdfs and source in pdfs.rejected)
    ]
    if on_start:
        on_start(len(to_parse))
    with store.Build(clean) as build:
        statuses = failed + _parse_all(
            to_parse, build.chunks, workers, progress, pdfs.converted if pdfs else None, interim
        )
        for status in statuses:
            status.mtime_ns = times[status.source]
        rejected = _reject_duplicates(kept + statuses)
        documents = sorted(kept + statuses, key=lambda s: s.source)
        manifest = {
            "raw": str(raw),
            "build": store.build_fingerprint(),
            "layout": store.LAYOUT,
            "documents": {d.source: d.as_manifest() for d in documents},
        }
        build.commit(manifest, keep=unchanged, drop=rejected)
    return IngestResult(documents, wrote=True, pdfs=pdfs, **others)
