"""The oracle: what a correct parser must read from a rendered synthetic document.

Values come from the budget (not from the rendered text); only line numbers are taken
from where the renderer wrote each row or sentence.  What the edition prints follows its
declaration: the tables it has (numbers, titles, roles), the sections it has (numerals,
roles), its title.  Rows have the clean-table columns of `pipeline.schema` except unit,
year and source, as the parser interface asks.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.schema import UNIT_WIDE
from pipeline.synth.model import (
    FUNCTIONAL_NAMES,
    PROJECT_COLUMNS,
    ZERO,
    Change,
    SyntheticBudget,
    pct,
)
from pipeline.synth.render import (
    COLUMNS,
    DEFAULT,
    UNKNOWN_FIGURES,
    RenderVariant,
    render_lines,
)
from pipeline.synth.tables import TWO_SIDED, RowSpec, empty_tables, table_rows
from pipeline.template import DEFAULT_TEMPLATE, Template
from pipeline.text import clean_name

"""`project` of the unit-wide performance table (单位整体绩效目标表)."""

_T2 = (
    "总计",
    "财政拨款（补助）/财政拨款（补助）小计",
    "财政拨款（补助）/一般公共预算",
    "财政拨款（补助）/上级一般公共预算安排的转移支付",
    "财政拨款（补助）/政府性基金预算",
    "财政拨款（补助）/上级政府性基金安排的转移支付",
    "财政拨款（补助）/国有资本经营预算",
    "财政拨款（补助）/上级国有资本经营预算安排的转移支付",
    "财政专户（教育收费）",
    "单位资金",
    "财政拨款结转",
    "非财政拨款结转结余",
)
_T11 = (
    "总计",
    "财政拨款/合计",
    "财政拨款/基本支出/人员经费",
    "财政拨款/基本支出/公用经费",
    "财政拨款/项目支出",
    "非财政拨款/合计",
    "非财政拨款/基本支出/人员经费",
    "非财政拨款/基本支出/公用经费",
    "非财政拨款/项目支出",
)

MEASURE_PATHS: dict[str, dict[int, str]] = {
    "income_by_function": dict(enumerate(_T2, start=1)),
    "expenditure_by_function": {1: "支出预算/合计", 2: "支出预算/基本支出", 3: "支出预算/项目支出"},
    "general_budget_by_function": {
        1: "一般公共预算支出/合计",
        2: "一般公共预算支出/基本支出",
        3: "一般公共预算支出/项目支出",
    },
    "basic_by_economic_class": {
        1: "一般公共预算基本支出/合计",
        2: "一般公共预算基本支出/人员经费",
        3: "一般公共预算基本支出/公用经费",
    },
    "project_expenditure": dict(enumerate(("项目支出合计", *PROJECT_COLUMNS), start=1)),
    "government_fund_expenditure": {
        1: "政府性基金预算支出/合计",
        2: "政府性基金预算支出/基本支出/人员经费",
        3: "政府性基金预算支出/基本支出/公用经费",
        4: "政府性基金预算支出/项目支出",
    },
    "sangong": {
        1: "合计",
        2: "资金来源/一般公共预算",
        3: "资金来源/政府性基金",
        4: "资金来源/国有资本经营预算",
    },
    "carryover": dict(enumerate(_T11, start=1)),
}
# Two-sided tables have no ※ row: (side, column) → path.
SIDE_PATHS: dict[str, dict[tuple[str, int], str]] = {
    "income_expenditure_summary": {("income", 1): "收入/预算数", ("expenditure", 1): "支出/预算数"},
    "fiscal_summary": {
        ("income", 1): "财政拨款收入/合计",
        ("expenditure", 1): "财政拨款支出/合计",
        ("expenditure", 2): "财政拨款支出/一般公共预算",
        ("expenditure", 3): "财政拨款支出/政府性基金预算",
        ("expenditure", 4): "财政拨款支出/国有资本经营预算",
    },
}


def _measure(path: str) -> str:
    return clean_name(path.rsplit("/", 1)[-1])


def printed(role: str, row: RowSpec, variant: RenderVariant) -> dict[int, Decimal]:
    """The amounts a row prints by column: its values, and a zero in every other amount
    cell of a one-sided table where the variant prints zeros (0, 0.00, -)."""
    if not variant.zeros or role in TWO_SIDED:
        return row.values
    return {c: row.values.get(c, ZERO) for c in range(1, COLUMNS[role] + 1)}


def line_items(
    budget: SyntheticBudget,
    anchors: dict[tuple, int],
    template: Template = DEFAULT_TEMPLATE,
    variant: RenderVariant = DEFAULT,
) -> list[dict]:
    """Every non-blank amount cell of the edition's tables, one record per cell."""
    out = []
    rows_of = table_rows(budget)
    for spec in template.tables:
        role = spec.role
        for row in rows_of[role]:
            for column, amount in sorted(printed(role, row, variant).items()):
                if role in SIDE_PATHS:
                    path, column_no = SIDE_PATHS[role][(row.side, column)], None
                else:
                    path, column_no = MEASURE_PATHS[role][column], column
                out.append(
                    {
                        "table_no": spec.number,
                        "table_role": role,
                        "table_title": spec.title,
                        "classification": row.classification,
                        "code": row.code,
                        "level": row.level,
                        "item": clean_name(row.item),
                        "parent": row.parent,
                        "project": clean_name(row.project) if row.project else None,
                        "budget_unit": clean_name(row.budget_unit) if row.budget_unit else None,
                        "measure": _measure(path),
                        "measure_path": path,
                        "column_no": column_no,
                        "side": row.side,
                        "amount": amount,
                        "line": anchors[("row", role, row.key)],
                    }
                )
    return out


