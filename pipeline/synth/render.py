"""A synthetic budget written in an edition of the template, line for line.

In `unit_budget_2024` the cover, contents, profile, tables 表1–表11 (tab-separated, header
blocks repeated after page breaks), narrative sections 一–十二 with the performance-target
tables and the glossary follow `data/raw/kashgar-admin-office_2024_budget.txt`.  Other
editions (`pipeline.template.TEMPLATES`) print what they declare from the same budget: their
tables by role under their numbers and titles, their sections under their numerals, 部门
where the unit edition says 单位.  `RenderVariant` reproduces the ways real PDF extraction
differs (line ends, separators, full-width characters, page breaks, stray spaces,
encodings), each independently switchable.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.synth.model import (
    FUNCTIONAL_NAMES,
    PROJECT_COLUMNS,
    ZERO,
    Change,
    Indicator,
    Project,
    SyntheticBudget,
    _cn_ordinal,
    pct,
)
from pipeline.synth.tables import TWO_SIDED, RowSpec, empty_tables, table_rows
from pipeline.template import DEFAULT_TEMPLATE, TableSpec, Template

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
ZERO_CELLS = ("", "0", "0.00", "-")
"""How a table's zero cell may print: blank (not printed), or a printed zero."""


@dataclass(frozen=True)
class RenderVariant:
    """How the extracted text differs from the default (the real document's own form).

    `page_rows`: data rows per page for every table (None: break where the real document
    does, table 2 after 14 rows and table 7 after 16).
    """

    crlf: bool = False
    thousands: bool = True
    full_width: bool = False
    page_rows: int | None = None
    stray_spaces: bool = False
    encoding: str = "utf-8"
    page_numbers: bool = False
    """Page-number lines (— 5 —, - 5 -, 第 5 页 共 N 页, a bare 5) at every page break of a
    table and every few paragraphs."""
    general_format: bool = False
    """Table amounts in spreadsheet General format: 150, 31.5, 1,962 (no trailing zeros)."""
    zeros: str = ""
    """What an amount cell of a one-sided table prints for zero: '' (blank: not printed),
    '0', '0.00' or '-' (a printed zero)."""
    wording: bool = False
    """The narrative and the headcount in the other words real documents use (较上年, 同比,
    降低, 与上年持平, 主要是, 在职人员 …), chosen sentence by sentence."""
    unknown_sentence: bool = False
    """A sentence in 其他重要事项 that no rule of the edition reads: its numbers land in
    `unplaced` and the document is partial."""

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}, not {self.encoding!r}")
        if self.page_rows is not None and self.page_rows < 1:
            raise ValueError("page_rows must be at least 1")
        if self.zeros not in ZERO_CELLS:
            raise ValueError(f"zeros must be one of {ZERO_CELLS}, not {self.zeros!r}")


DEFAULT = RenderVariant()
DEFAULT_PAGE_ROWS = {"income_by_function": 14, "project_expenditure": 16}

_FULL_WIDTH = str.maketrans(
    {
        **{str(d): chr(0xFF10 + d) for d in range(10)},
        ",": "，",
        ":": "：",
        "%": "％",
        ".": "．",
        ";": "；",
    }
)

# Header blocks of the real document (lines 80–81, 122–124, 160–163, …), verbatim, by role.
_FUNC3 = (
    "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
    "类\t款\t项\t\t\t\t",
    "※\t※\t※\t※\t1\t2\t3",
)
HEADERS: dict[str, tuple[str, ...]] = {
    "income_expenditure_summary": ("收入\t\t支出\t", "项目\t预算数\t支出功能分类\t预算数"),
    "income_by_function": (
        "功能分类科目编码\t\t\t功能分类科目名称\t总计\t财政拨款（补助）\t\t\t\t\t\t"
        "财政专户（教育收费）\t单位资金\t财政拨款结转\t非财政拨款结转结余\t",
        "类\t款\t项\t\t\t财政拨款（补助）小计\t一般公共预算\t上级一般公共预算安排的转移支付\t"
        "政府性基金预算\t上级政府性基金安排的转移支付\t国有资本经营预算\t\t\t\t\t"
        "上级国有资本经营预算安排的转移支付",
        "※\t※\t※\t※\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12",
    ),
    "expenditure_by_function": ("科目\t\t\t支出预算\t\t\t", *_FUNC3),
    "fiscal_summary": (
        "财政拨款收入\t\t财政拨款支出\t\t\t\t",
        "项目\t合计\t支出功能分类\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
    ),
    "general_budget_by_function": ("科目\t\t\t一般公共预算支出\t\t\t", *_FUNC3),
    "basic_by_economic_class": (
        "科目\t\t一般公共预算基本支出\t\t\t",
        "经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费",
        "类\t款\t\t\t\t",
        "※\t※\t※\t1\t2\t3",
    ),
    "project_expenditure": (
        "科目编码\t\t\t功能分类科目名称\t项目名称\t项目支出 合计\t工资福利 支出\t商品服务 支出\t"
        "对个人和 家庭的补 助\t债务利息 及费用支 出\t资本性支 出（基本 建设）\t资本性支 出\t"
        "对企业补 助（基本 建设）\t对企业 补助\t对社会保 障基金补 助\t其他支出",
        "类\t款\t项\t\t\t\t\t\t\t\t\t\t\t\t\t",
        "※\t※\t※\t※\t※\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11",
    ),
    "government_fund_expenditure": (
        "科目\t\t\t政府性基金预算支出\t\t\t\t",
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t\t项目支出",
        "类\t款\t项\t\t\t人员经费\t公用经费\t",
        "※\t※\t※\t※\t1\t2\t3\t4",
    ),
    "state_capital_expenditure": (
        "科目\t\t\t国有资本经营预算支出\t\t\t\t",
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t\t项目支出",
        "类\t款\t项\t\t\t人员经费\t公用经费\t",
        "※\t※\t※\t※\t1\t2\t3\t4",
    ),
    "sangong": (
        "“三公”经费支出内容\t合计\t资金来源\t\t",
        "\t\t一般公共预算\t政府性基金\t国有资本经营预算",
        "※\t1\t2\t3\t4",
    ),
    "carryover": (
        "项目名称\t总计\t财政拨款\t\t\t\t非财政拨款\t\t\t",
        "\t\t合计\t基本支出\t\t项目支出\t合计\t基本支出\t\t项目支出",
        "\t\t\t人员经费\t公用经费\t\t\t人员经费\t公用经费\t",
        "※\t1\t2\t3\t4\t5\t6\t7\t8\t9",
    ),
}
# Table 7's header repeated after a page break has no wrapped spaces (lines 328–330).
HEADER_7_NEXT = (
    "科目编码\t\t\t功能分类科目名称\t项目名称\t" + "\t".join(("项目支出合计", *PROJECT_COLUMNS)),
    *HEADERS["project_expenditure"][1:],
)
COLUMNS = {
    "income_expenditure_summary": 0,
    "income_by_function": 12,
    "expenditure_by_function": 3,
    "fiscal_summary": 0,
    "general_budget_by_function": 3,
    "basic_by_economic_class": 3,
    "project_expenditure": 11,
    "sangong": 4,
    "carryover": 9,
    "government_fund_expenditure": 4,
}
"""Amount columns of a one-sided table row, by role."""
_FUNCTIONAL_CODED = (
    "income_by_function",
    "expenditure_by_function",
    "general_budget_by_function",
    "project_expenditure",
    "government_fund_expenditure",
)

