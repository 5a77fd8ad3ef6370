"""The HTML a document's text is printed from: merged header cells, landscape pages for wide
tables, a new page where the text shows a table continued, every character kept."""

from __future__ import annotations

import html
import re

import pytest

from pipeline.synth.html import PageStyle, document_html, header_cells
from pipeline.synth.render import HEADERS
from tests.helpers import RAW

TEXT = RAW.read_text(encoding="utf-8")


def spans(header: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    grid = header_cells([row.split("\t") for row in header])
    return {cell.text: (cell.colspan, cell.rowspan) for row in grid for cell in row if cell.text}


def test_table_2_header_merges_its_group_cells():
    merged = spans(HEADERS["income_by_function"])  # 表2, lines 120–122 of the shipped text
    assert merged["功能分类科目编码"] == (3, 1)
    assert merged["功能分类科目名称"] == (1, 2)
    assert merged["财政拨款（补助）"] == (6, 1)
    assert merged["财政专户（教育收费）"] == (1, 2)
    assert merged["类"] == merged["上级国有资本经营预算安排的转移支付"] == (1, 1)


def test_table_11_header_merges_three_levels():
    merged = spans(HEADERS["carryover"])  # 表11
    assert merged["项目名称"] == merged["总计"] == (1, 3)
    assert merged["财政拨款"] == (4, 1)
    assert merged["基本支出"] == (2, 1)


def test_merged_cells_cover_every_position_once():
    for header in HEADERS.values():
        rows = [row.split("\t") for row in header]
        width = max(map(len, rows))
        covered = [[0] * width for _ in rows]
        for r, printed in enumerate(header_cells(rows)):
            column = 0
            for cell in printed:
                while covered[r][column]:
                    column += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered[r + dr][column + dc] += 1
                column += cell.colspan
        assert all(count == 1 for row in covered for count in row), header


def test_wide_tables_print_on_landscape_pages():
    page = document_html(TEXT)
    sections = re.findall(r"<section( class=wide)?>\n(.*?)\n</section>", page, re.DOTALL)
    wide = [
        re.search(r'<p class="tn">(表 \d+)</p>', body).group(1) for kind, body in sections if kind
    ]
    assert wide == ["表 2", "表 7"]


def test_a_table_the_text_continues_starts_a_new_page():
    page = document_html(TEXT)
    table_2 = page[page.index("表 2</p>") : page.index("表 3</p>")]
    assert table_2.count('<div class="meta">') == 2
    assert table_2.count('<div class="pb"></div>') == 1
    assert table_2.index('<div class="pb"></div>') < table_2.rindex('<div class="meta">')


def test_the_page_prints_every_character_of_the_text_and_nothing_else():
    body = document_html(TEXT).split("<body>", 1)[1]
    printed = html.unescape(re.sub(r"<[^>]+>", "", body))
    assert re.sub(r"\s+", "", printed) == re.sub(r"\s+", "", TEXT)


def test_vertical_rules_can_be_left_off():
    assert 'class="open"' not in document_html(TEXT)
    numbered_open = document_html(TEXT, PageStyle(vertical_rules="unnumbered"))
    assert numbered_open.count('class="open"') == 11  # 2 and 7 twice (continued), 3, 5, 6, 8–11
    assert 'class="ruled"' in numbered_open  # tables 1 and 4, performance tables
    with pytest.raises(ValueError):
        PageStyle(vertical_rules="some")
