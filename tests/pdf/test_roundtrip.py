"""Printed PDFs convert back to text the parser reads to the same records as the text they
were printed from: the shipped document and synthetic ones, TrueType (CID Identity-H with
ToUnicode) and Type 3 fonts, ruled tables and tables with horizontal rules only, tables
continued on later pages, landscape pages, page-number footers."""

from __future__ import annotations

import re

import pdfplumber
import pypdfium2
import pytest

from pipeline.parse import parse_document
from pipeline.pdf import convert_many
from pipeline.pdf.glyphs import unify
from pipeline.reader import RawDocument
from pipeline.text import is_number
from tests.pdf.conftest import DOCUMENTS
from tests.pdf.records import differences

_RADICALS = re.compile("[\u2e80-\u2fdf\u31c0-\u31ef]")
_SPACE = re.compile(r"\s+")


def document(text: str, source: str) -> RawDocument:
    return RawDocument(source, tuple(text.replace("\r\n", "\n").split("\n")), "0" * 64, "utf-8")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdf_parses_to_the_records_of_its_text(name, texts, converted):
    want = parse_document(document(texts[name], f"{name}.txt")).records
    got = parse_document(document(converted(name).text, f"{name}.pdf")).records
    assert sum(map(len, want.values())) > 300  # a whole document, not a fragment
    assert differences(want, got) == []


@pytest.mark.parametrize("name", ["shipped-truetype", "synth-pages", "shipped-open"])
def test_every_line_names_the_page_it_is_printed_on(name, printed, converted):
    conversion = converted(name)
    lines = conversion.text.split("\n")
    assert len(conversion.pages) == len(lines)
    assert list(conversion.pages) == sorted(conversion.pages)
    assert conversion.pages[-1] == conversion.page_count
    pdf = pypdfium2.PdfDocument(printed[name])  # PDFium's text: another reader, and fast
    try:
        page_text = [_SPACE.sub("", unify(page.get_textpage().get_text_range())) for page in pdf]
    finally:
        pdf.close()
    checked = 0
    for text, page in zip(lines, conversion.pages, strict=True):
        if "\t" in text:  # every amount of a table row is printed on the row's page
            for cell in text.split("\t"):
                if is_number(cell) and "." in cell:
                    assert cell.strip() in page_text[page - 1], (text, page)
                    checked += 1
        elif text:  # a paragraph begins on its line's page
            assert _SPACE.sub("", text)[:12] in page_text[page - 1], (text, page)
    assert checked > 200


def test_table_continued_on_a_second_page_goes_on_in_the_text(converted):
    """Table 2 of the shipped document breaks after 14 rows onto a second landscape page,
    which repeats 编制单位 and the header: the rows read on from the first page's."""
    conversion = converted("shipped-truetype")
    lines = conversion.text.split("\n")
    start, end = lines.index("表 2"), lines.index("表 3")
    page = conversion.pages[start]
    assert {conversion.pages[n] for n in range(start, end) if "\t" in lines[n]} == {page, page + 1}
    continued = next(n for n in range(start, end) if lines[n].startswith("210\t11\t03\t"))
    assert conversion.pages[continued] == page + 1  # line 147 of the text, on page 2 of 表2
    assert lines[continued].split("\t")[3:5] == ["公务员医疗补助", "12.37"]


def test_radical_glyphs_of_type3_fonts_become_ideographs(printed, converted):
    with pdfplumber.open(printed["shipped-type3"]) as pdf:
        raw = "".join(page.extract_text() for page in pdf.pages[:4])
    assert _RADICALS.search(raw)  # what Chromium's Type 3 ToUnicode maps say
    assert not _RADICALS.search(converted("shipped-type3").text)
    assert "行政运行" in converted("shipped-type3").text


def test_page_numbers_are_not_text(converted):
    assert not re.search(r"^-\s*\d+\s*-$", converted("shipped-truetype").text, re.MULTILINE)


def test_child_processes_convert_as_this_process_does(printed, converted):
    names = ["shipped-truetype", "synth-open"]
    results = list(convert_many([(printed[n], f"{n}.pdf") for n in names], workers=2))
    for name, result in zip(names, results, strict=True):
        assert (result.text, result.pages) == (converted(name).text, converted(name).pages)