# How the contents (CONTENTS) and the body (HEADINGS) word each section's heading after its
# numeral, as the real document does ({u} unit, {y} year); the fiscal one wraps in the
# contents (lines 36–38).
CONTENTS: dict[str, str] = {
    "overview": " 关于{u} {y} 年收支预算情况的总体说明",
    "income": " 关于{u} {y} 年收入预算情况说明",
    "expenditure": " 关于{u} {y} 年支出预算情况说明",
    "fiscal": " 关于{u} {y} 年财政拨款收\n支预算情况的总体说明",
    "general_budget": " 关于{u} {y} 年一般公共预算当年拨款情况说明",
    "basic_expenditure": " 关于{u} {y} 年一般公共预算基本支出情况说明",
    "projects": " 关于{u} {y} 年一般公共预算项目支出情况说明",
    "government_fund": " 关于{u} {y} 年政府性基金预算拨款情况说明",
    "state_capital": " 关于{u} {y} 年国有资本经营预算拨款情况说明",
    "sangong": " 关于{u} {y} 年财政拨款“三公”经费预算情况说明",
    "carryover": " 关于{u} {y} 年上年结转结余预算情况说明",
    "other": " 其他重要事项的情况说明",
}
HEADINGS: dict[str, str] = {
    "overview": "关于{u} {y} 年收支预算情况总体说明",
    "income": "关于{u} {y} 年收入预算情况说明",
    "expenditure": "关于{u} {y} 年支出预算情况说明",
    "fiscal": "关于{u} {y} 年财政拨款收支预算情况的总体说明",
    "general_budget": "关于{u} {y} 年一般公共预算当年拨款情况说明",
    "basic_expenditure": "关于{u} {y} 年一般公共预算基本支出情况说明",
    "projects": "关于{u} {y} 年一般公共预算项目支出情况说明",
    "government_fund": "关于{u}{y}年政府性基金预算拨款情况说明",
    "state_capital": "关于{u} {y} 年国有资本经营预算拨款情况说明",
    "sangong": "关于{u} {y} 年财政拨款“三公”经费预算情况说明",
    "carryover": "关于{u} {y} 年上年结转结余预算情况说明",
    "other": " 其他重要事项的情况说明",
}

UNKNOWN_FIGURES = (Decimal("12.50"), 3)
"""The amount (万元) and count (个) of the sentence no rule reads (`unknown_sentence`)."""
_PAGE_FORMS = ("— {n} —", "- {n} -", "第 {n} 页 共 {total} 页", "{n}")
"""How extraction tools leave page numbers, one form per page in turn."""
_UNCHANGED = ("与上年持平", "与上年预算持平", "较上年无增减", "无增减变化")
"""A change of 0 said in words (with the word that leads the comparison)."""
_UNCHANGED_BARE = ("持平", "无增减变化", "无增减")
"""A change of 0 said in words where the plain document prints no leading word (三公)."""

