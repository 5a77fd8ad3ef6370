"""How a disclosure table is declared: its role, printed number and title, and its columns.

PDF extraction mangles multi-row headers (group cells spanning several leaves come out
shifted), so header cell positions cannot be trusted.  Instead each table declares the leaf
columns the template prints, in order, with their header path; the parser asserts that the
header text names every one of them, that each header row names them in the declared order
and that the ※ numbering row has as many numbers, rising; then it maps amounts to leaves by
position after the row-label cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pipeline.text import squeeze

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


@dataclass(frozen=True, eq=False)
class TableSpec:
    """What an edition prints for one table: the role it plays, its number (表 N) and title,
    and its columns.

    Compared and hashed by identity: the table parser caches per spec object.
    """

    role: str
    number: int
    title: str
    sides: tuple[Side, ...]
    header_words: tuple[str, ...]  # label headers the header must name besides the leaves
    numbered: bool = True  # whether a ※ row numbers the amount columns
    aliases: tuple[str, ...] = ()  # other titles a document of this edition may print

    @cached_property
    def titles(self) -> tuple[str, ...]:
        """Every title this table may print, the declared one first."""
        return (self.title, *self.aliases)

    @cached_property
    def title_keys(self) -> frozenset[str]:
        """The titles as printed titles compare (`pipeline.text.squeeze`)."""
        return frozenset(map(squeeze, self.titles))

    @cached_property
    def header_order(self) -> tuple[str, ...]:
        """The header's column words in declared order: each leaf's groups (once, where the
        group starts) then its name, left to right.  A header row names a subsequence."""
        words: list[str] = []
        opened: tuple[str, ...] = ()
        for side in self.sides:
            for leaf in side.leaves:
                shared = 0
                while (
                    shared < min(len(opened), len(leaf.groups))
                    and opened[shared] == leaf.groups[shared]
                ):
                    shared += 1
                words += leaf.groups[shared:]
                words.append(leaf.name)
                opened = leaf.groups
            opened = ()
        return tuple(words)

    @cached_property
    def width(self) -> int:
        """Number of cells a data row holds."""
        return sum(side.width for side in self.sides)

    @cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        """All amount columns, left to right."""
        return tuple(leaf for side in self.sides for leaf in side.leaves)
