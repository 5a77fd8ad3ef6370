"""The accounting identities of the template, declared as data.

Each `Relation` says: the figure(s) on the left (`lhs`, the *reported* side) stand in a
relation (`kind`: eq, ge, le) to the weighted sum of the figures on the right (`rhs`, the
*calculated* side).  A `Term` picks cells of `line_items` by table, side, row label, code
or level, and column (`measure`).  `by` says what one instance of the relation is:

- ``None``: one instance per unit-year (e.g. 收入总计 = 本年收入 + 上年结转结余);
- ``"row"``: one per printed row of the table (e.g. 合计 = 基本支出 + 项目支出 in every row);
- ``"code"``: one per classification code (e.g. table 1 by class = table 3 by class);
- ``"measure"``: one per column (e.g. 三公 合计 = its three parts, in every column).

With `anchor="lhs"` an instance exists only where the reported side is printed (a
narrative that does not mention a figure has nothing to check).

The hierarchy (类 = Σ 款, 款 = Σ 项, 总计 = Σ 类) is not listed here: it follows from the
codes themselves and is computed in `hierarchy.py` for every table that prints codes.
Narrative, prior-year and project checks have their own modules; their declarations
(which narrative subject is which table figure) are data there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["eq", "ge", "le"]
By = Literal["row", "code", "measure"] | None


@dataclass(frozen=True)
class Term:
    """A selection of cells of one table, added with `weight` (+1 or −1).

    `row` is a label key (`labels.label_key`, or a table-1 income path); `measure` is a
    column header leaf or a '/'-joined path suffix ("财政拨款/合计").  `required` says
    whether the row must be printed for the relation to be evaluated; when it is False a
    missing row in a table that is present counts as a printed blank, i.e. zero.
    """

    table: int
    measure: str | None = None
    row: str | None = None
    code: str | None = None
    level: int | None = None
    side: str | None = None
    project: str | None = None
    weight: int = 1
    required: bool | None = None


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


def _parts(table: int, measures: tuple[str, ...], **kw: object) -> tuple[Term, ...]:
    return tuple(Term(table, m, **kw) for m in measures)  # type: ignore[arg-type]


def _rows(table: int, rows: tuple[str, ...], **kw: object) -> tuple[Term, ...]:
    return tuple(Term(table, row=r, **kw) for r in rows)  # type: ignore[arg-type]


_T2_SOURCES = ("一般公共预算", "上级一般公共预算安排的转移支付", "政府性基金预算",
               "上级政府性基金安排的转移支付", "国有资本经营预算",
               "上级国有资本经营预算安排的转移支付")
_T7_ECONOMIC = ("工资福利支出", "商品服务支出", "对个人和家庭的补助", "债务利息及费用支出",
                "资本性支出（基本建设）", "资本性支出", "对企业补助（基本建设）", "对企业补助",
                "对社会保障基金补助", "其他支出")
_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
_INC = "income"
_EXP = "expenditure"

ROWS: list[Relation] = [
    Relation("rows.t3_total_eq_basic_plus_project", "rows", "表3 合计 = 基本支出 + 项目支出",
             "Spending is either basic (keeps the unit running) or project; the template "
             "splits every row's total into these two columns.",
             (Term(3, "合计"),), _parts(3, ("基本支出", "项目支出")), by="row"),
    Relation("rows.t5_total_eq_basic_plus_project", "rows", "表5 合计 = 基本支出 + 项目支出",
             "As in table 3, for the general public budget only.",
             (Term(5, "合计"),), _parts(5, ("基本支出", "项目支出")), by="row"),
    Relation("rows.t8_total_eq_parts", "rows", "表8 合计 = 人员经费 + 公用经费 + 项目支出",
             "Basic spending (personnel + public) plus project spending is the total.",
             (Term(8, "合计"),), _parts(8, ("人员经费", "公用经费", "项目支出")), by="row"),
    Relation("rows.t9_total_eq_parts", "rows", "表9 合计 = 人员经费 + 公用经费 + 项目支出",
             "Basic spending (personnel + public) plus project spending is the total.",
             (Term(9, "合计"),), _parts(9, ("人员经费", "公用经费", "项目支出")), by="row"),
    Relation("rows.t6_basic_eq_personnel_plus_public", "rows",
             "表6 合计 = 人员经费 + 公用经费",
             "Basic spending is personnel money plus public (running) money.",
             (Term(6, "合计"),), _parts(6, ("人员经费", "公用经费")), by="row"),
    Relation("rows.t2_fiscal_subtotal_eq_sources", "rows",
             "表2 财政拨款（补助）小计 = Σ its six sources",
             "The fiscal-appropriation subtotal adds the three budgets and their transfers.",
             (Term(2, "财政拨款（补助）小计"),), _parts(2, _T2_SOURCES), by="row"),
    Relation("rows.t2_total_eq_funds", "rows",
             "表2 总计 = 财政拨款（补助）小计 + 财政专户 + 单位资金 + 财政拨款结转 + "
             "非财政拨款结转结余",
             "Every yuan of income comes from one of these funds.",
             (Term(2, "总计"),),
             _parts(2, ("财政拨款（补助）小计", "财政专户（教育收费）", "单位资金",
                        "财政拨款结转", "非财政拨款结转结余")), by="row"),
    Relation("rows.t4_expenditure_eq_budgets", "rows",
             "表4 支出 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
             "Fiscal spending is funded from exactly the three budgets.",
             (Term(4, "合计", side=_EXP),), _parts(4, _FUNDS, side=_EXP), by="row"),
    Relation("rows.t4_fiscal_income_eq_budgets", "rows",
             "表4 财政拨款（补助） = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
             "Fiscal income is the three budgets' appropriations.",
             (Term(4, row="财政拨款（补助）", side=_INC),), _rows(4, _FUNDS, side=_INC)),
    Relation("rows.t4_income_total_eq_fiscal", "rows", "表4 收入总计 = 财政拨款（补助）",
             "Table 4 holds fiscal money only.",
             (Term(4, row="收入总计", side=_INC),),
             (Term(4, row="财政拨款（补助）", side=_INC),)),
    Relation("rows.t4_expenditure_total_eq_income_total", "rows", "表4 支出总计 = 收入总计",
             "A budget is balanced: planned spending equals planned income.",
             (Term(4, "合计", row="支出总计", side=_EXP),),
             (Term(4, row="收入总计", side=_INC),)),
    Relation("rows.t7_project_eq_economic", "rows", "表7 项目支出合计 = Σ economic columns",
             "Each project's money is split over the economic classification columns.",
             (Term(7, "项目支出合计"),), _parts(7, _T7_ECONOMIC), by="row"),
    Relation("rows.t10_total_eq_sources", "rows",
             "表10 合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
             "三公 money comes from the three budgets.",
             (Term(10, "合计"),),
             _parts(10, ("一般公共预算", "政府性基金", "国有资本经营预算")), by="row"),
    Relation("rows.t10_vehicle_subtotal_eq_parts", "rows",
             "表10 公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费",
             "The vehicle subtotal is purchase plus running costs.",
             (Term(10, row="公务用车购置及运行费"),),
             _rows(10, ("公务用车购置费", "公务用车运行费")), by="measure"),
    Relation("rows.t10_total_eq_three_parts", "rows",
             "表10 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费",
             "三公 are exactly three: travel abroad, reception, vehicles.",
             (Term(10, row="合计"),),
             _rows(10, ("因公出国（境）费", "公务接待费", "公务用车购置及运行费")),
             by="measure"),
    Relation("rows.t11_total_eq_fiscal_plus_nonfiscal", "rows",
             "表11 总计 = 财政拨款 合计 + 非财政拨款 合计",
             "Carry-over is either fiscal or non-fiscal money.",
             (Term(11, "总计"),), _parts(11, ("财政拨款/合计", "非财政拨款/合计")), by="row"),
    Relation("rows.t11_total_eq_sum_of_projects", "rows", "表11 总计 = Σ project rows",
             "Carry-over is itemised project by project.",
             (Term(11, row="总计"),), (Term(11, project="*"),), by="measure"),
    Relation("rows.t11_fiscal_eq_parts", "rows",
             "表11 财政拨款 合计 = 人员经费 + 公用经费 + 项目支出",
             "Fiscal carry-over splits into basic (personnel, public) and project money.",
             (Term(11, "财政拨款/合计"),),
             _parts(11, ("财政拨款/基本支出/人员经费", "财政拨款/基本支出/公用经费",
                         "财政拨款/项目支出")), by="row"),
    Relation("rows.t11_nonfiscal_eq_parts", "rows",
             "表11 非财政拨款 合计 = 人员经费 + 公用经费 + 项目支出",
             "Non-fiscal carry-over splits into basic (personnel, public) and project money.",
             (Term(11, "非财政拨款/合计"),),
             _parts(11, ("非财政拨款/基本支出/人员经费", "非财政拨款/基本支出/公用经费",
                         "非财政拨款/项目支出")), by="row"),
]

_CUR = "本年收入"
_CARRY = "上年结转结余"


def _t1(row: str, **kw: object) -> Term:
    return Term(1, row=row, side=_INC, **kw)  # type: ignore[arg-type]


def _t1_parts(parent: str, children: tuple[str, ...]) -> tuple[Term, ...]:
    return tuple(_t1(f"{parent}/{c}") for c in children)


TABLE1: list[Relation] = [
    Relation("table1.income_total_eq_current_plus_carryover", "table1",
             "表1 收入总计 = 本年收入 + 上年结转结余",
             "Money available is this year's income plus what was carried over.",
             (_t1("收入总计"),), (_t1(_CUR), _t1(_CARRY))),
    Relation("table1.expenditure_total_eq_income_total", "table1", "表1 支出总计 = 收入总计",
             "A budget is balanced: all available money is planned to be spent.",
             (Term(1, row="支出总计", side=_EXP),), (_t1("收入总计"),)),
    Relation("table1.current_income_eq_sources", "table1",
             "表1 本年收入 = 一般公共预算拨款 + 政府性基金预算拨款 + 国有资本经营预算拨款 + "
             "财政专户核拨 + 单位资金",
             "This year's income comes from the five sources the template lists.",
             (_t1(_CUR),),
             _t1_parts(_CUR, ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款",
                              "财政专户核拨", "单位资金"))),
    Relation("table1.gpb_eq_own_plus_transfer", "table1",
             "表1 一般公共预算拨款 = 一般财力 + 上级一般公共预算安排转移支付",
             "General-budget money is the region's own means plus transfers from above.",
             (_t1(f"{_CUR}/一般公共预算拨款"),),
             _t1_parts(f"{_CUR}/一般公共预算拨款", ("一般财力", "上级一般公共预算安排转移支付"))),
    Relation("table1.fund_eq_own_plus_transfer", "table1",
             "表1 政府性基金预算拨款 = 政府性基金收入 + 上级政府性基金安排转移支付",
             "Fund money is the region's own fund income plus transfers from above.",
             (_t1(f"{_CUR}/政府性基金预算拨款"),),
             _t1_parts(f"{_CUR}/政府性基金预算拨款",
                       ("政府性基金收入", "上级政府性基金安排转移支付"))),
    Relation("table1.soe_eq_own_plus_transfer", "table1",
             "表1 国有资本经营预算拨款 = 国有资本经营收入 + 上级国有资本经营预算安排转移支付",
             "State-capital money is own income plus transfers from above.",
             (_t1(f"{_CUR}/国有资本经营预算拨款"),),
             _t1_parts(f"{_CUR}/国有资本经营预算拨款",
                       ("国有资本经营收入", "上级国有资本经营预算安排转移支付"))),
    Relation("table1.unit_funds_eq_parts", "table1", "表1 单位资金 = Σ its five kinds",
             "The unit's own money is listed by kind.",
             (_t1(f"{_CUR}/单位资金"),),
             _t1_parts(f"{_CUR}/单位资金", ("事业收入", "上级补助收入", "附属单位上缴收入",
                                           "事业单位经营收入", "其他收入"))),
    Relation("table1.carryover_eq_fiscal_plus_nonfiscal", "table1",
             "表1 上年结转结余 = 财政拨款结转 + 非财政拨款结转结余",
             "Carry-over is either fiscal or non-fiscal money.",
             (_t1(_CARRY),), _t1_parts(_CARRY, ("财政拨款结转", "非财政拨款结转结余"))),
    Relation("table1.fiscal_carryover_eq_budgets", "table1",
             "表1 财政拨款结转 = 一般公共预算拨款 + 政府性基金预算拨款 + 国有资本经营预算拨款",
             "Fiscal carry-over comes from the three budgets.",
             (_t1(f"{_CARRY}/财政拨款结转"),),
             _t1_parts(f"{_CARRY}/财政拨款结转",
                       ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款"))),
    Relation("table1.nonfiscal_carryover_eq_parts", "table1",
             "表1 非财政拨款结转结余 = 财政专户核拨 + 单位资金",
             "Non-fiscal carry-over is special-account or the unit's own money.",
             (_t1(f"{_CARRY}/非财政拨款结转结余"),),
             _t1_parts(f"{_CARRY}/非财政拨款结转结余", ("财政专户核拨", "单位资金"))),
]


def _total(table: int, measure: str, row: str = "总计", **kw: object) -> Term:
    return Term(table, measure, row=row, **kw)  # type: ignore[arg-type]


ACROSS: list[Relation] = [
    Relation("across.t1_class_eq_t3_class", "across", "表1 支出 by 类 = 表3 合计 by 类",
             "Table 1's expenditure side is table 3's class rows, all funds.",
             (Term(1, side=_EXP, level=1, required=False),), (Term(3, "合计", level=1),),
             by="code"),
    Relation("across.t1_total_eq_t3_total", "across", "表1 支出总计 = 表3 总计 合计",
             "Both are the unit's whole spending.",
             (Term(1, row="支出总计", side=_EXP),), (_total(3, "合计"),)),
    Relation("across.t2_total_eq_t3_total", "across", "表2 总计 = 表3 总计",
             "Income equals spending for the whole unit.",
             (_total(2, "总计"),), (_total(3, "合计"),)),
    Relation("across.t2_eq_t3_by_code", "across", "表2 总计 by code = 表3 合计 by code",
             "Income by function equals spending by function, row by row.",
             (Term(2, "总计", required=False),), (Term(3, "合计"),), by="code"),
    Relation("across.t4_eq_t5_by_class", "across",
             "表4 一般公共预算 by 类 = 表5 合计 by 类",
             "Table 5 details table 4's general-public-budget column.",
             (Term(4, "一般公共预算", side=_EXP, level=1, required=False),),
             (Term(5, "合计", level=1),),
             by="code"),
    Relation("across.t4_total_eq_t5_total", "across", "表4 支出总计 一般公共预算 = 表5 总计",
             "Table 5 details table 4's general-public-budget column.",
             (Term(4, "一般公共预算", row="支出总计", side=_EXP),), (_total(5, "合计"),)),
    Relation("across.t3_ge_t5_by_code", "across", "表3 合计 ≥ 表5 合计, by code",
             "Table 5 is the general-public-budget part of table 3's all-funds spending.",
             (Term(3, "合计", required=False),), (Term(5, "合计"),), by="code", kind="ge"),
    Relation("across.t5_basic_eq_t6_total", "across", "表5 总计 基本支出 = 表6 总计 合计",
             "Table 6 details table 5's basic spending by economic class.",
             (_total(5, "基本支出"),), (_total(6, "合计"),)),
    Relation("across.t5_project_eq_t7_total", "across",
             "表5 总计 项目支出 = 表7 总计 项目支出合计",
             "Table 7 details table 5's project spending project by project.",
             (_total(5, "项目支出"),), (_total(7, "项目支出合计"),)),
    Relation("across.t11_total_eq_t1_carryover", "across", "表11 总计 = 表1 上年结转结余",
             "Table 11 details the carry-over that table 1 reports as one line.",
             (_total(11, "总计"),), (_t1(_CARRY),)),
    Relation("across.t10_vehicle_running_ge_t6_30231", "across",
             "表10 公务用车运行费 ≥ 表6 30231 公务用车运行维护费",
             "三公 are full-caliber (basic + project money); table 6 is basic money only.",
             (Term(10, "合计", row="公务用车运行费", required=False),),
             (Term(6, "合计", code="30231"),), kind="ge"),
    Relation("across.t10_reception_ge_t6_30217", "across",
             "表10 公务接待费 ≥ 表6 30217 公务接待费",
             "三公 are full-caliber (basic + project money); table 6 is basic money only.",
             (Term(10, "合计", row="公务接待费", required=False),),
             (Term(6, "合计", code="30217"),), kind="ge"),
    Relation("across.t10_abroad_ge_t6_30212", "across",
             "表10 因公出国（境）费 ≥ 表6 30212 因公出国（境）费用",
             "三公 are full-caliber (basic + project money); table 6 is basic money only.",
             (Term(10, "合计", row="因公出国（境）费", required=False),),
             (Term(6, "合计", code="30212"),), kind="ge"),
    Relation("across.t10_vehicle_purchase_ge_t6_31013", "across",
             "表10 公务用车购置费 ≥ 表6 31013 公务用车购置",
             "三公 are full-caliber (basic + project money); table 6 is basic money only.",
             (Term(10, "合计", row="公务用车购置费", required=False),),
             (Term(6, "合计", code="31013"),), kind="ge"),
]


def _said(side: str, subject: str, origin: str = "facts") -> Term:
    return Term(0, origin, row=subject, side=side)


def _stated(check: str, said: Term, table: Term, formula: str,
            family: str = "narrative") -> Relation:
    return Relation(check, family, formula,
                    "The narrative explains the tables; a figure it states is the table's.",
                    (said,), (table,), anchor="lhs")


_T10 = {"因公出国（境）费": "因公出国（境）费", "公务用车购置费": "公务用车购置费",
        "公务用车运行费": "公务用车运行费", "公务接待费": "公务接待费",
        "财政拨款“三公”经费": "合计"}

NARRATIVE: list[Relation] = [
    _stated("narrative.total_budget_eq_t1", _said("overview", "收支总预算"),
            _t1("收入总计"), "说明 一 收支总预算 = 表1 收入总计"),
    _stated("narrative.income_budget_eq_t2", _said("income", "收入预算"),
            _total(2, "总计"), "说明 二 收入预算 = 表2 总计"),
    _stated("narrative.expenditure_budget_eq_t3", _said("expenditure", "支出预算"),
            _total(3, "合计"), "说明 三 支出预算 = 表3 总计"),
    _stated("narrative.gpb_income_eq_t1", _said("二", "一般公共预算", "changes"),
            _t1(f"{_CUR}/一般公共预算拨款/一般财力"), "说明 二 一般公共预算 = 表1 一般财力"),
    _stated("narrative.gpb_transfer_eq_t1",
            _said("二", "上级一般公共预算安排的转移支付资金", "changes"),
            _t1(f"{_CUR}/一般公共预算拨款/上级一般公共预算安排转移支付"),
            "说明 二 上级转移支付 = 表1 上级一般公共预算安排转移支付"),
    _stated("narrative.fiscal_carryover_eq_t1", _said("二", "财政拨款结转", "changes"),
            _t1(f"{_CARRY}/财政拨款结转"), "说明 二 财政拨款结转 = 表1 财政拨款结转"),
    _stated("narrative.basic_eq_t3", _said("三", "基本支出", "changes"),
            _total(3, "基本支出"), "说明 三 基本支出 = 表3 总计 基本支出"),
    _stated("narrative.project_eq_t3", _said("三", "项目支出", "changes"),
            _total(3, "项目支出"), "说明 三 项目支出 = 表3 总计 项目支出"),
    _stated("narrative.fiscal_total_eq_t4", _said("fiscal", "财政拨款收支总预算"),
            Term(4, row="收入总计", side=_INC), "说明 四 财政拨款收支总预算 = 表4 收入总计"),
    _stated("narrative.fiscal_gpb_eq_t4", _said("fiscal_income", "一般公共预算拨款"),
            Term(4, row="一般公共预算", side=_INC), "说明 四 一般公共预算拨款 = 表4 一般公共预算"),
    Relation("narrative.fiscal_class_eq_t4", "narrative",
             "说明 四 each class = 表4 一般公共预算 by class",
             "The narrative explains the tables; a figure it states is the table's.",
             (Term(0, "facts", side="fiscal_expenditure", level=1),),
             (Term(4, "一般公共预算", side=_EXP, level=1, required=False),),
             by="code", anchor="lhs"),
    _stated("narrative.gpb_total_eq_t5", _said("general_budget", "一般公共预算拨款合计"),
            _total(5, "合计"), "说明 五 一般公共预算拨款合计 = 表5 总计"),
    _stated("narrative.gpb_basic_eq_t5", _said("五", "基本支出", "changes"),
            _total(5, "基本支出"), "说明 五 基本支出 = 表5 总计 基本支出"),
    _stated("narrative.gpb_project_eq_t5", _said("五", "项目支出", "changes"),
            _total(5, "项目支出"), "说明 五 项目支出 = 表5 总计 项目支出"),
    Relation("narrative.class_share_amount_eq_t5", "narrative",
             "说明 五（二） class amount = 表5 合计 by class",
             "The narrative explains the tables; a figure it states is the table's.",
             (Term(0, "shares", side="五", level=1),),
             (Term(5, "合计", level=1, required=False),), by="code", anchor="lhs"),
    Relation("narrative.item_amount_eq_t5", "narrative",
             "说明 五（三） 项 amount = 表5 合计 by 项",
             "The narrative explains the tables; a figure it states is the table's.",
             (Term(0, "changes", side="五", level=3),),
             (Term(5, "合计", level=3, required=False),), by="code", anchor="lhs"),
    _stated("narrative.basic_gpb_eq_t6", _said("basic_expenditure", "一般公共预算基本支出"),
            _total(6, "合计"), "说明 六 一般公共预算基本支出 = 表6 总计"),
    _stated("narrative.personnel_eq_t6", _said("basic_expenditure", "人员经费"),
            _total(6, "人员经费"), "说明 六 人员经费 = 表6 总计 人员经费"),
    _stated("narrative.public_eq_t6", _said("basic_expenditure", "公用经费"),
            _total(6, "公用经费"), "说明 六 公用经费 = 表6 总计 公用经费"),
    *(_stated(f"narrative.sangong_{i}_eq_t10", _said("三公", said),
              Term(10, "合计", row=row, required=False), f"说明 十 {said} = 表10 {row}")
      for i, (said, row) in enumerate(_T10.items(), start=1)),
    _stated("narrative.carryover_eq_t11", _said("carryover", "上年结转结余"),
            _total(11, "总计"), "说明 十一 上年结转结余 = 表11 总计"),
    _stated("narrative.carryover_fiscal_eq_t11", _said("carryover", "财政拨款"),
            _total(11, "财政拨款/合计"), "说明 十一 财政拨款 = 表11 财政拨款 合计"),
    _stated("narrative.carryover_nonfiscal_eq_t11", _said("carryover", "非财政拨款"),
            Term(11, "非财政拨款/合计", row="总计", required=False),
            "说明 十一 非财政拨款 = 表11 非财政拨款 合计"),
    _stated("across.operating_costs_eq_t6_public",
            _said("operating_costs", "机关运行经费财政拨款预算"), _total(6, "公用经费"),
            "说明 十二 机关运行经费 = 表6 总计 公用经费", family="across"),
    _stated("narrative.performance_unit_eq_t1", _said("performance", "整体预算绩效目标金额"),
            _t1("收入总计"), "说明 十二 整体绩效目标金额 = 表1 收入总计"),
    _stated("narrative.performance_projects_eq_t7", _said("performance", "财政拨款项目金额"),
            _total(7, "项目支出合计"), "说明 十二 财政拨款项目金额 = 表7 总计"),
    Relation("narrative.sangong_total_eq_parts", "narrative",
             "说明 十 三公 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行费 + 公务接待费",
             "三公 are exactly these four amounts.",
             (_said("三公", "财政拨款“三公”经费"),),
             tuple(_said("三公", k) for k in list(_T10)[:4])),
    Relation("narrative.procurement_eq_parts", "narrative",
             "说明 十二 政府采购预算 = 货物 + 工程 + 服务",
             "Procurement is goods, works or services.",
             (_said("procurement", "政府采购预算"),),
             tuple(_said("procurement", f"政府采购{k}预算") for k in ("货物", "工程", "服务"))),
    Relation("narrative.vehicles_eq_kinds", "narrative",
             "说明 十二 车辆 = 一般公务用车 + 执法执勤用车 + 其他车辆 (count and value)",
             "Vehicles are of exactly these three kinds.",
             (_said("assets", "车辆"),),
             tuple(_said("assets", k) for k in ("一般公务用车", "执法执勤用车", "其他车辆"))),
    Relation("narrative.vehicle_value_eq_kinds", "narrative",
             "说明 十二 车辆价值 = Σ the three kinds' values",
             "Vehicles are of exactly these three kinds.",
             (_said("assets", "车辆价值"),),
             tuple(_said("assets", f"{k}价值") for k in ("一般公务用车", "执法执勤用车",
                                                         "其他车辆"))),
]

RELATIONS: list[Relation] = [*ROWS, *TABLE1, *ACROSS, *NARRATIVE]
if len({r.check for r in RELATIONS}) != len(RELATIONS):  # pragma: no cover
    raise RuntimeError("a check name is declared twice in pipeline.identities.relations")
