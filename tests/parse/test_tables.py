"""Tables 表1–表11: golden values read by hand from the real document, and variants of it.

Golden values cite the line of data/raw/kashgar-admin-office_2024_budget.txt they were read
from.  Variants are made by editing the real text (full-width digits, no thousands
separators, other page breaks, stray spaces, broken cells and headers) and must either give
the same records or fail with a ParseError naming the file and line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline.errors import ParseError
from pipeline.parse.sections import find_layout
from pipeline.parse.tables import parse_tables
from pipeline.reader import read_document
from pipeline.schema import TABLES, schema_of
from pipeline.text import fold

REAL = Path(__file__).resolve().parents[2] / "data/raw/kashgar-admin-office_2024_budget.txt"
REAL_TEXT = REAL.read_text(encoding="utf-8")
SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"
# Table blocks by hand: "表 N" line to the line before the next "表" (or the 第三部分 heading).
BLOCKS = {
    1: (72, 113),
    2: (114, 151),
    3: (152, 182),
    4: (183, 224),
    5: (225, 255),
    6: (256, 295),
    7: (296, 332),
    8: (333, 347),
    9: (348, 362),
    10: (363, 380),
    11: (381, 396),
}
TABLE_LINES = (72, 396)


def parse_text(tmp_path: Path, text: str, name: str = "variant.txt") -> dict[str, list[dict]]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    doc = read_document(path, name)
    return parse_tables(doc, find_layout(doc))


def edit_lines(edits: dict[int, str | None], text: str = REAL_TEXT) -> str:
    """The real text with 1-based lines replaced (None deletes the line)."""
    lines = text.split("\n")
    for number in sorted(edits, reverse=True):
        replacement = edits[number]
        if replacement is None:
            del lines[number - 1]
        else:
            lines[number - 1] = replacement
    return "\n".join(lines)


def edit_tables(transform, text: str = REAL_TEXT) -> str:
    """The real text with `transform` applied to every line of the table part."""
    lines = text.split("\n")
    start, end = TABLE_LINES
    lines[start - 1 : end] = [transform(line) for line in lines[start - 1 : end]]
    return "\n".join(lines)


def line(number: int) -> str:
    return REAL_TEXT.split("\n")[number - 1]


def keyed(items: list[dict], with_line: bool = True) -> list[tuple]:
    return sorted(
        (
            i["table_no"],
            i["line"] if with_line else 0,
            i["side"] or "",
            i["code"] or "",
            i["item"],
            i["parent"] or "",
            i["project"] or "",
            i["measure_path"],
            i["column_no"] or 0,
            i["amount"],
        )
        for i in items
    )


@pytest.fixture(scope="module")
def real() -> dict[str, list[dict]]:
    doc = read_document(REAL, SOURCE)
    return parse_tables(doc, find_layout(doc))


def cell(
    real: dict,
    table: int,
    line_no: int,
    measure_path: str,
    side: str | None = None,
) -> dict:
    found = [
        i
        for i in real["line_items"]
        if i["table_no"] == table
        and i["line"] == line_no
        and i["measure_path"] == measure_path
        and i["side"] == side
    ]
    assert len(found) == 1, (table, line_no, measure_path, found)
    return found[0]


# ---------------------------------------------------------------- golden: the real document


def test_every_amount_cell_is_one_line_item(real):
    # A plain scan of each block: cells printed like 5,069.86 or 0.78 (the ※ numbers and
    # the codes have no decimals).  Counts checked by eye against the text as well.
    amount = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")
    lines = REAL_TEXT.split("\n")
    for table, (start, end) in BLOCKS.items():
        scanned = sum(
            1
            for text in lines[start - 1 : end]
            for c in text.split("\t")
            if amount.match(c.strip())
        )
        parsed = [i for i in real["line_items"] if i["table_no"] == table]
        assert len(parsed) == scanned, table
        assert all(start <= i["line"] <= end for i in parsed)
    counts = {t["table_no"]: t["cell_count"] for t in real["tables"]}
    assert counts == {1: 13, 2: 62, 3: 39, 4: 13, 5: 39, 6: 55, 7: 37, 8: 0, 9: 0, 10: 6, 11: 9}
    assert len(real["line_items"]) == 273


def test_tables_rows(real):
    rows = {t["table_no"]: t for t in real["tables"]}
    assert sorted(rows) == list(range(1, 12))
    # data rows: table 1 lines 82–112, table 2 lines 125–138 and 147–150 (page break 139–146),
    # table 6 lines 268–294, table 7 lines 307–322 and 331, table 10 lines 374–379 …
    assert {n: r["row_count"] for n, r in rows.items()} == {
        1: 31,
        2: 18,
        3: 18,
        4: 31,
        5: 18,
        6: 27,
        7: 17,
        8: 0,
        9: 0,
        10: 6,
        11: 3,
    }
    assert {n: r["line"] for n, r in rows.items()} == {
        1: 74,
        2: 116,
        3: 154,
        4: 185,
        5: 227,
        6: 258,
        7: 298,
        8: 335,
        9: 350,
        10: 365,
        11: 383,
    }
    assert rows[1]["table_title"] == "单位收支总体情况表"
    assert rows[10]["table_title"] == "财政拨款“三公”经费支出情况表"
    # lines 346 and 361
    assert rows[8]["note"].endswith(
        "2024年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
    )
    assert rows[9]["note"].endswith("国有资本经营预算支出情况表为空表。")
    assert all(rows[n]["note"] is None for n in (1, 2, 3, 4, 5, 6, 7, 10, 11))


def test_table1_income_and_expenditure(real):
    # line 84: 其中：一般财力 5,059.45
    c = cell(real, 1, 84, "收入/预算数", "income")
    assert (c["item"], c["parent"], c["amount"]) == (
        "一般财力",
        "一般公共预算拨款",
        Decimal("5059.45"),
    )
    assert (c["code"], c["level"], c["classification"], c["column_no"]) == (None, None, None, None)
    # line 82: 一、本年收入 5,066.17 | 201 一般公共服务支出 4,571.19
    c = cell(real, 1, 82, "收入/预算数", "income")
    assert (c["item"], c["parent"], c["amount"]) == ("本年收入", None, Decimal("5066.17"))
    c = cell(real, 1, 82, "支出/预算数", "expenditure")
    assert (c["code"], c["level"], c["item"], c["amount"], c["classification"]) == (
        "201",
        1,
        "一般公共服务支出",
        Decimal("4571.19"),
        "functional",
    )
    # line 85: 上级一般公共预算安排转移支付 6.72 (under 1. 一般公共预算拨款)
    c = cell(real, 1, 85, "收入/预算数", "income")
    assert (c["item"], c["parent"], c["amount"]) == (
        "上级一般公共预算安排转移支付",
        "一般公共预算拨款",
        Decimal("6.72"),
    )
    # line 89: 208 社会保障和就业支出 281.68; line 101: 221 住房保障支出 136.44
    c = cell(real, 1, 89, "支出/预算数", "expenditure")
    assert (c["code"], c["item"], c["amount"]) == ("208", "社会保障和就业支出", Decimal("281.68"))
    assert cell(real, 1, 101, "支出/预算数", "expenditure")["amount"] == Decimal("136.44")
    # lines 99–101: 二、上年结转结余 3.69 / 1. 财政拨款结转 3.69 / 其中：一般公共预算拨款 3.69
    assert [
        (i["item"], i["parent"])
        for i in real["line_items"]
        if i["table_no"] == 1 and i["side"] == "income" and 99 <= i["line"] <= 101
    ] == [
        ("上年结转结余", None),
        ("财政拨款结转", "上年结转结余"),
        ("一般公共预算拨款", "财政拨款结转"),
    ]
    # line 112: 收入总计 5,069.86 | 支出总计 5,069.86
    c = cell(real, 1, 112, "收入/预算数", "income")
    assert (c["item"], c["amount"], c["code"]) == ("收入总计", Decimal("5069.86"), None)
    c = cell(real, 1, 112, "支出/预算数", "expenditure")
    assert (c["item"], c["amount"], c["level"]) == ("支出总计", Decimal("5069.86"), None)


def test_table2_income_by_source(real):
    # line 128: 201 03 01 行政运行 … 财政拨款结转 (12 amount cells, 3.69 is the 11th)
    assert line(128).split("\t")[4 + 10] == "3.69"
    c = cell(real, 2, 128, "财政拨款结转")
    assert (c["code"], c["level"], c["item"], c["column_no"], c["amount"]) == (
        "2010301",
        3,
        "行政运行",
        11,
        Decimal("3.69"),
    )
    assert c["measure"] == "财政拨款结转" and c["classification"] == "functional"
    # line 125: 总计 5,069.86 | 5,066.17 | 5,059.45 | 6.72 | … | 3.69 (column 11)
    c = cell(real, 2, 125, "总计")
    assert (c["item"], c["code"], c["level"], c["column_no"], c["amount"]) == (
        "总计",
        None,
        None,
        1,
        Decimal("5069.86"),
    )
    c = cell(real, 2, 125, "财政拨款（补助）/财政拨款（补助）小计")
    assert (c["measure"], c["column_no"], c["amount"]) == (
        "财政拨款（补助）小计",
        2,
        Decimal("5066.17"),
    )
    assert cell(real, 2, 125, "财政拨款（补助）/一般公共预算")["amount"] == Decimal("5059.45")
    assert cell(real, 2, 125, "财政拨款结转")["amount"] == Decimal("3.69")
    # line 129: 一般行政管理事务 上级一般公共预算安排的转移支付 6.72 (column 4)
    c = cell(real, 2, 129, "财政拨款（补助）/上级一般公共预算安排的转移支付")
    assert (c["code"], c["column_no"], c["amount"]) == ("2010302", 4, Decimal("6.72"))
    # line 127: 20103 政府办公厅（室）及相关机构事务 4,571.19
    c = cell(real, 2, 127, "总计")
    assert (c["code"], c["level"], c["item"], c["amount"]) == (
        "20103",
        2,
        "政府办公厅（室）及相关机构事务",
        Decimal("4571.19"),
    )
    # line 147, after the page break: 210 11 03 公务员医疗补助 12.37
    c = cell(real, 2, 147, "财政拨款（补助）/一般公共预算")
    assert (c["code"], c["item"], c["amount"]) == ("2101103", "公务员医疗补助", Decimal("12.37"))
    # line 150: 2210201 住房公积金 136.44
    assert cell(real, 2, 150, "总计")["amount"] == Decimal("136.44")
    assert {i["line"] for i in real["line_items"] if i["table_no"] == 2} & set(
        range(139, 147)
    ) == set()


def test_table3_expenditure_by_kind(real):
    # line 168: 201 03 02 一般行政管理事务 2,966.42 | (blank) | 2,966.42
    c = cell(real, 3, 168, "支出预算/项目支出")
    assert (c["code"], c["item"], c["column_no"], c["amount"]) == (
        "2010302",
        "一般行政管理事务",
        3,
        Decimal("2966.42"),
    )
    assert not [
        i
        for i in real["line_items"]
        if i["table_no"] == 3 and i["line"] == 168 and i["measure"] == "基本支出"
    ]
    # line 164: 总计 5,069.86 | 2,103.44 | 2,966.42
    assert cell(real, 3, 164, "支出预算/基本支出")["amount"] == Decimal("2103.44")
    assert cell(real, 3, 164, "支出预算/合计")["amount"] == Decimal("5069.86")
    # line 172: 2080505 机关事业单位基本养老保险缴费支出 160.42
    c = cell(real, 3, 172, "支出预算/合计")
    assert (c["code"], c["item"], c["amount"]) == (
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        Decimal("160.42"),
    )


def test_table4_fiscal_grants(real):
    # line 193: 一、财政拨款（补助） 5,066.17 | 201 一般公共服务支出 4,567.50 | 4,567.50
    c = cell(real, 4, 193, "财政拨款收入/合计", "income")
    assert (c["item"], c["amount"], c["classification"]) == (
        "财政拨款（补助）",
        Decimal("5066.17"),
        None,
    )
    c = cell(real, 4, 193, "财政拨款支出/一般公共预算", "expenditure")
    assert (c["code"], c["item"], c["amount"], c["measure"]) == (
        "201",
        "一般公共服务支出",
        Decimal("4567.50"),
        "一般公共预算",
    )
    assert cell(real, 4, 193, "财政拨款支出/合计", "expenditure")["amount"] == Decimal("4567.50")
    # line 194: 一般公共预算 5,066.17 (under 一、财政拨款（补助）)
    c = cell(real, 4, 194, "财政拨款收入/合计", "income")
    assert (c["item"], c["parent"], c["amount"]) == (
        "一般公共预算",
        "财政拨款（补助）",
        Decimal("5066.17"),
    )
    # line 212: 221 住房保障支出 136.44; line 223: 支出总计 … 一般公共预算 5,066.17
    assert cell(real, 4, 212, "财政拨款支出/一般公共预算", "expenditure")["amount"] == Decimal(
        "136.44"
    )
    c = cell(real, 4, 223, "财政拨款支出/一般公共预算", "expenditure")
    assert (c["item"], c["code"], c["amount"]) == ("支出总计", None, Decimal("5066.17"))
    assert not [
        i
        for i in real["line_items"]
        if i["table_no"] == 4 and i["measure"] in ("政府性基金预算", "国有资本经营预算")
    ]


def test_table5_general_budget(real):
    # line 237: 总计 5,066.17 | 2,099.75 | 2,966.42
    assert cell(real, 5, 237, "一般公共预算支出/基本支出")["amount"] == Decimal("2099.75")
    # line 240: 2010301 行政运行 1,601.08
    c = cell(real, 5, 240, "一般公共预算支出/合计")
    assert (c["code"], c["amount"]) == ("2010301", Decimal("1601.08"))
    # line 251: 2101103 公务员医疗补助 12.37
    assert cell(real, 5, 251, "一般公共预算支出/基本支出")["amount"] == Decimal("12.37")


def test_table6_economic(real):
    # line 287: 302 31 公务用车运行维护费 31.50 | (blank) | 31.50
    c = cell(real, 6, 287, "一般公共预算基本支出/公用经费")
    assert (
        c["code"],
        c["level"],
        c["item"],
        c["measure"],
        c["column_no"],
        c["amount"],
        c["classification"],
    ) == ("30231", 2, "公务用车运行维护费", "公用经费", 3, Decimal("31.50"), "economic")
    # line 268: 总计 2,099.75 | 1,960.02 | 139.74
    assert cell(real, 6, 268, "一般公共预算基本支出/公用经费")["amount"] == Decimal("139.74")
    assert cell(real, 6, 268, "一般公共预算基本支出/人员经费")["amount"] == Decimal("1960.02")
    # line 269: 301 工资福利支出 1,798.90 (人员经费)
    c = cell(real, 6, 269, "一般公共预算基本支出/人员经费")
    assert (c["code"], c["level"], c["amount"]) == ("301", 1, Decimal("1798.90"))
    # line 294: 303 99 其他对个人和家庭的补助 34.60; line 285: 302 18 专用材料费 0.78
    assert cell(real, 6, 294, "一般公共预算基本支出/合计")["code"] == "30399"
    assert cell(real, 6, 285, "一般公共预算基本支出/公用经费")["amount"] == Decimal("0.78")


def test_table7_projects(real):
    # line 331 (after the page break 323–330): 喀什商品交易会项目（第十四届） 1,962.00 | | 1,962.00
    c = cell(real, 7, 331, "商品服务支出")
    assert (c["code"], c["item"], c["project"], c["column_no"], c["amount"]) == (
        "2010302",
        "一般行政管理事务",
        "喀什商品交易会项目（第十四届）",
        3,
        Decimal("1962.00"),
    )
    assert cell(real, 7, 331, "项目支出合计")["amount"] == Decimal("1962.00")
    # line 308: 201 一般公共预算支出 (sic) 2,966.42
    c = cell(real, 7, 308, "项目支出合计")
    assert (c["code"], c["level"], c["item"], c["project"], c["amount"]) == (
        "201",
        1,
        "一般公共预算支出",
        None,
        Decimal("2966.42"),
    )
    # line 309: "政府办公厅（室）及相关机构 事务" printed with a stray space
    assert cell(real, 7, 309, "对个人和家庭的补助")["item"] == "政府办公厅（室）及相关机构事务"
    # line 310: "2024 年度自治区援疆干部南疆工作 补贴" 6.72 in 对个人和家庭的补助 (column 4)
    c = cell(real, 7, 310, "对个人和家庭的补助")
    assert (c["project"], c["column_no"], c["amount"]) == (
        "2024年度自治区援疆干部南疆工作补贴",
        4,
        Decimal("6.72"),
    )
    # lines 311, 314: two projects named alike, 150.00 and 110.00
    assert cell(real, 7, 311, "商品服务支出")["project"] == "军民共建及慰问项目1"
    assert cell(real, 7, 314, "商品服务支出")["project"] == "军民共建及慰问项目"
    # line 322: "行署办公室拆除原 1 号楼及附属设 施项目" 155.37
    c = cell(real, 7, 322, "商品服务支出")
    assert (c["project"], c["amount"]) == ("行署办公室拆除原1号楼及附属设施项目", Decimal("155.37"))
    # line 307: 总计 | 2,966.42 | | 2,959.70 | 6.72
    c = cell(real, 7, 307, "商品服务支出")
    assert (c["item"], c["project"], c["code"], c["amount"]) == (
        "总计",
        None,
        None,
        Decimal("2959.70"),
    )
    measures = {i["measure"] for i in real["line_items"] if i["table_no"] == 7}
    assert measures == {"项目支出合计", "商品服务支出", "对个人和家庭的补助"}


def test_table10_three_public_expenses(real):
    # line 379: 公务用车运行费 31.50 | 31.50 (under 公务用车购置及运行费（小计）, line 377)
    c = cell(real, 10, 379, "合计")
    assert (c["item"], c["parent"], c["column_no"], c["amount"], c["code"]) == (
        "公务用车运行费",
        "公务用车购置及运行费（小计）",
        1,
        Decimal("31.50"),
        None,
    )
    c = cell(real, 10, 379, "资金来源/一般公共预算")
    assert (c["measure"], c["column_no"], c["amount"]) == ("一般公共预算", 2, Decimal("31.50"))
    # line 374: 合计 31.50; line 377: 公务用车购置及运行费（小计） 31.50
    assert cell(real, 10, 374, "合计")["item"] == "合计"
    assert cell(real, 10, 377, "合计")["item"] == "公务用车购置及运行费（小计）"
    assert {i["line"] for i in real["line_items"] if i["table_no"] == 10} == {374, 377, 379}


def test_table11_carry_over(real):
    # line 393: 总计 3.69 | 3.69 | 3.69 → 总计, 财政拨款/合计, 财政拨款/基本支出/人员经费
    c = cell(real, 11, 393, "财政拨款/基本支出/人员经费")
    assert (c["item"], c["project"], c["measure"], c["column_no"], c["amount"]) == (
        "总计",
        None,
        "人员经费",
        3,
        Decimal("3.69"),
    )
    # line 394: the unit; line 395: the project
    c = cell(real, 11, 394, "总计")
    assert (c["item"], c["project"]) == ("新疆维吾尔自治区喀什地区行政公署办公室", None)
    c = cell(real, 11, 395, "财政拨款/合计")
    assert (c["project"], c["column_no"], c["amount"]) == (
        "“驻村”工作人员生活补助项目（自治区）",
        2,
        Decimal("3.69"),
    )


def test_classification_by_table(real):
    by_table: dict[tuple, set] = {}
    for i in real["line_items"]:
        by_table.setdefault((i["table_no"], i["side"]), set()).add(i["classification"])
    assert by_table == {
        (1, "income"): {None},
        (1, "expenditure"): {"functional"},
        (2, None): {"functional"},
        (3, None): {"functional"},
        (4, "income"): {None},
        (4, "expenditure"): {"functional"},
        (5, None): {"functional"},
        (6, None): {"economic"},
        (7, None): {"functional"},
        (10, None): {None},
        (11, None): {None},
    }


def test_each_amount_is_printed_on_its_line(real):
    doc_lines = REAL_TEXT.split("\n")
    for i in real["line_items"]:
        cells = [fold(c).strip() for c in doc_lines[i["line"] - 1].split("\t")]
        assert f"{i['amount']:,.2f}" in cells, i
        assert i["level"] == {None: None, 3: 1, 5: 2, 7: 3}[len(i["code"]) if i["code"] else None]


def test_rows_fit_the_schema_and_key(real):
    for table in ("tables", "line_items"):
        rows = [
            {**r, "unit": "u", "year": 2024, "kind": "budget", "source": SOURCE, "page": None}
            for r in real[table]
        ]  # page: ingest's, from a PDF
        assert set(rows[0]) == set(TABLES[table].columns)
        frame = pl.DataFrame(rows, schema=schema_of(table))
        key = list(TABLES[table].primary_key)
        assert frame.select(key).is_duplicated().sum() == 0, table


# ---------------------------------------------------------------- variants that read the same


def test_full_width_digits_read_the_same(tmp_path, real):
    full = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
    text = edit_tables(lambda s: s.translate(full))
    assert "５，０５９．４５" in text.split("\n")[83]
    assert keyed(parse_text(tmp_path, text)["line_items"]) == keyed(real["line_items"])


def test_numbers_without_thousands_separators_read_the_same(tmp_path, real):
    text = edit_tables(lambda s: re.sub(r"(\d),(\d{3})", r"\1\2", s))
    assert "\t5069.86\t" in text.split("\n")[124]
    assert keyed(parse_text(tmp_path, text)["line_items"]) == keyed(real["line_items"])


def test_crlf_and_extra_trailing_tabs_read_the_same(tmp_path, real):
    text = edit_lines({169: line(169) + "\t\t", 84: line(84) + "\t"}).replace("\n", "\r\n")
    assert keyed(parse_text(tmp_path, text)["line_items"]) == keyed(real["line_items"])


def page_break(table_header: range) -> list[str]:
    """The lines a page break repeats: 编制单位, 单位：万元 and the header rows given."""
    return ["", line(118), "", line(120), "", *(line(n) for n in table_header)]


def test_tables_split_at_other_rows_read_the_same(tmp_path, real):
    lines = REAL_TEXT.split("\n")
    # table 6 split before line 281, table 3 before line 170, table 1 before line 100
    # (inside the nesting of 二、上年结转结余), and table 2's page break 139–146 removed.
    # Edits go from the bottom up so that the line numbers above stay valid.
    lines[280:280] = page_break(range(264, 268))
    lines[169:169] = page_break(range(160, 164))
    del lines[138:146]
    lines[99:99] = page_break(range(80, 82))
    result = parse_text(tmp_path, "\n".join(lines))
    assert keyed(result["line_items"], with_line=False) == keyed(
        real["line_items"], with_line=False
    )
    assert [t["row_count"] for t in result["tables"]] == [t["row_count"] for t in real["tables"]]


def test_stray_spaces_in_names_read_the_same(tmp_path, real):
    text = edit_lines(
        {
            129: line(129).replace("一般行政管理事务", "一般行政 管理 事务"),
            287: line(287).replace("公务用车运行维护费", "公务用车 运行维护费"),
            331: line(331).replace(
                "喀什商品交易会项目（第十四届）", "喀什商品交易会 项目(第十四届)"
            ),
            84: line(84).replace("其中：一般财力", "其中: 一般 财力"),
            265: line(265).replace("人员经费", "人员 经费"),
        }
    )
    assert keyed(parse_text(tmp_path, text)["line_items"]) == keyed(real["line_items"])


# ---------------------------------------------------------------- variants that must fail


def fails(tmp_path: Path, text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_text(tmp_path, text, "broken.txt")
    assert info.value.source == "broken.txt"
    return info.value


def test_non_numeric_cell_names_file_line_and_column(tmp_path):
    error = fails(
        tmp_path, edit_lines({169: line(169).replace("281.68\t281.68", "281.68\t28l.68")})
    )
    assert error.line == 169 and error.found == "28l.68"
    assert "an amount in 万元 in column '支出预算/基本支出'" in str(error)
    assert str(error).startswith("broken.txt:169: ")


def test_amount_with_three_decimals_fails(tmp_path):
    error = fails(tmp_path, edit_lines({287: line(287).replace("31.50", "31.505", 1)}))
    assert error.line == 287 and "一般公共预算基本支出/合计" in str(error)


def test_header_with_extra_numbered_column_fails(tmp_path):
    error = fails(tmp_path, edit_lines({267: line(267) + "\t4"}))
    assert error.line == 267
    assert "table 6's header to number 3 columns" in str(error)
    assert "it has 4 numbered columns — template changed?" in str(error)


def test_header_missing_a_leaf_fails(tmp_path):
    error = fails(tmp_path, edit_lines({265: line(265).replace("公用经费", "其他经费")}))
    assert error.line == 264 and "'公用经费'" in str(error)


def test_repeated_header_that_differs_fails(tmp_path):
    error = fails(tmp_path, edit_lines({144: line(144) + "\t备注"}))
    assert error.line == 144 and "repeat of table 2's header of line 122" in str(error)


def test_row_with_a_missing_cell_fails(tmp_path):
    # line 172 with the 类 cell lost: every amount would shift one column left
    error = fails(tmp_path, edit_lines({172: line(172).split("\t", 1)[1]}))
    assert error.line == 172 and "7 tab-separated cells in a row of table 3, found 6" in str(error)


def test_amount_without_a_row_label_fails(tmp_path):
    error = fails(tmp_path, edit_lines({107: line(107).replace("\t\t230", "\t9.99\t230")}))
    assert error.line == 107 and "a row label" in str(error)


def test_malformed_code_fails(tmp_path):
    error = fails(tmp_path, edit_lines({170: line(170).replace("208\t05", "208\t5", 1)}))
    assert error.line == 170 and "2-digit 款 code" in str(error)


def test_truncated_table_without_rows_fails(tmp_path):
    error = fails(tmp_path, edit_lines({n: None for n in range(164, 182)}))
    assert "rows of table 3 or a note saying it is empty" in str(error)
    assert error.line == 163  # the ※ row, now the table's last line


def test_table_with_only_its_title_fails(tmp_path):
    error = fails(tmp_path, edit_lines({n: None for n in range(299, 332)}))
    assert error.line == 298 and "a header under the title of table 7" in str(error)


def test_truncated_header_fails(tmp_path):
    error = fails(tmp_path, edit_lines({n: None for n in range(392, 396)}))
    assert "table 11's header (from line 389) to end with a ※ row" in str(error)