GLOSSARY = (
    "一、**财政拨款**:指由一般公共预算、政府性基金预算、国有资本经营预算安排的财政拨款数。",
    "二、**一般公共预算**:包括公共财政拨款(补助)资金、专项收入。",
    "三、**财政专户管理资金**:包括专户管理行政事业性收费(主要是教育收费)、其他非税收入。",
    "四、**其他资金**:包括事业收入、事业经营收入、其他收入等。",
    "五、**基本支出**:包括人员经费、公用经费(定额)。其中,人员经费包括工资福利支出、"
    "对个人和家庭的补助。",
    "六、**项目支出**:部门(单位)支出预算的组成部分,是各部门(单位)为完成其特定的行政任务或"
    "事业发展目标,在基本支出预算之外编制的年度项目支出计划。",
    "七、**“三公”经费**:指部门(单位)因公出国(境)费、公务用车购置及运行维护费和公务接待费,"
    "其中:因公出国(境)费反映机关和参公事业单位公务出国(境)的国际旅费、国外城市间交通费、"
    "住宿费、伙食费、培训费、公杂费等支出;公务用车购置反映基本建设支出中安排机关和参公事业"
    "单位用于公务用车购置的支出(含车辆购置税、牌照费);公务用车运行维护费反映机关和参公事业"
    "单位按规定保留的公务用车燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出;公务接待费"
    "反映机关和参公事业单位按规定开支的各类公务接待(含外宾接待)费用。",
    "八、**机关运行经费**:指行政单位(含参照公务员法管理事业单位)的公用经费,包括办公及印刷费、"
    "邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、"
    "办公用房取暖费、办公用房物业管理费、公务用车运行维护费及其他费用。",
)


@dataclass
class Rendered:
    """The document's lines (index 0 is line 1) and where each keyed fact was written."""

    lines: list[str] = field(default_factory=list)
    anchors: dict[tuple, int] = field(default_factory=dict)

    pending: tuple | None = None

    def mark(self, key: tuple) -> None:
        """Anchor `key` to the next line added."""
        self.pending = key

    def add(self, text: str, key: tuple | None = None) -> None:
        self.lines.append(text)
        for anchor in (key, self.pending):
            if anchor is not None:
                self.anchors[anchor] = len(self.lines)
        self.pending = None

    def para(self, text: str, key: tuple | None = None) -> None:
        """A paragraph: the text, then the blank line the extraction puts after it."""
        self.add(text, key)
        self.lines.append("")