def _change(
    section: str | None,
    subject: str,
    code: str | None,
    change: Change,
    line: int,
    amount_line: int | None = None,
) -> dict:
    return {
        "section": section,
        "subject": subject,
        "code": code,
        "amount": change.amount,
        "change": change.change,
        "change_pct": change.pct,
        "prior_amount": change.prior,
        "reason": clean_name(change.reason) or None,
        "amount_line": amount_line,
        "line": line,
    }


def _income_changes(budget: SyntheticBudget) -> tuple[tuple[str, Change], ...]:
    """The income section's sources in print order, each with its year-on-year change."""
    return (
        ("一般公共预算", budget.income_general),
        ("上级一般公共预算安排的转移支付资金", budget.income_transfer),
        ("政府性基金预算", budget.income_fund),
        ("财政拨款结转", budget.income_carry),
    )


def narrative_changes(
    budget: SyntheticBudget, anchors: dict[tuple, int], template: Template = DEFAULT_TEMPLATE
) -> list[dict]:
    """Every 比上年预算增加/减少 sentence: subject, amount, signed change and percentage.

    `section` is the numeral the edition gives the sentence's section (role in the anchors).
    """
    out = []
    numeral = template.section_numeral
    for label, change in _income_changes(budget):
        if change.stated:
            out.append(
                _change(
                    numeral("income"), label, None, change, anchors[("change", "income", label)]
                )
            )
    for role, pairs in (
        ("expenditure", (("基本支出", budget.basic_change), ("项目支出", budget.project_change))),
        (
            "general_budget",
            (("基本支出", budget.gpb_basic_change), ("项目支出", budget.gpb_project_change)),
        ),
    ):
        for label, change in pairs:
            if change.stated:
                out.append(
                    _change(numeral(role), label, None, change, anchors[("change", role, label)])
                )
    for line in budget.lines:
        if line.gpb:
            out.append(
                _change(
                    numeral("general_budget"),
                    line.name,
                    line.code,
                    line.change,
                    anchors[("change", "general_budget", line.code)],
                )
            )
    three = budget.three_public
    line, amount_line = anchors[("three_changes",)], anchors[("three_amounts",)]
    for label, change in (
        ("财政拨款“三公”经费", three.total),
        ("因公出国（境）费", three.abroad),
        ("公务用车购置费", three.car_purchase),
        ("公务用车运行费", three.car_running),
        ("公务接待费", three.reception),
    ):
        out.append(_change(numeral("sangong"), label, None, change, line, amount_line))
    if not budget.structure.institution:
        out.append(
            _change(
                numeral("other"),
                "机关运行经费",
                None,
                budget.running_cost,
                anchors[("change", "other", "机关运行经费")],
            )
        )
    return out


