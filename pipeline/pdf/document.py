"""Opening a PDF, with the checks that come before any page is read: is it a PDF, is it
complete, does it open without a password, how many pages does it claim.

The page count is read from the page tree's root before the pages are enumerated, so a PDF
claiming millions of pages is rejected at once instead of being walked.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSStackParser

from pipeline.pdf.errors import PdfError

# pdfminer warns about every Type 3 font without a FontBBox (Chromium writes them) and
# other harmless quirks; what matters is reported as a PdfError.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_TAIL = 1024  # the end-of-file marker must stand within the last KiB (PDF 1.7, 7.5.5)
MAX_NESTING = 100
"""Arrays and dictionaries nested deeper than this are a bomb, not a document."""


class NestingTooDeep(RuntimeError):
    """Objects nested deeper than MAX_NESTING (not a pdfminer exception, which pdfminer
    might catch and skip)."""


@contextlib.contextmanager
def nesting_limit(depth: int = MAX_NESTING) -> Iterator[None]:
    """pdfminer's object parser refusing to nest deeper than `depth`, while the block runs.

    pdfminer parses nesting of any depth, without recursion but slowly: a PDF nesting
    arrays 200,000 deep takes seconds per object and converts.  The limit makes such a
    bomb a clear rejection.  The parser's method is wrapped for the block and restored.
    """
    original = PSStackParser.start_type

    def start_type(self: PSStackParser, pos: int, type: str) -> None:
        if len(self.context) >= depth:
            raise NestingTooDeep(f"objects nested deeper than {depth} levels")
        original(self, pos, type)

    PSStackParser.start_type = start_type  # type: ignore[method-assign]
    try:
        yield
    finally:
        PSStackParser.start_type = original  # type: ignore[method-assign]


def check_bytes(head: bytes, tail: bytes, source: str) -> None:
    """Reject a file that is not a PDF (no `%PDF-` header) or was cut short (no `%%EOF`
    near its end).

    >>> check_bytes(b"%PDF-1.4 ...", b"... startxref 9 %%EOF\\n", "a.pdf")
    >>> check_bytes(b"%PDF-1.4 ...", b"... 0 obj << /Len", "a.pdf")
    Traceback (most recent call last):
    ...
    pipeline.pdf.errors.PdfError: a.pdf: expected a PDF ending with %%EOF, found 'a truncated file'
    """
    if b"%PDF-" not in head:
        raise PdfError(source, None, "a PDF file (starting with %PDF-)", "no PDF header")
    if b"%%EOF" not in tail:
        raise PdfError(source, None, "a PDF ending with %%EOF", "a truncated file")


def read_ends(path: Path) -> tuple[bytes, bytes]:
    """The first and last KiB of a file."""
    with path.open("rb") as handle:
        head = handle.read(_TAIL)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL))
        return head, handle.read()


def open_pdf(path: Path, source: str, max_pages: int) -> Any:
    """The pdfplumber PDF of `path`, after the checks; raises PdfError.

    The caller closes it.
    """
    check_bytes(*read_ends(path), source)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: PdfminerException(error)
        cause = unwrapped(exc)
        if isinstance(cause, PDFEncryptionError):
            raise PdfError(
                source,
                None,
                "a PDF that opens without a password",
                f"an encrypted PDF ({type(cause).__name__})",
            ) from None
        if isinstance(cause, (NestingTooDeep, MemoryError)):
            raise cause from None
        raise PdfError(
            source, None, "a well-formed PDF", f"{type(cause).__name__}: {cause}"
        ) from None
    try:
        claimed = page_count(pdf.doc)
    except Exception as exc:
        pdf.stream.close()
        cause = unwrapped(exc)
        if isinstance(cause, (NestingTooDeep, MemoryError)):
            raise cause from None
        raise PdfError(
            source, None, "a well-formed page tree", f"{type(cause).__name__}: {cause}"
        ) from None
    if claimed > max_pages:
        pdf.stream.close()
        raise PdfError(
            source, None, f"at most {max_pages:,} pages", f"a page tree claiming {claimed:,} pages"
        )
    return pdf


def unwrapped(exc: BaseException) -> BaseException:
    """The error pdfplumber wrapped (it raises PdfminerException(original)).

    >>> unwrapped(RuntimeError(KeyError("Pages")))
    KeyError('Pages')
    """
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def page_count(doc: Any) -> int:
    """The number of pages the root of the page tree claims (its /Count)."""
    pages = resolve1(doc.catalog.get("Pages"))
    if not isinstance(pages, dict):
        raise ValueError("the catalog has no page tree")
    count = resolve1(pages.get("Count"))
    if not isinstance(count, int) or count < 0:
        raise ValueError(f"the page tree's /Count is {count!r}")
    return count
