"""Section 七 projects, allocations and quantities, checked by hand against lines 486–665."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl
import pytest

from pipeline.errors import ParseError
from pipeline.parse.projects import parse_projects, place_numbers
from pipeline.parse.sections import find_layout
from pipeline.pdf_input import CONVERSION_COLUMNS
from pipeline.reader import RawDocument
from pipeline.schema import TABLES, schema_of
from tests.helpers import edited

SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"
UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"

# (project_no, name, 预算安排规模, line of 项目名称) — lines 488 … 654
PROJECTS = [
    (1, "2024年度自治区援疆干部南疆工作补贴", "6.72", 488),
    (2, "军民共建及慰问项目1", "150.00", 510),
    (3, "行署重大工作部署落实项目1", "15.00", 522),
    (4, "基础设施保障项目", "22.33", 534),
    (5, "军民共建及慰问项目", "110.00", 546),
    (6, "专班专项业务保障项目", "3.00", 558),
    (7, "行署干部周转房保障项目", "5.11", 570),
    (8, "行署机关运行保障项目", "240.00", 582),
    (9, "行署重大工作部署落实项目", "135.00", 594),
    (10, "行署综合保障项目", "50.00", 606),
    (11, "行署总值班工作保障项目", "19.00", 618),
    (12, "驻京办专项业务保障项目", "92.89", 630),
    (13, "行署办公室拆除原1号楼及附属设施项目", "155.37", 642),
    (14, "喀什商品交易会项目（第十四届）", "1962.00", 654),
]
TRADE_FAIR = "喀什商品交易会项目（第十四届）"

# (project_no, item, amount, line): every 万元 figure of the 资金分配情况 lines
ALLOCATIONS = [
    (2, "购买慰问品", "150.00", 518),
    (3, "其他交通费", "15.00", 530),
    (4, "保障8套公寓用房", "8.00", 542),
    (4, "6个机关公共区域", "14.33", 542),
    (5, "购买慰问品", "30.00", 554),
    (5, "开展慰问活动成本", "80.00", 554),
    (6, "专班维护成本", "3.00", 566),
    (7, "2024年7套干部周转房租金", "5.11", 578),
    (9, "运转经费", "100.00", 602),
    (9, "其他交通费", "35.00", 602),
    (10, "租赁5辆车辆", "25.70", 614),  # '租赁 5 辆车辆，共计花费 25.7 万元'
    (10, "保障单位15辆车辆运行", "24.30", 614),  # '保障单位 15 辆车辆运行，花费 24.3 万元'
    (11, "维护视频监控平台", "9.00", 626),  # '9 万' without 元
    (11, "维护6个内保设施", "10.00", 626),
    (12, "分四次支付金额", "92.89", 638),
    (14, "办公费", "30.00", 662),
    (14, "印刷", "8.50", 662),
    (14, "劳务费", "80.00", 662),
    (14, "租赁费", "150.00", 662),
    (14, "差旅费", "90.00", 662),
    (14, "其他商品服务支出", "280.00", 662),
    (14, "委托业务费", "1323.50", 662),
]

# (project_no, item, quantity, unit, line): every count and every 元 figure
QUANTITIES = [
    (1, "向援疆干部每月共发放南疆工作补贴", "4", "名", 496),
    (1, "向援疆干部每月共发放南疆工作补贴", "5600", "元", 496),
    (2, "慰问部队及公安部门", "8", "个", 518),
    (2, "慰问在岗一线职工", "300", "人", 518),
    (3, "参加培训学习", "50", "人次", 530),
    (3, "参加会议", "500", "人次", 530),
    (3, "调研检查", "1000", "人次", 530),
    (4, "保障公寓用房", "8", "套", 542),
    (4, "机关公共区域", "6", "个", 542),
    (5, "慰问部队及公安部门", "8", "个", 554),
    (5, "慰问在岗一线职工", "300", "人", 554),
    (6, "成立专班", "2", "个", 566),
    (6, "保障办公人员", "20", "人", 566),
    (7, "2024年干部周转房租金", "7", "套", 578),
    (8, "保障行署机关食堂", "1", "座", 590),
    (8, "机关食堂用餐", "400", "人", 590),
    (8, "机关食堂用餐", "200", "天", 590),
    (8, "每人每天用餐标准", "30", "元", 590),
    (9, "参加培训学习", "50", "人次", 602),
    (9, "参加会议", "500", "人次", 602),
    (9, "调研检查", "1000", "人次", 602),
    (10, "租赁车辆", "5", "辆", 614),
    (10, "保障单位车辆运行", "15", "辆", 614),
    (11, "维护内保设施", "6", "个", 626),
    (12, "保障工作人员", "6", "人", 638),
    (12, "办公楼", "2", "座", 638),
    (12, "分支付金额", "4", "次", 638),  # '分四次': Chinese numeral
]


@pytest.fixture(scope="module")
def parsed(real: RawDocument) -> dict[str, list[dict]]:
    return parse_projects(real, find_layout(real))


def parse(doc: RawDocument) -> dict[str, list[dict]]:
    return parse_projects(doc, find_layout(doc))


def full_width(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.,:()"})


def test_fourteen_projects_in_order(parsed: dict) -> None:
    got = [(p["project_no"], p["project"], p["amount"], p["line"]) for p in parsed["projects"]]
    assert got == [(n, name, D(amount), line) for n, name, amount, line in PROJECTS]
    assert all(p["amount"].as_tuple().exponent == -2 for p in parsed["projects"])


def test_project_fields(parsed: dict) -> None:
    first, fair = parsed["projects"][0], parsed["projects"][13]
    # line 490
    assert first["policy_basis"] == (
        "喀地财行【2023】60号《关于提前下达2024年度自治区援疆干部人才南疆工作补贴资金的通知》"
    )
    # line 496 / 498
    assert first["allocation_text"] == "向4名援疆干部每月共发放南疆工作补贴5600元"
    assert first["period"] == "2024年1月1日-2024年12月31日"
    # line 664 prints 至 instead of -
    assert fair["period"] == "2024年1月1日至2024年12月31日"
    assert fair["allocation_text"].startswith("办公费30万元，印刷8.5万元，")
    assert {p["executing_unit"] for p in parsed["projects"]} == {UNIT}
    # line 650: no figure, so no allocation rows for project 13
    assert parsed["projects"][12]["allocation_text"] == "资金全额用于拆除原1号楼及附属设施项目"


def test_allocations(parsed: dict) -> None:
    names = {n: name for n, name, _, _ in PROJECTS}
    expected = [(names[n], item, D(amount), line) for n, item, amount, line in ALLOCATIONS]
    got = [(a["project"], a["item"], a["amount"], a["line"]) for a in parsed["project_allocations"]]
    assert got == expected


def test_quantities(parsed: dict) -> None:
    names = {n: name for n, name, _, _ in PROJECTS}
    expected = [(names[n], item, D(q), unit, line) for n, item, q, unit, line in QUANTITIES]
    got = [
        (q["project"], q["item"], q["quantity"], q["quantity_unit"], q["line"])
        for q in parsed["project_quantities"]
    ]
    assert got == expected


def test_allocations_add_up_to_the_project_amount(parsed: dict) -> None:
    totals: dict[str, D] = {}
    for a in parsed["project_allocations"]:
        totals[a["project"]] = totals.get(a["project"], D(0)) + a["amount"]
    # golden sums: trade fair 30+8.5+80+150+90+280+1323.5 = 1,962.00 (line 662);
    # 行署综合保障项目 25.7 + 24.3 = 50.00 (line 614)
    assert totals[TRADE_FAIR] == D("1962.00")
    assert totals["行署综合保障项目"] == D("50.00")
    # every project that itemises 万元 itemises all of its amount; 1, 8 and 13 itemise none
    itemised = {p["project"]: p["amount"] for p in parsed["projects"] if p["project"] in totals}
    assert totals == itemised
    assert len(itemised) == 11


def test_full_width_and_thousands_separator_read_the_same(real: RawDocument, parsed: dict) -> None:
    fair = real.line(662).replace("1323.5", "1,323.5")
    variant = parse(edited(real, {662: full_width(fair), 658: full_width(real.line(658))}))
    assert variant["project_allocations"] == parsed["project_allocations"]
    assert variant["project_quantities"] == parsed["project_quantities"]
    # texts are canonical too: the thousands separator is dropped
    assert variant["projects"] == parsed["projects"]
    assert variant["projects"][13]["allocation_text"].endswith("委托业务费1323.5万元。")


def test_mixed_brackets_and_broken_name(real: RawDocument, parsed: dict) -> None:
    variant = parse(
        edited(
            real,
            {
                510: "（二）项目名称：军民共建及 慰问项目 1",
                546: "(五) 项目名称: 军民 共建及慰问项目",
            },
        )
    )
    assert variant == parsed


def test_wrapped_allocation_line(real: RawDocument) -> None:
    # 662 is split at a clause; the blank line 663 holds the rest
    head, tail = (
        "资金分配情况：办公费30万元，印刷8.5万元，劳务费80万元，",
        "租赁费150万元，差旅费90万元，其他商品服务支出280万元，委托业务费1323.5万元。",
    )
    variant = parse(edited(real, {662: head, 663: tail}))
    fair = [
        (a["item"], a["line"]) for a in variant["project_allocations"] if a["project"] == TRADE_FAIR
    ]
    assert fair == [
        ("办公费", 662),
        ("印刷", 662),
        ("劳务费", 662),
        ("租赁费", 663),
        ("差旅费", 663),
        ("其他商品服务支出", 663),
        ("委托业务费", 663),
    ]
    assert (
        variant["projects"][13]["allocation_text"]
        == "办公费30万元，印刷8.5万元，劳务费80万元，租赁费150万元，差旅费90万元，"
        "其他商品服务支出280万元，委托业务费1323.5万元。"
    )


def test_unknown_label_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="project label") as err:
        parse(edited(real, {557: "绩效目标：保障双拥工作"}))
    assert err.value.line == 557
    assert err.value.found == "绩效目标"


def test_descriptive_labels_are_read_and_not_kept(real: RawDocument, parsed: dict) -> None:
    # lines 500–508 of project 1 carry 资金来源 … 受益人群和社会效益; their numbers are not rows
    assert all(q["line"] not in range(500, 509) for q in parsed["project_quantities"])
    variant = parse(edited(real, {509: "（另有 3 名干部轮换）"}))  # continues 受益人群…
    assert variant["project_quantities"] == parsed["project_quantities"]


def test_unplaceable_number_is_an_error(real: RawDocument) -> None:
    text = real.line(662).replace("。", "，预留比例 15。")
    with pytest.raises(ParseError, match="cannot place") as err:
        parse(edited(real, {662: text}))
    assert err.value.line == 662


def test_out_of_order_project_number_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match=r"project （6） next") as err:
        parse(edited(real, {558: "（七）项目名称：专班专项业务保障项目"}))
    assert err.value.line == 558


def test_missing_field_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="资金执行时间") as err:
        parse(edited(real, {568: ""}))
    assert err.value.line == 558


def test_bad_amount_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="预算安排规模") as err:
        parse(edited(real, {562: "预算安排规模：3.00 元"}))
    assert err.value.line == 562


def test_place_numbers_inline_variants() -> None:
    text = "一次性支付租金 5 万元，第一次验收 2 个，拆除原 2 号楼，2023 年 12 月 补贴 30 元/人/天"
    money, counts = place_numbers("x.txt", "P", [(3, text)])
    assert [(m["item"], m["amount"]) for m in money] == [("一次性支付租金", D("5.00"))]
    assert [(c["item"], c["quantity"], c["quantity_unit"]) for c in counts] == [
        ("第一次验收", D(2), "个"),
        ("2023年12月补贴", D(30), "元/人/天"),
    ]


def test_place_numbers_needs_a_name() -> None:
    with pytest.raises(ParseError, match="name for the amount"):
        place_numbers("x.txt", "P", [(3, "共计 5 万元")])


def test_rows_fit_the_schema(parsed: dict) -> None:
    """Rows hold exactly the table's columns but unit/year/source, in types the frame accepts."""
    parsed = dict(parsed)
    assert parsed.pop("unplaced") == []  # every number placed
    for name, rows in parsed.items():
        wanted = [
            c
            for c in TABLES[name].columns
            if c not in ("unit", "year", "kind", "source", *CONVERSION_COLUMNS)
        ]
        assert rows and all(set(row) == set(wanted) for row in rows), name
        schema = {c: schema_of(name)[c] for c in wanted}
        frame = pl.DataFrame([{c: row[c] for c in wanted} for row in rows], schema=schema)
        assert frame.height == len(rows)


def test_section_without_projects(real: RawDocument) -> None:
    no_projects = {n: "" for n in range(487, 666)}
    assert parse(edited(real, {**no_projects, 488: "本单位无一般公共预算项目支出。"})) == {
        "projects": [],
        "project_allocations": [],
        "project_quantities": [],
        "unplaced": [],
    }
    with pytest.raises(ParseError, match="project blocks") as err:
        parse(edited(real, {**no_projects, 488: "本单位项目支出 6.72 万元。"}))
    assert err.value.line == 488