def narrative_shares(
    budget: SyntheticBudget, anchors: dict[tuple, int], template: Template = DEFAULT_TEMPLATE
) -> list[dict]:
    """Every 占 X% the narrative states, with the group of shares it belongs to."""
    out = []

    def share(
        role: str,
        group: str,
        subject: str,
        code: str | None,
        amount: Decimal,
        whole: Decimal,
        key: tuple,
    ) -> None:
        out.append(
            {
                "section": template.section_numeral(role),
                "share_group": group,
                "subject": subject,
                "code": code,
                "amount": amount,
                "share_pct": pct(amount, whole),
                "line": anchors[key],
            }
        )

    for label, change in _income_changes(budget):
        if change.stated:
            share(
                "income",
                "income",
                label,
                None,
                change.amount,
                budget.total,
                ("change", "income", label),
            )
    for label, change in (("基本支出", budget.basic_change), ("项目支出", budget.project_change)):
        if change.stated:
            share(
                "expenditure",
                "expenditure",
                label,
                None,
                change.amount,
                budget.total,
                ("change", "expenditure", label),
            )
    for code in budget.classes():
        amount = budget.sum_under(code, "gpb")
        if amount:
            share(
                "general_budget",
                "class",
                FUNCTIONAL_NAMES[code],
                code,
                amount,
                budget.gpb,
                ("share", "general_budget", code),
            )
    return out


def projects(
    budget: SyntheticBudget, anchors: dict[tuple, int], variant: RenderVariant = DEFAULT
) -> list[dict]:
    """Section 七's projects, then section 八's (the government fund's), each numbered within
    its section; texts canonical (stray spaces and thousands separators gone)."""
    y = budget.year

    def money(amount: Decimal) -> str:
        return f"{amount:.2f}"

    return [
        {
            "section_role": role,
            "project_no": no,
            "project": clean_name(p.name),
            "amount": p.amount,
            "policy_basis": p.policy_basis,
            "executing_unit": clean_name(p.budget_unit or budget.unit),
            "period": f"{y}年1月1日-{y}年12月31日",
            "allocation_text": "，".join(f"{a.item}{money(a.amount)}万元" for a in p.allocations)
            + "。",
            "line": anchors[("project", p.no)],
        }
        for role, listed in (
            ("projects", budget.projects),
            ("government_fund", budget.fund_projects),
        )
        for no, p in enumerate(listed, start=1)
    ]


def project_allocations(budget: SyntheticBudget, anchors: dict[tuple, int]) -> list[dict]:
    return [
        {
            "project": clean_name(p.name),
            "item": a.item,
            "amount": a.amount,
            "line": anchors[("allocation", p.no)],
        }
        for p in (*budget.projects, *budget.fund_projects)
        for a in p.allocations
    ]


def performance_indicators(budget: SyntheticBudget, anchors: dict[tuple, int]) -> list[dict]:
    out = []
    tables = [(0, UNIT_WIDE, budget.unit_indicators)]
    tables += [
        (p.no, clean_name(p.name), p.indicators) for p in (*budget.projects, *budget.fund_projects)
    ]
    for no, project, indicators in tables:
        for index, ind in enumerate(indicators):
            out.append(
                {
                    "project": project,
                    "level1": ind.level1,
                    "level2": ind.level2,
                    "indicator": clean_name(ind.indicator),
                    "target_raw": ind.target_raw,
                    "target_op": ind.target_op,
                    "target_value": ind.target_value,
                    "target_unit": ind.target_unit,
                    "basis": ind.basis,
                    "last_year_raw": ind.last_year_raw,
                    "weight": ind.weight,
                    "scoring_rule": ind.scoring_rule,
                    "evidence": ind.evidence,
                    "line": anchors[("indicator", no, index)],
                }
            )
    return out


def performance_tables(budget: SyntheticBudget, anchors: dict[tuple, int]) -> list[dict]:
    out = [
        {
            "project": UNIT_WIDE,
            "total_budget": budget.total,
            "fiscal_amount": budget.total,
            "other_amount": Decimal("0.00"),
            "goal": budget.unit_goal,
            "line": anchors[("perf_money", 0)],
        }
    ]
    out += [
        {
            "project": clean_name(p.name),
            "total_budget": p.amount,
            "fiscal_amount": p.amount,
            "other_amount": Decimal("0.00"),
            "goal": p.goal,
            "line": anchors[("perf_money", p.no)],
        }
        for p in (*budget.projects, *budget.fund_projects)
    ]
    return out


