"""A random but internally consistent unit budget, in exact 万元.

Leaves are drawn first and every total is their sum, so each identity a disclosure
promises (table totals, the narrative's year-on-year changes and shares, 三公 subtotals,
allocation texts that add up to the project) holds exactly.  Codes and names of the
functional and economic classifications are those of the shipped 2024 document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

# Functional classification (功能分类) of the real document: code → name.
FUNCTIONAL_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101103": "公务员医疗补助",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "229": "其他支出",
    "22960": "彩票公益金安排的支出",
    "2296002": "用于社会福利的彩票公益金支出",
}
FUND_CODE = "2296002"
"""The 项 a unit's government-fund (政府性基金) projects are classified under."""

# The 类 rows tables 1 and 4 always print, used or not (codes and names as in the real one).
ALL_CLASSES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
)

# Economic classification (经济分类) of the real document's table 6: code → name.
ECONOMIC_NAMES: dict[str, str] = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30211": "差旅费",
    "30218": "专用材料费",
    "30228": "工会经费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30399": "其他对个人和家庭的补助",
}

# Table 7's economic columns 2–11 (column 1 is the project total).
PROJECT_COLUMNS: tuple[str, ...] = (
    "工资福利支出",
    "商品服务支出",
    "对个人和家庭的补助",
    "债务利息及费用支出",
    "资本性支出（基本建设）",
    "资本性支出",
    "对企业补助（基本建设）",
    "对企业补助",
    "对社会保障基金补助",
    "其他支出",
)

_PROJECT_THEMES = (
    "办公保障项目",
    "运行保障项目",
    "专项业务保障项目",
    "信息化建设项目",
    "设备购置项目",
    "培训会议项目",
    "维修改造项目",
    "安全保障项目",
    "宣传服务项目",
    "慰问活动项目",
    "调研督导项目",
    "档案整理项目",
    "后勤服务项目",
    "值班值守保障项目",
    "公寓维护项目",
)
_ALLOCATION_ITEMS = (
    "办公费",
    "印刷费",
    "劳务费",
    "租赁费",
    "差旅费",
    "委托业务费",
    "维修费",
    "培训费",
    "会议费",
    "专用材料费",
    "物业管理费",
    "其他交通费",
)
_OFFICES = (
    "综合科",
    "财务科",
    "人事科",
    "办公室",
    "信息科",
    "督查室",
    "政务服务科",
    "档案室",
    "保卫科",
    "后勤科",
    "法规科",
    "宣传科",
    "规划科",
    "审计科",
    "机关党委办公室",
    "值班室",
)
_REASONS = (
    "人员变动及工资标准调整",
    "本单位人员净{way} {n} 人",
    "年初预算新增合成专项预算 {m} 万元",
    "社会保险缴费基数调整",
    "压减一般性支出",
    "项目结束不再安排",
    "新增保障任务",
)
_CARRY_PURPOSES = (
    "支付上年未结算的工作人员生活补助",
    "支付上年未完成的设备维护费用",
    "支付上年结转的办公用房维修费用",
)
_SURNAMES = "王李张刘陈杨赵黄周吴"
_GIVEN = ("合一", "成二", "试三", "测四", "样五")


def cents(n: int) -> Decimal:
    """An amount of `n` cents of 万元, with two places.

    >>> cents(123456)
    Decimal('1234.56')
    """
    return Decimal(n).scaleb(-2)


