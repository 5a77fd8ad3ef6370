"""Reading raw documents: bytes → decoded lines, with the checksum that drives re-ingest.

Chinese offices publish UTF-8 (with or without BOM) and GB18030/GBK text; line ends may be
CRLF.  Decoding is strict: bytes that decode as no supported encoding are an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ParseError

ENCODINGS = ("utf-8-sig", "gb18030")
TEXT, PDF = ".txt", ".pdf"
READABLE_SUFFIXES: frozenset[str] = frozenset({TEXT, PDF})
"""The raw files ingest reads, by suffix (lower case; files match in any case): text in the
dialect, and PDFs, which are converted to it first (pipeline.pdf).  The one definition."""


def suffix_of(path: Path) -> str | None:
    """The readable suffix of a raw file, lower case, or None if ingest does not read it.

    >>> suffix_of(Path("a/b.PDF")), suffix_of(Path("b.txt")), suffix_of(Path("b.docx"))
    ('.pdf', '.txt', None)
    """
    suffix = path.suffix.lower()
    return suffix if suffix in READABLE_SUFFIXES else None


@dataclass(frozen=True)
class RawDocument:
    """A raw document's decoded lines (index 0 is line 1) and where they came from."""

    source: str
    lines: tuple[str, ...]
    sha256: str
    encoding: str

    def line(self, number: int) -> str:
        """The text of 1-based line `number`."""
        return self.lines[number - 1]


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes with the first supported encoding that reads them strictly.

    >>> decode("表 1".encode("gb18030"), "x.txt")
    ('表 1', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbfok", "x.txt")
    ('ok', 'utf-8')
    """
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        name = "utf-8" if encoding == "utf-8-sig" else encoding
        return text, name
    raise ParseError(
        source, None, f"text in one of {', '.join(ENCODINGS)}", "bytes that decode as none of them"
    )


def read_document(path: Path, source: str | None = None) -> RawDocument:
    """Read and decode one raw document; `source` is how provenance names it."""
    name = source or str(path)
    data = path.read_bytes()
    if not data.strip():
        raise ParseError(name, None, "a budget disclosure", "an empty file")
    text, encoding = decode(data, name)
    if "\r" in text:  # one scan; most documents have none to replace
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(text.split("\n"))
    return RawDocument(name, lines, hashlib.sha256(data).hexdigest(), encoding)
