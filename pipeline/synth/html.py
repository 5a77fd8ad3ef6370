"""A disclosure's text (the tab dialect) laid out as an HTML page that prints like the
published PDFs, so that tests and the benchmark can make PDFs from documents the project has.

The layout follows the published disclosures: A4 pages, every table on a new page under its
表 N and centred title, 编制单位 and 单位：万元 on one line, ruled cells with the header's
merged cells (a header cell spans the empty cells right of it, then those below it), wide
tables on landscape pages, a table that the text shows continued (its 编制单位 line again)
on a new page, indented paragraphs.  Every
character of the text is printed as it is, so a faithful conversion gives the text back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_TABLE_NO = re.compile(r"^表\s*\d+\s*$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_UNIT_LINE = re.compile(r"^编制单位\s*[:：]")
_MONEY_LINE = re.compile(r"^单位\s*[:：]\s*万元\s*$")
_YEAR_LINE = re.compile(r"^[(（]\s*\d{4}\s*年\s*[)）]$")
_NUMBER = re.compile(r"^[-−]?[\d,，.．０-９]+%?$")
WIDE_COLUMNS = 12
"""A table with this many columns or more is printed on a landscape page."""


RULES = ("all", "unnumbered", "none")


@dataclass(frozen=True)
class PageStyle:
    """How the document is printed: the CJK font family, and which tables have vertical
    rules: "all", "unnumbered" (tables whose header closes with a ※ row print horizontal
    rules only) or "none"."""

    font: str = "WenQuanYi Zen Hei"
    vertical_rules: str = "all"

    def __post_init__(self) -> None:
        if self.vertical_rules not in RULES:
            raise ValueError(f"vertical_rules must be one of {RULES}")

    def ruled(self, numbered: bool) -> bool:
        """Whether a table (with or without a ※ row) is printed with vertical rules."""
        return self.vertical_rules == "all" or (
            self.vertical_rules == "unnumbered" and not numbered
        )


@dataclass(frozen=True)
class Cell:
    """One printed cell: its text and how many columns and rows it spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1


def header_cells(rows: list[list[str]]) -> list[list[Cell]]:
    """A header's rows (cells as in the text) as printed cells with their spans.

    A cell spans the empty cells right of it (up to the next cell with text), then the
    empty cells below that span.  Empty cells nothing spans stay empty cells.

    >>> grid = header_cells([["科目", "", "", "合计"], ["类", "款", "项", ""]])
    >>> [[(c.text, c.colspan, c.rowspan) for c in row] for row in grid]
    [[('科目', 3, 1), ('合计', 1, 2)], [('类', 1, 1), ('款', 1, 1), ('项', 1, 1)]]
    """
    width = max(map(len, rows))
    grid = [row + [""] * (width - len(row)) for row in rows]
    covered: set[tuple[int, int]] = set()
    printed: list[list[Cell]] = []
    for r, row in enumerate(grid):
        cells: list[Cell] = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            if not text:
                cells.append(Cell(""))
                continue
            span = 1
            while c + span < width and not row[c + span] and (r, c + span) not in covered:
                span += 1
            down = 1
            while r + down < len(grid) and all(
                not grid[r + down][k] and (r + down, k) not in covered for k in range(c, c + span)
            ):
                down += 1
            covered.update((r + i, k) for i in range(down) for k in range(c, c + span))
            cells.append(Cell(text, span, down))
        printed.append(cells)
    return printed


@dataclass
class _Block:
    """A run of the text: a paragraph, a table (its rows) or the 编制单位/单位 pair."""

    kind: str  # "para", "table", "meta"
    lines: list[str]


def _blocks(lines: list[str]) -> Iterator[_Block]:
    index = 0
    while index < len(lines):
        text = lines[index]
        if "\t" in text:
            rows = []
            while index < len(lines) and "\t" in lines[index]:
                rows.append(lines[index])
                index += 1
            yield _Block("table", rows)
            continue
        index += 1
        if not text.strip():
            continue
        if _UNIT_LINE.match(text.strip()):
            following = next((n for n in range(index, len(lines)) if lines[n].strip()), None)
            if following is not None and _MONEY_LINE.match(lines[following].strip()):
                index = following + 1
                yield _Block("meta", [text, lines[following]])
                continue
        yield _Block("para", [text])


def _is_column_row(cells: list[str]) -> bool:
    """The ※ row that numbers a table's columns."""
    return bool(cells) and cells[0].strip() == "※"


