"""The disclosure template as data: roles, table declarations and editions.

`TEMPLATES` lists every edition the parser knows; `template_named(name)` returns one.
"""

from __future__ import annotations

from pipeline.template.editions import UNIT_BUDGET_2024
from pipeline.template.model import SectionDecl, Template
from pipeline.template.roles import KINDS, PART_ROLES, SECTION_ROLES, TABLE_ROLES
from pipeline.template.tables import Leaf, Side, TableSpec

TEMPLATES: dict[str, Template] = {t.name: t for t in (UNIT_BUDGET_2024,)}
DEFAULT_TEMPLATE = UNIT_BUDGET_2024

__all__ = ["DEFAULT_TEMPLATE", "KINDS", "PART_ROLES", "SECTION_ROLES", "TABLE_ROLES",
           "TEMPLATES", "Leaf", "SectionDecl", "Side", "TableSpec", "Template",
           "template_named"]


def template_named(name: str) -> Template:
    """The edition called `name`.

    >>> template_named("unit_budget_2024").table("sangong").number
    10
    """
    try:
        return TEMPLATES[name]
    except KeyError:
        raise KeyError(f"no template {name!r}; known: {', '.join(TEMPLATES)}") from None