def unplaced(
    budget: SyntheticBudget,
    anchors: dict[tuple, int],
    template: Template = DEFAULT_TEMPLATE,
    variant: RenderVariant = DEFAULT,
) -> list[dict]:
    """The numbers no rule reads: those of the `unknown_sentence` variant's sentence, as
    its normalised text prints them (half-width, no spaces)."""
    if not variant.unknown_sentence:
        return []
    amount, count = UNKNOWN_FIGURES
    money = f"{amount:,.2f}" if variant.thousands else f"{amount:.2f}"
    text = (
        f"{budget.year}年,本{template.unit_word}安排合成培训经费{money}万元,用于干部培训"
        f"{count}个班次。"
    )
    line = anchors[("unknown",)]
    return [
        {
            "part": "narrative",
            "role": "other",
            "line": line,
            "position": position,
            "figure": figure,
            "text": text,
        }
        for position, figure in ((1, f"{money}万元"), (2, f"{count}个"))
    ]


def documents(
    budget: SyntheticBudget,
    anchors: dict[tuple, int],
    template: Template = DEFAULT_TEMPLATE,
    variant: RenderVariant = DEFAULT,
) -> list[dict]:
    s = budget.staff
    return [
        {
            "title": f"{budget.year} 年{template.unit_word}预算公开",
            "template": template.name,
            "status": "partial" if variant.unknown_sentence else "complete",
            "published": budget.published,
            "staff_quota": s.quota,
            "staff_actual": s.actual,
            "staff_active": s.active,
            "staff_active_change": s.active_change,
            "staff_retired": s.retired,
            "staff_retired_change": s.retired_change,
            "staff_retired_cadre": s.cadre,
            "staff_retired_cadre_change": s.cadre_change,
            "sub_offices": len(budget.offices),
            "line": anchors[("staff",)],
        }
    ]


def tables(
    budget: SyntheticBudget,
    anchors: dict[tuple, int],
    template: Template = DEFAULT_TEMPLATE,
    variant: RenderVariant = DEFAULT,
) -> list[dict]:
    """One row per table: printed data rows, amount cells, the note of the empty ones."""
    out = []
    rows_of = table_rows(budget)
    for spec in template.tables:
        role, rows = spec.role, rows_of[spec.role]
        # two-sided tables print an income row beside each expenditure row
        row_count = len([r for r in rows if role not in TWO_SIDED or r.side == "expenditure"])
        note = None
        empty = empty_tables(budget)
        if role in empty:
            note = clean_name(
                f"{budget.unit}{budget.year}年没有使用{empty[role]}，{spec.title}为空表。"
            )
        out.append(
            {
                "table_no": spec.number,
                "table_role": role,
                "table_title": spec.title,
                "row_count": row_count,
                "cell_count": sum(len(printed(role, r, variant)) for r in rows),
                "note": note,
                "line": anchors[("table_title", role)],
            }
        )
    return out


_REASON_FIGURES = (
    (re.compile(r"^(本单位人员净(?:减少|增加)) (\d+) 人$"), "人"),
    (re.compile(r"^(年初预算新增合成专项预算) ([\d.]+) 万元$"), "万元"),
)


def _reason_facts(
    budget: SyntheticBudget, anchors: dict[tuple, int], template: Template
) -> list[dict]:
    """Numbers inside the generated reasons ('本单位人员净减少 3 人'), as the facts keep them."""
    out = []
    for row in narrative_changes(budget, anchors, template):
        original = next((c for c in _reasons(budget) if clean_name(c) == row["reason"]), None)
        for pattern, unit in _REASON_FIGURES:
            match = pattern.match(original or "")
            if match:
                out.append(
                    (
                        "narrative_reason",
                        f"{row['section']}/{row['subject']}/{match.group(1)}",
                        Decimal(match.group(2)),
                        unit,
                        row["line"],
                    )
                )
    return [
        dict(zip(("topic", "metric", "value", "value_unit", "line"), f, strict=True)) for f in out
    ]


def _reasons(budget: SyntheticBudget) -> set[str]:
    return {
        *budget.income_reasons,
        *budget.expenditure_reasons,
        budget.running_cost.reason,
        *(x.reason for x in budget.lines),
    }