class _Writer:
    """Writes one budget in one edition; holds the variant's number and name formatting.

    Anchors (`Rendered.anchors`) are keyed by table and section *roles*, so the oracle
    finds its lines whatever the edition numbers them.
    """

    def __init__(self, budget: SyntheticBudget, variant: RenderVariant, template: Template):
        self.b = budget
        self.v = variant
        self.t = template
        self.w = template.unit_word
        self.out = Rendered()
        self.u = budget.unit
        self.y = budget.year
        self.pages = 0

    # -- formatting ------------------------------------------------------------------
    def money(self, amount: Decimal) -> str:
        return f"{amount:,.2f}" if self.v.thousands else f"{amount:.2f}"

    def name(self, text: str) -> str:
        """A name as PDF extraction may break it: one stray space between two CJK chars."""
        if not self.v.stray_spaces or len(text) < 4:
            return text
        start = 1 + zlib.crc32(text.encode()) % (len(text) - 2)
        for cut in (*range(start, len(text) - 1), *range(1, start)):
            left, right = text[cut - 1], text[cut]
            if not (left.isascii() or right.isascii()):
                return f"{text[:cut]} {text[cut:]}"
        return text

    def cell(self, value: Decimal | None) -> str:
        """A table cell: blank for no amount, else the amount as the variant prints it."""
        if value is None:
            return ""
        if self.v.general_format:
            plain = value.normalize() if value else Decimal(0)
            return f"{plain:,f}" if self.v.thousands else f"{plain:f}"
        return self.money(value)

    def zero(self) -> str:
        """A one-sided table's cell without an amount: blank, or the variant's printed zero."""
        return self.v.zeros

    def pick(self, key: str, words: tuple[str, ...]) -> str:
        """One of `words`: the first (the plain document's), or with the wording variant
        one chosen by `key` (the same sentence always gets the same word)."""
        if not self.v.wording:
            return words[0]
        return words[zlib.crc32(f"{self.y}{key}".encode()) % len(words)]

    def yoy(self, change: Change, key: str = "") -> str:
        """增加/减少 X 万元，增长/下降 Y% (without a word leading the comparison)."""
        delta = change.change
        if delta == 0 and self.v.wording and self.pick(key + "same", ("", "x")) == "x":
            return self.pick(key, _UNCHANGED_BARE)
        more, less = (("增加", "增长"), ("减少", "下降", "降低"))
        word = self.pick(key + "w", less if delta < 0 else more)
        trend = self.pick(key + "t", ("下降", "降低") if delta < 0 else ("增长",))
        return f"{word} {self.money(abs(delta))} 万元，{trend} {self.money(abs(change.pct))}%"

    def compared(self, change: Change, key: str) -> str:
        """比上年预算增加 X 万元，增长 Y%, or in other words (较上年, 同比, 与上年持平 …)."""
        if change.change == 0 and self.v.wording and self.pick(key + "same", ("", "x")) == "x":
            return self.pick(key, _UNCHANGED)
        lead = self.pick(
            key + "lead", ("比上年预算", "比上年", "较上年预算", "较上年", "同比", "与上年相比，")
        )
        return lead + self.yoy(change, key)

    def because(self, key: str) -> str:
        """The words that lead a reason: 主要原因是, 主要原因：, 主要是."""
        return self.pick(key + "why", ("主要原因是", "主要原因：", "主要是"))

    def part(self, role: str, text: str) -> str:
        """A part heading: 第X部分 with the numeral the edition gives the role."""
        return f"第{self.t.part_numeral(role)}部分 {text}"

    def heading(self, role: str) -> str:
        """A narrative section's heading in the body."""
        numeral = self.t.section_numeral(role)
        return f"{numeral}、{HEADINGS[role].format(u=self.u, y=self.y)}"

    # -- document --------------------------------------------------------------------
    def render(self) -> Rendered:
        self.cover()
        self.profile()
        self.tables()
        self.narrative()
        self.glossary()
        return self.out

    def cover(self) -> None:
        o, u, y, w = self.out, self.u, self.y, self.w
        o.add("")
        o.add("")
        o.para(u)
        o.para(f"{y} 年{w}预算公开")
        o.para("目 录")
        o.para(self.part("profile", f"{y} 年{u}{w}概况"))
        o.add("- 一、 主要职能")
        o.para("- 二、 机构设置及人员情况")
        o.para(self.part("tables", f"{y} 年{w}预算公开表"))
        *listed, last = [f"- {_cn_ordinal(t.number)}、 {t.title}" for t in self.t.tables]
        for line in listed:
            o.add(line)
        o.para(last)
        o.para(self.part("narrative", f"{y} 年{w}预算情况说明"))
        for section in self.t.sections:
            text = f"{section.numeral}、{CONTENTS[section.role].format(u=u, y=y)}"
            for line in text.split("\n"):
                o.para(line)
        o.para(self.part("glossary", "名词解释"))

    def profile(self) -> None:
        o, u, s = self.out, self.u, self.b.staff
        o.para(self.part("profile", f"{self.y} 年{u}{self.w}概况"))
        o.para("一、 主要职能")
        o.para("".join(f"({_cn_ordinal(i + 1)}) {d}" for i, d in enumerate(self.b.duties)))
        o.para("二、 机构设置及人员情况")
        offices = self.b.offices
        subordinates = self.b.subordinates
        if subordinates:
            o.para(f"{u}下属预算单位 {len(subordinates)} 个,分别是:{'、'.join(subordinates)}。")
        owns = "" if subordinates else "无下属预算单位,"
        o.para(f"{u}{owns}下设 {len(offices)} 个处室,分别是:{'、'.join(offices)}。", ("offices",))

        def delta(n: int) -> str:
            return f"{'减少' if n < 0 else '增加'} {abs(n)} 人"

        active, retired, cadre = (
            self.pick("staff" + w, (w, w + "人员")) for w in ("在职", "退休", "离休")
        )
        o.para(
            f"{u}编制数 {s.quota},实有人数 {s.actual} 人,其中:{active} {s.active} 人,"
            f"{delta(s.active_change)};{retired} {s.retired} 人,{delta(s.retired_change)};"
            f"{cadre} {s.cadre} 人,{delta(s.cadre_change)}。",
            ("staff",),
        )

    # -- tables ----------------------------------------------------------------------
    def tables(self) -> None:
        self.out.para(self.part("tables", f"{self.y} 年{self.w}预算公开表"))
        rows = table_rows(self.b)
        for spec in self.t.tables:
            self.table(spec, rows[spec.role])

    def labels(self, role: str, row: RowSpec) -> list[str]:
        if role == "basic_by_economic_class":
            if row.code is None:
                return ["", "", row.item]
            return [row.code[:3], row.code[3:], self.name(row.item)]
        if role in _FUNCTIONAL_CODED:
            code = row.code or ""
            parts = [code[:3], code[3:5], code[5:7], self.name(row.item)]
            if role == "project_expenditure":
                parts.append(self.name(row.project) if row.project else "")
            return parts
        if role == "carryover" and row.project:
            return [self.name(row.item)]
        return [row.printed]

    def row_line(self, role: str, row: RowSpec) -> str:
        width = COLUMNS[role]
        cells = self.labels(role, row) + [
            self.cell(row.values[c]) if c in row.values else self.zero()
            for c in range(1, width + 1)
        ]
        return "\t".join(cells)

    def page_number(self) -> None:
        """A page-number line, in one of the forms extraction tools leave (variant)."""
        if not self.v.page_numbers:
            return
        self.pages += 1
        n = self.pages
        self.out.add(_PAGE_FORMS[n % len(_PAGE_FORMS)].format(n=n, total=n + 40))

    def two_sided(self, role: str, rows: list[RowSpec]) -> list[tuple[list[tuple], str]]:
        """Tables 1 and 4: income rows beside 类 rows, then the 总计 line."""
        left = [r for r in rows if r.side == "income" and r.key[0] != "sum"]
        right = [r for r in rows if r.side == "expenditure" and r.key[0] != "sum"]
        width = 1 if role == "income_expenditure_summary" else 4
        lines = []
        for index, r in enumerate(right):
            cells: list[str] = []
            keys = [r.key]
            if index < len(left):
                cells += [left[index].printed, self.cell(left[index].values.get(1))]
                keys.append(left[index].key)
            else:
                cells += ["", ""]
            cells.append(f"{r.code} {r.item}")
            cells += [self.cell(r.values.get(c)) for c in range(1, width + 1)]
            lines.append((keys, "\t".join(cells)))
        total_in, total_out = [r for r in rows if r.key[0] == "sum"]
        cells = [total_in.item, self.cell(total_in.values.get(1)), total_out.item]
        cells += [self.cell(total_out.values.get(c)) for c in range(1, width + 1)]
        lines.append(([total_in.key, total_out.key], "\t".join(cells)))
        return lines

    def table(self, spec: TableSpec, rows: list[RowSpec]) -> None:
        o, role = self.out, spec.role
        o.para(f"表 {spec.number}", ("table", role))
        o.mark(("table_title", role))
        o.para(spec.title)
        o.para(f"编制单位：{self.u}")
        o.para("单位：万元")
        for header in HEADERS[role]:
            o.add(header)
        empty = empty_tables(self.b)
        if role in empty:
            o.add("")
            o.para(f"{self.u} {self.y} 年没有使用{empty[role]}，{spec.title}为空表。")
            self.page_number()
            return
        if role in TWO_SIDED:
            printed = self.two_sided(role, rows)
        else:
            printed = [([r.key], self.row_line(role, r)) for r in rows]
        capacity = self.v.page_rows or DEFAULT_PAGE_ROWS.get(role)
        for index, (keys, text) in enumerate(printed):
            if index and index == len(printed) // 2:
                self.page_number()  # a page break between two rows, no header repeated
            if capacity and index and index % capacity == 0:
                o.add("")
                self.page_number()
                o.para(f"编制单位：{self.u}")
                o.para("单位：万元")
                for header in HEADER_7_NEXT if role == "project_expenditure" else HEADERS[role]:
                    o.add(header)
            o.add(text)
            for key in keys:
                o.anchors[("row", role, key)] = len(o.lines)
        o.add("")
        self.page_number()

    # -- narrative -------------------------------------------------------------------
    def narrative(self) -> None:
        self.out.para(self.part("narrative", f"{self.y} 年{self.w}预算情况说明"))
        writers = {
            "overview": self.overview,
            "income": self.income,
            "expenditure": self.expenditure,
            "fiscal": self.fiscal,
            "general_budget": self.section_five,
            "basic_expenditure": self.section_six,
            "projects": self.section_seven,
            "government_fund": self.government_fund,
            "state_capital": self.state_capital,
            "sangong": self.section_ten,
            "carryover": self.section_eleven,
            "other": self.section_twelve,
        }
        for section in self.t.sections:
            self.page_number()
            writers[section.role]()

    def overview(self) -> None:
        b, o, u, y = self.b, self.out, self.u, self.y
        names = [FUNCTIONAL_NAMES[c] for c in b.classes()]
        o.para(self.heading("overview"))
        o.mark(("fact", "overview"))
        o.para(
            f"按照全口径预算的原则,{u} {y} 年所有收入和支出均纳入{self.w}预算管理。"
            f"收支总预算 {self.money(b.total)} 万元。"
        )
        sources = ["一般公共预算"] + (["政府性基金预算"] if b.fund else [])
        sources += ["财政拨款结转结余"] if b.carry_total else []
        o.para(f"收入预算包括:{'、'.join(sources)}。")
        o.para(f"支出预算包括:{'、'.join(names)}。")

    def income(self) -> None:
        b, o = self.b, self.out
        o.para(self.heading("income"))
        o.mark(("fact", "income"))
        o.para(f"{self.u}{self.w}收入预算 {self.money(b.total)} 万元,其中:")
        self.income_line("一般公共预算", b.income_general)
        self.income_line("上级一般公共预算安排的转移支付资金", b.income_transfer)
        self.income_line("政府性基金预算", b.income_fund)
        for text in (
            "上级政府性基金安排的转移支付资金",
            "国有资本经营预算",
            "上级国有资本经营预算安排的转移支付资金",
        ):
            o.para(f"{text}未安排。")
        self.income_line("财政拨款结转", b.income_carry)

    def expenditure(self) -> None:
        b, o = self.b, self.out
        o.para(self.heading("expenditure"))
        o.mark(("fact", "expenditure"))
        o.para(f"{self.u} {self.y} 年支出预算 {self.money(b.total)} 万元，其中：")
        for label, change in (("基本支出", b.basic_change), ("项目支出", b.project_change)):
            if not change.stated:
                o.para(f"{label}未安排。")
                continue
            key = f"expenditure{label}"
            o.para(
                f"{label} {self.money(change.amount)} 万元，占 "
                f"{self.money(pct(change.amount, b.total))}%，{self.compared(change, key)}，"
                f"{self.because(key)}{change.reason}。",
                ("change", "expenditure", label),
            )

    def fiscal(self) -> None:
        b, o = self.b, self.out
        o.para(self.heading("fiscal"))
        o.mark(("fact", "fiscal"))
        o.para(f"{self.u} {self.y} 年财政拨款收支总预算 {self.money(b.fiscal)} 万元。")
        if b.fund:
            o.para("收入包括一般公共预算拨款和政府性基金预算拨款，无国有资本经营预算。")
        else:
            o.para("收入全部为一般公共预算拨款，无政府性基金预算拨款和国有资本经营预算。")
        o.mark(("fact", "fiscal", "income"))
        fund = f"，政府性基金预算拨款 {self.money(b.fund)} 万元" if b.fund else ""
        o.para(f"收入预算包括：一般公共预算拨款 {self.money(b.gpb)} 万元{fund}。")
        uses = "；".join(
            f"{FUNCTIONAL_NAMES[c]} {self.money(b.sum_under(c, 'gpb'))} 万元，"
            f"主要用于保障{FUNCTIONAL_NAMES[c]}相关支出"
            for c in b.classes()
            if b.sum_under(c, "gpb")
        )
        o.mark(("fact", "fiscal", "expenditure"))
        o.para(f"一般公共预算支出包括：{uses}。")

    def government_fund(self) -> None:
        """Section 八: the fund appropriation, its functional classes and its projects, in
        blocks labelled as section 七's (项目名称, 预算安排规模 …)."""
        b, o, u, y = self.b, self.out, self.u, self.y
        o.para(self.heading("government_fund"))
        if not b.fund:
            o.para(
                f"{u}{y}年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
            )
            return
        o.mark(("fact", "government_fund"))
        o.para(
            f"{u} {y} 年政府性基金预算拨款安排的支出 {self.money(b.fund)} 万元，全部为项目支出。"
        )
        uses = "；".join(
            f"{FUNCTIONAL_NAMES[c]} {self.money(b.sum_under(c, 'fund'))} 万元"
            for c in b.classes()
            if b.sum_under(c, "fund")
        )
        o.mark(("fact", "government_fund", "classes"))
        o.para(f"政府性基金预算支出按功能分类包括：{uses}。")
        o.para("政府性基金预算拨款安排的项目如下：")
        self.project_blocks(b.fund_projects)

    def state_capital(self) -> None:
        u, y = self.u, self.y
        self.out.para(self.heading("state_capital"))
        self.out.para(
            f"{u} {y} 年没有使用国有资本经营预算拨款安排的支出，国有资本经营预算支出情况表为空表。"
        )

    def income_line(self, label: str, change: Change) -> None:
        if not change.stated:
            self.out.para(f"{label}未安排。")
            return
        key = f"income{label}"
        reason = f",{self.because(key)}{change.reason}" if change.reason else ""
        share = self.money(pct(change.amount, self.b.total))
        text = (
            f"{label} {self.money(change.amount)} 万元,占 {share}%,"
            f"{self.compared(change, key)}{reason}。"
        )
        self.out.para(text.replace("，", ","), ("change", "income", label))

    def section_five(self) -> None:
        b, o, u, y = self.b, self.out, self.u, self.y
        o.para(self.heading("general_budget"))
        o.para("（一）一般公共预算当年拨款规模变化情况")
        o.mark(("fact", "general_budget"))
        o.para(f"{u} {y} 年一般公共预算拨款合计 {self.money(b.gpb)} 万元，其中：")
        for label, change in (("基本支出", b.gpb_basic_change), ("项目支出", b.gpb_project_change)):
            if not change.stated:
                o.para(f"{label}未安排。")
                continue
            key = f"general{label}"
            o.para(
                f"{label} {self.money(change.amount)} 万元，{self.compared(change, key)}。"
                f"{self.because(key)}{change.reason}。",
                ("change", "general_budget", label),
            )
        o.para("（二）一般公共预算当年拨款结构情况")
        classes = [c for c in b.classes() if b.sum_under(c, "gpb")]
        for index, code in enumerate(classes, start=1):
            amount = b.sum_under(code, "gpb")
            o.add(
                f"- {index}、{FUNCTIONAL_NAMES[code]}（类）{self.money(amount)} 万元，"
                f"占 {self.money(pct(amount, b.gpb))}%。",
                ("share", "general_budget", code),
            )
        o.add("")
        o.para("（三）一般公共预算当年拨款具体使用情况")
        for index, line in enumerate((x for x in b.lines if x.gpb), start=1):
            names = (
                f"{FUNCTIONAL_NAMES[line.code[:3]]}（类）{FUNCTIONAL_NAMES[line.code[:5]]}"
                f"（款）{line.name}（项）"
            )
            key = f"line{line.code}"
            o.para(
                f"{index}、{names}：{y} 年预算数为 {self.money(line.gpb)} 万元，"
                f"{self.compared(line.change, key)}。{self.because(key)}{line.reason}。",
                ("change", "general_budget", line.code),
            )

    def section_six(self) -> None:
        b, o = self.b, self.out
        o.para(self.heading("basic_expenditure"))
        o.mark(("fact", "basic_expenditure"))
        o.para(f"{self.u} {self.y} 年一般公共预算基本支出 {self.money(b.gpb_basic)} 万元，其中：")
        personnel = "、".join(e.name for e in b.economic if e.personnel)
        public = "、".join(e.name for e in b.economic if not e.personnel)
        o.mark(("fact", "basic_expenditure", "人员经费"))
        o.para(f"人员经费 {self.money(b.personnel)} 万元，主要包括：{personnel}。")
        o.mark(("fact", "basic_expenditure", "公用经费"))
        o.para(f"公用经费 {self.money(b.public_use)} 万元，主要包括：{public}。")

    def section_seven(self) -> None:
        o, y = self.out, self.y
        o.para(self.heading("projects"))
        if not self.b.projects:
            o.para(f"本{self.w} {y} 年没有一般公共预算项目支出，一般公共预算项目支出情况表为空表。")
        self.project_blocks(self.b.projects)

    def project_blocks(self, projects: tuple[Project, ...]) -> None:
        """Projects as labelled blocks, numbered （一）, （二） … within their section."""
        o, y = self.out, self.y
        for index, p in enumerate(projects, start=1):
            o.para(f"（{_cn_ordinal(index)}）项目名称：{self.name(p.name)}", ("project", p.no))
            o.para(f"设立的政策依据：{p.policy_basis}")
            o.para(f"预算安排规模：{self.money(p.amount)} 万元", ("project_amount", p.no))
            o.para(f"项目承担单位：{p.budget_unit or self.u}")
            parts = "，".join(f"{a.item} {self.money(a.amount)} 万元" for a in p.allocations)
            o.para(f"资金分配情况：{parts}。", ("allocation", p.no))
            o.para(f"资金执行时间：{y} 年 1 月 1 日-{y} 年 12 月 31 日")

    def section_ten(self) -> None:
        o, t, y = self.out, self.b.three_public, self.y
        o.para(self.heading("sangong"))
        o.para(
            f"{self.u} {y} 年财政拨款“三公”经费预算数为 {self.money(t.total.amount)} 万元，"
            f"其中：因公出国（境）费 {self.money(t.abroad.amount)} 万元，公务用车购置费 "
            f"{self.money(t.car_purchase.amount)} 万元，公务用车运行费 "
            f"{self.money(t.car_running.amount)} 万元，公务接待费 "
            f"{self.money(t.reception.amount)} 万元。",
            ("three_amounts",),
        )
        parts = "；".join(
            f"{label}{self.yoy(c, label)}，{self.because(label)}{c.reason}"
            for label, c in (
                ("因公出国（境）费", t.abroad),
                ("公务用车购置费", t.car_purchase),
                ("公务用车运行费", t.car_running),
                ("公务接待费", t.reception),
            )
        )
        o.para(
            f"{y} 年财政拨款“三公”经费预算{self.compared(t.total, 'three')}，其中：{parts}。",
            ("three_changes",),
        )

    def section_eleven(self) -> None:
        o, b, y = self.out, self.b, self.y
        o.para(self.heading("carryover"))
        o.mark(("fact", "carryover"))
        o.para(
            f"{self.u} {y} 年上年结转结余 {self.money(b.carry_total)} 万元，包括：财政拨款 "
            f"{self.money(b.carry_total)} 万元，非财政拨款 0.00 万元"
            + ("，其中：" if b.carry else "。")
        )
        for index, item in enumerate(b.carry, start=1):
            o.mark(("fact", "carryover", index))
            o.para(f"{index}. {item.name} {self.money(item.amount)} 万元，主要用于{item.purpose}。")

    def section_twelve(self) -> None:
        o, b, y, u, w = self.out, self.b, self.y, self.u, self.w
        o.para(self.heading("other"))
        o.para(f"(一) {w}运行经费情况")
        rc = b.running_cost
        if b.structure.institution:
            o.para(f"本{w}为事业单位，不涉及机关运行经费。")
        else:
            o.para(
                f"{u} {y} 年的机关运行经费财政拨款预算 {self.money(rc.amount)} 万元，"
                f"{self.compared(rc, 'running')}。{self.because('running')}{rc.reason}。",
                ("change", "other", "机关运行经费"),
            )
        o.para("(二) 政府采购情况")
        p = b.procurement
        o.mark(("fact", "procurement"))
        o.para(
            f"{y} 年，{u}政府采购预算 {self.money(p.total)} 万元，其中：政府采购货物预算 "
            f"{self.money(p.goods)} 万元，政府采购工程预算 {self.money(p.works)} 万元，"
            f"政府采购服务预算 {self.money(p.services)} 万元。"
        )
        o.mark(("fact", "sme"))
        o.para(
            f"{y} 年，{u}面向中小企业预留政府采购项目预算金额 {self.money(p.sme)} 万元，"
            f"小微企业预留政府采购项目预算金额 {self.money(p.micro)} 万元。"
        )
        if self.v.unknown_sentence:
            amount, count = UNKNOWN_FIGURES
            o.para(
                f"{y} 年，本{w}安排合成培训经费 {self.money(amount)} 万元，用于干部培训 "
                f"{count} 个班次。",
                ("unknown",),
            )
        o.para("(三) 国有资产占用使用情况")
        a = b.assets
        o.para(f"截至 {y - 1} 年底，{u}占用使用国有资产总体情况为：")
        o.mark(("fact", "房屋"))
        o.para(
            f"1. 房屋 {self.money(a.floor_area)} 平方米，价值 {self.money(a.building_value)} 万元。"
        )
        o.mark(("fact", "车辆"))
        o.para(
            f"2. 车辆 {a.cars} 辆，价值 {self.money(a.cars_value)} 万元；其中：一般公务用车 "
            f"{a.cars_official} 辆，价值 {self.money(a.cars_official_value)} 万元；执法执勤用车 "
            f"{a.cars_enforcement} 辆，价值 {self.money(a.cars_enforcement_value)} 万元；"
            f"其他车辆 {a.cars_other} 辆，价值 {self.money(a.cars_other_value)} 万元。"
        )
        o.mark(("fact", "办公家具"))
        o.para(f"3. 办公家具价值 {self.money(a.furniture_value)} 万元。")
        o.mark(("fact", "其他资产"))
        o.para(f"4. 其他资产价值 {self.money(a.other_value)} 万元。")
        o.mark(("fact", "设备"))
        o.para(
            f"单位价值 50 万元以上大型设备 {a.equipment_50} 台，单位价值 100 万元以上大型设备 "
            f"{a.equipment_100} 套。"
        )
        o.mark(("fact", "购置"))
        o.para(
            f"{y} 年{w}预算未安排购置车辆经费，安排购置 50 万元以上大型设备 "
            f"{a.buy_equipment_50} 台，单位价值 100 万元以上大型设备 {a.buy_equipment_100} 台。"
        )
        o.para("(四) 预算绩效情况")
        o.mark(("fact", "performance"))
        o.para(
            f"{y}年，本{w}预算绩效管理整体预算绩效目标1个，涉及金额{self.money(b.total)}万元；"
            f"当年财政拨款项目{b.fiscal_projects}个，"
            f"涉及预算金额{self.money(b.gpb_project + b.fund)}万元；"
            "当年非财政拨款项目0个，涉及预算金额0.00万元。具体情况见下表（按项目分别填报）："
        )
        self.unit_performance()
        for project in (*b.projects, *b.fund_projects):
            self.project_performance(project)
        o.para("(五) 其他需说明的事项")
        o.para(f"本{w}无其他需说明事项。")

    def unit_performance(self) -> None:
        o, b = self.out, self.b
        o.para(self.t.performance.unit_heading, ("perf", 0))
        o.para(f"({self.y} 年)")
        o.add(f"单位名称 (盖章)\t\t{self.u}\t\t\t")
        o.add(f"单位联系人\t\t{b.contact}\t联系电话\t{b.phone}\t")
        o.add(f"年度绩效目标\t\t{b.unit_goal}\t\t\t")
        o.add("年度预算(万元)\t\t资金来源\t\t资金总额 (万元)\t", ("perf_money", 0))
        o.add(f"\t\t财政资金 (万元)\t上级安排\t{self.money(b.transfer)}\t")
        o.add(f"\t\t\t本级安排\t{self.money(b.general + b.carry_total + b.fund)}\t")
        o.add(f"\t\t其他资金 (万元)\t其他\t{self.money(ZERO)}\t")
        o.add("一级指标\t二级指标\t三级指标\t指标值\t指标设定依据\t分值权重")
        for index, ind in enumerate(b.unit_indicators):
            level1 = ind.level1 if index == 0 else ""
            o.add(
                "\t".join(
                    (
                        level1,
                        ind.level2,
                        self.name(ind.indicator),
                        ind.target_raw,
                        ind.basis,
                        str(ind.weight),
                    )
                ),
                ("indicator", 0, index),
            )
        o.add("")

    def project_performance(self, p) -> None:
        o = self.out
        o.para(self.t.performance.project_heading, ("perf", p.no))
        o.para(f"({self.y} 年)")
        o.add(f"预算单位\t\t{self.u}\t\t\t\t\t\t")
        o.add(f"项目名称\t\t{self.name(p.name)}\t\t\t\t项目负责人\t{self.b.contact}\t")
        fiscal = self.money(p.amount)
        o.add(
            f"项目资金(万元)\t\t年度预算总额\t{fiscal}\t其中：财政拨款\t{fiscal}\t其他资金\t"
            f"{self.money(ZERO)}\t",
            ("perf_money", p.no),
        )
        o.add(f"项目总体目标\t\t{p.goal}\t\t\t\t\t\t")
        o.add(
            "一级指标\t二级指标\t三级指标\t指标值\t指标值设置依据\t上年完成值\t指标分值权重\t"
            "指标赋分规则\t佐证资料"
        )
        previous: Indicator | None = None
        for index, ind in enumerate(p.indicators):
            level1 = "" if previous and previous.level1 == ind.level1 else ind.level1
            level2 = "" if previous and previous.level2 == ind.level2 else ind.level2
            previous = ind
            o.add(
                "\t".join(
                    (
                        level1,
                        level2,
                        self.name(ind.indicator),
                        ind.target_raw,
                        ind.basis,
                        ind.last_year_raw or "",
                        str(ind.weight),
                        ind.scoring_rule or "",
                        ind.evidence or "",
                    )
                ),
                ("indicator", p.no, index),
            )
        o.add("")

    def glossary(self) -> None:
        o = self.out
        o.para("第四部分 名词解释")
        for text in GLOSSARY:
            o.para(text)
        o.para(self.u)
        d = self.b.published
        o.add(f"{d.year}年{d.month}月{d.day}日", ("published",))


