"""What each disclosure table holds for a synthetic budget: rows of amounts by column.

Tables are keyed by role (`pipeline.template.TABLE_ROLES`): an edition decides which it
prints and under which number.  One `RowSpec` per printed row (per side for the two-sided
tables 1 and 4).  The renderer turns them into tab-separated lines; the oracle turns them
into line-item records.  Zero amounts are left out: the documents print them as blank cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.synth.model import (
    ALL_CLASSES,
    ECONOMIC_NAMES,
    FUNCTIONAL_NAMES,
    ZERO,
    SyntheticBudget,
)

# Table 1's income side in print order: label as printed, the row it nests under (its
# 一、/1./其中： context) and which budget figure fills it.
_GPB, _CARRY = "一般公共预算拨款", "财政拨款结转"
INCOME_ROWS_T1: tuple[tuple[str, str | None, str | None], ...] = (
    ("一、本年收入", None, "fiscal"),
    ("1. 一般公共预算拨款", "本年收入", "gpb"),
    ("其中：一般财力", _GPB, "general"),
    ("上级一般公共预算安排转移支付", _GPB, "transfer"),
    ("2. 政府性基金预算拨款", "本年收入", "fund"),
    ("其中：政府性基金收入", "政府性基金预算拨款", "fund"),
    ("上级政府性基金安排转移支付", "政府性基金预算拨款", None),
    ("3. 国有资本经营预算拨款", "本年收入", None),
    ("其中：国有资本经营收入", "国有资本经营预算拨款", None),
    ("上级国有资本经营预算安排转移支付", "国有资本经营预算拨款", None),
    ("4. 财政专户核拨", "本年收入", None),
    ("5. 单位资金", "本年收入", None),
    ("其中：事业收入", "单位资金", None),
    ("上级补助收入", "单位资金", None),
    ("附属单位上缴收入", "单位资金", None),
    ("事业单位经营收入", "单位资金", None),
    ("其他收入", "单位资金", None),
    ("二、上年结转结余", None, "carry"),
    ("1. 财政拨款结转", "上年结转结余", "carry"),
    ("其中：一般公共预算拨款", _CARRY, "carry"),
    ("政府性基金预算拨款", _CARRY, None),
    ("国有资本经营预算拨款", _CARRY, None),
    ("2. 非财政拨款结转结余", "上年结转结余", None),
    ("其中：财政专户核拨", "非财政拨款结转结余", None),
    ("单位资金", "非财政拨款结转结余", None),
)
INCOME_ROWS_T4: tuple[tuple[str, str | None, str | None], ...] = (
    ("一、财政拨款（补助）", None, "fiscal"),
    ("一般公共预算", "财政拨款（补助）", "gpb"),
    ("政府性基金预算", "财政拨款（补助）", "fund"),
    ("国有资本经营预算", "财政拨款（补助）", None),
)
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\. |其中：)")
_CARS = "公务用车购置及运行费（小计）"
THREE_PUBLIC_ROWS: tuple[tuple[str, str | None], ...] = (
    ("合计", None),
    ("因公出国（境）费", None),
    ("公务接待费", None),
    (_CARS, None),
    ("其中：公务用车购置费", _CARS),
    ("公务用车运行费", _CARS),
)


@dataclass(frozen=True)
class RowSpec:
    """One printed row (one side of it in tables 1 and 4) and its amounts by column number."""

    key: tuple
    item: str
    values: dict[int, Decimal]
    code: str | None = None
    classification: str | None = None
    project: str | None = None
    side: str | None = None
    label: str | None = None  # the label as printed, when it differs from `item`
    parent: str | None = None  # the row a nested row (其中 …) belongs to
    budget_unit: str | None = None  # the unit whose row it is grouped under (or names)

    @property
    def printed(self) -> str:
        return self.label if self.label is not None else self.item

    @property
    def level(self) -> int | None:
        if self.code is None:
            return None
        if self.classification == "economic":
            return 1 if len(self.code) == 3 else 2
        return {3: 1, 5: 2, 7: 3}[len(self.code)]


_ATTRS = (
    "total",
    "gpb",
    "general",
    "transfer",
    "carry",
    "basic",
    "project",
    "gpb_basic",
    "gpb_project",
    "fund",
    "fiscal",
)


class _Sums:
    """Sums of each line attribute under every code prefix, computed once per budget."""

    def __init__(self, budget: SyntheticBudget):
        self.sums: dict[str, dict[str, Decimal]] = {}
        for line in budget.lines:
            values = {a: getattr(line, a) for a in _ATTRS}
            for prefix in ("", line.code[:3], line.code[:5], line.code):
                bucket = self.sums.setdefault(prefix, dict.fromkeys(_ATTRS, ZERO))
                for attr, value in values.items():
                    bucket[attr] += value

    def __call__(self, prefix: str, attr: str) -> Decimal:
        bucket = self.sums.get(prefix)
        return bucket[attr] if bucket else ZERO


def _nonzero(values: dict[int, Decimal]) -> dict[int, Decimal]:
    return {k: v for k, v in values.items() if v != 0}


def _functional(budget: SyntheticBudget, columns: dict[int, str], sums: _Sums) -> list[RowSpec]:
    """Total, then 类/款/项 rows in code order, each column the sum of a line attribute."""
    rows = [
        RowSpec(
            ("total",),
            "总计",
            _nonzero({c: sums("", a) for c, a in columns.items()}),
            classification="functional",
        )
    ]
    seen: set[str] = set()
    for line in budget.lines:
        for prefix in (line.code[:3], line.code[:5], line.code):
            if prefix in seen:
                continue
            seen.add(prefix)
            values = _nonzero({c: sums(prefix, a) for c, a in columns.items()})
            if values:
                rows.append(
                    RowSpec(
                        ("code", prefix), FUNCTIONAL_NAMES[prefix], values, prefix, "functional"
                    )
                )
    return rows


def _income(
    budget: SyntheticBudget, layout: tuple[tuple[str, str | None, str | None], ...]
) -> list[RowSpec]:
    figures = {
        "gpb": budget.gpb,
        "general": budget.general,
        "transfer": budget.transfer,
        "carry": budget.carry_total,
        "fund": budget.fund,
        "fiscal": budget.fiscal,
    }
    return [
        RowSpec(
            ("income", index),
            _ENUMERATOR.sub("", label),
            _nonzero({1: figures[key]}) if key else {},
            side="income",
            label=label,
            parent=parent,
        )
        for index, (label, parent, key) in enumerate(layout)
    ]


def _classes(columns: dict[int, str], sums: _Sums) -> list[RowSpec]:
    return [
        RowSpec(
            ("class", code),
            name,
            _nonzero({c: sums(code, a) for c, a in columns.items()}),
            code,
            "functional",
            side="expenditure",
        )
        for code, name in ALL_CLASSES
    ]


TWO_SIDED = ("income_expenditure_summary", "fiscal_summary")
"""Tables 1 and 4: an income row beside each expenditure row."""
EMPTY = {
    "government_fund_expenditure": "政府性基金预算拨款安排的支出",
    "state_capital_expenditure": "国有资本经营预算拨款安排的支出",
}
"""Tables a synthetic unit never fills, with what their note says was not used."""
NO_PROJECTS = "一般公共预算拨款安排的项目支出"
"""What the project table of a unit without projects says was not used."""


def empty_tables(budget: SyntheticBudget) -> dict[str, str]:
    """The tables the budget prints empty (with a note), with what they did not use."""
    empty = dict(EMPTY)
    if budget.fund:
        del empty["government_fund_expenditure"]
    if not budget.projects:
        empty["project_expenditure"] = NO_PROJECTS
    return empty


def table_rows(budget: SyntheticBudget) -> dict[str, list[RowSpec]]:
    """Every table's rows by role, in print order (the empty tables have none)."""
    sums = _Sums(budget)
    t1_right = _classes({1: "total"}, sums)
    t4_right = _classes({1: "fiscal", 2: "gpb", 3: "fund"}, sums)
    total = budget.total
    tables: dict[str, list[RowSpec]] = {
        "income_expenditure_summary": [
            *_income(budget, INCOME_ROWS_T1),
            *t1_right,
            RowSpec(("sum", "income"), "收入总计", {1: total}, side="income"),
            RowSpec(
                ("sum", "expenditure"),
                "支出总计",
                {1: total},
                classification="functional",
                side="expenditure",
            ),
        ],
        "income_by_function": _functional(
            budget,
            {1: "total", 2: "fiscal", 3: "general", 4: "transfer", 5: "fund", 11: "carry"},
            sums,
        ),
        "expenditure_by_function": _functional(
            budget, {1: "total", 2: "basic", 3: "project"}, sums
        ),
        "fiscal_summary": [
            *_income(budget, INCOME_ROWS_T4),
            *t4_right,
            RowSpec(("sum", "income"), "收入总计", _nonzero({1: budget.fiscal}), side="income"),
            RowSpec(
                ("sum", "expenditure"),
                "支出总计",
                _nonzero({1: budget.fiscal, 2: budget.gpb, 3: budget.fund}),
                classification="functional",
                side="expenditure",
            ),
        ],
        "general_budget_by_function": _functional(
            budget, {1: "gpb", 2: "gpb_basic", 3: "gpb_project"}, sums
        ),
        "basic_by_economic_class": _economic(budget),
        "project_expenditure": _projects(budget) if budget.projects else [],
        "government_fund_expenditure": (
            _functional(budget, {1: "fund", 4: "fund"}, sums) if budget.fund else []
        ),
        "state_capital_expenditure": [],
        "sangong": _three_public(budget),
        "carryover": _carry(budget),
    }
    return tables