def _table_html(rows: list[str], style: PageStyle) -> str:
    """One table block: header rows (up to the ※ row) with merged cells, then data rows."""
    grid = [row.split("\t") for row in rows]
    width = max(map(len, grid))
    marks = [n for n, cells in enumerate(grid) if _is_column_row(cells)]
    header_end = marks[0] + 1 if marks else 0
    out = [f'<table class="{"ruled" if style.ruled(bool(marks)) else "open"}">']
    if header_end:
        out.append("<thead>")
        for cells in header_cells(grid[:header_end]):
            out.append("<tr>" + "".join(_cell_html(c, header=True) for c in cells) + "</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for cells in grid[header_end:]:
        cells = cells + [""] * (width - len(cells))
        out.append("<tr>" + "".join(_cell_html(Cell(c)) for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _cell_html(cell: Cell, header: bool = False) -> str:
    spans = "".join(
        f' {name}="{value}"'
        for name, value in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
        if value > 1
    )
    kind = "h" if header else ("n" if _NUMBER.match(cell.text.strip()) else "t")
    return f'<td class="{kind}"{spans}>{html.escape(cell.text)}</td>'


def _para_html(text: str, centred: bool) -> str:
    kind = "c" if centred else "p"
    return f'<p class="{kind}">{html.escape(text)}</p>'


_STYLE = """
@page {{ size: A4; margin: 22mm 20mm 24mm 20mm; }}
@page wide {{ size: A4 landscape; margin: 16mm 14mm 20mm 14mm; }}
html {{ font-family: "{font}"; font-size: 10.5pt; line-height: 1.55; color: #000; }}
body {{ margin: 0; }}
section {{ break-before: page; }}
section:first-child {{ break-before: auto; }}
section.wide {{ page: wide; }}
.pb {{ break-before: page; }}
p {{ margin: 0 0 0.35em 0; }}
p.p {{ text-indent: 2em; text-align: justify; }}
p.c {{ text-align: center; font-size: 14pt; font-weight: bold; margin: 0.4em 0; }}
p.cover {{ text-align: center; font-size: 20pt; margin: 2.5em 0 1em; }}
p.tn {{ margin: 0; }}
div.meta {{ display: flex; justify-content: space-between; font-size: 9pt;
           margin: 0.3em 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8pt; line-height: 1.3;
         margin: 0 0 0.8em 0; }}
tr {{ break-inside: avoid; }}
td {{ padding: 2pt 3pt; vertical-align: middle; }}
table.ruled td {{ border: 0.6pt solid #000; }}
table.open td {{ border-top: 0.6pt solid #000; border-bottom: 0.6pt solid #000; }}
td.h {{ text-align: center; font-weight: bold; }}
td.n {{ text-align: right; white-space: nowrap; }}
"""


def document_html(text: str, style: PageStyle = PageStyle()) -> str:
    """The whole document as one HTML page, ready to print to A4.

    >>> page = document_html("表 1\\n单位收支总体情况表\\n\\n项目\\t预算数\\n合计\\t1.00\\n")
    >>> '<p class="tn">表 1</p>' in page and '<td class="n">1.00</td>' in page
    True
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: list[tuple[bool, list[str]]] = [(False, [])]
    seen: set[str] = set()
    after_table_no = False
    metas_in_section = 0
    cover = True
    for block in _blocks(lines):
        first = block.lines[0].strip()
        body = sections[-1][1]
        if block.kind == "para" and (
            _TABLE_NO.match(first) or (_PART.match(first) and first in seen)
        ):
            sections.append((False, []))
            body = sections[-1][1]
            metas_in_section = 0
            cover = False
        if block.kind == "para" and first == "目 录":
            body.append('<div class="pb"></div>')
            cover = False
        if block.kind == "table":
            if max(len(r.split("\t")) for r in block.lines) >= WIDE_COLUMNS:
                sections[-1] = (True, body)
            body.append(_table_html(block.lines, style))
        elif block.kind == "meta":
            metas_in_section += 1
            if metas_in_section > 1:
                body.append('<div class="pb"></div>')
            unit, money = (html.escape(t.strip()) for t in block.lines)
            body.append(f'<div class="meta"><span>{unit}</span><span>{money}</span></div>')
        elif _TABLE_NO.match(first):
            body.append(f'<p class="tn">{html.escape(first)}</p>')
        elif cover:
            body.append(f'<p class="cover">{html.escape(first)}</p>')
        else:
            centred = (
                after_table_no or first.endswith("绩效目标表") or bool(_YEAR_LINE.match(first))
            )
            body.append(_para_html(block.lines[0], centred))
        after_table_no = block.kind == "para" and bool(_TABLE_NO.match(first))
        seen.add(first)
    parts = [
        f"<section{' class=wide' if wide else ''}>\n" + "\n".join(body) + "\n</section>"
        for wide, body in sections
        if body
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>{_STYLE.format(font=style.font)}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )
