"""The accounting identities of the template, declared as data, in roles.

Each `Relation` says: the figure(s) on the left (`lhs`, the *reported* side) stand in a
relation (`kind`: eq, ge, le) to the weighted sum of the figures on the right (`rhs`, the
*calculated* side).  A `Term` picks cells of `line_items` by table role, side, row label,
code or level, and column (`measure`); the narrative's stated figures are the pseudo table
`STATED`, picked by section role (or fact topic) and subject.  `by` says what one instance
of the relation is:

- ``None``: one instance per document (e.g. 收入总计 = 本年收入 + 上年结转结余);
- ``"row"``: one per printed row of the table (e.g. 合计 = 基本支出 + 项目支出 in every row);
- ``"code"``: one per classification code (e.g. the summary table by class = the
  expenditure table by class);
- ``"measure"``: one per column (e.g. 三公 合计 = its three parts, in every column).

With `anchor="lhs"` an instance exists only where the reported side is printed (a
narrative that does not mention a figure has nothing to check).

A relation applies to a document only when the document's edition declares every table
and section role its terms read (`Relation.needs`, see `pipeline.identities.editions`).
Formulas name tables and sections by role (`{expenditure_by_function}`, `{§sangong}`) and
print in each document's own numbers ("表3", "十").

Check names carry no table number: `rows.<table role>.<what>`, `summary.<what>` (the
summary table, role income_expenditure_summary), `across.<role of the reported figure's
table, or its section for a narrative figure>.<what>_<eq|ge>_<other table's role>…`,
`narrative.<section role>.<what>_eq_<table role>` (or `_eq_parts` among stated figures).

The hierarchy (类 = Σ 款, 款 = Σ 项, 总计 = Σ 类) is not listed here: it follows from the
codes themselves and is computed in `hierarchy.py` for every table that prints codes.
Narrative, prior-year and project checks have their own modules; their declarations
(which narrative subject is which table figure) are data there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pipeline.identities.editions import STATED, Needs, placeholders
from pipeline.identities.labels import TABLE1_INCOME_TEMPLATE
from pipeline.template.editions import PROJECT_ECONOMIC_COLUMNS

Kind = Literal["eq", "ge", "le"]
_TABLE_NUMBER = re.compile(r"(?:^|[._])(?:t|table)\d")
By = Literal["row", "code", "measure"] | None


@dataclass(frozen=True)
class Term:
    """A selection of cells of one table (by its role), added with `weight` (+1 or −1).

    `row` is a label key (`labels.label_key`, or a summary-table income path); `measure`
    is a column header leaf or a '/'-joined path suffix ("财政拨款/合计").  `required` says
    whether the row must be printed for the relation to be evaluated; when it is False a
    missing row in a table that is present counts as a printed blank, i.e. zero.  For the
    narrative's figures (`table` is `STATED`) `measure` is where they were read (facts,
    changes, shares), `side` the section role (changes, shares) or the fact's topic, and
    `section` the section role the figure stands in.
    """

    table: str
    measure: str | None = None
    row: str | None = None
    code: str | None = None
    level: int | None = None
    side: str | None = None
    project: str | None = None
    weight: int = 1
    required: bool | None = None
    section: str | None = None


@dataclass(frozen=True)
class Relation:
    """A named identity: lhs `kind` Σ rhs, with the formula and the reason it holds."""

    check: str
    family: str
    formula: str
    why: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    by: By = None
    kind: Kind = "eq"
    severity: Literal["failure", "warning"] = "failure"
    anchor: Literal["any", "lhs"] = "any"

    def __post_init__(self) -> None:
        if not self.lhs or not self.rhs:
            raise ValueError(f"{self.check}: a relation needs terms on both sides")
        if any(t.weight not in (1, -1) for t in (*self.lhs, *self.rhs)):
            raise ValueError(f"{self.check}: weights are +1 or -1")
        if any(t.table == STATED and t.section is None for t in (*self.lhs, *self.rhs)):
            raise ValueError(f"{self.check}: a stated figure names its section role")
        named = placeholders(self.formula)
        if not (named.tables <= self.needs.tables and named.sections <= self.needs.sections):
            raise ValueError(f"{self.check}: the formula names a role its terms do not read")
        if _TABLE_NUMBER.search(self.check):
            raise ValueError(f"{self.check}: a check name carries no table number")

    @cached_property
    def needs(self) -> Needs:
        """The table and section roles the relation reads."""
        terms = (*self.lhs, *self.rhs)
        return Needs.of(
            [t.table for t in terms if t.table != STATED],
            [t.section for t in terms if t.section is not None],
        )


def _parts(table: str, measures: tuple[str, ...], **kw: object) -> tuple[Term, ...]:
    return tuple(Term(table, m, **kw) for m in measures)  # type: ignore[arg-type]


def _rows(table: str, rows: tuple[str, ...], **kw: object) -> tuple[Term, ...]:
    return tuple(Term(table, row=r, **kw) for r in rows)  # type: ignore[arg-type]


# table roles (pipeline.template.roles)
SUMMARY = "income_expenditure_summary"
INCOME = "income_by_function"
EXPENDITURE = "expenditure_by_function"
FISCAL = "fiscal_summary"
GENERAL = "general_budget_by_function"
ECONOMIC = "basic_by_economic_class"
PROJECTS = "project_expenditure"
FUND = "government_fund_expenditure"
STATE_CAPITAL = "state_capital_expenditure"
SANGONG = "sangong"
CARRYOVER = "carryover"

_T2_SOURCES = (
    "一般公共预算",
    "上级一般公共预算安排的转移支付",
    "政府性基金预算",
    "上级政府性基金安排的转移支付",
    "国有资本经营预算",
    "上级国有资本经营预算安排的转移支付",
)
_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
_INC = "income"
_EXP = "expenditure"

ROWS: list[Relation] = [
    Relation(
        "rows.expenditure_by_function.total_eq_basic_plus_project",
        "rows",
        "{expenditure_by_function} 合计 = 基本支出 + 项目支出",
        "Spending is either basic (keeps the unit running) or project; the template "
        "splits every row's total into these two columns.",
        (Term(EXPENDITURE, "合计"),),
        _parts(EXPENDITURE, ("基本支出", "项目支出")),
        by="row",
    ),
    Relation(
        "rows.general_budget_by_function.total_eq_basic_plus_project",
        "rows",
        "{general_budget_by_function} 合计 = 基本支出 + 项目支出",
        "As in the expenditure table, for the general public budget only.",
        (Term(GENERAL, "合计"),),
        _parts(GENERAL, ("基本支出", "项目支出")),
        by="row",
    ),
    Relation(
        "rows.government_fund_expenditure.total_eq_parts",
        "rows",
        "{government_fund_expenditure} 合计 = 人员经费 + 公用经费 + 项目支出",
        "Basic spending (personnel + public) plus project spending is the total.",
        (Term(FUND, "合计"),),
        _parts(FUND, ("人员经费", "公用经费", "项目支出")),
        by="row",
    ),
    Relation(
        "rows.state_capital_expenditure.total_eq_parts",
        "rows",
        "{state_capital_expenditure} 合计 = 人员经费 + 公用经费 + 项目支出",
        "Basic spending (personnel + public) plus project spending is the total.",
        (Term(STATE_CAPITAL, "合计"),),
        _parts(STATE_CAPITAL, ("人员经费", "公用经费", "项目支出")),
        by="row",
    ),
    Relation(
        "rows.basic_by_economic_class.basic_eq_personnel_plus_public",
        "rows",
        "{basic_by_economic_class} 合计 = 人员经费 + 公用经费",
        "Basic spending is personnel money plus public (running) money.",
        (Term(ECONOMIC, "合计"),),
        _parts(ECONOMIC, ("人员经费", "公用经费")),
        by="row",
    ),
    Relation(
        "rows.income_by_function.fiscal_subtotal_eq_sources",
        "rows",
        "{income_by_function} 财政拨款（补助）小计 = Σ its six sources",
        "The fiscal-appropriation subtotal adds the three budgets and their transfers.",
        (Term(INCOME, "财政拨款（补助）小计"),),
        _parts(INCOME, _T2_SOURCES),
        by="row",
    ),
    Relation(
        "rows.income_by_function.total_eq_funds",
        "rows",
        "{income_by_function} 总计 = 财政拨款（补助）小计 + 财政专户 + 单位资金 + "
        "财政拨款结转 + 非财政拨款结转结余",
        "Every yuan of income comes from one of these funds.",
        (Term(INCOME, "总计"),),
        _parts(
            INCOME,
            (
                "财政拨款（补助）小计",
                "财政专户（教育收费）",
                "单位资金",
                "财政拨款结转",
                "非财政拨款结转结余",
            ),
        ),
        by="row",
    ),
    Relation(
        "rows.fiscal_summary.expenditure_eq_budgets",
        "rows",
        "{fiscal_summary} 支出 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
        "Fiscal spending is funded from exactly the three budgets.",
        (Term(FISCAL, "合计", side=_EXP),),
        _parts(FISCAL, _FUNDS, side=_EXP),
        by="row",
    ),
    Relation(
        "rows.fiscal_summary.fiscal_income_eq_budgets",
        "rows",
        "{fiscal_summary} 财政拨款（补助） = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
        "Fiscal income is the three budgets' appropriations.",
        (Term(FISCAL, row="财政拨款（补助）", side=_INC),),
        _rows(FISCAL, _FUNDS, side=_INC),
    ),
    Relation(
        "rows.fiscal_summary.income_total_eq_fiscal",
        "rows",
        "{fiscal_summary} 收入总计 = 财政拨款（补助）",
        "The fiscal summary holds fiscal money only.",
        (Term(FISCAL, row="收入总计", side=_INC),),
        (Term(FISCAL, row="财政拨款（补助）", side=_INC),),
    ),
    Relation(
        "rows.fiscal_summary.expenditure_total_eq_income_total",
        "rows",
        "{fiscal_summary} 支出总计 = 收入总计",
        "A budget is balanced: planned spending equals planned income.",
        (Term(FISCAL, "合计", row="支出总计", side=_EXP),),
        (Term(FISCAL, row="收入总计", side=_INC),),
    ),
    Relation(
        "rows.project_expenditure.project_eq_economic",
        "rows",
        "{project_expenditure} 项目支出合计 = Σ economic columns",
        "Each project's money is split over the economic classification columns.",
        (Term(PROJECTS, "项目支出合计"),),
        _parts(PROJECTS, PROJECT_ECONOMIC_COLUMNS),
        by="row",
    ),
    Relation(
        "rows.sangong.total_eq_sources",
        "rows",
        "{sangong} 合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
        "三公 money comes from the three budgets.",
        (Term(SANGONG, "合计"),),
        _parts(SANGONG, ("一般公共预算", "政府性基金", "国有资本经营预算")),
        by="row",
    ),
    Relation(
        "rows.sangong.vehicle_subtotal_eq_parts",
        "rows",
        "{sangong} 公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费",
        "The vehicle subtotal is purchase plus running costs.",
        (Term(SANGONG, row="公务用车购置及运行费"),),
        _rows(SANGONG, ("公务用车购置费", "公务用车运行费")),
        by="measure",
    ),
    Relation(
        "rows.sangong.total_eq_three_parts",
        "rows",
        "{sangong} 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费",
        "三公 are exactly three: travel abroad, reception, vehicles.",
        (Term(SANGONG, row="合计"),),
        _rows(SANGONG, ("因公出国（境）费", "公务接待费", "公务用车购置及运行费")),
        by="measure",
    ),
    Relation(
        "rows.carryover.total_eq_fiscal_plus_nonfiscal",
        "rows",
        "{carryover} 总计 = 财政拨款 合计 + 非财政拨款 合计",
        "Carry-over is either fiscal or non-fiscal money.",
        (Term(CARRYOVER, "总计"),),
        _parts(CARRYOVER, ("财政拨款/合计", "非财政拨款/合计")),
        by="row",
    ),
    Relation(
        "rows.carryover.total_eq_sum_of_projects",
        "rows",
        "{carryover} 总计 = Σ project rows",
        "Carry-over is itemised project by project.",
        (Term(CARRYOVER, row="总计"),),
        (Term(CARRYOVER, project="*"),),
        by="measure",
    ),
    Relation(
        "rows.carryover.fiscal_eq_parts",
        "rows",
        "{carryover} 财政拨款 合计 = 人员经费 + 公用经费 + 项目支出",
        "Fiscal carry-over splits into basic (personnel, public) and project money.",
        (Term(CARRYOVER, "财政拨款/合计"),),
        _parts(
            CARRYOVER,
            ("财政拨款/基本支出/人员经费", "财政拨款/基本支出/公用经费", "财政拨款/项目支出"),
        ),
        by="row",
    ),
    Relation(
        "rows.carryover.nonfiscal_eq_parts",
        "rows",
        "{carryover} 非财政拨款 合计 = 人员经费 + 公用经费 + 项目支出",
        "Non-fiscal carry-over splits into basic (personnel, public) and project money.",
        (Term(CARRYOVER, "非财政拨款/合计"),),
        _parts(
            CARRYOVER,
            ("非财政拨款/基本支出/人员经费", "非财政拨款/基本支出/公用经费", "非财政拨款/项目支出"),
        ),
        by="row",
    ),
]

_CUR = "本年收入"
_CARRY = "上年结转结余"


def _t1(row: str, **kw: object) -> Term:
    return Term(SUMMARY, row=row, side=_INC, **kw)  # type: ignore[arg-type]


def _t1_children(parent: str) -> tuple[Term, ...]:
    """The income rows printed under `parent` (a path such as 本年收入/单位资金), as the
    template's income tree (`labels.TABLE1_INCOME_TEMPLATE`) nests them."""
    top, _, mid = parent.partition("/")
    branch = TABLE1_INCOME_TEMPLATE[top]
    return tuple(_t1(f"{parent}/{c}") for c in (branch[mid] if mid else branch))


SUMMARY_TABLE: list[Relation] = [
    Relation(
        "summary.income_total_eq_current_plus_carryover",
        "summary",
        "{income_expenditure_summary} 收入总计 = 本年收入 + 上年结转结余",
        "Money available is this year's income plus what was carried over.",
        (_t1("收入总计"),),
        (_t1(_CUR), _t1(_CARRY)),
    ),
    Relation(
        "summary.expenditure_total_eq_income_total",
        "summary",
        "{income_expenditure_summary} 支出总计 = 收入总计",
        "A budget is balanced: all available money is planned to be spent.",
        (Term(SUMMARY, row="支出总计", side=_EXP),),
        (_t1("收入总计"),),
    ),
    Relation(
        "summary.current_income_eq_sources",
        "summary",
        "{income_expenditure_summary} 本年收入 = 一般公共预算拨款 + 政府性基金预算拨款 + "
        "国有资本经营预算拨款 + 财政专户核拨 + 单位资金",
        "This year's income comes from the five sources the template lists.",
        (_t1(_CUR),),
        _t1_children(_CUR),
    ),
    Relation(
        "summary.gpb_eq_own_plus_transfer",
        "summary",
        "{income_expenditure_summary} 一般公共预算拨款 = 一般财力 + 上级一般公共预算安排转移支付",
        "General-budget money is the region's own means plus transfers from above.",
        (_t1(f"{_CUR}/一般公共预算拨款"),),
        _t1_children(f"{_CUR}/一般公共预算拨款"),
    ),
    Relation(
        "summary.fund_eq_own_plus_transfer",
        "summary",
        "{income_expenditure_summary} 政府性基金预算拨款 = 政府性基金收入 + "
        "上级政府性基金安排转移支付",
        "Fund money is the region's own fund income plus transfers from above.",
        (_t1(f"{_CUR}/政府性基金预算拨款"),),
        _t1_children(f"{_CUR}/政府性基金预算拨款"),
    ),
    Relation(
        "summary.soe_eq_own_plus_transfer",
        "summary",
        "{income_expenditure_summary} 国有资本经营预算拨款 = 国有资本经营收入 + "
        "上级国有资本经营预算安排转移支付",
        "State-capital money is own income plus transfers from above.",
        (_t1(f"{_CUR}/国有资本经营预算拨款"),),
        _t1_children(f"{_CUR}/国有资本经营预算拨款"),
    ),
    Relation(
        "summary.unit_funds_eq_parts",
        "summary",
        "{income_expenditure_summary} 单位资金 = Σ its five kinds",
        "The unit's own money is listed by kind.",
        (_t1(f"{_CUR}/单位资金"),),
        _t1_children(f"{_CUR}/单位资金"),
    ),
    Relation(
        "summary.carryover_eq_fiscal_plus_nonfiscal",
        "summary",
        "{income_expenditure_summary} 上年结转结余 = 财政拨款结转 + 非财政拨款结转结余",
        "Carry-over is either fiscal or non-fiscal money.",
        (_t1(_CARRY),),
        _t1_children(_CARRY),
    ),
    Relation(
        "summary.fiscal_carryover_eq_budgets",
        "summary",
        "{income_expenditure_summary} 财政拨款结转 = 一般公共预算拨款 + 政府性基金预算拨款 + "
        "国有资本经营预算拨款",
        "Fiscal carry-over comes from the three budgets.",
        (_t1(f"{_CARRY}/财政拨款结转"),),
        _t1_children(f"{_CARRY}/财政拨款结转"),
    ),
    Relation(
        "summary.nonfiscal_carryover_eq_parts",
        "summary",
        "{income_expenditure_summary} 非财政拨款结转结余 = 财政专户核拨 + 单位资金",
        "Non-fiscal carry-over is special-account or the unit's own money.",
        (_t1(f"{_CARRY}/非财政拨款结转结余"),),
        _t1_children(f"{_CARRY}/非财政拨款结转结余"),
    ),
]


def _total(table: str, measure: str, row: str = "总计", **kw: object) -> Term:
    return Term(table, measure, row=row, **kw)  # type: ignore[arg-type]


_SANGONG_BASIC = (
    ("vehicle_running", "公务用车运行费", "30231", "公务用车运行维护费"),
    ("reception", "公务接待费", "30217", "公务接待费"),
    ("abroad", "因公出国（境）费", "30212", "因公出国（境）费用"),
    ("vehicle_purchase", "公务用车购置费", "31013", "公务用车购置"),
)
"""A 三公 row of the 三公 table → the economic 款 that holds its basic-money part."""
_FULL_CALIBER = (
    "三公 are full-caliber (basic + project money); the economic table is basic money only."
)

ACROSS: list[Relation] = [
    Relation(
        "across.income_expenditure_summary.class_eq_expenditure_by_function",
        "across",
        "{income_expenditure_summary} 支出 by 类 = {expenditure_by_function} 合计 by 类",
        "The summary table's expenditure side is the expenditure table's class rows, all funds.",
        (Term(SUMMARY, side=_EXP, level=1, required=False),),
        (Term(EXPENDITURE, "合计", level=1),),
        by="code",
    ),
    Relation(
        "across.income_expenditure_summary.total_eq_expenditure_by_function",
        "across",
        "{income_expenditure_summary} 支出总计 = {expenditure_by_function} 总计 合计",
        "Both are the unit's whole spending.",
        (Term(SUMMARY, row="支出总计", side=_EXP),),
        (_total(EXPENDITURE, "合计"),),
    ),
    Relation(
        "across.income_by_function.total_eq_expenditure_by_function",
        "across",
        "{income_by_function} 总计 = {expenditure_by_function} 总计",
        "Income equals spending for the whole unit.",
        (_total(INCOME, "总计"),),
        (_total(EXPENDITURE, "合计"),),
    ),
    Relation(
        "across.income_by_function.code_eq_expenditure_by_function",
        "across",
        "{income_by_function} 总计 by code = {expenditure_by_function} 合计 by code",
        "Income by function equals spending by function, row by row.",
        (Term(INCOME, "总计", required=False),),
        (Term(EXPENDITURE, "合计"),),
        by="code",
    ),
    Relation(
        "across.fiscal_summary.class_eq_general_budget_by_function",
        "across",
        "{fiscal_summary} 一般公共预算 by 类 = {general_budget_by_function} 合计 by 类",
        "The general-budget table details the fiscal summary's general-public-budget column.",
        (Term(FISCAL, "一般公共预算", side=_EXP, level=1, required=False),),
        (Term(GENERAL, "合计", level=1),),
        by="code",
    ),
    Relation(
        "across.fiscal_summary.total_eq_general_budget_by_function",
        "across",
        "{fiscal_summary} 支出总计 一般公共预算 = {general_budget_by_function} 总计",
        "The general-budget table details the fiscal summary's general-public-budget column.",
        (Term(FISCAL, "一般公共预算", row="支出总计", side=_EXP),),
        (_total(GENERAL, "合计"),),
    ),
    Relation(
        "across.expenditure_by_function.code_ge_general_budget_by_function",
        "across",
        "{expenditure_by_function} 合计 ≥ {general_budget_by_function} 合计, by code",
        "The general budget is part of the all-funds spending.",
        (Term(EXPENDITURE, "合计", required=False),),
        (Term(GENERAL, "合计"),),
        by="code",
        kind="ge",
    ),
    Relation(
        "across.general_budget_by_function.basic_eq_basic_by_economic_class",
        "across",
        "{general_budget_by_function} 总计 基本支出 = {basic_by_economic_class} 总计 合计",
        "The economic table details the general budget's basic spending.",
        (_total(GENERAL, "基本支出"),),
        (_total(ECONOMIC, "合计"),),
    ),
    Relation(
        "across.general_budget_by_function.project_eq_project_expenditure",
        "across",
        "{general_budget_by_function} 总计 项目支出 = {project_expenditure} 总计 项目支出合计",
        "The project table details the general budget's project spending project by project.",
        (_total(GENERAL, "项目支出"),),
        (_total(PROJECTS, "项目支出合计"),),
    ),
    Relation(
        "across.carryover.total_eq_income_expenditure_summary_carryover",
        "across",
        "{carryover} 总计 = {income_expenditure_summary} 上年结转结余",
        "The carry-over table details the carry-over the summary table reports as one line.",
        (_total(CARRYOVER, "总计"),),
        (_t1(_CARRY),),
    ),
    *(
        Relation(
            f"across.sangong.{name}_ge_basic_by_economic_class_{code}",
            "across",
            f"{{sangong}} {row} ≥ {{basic_by_economic_class}} {code} {item}",
            _FULL_CALIBER,
            (Term(SANGONG, "合计", row=row, required=False),),
            (Term(ECONOMIC, "合计", code=code),),
            kind="ge",
        )
        for name, row, code, item in _SANGONG_BASIC
    ),
]


def _fact(section: str, metric: str, topic: str | None = None) -> Term:
    """A figure of `facts` (by topic, which is the section role unless given)."""
    return Term(STATED, "facts", row=metric, side=topic or section, section=section)


def _change(section: str, subject: str) -> Term:
    """The amount of a year-on-year sentence of the section."""
    return Term(STATED, "changes", row=subject, side=section, section=section)


def _stated(
    check: str, said: Term, table: Term, formula: str, family: str = "narrative"
) -> Relation:
    return Relation(
        check,
        family,
        formula,
        "The narrative explains the tables; a figure it states is the table's.",
        (said,),
        (table,),
        anchor="lhs",
    )


_SANGONG_PARTS = {
    "abroad": ("因公出国（境）费", "因公出国（境）费"),
    "vehicle_purchase": ("公务用车购置费", "公务用车购置费"),
    "vehicle_running": ("公务用车运行费", "公务用车运行费"),
    "reception": ("公务接待费", "公务接待费"),
    "total": ("财政拨款“三公”经费", "合计"),
}
"""What the 三公 section states → (its subject, the row of the 三公 table)."""
_STATED_BY = "The narrative explains the tables; a figure it states is the table's."

NARRATIVE: list[Relation] = [
    _stated(
        "narrative.overview.total_budget_eq_income_expenditure_summary",
        _fact("overview", "收支总预算"),
        _t1("收入总计"),
        "说明 {§overview} 收支总预算 = {income_expenditure_summary} 收入总计",
    ),
    _stated(
        "narrative.income.income_budget_eq_income_by_function",
        _fact("income", "收入预算"),
        _total(INCOME, "总计"),
        "说明 {§income} 收入预算 = {income_by_function} 总计",
    ),
    _stated(
        "narrative.expenditure.expenditure_budget_eq_expenditure_by_function",
        _fact("expenditure", "支出预算"),
        _total(EXPENDITURE, "合计"),
        "说明 {§expenditure} 支出预算 = {expenditure_by_function} 总计",
    ),
    _stated(
        "narrative.income.gpb_eq_income_expenditure_summary",
        _change("income", "一般公共预算"),
        _t1(f"{_CUR}/一般公共预算拨款/一般财力"),
        "说明 {§income} 一般公共预算 = {income_expenditure_summary} 一般财力",
    ),
    _stated(
        "narrative.income.gpb_transfer_eq_income_expenditure_summary",
        _change("income", "上级一般公共预算安排的转移支付资金"),
        _t1(f"{_CUR}/一般公共预算拨款/上级一般公共预算安排转移支付"),
        "说明 {§income} 上级转移支付 = {income_expenditure_summary} 上级一般公共预算安排转移支付",
    ),
    _stated(
        "narrative.income.fiscal_carryover_eq_income_expenditure_summary",
        _change("income", "财政拨款结转"),
        _t1(f"{_CARRY}/财政拨款结转"),
        "说明 {§income} 财政拨款结转 = {income_expenditure_summary} 财政拨款结转",
    ),
    _stated(
        "narrative.expenditure.basic_eq_expenditure_by_function",
        _change("expenditure", "基本支出"),
        _total(EXPENDITURE, "基本支出"),
        "说明 {§expenditure} 基本支出 = {expenditure_by_function} 总计 基本支出",
    ),
    _stated(
        "narrative.expenditure.project_eq_expenditure_by_function",
        _change("expenditure", "项目支出"),
        _total(EXPENDITURE, "项目支出"),
        "说明 {§expenditure} 项目支出 = {expenditure_by_function} 总计 项目支出",
    ),
    _stated(
        "narrative.fiscal.total_eq_fiscal_summary",
        _fact("fiscal", "财政拨款收支总预算"),
        Term(FISCAL, row="收入总计", side=_INC),
        "说明 {§fiscal} 财政拨款收支总预算 = {fiscal_summary} 收入总计",
    ),
    _stated(
        "narrative.fiscal.gpb_eq_fiscal_summary",
        _fact("fiscal", "一般公共预算拨款", "fiscal_income"),
        Term(FISCAL, row="一般公共预算", side=_INC),
        "说明 {§fiscal} 一般公共预算拨款 = {fiscal_summary} 一般公共预算",
    ),
    Relation(
        "narrative.fiscal.class_eq_fiscal_summary",
        "narrative",
        "说明 {§fiscal} each class = {fiscal_summary} 一般公共预算 by class",
        _STATED_BY,
        (Term(STATED, "facts", side="fiscal_expenditure", level=1, section="fiscal"),),
        (Term(FISCAL, "一般公共预算", side=_EXP, level=1, required=False),),
        by="code",
        anchor="lhs",
    ),
    _stated(
        "narrative.fiscal.fund_eq_fiscal_summary",
        _fact("fiscal", "政府性基金预算拨款", "fiscal_income"),
        Term(FISCAL, row="政府性基金预算", side=_INC),
        "说明 {§fiscal} 政府性基金预算拨款 = {fiscal_summary} 政府性基金预算",
    ),
    _stated(
        "narrative.income.fund_eq_income_expenditure_summary",
        _change("income", "政府性基金预算"),
        _t1(f"{_CUR}/政府性基金预算拨款"),
        "说明 {§income} 政府性基金预算 = {income_expenditure_summary} 政府性基金预算拨款",
    ),
    _stated(
        "narrative.government_fund.total_eq_government_fund_expenditure",
        _fact("government_fund", "政府性基金预算拨款安排的支出"),
        _total(FUND, "合计"),
        "说明 {§government_fund} 政府性基金预算拨款安排的支出 = {government_fund_expenditure} 总计",
    ),
    Relation(
        "narrative.government_fund.class_eq_government_fund_expenditure",
        "narrative",
        "说明 {§government_fund} each class = {government_fund_expenditure} 合计 by class",
        _STATED_BY,
        (
            Term(
                STATED,
                "facts",
                side="government_fund_expenditure",
                level=1,
                section="government_fund",
            ),
        ),
        (Term(FUND, "合计", level=1, required=False),),
        by="code",
        anchor="lhs",
    ),
    _stated(
        "narrative.general_budget.total_eq_general_budget_by_function",
        _fact("general_budget", "一般公共预算拨款合计"),
        _total(GENERAL, "合计"),
        "说明 {§general_budget} 一般公共预算拨款合计 = {general_budget_by_function} 总计",
    ),
    _stated(
        "narrative.general_budget.basic_eq_general_budget_by_function",
        _change("general_budget", "基本支出"),
        _total(GENERAL, "基本支出"),
        "说明 {§general_budget} 基本支出 = {general_budget_by_function} 总计 基本支出",
    ),
    _stated(
        "narrative.general_budget.project_eq_general_budget_by_function",
        _change("general_budget", "项目支出"),
        _total(GENERAL, "项目支出"),
        "说明 {§general_budget} 项目支出 = {general_budget_by_function} 总计 项目支出",
    ),
    Relation(
        "narrative.general_budget.class_share_amount_eq_general_budget_by_function",
        "narrative",
        "说明 {§general_budget}（二） class amount = {general_budget_by_function} 合计 by class",
        _STATED_BY,
        (Term(STATED, "shares", side="general_budget", level=1, section="general_budget"),),
        (Term(GENERAL, "合计", level=1, required=False),),
        by="code",
        anchor="lhs",
    ),
    Relation(
        "narrative.general_budget.item_amount_eq_general_budget_by_function",
        "narrative",
        "说明 {§general_budget}（三） 项 amount = {general_budget_by_function} 合计 by 项",
        _STATED_BY,
        (Term(STATED, "changes", side="general_budget", level=3, section="general_budget"),),
        (Term(GENERAL, "合计", level=3, required=False),),
        by="code",
        anchor="lhs",
    ),
    _stated(
        "narrative.basic_expenditure.total_eq_basic_by_economic_class",
        _fact("basic_expenditure", "一般公共预算基本支出"),
        _total(ECONOMIC, "合计"),
        "说明 {§basic_expenditure} 一般公共预算基本支出 = {basic_by_economic_class} 总计",
    ),
    _stated(
        "narrative.basic_expenditure.personnel_eq_basic_by_economic_class",
        _fact("basic_expenditure", "人员经费"),
        _total(ECONOMIC, "人员经费"),
        "说明 {§basic_expenditure} 人员经费 = {basic_by_economic_class} 总计 人员经费",
    ),
    _stated(
        "narrative.basic_expenditure.public_eq_basic_by_economic_class",
        _fact("basic_expenditure", "公用经费"),
        _total(ECONOMIC, "公用经费"),
        "说明 {§basic_expenditure} 公用经费 = {basic_by_economic_class} 总计 公用经费",
    ),
    *(
        _stated(
            f"narrative.sangong.{name}_eq_sangong",
            _fact("sangong", said, "三公"),
            Term(SANGONG, "合计", row=row, required=False),
            f"说明 {{§sangong}} {said} = {{sangong}} {row}",
        )
        for name, (said, row) in _SANGONG_PARTS.items()
    ),
    _stated(
        "narrative.carryover.total_eq_carryover",
        _fact("carryover", "上年结转结余"),
        _total(CARRYOVER, "总计"),
        "说明 {§carryover} 上年结转结余 = {carryover} 总计",
    ),
    _stated(
        "narrative.carryover.fiscal_eq_carryover",
        _fact("carryover", "财政拨款"),
        _total(CARRYOVER, "财政拨款/合计"),
        "说明 {§carryover} 财政拨款 = {carryover} 财政拨款 合计",
    ),
    _stated(
        "narrative.carryover.nonfiscal_eq_carryover",
        _fact("carryover", "非财政拨款"),
        Term(CARRYOVER, "非财政拨款/合计", row="总计", required=False),
        "说明 {§carryover} 非财政拨款 = {carryover} 非财政拨款 合计",
    ),
    _stated(
        "across.other.operating_costs_eq_basic_by_economic_class_public",
        _fact("other", "机关运行经费财政拨款预算", "operating_costs"),
        _total(ECONOMIC, "公用经费"),
        "说明 {§other} 机关运行经费 = {basic_by_economic_class} 总计 公用经费",
        family="across",
    ),
    _stated(
        "narrative.other.performance_unit_eq_income_expenditure_summary",
        _fact("other", "整体预算绩效目标金额", "performance"),
        _t1("收入总计"),
        "说明 {§other} 整体绩效目标金额 = {income_expenditure_summary} 收入总计",
    ),
    Relation(
        "narrative.other.performance_projects_eq_project_expenditure",
        "narrative",
        "说明 {§other} 财政拨款项目金额 = {project_expenditure} 总计 + "
        "{government_fund_expenditure} 总计 项目支出 + {state_capital_expenditure} 总计 项目支出",
        "财政拨款 is the general budget, the government fund budget and the state capital "
        "budget: the narrative counts the projects of all three, the project table lists the "
        "general budget's only, the fund and state-capital tables give the others' project "
        "money (printed empty: none).",
        (_fact("other", "财政拨款项目金额", "performance"),),
        (
            _total(PROJECTS, "项目支出合计"),
            _total(FUND, "项目支出", required=False),
            _total(STATE_CAPITAL, "项目支出", required=False),
        ),
        anchor="lhs",
    ),
    Relation(
        "narrative.sangong.total_eq_parts",
        "narrative",
        "说明 {§sangong} 三公 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行费 + 公务接待费",
        "三公 are exactly these four amounts.",
        (_fact("sangong", "财政拨款“三公”经费", "三公"),),
        tuple(
            _fact("sangong", said, "三公")
            for name, (said, _row) in _SANGONG_PARTS.items()
            if name != "total"
        ),
    ),
    Relation(
        "narrative.other.procurement_eq_parts",
        "narrative",
        "说明 {§other} 政府采购预算 = 货物 + 工程 + 服务",
        "Procurement is goods, works or services.",
        (_fact("other", "政府采购预算", "procurement"),),
        tuple(_fact("other", f"政府采购{k}预算", "procurement") for k in ("货物", "工程", "服务")),
    ),
    Relation(
        "narrative.other.sme_reserved_le_procurement",
        "narrative",
        "说明 {§other} 面向中小企业预留 ≤ 政府采购预算",
        "The share reserved for small and medium enterprises is reserved out of the "
        "procurement budget (政府采购促进中小企业发展管理办法, 财库〔2020〕46号).",
        (_fact("other", "面向中小企业预留政府采购项目预算金额", "procurement"),),
        (_fact("other", "政府采购预算", "procurement"),),
        kind="le",
        anchor="lhs",
    ),
    Relation(
        "narrative.other.small_micro_reserved_le_sme_reserved",
        "narrative",
        "说明 {§other} 小微企业预留 ≤ 面向中小企业预留",
        "Small and micro enterprises are small and medium enterprises (中型、小型、微型): "
        "their reserved share is part of the share reserved for those (财库〔2020〕46号).",
        (_fact("other", "小微企业预留政府采购项目预算金额", "procurement"),),
        (_fact("other", "面向中小企业预留政府采购项目预算金额", "procurement"),),
        kind="le",
        anchor="lhs",
    ),
    Relation(
        "narrative.other.vehicles_eq_kinds",
        "narrative",
        "说明 {§other} 车辆 = 一般公务用车 + 执法执勤用车 + 其他车辆 (count and value)",
        "Vehicles are of exactly these three kinds.",
        (_fact("other", "车辆", "assets"),),
        tuple(_fact("other", k, "assets") for k in ("一般公务用车", "执法执勤用车", "其他车辆")),
    ),
    Relation(
        "narrative.other.vehicle_value_eq_kinds",
        "narrative",
        "说明 {§other} 车辆价值 = Σ the three kinds' values",
        "Vehicles are of exactly these three kinds.",
        (_fact("other", "车辆价值", "assets"),),
        tuple(
            _fact("other", f"{k}价值", "assets")
            for k in ("一般公务用车", "执法执勤用车", "其他车辆")
        ),
    ),
]

RELATIONS: list[Relation] = [*ROWS, *SUMMARY_TABLE, *ACROSS, *NARRATIVE]
if len({r.check for r in RELATIONS}) != len(RELATIONS):  # pragma: no cover
    raise RuntimeError("a check name is declared twice in pipeline.identities.relations")