def _economic(budget: SyntheticBudget) -> list[RowSpec]:
    rows = [
        RowSpec(
            ("total",),
            "总计",
            _nonzero(
                {1: budget.personnel + budget.public_use, 2: budget.personnel, 3: budget.public_use}
            ),
            classification="economic",
        )
    ]
    seen: set[str] = set()
    for line in budget.economic:
        for code in (line.code[:3], line.code):
            if code in seen:
                continue
            seen.add(code)
            amount = budget.economic_total(code)
            column = 3 if code.startswith("302") else 2
            rows.append(
                RowSpec(
                    ("code", code),
                    ECONOMIC_NAMES[code],
                    _nonzero({1: amount, column: amount}),
                    code,
                    "economic",
                )
            )
    return rows


def _projects(budget: SyntheticBudget) -> list[RowSpec]:
    """Total, then (under each budget unit's row, when the unit has subordinates) 类/款
    subtotals and project rows."""

    def sums(mine) -> dict[int, Decimal]:
        values: dict[int, Decimal] = {1: sum((p.amount for p in mine), ZERO)}
        for p in mine:
            values[p.column] = values.get(p.column, ZERO) + p.amount
        return _nonzero(values)

    rows = [RowSpec(("total",), "总计", sums(budget.projects), classification="functional")]
    grouped = bool(budget.subordinates)
    for unit in budget.budget_units if grouped else (None,):
        projects = [p for p in budget.projects if p.budget_unit == unit]
        if not projects:
            continue
        if grouped:
            rows.append(
                RowSpec(
                    ("unit", unit),
                    unit,
                    sums(projects),
                    classification="functional",
                    budget_unit=unit,
                )
            )
        seen: set[str] = set()
        for project in projects:
            for prefix in (project.code[:3], project.code[:5]):
                if prefix not in seen:
                    seen.add(prefix)
                    mine = [p for p in projects if p.code.startswith(prefix)]
                    rows.append(
                        RowSpec(
                            ("code", unit, prefix),
                            FUNCTIONAL_NAMES[prefix],
                            sums(mine),
                            prefix,
                            "functional",
                            budget_unit=unit,
                        )
                    )
            rows.append(
                RowSpec(
                    ("project", project.no),
                    FUNCTIONAL_NAMES[project.code],
                    {1: project.amount, project.column: project.amount},
                    project.code,
                    "functional",
                    project=project.name,
                    budget_unit=unit,
                )
            )
    return rows


