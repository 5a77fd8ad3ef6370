"""A `Template`: one edition of the disclosure, declared as data.

An edition says what it prints and how each piece is recognised: its cover title, its parts
and narrative sections (each with the role it plays and the words its heading holds), its
tables (each with its role, printed number, title and columns), the rules that read its
narrative sentences, and the labels of its project blocks and performance tables.  Parsers
take a template as an argument; everything downstream speaks roles, so adding an edition is
a declaration, not a code branch (docs/adding-a-template.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from pipeline.template.labels import PerformanceLabels, ProjectLabels
from pipeline.template.roles import KINDS, PART_ROLES, SECTION_ROLES, TABLE_ROLES
from pipeline.template.rules import Rule
from pipeline.template.tables import TableSpec
from pipeline.template.wording import BUDGET_WORDING, Wording
from pipeline.text import squeeze

_NAMED_KEPT = 4096  # headings remembered per edition
REQUIRED_PARTS = ("profile", "tables", "narrative")
"""Part roles every edition prints (the glossary may be missing)."""


@dataclass(frozen=True)
class PartDecl:
    """A part (第X部分): the numeral this edition gives it, the role it plays and the words
    its heading holds (how it is recognised, whatever its numeral)."""

    numeral: str
    role: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class SectionDecl:
    """A narrative section: the role it plays, the numeral this edition gives it (一 … 十二)
    and the words its heading holds (how it is recognised, whatever its numeral).

    `share_group` names the group of shares (占 X%) that make 100% within the section.
    """

    role: str
    numeral: str
    keywords: tuple[str, ...] = ()
    share_group: str | None = None


D = TypeVar("D", PartDecl, SectionDecl)


def by_words(decls: Iterable[D], heading: str) -> list[D]:
    """The declarations whose every keyword the heading holds, most specific first.

    The heading is compared squeezed (`pipeline.text.squeeze`).  Specificity is the length
    of the words matched: '财政拨款收支预算' + '总体说明' beats '收支预算情况' + '总体说明'.

    >>> decls = (SectionDecl("overview", "一", ("收支预算情况", "总体说明")),
    ...          SectionDecl("fiscal", "四", ("财政拨款收支预算", "总体说明")))
    >>> [d.role for d in by_words(decls, "关于 2024 年财政拨款收支预算情况的总体说明")]
    ['fiscal', 'overview']
    """
    text = squeeze(heading)
    found = [d for d in decls if d.keywords and all(squeeze(w) in text for w in d.keywords)]
    return sorted(found, key=lambda d: -sum(map(len, d.keywords)))


@dataclass(frozen=True, eq=False)
class Template:
    """One edition of the disclosure template.

    Compared and hashed by identity: parsers cache per template object.
    """

    name: str
    kind: str
    description: str
    title: re.Pattern[str]
    """The cover's title line (folded, stripped); group 1 is the year."""
    title_text: str
    """The title as a reader would describe it, e.g. 'YYYY 年单位预算公开' (for messages)."""
    parts: tuple[PartDecl, ...]
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionDecl, ...]
    fact_rules: tuple[Rule, ...]
    """The rules reading the narrative's other figures (`pipeline.parse.facts`), by section
    role."""
    code_tables: tuple[str, ...]
    """Roles of the tables whose rows print 类/款/项 codes in separate cells, then the name:
    the narrative's 类/款/项 paths are coded from them."""
    unit_word: str = "单位"
    """What the edition calls the publisher in its titles and headings (单位 or 部门)."""
    projects: ProjectLabels = field(default_factory=ProjectLabels)
    performance: PerformanceLabels = field(default_factory=PerformanceLabels)
    wording: Wording = BUDGET_WORDING
    """The words its sentences use (comparisons, reasons, headcount, empty sections)."""
    notes: tuple[str, ...] = field(default=())
    signed: bool = True
    """Whether a complete document ends with its signature (the publisher's name, then the
    date of publication): a document of the edition that does not is truncated."""

    def __post_init__(self) -> None:
        problems = [f"kind {self.kind!r}" for _ in [0] if self.kind not in KINDS]
        problems += [f"part role {p.role!r}" for p in self.parts if p.role not in PART_ROLES]
        problems += [f"table role {t.role!r}" for t in self.tables if t.role not in TABLE_ROLES]
        problems += [
            f"section role {s.role!r}" for s in self.sections if s.role not in SECTION_ROLES
        ]
        for what, values in (
            ("table role", [t.role for t in self.tables]),
            ("table number", [t.number for t in self.tables]),
            ("part role", [p.role for p in self.parts]),
            ("section role", [s.role for s in self.sections]),
            ("section numeral", [s.numeral for s in self.sections]),
        ):
            problems += [f"{what} {v!r} twice" for v in set(values) if values.count(v) > 1]
        sections = {s.role for s in self.sections}
        problems += [
            f"part {role!r} missing"
            for role in REQUIRED_PARTS
            if role not in {p.role for p in self.parts}
        ]
        problems += [
            f"code table {r!r} (not a table it prints)"
            for r in self.code_tables
            if r not in {t.role for t in self.tables}
        ]
        problems += [
            f"fact rule for section {r.section!r} (not a section it prints)"
            for r in self.fact_rules
            if r.section not in sections
        ]
        problems += [
            f"performance tables in section {self.performance.in_section!r} (not a "
            "section it prints)"
            for _ in [0]
            if self.performance.in_section not in sections
        ]
        problems += [
            f"{kind} {d.role!r} without keywords"
            for kind, decls in (("part", self.parts), ("section", self.sections))
            for d in decls
            if not d.keywords
        ]
        if problems:
            raise ValueError(f"template {self.name}: unknown or repeated {', '.join(problems)}")

    @cached_property
    def table_roles(self) -> tuple[str, ...]:
        """The roles of the tables this edition prints, in printed order."""
        return tuple(t.role for t in self.tables)

    @cached_property
    def section_roles(self) -> tuple[str, ...]:
        """The roles of the narrative sections this edition prints, in printed order."""
        return tuple(s.role for s in self.sections)

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

    def section(self, role: str) -> SectionDecl | None:
        """The declaration of the section playing `role` (None when it prints none)."""
        return self._section_by_role.get(role)

    def section_role(self, numeral: str | None) -> str | None:
        """The role of the narrative section this edition numbers `numeral`.

        A document's own numbering is `Layout.section_roles` (read from its headings).
        """
        section = self._section_by_numeral.get(numeral or "")
        return section.role if section else None

    def section_numeral(self, role: str) -> str | None:
        """The numeral this edition gives the section playing `role`."""
        section = self._section_by_role.get(role)
        return section.numeral if section else None

    def part(self, role: str) -> PartDecl | None:
        """The declaration of the part playing `role`."""
        return next((p for p in self.parts if p.role == role), None)

    def part_numeral(self, role: str) -> str | None:
        """The numeral of 第X部分 for a part role."""
        part = self.part(role)
        return part.numeral if part else None

    @cached_property
    def _named(self) -> dict[tuple[bool, str], list]:
        return {}

    def sections_named(self, heading: str) -> list[SectionDecl]:
        """The sections whose words a narrative heading holds, most specific first.

        Remembered per heading: documents of one edition print the same headings.
        """
        found = self._named.get((True, heading))
        if found is None:
            found = self._remember((True, heading), by_words(self.sections, heading))
        return found

    def parts_named(self, heading: str) -> list[PartDecl]:
        """The parts whose words a 第X部分 heading holds, most specific first (remembered)."""
        found = self._named.get((False, heading))
        if found is None:
            found = self._remember((False, heading), by_words(self.parts, heading))
        return found

    def _remember(self, key: tuple[bool, str], found: list) -> list:
        if len(self._named) >= _NAMED_KEPT:
            self._named.clear()
        self._named[key] = found
        return found
