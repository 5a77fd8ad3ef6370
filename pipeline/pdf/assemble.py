"""Lines and tables of every page → the text dialect the parser reads, with the page of
every line.

Blocks are read in the order they stand on a page (by `top`).  A table is one row a line,
cells apart by tabs; a table that goes on at the top of the next page with as many columns
goes on without a break.  The parser wants one paragraph a line: a line joins the one
before when that one reaches the right edge of the text block and the new one starts at its
left edge (a wrapped line; an indented line opens a paragraph), also across a page break —
but a line that opens an item (第X部分, 一、, （一）, 1、, 表 N) never joins.  Paragraphs and
tables are followed by a blank line, as in the extracted text the project ships.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.pdf.geometry import join_wrapped
from pipeline.pdf.lines import Line
from pipeline.pdf.tables import Table

Block = Line | Table
_OPENS_ITEM = re.compile(
    r"^(?:第[一二三四五六七八九十百]+部分|[一二三四五六七八九十]+\s*、"
    r"|[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[、.．](?!\d)"
    r"|表\s*\d+)"
)
RIGHT_REACH = 1.5
"""A line ending within this many font sizes of the text block's right edge reaches it."""
LEFT_REACH = 0.5
"""A line starting within this many font sizes of the left edge starts at it."""
LINE_GAP = 2.0
"""Lines of one paragraph on a page are at most this many font sizes apart."""
MIN_BLOCK = 0.5
"""A text block narrower than this share of the page width gives no edges to join by."""


def opens_item(text: str) -> bool:
    """Whether a line opens an item of the document, which no line before it continues.

    >>> [opens_item(t) for t in ("一、 主要职能", "（三）国有资产", "1、一般公共服务", "表 7",
    ...                          "1.5 万元，主要用于", "第二部分 2024 年", "项目支出")]
    [True, True, True, True, False, True, False]
    """
    return bool(_OPENS_ITEM.match(text.strip()))


@dataclass(frozen=True)
class Margins:
    """The left and right edges of the text block on pages of one size."""

    left: float
    right: float


def margins(
    pages: Sequence[Sequence[Block]], sizes: Sequence[tuple[float, float]]
) -> dict[tuple[int, int], Margins]:
    """The text block's edges for each page size: the leftmost start and rightmost end of
    the lines and tables printed on pages of that size.  A size whose block is narrower than
    half the page has no edges: its lines are short, and nothing tells a wrapped line from a
    paragraph, so none is joined."""
    edges: dict[tuple[int, int], Margins] = {}
    for blocks, (width, height) in zip(pages, sizes, strict=True):
        key = (round(width), round(height))
        for block in blocks:
            x1 = block.x1 if isinstance(block, Line) else block.bbox[2]
            old = edges.get(key, Margins(block.x0, x1))
            edges[key] = Margins(min(old.left, block.x0), max(old.right, x1))
    return {
        key: edge for key, edge in edges.items() if edge.right - edge.left >= MIN_BLOCK * key[0]
    }


@dataclass
class _Output:
    """The dialect being written: its lines and the page each comes from."""

    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def add(self, text: str, page: int) -> None:
        self.lines.append(text)
        self.pages.append(page)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.add("", self.pages[-1])


def _joins(previous: Line, line: Line, edges: Margins, next_page: bool) -> bool:
    """Whether `line` continues the paragraph whose last printed line is `previous`."""
    if previous.piece or line.piece or opens_item(line.text):
        return False
    if abs(previous.size - line.size) > 0.1 * line.size:
        return False
    if not next_page and line.top - previous.bottom > LINE_GAP * line.size:
        return False
    return (
        previous.x1 >= edges.right - RIGHT_REACH * previous.size
        and line.x0 <= edges.left + LEFT_REACH * line.size
    )


def assemble(
    pages: Sequence[Sequence[Block]], sizes: Sequence[tuple[float, float]]
) -> tuple[list[str], list[int]]:
    """The dialect's lines for the pages' blocks (each page's in reading order) and the
    1-based page number of each line.

    >>> line = lambda page, x0, x1, top, text: Line(page, x0, x1, top, top + 10, 10, text)
    >>> pages = [[line(1, 40, 100, 50, "表 1"), line(1, 60, 500, 80, "按照全口径预算的原则，"),
    ...           line(1, 40, 500, 95, "收支总预算 5,069.86"),
    ...           Table(1, (40, 120, 500, 200), (("项目", "预算数"), ("合计", "1.00")))],
    ...          [Table(2, (40, 50, 500, 90), (("小计", "1.00"),)),
    ...           line(2, 40, 200, 100, "万元。")]]
    >>> lines, numbers = assemble(pages, [(595, 842), (595, 842)])
    >>> for text, page in zip(lines, numbers): print(page, repr(text))
    1 '表 1'
    1 ''
    1 '按照全口径预算的原则，收支总预算 5,069.86'
    1 ''
    1 '项目\\t预算数'
    1 '合计\\t1.00'
    2 '小计\\t1.00'
    2 ''
    2 '万元。'
    2 ''
    """
    edges = margins(pages, sizes)
    out = _Output()
    paragraph: list[Line] = []
    previous: Block | None = None

    def close_paragraph() -> None:
        if paragraph:
            out.add(join_wrapped(line.text for line in paragraph), paragraph[0].page)
            out.blank()
            paragraph.clear()

    for blocks, (width, height) in zip(pages, sizes, strict=True):
        page_edges = edges.get((round(width), round(height)))
        for index, block in enumerate(blocks):
            next_page = index == 0 and previous is not None
            if isinstance(block, Line):
                if not (
                    paragraph
                    and isinstance(previous, Line)
                    and page_edges is not None
                    and _joins(paragraph[-1], block, page_edges, next_page)
                ):
                    close_paragraph()
                    out.blank()
                paragraph.append(block)
            else:
                close_paragraph()
                if not (
                    next_page and isinstance(previous, Table) and previous.width == block.width
                ):
                    out.blank()
                for row in block.rows:
                    out.add("\t".join(row), block.page)
            previous = block
    close_paragraph()
    out.blank()
    return out.lines, out.pages
