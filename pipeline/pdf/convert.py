"""One PDF → the text dialect and the page of every line, in this process.

Each page: its characters inside the page box, checked for fonts that can be trusted; its
ruled tables (and tables printed without vertical rules); the text outside the tables as
printed lines; the whole in reading order.  Then the pages are assembled into paragraphs
and tables (`pipeline.pdf.assemble`) and radical glyphs are unified.  Anything the converter
cannot read faithfully is a PdfError naming the file and the page; `pipeline.pdf.isolation`
runs this in a child process with time and memory limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipeline.pdf.assemble import Block, assemble
from pipeline.pdf.chars import Char
from pipeline.pdf.columns import ColumnsNotFound, open_tables
from pipeline.pdf.document import (
    MAX_NESTING,
    NestingTooDeep,
    nesting_limit,
    open_pdf,
    unwrapped,
)
from pipeline.pdf.errors import PdfError
from pipeline.pdf.fonts import untrusted_font_used
from pipeline.pdf.geometry import centre, contains, in_any
from pipeline.pdf.glyphs import unify
from pipeline.pdf.lines import text_lines
from pipeline.pdf.tables import RULED, CellsNotFound, read_table

CONVERTER = "pipeline.pdf"
VERSION = "1"
"""The converter's version: part of the cache key, raised whenever its output changes."""
MAX_PAGES = 1_000
SCANNED_AREA = 0.25
"""An image covering this share of a page without text makes it a scanned page."""


@dataclass(frozen=True)
class Conversion:
    """A PDF as the text dialect: the text, the page of each of its lines (index 0 is
    line 1), how many pages the PDF has, and what converted it."""

    text: str
    pages: tuple[int, ...]
    page_count: int
    converter: str = CONVERTER
    version: str = VERSION


def converter_id() -> str:
    """The converter and the library versions it reads with, as recorded in `documents`.

    >>> converter_id().startswith("pipeline.pdf 1 (pdfplumber ")
    True
    """
    return (
        f"{CONVERTER} {VERSION} (pdfplumber {version('pdfplumber')}, "
        f"pdfminer.six {version('pdfminer.six')})"
    )


def _page_chars(page: Any) -> list[Char]:
    """The page's characters whose centre lies on the page (pdfplumber returns the ones
    drawn outside it too)."""
    box = page.bbox
    return [c for c in page.chars if contains(box, centre(c))]


def _image_share(page: Any) -> float:
    """The largest share of the page one image covers."""
    area = float(page.width * page.height) or 1.0
    return max(
        (float((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) / area for i in page.images),
        default=0.0,
    )


def read_page(page: Any, number: int, source: str) -> list[Block]:
    """One page's tables and lines of text, in reading order; raises PdfError."""
    font = untrusted_font_used(page)
    if font is not None:
        raise PdfError(
            source,
            number,
            "fonts that map their glyphs to Unicode (ToUnicode)",
            f"font {font} with Identity encoding and no ToUnicode map, whose text "
            "cannot be trusted",
        )
    chars = _page_chars(page)
    unmapped = next((c for c in chars if c["text"].startswith("(cid:")), None)
    if unmapped is not None:
        raise PdfError(
            source,
            number,
            "characters that map to Unicode",
            f"glyph {unmapped['text']} of font {unmapped['fontname']}",
        )
    try:
        tables = [read_table(found, chars, number) for found in page.find_tables(RULED)]
        tables += open_tables(page, chars, [t.bbox for t in tables], number)
    except CellsNotFound as lost:
        text, char = lost.args
        raise PdfError(
            source,
            number,
            "every text of a table inside one of its cells",
            f"{text!r} at x={char['x0']:.0f}, top={char['top']:.0f} in no cell "
            "(the table's cells cannot be found)",
        ) from None
    except ColumnsNotFound as missing:
        why, top = missing.args
        raise PdfError(
            source,
            number,
            "a table with vertical rules, or a ※ row that gives its columns",
            f"a table at top={top:.0f} printed without vertical "
            f"rules: {why} (its cells cannot be found)",
        ) from None
    boxes = [t.bbox for t in tables]
    lines = text_lines(
        [c for c in chars if not in_any(boxes, centre(c))], number, float(page.height)
    )
    if not lines and not tables and _image_share(page) >= SCANNED_AREA:
        raise PdfError(
            source,
            number,
            "a text layer",
            "a scanned page (an image without text); OCR is not supported",
        )
    return sorted([*tables, *lines], key=lambda block: (block.top, block.x0))


def convert_pdf(path: Path, source: str | None = None, max_pages: int = MAX_PAGES) -> Conversion:
    """Convert one PDF in this process; raises PdfError naming the file and the page
    (MemoryError when it runs out of memory)."""
    source = source or str(path)
    with nesting_limit():
        pages, sizes = _read_pages(Path(path), source, max_pages)
    lines, page_of_line = assemble(pages, sizes)
    return Conversion(unify("\n".join(lines)), tuple(page_of_line), len(pages))


def _rejection(exc: Exception, source: str, page: int | None, expected: str) -> BaseException:
    """What a PDF library's error on hostile input becomes: a PdfError (the nesting limit
    says so), or a MemoryError for the memory limit to report."""
    cause = unwrapped(exc)
    if isinstance(cause, PdfError | MemoryError):
        return cause
    if isinstance(cause, NestingTooDeep):
        return PdfError(
            source,
            page,
            f"objects nested at most {MAX_NESTING} deep",
            "deeper nesting (a PDF bomb)",
        )
    return PdfError(source, page, expected, f"{type(cause).__name__}: {cause}")


def _close(pdf: Any) -> None:
    """Close a pdfplumber PDF even when its page tree cannot be walked (pdfplumber's close
    walks it again)."""
    try:
        pdf.close()
    except Exception:
        pdf.stream.close()


def _read_pages(
    path: Path, source: str, max_pages: int
) -> tuple[list[list[Block]], list[tuple[float, float]]]:
    """Every page's blocks and size."""
    try:
        pdf = open_pdf(path, source, max_pages)
    except NestingTooDeep as exc:
        raise _rejection(exc, source, None, "") from None
    pages: list[list[Block]] = []
    sizes: list[tuple[float, float]] = []
    number = 0
    try:
        for number, page in enumerate(pdf.pages, start=1):
            if number > max_pages:
                raise PdfError(source, number, f"at most {max_pages:,} pages", "more")
            try:
                pages.append(read_page(page, number, source))
            except Exception as exc:  # a PDF library failing on hostile input
                raise _rejection(exc, source, number, "a readable page") from None
            finally:
                page.close()
            sizes.append((float(page.width), float(page.height)))
    except Exception as exc:  # the page tree itself is broken
        raise _rejection(exc, source, number + 1, "a readable page tree") from None
    finally:
        _close(pdf)
    return pages, sizes
