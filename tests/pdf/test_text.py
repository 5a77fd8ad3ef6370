"""Characters → lines of text: spaces at wide gaps, lines split at very wide ones, page
numbers dropped, radical glyphs unified."""

from __future__ import annotations

from pipeline.pdf import convert_pdf
from pipeline.pdf.glyphs import equivalents, unify
from pipeline.pdf.lines import text_lines
from pipeline.text import fold
from tests.pdf import handmade

_UNIFIED = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF))


def glyphs(text: str, x: float, top: float, size: float = 10.0, gap: float = 0.0) -> list[dict]:
    """Characters of `text` set left to right from x, `gap` apart."""
    chars = []
    for char in text:
        chars.append(
            {
                "text": char,
                "x0": x,
                "x1": x + size,
                "top": top,
                "bottom": top + size,
                "size": size,
                "upright": True,
            }
        )
        x += size + gap
    return chars


def test_a_line_with_a_wide_gap_becomes_two_lines_of_one_top():
    chars = glyphs("编制单位：本单位", 57, 98) + glyphs("单位：万元", 480, 98.4)
    lines = text_lines(chars, 3, 842)
    assert [(line.text, line.piece, line.top) for line in lines] == [
        ("编制单位：本单位", True, 98),
        ("单位：万元", True, 98),
    ]


def test_a_gap_of_a_space_is_a_space_and_a_gap_of_a_glyph_is_not():
    chars = glyphs("项目", 57, 100) + glyphs("1", 80, 100) + glyphs("3.69", 92.5, 100)
    assert [line.text for line in text_lines(chars, 1, 842)] == ["项目 1 3.69"]


def test_page_numbers_in_the_footer_are_dropped_and_elsewhere_kept():
    chars = (
        glyphs("- 7 -", 280, 800)
        + glyphs("第 3 页", 280, 820)
        + glyphs("12", 300, 400)
        + glyphs("注：见表 7", 57, 790)
    )
    assert [line.text for line in text_lines(chars, 7, 842)] == ["12", "注：见表 7"]


def test_every_radical_maps_to_a_unified_ideograph_that_folding_keeps():
    table = equivalents()
    assert len(table) == 348
    for radical, ideograph in table.items():
        # the unified blocks (Python 3.11 knows Unicode 14: U+2B739 of Extension C's
        # Unicode 15 additions has no name yet)
        assert any(first <= ideograph <= last for first, last in _UNIFIED), hex(radical)
        assert fold(chr(ideograph)) == chr(ideograph)  # the parser's NFKC leaves it


def test_radicals_chromium_writes_for_noto_cjk_read_as_the_ideographs():
    assert unify("⾏政运⾏ ⻔诊 ⺠⽣ ⻅证 ⻋辆 住⼾") == "行政运行 门诊 民生 见证 车辆 住户"
    assert unify("1,234.56 万元") == "1,234.56 万元"


def test_text_drawn_outside_the_page_is_not_read(tmp_path):
    path = tmp_path / "ghost.pdf"
    path.write_bytes(handmade.outside_the_page())
    assert convert_pdf(path).text.split() == ["Hello"]