def _three_public(budget: SyntheticBudget) -> list[RowSpec]:
    three = budget.three_public
    amounts = (
        three.total.amount,
        three.abroad.amount,
        three.reception.amount,
        three.cars,
        three.car_purchase.amount,
        three.car_running.amount,
    )
    return [
        RowSpec(
            ("three", index),
            _ENUMERATOR.sub("", label),
            _nonzero({1: amount, 2: amount}),
            label=label,
            parent=parent,
        )
        for index, ((label, parent), amount) in enumerate(
            zip(THREE_PUBLIC_ROWS, amounts, strict=True)
        )
    ]


_CARRY_COLUMN = {"personnel": 3, "public": 4, "project": 5}


def _carry(budget: SyntheticBudget) -> list[RowSpec]:
    """Total, then each budget unit's row and its carry-over items (the unit itself only,
    unless it has subordinates)."""

    def values(items) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for item in items:
            for column in (1, 2, _CARRY_COLUMN[item.kind]):
                out[column] = out.get(column, ZERO) + item.amount
        return _nonzero(out)

    rows = [RowSpec(("total",), "总计", values(budget.carry))]
    for unit in budget.budget_units:
        mine = [
            (i, item)
            for i, item in enumerate(budget.carry)
            if (item.budget_unit or budget.unit) == unit
        ]
        if not mine:
            continue
        key = ("unit",) if unit == budget.unit else ("unit", unit)
        rows.append(RowSpec(key, unit, values([item for _, item in mine]), budget_unit=unit))
        rows += [
            RowSpec(
                ("carry", index), item.name, values([item]), project=item.name, budget_unit=unit
            )
            for index, item in mine
        ]
    return rows