def pct(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, rounded half-up to two places (0 when whole is 0 and part 0).

    >>> pct(Decimal("6.72"), Decimal("5069.86"))
    Decimal('0.13')
    """
    if whole == 0:
        return ZERO if part == 0 else Decimal("100.00")
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def change_pct(amount: Decimal, prior: Decimal) -> Decimal:
    """Signed percentage change as the documents print it; from 0 it is 100.00 (or 0.00).

    >>> change_pct(Decimal("5059.45"), Decimal("3056.15"))
    Decimal('65.55')
    >>> change_pct(Decimal("6.72"), Decimal("0"))
    Decimal('100.00')
    """
    return pct(amount - prior, prior)


@dataclass(frozen=True)
class Change:
    """An amount the narrative compares with the prior year's budget, and the reason given."""

    amount: Decimal
    prior: Decimal
    reason: str = ""

    @property
    def change(self) -> Decimal:
        return self.amount - self.prior

    @property
    def stated(self) -> bool:
        """Whether the narrative compares it: an amount this year or last (an amount that
        fell to 0 is a change of −100 %, not 未安排 — the prior-year figure must show)."""
        return bool(self.amount or self.prior)

    @property
    def pct(self) -> Decimal:
        return change_pct(self.amount, self.prior)


@dataclass(frozen=True)
class FunctionalLine:
    """One 项 of the functional classification: its amounts by kind and source.

    `general` is 一般财力 (本级), `transfer` 上级一般公共预算安排转移支付, `carry`
    财政拨款结转; `prior_basic`/`prior_project` are last year's 一般公共预算 amounts.
    """

    code: str
    basic_general: Decimal
    basic_transfer: Decimal
    basic_carry: Decimal
    project_general: Decimal
    project_transfer: Decimal
    project_carry: Decimal
    prior_basic: Decimal
    prior_project: Decimal
    reason: str
    project_fund: Decimal = ZERO
    """Project money of the government fund budget (政府性基金预算)."""

    @property
    def name(self) -> str:
        return FUNCTIONAL_NAMES[self.code]

    @property
    def basic(self) -> Decimal:
        return self.basic_general + self.basic_transfer + self.basic_carry

    @property
    def project(self) -> Decimal:
        return self.project_general + self.project_transfer + self.project_carry + self.project_fund

    @property
    def fund(self) -> Decimal:
        return self.project_fund

    @property
    def fiscal(self) -> Decimal:
        """财政拨款（补助）: the general budget and the government fund budget."""
        return self.gpb + self.project_fund

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def general(self) -> Decimal:
        return self.basic_general + self.project_general

    @property
    def transfer(self) -> Decimal:
        return self.basic_transfer + self.project_transfer

    @property
    def carry(self) -> Decimal:
        return self.basic_carry + self.project_carry

    @property
    def gpb_basic(self) -> Decimal:
        """一般公共预算 (general + transfer) basic expenditure."""
        return self.basic_general + self.basic_transfer

    @property
    def gpb_project(self) -> Decimal:
        return self.project_general + self.project_transfer

    @property
    def gpb(self) -> Decimal:
        return self.gpb_basic + self.gpb_project

    @property
    def change(self) -> Change:
        return Change(self.gpb, self.prior_basic + self.prior_project, self.reason)


@dataclass(frozen=True)
class EconomicLine:
    """One 款 of table 6 (economic classification): personnel or public-use money."""

    code: str
    amount: Decimal

    @property
    def name(self) -> str:
        return ECONOMIC_NAMES[self.code]

    @property
    def personnel(self) -> bool:
        return not self.code.startswith("302")


@dataclass(frozen=True)
class Allocation:
    """An amount a project's allocation text itemises."""

    item: str
    amount: Decimal


@dataclass(frozen=True)
class Indicator:
    """One row of a performance-target table."""

    level1: str
    level2: str
    indicator: str
    target_raw: str
    target_op: str | None
    target_value: Decimal | None
    target_unit: str | None
    basis: str
    last_year_raw: str | None
    weight: int
    scoring_rule: str | None
    evidence: str | None


@dataclass(frozen=True)
class Project:
    """A project of table 7 and section 七 (a government-fund project: of table 8 and
    section 八, `source` "fund"), with its performance-target table."""

    no: int
    name: str
    code: str
    column: int  # table 7 column 2–11 the amount sits in
    source: str  # "general" or "transfer"
    amount: Decimal
    policy_basis: str
    allocations: tuple[Allocation, ...]
    goal: str
    indicators: tuple[Indicator, ...]
    budget_unit: str | None = None  # the subordinate unit (or the unit itself) it belongs to


@dataclass(frozen=True)
class Structure:
    """How a unit is organised, beyond the plain office the shipped document describes.

    `subordinates`: budget units under it, whose projects and carry-over the tables group
    under a row naming each unit; `projects`: False for a unit without any project (table 7
    empty, section 七 saying so); `institution`: a 事业单位, which has no 机关运行经费 (its
    section says so instead of stating an amount); `fund_projects`: projects financed by
    the government fund budget (政府性基金), in table 8 and counted among the narrative's
    财政拨款项目, although table 7 lists the general budget's projects only.
    """

    subordinates: int = 0
    projects: bool = True
    institution: bool = False
    fund_projects: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.subordinates <= 5:
            raise ValueError("subordinates must be between 0 and 5")
        if not 0 <= self.fund_projects <= 5:
            raise ValueError("fund_projects must be between 0 and 5")


PLAIN = Structure()
"""The structure of the shipped document's unit: an office with projects, no subordinates."""


@dataclass(frozen=True)
class CarryItem:
    """A line of table 11: last year's money carried over, by what it pays for."""

    name: str
    code: str
    kind: str  # "personnel", "public" or "project"
    amount: Decimal
    purpose: str
    budget_unit: str | None = None  # the unit it belongs to (None: the unit itself)


@dataclass(frozen=True)
class ThreePublic:
    """三公 expenses of the fiscal appropriation, each with its prior-year amount."""

    abroad: Change
    car_purchase: Change
    car_running: Change
    reception: Change

    @property
    def cars(self) -> Decimal:
        return self.car_purchase.amount + self.car_running.amount

    @property
    def total(self) -> Change:
        parts = (self.abroad, self.car_purchase, self.car_running, self.reception)
        return Change(sum((p.amount for p in parts), ZERO), sum((p.prior for p in parts), ZERO))


@dataclass(frozen=True)
class Staff:
    """Headcount as the profile states it."""

    quota: int
    active: int
    active_change: int
    retired: int
    retired_change: int
    cadre: int
    cadre_change: int

    @property
    def actual(self) -> int:
        return self.active + self.retired + self.cadre


@dataclass(frozen=True)
class Assets:
    """国有资产占用使用情况 at the end of the prior year."""

    floor_area: Decimal
    building_value: Decimal
    cars_official: int
    cars_official_value: Decimal
    cars_enforcement: int
    cars_enforcement_value: Decimal
    cars_other: int
    cars_other_value: Decimal
    furniture_value: Decimal
    other_value: Decimal
    equipment_50: int
    equipment_100: int
    buy_equipment_50: int
    buy_equipment_100: int

    @property
    def cars(self) -> int:
        return self.cars_official + self.cars_enforcement + self.cars_other

    @property
    def cars_value(self) -> Decimal:
        return self.cars_official_value + self.cars_enforcement_value + self.cars_other_value


@dataclass(frozen=True)
class Procurement:
    """政府采购预算 by kind, and the amounts reserved for small enterprises."""

    goods: Decimal
    works: Decimal
    services: Decimal
    sme: Decimal
    micro: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services


@dataclass(frozen=True)
class SyntheticBudget:
    """One synthetic unit-year: every figure the disclosure prints, consistent by construction."""

    unit: str
    year: int
    published: date
    duties: tuple[str, ...]
    offices: tuple[str, ...]
    staff: Staff
    lines: tuple[FunctionalLine, ...]  # 项 rows, sorted by code
    economic: tuple[EconomicLine, ...]  # table 6 款 rows, sorted by code
    projects: tuple[Project, ...]
    carry: tuple[CarryItem, ...]
    prior_general: Decimal
    prior_transfer: Decimal
    prior_carry: Decimal
    income_reasons: tuple[str, str]
    prior_basic_all: Decimal  # last year's basic incl. carry-over (section 三)
    prior_project_all: Decimal
    expenditure_reasons: tuple[str, str]
    three_public: ThreePublic
    running_cost: Change
    procurement: Procurement
    assets: Assets
    contact: str
    phone: str
    unit_goal: str
    unit_indicators: tuple[Indicator, ...]
    structure: Structure = PLAIN
    subordinates: tuple[str, ...] = ()
    """Names of the subordinate budget units (合成 …), when the structure has some."""
    fund_projects: tuple[Project, ...] = ()
    """Projects of the government fund budget: in table 8 (by function) and in the
    narrative's count of fiscal projects, never in table 7 (general budget only)."""
    prior_fund: Decimal = ZERO
    """Last year's government-fund appropriation."""

    @property
    def budget_units(self) -> tuple[str, ...]:
        """The unit itself, then its subordinate units, as the tables group them."""
        return (self.unit, *self.subordinates)

    # -- totals, all sums of leaves -------------------------------------------------
    @property
    def general(self) -> Decimal:
        return sum((x.general for x in self.lines), ZERO)

    @property
    def transfer(self) -> Decimal:
        return sum((x.transfer for x in self.lines), ZERO)

    @property
    def carry_total(self) -> Decimal:
        return sum((x.carry for x in self.lines), ZERO)

    @property
    def gpb(self) -> Decimal:
        """一般公共预算拨款: 一般财力 + 上级转移支付."""
        return self.general + self.transfer

    @property
    def fund(self) -> Decimal:
        """政府性基金预算拨款: the government fund budget's (project) money."""
        return sum((x.project_fund for x in self.lines), ZERO)

    @property
    def fiscal(self) -> Decimal:
        """财政拨款（补助）: 一般公共预算拨款 + 政府性基金预算拨款."""
        return self.gpb + self.fund

    @property
    def total(self) -> Decimal:
        return self.gpb + self.carry_total + self.fund

    @property
    def fiscal_projects(self) -> int:
        """The fiscal-appropriation projects the narrative counts (general and fund)."""
        return len(self.projects) + len(self.fund_projects)

    @property
    def basic_all(self) -> Decimal:
        return sum((x.basic for x in self.lines), ZERO)

    @property
    def project_all(self) -> Decimal:
        return sum((x.project for x in self.lines), ZERO)

    @property
    def gpb_basic(self) -> Decimal:
        return sum((x.gpb_basic for x in self.lines), ZERO)

    @property
    def gpb_project(self) -> Decimal:
        return sum((x.gpb_project for x in self.lines), ZERO)

    @property
    def personnel(self) -> Decimal:
        return sum((e.amount for e in self.economic if e.personnel), ZERO)

    @property
    def public_use(self) -> Decimal:
        return sum((e.amount for e in self.economic if not e.personnel), ZERO)

    def classes(self) -> list[str]:
        """Codes of the 类 with money, in order."""
        return sorted({x.code[:3] for x in self.lines})

    def lines_under(self, prefix: str) -> list[FunctionalLine]:
        return [x for x in self.lines if x.code.startswith(prefix)]

    def sum_under(self, prefix: str, attr: str) -> Decimal:
        return sum((getattr(x, attr) for x in self.lines_under(prefix)), ZERO)

    def economic_total(self, prefix: str) -> Decimal:
        return sum((e.amount for e in self.economic if e.code.startswith(prefix)), ZERO)

    # -- the narrative's year-on-year comparisons ----------------------------------
    @property
    def income_general(self) -> Change:
        return Change(self.general, self.prior_general, self.income_reasons[0])

    @property
    def income_transfer(self) -> Change:
        return Change(self.transfer, self.prior_transfer, self.income_reasons[1])

    @property
    def income_carry(self) -> Change:
        return Change(self.carry_total, self.prior_carry)

    @property
    def income_fund(self) -> Change:
        return Change(self.fund, self.prior_fund, self.income_reasons[0] if self.fund else "")

    @property
    def basic_change(self) -> Change:
        return Change(self.basic_all, self.prior_basic_all, self.expenditure_reasons[0])

    @property
    def project_change(self) -> Change:
        return Change(self.project_all, self.prior_project_all, self.expenditure_reasons[1])

    @property
    def gpb_basic_change(self) -> Change:
        prior = sum((x.prior_basic for x in self.lines), ZERO)
        return Change(self.gpb_basic, prior, self.expenditure_reasons[0])

    @property
    def gpb_project_change(self) -> Change:
        prior = sum((x.prior_project for x in self.lines), ZERO)
        return Change(self.gpb_project, prior, self.expenditure_reasons[1])


# -- drawing ---------------------------------------------------------------------------


def _split(rng: random.Random, total: int, parts: int, floor: int = 1) -> list[int]:
    """`total` cents cut into `parts` positive pieces (each ≥ `floor`) that add up exactly."""
    if parts == 1:
        return [total]
    spare = total - floor * parts
    if spare < 0:
        raise ValueError(f"cannot cut {total} cents into {parts} pieces of at least {floor}")
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    bounds = [0, *cuts, spare]
    return [floor + bounds[i + 1] - bounds[i] for i in range(parts)]


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount between `low` and `high` 万元 (integers), in cents."""
    return cents(rng.randint(low * 100, high * 100))


def _prior(rng: random.Random, amount: Decimal) -> Decimal:
    """Last year's amount: unchanged, or 50–160 % of this year's; for an amount of 0, 0 or
    some.  Never 0 under an amount above 0: a change from a zero base has no percentage,
    and the narrative prints one for every change."""
    draw = rng.random()
    if amount == 0:
        return ZERO if draw < 0.6 else _amount(rng, 1, 40)
    if draw < 0.1:
        return amount
    factor = rng.uniform(0.5, 1.6)
    return cents(max(1, round(int(amount * 100) * factor)))


def _reason(rng: random.Random) -> str:
    """A reason as a template: its figures are the budget's own, filled in by `_said`."""
    return rng.choice(_REASONS)


def _said(template: str, staff: Staff, new_money: Decimal) -> str:
    """A reason with the budget's figures: a change of headcount is the profile's change of
    在职 (none: a reason without a count), a new appropriation one amount for the whole
    document — the narrative states each figure the same wherever it gives the reason.

    >>> staff = Staff(10, 8, -2, 0, 0, 0, 0)
    >>> _said("本单位人员净{way} {n} 人", staff, Decimal("1.50"))
    '本单位人员净减少 2 人'
    >>> _said("年初预算新增合成专项预算 {m} 万元", staff, Decimal("1.50"))
    '年初预算新增合成专项预算 1.50 万元'
    """
    change = staff.active_change
    if "{n}" in template and not change:
        return _REASONS[0]
    return template.format(
        way="增加" if change > 0 else "减少", n=abs(change), m=f"{new_money:.2f}"
    )


def _cn_ordinal(n: int) -> str:
    """Chinese numeral 1–99 as the documents write item numbers.

    >>> _cn_ordinal(7), _cn_ordinal(10), _cn_ordinal(14)
    ('七', '十', '十四')
    """
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _choose_codes(rng: random.Random) -> list[str]:
    """The 项 codes the unit spends on: 行政运行 always, the others by chance."""
    codes = ["2010301"]
    if rng.random() < 0.9:
        codes.append("2010302")
    if rng.random() < 0.85:
        pension = [c for c in ("2080501", "2080505") if rng.random() < 0.7]
        codes += pension or ["2080505"]
        if rng.random() < 0.5:
            codes.append("2080801")
    if rng.random() < 0.85:
        medical = [c for c in ("2101101", "2101103") if rng.random() < 0.7]
        codes += medical or ["2101101"]
    if rng.random() < 0.8:
        codes.append("2210201")
    return sorted(codes)


def _choose_economic(rng: random.Random) -> list[str]:
    picked = ["30101", "30102", "30201"]
    optional = [
        c for c in ECONOMIC_NAMES if len(c) == 5 and c not in picked and not c.startswith("303")
    ]
    picked += [c for c in optional if rng.random() < 0.7]
    if rng.random() < 0.8:
        family = [c for c in ("30302", "30304", "30305", "30399") if rng.random() < 0.6]
        picked += family or ["30302"]
    return sorted(picked)


def _indicator_target(
    rng: random.Random, level2: str, year: int, amount: Decimal
) -> tuple[str, str, str | None, Decimal | None, str | None]:
    """(indicator name, target as printed, op, value, unit) for a performance row of a
    project of `amount` 万元."""
    if level2 == "数量指标":
        unit = rng.choice(("次", "个", "人", "套", "人次"))
        value = Decimal(rng.randint(1, 600))
        op = rng.choice(("=", ">=", "≥"))
        name = rng.choice(("保障活动次数", "保障对象数量", "维护设施数量", "服务人次"))
        return name, f"{op}{value} {unit}", op.replace("≥", ">="), value, unit
    if level2 == "质量指标":
        op = rng.choice(("=", ">="))
        value = Decimal(rng.choice((90, 95, 98, 100)))
        name = rng.choice(("验收合格率", "任务完成率", "资金支付合规率"))
        return name, f"{op}{value}%", op, value, "%"
    if level2 == "时效指标":
        month, day = rng.randint(5, 12), rng.choice((20, 25, 30))
        return "项目完成时间", f"={year} 年 {month} 月 {day} 日前", "=", None, None
    if level2 == "经济成本指标":  # the cost targets account for the budget
        name = rng.choice(("项目总成本", "项目成本控制数"))
        return name, f"<={amount} 万元", "<=", amount, "万元"
    if level2 == "社会效益指标":
        word = rng.choice(("保障", "提高", "降低"))
        name = rng.choice(("保障单位正常履职", "提高服务水平", "降低安全隐患"))
        return name, word, None, None, None
    value = Decimal(rng.choice((90, 95, 100)))
    op = rng.choice(("=", ">="))
    return "服务对象满意度", f"{op}{value}%", op, value, "%"


_PROJECT_ROWS = (
    ("产出指标", "数量指标"),
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("成本指标", "经济成本指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "满意度指标"),
)


def _weights(rng: random.Random, count: int) -> list[int]:
    """Integer weights (multiples of 5, each ≥ 5) summing to 100."""
    return [5 * w for w in _split(rng, 20, count, floor=1)]


def _project_indicators(rng: random.Random, year: int, amount: Decimal) -> tuple[Indicator, ...]:
    rows = list(_PROJECT_ROWS)
    if rng.random() < 0.5:
        rows.pop(1)
    weights = _weights(rng, len(rows))
    out = []
    seen: set[str] = set()
    for (level1, level2), weight in zip(rows, weights, strict=True):
        name, raw, op, value, unit = _indicator_target(rng, level2, year, amount)
        while name in seen:
            name += "（续）"
        seen.add(name)
        last = rng.choice(("新增", raw.lstrip("=<>≥ ")))
        out.append(
            Indicator(
                level1,
                level2,
                name,
                raw,
                op,
                value,
                unit,
                "计划标准",
                last,
                weight,
                rng.choice(("直接赋分", "按照完成比例赋分")),
                rng.choice(("工作资料", "原始凭证")),
            )
        )
    return tuple(out)


def _unit_indicators(rng: random.Random) -> tuple[Indicator, ...]:
    names = ("保障会议次数", "后勤保障及时率", "文件流转及时率", "会议保障率", "值班到岗率")
    count = rng.randint(3, 5)
    weights = _weights(rng, count)
    out = []
    for index in range(count):
        if index == 0:
            value = Decimal(rng.randint(5, 40))
            raw, op, unit, level2 = f"≥{value} 次", ">=", "次", "数量指标"
        else:
            value, raw, op, unit, level2 = Decimal(100), "=100%", "=", "%", "质量指标"
        out.append(
            Indicator(
                "履职效能",
                level2,
                names[index],
                raw,
                op,
                value,
                unit,
                f"{rng.choice(('上年工作总结', '年度工作计划'))}",
                None,
                weights[index],
                None,
                None,
            )
        )
    return tuple(out)


def _allocations(rng: random.Random, amount: Decimal) -> tuple[Allocation, ...]:
    count = min(rng.randint(1, 4), int(amount * 100))
    items = rng.sample(_ALLOCATION_ITEMS, count)
    pieces = _split(rng, int(amount * 100), count)
    return tuple(Allocation(i, cents(p)) for i, p in zip(items, pieces, strict=True))


def generate_budget(
    rng: random.Random,
    unit: str,
    year: int,
    prior: SyntheticBudget | None = None,
    structure: Structure = PLAIN,
    *,
    sangong: bool = True,
    carryover: bool = True,
    projects: bool = True,
) -> SyntheticBudget:
    """Draw one consistent synthetic budget for `unit` (must contain 合成) and `year`.

    With `prior`, the same unit's budget of the year before, every prior-year figure the
    narrative compares with (amount − change of each 比上年 sentence) and the headcount
    changes are that budget's own: the 项 are the prior year's, drawn anew.
    `sangong=False` draws a unit whose 三公 fell to 0.00 this year (from a prior-year amount
    above 0), `carryover=False` one without carry-over, `projects=False` one without any
    project (table 7 printed empty with its note); otherwise each is drawn at random.
    `structure` says how the unit is organised (`Structure`; its `projects=False` is the
    same as the argument's).

    >>> b = generate_budget(random.Random(7), "合成测试单位0007（synthetic）", 2024)
    >>> b.total == b.basic_all + b.project_all == b.gpb + b.carry_total + b.fund
    True
    >>> b.gpb_basic == b.personnel + b.public_use
    True
    >>> z = generate_budget(random.Random(7), "合成测试单位0007（synthetic）", 2024,
    ...                     sangong=False, carryover=False, projects=False)
    >>> (z.three_public.total.amount, z.three_public.total.prior > 0, z.carry, z.projects)
    (Decimal('0.00'), True, (), ())
    """
    if "合成" not in unit:
        raise ValueError(f"a synthetic unit name must contain 合成: {unit!r}")
    if prior is not None and (prior.unit, prior.year) != (unit, year - 1):
        raise ValueError(
            f"the prior budget must be {unit}'s of {year - 1}, not {prior.unit}'s of {prior.year}"
        )
    codes = [x.code for x in prior.lines if x.code != FUND_CODE] if prior else _choose_codes(rng)
    project_codes = [c for c in codes if c.startswith("201")]
    subordinates = tuple(
        f"合成下属单位{chr(0x41 + i)}（synthetic）" for i in range(structure.subordinates)
    )
    units = (unit, *subordinates)
    # a figure the narrative compares with last year's stays 0 where last year's was 0: a
    # change from a zero base has no percentage, and the narrative prints one for each
    with_projects = projects and structure.projects and (prior is None or prior.gpb_project > 0)
    with_transfers = prior is None or prior.transfer > 0
    with_carry = carryover and (prior is None or prior.carry_total > 0)
    # the 项 without general-budget money last year get none this year either
    unfunded = {x.code for x in prior.lines if not x.gpb} if prior else set()

    # projects first: they fix the project money of the 201 项
    drafts = []
    for index in range(rng.randint(3, 15) if with_projects else 0):
        code = "2010302" if "2010302" in codes else "2010301"
        if index > 0 and len(project_codes) > 1 and rng.random() < 0.2:
            code = "2010301"
        if code in unfunded:
            code = "2010301" if code == "2010302" else "2010302"
            if code in unfunded or code not in codes:
                continue
        amount = _amount(rng, 1, 400) if rng.random() < 0.9 else _amount(rng, 400, 3000)
        column = rng.choices((3, 4, 7, 2, 11), weights=(80, 8, 6, 3, 3))[0]
        source = "transfer" if rng.random() < 0.12 and with_transfers else "general"
        drafts.append((code, index, amount, column, source))
    drafts.sort()
    themes = rng.sample(_PROJECT_THEMES, min(len(drafts), len(_PROJECT_THEMES)))
    projects: list[Project] = []
    for no, (code, _, amount, column, source) in enumerate(drafts, start=1):
        theme = themes[(no - 1) % len(themes)]
        name = f"合成项目{no:02d}{theme}"
        projects.append(
            Project(
                no=no,
                name=name,
                code=code,
                column=column,
                source=source,
                amount=amount,
                policy_basis=f"根据{unit}职责和{year}年度工作计划，保障{theme}顺利实施。",
                allocations=_allocations(rng, amount),
                goal=f"{name}按期完成，保障单位工作正常开展，服务对象满意度达到预期。",
                indicators=_project_indicators(rng, year, amount),
                budget_unit=rng.choice(units) if subordinates else None,
            )
        )

    # carry-over items (table 11)
    carry: list[CarryItem] = []
    if rng.random() < 0.8 and with_carry:
        for index in range(rng.randint(1, 3)):
            kind = rng.choice(
                ("personnel", "public", "project") if projects else ("personnel", "public")
            )
            code = rng.choice(project_codes) if kind == "project" else rng.choice(codes)
            carry.append(
                CarryItem(
                    f"合成结转项目{index + 1:02d}",
                    code,
                    kind,
                    _amount(rng, 1, 60),
                    rng.choice(_CARRY_PURPOSES),
                    rng.choice(units) if subordinates else None,
                )
            )

    # basic expenditure: economic leaves, then cut across the 项 that have basic money
    economic = [
        EconomicLine(c, _amount(rng, 1, 400))
        for c in _choose_economic(rng)
        if c != "30231" or (sangong and (prior is None or prior.three_public.car_running.amount))
    ]
    # 公务用车运行维护费 is 三公 money: none without 三公, nor after a year without it
    basic_total = sum((e.amount for e in economic), ZERO)
    basic_codes = [c for c in codes if (c != "2010302" or rng.random() < 0.2) and c not in unfunded]
    if (
        "2010302" in codes
        and "2010302" not in unfunded
        and not any(p.code == "2010302" for p in projects)
    ):
        basic_codes = sorted(set(basic_codes) | {"2010302"})
    pieces = _split(rng, int(basic_total * 100), len(basic_codes))
    basic = dict(zip(basic_codes, pieces, strict=True))

    prior_lines = {x.code: x for x in prior.lines} if prior else {}
    lines = []
    for code in codes:
        basic_cents = basic.get(code, 0)
        transfer_cents = 0
        if basic_cents > 100 and rng.random() < 0.05 and with_transfers:
            transfer_cents = rng.randint(1, basic_cents // 10)
        mine = [p for p in projects if p.code == code]
        pg = sum((p.amount for p in mine if p.source == "general"), ZERO)
        pt = sum((p.amount for p in mine if p.source == "transfer"), ZERO)
        bc = sum((c.amount for c in carry if c.code == code and c.kind != "project"), ZERO)
        pc = sum((c.amount for c in carry if c.code == code and c.kind == "project"), ZERO)
        bg, bt = cents(basic_cents - transfer_cents), cents(transfer_cents)
        if code in prior_lines:
            before = prior_lines[code]
            prior_basic, prior_project = before.gpb_basic, before.gpb_project
        else:
            prior_basic, prior_project = _prior(rng, bg + bt), _prior(rng, pg + pt)
            if not with_projects:
                prior_project = ZERO  # no project last year either: nothing to compare
        lines.append(
            FunctionalLine(code, bg, bt, bc, pg, pt, pc, prior_basic, prior_project, _reason(rng))
        )

    fund_projects: list[Project] = []
    for index in range(structure.fund_projects):
        amount = _amount(rng, 5, 300)
        name = f"合成基金项目{index + 1:02d}彩票公益金资助项目"
        fund_projects.append(
            Project(
                no=100 + index,
                name=name,
                code=FUND_CODE,
                column=3,
                source="fund",
                amount=amount,
                policy_basis=f"根据{year}年度彩票公益金使用计划安排。",
                allocations=_allocations(rng, amount),
                goal=f"{name}按期完成，资助对象满意度达到预期。",
                indicators=_project_indicators(rng, year, amount),
                budget_unit=rng.choice(units) if subordinates else None,
            )
        )
    if fund_projects:
        lines.append(
            FunctionalLine(
                FUND_CODE,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                _reason(rng),
                sum((p.amount for p in fund_projects), ZERO),
            )
        )
    fund = sum((p.amount for p in fund_projects), ZERO)
    prior_fund = (prior.fund if prior is not None else _prior(rng, fund)) if fund else ZERO

    prior_gpb = sum((x.prior_basic + x.prior_project for x in lines), ZERO)
    transfer = sum((x.transfer for x in lines), ZERO)
    prior_transfer = min(_prior(rng, transfer), prior_gpb) if transfer else ZERO
    carry_total = sum((c.amount for c in carry), ZERO)
    carry_basic = sum((c.amount for c in carry if c.kind != "project"), ZERO)
    prior_carry_basic = _prior(rng, carry_basic) if carry_basic else ZERO
    prior_carry_project = _prior(rng, carry_total - carry_basic) if carry_total else ZERO
    if not with_projects and carry_total == carry_basic:
        prior_carry_project = ZERO

    running = sum((e.amount for e in economic if e.code == "30231"), ZERO)
    running_prior = _prior(rng, running) if sangong else _amount(rng, 1, 60)
    three = ThreePublic(
        abroad=_three_item(rng, 0.15 if sangong else 0),
        car_purchase=_three_item(rng, 0.1 if sangong else 0),
        car_running=Change(running, running_prior, "公务用车数量调整"),
        reception=_three_item(rng, 0.4 if sangong else 0),
    )
    public_use = sum((e.amount for e in economic if e.code.startswith("302")), ZERO)

    active = rng.randint(5, 200)
    retired = rng.randint(0, 120)
    cadre = rng.choice((0, 0, 0, 1, 2))
    staff = Staff(
        quota=max(1, active + rng.randint(-10, 10)),
        active=active,
        active_change=rng.randint(-5, 5),
        retired=retired,
        retired_change=rng.randint(-3, 3),
        cadre=cadre,
        cadre_change=0,
    )
    if prior is not None:
        staff = _staff_after(staff, prior.staff)
        three = _three_after(three, prior.three_public)
        prior_transfer = prior.transfer
        prior_carry_basic = prior.basic_all - prior.gpb_basic
        prior_carry_project = prior.project_all - prior.gpb_project - prior.fund
    new_money = _amount(rng, 1, 300)

    def said(template: str) -> str:
        return _said(template, staff, new_money)

    lines = [replace(x, reason=said(x.reason)) for x in lines]
    goods = _amount(rng, 0, 500)
    services = _amount(rng, 0, 2000)
    works = _amount(rng, 0, 300) if rng.random() < 0.2 else ZERO
    total_proc = goods + works + services
    sme = cents(rng.randint(0, int(total_proc * 100)))
    assets = _assets(rng)
    return SyntheticBudget(
        unit=unit,
        year=year,
        published=date(year, rng.randint(1, 6), rng.randint(1, 28)),
        duties=tuple(
            f"负责{w}工作。"
            for w in rng.sample(
                (
                    "本单位日常运行保障",
                    "文件起草和审核",
                    "会议组织和服务",
                    "督促检查",
                    "政务公开",
                    "值班值守",
                    "后勤服务",
                    "信息化建设",
                ),
                rng.randint(3, 6),
            )
        ),
        offices=tuple(rng.sample(_OFFICES, rng.randint(3, 12))),
        staff=staff,
        lines=tuple(lines),
        economic=tuple(economic),
        projects=tuple(projects),
        carry=tuple(carry),
        prior_general=prior_gpb - prior_transfer,  # with `prior`: its general
        prior_transfer=prior_transfer,
        prior_carry=prior_carry_basic + prior_carry_project,
        income_reasons=(said(_reason(rng)), said(_reason(rng))),
        prior_basic_all=sum((x.prior_basic for x in lines), ZERO) + prior_carry_basic,
        prior_project_all=(
            sum((x.prior_project for x in lines), ZERO) + prior_carry_project + prior_fund
        ),
        expenditure_reasons=(said(_reason(rng)), said(_reason(rng))),
        three_public=three,
        running_cost=Change(
            public_use,
            prior.running_cost.amount if prior else _prior(rng, public_use),
            said(_reason(rng)),
        ),
        procurement=Procurement(goods, works, services, sme, cents(rng.randint(0, int(sme * 100)))),
        assets=assets,
        contact=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
        phone=f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}",
        unit_goal=f"保障{unit}各项工作正常运转，完成年度工作任务。",
        unit_indicators=_unit_indicators(rng),
        structure=structure,
        subordinates=subordinates,
        fund_projects=tuple(fund_projects),
        prior_fund=prior_fund,
    )


def generate_years(
    rng: random.Random, unit: str, first_year: int, years: int, structure: Structure = PLAIN
) -> list[SyntheticBudget]:
    """One unit's budgets for `years` consecutive years from `first_year`, each year's
    prior-year figures the year before's amounts (`generate_budget` with `prior`).

    >>> a, b = generate_years(random.Random(3), "合成测试单位0003（synthetic）", 2023, 2)
    >>> b.gpb_basic_change.prior == a.gpb_basic and b.running_cost.prior == a.running_cost.amount
    True
    """
    budgets: list[SyntheticBudget] = []
    for year in range(first_year, first_year + years):
        budgets.append(
            generate_budget(rng, unit, year, budgets[-1] if budgets else None, structure)
        )
    return budgets


def _staff_after(staff: Staff, before: Staff) -> Staff:
    """This year's headcount with its changes counted from last year's."""
    return Staff(
        quota=staff.quota,
        active=staff.active,
        active_change=staff.active - before.active,
        retired=staff.retired,
        retired_change=staff.retired - before.retired,
        cadre=staff.cadre,
        cadre_change=staff.cadre - before.cadre,
    )


def _three_after(three: ThreePublic, before: ThreePublic) -> ThreePublic:
    """This year's 三公 amounts compared with last year's: an item not spent last year is not
    spent this year either (a change from a zero base has no percentage to print)."""

    def after(now: Change, then: Change) -> Change:
        return Change(now.amount if then.amount else ZERO, then.amount, now.reason)

    return ThreePublic(
        after(three.abroad, before.abroad),
        after(three.car_purchase, before.car_purchase),
        after(three.car_running, before.car_running),
        after(three.reception, before.reception),
    )


def _three_item(rng: random.Random, chance: float) -> Change:
    amount = _amount(rng, 1, 30) if rng.random() < chance else ZERO
    return Change(amount, _prior(rng, amount), "按规定压减和据实安排")


def _assets(rng: random.Random) -> Assets:
    official, enforcement, other = rng.randint(0, 5), rng.randint(0, 5), rng.randint(0, 40)
    return Assets(
        floor_area=cents(rng.randint(10_000, 10_000_000)),
        building_value=_amount(rng, 10, 5000),
        cars_official=official,
        cars_official_value=_amount(rng, 10, 200) if official else ZERO,
        cars_enforcement=enforcement,
        cars_enforcement_value=_amount(rng, 10, 200) if enforcement else ZERO,
        cars_other=other,
        cars_other_value=_amount(rng, 10, 1000) if other else ZERO,
        furniture_value=_amount(rng, 1, 300),
        other_value=_amount(rng, 1, 1000),
        equipment_50=rng.randint(0, 5),
        equipment_100=rng.randint(0, 2),
        buy_equipment_50=rng.randint(0, 1),
        buy_equipment_100=0,
    )
