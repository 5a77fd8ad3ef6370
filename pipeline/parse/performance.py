"""Performance-target tables (绩效目标表): one unit-wide table and one per project.

Each table has a few labelled rows (name, budget, goal), then an indicator grid whose header
is asserted cell by cell.  一级/二级指标 are merged cells in the PDF, printed only on the
first row they cover, so they are carried down.  Targets are kept as printed and also split
into comparison, number and unit where the target is numeric.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

from pipeline.errors import ParseError
from pipeline.parse.fields import prose
from pipeline.parse.gaps import Unread, line_rows, settle
from pipeline.parse.sections import Layout, Span, folded_cells, folded_lines
from pipeline.reader import RawDocument
from pipeline.schema import UNIT_WIDE
from pipeline.template import PerformanceLabels
from pipeline.template.roles import PERFORMANCE_TARGETS
from pipeline.text import NUMBER, clean_name, fold, is_number, parse_decimal

"""`project` value of the unit-wide table in every edition (单位整体绩效目标表, 部门整体…)."""

_YEAR = re.compile(r"^\(\s*(\d{4})\s*年\s*\)$")
_NUMERIC_TARGET = re.compile(rf"^(>=|<=|=|>|<)?({NUMBER})(\D*)$")
_DATE_TARGET = re.compile(
    r"^(>=|<=|=|>|<)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"(?:前|之前|以前|底)?$"
)
_DIGIT = re.compile(r"\d")
_ZERO = Decimal("0.00")
_WEIGHT = re.compile(r"\d+")
_OPS = {"≥": ">=", "≤": "<=", "⩾": ">=", "⩽": "<="}


def parse_performance(
    doc: RawDocument, layout: Layout, strict: bool = True
) -> dict[str, list[dict]]:
    """Performance tables and their indicator rows, read by the labels the edition declares
    (`Template.performance`).  A table that cannot be read is left out whole and its
    numbers are `unplaced` (role `performance_targets`) — strict, it raises."""
    tables: list[dict] = []
    indicators: list[dict] = []
    unread: list[Unread] = []
    for kind, span in layout.performance:
        try:
            table, rows = parse_block(doc, layout, kind, span)
            if any(t["project"] == table["project"] for t in tables):
                raise ParseError(
                    doc.source, table["line"], "one performance table per project", table["project"]
                )
        except ParseError as error:
            lines = [(n, doc.line(n)) for n in span.numbers() if doc.line(n).strip()]
            unread.append(Unread(error, line_rows("narrative", PERFORMANCE_TARGETS, lines, error)))
            continue
        tables.append(table)
        indicators += rows
    return {
        "performance_tables": tables,
        "performance_indicators": indicators,
        "unplaced": settle(unread, strict),
    }


def _cells(folded: str) -> list[str]:
    """Tab-separated cells of a folded line, stripped, trailing blanks dropped."""
    cells = list(map(str.strip, folded.split("\t")))
    while cells and not cells[-1]:
        cells.pop()
    return cells


def parse_block(doc: RawDocument, layout: Layout, kind: str, span: Span) -> tuple[dict, list[dict]]:
    """One table: its `performance_tables` row and its `performance_indicators` rows."""
    labels = layout.template.performance
    if kind not in labels.headings:
        raise ParseError(
            doc.source,
            span.start,
            f"a performance table heading ({' or '.join(labels.headings)})",
            kind,
        )
    unit_wide = kind == labels.unit_heading
    header = labels.unit_header if unit_wide else labels.project_header
    table: dict = {
        "project": UNIT_WIDE if unit_wide else None,
        "total_budget": None,
        "fiscal_amount": None,
        "other_amount": None,
        "goal": None,
        "line": None,
    }
    money: list[tuple[str, Decimal, int]] = []
    section = None  # which labelled row the current blank-led row continues
    rows: list[dict] = []
    seen_header = False
    folded, stripped = folded_cells(doc), folded_lines(doc)
    for number in range(span.start + 1, span.end):
        if not stripped[number - 1]:
            continue  # a blank line: no cells
        cells = _cells(folded[number - 1])
        if not seen_header:
            if _YEAR.match(cells[0]) and len(cells) == 1:
                year = int(_YEAR.match(cells[0]).group(1))
                if year != layout.year:
                    raise ParseError(doc.source, number, f"year {layout.year}", cells[0])
                continue
            if clean_name(cells[0]) == header[0]:
                _check_header(doc, number, cells, header)
                seen_header = True
                continue
            section = _label_row(doc, layout, number, cells, section, table, money)
            continue
        if clean_name(cells[0]) == header[0]:  # header repeated after a page break
            _check_header(doc, number, cells, header)
            continue
        rows.append(_indicator(doc, number, cells, labels, header, rows[-1] if rows else None))
    if not seen_header:
        raise ParseError(doc.source, span.start, f"an indicator header row '{header[0]} …'")
    if table["project"] is None:
        raise ParseError(doc.source, span.start, f"a '{labels.project_name[0]}' row")
    if not money:
        raise ParseError(doc.source, span.start, "a budget row (年度预算 / 项目资金)")
    _fill_budget(doc, table, money)
    for row in rows:
        row["project"] = table["project"]
    return table, rows


def _check_header(doc: RawDocument, number: int, cells: list[str], header: tuple[str, ...]) -> None:
    names = tuple(clean_name(c) for c in cells)
    if len(names) != len(header):
        raise ParseError(
            doc.source,
            number,
            f"performance table header has {len(names)} columns, expected "
            f"{len(header)} — template changed? ({' '.join(header)})",
            " ".join(names),
        )
    if names != header:
        raise ParseError(
            doc.source,
            number,
            f"performance table header {' '.join(header)} — template changed?",
            " ".join(names),
        )


def _label_row(
    doc: RawDocument,
    layout: Layout,
    number: int,
    cells: list[str],
    section: str | None,
    table: dict,
    money: list,
) -> str | None:
    """Read one row above the indicator header; return what a following blank-led row continues."""
    label = clean_name(cells[0])
    values = [c for c in cells[1:] if c]
    labels = layout.template.performance
    if label in labels.unit_name:
        if not values or clean_name(values[0]) != layout.unit:
            raise ParseError(
                doc.source, number, f"the unit '{layout.unit}'", values[0] if values else ""
            )
        return None
    if label in labels.contact:
        return None  # contact person and phone: not budget data, deliberately not kept
    if label in labels.project_name:
        if not values:
            raise ParseError(doc.source, number, "a project name", "")
        table["project"] = clean_name(values[0])
        return None
    if label in labels.goal:
        table["goal"] = prose(values[0]) if values else None
        return "goal"
    if label in labels.money:
        table["line"] = number
        _money_cells(doc, layout, number, values, None, money)
        return "money"
    if label:
        known = (*labels.project_name, *labels.money, *labels.goal)
        raise ParseError(
            doc.source, number, f"a performance table label ({', '.join(known)} …)", label
        )
    if section == "goal" and values:
        table["goal"] = prose((table["goal"] or "") + "".join(values))  # wrapped goal text
        return "goal"
    if section == "money":
        _money_cells(doc, layout, number, values, money[-1][0] if money else None, money)
        return "money"
    raise ParseError(
        doc.source, number, "a labelled row above the indicator header", doc.line(number).strip()
    )


def _money_cells(
    doc: RawDocument,
    layout: Layout,
    number: int,
    values: list[str],
    group: str | None,
    money: list[tuple[str, Decimal, int]],
) -> None:
    """Pair each amount with the nearest group label before it (财政 / 其他 / 总额)."""
    labels = layout.template.performance
    for value in values:
        name = clean_name(value)
        if name in labels.fiscal:
            group = "fiscal"
        elif name in labels.other:
            group = "other"
        elif name in labels.total:
            group = "total"
        elif is_number(value):
            if group is None:
                raise ParseError(
                    doc.source,
                    number,
                    "a label (财政拨款 / 其他资金 / 年度预算总额) "
                    "before the amount (a number the parser cannot place)",
                    value,
                )
            try:
                amount = parse_decimal(value, places=2)
            except ValueError as exc:
                raise ParseError(doc.source, number, "an amount to 0.01 万元", value) from exc
            money.append((group, amount, number))
        elif _DIGIT.search(value):
            raise ParseError(doc.source, number, "an amount in 万元", value)
        # other words (资金来源, 上级安排, 本级安排, 其他) name parts within a group


def _fill_budget(doc: RawDocument, table: dict, money: list[tuple[str, Decimal, int]]) -> None:
    parts = {"fiscal": _ZERO, "other": _ZERO}
    totals = [amount for group, amount, _ in money if group == "total"]
    for group, amount, _ in money:
        if group in parts:
            parts[group] += amount
    if len(totals) > 1:
        raise ParseError(doc.source, money[0][2], "one 年度预算总额", f"{len(totals)} totals")
    table["fiscal_amount"] = parts["fiscal"]
    table["other_amount"] = parts["other"]
    table["total_budget"] = totals[0] if totals else parts["fiscal"] + parts["other"]


@cache
def _keys(labels: PerformanceLabels, header: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """Indicator columns of a header, and where the weight (the last required cell) stands
    (labels hash by identity: one entry per edition and header)."""
    column_of = dict(labels.columns)
    keys = tuple(column_of[h] for h in header)
    return keys, keys.index("weight")


def _indicator(
    doc: RawDocument,
    number: int,
    cells: list[str],
    labels: PerformanceLabels,
    header: tuple[str, ...],
    previous: dict | None,
) -> dict:
    keys, weight_at = _keys(labels, header)
    if len(cells) > len(header) or len(cells) <= weight_at:  # only trailing blanks may be missing
        raise ParseError(
            doc.source, number, f"an indicator row of {len(header)} cells", f"{len(cells)} cells"
        )
    raw = dict(zip(keys, cells, strict=False))  # missing trailing cells are read as "" below
    level1 = clean_name(raw["level1"]) or (previous["level1"] if previous else None)
    if level1 is None:
        raise ParseError(doc.source, number, f"a {header[0]} on the first indicator row", "")
    level2 = clean_name(raw["level2"]) or (previous["level2"] if previous else None)
    if level2 is None:
        raise ParseError(doc.source, number, f"a {header[1]} on the first indicator row", "")
    if raw["level1"] and not raw["level2"]:
        raise ParseError(doc.source, number, "a 二级指标 where a new 一级指标 starts", "")
    indicator = clean_name(raw["indicator"])
    if not indicator:
        raise ParseError(doc.source, number, "a 三级指标 (indicator name)", "")
    target = " ".join(raw["target_raw"].split())
    if not target:
        raise ParseError(doc.source, number, f"a 指标值 for '{indicator}'", "")
    try:
        op, value, unit = parse_target(target)
    except ValueError as exc:
        raise ParseError(
            doc.source,
            number,
            "a target like '>=95%', '=12 次', '提高' or '=2024 年 12 月 20 日前'",
            target,
        ) from exc
    basis = prose(raw["basis"]) or None
    last_year = " ".join(raw.get("last_year_raw", "").split()) or None
    weight = raw["weight"]
    if not _WEIGHT.fullmatch(weight):
        raise ParseError(doc.source, number, "a whole-number weight (分值权重)", weight)
    return {
        "project": None,
        "level1": level1,
        "level2": level2,
        "indicator": indicator,
        "target_raw": target,
        "target_op": op,
        "target_value": value,
        "target_unit": unit,
        "basis": basis,
        "last_year_raw": last_year,
        "weight": int(weight),
        "scoring_rule": prose(raw.get("scoring_rule", "")) or None,
        "evidence": prose(raw.get("evidence", "")) or None,
        "line": number,
    }


@lru_cache(maxsize=1 << 14)
def parse_target(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """Comparison, number and unit of a printed target; all None for a verbal target.

    Date targets keep the printed comparison but no number or unit (the date stays in
    `target_raw`).  A target with digits in any other shape raises ValueError.

    >>> parse_target("< =163.50 万元/次")
    ('<=', Decimal('163.50'), '万元/次')
    >>> parse_target("≥17 次"), parse_target("> =95%")
    (('>=', Decimal('17'), '次'), ('>=', Decimal('95'), '%'))
    >>> parse_target("=1400 元/月 /人")
    ('=', Decimal('1400'), '元/月/人')
    >>> parse_target("提高"), parse_target("=2024 年 12 月 25 日前")
    ((None, None, None), ('=', None, None))
    """
    compact = "".join(fold(text).split())
    for symbol, op in _OPS.items():
        compact = compact.replace(symbol, op)
    if not _DIGIT.search(compact):
        return None, None, None
    date = _DATE_TARGET.match(compact)
    if date:
        return date.group(1), None, None
    match = _NUMERIC_TARGET.match(compact)
    if not match:
        raise ValueError(f"{text!r} is not a target")
    return match.group(1), parse_decimal(match.group(2)), match.group(3) or None
