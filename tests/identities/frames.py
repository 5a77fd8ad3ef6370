"""Small in-memory clean frames for the identity tests (figures copied from the real
document, data/raw/kashgar-admin-office_2024_budget.txt, at the lines cited)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.schema import schema_of
from pipeline.template import DEFAULT_TEMPLATE

UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"
SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"

_LEVEL = {3: 1, 5: 2, 7: 3}


def cell(
    table: int,
    item: str,
    measure: str,
    amount: str,
    line: int,
    *,
    code: str | None = None,
    side: str | None = None,
    project: str | None = None,
    path: str | None = None,
    unit: str = UNIT,
    year: int = 2024,
) -> dict:
    """One line_items row of the table printed as 表`table` in the 2024 edition."""
    return {
        "unit": unit,
        "year": year,
        "kind": "budget",
        "table_no": table,
        "table_role": DEFAULT_TEMPLATE.table_numbered(table).role,
        "table_title": f"表{table}",
        "classification": None
        if code is None
        else ("economic" if code.startswith("3") else "functional"),
        "code": code,
        "level": None if code is None else _LEVEL[len(code)],
        "item": item,
        "project": project,
        "measure": measure,
        "measure_path": path or measure,
        "column_no": None,
        "side": side,
        "amount": Decimal(amount),
        "source": SOURCE,
        "line": line,
    }


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows as a frame with the clean table's schema."""
    return pl.DataFrame(rows, schema=schema_of(table))


def row_cells(
    table: int,
    item: str,
    line: int,
    measures: tuple[str, ...],
    amounts: tuple[str | None, ...],
    **kw: object,
) -> list[dict]:
    """The non-blank cells of one printed row (None = blank cell)."""
    return [
        cell(table, item, m, a, line, **kw)  # type: ignore[arg-type]
        for m, a in zip(measures, amounts, strict=True)
        if a is not None
    ]


T6 = ("合计", "人员经费", "公用经费")


def table6() -> list[dict]:
    """Table 6 (lines 268–294) as printed."""
    rows = [
        ("总计", None, 268, ("2,099.75", "1,960.02", "139.74")),
        ("工资福利支出", "301", 269, ("1,798.90", "1,798.90", None)),
        ("基本工资", "30101", 270, ("405.01", "405.01", None)),
        ("津贴补贴", "30102", 271, ("505.83", "505.83", None)),
        ("奖金", "30103", 272, ("251.09", "251.09", None)),
        ("绩效工资", "30107", 273, ("12.15", "12.15", None)),
        ("机关事业单位基本养老保险缴费", "30108", 274, ("160.42", "160.42", None)),
        ("职工基本医疗保险缴费", "30110", 275, ("68.18", "68.18", None)),
        ("公务员医疗补助缴费", "30111", 276, ("12.37", "12.37", None)),
        ("其他社会保障缴费", "30112", 277, ("4.86", "4.86", None)),
        ("住房公积金", "30113", 278, ("136.44", "136.44", None)),
        ("其他工资福利支出", "30199", 279, ("242.55", "242.55", None)),
        ("商品和服务支出", "302", 280, ("139.74", None, "139.74")),
        ("办公费", "30201", 281, ("5.01", None, "5.01")),
        ("邮电费", "30207", 282, ("9.20", None, "9.20")),
        ("取暖费", "30208", 283, ("16.77", None, "16.77")),
        ("差旅费", "30211", 284, ("15.04", None, "15.04")),
        ("专用材料费", "30218", 285, ("0.78", None, "0.78")),
        ("工会经费", "30228", 286, ("21.01", None, "21.01")),
        ("公务用车运行维护费", "30231", 287, ("31.50", None, "31.50")),
        ("其他交通费用", "30239", 288, ("2.28", None, "2.28")),
        ("其他商品和服务支出", "30299", 289, ("38.14", None, "38.14")),
        ("对个人和家庭的补助", "303", 290, ("161.12", "161.12", None)),
        ("退休费", "30302", 291, ("96.76", "96.76", None)),
        ("抚恤金", "30304", 292, ("19.84", "19.84", None)),
        ("生活补助", "30305", 293, ("9.92", "9.92", None)),
        ("其他对个人和家庭的补助", "30399", 294, ("34.60", "34.60", None)),
    ]
    out: list[dict] = []
    for item, code, line, amounts in rows:
        out += row_cells(
            6, item, line, T6, tuple(a.replace(",", "") if a else None for a in amounts), code=code
        )
    return out


def table10() -> list[dict]:
    """Table 10 (lines 374–379): only the printed cells."""
    m = ("合计", "一般公共预算")
    return (
        row_cells(10, "合计", 374, m, ("31.50", "31.50"))
        + row_cells(10, "公务用车购置及运行费（小计）", 377, m, ("31.50", "31.50"))
        + row_cells(10, "公务用车运行费", 379, m, ("31.50", "31.50"))
    )
