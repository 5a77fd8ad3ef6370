"""The error a PDF that cannot be converted raises: file, page and what was expected."""

from __future__ import annotations

from pipeline.errors import ParseError


class PdfError(ParseError):
    """A PDF cannot be converted to text the parser can trust (a ParseError, so that ingest
    reports it like any unreadable document and goes on with the others).

    >>> str(PdfError("data/raw/a.pdf", 3, "a text layer", "a scanned page; OCR is not supported"))
    "data/raw/a.pdf, page 3: expected a text layer, found 'a scanned page; OCR is not supported'"
    >>> str(PdfError("data/raw/a.pdf", None, "a PDF that opens without a password",
    ...              "an encrypted PDF"))
    "data/raw/a.pdf: expected a PDF that opens without a password, found 'an encrypted PDF'"
    """

    def __init__(self, source: str, page: int | None, expected: str, found: str | None = None):
        super().__init__(f"{source}, page {page}" if page else source, None, expected, found)
        self.source = source
        self.page = page

    def __reduce__(self):  # pickled across the process boundary with its fields
        return type(self), (self.source, self.page, self.expected, self.found)
