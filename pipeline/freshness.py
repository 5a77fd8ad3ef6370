"""Whether the clean store reflects the raw documents, for readers that must not ingest.

`pipeline.load` and `pipeline.scan` read what is in data/clean.  Before they do, this
module says so loudly when that is not what data/raw holds: no store at all is an error
(`CleanStoreMissing`); a raw document whose time differs from the one the last ingest
listed (the manifest's `mtime_ns`), or one added or removed since, is a warning
(`StaleCleanWarning`).  Both name the command to run.  Times are compared for equality,
never with the clock.  The check lists data/raw and stats its documents (no reading):
milliseconds for thousands of files.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from pathlib import Path

from pipeline.raw_files import source_name, survey
from pipeline.settings import Settings
from pipeline.store import LAYOUT, MANIFEST, build_fingerprint

_FIX = "run `budget ingest` (or call pipeline.ensure_clean())"


class CleanStoreMissing(FileNotFoundError):
    """There is no clean store to read."""


class CleanStoreOutdated(CleanStoreMissing):
    """The clean store was written in another on-disk layout (by another version of this
    package): its files would not read as this version's tables."""


class StaleCleanWarning(UserWarning):
    """The clean store was built before the raw documents last changed."""


@lru_cache(maxsize=4)
def _manifest(path: Path, mtime_ns: int, size: int) -> dict:
    """The manifest (cached per version of the file)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _listed(path: Path, mtime_ns: int, size: int) -> dict[str, int]:
    """What the ingest that wrote the manifest listed: each document's time.  A manifest
    older than the times (written before they were recorded) gives its own time for each."""
    documents = _manifest(path, mtime_ns, size)["documents"]
    return {source: entry.get("mtime_ns") or -mtime_ns for source, entry in documents.items()}


def _built_by_other_code(path: Path) -> str | None:
    """Why a store's rows are not what this version of the code would build: another layout
    raises `CleanStoreOutdated`; other parser code is a reason to warn (None when built by
    this code, or by hand: a manifest without a fingerprint is trusted)."""
    stat = path.stat()
    manifest = _manifest(path, stat.st_mtime_ns, stat.st_size)
    if "build" not in manifest:
        return None
    if manifest.get("layout") != LAYOUT:
        raise CleanStoreOutdated(
            f"{path.parent} was written in another layout by another "
            f"version of this package: {_FIX} to rebuild it"
        )
    if manifest["build"] != build_fingerprint():
        return "built by another version of the parsers"
    return None


def staleness(raw: Path, clean: Path) -> str | None:
    """Why `clean` does not reflect `raw` (a sentence), or None when it does.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "raw").mkdir(); (root / "clean").mkdir()
    >>> _ = (root / "clean" / MANIFEST).write_text('{"documents": {}}')
    >>> staleness(root / "raw", root / "clean") is None
    True
    >>> _ = (root / "raw" / "a.txt").write_text("new")
    >>> staleness(root / "raw", root / "clean")
    '1 document(s) under raw not ingested (e.g. a.txt)'
    """
    path = clean / MANIFEST
    stat = path.stat()
    listed = _listed(path, stat.st_mtime_ns, stat.st_size)
    listing = survey(raw, times=True)
    named = {source_name(p): time for p, time in zip(listing.documents, listing.times, strict=True)}
    added = sorted(set(named) - set(listed))
    removed = sorted(set(listed) - set(named))
    newer = [
        name for name, time in named.items() if name in listed and _changed(time, listed[name])
    ]
    reasons = []
    for problem, names in (
        ("under raw not ingested", added),
        ("changed since the last ingest", newer),
        ("ingested but no longer under raw", removed),
    ):
        if names:
            reasons.append(f"{len(names)} document(s) {problem} (e.g. {Path(names[0]).name})")
    return "; ".join(reasons) or None


def _changed(now: int, listed: int) -> bool:
    """Whether a file's time differs from the listed one (negative: the manifest's own
    time, which the file must not be newer than)."""
    return now > -listed if listed < 0 else now != listed


def check_clean(paths: Settings, stacklevel: int = 1) -> None:
    """Raise `CleanStoreMissing` if `paths.clean` holds no store; warn `StaleCleanWarning`
    if it does not reflect `paths.raw` (not checked when there is no raw folder).  The
    warning points `stacklevel` frames above the caller (1: at the caller)."""
    if not (paths.clean / MANIFEST).exists():
        raise CleanStoreMissing(
            f"{paths.clean} holds no clean tables: {_FIX} to build it from {paths.raw}"
        )
    why = _built_by_other_code(paths.clean / MANIFEST)
    if paths.raw.is_dir():
        why = "; ".join(filter(None, (why, staleness(paths.raw, paths.clean)))) or None
    if why:
        warnings.warn(
            f"{paths.clean} is out of date: {why}; reading it as it is. To bring "
            f"it up to date, {_FIX}",
            StaleCleanWarning,
            stacklevel=stacklevel + 1,
        )
