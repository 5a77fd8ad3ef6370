"""Converted PDFs kept under `data/interim/pdf/`, keyed by the PDF's SHA-256 and the
converter's version: a re-run converts nothing that did not change.

Conversions cost about a tenth to a quarter of a second a page; parsing the text they give
costs milliseconds.  An entry is one JSON file (the text, the page of every line, or the
rejection), written beside its final name and renamed into place, so a run stopped midway
leaves no half-written entry.  Rejections by a resource limit are not kept: they may pass
with other limits or on a quieter machine.  A new converter version misses every old
entry; `prune` removes entries no current PDF or version uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pipeline.pdf.convert import CONVERTER, VERSION, Conversion
from pipeline.pdf.errors import PdfError
from pipeline.pdf.isolation import LimitExceeded, Limits, convert_many

SUBDIR = "pdf"


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def entry_path(interim: Path, sha256: str) -> Path:
    """Where the conversion of the PDF with this hash by this converter version is kept.

    >>> entry_path(Path("data/interim"), "ab" * 32).name
    'abababababababababababababababababababababababababababababababab.pipeline.pdf-v1.json'
    """
    return interim / SUBDIR / f"{sha256}.{CONVERTER}-v{VERSION}.json"


def load(interim: Path, sha256: str, source: str) -> Conversion | PdfError | None:
    """The kept conversion (or rejection, restated for `source`), or None if there is none
    or it cannot be read."""
    path = entry_path(interim, sha256)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["sha256"] != sha256 or entry["version"] != VERSION:
            return None
        if "error" in entry:
            error = entry["error"]
            return PdfError(source, error["page"], error["expected"], error["found"])
        return Conversion(entry["text"], tuple(entry["pages"]), entry["page_count"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(interim: Path, sha256: str, result: Conversion | PdfError) -> None:
    """Keep a conversion or a rejection (not one by a resource limit)."""
    if isinstance(result, LimitExceeded):
        return
    entry: dict = {"sha256": sha256, "converter": CONVERTER, "version": VERSION}
    if isinstance(result, PdfError):
        entry["error"] = {"page": result.page, "expected": result.expected, "found": result.found}
    else:
        entry |= {"page_count": result.page_count, "pages": list(result.pages), "text": result.text}
    path = entry_path(interim, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def convert_cached(
    items: Sequence[tuple[Path, str, str]],
    interim: Path,
    limits: Limits | None = None,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Conversion | PdfError], int]:
    """The conversion (or rejection) of every (path, source, sha256), from the cache where
    it holds one, else converted `workers` at a time and kept; and how many were converted.
    `progress(1)` is called as each is converted.
    """
    limits = limits or Limits()
    results: list[Conversion | PdfError | None] = [
        load(interim, sha, source) for _, source, sha in items
    ]
    missing = [index for index, result in enumerate(results) if result is None]
    todo = [(items[index][0], items[index][1]) for index in missing]
    for index, result in zip(missing, convert_many(todo, limits, workers), strict=True):
        store(interim, items[index][2], result)
        results[index] = result
        if progress:
            progress(1)
    return [r for r in results if r is not None], len(missing)


def prune(interim: Path, keep: Iterable[str]) -> int:
    """Remove kept entries of other converter versions or of PDFs whose hash is not in
    `keep`; how many were removed."""
    wanted = {entry_path(interim, sha).name for sha in keep}
    removed = 0
    folder = interim / SUBDIR
    for path in folder.glob("*.json") if folder.is_dir() else ():
        if path.name not in wanted:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