def facts(
    budget: SyntheticBudget, anchors: dict[tuple, int], template: Template = DEFAULT_TEMPLATE
) -> list[dict]:
    """Every other figure of the narrative: totals, 三公, carry-over, procurement, assets …"""
    b, a, p, t = budget, budget.assets, budget.procurement, budget.three_public
    carryover: list[tuple[str, str, object, str, tuple]] = [
        ("carryover", "上年结转结余", b.carry_total, "万元", ("fact", "carryover")),
        ("carryover", "财政拨款", b.carry_total, "万元", ("fact", "carryover")),
        ("carryover", "非财政拨款", Decimal("0.00"), "万元", ("fact", "carryover")),
        *(
            ("carryover", clean_name(item.name), item.amount, "万元", ("fact", "carryover", index))
            for index, item in enumerate(b.carry, start=1)
        ),
    ]
    rows: list[tuple[str, str, object, str, tuple]] = [
        ("overview", "收支总预算", b.total, "万元", ("fact", "overview")),
        ("income", "收入预算", b.total, "万元", ("fact", "income")),
        ("expenditure", "支出预算", b.total, "万元", ("fact", "expenditure")),
        ("fiscal", "财政拨款收支总预算", b.fiscal, "万元", ("fact", "fiscal")),
        ("fiscal_income", "一般公共预算拨款", b.gpb, "万元", ("fact", "fiscal", "income")),
        *(
            (
                (
                    "fiscal_income",
                    "政府性基金预算拨款",
                    b.fund,
                    "万元",
                    ("fact", "fiscal", "income"),
                ),
                (
                    "government_fund",
                    "政府性基金预算拨款安排的支出",
                    b.fund,
                    "万元",
                    ("fact", "government_fund"),
                ),
                *(
                    (
                        "government_fund_expenditure",
                        FUNCTIONAL_NAMES[c],
                        b.sum_under(c, "fund"),
                        "万元",
                        ("fact", "government_fund", "classes"),
                    )
                    for c in b.classes()
                    if b.sum_under(c, "fund")
                ),
            )
            if b.fund
            else ()
        ),
        *(
            (
                "fiscal_expenditure",
                FUNCTIONAL_NAMES[c],
                b.sum_under(c, "gpb"),
                "万元",
                ("fact", "fiscal", "expenditure"),
            )
            for c in b.classes()
            if b.sum_under(c, "gpb")
        ),
        ("general_budget", "一般公共预算拨款合计", b.gpb, "万元", ("fact", "general_budget")),
        (
            "basic_expenditure",
            "一般公共预算基本支出",
            b.gpb_basic,
            "万元",
            ("fact", "basic_expenditure"),
        ),
        (
            "basic_expenditure",
            "人员经费",
            b.personnel,
            "万元",
            ("fact", "basic_expenditure", "人员经费"),
        ),
        (
            "basic_expenditure",
            "公用经费",
            b.public_use,
            "万元",
            ("fact", "basic_expenditure", "公用经费"),
        ),
        *(
            ("三公", metric, change.amount, "万元", ("three_amounts",))
            for metric, change in (
                ("财政拨款“三公”经费", t.total),
                ("因公出国（境）费", t.abroad),
                ("公务用车购置费", t.car_purchase),
                ("公务用车运行费", t.car_running),
                ("公务接待费", t.reception),
            )
        ),
        *(carryover if template.section("carryover") else ()),
        *(
            (
                (
                    "operating_costs",
                    "机关运行经费财政拨款预算",
                    b.running_cost.amount,
                    "万元",
                    ("change", "other", "机关运行经费"),
                ),
            )
            if not b.structure.institution
            else ()
        ),
        ("procurement", "政府采购预算", p.total, "万元", ("fact", "procurement")),
        ("procurement", "政府采购货物预算", p.goods, "万元", ("fact", "procurement")),
        ("procurement", "政府采购工程预算", p.works, "万元", ("fact", "procurement")),
        ("procurement", "政府采购服务预算", p.services, "万元", ("fact", "procurement")),
        ("procurement", "面向中小企业预留政府采购项目预算金额", p.sme, "万元", ("fact", "sme")),
        ("procurement", "小微企业预留政府采购项目预算金额", p.micro, "万元", ("fact", "sme")),
        ("assets", "房屋", a.floor_area, "平方米", ("fact", "房屋")),
        ("assets", "房屋价值", a.building_value, "万元", ("fact", "房屋")),
        ("assets", "车辆", a.cars, "辆", ("fact", "车辆")),
        ("assets", "车辆价值", a.cars_value, "万元", ("fact", "车辆")),
        ("assets", "一般公务用车", a.cars_official, "辆", ("fact", "车辆")),
        ("assets", "一般公务用车价值", a.cars_official_value, "万元", ("fact", "车辆")),
        ("assets", "执法执勤用车", a.cars_enforcement, "辆", ("fact", "车辆")),
        ("assets", "执法执勤用车价值", a.cars_enforcement_value, "万元", ("fact", "车辆")),
        ("assets", "其他车辆", a.cars_other, "辆", ("fact", "车辆")),
        ("assets", "其他车辆价值", a.cars_other_value, "万元", ("fact", "车辆")),
        ("assets", "办公家具价值", a.furniture_value, "万元", ("fact", "办公家具")),
        ("assets", "其他资产价值", a.other_value, "万元", ("fact", "其他资产")),
        ("assets", "单位价值50万元以上大型设备", a.equipment_50, "台", ("fact", "设备")),
        ("assets", "单位价值100万元以上大型设备", a.equipment_100, "套", ("fact", "设备")),
        ("assets", "购置单位价值50万元以上大型设备", a.buy_equipment_50, "台", ("fact", "购置")),
        ("assets", "购置单位价值100万元以上大型设备", a.buy_equipment_100, "台", ("fact", "购置")),
        ("performance", "整体预算绩效目标个数", 1, "个", ("fact", "performance")),
        ("performance", "整体预算绩效目标金额", b.total, "万元", ("fact", "performance")),
        ("performance", "财政拨款项目个数", b.fiscal_projects, "个", ("fact", "performance")),
        (
            "performance",
            "财政拨款项目金额",
            b.gpb_project + b.fund,
            "万元",
            ("fact", "performance"),
        ),
        ("performance", "非财政拨款项目个数", 0, "个", ("fact", "performance")),
        ("performance", "非财政拨款项目金额", Decimal("0.00"), "万元", ("fact", "performance")),
    ]
    out = [
        {
            "topic": topic,
            "metric": metric,
            "value": Decimal(value),
            "value_unit": unit,
            "line": anchors[key],
        }
        for topic, metric, value, unit, key in rows
    ]
    return out + _reason_facts(budget, anchors, template)


