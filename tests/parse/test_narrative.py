"""Year-on-year changes and shares of the narrative, checked by hand against the 2024 document.

Golden values cite the line of data/raw/kashgar-admin-office_2024_budget.txt they were read
from.  Variants (full-width text, no thousands separators, stray spaces, CRLF) are made by
code from the real document with the unit renamed to a synthetic one, and must parse to the
same records.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from pipeline.errors import ParseError
from pipeline.parse.narrative import CHANGE, narrative_numbers, subject_of
from pipeline.parse.narrative_text import normalise
from pipeline.parse.sections import find_layout
from pipeline.parse.sentences import parse_narrative
from pipeline.reader import RawDocument, read_document
from pipeline.tidy import check_keys, to_frame
from tests.helpers import RAW

UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"
SYNTHETIC_UNIT = "合成测试单位（synthetic）"
D = Decimal


@pytest.fixture(scope="module")
def doc(real: RawDocument) -> RawDocument:
    return real


@pytest.fixture(scope="module")
def parsed(doc):
    return parse_narrative(doc, find_layout(doc))


def by_subject(rows, line):
    return {r["subject"]: r for r in rows if r["line"] == line}


def variant(doc: RawDocument, change, lines=None) -> RawDocument:
    """The document with `change` applied to `lines` (all when None), unit renamed synthetic."""
    new = [
        change(text) if lines is None or number in lines else text
        for number, text in enumerate(doc.lines, start=1)
    ]
    new = [text.replace(UNIT, SYNTHETIC_UNIT) for text in new]
    return RawDocument("synthetic-variant.txt", tuple(new), "0" * 64, "utf-8")


def parse(doc: RawDocument):
    return parse_narrative(doc, find_layout(doc))


# --- golden values -------------------------------------------------------------------------


def test_income_changes_line_411_413_423(parsed):
    changes = parsed["narrative_changes"]
    # line 411: 一般公共预算 5,059.45 万元，占 99.80%，比上年预算增加 2,003.30 万元，增长 65.55%
    row = by_subject(changes, 411)["一般公共预算"]
    assert (
        row["section"],
        row["amount"],
        row["change"],
        row["change_pct"],
        row["prior_amount"],
    ) == ("二", D("5059.45"), D("2003.30"), D("65.55"), D("3056.15"))
    assert row["reason"] == "2024年年初预算新增喀什商品交易会项目（第十四届）预算1962万元"
    assert row["code"] is None and row["amount_line"] is None
    # line 413: 上级…转移支付资金 6.72，增加 6.72，增长 100.00% → prior 0.00
    row = by_subject(changes, 413)["上级一般公共预算安排的转移支付资金"]
    assert (row["amount"], row["change"], row["change_pct"], row["prior_amount"]) == (
        D("6.72"),
        D("6.72"),
        D("100.00"),
        D("0.00"),
    )
    # line 423: 财政拨款结转 3.69 万元，占 0.07%，比上年预算增加 0.00 万元，增长 0.00%。 (no reason)
    row = by_subject(changes, 423)["财政拨款结转"]
    assert (row["amount"], row["change"], row["reason"]) == (D("3.69"), D("0.00"), None)


def test_expenditure_changes_full_budget_and_general_budget_kept_apart(parsed):
    changes = parsed["narrative_changes"]
    # line 429 (section 三): 基本支出 2,103.44，减少 62.01，下降 2.86%
    row = by_subject(changes, 429)["基本支出"]
    assert (
        row["section"],
        row["amount"],
        row["change"],
        row["change_pct"],
        row["prior_amount"],
    ) == ("三", D("2103.44"), D("-62.01"), D("-2.86"), D("2165.45"))
    assert row["reason"].startswith("2024年本单位人员净减少3人，由此工资福利支出")
    # line 431: 项目支出 2,966.42，增加 2,072.04，增长 231.67% → prior 894.38
    row = by_subject(changes, 431)["项目支出"]
    assert (row["amount"], row["change"], row["change_pct"], row["prior_amount"]) == (
        D("2966.42"),
        D("2072.04"),
        D("231.67"),
        D("894.38"),
    )
    # line 449 (section 五): 基本支出 2,099.75，减少 62.01，下降 2.87%
    row = by_subject(changes, 449)["基本支出"]
    assert (row["section"], row["amount"], row["change_pct"]) == ("五", D("2099.75"), D("-2.87"))
    assert by_subject(changes, 451)["项目支出"]["section"] == "五"


def test_items_are_coded_from_the_tables(parsed):
    changes = parsed["narrative_changes"]
    # line 462: …行政运行（项）：2024 年预算数为 1,601.08 万元，减少 23.07，下降 1.42%
    row = by_subject(changes, 462)["行政运行"]
    assert (row["code"], row["amount"], row["change"], row["change_pct"]) == (
        "2010301",
        D("1601.08"),
        D("-23.07"),
        D("-1.42"),
    )
    assert row["reason"] == "2024年本单位人员净减少3人"
    # line 470: 死亡抚恤 19.84，减少 34.54，下降 63.52%; code 208 08 01 (table 2 line 135)
    row = by_subject(changes, 470)["死亡抚恤"]
    assert (row["code"], row["amount"], row["change"], row["change_pct"], row["prior_amount"]) == (
        "2080801",
        D("19.84"),
        D("-34.54"),
        D("-63.52"),
        D("54.38"),
    )
    # lines 464–476: the other items and their codes (tables 2/3/5)
    codes = {r["subject"]: r["code"] for r in changes if r["code"]}
    assert codes == {
        "行政运行": "2010301",
        "一般行政管理事务": "2010302",
        "行政单位离退休": "2080501",
        "机关事业单位基本养老保险缴费支出": "2080505",
        "死亡抚恤": "2080801",
        "行政单位医疗": "2101101",
        "公务员医疗补助": "2101103",
        "住房公积金": "2210201",
    }
    # line 476: 住房公积金 136.44，增加 5.21，增长 3.97%
    row = by_subject(changes, 476)["住房公积金"]
    assert (row["amount"], row["change"], row["change_pct"]) == (D("136.44"), D("5.21"), D("3.97"))


def test_three_public_expenses_take_amounts_from_line_676(parsed):
    rows = by_subject(parsed["narrative_changes"], 678)
    assert list(rows) == [
        "财政拨款“三公”经费",
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行费",
        "公务接待费",
    ]
    # line 678: “三公”经费 减少 23.10，下降 42.31%; amount 31.50 from line 676
    total = rows["财政拨款“三公”经费"]
    assert (
        total["amount"],
        total["amount_line"],
        total["change"],
        total["change_pct"],
        total["prior_amount"],
        total["reason"],
    ) == (D("31.50"), 676, D("-23.10"), D("-42.31"), D("54.60"), None)
    # line 676: 公务用车运行费 31.50 万元; line 678: 公务用车运行费减少 23.10 万元，下降 42.31%
    car = rows["公务用车运行费"]
    assert (car["amount"], car["amount_line"], car["change"], car["change_pct"]) == (
        D("31.50"),
        676,
        D("-23.10"),
        D("-42.31"),
    )
    assert car["reason"] == "2023年报废7辆其他车辆，调出4辆其他车辆"
    # line 678: 因公出国（境）费增加 0.00 万元，增长 0.00%; amount 0.00 on line 676
    abroad = rows["因公出国（境）费"]
    assert (abroad["amount"], abroad["change"], abroad["amount_line"]) == (
        D("0.00"),
        D("0.00"),
        676,
    )
    assert abroad["reason"] == "本单位2024年没有因公出国（境）人员及相关费用"


def test_operating_costs_line_690(parsed):
    # line 690: 机关运行经费财政拨款预算 139.74 万元，比上年预算减少 24.95 万元，下降 15.15%
    row = by_subject(parsed["narrative_changes"], 690)["机关运行经费"]
    assert (
        row["section"],
        row["amount"],
        row["change"],
        row["change_pct"],
        row["prior_amount"],
    ) == ("十二", D("139.74"), D("-24.95"), D("-15.15"), D("164.69"))


def test_every_year_on_year_clause_is_a_row(doc, parsed):
    # A plain count over the raw narrative (lines 397–946), written independently of the
    # parser: an amount of 增加/减少 followed by 增长/下降.  By hand: 3 (二) + 2 (三) + 10 (五)
    # + 5 (十) + 1 (十二) = 21.
    text = "\n".join(doc.lines[396:946])
    plain = re.findall(r"(?:增加|减少)\s*[0-9０-９,，.．]+\s*万元\s*[,，]\s*(?:增长|下降)", text)
    assert len(plain) == 21
    assert len(parsed["narrative_changes"]) == len(plain)


def test_shares(parsed):
    shares = {(r["line"], r["subject"]): r for r in parsed["narrative_shares"]}
    # lines 411, 413, 423: income shares 99.80 / 0.13 / 0.07
    assert [
        (shares[k]["share_group"], shares[k]["share_pct"])
        for k in [
            (411, "一般公共预算"),
            (413, "上级一般公共预算安排的转移支付资金"),
            (423, "财政拨款结转"),
        ]
    ] == [("income", D("99.80")), ("income", D("0.13")), ("income", D("0.07"))]
    # lines 429, 431: expenditure shares 41.49 / 58.51
    assert shares[(429, "基本支出")]["share_pct"] == D("41.49")
    assert shares[(431, "项目支出")]["share_group"] == "expenditure"
    # lines 455–458: 类 shares with codes
    classes = [
        (r["code"], r["subject"], r["amount"], r["share_pct"])
        for r in parsed["narrative_shares"]
        if r["share_group"] == "class"
    ]
    assert classes == [
        ("201", "一般公共服务支出", D("4567.50"), D("90.16")),
        ("208", "社会保障和就业支出", D("281.68"), D("5.56")),
        ("210", "卫生健康支出", D("80.55"), D("1.59")),
        ("221", "住房保障支出", D("136.44"), D("2.69")),
    ]
    assert len(parsed["narrative_shares"]) == 9  # 占 appears 9 times in lines 411–458


def test_rows_fit_the_schema(parsed):
    for table, rows in parsed.items():
        frame = to_frame(
            table,
            [{**r, "unit": UNIT, "year": 2024, "kind": "budget", "source": str(RAW)} for r in rows],
        )
        check_keys(table, frame)
        assert frame.height == len(rows)


def test_narrative_numbers_scope(doc):
    numbers = narrative_numbers(doc, find_layout(doc))
    assert (401, "5,069.86万元") in numbers  # line 401
    assert (684, "3.69万元") in numbers  # line 684: "（自治区）1 3.69 万元" — the 1 is the name's
    assert (710, "50万元") in numbers and (710, "2台") in numbers  # line 710
    assert (716, "12个") in numbers  # line 716
    lines = {line for line, _ in numbers}
    assert not lines & set(range(486, 666))  # section 七: projects, parsed elsewhere
    assert not lines & set(range(718, 942))  # performance-target tables


# --- variants ------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans(
    {
        **{str(d): chr(0xFF10 + d) for d in range(10)},
        ",": "，",
        ".": "．",
        "%": "％",
        ":": "：",
        ";": "；",
        "(": "（",
        ")": "）",
    }
)


def same_records(a, b):
    assert len(b["narrative_changes"]) == 21 and len(b["narrative_shares"]) == 9
    assert a["narrative_changes"] == b["narrative_changes"]
    assert a["narrative_shares"] == b["narrative_shares"]


def test_full_width_digits_and_punctuation(doc):
    base = parse(variant(doc, lambda t: t))
    same_records(parse(variant(doc, lambda t: t.translate(FULL_WIDTH))), base)


def test_no_thousands_separators_and_half_width_commas(doc):
    base = parse(variant(doc, lambda t: t))
    plain = variant(doc, lambda t: re.sub(r"(?<=\d),(?=\d{3})", "", t))
    half = variant(doc, lambda t: t.replace("，", ",").replace("：", ":"))
    same_records(parse(plain), base)
    same_records(parse(half), base)


def test_stray_spaces_and_crlf(doc, tmp_path):
    base = parse(variant(doc, lambda t: t))
    spaced = variant(
        doc,
        lambda t: (
            t.replace("基本支出", "基本 支出")
            .replace("万元", " 万 元")
            .replace("比上年", "比 上年")
        ),
        lines=range(397, 947),
    )
    same_records(parse(spaced), base)
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes("\r\n".join(variant(doc, lambda t: t).lines).encode("utf-8"))
    same_records(parse(read_document(crlf, "synthetic-variant.txt")), base)


def test_malformed_amount_is_an_error_naming_the_line(doc):
    bad = variant(doc, lambda t: t.replace("2,103.44", "2,10.44"), lines={429})
    with pytest.raises(ParseError) as error:
        parse(bad)
    assert error.value.line == 429 and error.value.found == "2,10.44"


def test_change_without_an_amount_anywhere_is_an_error(doc):
    bad = variant(doc, lambda t: t.replace("139.74 万元，", ""), lines={690})
    with pytest.raises(ParseError, match="an amount for '机关运行经费'") as error:
        parse(bad)
    assert error.value.line == 690


def test_item_path_missing_from_the_tables_is_an_error(doc):
    bad = variant(doc, lambda t: t.replace("死亡抚恤（项）", "丧葬抚恤（项）"), lines={470})
    with pytest.raises(ParseError, match="tables 2, 3 or 5") as error:
        parse(bad)
    assert error.value.line == 470


# --- small inline units --------------------------------------------------------------------


def test_change_clause_in_full_width_text():
    text = normalise(
        "基本支出２，１０３．４４万元，占４１．４９％，比上年预算减少６２．０１万元，下降２．８６％"
    )
    match = CHANGE.search(text)
    assert match and (match["dir"], match["change"], match["pdir"], match["pct"]) == (
        "减少",
        "62.01",
        "下降",
        "2.86",
    )


def test_change_clause_without_thousands_separator_or_prefix():
    match = CHANGE.search(normalise("因公出国（境）费增加 2003.30 万元, 增长 0.00%"))
    assert match and match["change"] == "2003.30"


def test_subjects():
    assert subject_of("新疆某单位2024年的机关运行经费财政拨款预算", "新疆某单位") == "机关运行经费"
    assert subject_of("一般公共预算") == "一般公共预算"  # a trailing 预算 stays here
    assert subject_of(",其中:因公出国(境)费") == "因公出国（境）费"
