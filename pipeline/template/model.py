"""A `Template`: one edition of the disclosure, declared as data.

An edition says what it prints and where: its title, its parts, its tables (each with the
role it plays, its printed number and title, and its columns) and its narrative sections
(each with its role and numeral).  Parsers take a template as an argument; everything
downstream speaks roles, so adding an edition is a declaration, not a code branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.template.roles import KINDS, PART_ROLES, SECTION_ROLES, TABLE_ROLES
from pipeline.template.tables import TableSpec


@dataclass(frozen=True)
class SectionDecl:
    """A narrative section: the role it plays, the numeral this edition gives it (一 … 十二)
    and words its heading holds (how it is recognised whatever its numeral)."""

    role: str
    numeral: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """One edition of the disclosure template."""

    name: str
    kind: str
    description: str
    title: re.Pattern[str]
    """The cover's title line (folded, stripped); group 1 is the year."""
    parts: tuple[tuple[str, str], ...]
    """(numeral of 第X部分, part role), in order."""
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionDecl, ...]
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        problems = [f"kind {self.kind!r}" for _ in [0] if self.kind not in KINDS]
        problems += [f"part role {r!r}" for _, r in self.parts if r not in PART_ROLES]
        problems += [f"table role {t.role!r}" for t in self.tables if t.role not in TABLE_ROLES]
        problems += [f"section role {s.role!r}" for s in self.sections
                     if s.role not in SECTION_ROLES]
        for what, values in (("table role", [t.role for t in self.tables]),
                             ("table number", [t.number for t in self.tables]),
                             ("section role", [s.role for s in self.sections]),
                             ("section numeral", [s.numeral for s in self.sections])):
            problems += [f"{what} {v!r} twice" for v in set(values) if values.count(v) > 1]
        if problems:
            raise ValueError(f"template {self.name}: unknown or repeated {', '.join(problems)}")

    @cached_property
    def table_roles(self) -> tuple[str, ...]:
        """The roles of the tables this edition prints, in printed order."""
        return tuple(t.role for t in self.tables)

    @cached_property
    def _by_role(self) -> dict[str, TableSpec]:
        return {t.role: t for t in self.tables}

    @cached_property
    def _by_number(self) -> dict[int, TableSpec]:
        return {t.number: t for t in self.tables}

    def table(self, role: str) -> TableSpec | None:
        """The table that plays `role` in this edition (None when it prints none)."""
        return self._by_role.get(role)

    def table_numbered(self, number: int) -> TableSpec | None:
        """The table this edition prints as 表 `number`."""
        return self._by_number.get(number)

    @cached_property
    def _section_by_numeral(self) -> dict[str, SectionDecl]:
        return {s.numeral: s for s in self.sections}

    @cached_property
    def _section_by_role(self) -> dict[str, SectionDecl]:
        return {s.role: s for s in self.sections}

    def section_role(self, numeral: str | None) -> str | None:
        """The role of the narrative section this edition numbers `numeral`."""
        section = self._section_by_numeral.get(numeral or "")
        return section.role if section else None

    def section_numeral(self, role: str) -> str | None:
        """The numeral this edition gives the section playing `role`."""
        section = self._section_by_role.get(role)
        return section.numeral if section else None

    def part_numeral(self, role: str) -> str | None:
        """The numeral of 第X部分 for a part role."""
        return next((numeral for numeral, r in self.parts if r == role), None)
