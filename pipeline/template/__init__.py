"""The disclosure template as data: roles, table declarations and editions.

`TEMPLATES` lists every edition the parser knows (`pipeline.parse.detect` picks the one a
document follows); `template_named(name)` returns one.
"""

from __future__ import annotations

from pipeline.template.editions import (
    DEPARTMENT_BUDGET_2024,
    UNIT_BUDGET_2024,
    UNIT_BUDGET_PRE2024,
)
from pipeline.template.labels import PerformanceLabels, ProjectLabels
from pipeline.template.model import PartDecl, SectionDecl, Template
from pipeline.template.roles import KINDS, PART_ROLES, SECTION_ROLES, TABLE_ROLES
from pipeline.template.rules import Rule
from pipeline.template.tables import Leaf, Side, TableSpec
from pipeline.template.wording import BUDGET_WORDING, Wording

TEMPLATES: dict[str, Template] = {
    t.name: t for t in (UNIT_BUDGET_2024, UNIT_BUDGET_PRE2024, DEPARTMENT_BUDGET_2024)
}
"""Every edition, by name; detection tries them in this order."""
DEFAULT_TEMPLATE = UNIT_BUDGET_2024
"""The edition synthetic documents are written in unless told otherwise.  Parsers never
assume it: they read the edition a document follows (`pipeline.parse.detect`)."""

__all__ = [
    "BUDGET_WORDING",
    "DEFAULT_TEMPLATE",
    "KINDS",
    "PART_ROLES",
    "SECTION_ROLES",
    "TABLE_ROLES",
    "TEMPLATES",
    "Leaf",
    "PartDecl",
    "PerformanceLabels",
    "ProjectLabels",
    "Rule",
    "SectionDecl",
    "Side",
    "TableSpec",
    "Template",
    "Wording",
    "template_named",
]


def template_named(name: str) -> Template:
    """The edition called `name`.

    >>> template_named("unit_budget_2024").table("sangong").number
    10
    >>> template_named("unit_budget_pre2024").table("carryover") is None
    True
    """
    try:
        return TEMPLATES[name]
    except KeyError:
        raise KeyError(f"no template {name!r}; known: {', '.join(TEMPLATES)}") from None
