"""PDF disclosures → the text dialect the parser reads, with the page of every line.

Units publish their disclosures as PDF.  Plain layout text cannot feed the parser (cells
apart by single spaces, empty cells gone, wrapped labels on the lines above and below), so
the converter reads the PDF table-aware with pdfplumber: ruled tables become tab-separated
rows (merged cells empty, wrapped text joined), the text outside them one paragraph a line.
What it cannot read faithfully — a scanned page (no OCR), an encrypted PDF, a font without
a trustworthy ToUnicode map, a table whose cells cannot be found, a truncated or malformed
file, a bomb — is a PdfError naming the file and the page, never a guess.

Modules, in the order a conversion runs: `document` (open, whole-file checks), `fonts`,
`tables` and `columns` (ruled tables; tables without vertical rules), `chars` and `lines`
(text), `assemble` (reading order, paragraphs, tables across pages), `glyphs` (radicals →
ideographs), `convert` (one PDF, in this process), `isolation` (a child process per PDF,
with limits, a few at a time), `cache` (conversions kept under data/interim by hash and
converter version).
"""

from pipeline.pdf.cache import convert_cached
from pipeline.pdf.convert import CONVERTER, VERSION, Conversion, convert_pdf, converter_id
from pipeline.pdf.errors import PdfError
from pipeline.pdf.isolation import LimitExceeded, Limits, convert_isolated, convert_many

__all__ = [
    "CONVERTER",
    "VERSION",
    "Conversion",
    "LimitExceeded",
    "Limits",
    "PdfError",
    "convert_cached",
    "convert_isolated",
    "convert_many",
    "convert_pdf",
    "converter_id",
]
