"""Facts of the narrative, checked by hand against the 2024 document, and the completeness rule.

Golden values cite the line of data/raw/kashgar-admin-office_2024_budget.txt they were read
from.  Variants are made by code from the real document with the unit renamed synthetic.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.errors import ParseError
from pipeline.parse.narrative import narrative_numbers
from pipeline.parse.sections import find_layout
from pipeline.parse.sentences import parse_facts
from pipeline.reader import RawDocument
from pipeline.tidy import check_keys, to_frame
from tests.helpers import RAW

UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"
SYNTHETIC_UNIT = "合成测试单位（synthetic）"
D = Decimal


@pytest.fixture(scope="module")
def doc(real: RawDocument) -> RawDocument:
    return real


@pytest.fixture(scope="module")
def facts(doc) -> dict[tuple[str, str], dict]:
    rows = parse_facts(doc, find_layout(doc))["facts"]
    return {(r["topic"], r["metric"]): r for r in rows}


def variant(doc: RawDocument, change, lines) -> RawDocument:
    new = [
        change(text) if number in lines else text for number, text in enumerate(doc.lines, start=1)
    ]
    new = [text.replace(UNIT, SYNTHETIC_UNIT) for text in new]
    return RawDocument("synthetic-variant.txt", tuple(new), "0" * 64, "utf-8")


def value(facts, topic, metric):
    row = facts[(topic, metric)]
    return row["value"], row["value_unit"], row["line"]


def test_totals_sections_one_to_six(facts):
    assert value(facts, "overview", "收支总预算") == (D("5069.86"), "万元", 401)  # line 401
    assert value(facts, "income", "收入预算") == (D("5069.86"), "万元", 409)  # line 409
    assert value(facts, "expenditure", "支出预算") == (D("5069.86"), "万元", 427)  # line 427
    assert value(facts, "fiscal", "财政拨款收支总预算") == (D("5066.17"), "万元", 435)  # 435
    assert value(facts, "fiscal_income", "一般公共预算拨款") == (D("5066.17"), "万元", 439)
    # line 441: the 类 amounts and "以及 12 个项目支出"
    assert [
        value(facts, "fiscal_expenditure", name)[0]
        for name in ("一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出")
    ] == [D("4567.50"), D("281.68"), D("80.55"), D("136.44")]
    assert value(facts, "fiscal_expenditure", "一般公共服务支出项目支出个数") == (D(12), "个", 441)
    assert value(facts, "general_budget", "一般公共预算拨款合计")[0] == D("5066.17")  # line 447
    # lines 480–484: 基本支出 2,099.75 = 人员经费 1,960.02 + 公用经费 139.74
    assert value(facts, "basic_expenditure", "一般公共预算基本支出") == (D("2099.75"), "万元", 480)
    assert value(facts, "basic_expenditure", "人员经费") == (D("1960.02"), "万元", 482)
    assert value(facts, "basic_expenditure", "公用经费") == (D("139.74"), "万元", 484)


def test_three_public_expenses_line_676(facts):
    assert value(facts, "三公", "财政拨款“三公”经费") == (D("31.50"), "万元", 676)
    parts = {
        m: facts[("三公", m)]["value"]
        for m in ("因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费")
    }
    assert parts == {
        "因公出国（境）费": D("0.00"),
        "公务用车购置费": D("0.00"),
        "公务用车运行费": D("31.50"),
        "公务接待费": D("0.00"),
    }


def test_carry_over_lines_682_684(facts):
    assert value(facts, "carryover", "上年结转结余") == (D("3.69"), "万元", 682)
    assert value(facts, "carryover", "财政拨款") == (D("3.69"), "万元", 682)
    assert value(facts, "carryover", "非财政拨款") == (D("0.00"), "万元", 682)
    # line 684: "“驻村”工作队员生活补助项目（自治区）1 3.69 万元 … 15 名 … 1230 元/月/人"
    project = "“驻村”工作队员生活补助项目（自治区）1"
    assert value(facts, "carryover", project) == (D("3.69"), "万元", 684)
    assert value(facts, "carryover", f"{project}/人数") == (D(15), "名", 684)
    assert value(facts, "carryover", f"{project}/标准") == (D(1230), "元/月/人", 684)


def test_operating_costs_and_procurement_lines_690_696(facts):
    assert value(facts, "operating_costs", "机关运行经费财政拨款预算") == (D("139.74"), "万元", 690)
    procurement = {m: (r["value"], r["line"]) for (t, m), r in facts.items() if t == "procurement"}
    assert procurement == {  # lines 694 and 696
        "政府采购预算": (D("2206.44"), 694),
        "政府采购货物预算": (D("334.04"), 694),
        "政府采购工程预算": (D("0.00"), 694),
        "政府采购服务预算": (D("1872.40"), 694),
        "面向中小企业预留政府采购项目预算金额": (D("2206.44"), 696),
        "小微企业预留政府采购项目预算金额": (D("2206.44"), 696),
    }


def test_assets_lines_702_712(facts):
    assets = {
        m: (r["value"], r["value_unit"], r["line"]) for (t, m), r in facts.items() if t == "assets"
    }
    assert assets == {
        "房屋": (D("56066.31"), "平方米", 702),
        "房屋价值": (D("1947.54"), "万元", 702),
        "车辆": (D(35), "辆", 704),
        "车辆价值": (D("919.50"), "万元", 704),
        "一般公务用车": (D(0), "辆", 704),
        "一般公务用车价值": (D("0.00"), "万元", 704),
        "执法执勤用车": (D(0), "辆", 704),
        "执法执勤用车价值": (D("0.00"), "万元", 704),
        "其他车辆": (D(35), "辆", 704),
        "其他车辆价值": (D("919.50"), "万元", 704),
        "办公家具价值": (D("108.86"), "万元", 706),
        "其他资产价值": (D("676.30"), "万元", 708),
        "单位价值50万元以上大型设备": (D(2), "台", 710),
        "单位价值100万元以上大型设备": (D(0), "套", 710),
        "购置单位价值50万元以上大型设备": (D(0), "台", 712),
        "购置单位价值100万元以上大型设备": (D(0), "台", 712),
    }


def test_performance_summary_line_716(facts):
    perf = {m: r["value"] for (t, m), r in facts.items() if t == "performance"}
    assert perf == {
        "整体预算绩效目标个数": D(1),
        "整体预算绩效目标金额": D("5069.86"),
        "财政拨款项目个数": D(12),
        "财政拨款项目金额": D("2966.42"),
        "非财政拨款项目个数": D(0),
        "非财政拨款项目金额": D("0.00"),
    }


def test_numbers_inside_reasons(facts):
    reasons = {
        m: (r["value"], r["value_unit"], r["line"])
        for (t, m), r in facts.items()
        if t == "narrative_reason"
    }
    # line 411: "新增喀什商品交易会项目(第十四届)预算 1962 万元"; line 413: "工作补贴 6.72 万元"
    assert reasons["二/一般公共预算/年初预算新增喀什商品交易会项目（第十四届）预算"] == (
        D("1962.00"),
        "万元",
        411,
    )
    assert reasons["二/上级一般公共预算安排的转移支付资金/新增工作人员工作补贴"] == (
        D("6.72"),
        "万元",
        413,
    )
    # line 678: "报废 7 辆其他车辆，调出 4 辆其他车辆"; line 690 repeats it with "减少 3 人"
    assert reasons["十/公务用车运行费/报废其他车辆"] == (D(7), "辆", 678)
    assert reasons["十/公务用车运行费/调出其他车辆"] == (D(4), "辆", 678)
    assert reasons["十二/机关运行经费/在职人员减少"] == (D(3), "人", 690)
    # 1962 万元 in lines 411, 431, 451, 464; 6.72 in 413; 3 人 in 429, 449, 462, 472, 474, 690;
    # 7 and 4 辆 in 678 and 690
    assert len(reasons) == 15


def test_rows_fit_the_schema(doc):
    rows = parse_facts(doc, find_layout(doc))["facts"]
    frame = to_frame(
        "facts",
        [{**r, "unit": UNIT, "year": 2024, "kind": "budget", "source": str(RAW)} for r in rows],
    )
    check_keys("facts", frame)
    assert frame.height == 69


def test_every_scanned_number_is_placed(doc):
    # parse_facts raises unless every scanned number is placed; the scan itself covers
    # the narrative outside 七 and the performance tables: 135 numbers on the real document.
    parse_facts(doc, find_layout(doc))
    assert len(narrative_numbers(doc, find_layout(doc))) == 135


def test_a_number_nobody_can_place_is_an_error(doc):
    extra = "其他商品和服务支出，另有其他经费 8.88 万元。"
    bad = variant(doc, lambda t: t.replace("其他商品和服务支出。", extra), lines={484})
    with pytest.raises(ParseError, match="a number the parser cannot place") as error:
        parse_facts(bad, find_layout(bad))
    assert error.value.line == 484 and error.value.found == "8.88万元"


def test_a_count_nobody_can_place_is_an_error(doc):
    bad = variant(doc, lambda t: t.replace("办公家具价值", "办公家具 12 套，价值"), lines={706})
    parsed = parse_facts(bad, find_layout(bad))["facts"]  # "{name} N 套，价值 X 万元" is a rule
    assert {r["metric"]: r["value"] for r in parsed if r["line"] == 706} == {
        "办公家具": D(12),
        "办公家具价值": D("108.86"),
    }
    bad = variant(
        doc, lambda t: t.replace("，价值 1,947.54", "，另 3 套，价值 1,947.54"), lines={702}
    )
    with pytest.raises(ParseError, match="cannot place") as error:
        parse_facts(bad, find_layout(bad))
    assert error.value.line == 702


def test_full_width_variant_gives_the_same_facts(doc, facts):
    full = str.maketrans(
        {
            **{str(d): chr(0xFF10 + d) for d in range(10)},
            ",": "，",
            ".": "．",
            "%": "％",
            ":": "：",
            "(": "（",
            ")": "）",
        }
    )
    same = variant(doc, lambda t: t.translate(full), lines=set(range(1, len(doc.lines) + 1)))
    rows = parse_facts(same, find_layout(same))["facts"]
    assert {(r["topic"], r["metric"]): r for r in rows} == facts
