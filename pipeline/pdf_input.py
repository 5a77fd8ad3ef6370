"""PDFs among the raw documents: converted (cached), then read as text with the page of
every line.

Ingest converts the PDFs it must parse before parsing: from the cache under data/interim
where it holds them, else in child processes with limits (`pipeline.pdf`).  A converted
PDF is a RawDocument of the converted text whose `source` and `sha256` are the PDF's; its
rows gain the page each line begins on, and its `documents` row the converter.  A parse
error in it names the page as well as the line of the converted text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ParseError
from pipeline.pdf import Conversion, Limits, PdfError, converter_id
from pipeline.pdf.cache import convert_cached, entry_path, sha256_of
from pipeline.reader import RawDocument

Records = dict[str, list[dict]]
ENCODING = "pdf"
"""What `documents.encoding` says of a PDF converted to text."""
CONVERSION_COLUMNS = ("page", "pdf_pages", "converter", "converter_version")
"""Columns ingest fills from the conversion (null for a text document), not the parsers."""


@dataclass(frozen=True)
class ConvertedPdf:
    """A raw PDF converted: its hash and its conversion."""

    sha256: str
    conversion: Conversion


@dataclass(frozen=True)
class PdfRun:
    """The PDFs of an ingest run: converted ones by source, rejected ones (source → hash and
    message), and how many were converted now rather than read from the cache."""

    converted: dict[str, ConvertedPdf]
    rejected: dict[str, tuple[str, str]]
    converted_now: int
    pages: int


def convert_pdfs(
    items: Sequence[tuple[Path, str]],
    interim: Path,
    workers: int,
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
) -> PdfRun:
    """Convert (or read from the cache) every (path, source) PDF."""
    hashed = [(path, source, sha256_of(path)) for path, source in items]
    results, now = convert_cached(hashed, interim, limits, workers, progress)
    converted: dict[str, ConvertedPdf] = {}
    rejected: dict[str, tuple[str, str]] = {}
    for (_, source, sha), result in zip(hashed, results, strict=True):
        if isinstance(result, PdfError):
            rejected[source] = (sha, str(result))
        else:
            converted[source] = ConvertedPdf(sha, result)
    pages = sum(c.conversion.page_count for c in converted.values())
    return PdfRun(converted, rejected, now, pages)


def pdf_document(source: str, pdf: ConvertedPdf) -> RawDocument:
    """The converted text as a raw document of the PDF (its source and hash)."""
    return RawDocument(source, tuple(pdf.conversion.text.split("\n")), pdf.sha256, ENCODING)


def with_pages(records: Records, pdf: ConvertedPdf) -> Records:
    """The records with the page of their line, and the converter on the `documents` row.

    >>> pdf = ConvertedPdf("ab", Conversion("表 1\\n\\n合计\\t1.00", (1, 1, 2), 2))
    >>> rows = with_pages({"line_items": [{"line": 3}], "documents": [{"line": 1}]}, pdf)
    >>> rows["line_items"], rows["documents"][0]["page"], rows["documents"][0]["pdf_pages"]
    ([{'line': 3, 'page': 2}], 1, 2)
    """
    pages = pdf.conversion.pages
    out = {
        table: [{**row, "page": pages[row["line"] - 1]} for row in rows]
        for table, rows in records.items()
    }
    for row in out.get("documents", []):
        row.update(
            pdf_pages=pdf.conversion.page_count,
            converter=converter_id(),
            converter_version=pdf.conversion.version,
        )
    return out


def located(error: ParseError, source: str, pdf: ConvertedPdf, interim: Path) -> ParseError:
    """A parse error in a converted PDF, naming the page besides the line of the text.

    >>> pdf = ConvertedPdf("ab", Conversion("表 1\\n合计\\t1,00", (1, 4), 4))
    >>> print(located(ParseError("a.pdf", 2, "a sum", "1,0"), "a.pdf", pdf, Path("i")))
    a.pdf, page 4 (line 2 of its text, i/pdf/ab.pipeline.pdf-v1.json): expected a sum, found '1,0'
    """
    if error.line is None or not 0 < error.line <= len(pdf.conversion.pages):
        return error
    page = pdf.conversion.pages[error.line - 1]
    where = (
        f"{source}, page {page} (line {error.line} of its text, "
        f"{entry_path(interim, pdf.sha256).as_posix()})"
    )
    located_error = ParseError(where, None, error.expected, error.found)
    located_error.source, located_error.line = source, error.line
    return located_error
