"""Performance-target tables (lines 718–942), checked by hand against the real document."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl
import pytest

from pipeline.errors import ParseError
from pipeline.parse.performance import UNIT_WIDE, parse_performance, parse_target
from pipeline.parse.sections import find_layout
from pipeline.pdf_input import CONVERSION_COLUMNS
from pipeline.reader import RawDocument
from pipeline.schema import TABLES, schema_of
from tests.helpers import edited

SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"
TRADE_FAIR = "喀什商品交易会项目（第十四届）"

# (project, 年度预算总额, 财政, 其他, budget line, indicator rows, weight sum as printed)
PRINTED_TABLES = [
    (UNIT_WIDE, "5069.86", "5069.86", "0.00", 725, 5, 90),  # 726–728: 0.00 + 5,069.86, 其他 0.00
    ("2024年度自治区援疆干部南疆工作补贴项目", "6.72", "6.72", "0.00", 742, 8, 90),
    ("基础设施保障项目", "22.33", "22.33", "0.00", 760, 7, 90),
    ("军民共建及慰问项目", "260.00", "260.00", "0.00", 777, 7, 90),
    (TRADE_FAIR, "1962.00", "1962.00", "0.00", 794, 7, 90),
    ("行署办公室拆除原1号楼及附属设施项目", "155.37", "155.37", "0.00", 811, 8, 90),
    ("行署干部周转房保障项目", "5.11", "5.11", "0.00", 829, 7, 90),
    ("行署机关运行保障项目", "240.00", "240.00", "0.00", 846, 7, 90),
    ("行署重大工作部署落实项目", "150.00", "150.00", "0.00", 863, 8, 90),
    ("行署综合保障项目", "50.00", "50.00", "0.00", 881, 7, 90),
    ("行署总值班工作保障项目", "19.00", "19.00", "0.00", 898, 7, 90),
    ("驻京办专项业务保障项目", "92.89", "92.89", "0.00", 915, 7, 90),
    ("专班专项业务保障项目", "3.00", "3.00", "0.00", 932, 7, 90),
]

# (line, level1, level2, indicator, target_raw, op, value, unit, last_year_raw, weight)
INDICATORS = [
    (730, "履职效能", "数量指标", "保障行署常务会议次数", "≥17 次", ">=", "17", "次", None, 18),
    (734, "履职效能", "质量指标", "政务和维稳双值班率", "=100%", "=", "100", "%", None, 18),
    (745, "产出指标", "数量指标", "发放补助次数", "=12 次", "=", "12", "次", "新增", 10),
    (746, "产出指标", "数量指标", "援疆干部南疆工作补贴人数", "=4 人", "=", "4", "人", "4 人", 10),
    (
        748,
        "产出指标",
        "时效指标",
        "项目完成时间",
        "=2024 年 12 月 25 日前",
        "=",
        None,
        None,
        "新增",
        5,
    ),
    (
        750,
        "成本指标",
        "经济成本指标",
        "1-12月发放补助标准",
        "=1400 元/月 /人",
        "=",
        "1400",
        "元/月/人",
        "新增",
        20,
    ),
    (
        751,
        "效益指标",
        "社会效益指标",
        "提高援疆干部工作积极性",
        "提高",
        None,
        None,
        None,
        "提高",
        20,
    ),
    (752, "满意度指标", "满意度指标", "援疆干部满意度", "> =95%", ">=", "95", "%", "新增", 10),
    (
        766,
        "成本指标",
        "经济成本指标",
        "公寓用房维护成本",
        "<=1 万元/套",
        "<=",
        "1",
        "万元/套",
        "1 万元/套",
        10,
    ),
    (
        767,
        "成本指标",
        "经济成本指标",
        "机关公共区域维护成本",
        "<=14.33 万元",
        "<=",
        "14.33",
        "万元",
        "新增",
        10,
    ),
    (
        768,
        "效益指标",
        "社会效益指标",
        "降低机关公共区域安全隐患",
        "降低",
        None,
        None,
        None,
        "降低",
        20,
    ),
    (780, "产出指标", "数量指标", "慰问部队及公安部门数", "=8 个", "=", "8", "个", "=8 个", 10),
    (
        784,
        "成本指标",
        "经济成本指标",
        "平均节日慰问品成本",
        "< =130 万元/次",
        "<=",
        "130",
        "万元/次",
        "=130 万元/次",
        20,
    ),
    (798, "产出指标", "数量指标", "举办论坛次数", "=12 次", "=", "12", "次", "12 次", 10),
    (
        801,
        "成本指标",
        "经济成本指标",
        "平均举办论坛成本",
        "< =163.50 万元/次",
        "<=",
        "163.50",
        "万元/次",
        "67.33 万元/次",
        20,
    ),
    (815, "产出指标", "质量指标", "项目验收合格率（%）", "=100%", "=", "100", "%", "新增", 10),
    (
        816,
        "产出指标",
        "时效指标",
        "项目完工时间",
        "=2024 年 5 月 20 日前",
        "=",
        None,
        None,
        "新增",
        10,
    ),
    (
        817,
        "成本指标",
        "经济成本指标",
        "拆除原1号楼办公楼成本",
        "<=133.63 万元",
        "<=",
        "133.63",
        "万元",
        "新增",
        10,
    ),
    (820, "效益指标", "社会效益指标", "减少安全隐患", "减少", None, None, None, "新增", 20),
    (
        836,
        "成本指标",
        "经济成本指标",
        "周转房租赁费",
        "<=0.73 万元/套",
        "<=",
        "0.73",
        "万元/套",
        "0.626 万元/套",
        20,
    ),
    (850, "产出指标", "数量指标", "行署机关食堂运行月份", "=12 月", "=", "12", "月", "12 月", 10),
    (
        871,
        "成本指标",
        "经济成本指标",
        "人均运转经费",
        "<=645 元/次",
        "<=",
        "645",
        "元/次",
        "645 元/次",
        10,
    ),
    (
        885,
        "产出指标",
        "数量指标",
        "督导调研人次",
        ">=50 人次/月",
        ">=",
        "50",
        "人次/月",
        "50 人次/月",
        10,
    ),
    (903, "产出指标", "质量指标", "设备故障率", "<=5%", "<=", "5", "%", "5%", 10),
    (905, "成本指标", "经济成本指标", "成本节约率", ">=0%", ">=", "0", "%", "新增", 20),
    (919, "产出指标", "数量指标", "经费支付次数", ">=4 次", ">=", "4", "次", "5 次", 10),
    (
        922,
        "成本指标",
        "经济成本指标",
        "平均经费支付金额",
        "< =23.23 万元/次",
        "<=",
        "23.23",
        "万元/次",
        "20.23 万元/次",
        20,
    ),
    (935, "产出指标", "数量指标", "成立专班数量", "≥2 个", ">=", "2", "个", "新增", 10),
    (
        940,
        "效益指标",
        "社会效益指标",
        "保障工作正常开展，顺利完成各项任务",
        "保障",
        None,
        None,
        None,
        "保障",
        20,
    ),
]


@pytest.fixture(scope="module")
def parsed(real: RawDocument) -> dict[str, list[dict]]:
    return parse_performance(real, find_layout(real))


def parse(doc: RawDocument) -> dict[str, list[dict]]:
    return parse_performance(doc, find_layout(doc))


def by_line(parsed: dict) -> dict[int, dict]:
    return {row["line"]: row for row in parsed["performance_indicators"]}


def test_thirteen_tables(parsed: dict) -> None:
    got = [
        (t["project"], t["total_budget"], t["fiscal_amount"], t["other_amount"], t["line"])
        for t in parsed["performance_tables"]
    ]
    assert got == [(p, D(t), D(f), D(o), line) for p, t, f, o, line, _, _ in PRINTED_TABLES]


def test_indicator_counts_and_weights(parsed: dict) -> None:
    rows = parsed["performance_indicators"]
    assert len(rows) == 92
    for project, *_, count, weights in PRINTED_TABLES:
        mine = [r for r in rows if r["project"] == project]
        assert (project, len(mine)) == (project, count)
        # printed weights add to 90 in every table (the template keeps 10 for budget execution)
        assert (project, sum(r["weight"] for r in mine)) == (project, weights)


def test_indicators_checked_by_hand(parsed: dict) -> None:
    rows = by_line(parsed)
    for line, l1, l2, name, raw, op, value, unit, last, weight in INDICATORS:
        row = rows[line]
        got = (
            row["level1"],
            row["level2"],
            row["indicator"],
            row["target_raw"],
            row["target_op"],
            row["target_value"],
            row["target_unit"],
            row["last_year_raw"],
            row["weight"],
        )
        want = (l1, l2, name, raw, op, None if value is None else D(value), unit, last, weight)
        assert (line, got) == (line, want)


def test_unit_wide_table_has_no_project_columns(parsed: dict) -> None:
    unit_rows = [r for r in parsed["performance_indicators"] if r["project"] == UNIT_WIDE]
    assert [r["line"] for r in unit_rows] == [730, 731, 732, 733, 734]
    assert all(r["basis"] == "2023年行署办公室工作总结" for r in unit_rows)
    assert all(r["last_year_raw"] is r["scoring_rule"] is r["evidence"] is None for r in unit_rows)
    goal = parsed["performance_tables"][0]["goal"]  # line 724
    assert goal.startswith("贯彻落实党的基本理论") and goal.endswith("各项会议顺利召开。")


def test_project_columns(parsed: dict) -> None:
    row = by_line(parsed)[801]  # 计划标准 … 按照完成比例赋分 原始凭证
    assert (row["project"], row["basis"], row["scoring_rule"], row["evidence"]) == (
        TRADE_FAIR,
        "计划标准",
        "按照完成比例赋分",
        "原始凭证",
    )


def test_goal_loses_stray_html(parsed: dict) -> None:
    fair = next(t for t in parsed["performance_tables"] if t["project"] == TRADE_FAIR)
    # line 795 wraps the goal in <p>…</p>
    assert fair["goal"].startswith("主要活动包括新闻发布会")
    assert fair["goal"].endswith("起到促进作用。")
    assert "<" not in fair["goal"]


def test_levels_are_carried_down(parsed: dict) -> None:
    rows = by_line(parsed)
    # line 746 and 749 print neither level; 767 neither; 747 only 二级
    assert (rows[746]["level1"], rows[746]["level2"]) == ("产出指标", "数量指标")
    assert (rows[747]["level1"], rows[747]["level2"]) == ("产出指标", "质量指标")
    assert (rows[749]["level1"], rows[749]["level2"]) == ("产出指标", "时效指标")
    assert (rows[767]["level1"], rows[767]["level2"]) == ("成本指标", "经济成本指标")


def test_full_width_row_reads_the_same(real: RawDocument, parsed: dict) -> None:
    full = real.line(801).replace("< =163.50", "＜＝１６３．５０").replace("67.33", "６７．３３")
    variant = parse(edited(real, {801: full}))
    assert by_line(variant)[801]["target_value"] == D("163.50")
    assert by_line(variant)[801]["last_year_raw"] == "67.33 万元/次"
    assert by_line(variant)[801]["target_raw"] == "<=163.50 万元/次"  # folded, as printed


def test_header_with_a_missing_column_is_an_error(real: RawDocument) -> None:
    header = real.line(796).replace("上年完成值\t", "")
    with pytest.raises(ParseError, match="header has 8 columns, expected 9") as err:
        parse(edited(real, {796: header}))
    assert err.value.line == 796


def test_renamed_header_is_an_error(real: RawDocument) -> None:
    header = real.line(796).replace("指标值设置依据", "指标来源")
    with pytest.raises(ParseError, match="template changed"):
        parse(edited(real, {796: header}))


def test_repeated_header_after_a_page_break_is_skipped(real: RawDocument, parsed: dict) -> None:
    variant = parse(edited(real, {753: real.line(744)}))  # blank line after the last row
    assert variant == parsed


def test_unreadable_target_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="target like") as err:
        parse(edited(real, {798: real.line(798).replace("=12 次", "约12次")}))
    assert err.value.line == 798


def test_fractional_weight_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="whole-number weight") as err:
        parse(edited(real, {798: real.line(798).replace("\t10\t", "\t10.5\t")}))
    assert err.value.line == 798


def test_new_level1_without_level2_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="二级指标") as err:
        parse(edited(real, {750: real.line(750).replace("经济 成本 指标", "")}))
    assert err.value.line == 750


def test_unknown_label_above_the_grid_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="performance table label") as err:
        parse(edited(real, {757: "资金用途\t\t慰问\t"}))  # blank line above 预算单位
    assert err.value.line == 757


def test_wrong_year_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="year 2024") as err:
        parse(edited(real, {756: "(2023 年)"}))
    assert err.value.line == 756


def test_other_unit_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="the unit") as err:
        parse(edited(real, {758: real.line(758).replace("办公室", "财政局")}))
    assert err.value.line == 758


def test_parse_target_variants() -> None:
    assert parse_target("≥2 个") == (">=", D(2), "个")
    assert parse_target("＞＝９５％") == (">=", D(95), "%")
    assert parse_target("100%") == (None, D(100), "%")
    assert parse_target("<=0.73 万元/套") == ("<=", D("0.73"), "万元/套")
    assert parse_target("保障") == (None, None, None)
    assert parse_target("=2024 年 5 月 20 日前") == ("=", None, None)
    with pytest.raises(ValueError):
        parse_target("约 12 次")
    with pytest.raises(ValueError):
        parse_target("=12 次 / 3 人")


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
