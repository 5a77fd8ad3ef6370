"""Which edition a document follows, read from its own text: the cover title and the contents.

Every registered edition (`pipeline.template.TEMPLATES`) is compared with the document's
outline (`pipeline.parse.outline`): the title its cover prints, the parts, tables and
narrative sections its contents list.  The one edition that fits is the document's; when
none does, the error names the closest and every way it does not fit.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.outline import (
    ListedPart,
    Outline,
    cover_unit,
    find_title,
    outline,
    without_unit,
)
from pipeline.reader import RawDocument
from pipeline.template import TEMPLATES, Template
from pipeline.text import squeeze

_SHOWN = 3  # problems named in the error


class Misfit(NamedTuple):
    """One way a document departs from an edition: the line and what differs."""

    line: int
    text: str


def detect(doc: RawDocument, templates: dict[str, Template] | None = None) -> Template:
    """The edition `doc` follows; ParseError naming file, line and the closest edition when
    none (or more than one) fits.

    >>> from pipeline.reader import read_document
    >>> from pipeline.settings import PROJECT_ROOT
    >>> detect(read_document(PROJECT_ROOT / "data/raw/kashgar-admin-office_2024_budget.txt")).name
    'unit_budget_2024'
    """
    templates = TEMPLATES if templates is None else templates
    found = {name: misfits(doc, template) for name, template in templates.items()}
    fitting = [name for name, problems in found.items() if not problems]
    if len(fitting) == 1:
        return templates[fitting[0]]
    known = ", ".join(templates)
    if fitting:
        raise ParseError(doc.source, None, f"a document that fits one edition of {known}",
                         f"it fits {', '.join(fitting)} alike (their declarations overlap)")
    closest = min(found, key=lambda name: len(found[name]))
    problems = found[closest]
    shown = "; ".join(p.text for p in problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    raise ParseError(doc.source, problems[0].line,
                     f"a disclosure of a known edition ({known}); closest is {closest}: "
                     f"{shown}{more}")


def misfits(doc: RawDocument, template: Template) -> list[Misfit]:
    """Every way the document's cover and contents depart from `template` (none: it fits)."""
    problems: list[Misfit] = []
    try:
        unit = find_title(doc, template)[0]
    except ParseError as error:
        unit = cover_unit(doc)
        problems.append(Misfit(error.line or 1, f"the cover has no title like "
                                                f"'{template.title_text}'"))
    listed = outline(doc)
    roles = _part_roles(listed, template, unit, problems)
    tables = roles.get("tables")
    if tables is not None:
        problems += _table_misfits(listed, tables, template)
    narrative = roles.get("narrative")
    if narrative is not None:
        problems += _section_misfits(narrative, template, unit)
    return problems


def _part_roles(listed: Outline, template: Template, unit: str,
                problems: list[Misfit]) -> dict[str, ListedPart]:
    """The listed parts by the role the edition's words give them; unknown ones are misfits."""
    where = "the contents list" if listed.from_contents else "the document prints"
    roles: dict[str, ListedPart] = {}
    for part in listed.parts:
        named = template.parts_named(without_unit(part.heading, unit))
        if not named:
            problems.append(Misfit(part.line, f"{where} 第{part.numeral}部分 "
                                              f"'{part.heading}', it has no such part"))
        else:
            roles.setdefault(named[0].role, part)
    first = listed.parts[0].line if listed.parts else 1
    for decl in template.parts:
        if decl.role not in roles and decl.role != "glossary":
            problems.append(Misfit(first, f"{where} no part '{'…'.join(decl.keywords)}', "
                                          "it prints one"))
    return roles


def _table_misfits(listed: Outline, part: ListedPart, template: Template) -> list[Misfit]:
    """The listed table titles against the edition's, in order."""
    where = "the contents list" if listed.from_contents else "the document prints"
    titles = [item.text for item in part.items]
    problems = []
    if len(titles) != len(template.tables):
        problems.append(Misfit(part.line, f"{where} {len(titles)} tables, it prints "
                                          f"{len(template.tables)}"))
        known = {squeeze(t) for spec in template.tables for t in spec.titles}
        problems += [Misfit(item.line, f"{where} table '{item.text}', it prints none such")
                     for item in part.items if squeeze(item.text) not in known]
        return problems
    for item, spec in zip(part.items, template.tables, strict=True):
        if squeeze(item.text) not in {squeeze(t) for t in spec.titles}:
            problems.append(Misfit(item.line, f"{where} table {item.numeral} as "
                                              f"'{item.text}', it prints '{spec.title}'"))
    return problems


def _section_misfits(part: ListedPart, template: Template, unit: str) -> list[Misfit]:
    """The listed narrative sections against the edition's, by the roles their words give."""
    problems = []
    seen: set[str] = set()
    for item in part.items:
        named = template.sections_named(without_unit(item.text, unit))
        if not named:
            problems.append(Misfit(item.line, f"section {item.numeral}、 '{item.text}' is "
                                              "listed, it prints no such section"))
        else:
            seen.add(named[0].role)
    problems += [Misfit(part.line, f"no section on '{'…'.join(s.keywords)}' ({s.role}) is "
                                   "listed, it prints one")
                 for s in template.sections if s.role not in seen]
    return problems
