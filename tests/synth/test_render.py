"""The renderer writes the real document's template, and every variant reads back the same."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse.sections import find_layout
from pipeline.reader import read_document
from pipeline.synth.expected import expected_records
from pipeline.synth.model import generate_budget
from pipeline.synth.render import (
    HEADER_7_NEXT,
    HEADERS,
    RenderVariant,
    render_document,
    render_lines,
    write_document,
)
from pipeline.text import clean_name, fold
from tests.helpers import render_variants

REAL = Path("data/raw/kashgar-admin-office_2024_budget.txt")
REAL_UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"
REAL_LINES = REAL.read_text(encoding="utf-8").split("\n")
UNIT = "合成测试单位0007（synthetic）"

variants = render_variants(40, presentation=False)  # the same lines, differently printed


def budget(seed: int = 7, year: int = 2024):
    return generate_budget(random.Random(seed), UNIT, year)


def real(first: int, last: int) -> list[str]:
    """Lines `first`..`last` (1-based, inclusive) of the shipped document."""
    return REAL_LINES[first - 1 : last]


def test_header_blocks_are_the_real_documents():
    # header blocks of tables 1–11 in the shipped file, lines checked by eye
    spans = {
        "income_expenditure_summary": (80, 81),
        "income_by_function": (122, 124),
        "expenditure_by_function": (160, 163),
        "fiscal_summary": (191, 192),
        "general_budget_by_function": (233, 236),
        "basic_by_economic_class": (264, 267),
        "project_expenditure": (304, 306),
        "government_fund_expenditure": (341, 344),
        "state_capital_expenditure": (356, 359),
        "sangong": (371, 373),
        "carryover": (389, 392),
    }
    for role, (first, last) in spans.items():
        assert list(HEADERS[role]) == real(first, last), role
    assert list(HEADER_7_NEXT) == real(328, 330)  # table 7 after its page break
    assert list(HEADERS["income_by_function"]) == real(144, 146)  # table 2 after its break


def test_cover_and_contents_match_the_real_document_line_for_line():
    lines = render_lines(budget()).lines
    expected = [line.replace(REAL_UNIT, UNIT) for line in real(1, 61)]
    assert lines[:61] == expected


def test_fixed_rows_of_tables_1_4_10_11_match_the_real_document():
    lines = render_lines(budget()).lines

    def block(title: str, rows: int, offset: int) -> list[list[str]]:
        start = lines.index(title) + offset
        return [line.split("\t") for line in lines[start : start + rows]]

    ours = block("单位收支总体情况表", 31, 8)
    theirs = [line.split("\t") for line in real(82, 112)]
    assert [(r[0], r[2]) for r in ours] == [(r[0], r[2]) for r in theirs]
    assert [len(r) for r in ours] == [len(r) for r in theirs]
    ours = block("财政拨款收支预算总体情况表", 31, 8)
    theirs = [line.split("\t") for line in real(193, 223)]
    assert [(r[0], r[2], len(r)) for r in ours] == [(r[0], r[2], len(r)) for r in theirs]
    ours = block("财政拨款“三公”经费支出情况表", 6, 9)
    theirs = [line.split("\t") for line in real(374, 379)]
    assert [(r[0], len(r)) for r in ours] == [(r[0], len(r)) for r in theirs]


def test_row_shapes_match_the_real_document():
    """Same number of cells per row, and codes split into 类/款/项 cells, as in the real one."""
    lines = render_lines(budget()).lines
    for title, real_row in (
        ("单位收入总体情况表", 128),
        ("单位支出总体情况表", 167),
        ("一般公共预算支出情况表", 240),
        ("一般公共预算基本支出情况表", 270),
        ("一般公共预算项目支出情况表", 311),
        ("上年结转结余情况明细表", 393),
    ):
        start = lines.index(title)
        row = next(
            line
            for line in lines[start:]
            if re.match(r"^(\d|\t|总计)", line)
            and "※" not in line
            and not line.startswith("\t\t\t人员")
            and not line.startswith("\t\t合计")
        )
        assert len(row.split("\t")) == len(REAL_LINES[real_row - 1].split("\t")), title


def test_narrative_sentences_follow_the_real_patterns():
    b = budget(9)  # a unit whose figures fall where the real one's do (减少 … 下降)
    text = render_document(b)

    def skeleton(line: str) -> str:
        line = line.replace(REAL_UNIT, "U").replace(UNIT, "U")
        line = re.sub(r"\d[\d,.]*", "N", line)
        return line.split("主要原因是")[0]

    ours = {skeleton(line) for line in text.split("\n")}
    for number in (
        401,
        409,
        427,
        435,
        439,
        447,
        480,
        486,
        682,
        690,
        694,
        696,
        700,
        702,
        704,
        706,
        708,
        710,
        712,
    ):
        assert skeleton(REAL_LINES[number - 1]) in ours, number
    # the 项 sentence of section 五(三), line 462, with its structure
    head = "N、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）："
    assert any(s.startswith(head + "N 年预算数为 N 万元，比上年预算") for s in ours)


def _layout_signature(layout):
    return (
        layout.unit,
        layout.year,
        {n: (t.title, t.span.start, t.span.end) for n, t in layout.tables.items()},
        {k: (s.start, s.end) for k, s in layout.narrative_sections.items()},
        [(kind, s.start, s.end) for kind, s in layout.performance],
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), variants)
def test_every_variant_reads_back_to_the_same_layout(tmp_path, seed, variant):
    b = budget(seed, 2019 + seed % 8)
    plain = RenderVariant(page_rows=variant.page_rows)
    path_plain = write_document(tmp_path / "plain.txt", render_document(b, variant=plain), plain)
    path = write_document(tmp_path / "variant.txt", render_document(b, variant=variant), variant)
    doc = read_document(path)
    assert doc.encoding == ("gb18030" if variant.encoding == "gb18030" else "utf-8")
    layout = find_layout(doc)
    assert layout.unit == clean_name(UNIT) and layout.year == b.year
    assert _layout_signature(layout) == _layout_signature(find_layout(read_document(path_plain)))
    assert [fold(line).replace(" ", "").replace(",", "") for line in doc.lines] == [
        fold(line).replace(" ", "").replace(",", "") for line in read_document(path_plain).lines
    ]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), variants)
def test_oracle_lines_hold_the_values_it_expects(seed, variant):
    """Each expected record's line, as rendered, prints the record's amount."""
    b = budget(seed)
    lines = render_document(b, variant=variant).replace("\r\n", "\n").split("\n")
    expected = expected_records(b, variant)

    def printed(line: int) -> str:
        return fold(lines[line - 1]).replace(",", "")

    for row in expected["line_items"]:
        assert f"{row['amount']:.2f}" in printed(row["line"]).split("\t"), row
    for row in expected["narrative_changes"]:
        assert f"{abs(row['change']):.2f} 万元" in printed(row["line"]), row
        assert f"{abs(row['change_pct']):.2f}%" in printed(row["line"]), row
        assert f"{row['amount']:.2f} 万元" in printed(row["amount_line"] or row["line"]), row
    for row in expected["narrative_shares"]:
        assert f"{row['share_pct']:.2f}%" in printed(row["line"]), row
    for row in expected["projects"]:
        assert clean_name(printed(row["line"])).endswith(row["project"])
    for row in expected["project_allocations"]:
        assert f"{row['item']} {row['amount']:.2f} 万元" in printed(row["line"])
    for row in expected["performance_indicators"]:
        assert clean_name(printed(row["line"]).split("\t")[2]) == row["indicator"]


def test_page_rows_repeat_the_header_block():
    b = budget(11)
    lines = render_document(b, variant=RenderVariant(page_rows=3)).split("\n")
    assert lines.count(f"编制单位：{UNIT}") > 20
    table_3 = lines.index("单位支出总体情况表")
    block = lines[table_3 : lines.index("表 4")]
    header = HEADERS["expenditure_by_function"]
    assert block.count(header[1]) == -(
        -sum(1 for x in block if x.count("\t") == 6 and x not in header) // 3
    )


def test_default_page_breaks_are_the_real_documents():
    """Table 2 breaks after 14 rows and repeats 编制单位, 单位 and its header (lines 138–146)."""
    b = next(b for b in map(budget, range(200)) if len(b.lines) >= 8)
    lines = render_lines(b).lines
    table_2 = HEADERS["income_by_function"]
    header = lines.index(table_2[2], lines.index("单位收入总体情况表"))
    after = lines[header + 15 : header + 23]
    assert after == ["", f"编制单位：{UNIT}", "", "单位：万元", "", *table_2]
    assert lines[header + 14].count("\t") == 15


def test_stray_spaces_only_between_cjk_characters():
    b = budget(3)
    spaced = render_document(b, variant=RenderVariant(stray_spaces=True))
    plain = render_document(b)
    assert len(spaced.split("\n")) == len(plain.split("\n"))
    names = [
        line.split("：", 1)[1]
        for line in spaced.split("\n")
        if line.startswith("（") and "项目名称：" in line
    ]
    assert len(names) == len(b.projects)
    for name, project in zip(names, b.projects, strict=True):
        assert name != project.name and " " in name
        assert clean_name(name) == project.name
        assert not re.search(r"[A-Za-z0-9] [A-Za-z0-9]", name)


def test_encodings_and_line_ends(tmp_path):
    b = budget(9)
    for variant in (
        RenderVariant(encoding="utf-8-sig", crlf=True),
        RenderVariant(encoding="gb18030"),
    ):
        path = write_document(tmp_path / "x.txt", render_document(b, variant=variant), variant)
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == (variant.encoding == "utf-8-sig")
        assert (b"\r\n" in data) == variant.crlf
        assert not list(tmp_path.glob(".*tmp")), "no temp file left behind"
