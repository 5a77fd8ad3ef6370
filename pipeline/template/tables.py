"""How a disclosure table is declared: its role, printed number and title, and its columns.

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
    """What an edition prints for one table: the role it plays, its number (表 N) and title,
    and its columns."""

    role: str
    number: int
    title: str
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