def render_lines(
    budget: SyntheticBudget, variant: RenderVariant = DEFAULT, template: Template = DEFAULT_TEMPLATE
) -> Rendered:
    """The document as lines (before full-width folding and line ends) with its anchors."""
    return _Writer(budget, variant, template).render()


def render_document(
    budget: SyntheticBudget,
    *,
    variant: RenderVariant = DEFAULT,
    template: Template = DEFAULT_TEMPLATE,
) -> str:
    """The whole document as text, in the edition `template`, the variant's characters and
    line ends.

    >>> import random
    >>> from pipeline.synth.model import generate_budget
    >>> b = generate_budget(random.Random(1), "合成测试单位0001（synthetic）", 2024)
    >>> render_document(b).split("\\n")[2:5]
    ['合成测试单位0001（synthetic）', '', '2024 年单位预算公开']
    """
    text = ("\r\n" if variant.crlf else "\n").join(render_lines(budget, variant, template).lines)
    return text.translate(_FULL_WIDTH) if variant.full_width else text


def encode_document(text: str, variant: RenderVariant = DEFAULT) -> bytes:
    """The text's bytes in the variant's encoding (utf-8-sig writes a BOM)."""
    return text.encode(variant.encoding)


def write_document(path: Path, text: str, variant: RenderVariant = DEFAULT) -> Path:
    """Write the text atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    data = encode_document(text, variant)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
