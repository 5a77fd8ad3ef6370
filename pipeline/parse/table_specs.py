"""The template's disclosure tables 表1–表11, declared column by column.

PDF extraction mangles multi-row headers (group cells spanning several leaves come out
shifted), so header cell positions cannot be trusted.  Instead each table declares the leaf
columns the template prints, in order, with their header path; the parser asserts that the
header text names every one of them and that the ※ numbering row has as many numbers, then
maps amounts to leaves by position after the row-label cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# Roles of the label cells that open a row (or one side of a two-sided row).
CLASS, SEGMENT, ITEM = "类", "款", "项"
NAME = "name"  # the 科目名称 that a code in the 类/款/项 cells names
PROJECT = "project"  # the 项目名称 of table 7
CODED_NAME = "coded_name"  # "201 一般公共服务支出": code and name in one cell (tables 1, 4)
LABEL = "label"  # a free row label: income items, 三公 items, carry-over rows


@dataclass(frozen=True)
class Leaf:
    """A leaf column: its header as printed (cleaned) and the group headers above it."""

    name: str
    groups: tuple[str, ...] = ()

    @cached_property
    def path(self) -> str:
        """Header levels joined by '/', e.g. 财政拨款/基本支出/人员经费."""
        return "/".join((*self.groups, self.name))


@dataclass(frozen=True)
class Side:
    """A run of label cells followed by amount columns: a whole row, or one side of it."""

    side: str | None
    labels: tuple[str, ...]
    leaves: tuple[Leaf, ...]
    classification: str | None = None
    strip_enumerators: bool = False  # "一、", "1. ", "其中：" open labels that nest rows
    projects: bool = False  # a LABEL that is neither a total nor the unit names a project

    @cached_property
    def width(self) -> int:
        """Number of cells the side takes in a row."""
        return len(self.labels) + len(self.leaves)


@dataclass(frozen=True)
class TableSpec:
    """What the template prints for one table."""

    number: int
    sides: tuple[Side, ...]
    header_words: tuple[str, ...]  # label headers the header must name besides the leaves
    numbered: bool = True  # whether a ※ row numbers the amount columns

    @cached_property
    def width(self) -> int:
        """Number of cells a data row holds."""
        return sum(side.width for side in self.sides)

    @cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        """All amount columns, left to right."""
        return tuple(leaf for side in self.sides for leaf in side.leaves)


def _group(group: str, *names: str) -> tuple[Leaf, ...]:
    return tuple(Leaf(name, (group,)) for name in names)


_FUNCTIONAL = (CLASS, SEGMENT, ITEM, NAME)
_FUNCTIONAL_WORDS = ("功能分类科目编码", "功能分类科目名称", "类", "款", "项")
_GRANT = "财政拨款（补助）"


def _expenditure_by_source(number: int, group: str) -> TableSpec:
    """Tables 8 and 9: one budget's expenditure split into basic (staff, running) and project."""
    leaves = (Leaf("合计", (group,)), Leaf("人员经费", (group, "基本支出")),
              Leaf("公用经费", (group, "基本支出")), Leaf("项目支出", (group,)))
    return TableSpec(number, (Side(None, _FUNCTIONAL, leaves, "functional"),),
                     (*_FUNCTIONAL_WORDS, "科目", group, "基本支出"))


def _carry_over_leaves() -> tuple[Leaf, ...]:
    leaves: list[Leaf] = [Leaf("总计")]
    for source in ("财政拨款", "非财政拨款"):
        leaves += [Leaf("合计", (source,)), Leaf("人员经费", (source, "基本支出")),
                   Leaf("公用经费", (source, "基本支出")), Leaf("项目支出", (source,))]
    return tuple(leaves)


TABLE_SPECS: dict[int, TableSpec] = {
    spec.number: spec
    for spec in (
        TableSpec(1, (
            Side("income", (LABEL,), (Leaf("预算数", ("收入",)),), None, True),
            Side("expenditure", (CODED_NAME,), (Leaf("预算数", ("支出",)),), "functional"),
        ), ("项目", "支出功能分类"), numbered=False),
        TableSpec(2, (Side(None, _FUNCTIONAL, (
            Leaf("总计"),
            *_group(_GRANT, "财政拨款（补助）小计", "一般公共预算",
                    "上级一般公共预算安排的转移支付", "政府性基金预算",
                    "上级政府性基金安排的转移支付", "国有资本经营预算",
                    "上级国有资本经营预算安排的转移支付"),
            Leaf("财政专户（教育收费）"), Leaf("单位资金"), Leaf("财政拨款结转"),
            Leaf("非财政拨款结转结余"),
        ), "functional"),), _FUNCTIONAL_WORDS),
        TableSpec(3, (Side(None, _FUNCTIONAL, _group("支出预算", "合计", "基本支出", "项目支出"),
                           "functional"),), (*_FUNCTIONAL_WORDS, "科目")),
        TableSpec(4, (
            Side("income", (LABEL,), (Leaf("合计", ("财政拨款收入",)),), None, True),
            Side("expenditure", (CODED_NAME,),
                 _group("财政拨款支出", "合计", "一般公共预算", "政府性基金预算",
                        "国有资本经营预算"),
                 "functional"),
        ), ("项目", "支出功能分类"), numbered=False),
        TableSpec(5, (Side(None, _FUNCTIONAL,
                           _group("一般公共预算支出", "合计", "基本支出", "项目支出"),
                           "functional"),), (*_FUNCTIONAL_WORDS, "科目")),
        TableSpec(6, (Side(None, (CLASS, SEGMENT, NAME),
                           _group("一般公共预算基本支出", "合计", "人员经费", "公用经费"),
                           "economic"),),
                  ("经济分类科目编码", "经济分类科目名称", "科目", "类", "款")),
        TableSpec(7, (Side(None, (CLASS, SEGMENT, ITEM, NAME, PROJECT), tuple(
            Leaf(name) for name in (
                "项目支出合计", "工资福利支出", "商品服务支出", "对个人和家庭的补助",
                "债务利息及费用支出", "资本性支出（基本建设）", "资本性支出",
                "对企业补助（基本建设）", "对企业补助", "对社会保障基金补助", "其他支出")),
            "functional"),), ("科目编码", "功能分类科目名称", "项目名称", "类", "款", "项")),
        _expenditure_by_source(8, "政府性基金预算支出"),
        _expenditure_by_source(9, "国有资本经营预算支出"),
        TableSpec(10, (Side(None, (LABEL,), (
            Leaf("合计"), *_group("资金来源", "一般公共预算", "政府性基金", "国有资本经营预算")),
            None, True),), ("“三公”经费支出内容",)),
        TableSpec(11, (Side(None, (LABEL,), _carry_over_leaves(), projects=True),),
                  ("项目名称", "财政拨款", "非财政拨款", "基本支出")),
    )
}