def expected_records(
    budget: SyntheticBudget, variant: RenderVariant = DEFAULT, template: Template = DEFAULT_TEMPLATE
) -> dict[str, list[dict]]:
    """Clean-table name → rows a correct parser must produce for the budget rendered in the
    edition `template`.

    Line numbers depend on the variant only through its page breaks.

    >>> import random
    >>> from pipeline.synth.model import generate_budget
    >>> from pipeline.template import template_named
    >>> b = generate_budget(random.Random(2), "合成测试单位0002（synthetic）", 2023)
    >>> rows = expected_records(b)["line_items"]
    >>> [r["amount"] for r in rows if r["table_no"] == 3 and r["item"] == "总计"][0] == b.total
    True
    >>> old = expected_records(b, template=template_named("unit_budget_pre2024"))
    >>> max(r["table_no"] for r in old["tables"]), {r["section"] for r in old["narrative_changes"]
    ...                                             if r["section_role"] == "other"}
    (10, {'十一'})
    """
    anchors = render_lines(budget, variant, template).anchors
    records = {
        "documents": documents(budget, anchors, template, variant),
        "tables": tables(budget, anchors, template, variant),
        "facts": facts(budget, anchors, template),
        "line_items": line_items(budget, anchors, template, variant),
        "narrative_changes": narrative_changes(budget, anchors, template),
        "narrative_shares": narrative_shares(budget, anchors, template),
        "projects": projects(budget, anchors, variant),
        "project_allocations": project_allocations(budget, anchors),
        "performance_tables": performance_tables(budget, anchors),
        "performance_indicators": performance_indicators(budget, anchors),
        "unplaced": unplaced(budget, anchors, template, variant),
    }
    for table in ("narrative_changes", "narrative_shares"):
        for row in records[table]:
            row["section_role"] = template.section_role(row["section"])
    return records
