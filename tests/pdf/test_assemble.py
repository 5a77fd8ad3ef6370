"""Reading order, paragraphs and tables across lines and pages: the rules of
pipeline.pdf.assemble on lines and tables placed by hand, and a property test that wrapped
and paginated paragraphs come back whole."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.pdf.assemble import assemble, opens_item
from pipeline.pdf.lines import Line
from pipeline.pdf.tables import Table

A4 = (595.0, 842.0)
LEFT, RIGHT, SIZE, STEP = 57.0, 539.0, 10.5, 16.0


def line(
    page: int,
    row: int,
    text: str,
    indent: float = 0.0,
    end: float = RIGHT,
    size: float = SIZE,
    piece: bool = False,
) -> Line:
    top = 60 + row * STEP
    return Line(page, LEFT + indent, end, top, top + size, size, text, piece)


def table(page: int, row: int, rows: list[tuple[str, ...]]) -> Table:
    top = 60 + row * STEP
    return Table(page, (LEFT, top, RIGHT, top + STEP * len(rows)), tuple(rows))


def text_of(pages: list[list], sizes=None) -> list[str]:
    lines, _ = assemble(pages, sizes or [A4] * len(pages))
    return [text for text in lines if text]


def test_wrapped_lines_join_and_an_indented_line_opens_a_paragraph():
    page = [
        line(1, 0, "按照全口径预算的原则，", indent=21),
        line(1, 1, "所有收入和支出均纳入。", end=300),
        line(1, 2, "收入预算包括：一般公共预算", indent=21, end=400),
    ]
    assert text_of([page]) == [
        "按照全口径预算的原则，所有收入和支出均纳入。",
        "收入预算包括：一般公共预算",
    ]


def test_a_paragraph_goes_on_across_a_page_break():
    first = [line(1, 0, "说明", indent=21), line(1, 40, "2024 年预算数为", end=RIGHT)]
    second = [line(2, 0, "1,601.08 万元。", end=200)]
    lines, pages = assemble([first, second], [A4, A4])
    assert [t for t in lines if t] == ["说明", "2024 年预算数为1,601.08 万元。"]
    assert pages[lines.index("2024 年预算数为1,601.08 万元。")] == 1


def test_a_line_that_opens_an_item_never_joins():
    page = [
        line(1, 0, "设立的政策依据：根据三定方案", indent=21),
        line(1, 1, "（二）项目名称：军民共建", end=300),
        line(1, 2, "1、一般公共服务支出（类）", end=RIGHT),
        line(1, 3, "表 3", end=80),
    ]
    assert text_of([page]) == [
        "设立的政策依据：根据三定方案",
        "（二）项目名称：军民共建",
        "1、一般公共服务支出（类）",
        "表 3",
    ]


def test_short_lines_pieces_and_other_sizes_do_not_join():
    page = [
        line(1, 0, "预算安排规模：6.72 万元", indent=21, end=250),
        line(1, 1, "项目承担单位：本单位", end=RIGHT),
        line(1, 2, "编制单位：本单位", end=150, piece=True),
        line(1, 2, "单位：万元", indent=430, piece=True),
        line(1, 3, "一般公共预算支出情况表", end=RIGHT, size=14),
        line(1, 4, "续", end=100),
    ]
    assert text_of([page]) == [
        "预算安排规模：6.72 万元",
        "项目承担单位：本单位",
        "编制单位：本单位",
        "单位：万元",
        "一般公共预算支出情况表",
        "续",
    ]


def test_lines_far_apart_on_a_page_do_not_join():
    page = [line(1, 0, "资金执行时间：2024 年 1 月 1 日", end=RIGHT), line(1, 5, "说明完毕")]
    assert text_of([page]) == ["资金执行时间：2024 年 1 月 1 日", "说明完毕"]


def test_numbers_on_two_lines_keep_a_space():
    page = [line(1, 0, "生活补助项目（自治区）1", indent=21), line(1, 1, "3.69 万元", end=200)]
    assert text_of([page]) == ["生活补助项目（自治区）1 3.69 万元"]


def test_a_table_goes_on_at_the_top_of_the_next_page_without_a_break():
    first = [line(1, 0, "表 2", end=80), table(1, 2, [("类", "合计"), ("201", "1.00")])]
    second = [
        table(2, 0, [("202", "2.00")]),
        line(2, 3, "表 3", end=80),
        table(2, 5, [("项目", "合计", "基本支出")]),
    ]
    lines, pages = assemble([first, second], [A4, A4])
    assert lines == [
        "表 2",
        "",
        "类\t合计",
        "201\t1.00",
        "202\t2.00",
        "",
        "表 3",
        "",
        "项目\t合计\t基本支出",
        "",
    ]
    assert pages[3:5] == [1, 2]


def test_a_different_table_at_the_top_of_the_next_page_is_a_new_table():
    first = [table(1, 0, [("类", "合计")])]
    second = [table(2, 0, [("项目", "合计", "基本支出")])]
    assert assemble([first, second], [A4, A4])[0] == ["类\t合计", "", "项目\t合计\t基本支出", ""]


def test_edges_of_the_text_block_are_taken_per_page_size():
    """On a landscape page the right edge is further right: a portrait line ending there
    would reach it, a landscape one ending at the portrait edge does not."""
    landscape = (842.0, 595.0)
    wide = [
        line(1, 0, "横向页面的第一行", end=790),
        line(1, 1, "到此为止", end=RIGHT),
        line(1, 2, "另一行"),
    ]
    assert text_of([wide], [landscape]) == ["横向页面的第一行到此为止", "另一行"]


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_TEXT = st.text(
    st.one_of(_CJK, st.sampled_from("0123456789，。、万元.%")), min_size=1, max_size=200
)


@settings(max_examples=80, deadline=None)
@given(
    paragraphs=st.lists(_TEXT, min_size=1, max_size=12),
    width=st.integers(min_value=12, max_value=40),
    per_page=st.integers(3, 30),
)
def test_wrapped_and_paginated_paragraphs_come_back_whole(paragraphs, width, per_page):
    """Paragraphs typeset like the renderer does (first line indented two characters,
    every full line reaching the right edge), cut into pages, read back one a line."""
    printed: list[tuple[str, float, float]] = []
    for text in paragraphs:
        assume(not opens_item(text) and not text[0].isspace())
        rest, first = text, True
        while rest:
            room = width - 2 if first else width
            chunk, rest = rest[:room], rest[room:]
            assume(first or not opens_item(chunk))
            assume(not (rest and chunk[-1].isascii() and rest[0].isascii()))  # no space
            indent = 2 * SIZE if first else 0.0
            end = LEFT + indent + len(chunk) * SIZE
            printed.append((chunk, indent, end))
            first = False
    right = LEFT + width * SIZE
    pages: list[list] = []
    for number, start in enumerate(range(0, len(printed), per_page), start=1):
        pages.append(
            [
                Line(
                    number, LEFT + indent, end, 60 + row * STEP, 60 + row * STEP + SIZE, SIZE, chunk
                )
                for row, (chunk, indent, end) in enumerate(printed[start : start + per_page])
            ]
        )
    pages[0].insert(0, Table(1, (LEFT, 20, right, 40), (("项目", "合计"),)))  # the margins
    sizes = [(right + 40, 842.0)] * len(pages)
    assert text_of(pages, sizes) == ["项目\t合计", *paragraphs]
