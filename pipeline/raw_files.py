"""What lies under --raw: the documents ingest reads, and every other file, said out loud.

A file is a document when its suffix is one of `pipeline.reader.READABLE_SUFFIXES` (any
case: `a.TXT` is read).  Other files are listed, never silently ignored.  Names starting
with a dot are skipped (editor and system files, `.git`), judged relative to --raw only: a
--raw inside a dot-folder, or given as `../raw`, still sees its documents.  A symbolic
link is followed only when it stays inside --raw; one leaving it is refused, and neither
its target nor its content is read or echoed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RawFolderMissing
from pipeline.reader import READABLE_SUFFIXES
from pipeline.settings import PROJECT_ROOT

_INSIDE = f"{PROJECT_ROOT}{os.sep}"


def is_readable(name: str) -> bool:
    """Whether a file of this name is read as a document (the suffix, in any case).

    >>> is_readable("a.TXT"), is_readable("a.txt.bak"), is_readable("txt")
    (True, False, False)
    """
    return os.path.splitext(name)[1].lower() in READABLE_SUFFIXES


@dataclass
class RawListing:
    """Every file under a raw folder, sorted: documents, other files, refused links."""

    documents: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    """Files that are not documents (another suffix), or links to folders (not walked)."""
    outside: list[Path] = field(default_factory=list)
    """Symbolic links that lead out of the raw folder (or nowhere): refused, not followed."""
    times: list[int] = field(default_factory=list)
    """With `survey(..., times=True)`: each document's modification time (ns) as listed, in
    the order of `documents`."""


def survey(raw: Path, *, times: bool = False) -> RawListing:
    """List everything under `raw`, recursively: one `scandir` per folder, and a `stat`
    per document only when `times` are asked for.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()) / ".hidden" / "raw"
    >>> for name in ("a.txt", "B.TXT", "c.docx", ".x.txt", "sub/d.txt"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("x")
    >>> (root / "out.txt").symlink_to("/etc/hostname")
    >>> listing = survey(root)
    >>> [p.relative_to(root).as_posix() for p in listing.documents]
    ['B.TXT', 'a.txt', 'sub/d.txt']
    >>> [p.name for p in listing.unreadable], [p.name for p in listing.outside]
    (['c.docx'], ['out.txt'])
    """
    if not raw.is_dir():
        raise RawFolderMissing(f"{raw}: no such folder of raw documents")
    root = raw.resolve()
    documents: list[str] = []
    unreadable: list[str] = []
    outside: list[str] = []
    stamps: dict[str, int] = {}
    folders = [str(raw)]
    while folders:  # strings, not Paths, while walking: thousands of files
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_symlink():
                    kind = _link(entry.path, root)
                    (
                        documents
                        if kind == "document"
                        else unreadable
                        if kind == "unreadable"
                        else outside
                    ).append(entry.path)
                    if times and kind == "document":
                        stamps[entry.path] = _time(entry)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    if is_readable(name):
                        documents.append(entry.path)
                        if times:
                            stamps[entry.path] = _time(entry)
                    else:
                        unreadable.append(entry.path)
    documents = _in_path_order(documents)
    return RawListing(
        [Path(name) for name in documents],
        [Path(name) for name in _in_path_order(unreadable)],
        [Path(name) for name in _in_path_order(outside)],
        [stamps[name] for name in documents] if times else [],
    )


def _time(entry: os.DirEntry) -> int:
    """A document's modification time; 0 when it is gone already (its read says so)."""
    try:
        return entry.stat().st_mtime_ns
    except OSError:
        return 0


def _in_path_order(names: list[str]) -> list[str]:
    """Sorted as Paths sort (by component, so `a/b.txt` before `a-c.txt`)."""
    return sorted(names, key=lambda name: name.split(os.sep))


def _link(path: str, root: Path) -> str:
    """What a symbolic link is: a "document" or "unreadable" file when it stays inside
    `root` (a link to a folder is not walked: the folder is, as itself), else "outside"."""
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(root) or not target.exists():
        return "outside"
    if target.is_dir() or not is_readable(os.path.basename(path)):
        return "unreadable"
    return "document"


def source_name(path: Path) -> str:
    """How provenance names a raw file: relative to the project when inside it, so clean
    data stays valid in any clone; as given otherwise.  `path` is absolute (ingest
    resolves --raw); a link inside --raw keeps its own name.

    >>> from pipeline.settings import PROJECT_ROOT
    >>> source_name(PROJECT_ROOT / "data" / "raw" / "a.txt")
    'data/raw/a.txt'
    >>> source_name(Path(f"{PROJECT_ROOT}-other/a.txt")) == f"{PROJECT_ROOT}-other/a.txt"
    True
    """
    text = str(path)  # a string prefix: much cheaper than Path.relative_to (bench/NOTES.md)
    return text[len(_INSIDE) :] if text.startswith(_INSIDE) else text


def discover(raw: Path) -> list[Path]:
    """Every raw document under `raw`, recursively, in a stable order."""
    return survey(raw).documents
