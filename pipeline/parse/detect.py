"""Which edition a document follows, read from its own text: the cover title and the contents.

Every registered edition (`pipeline.template.TEMPLATES`) is compared with the document's
outline (`pipeline.parse.outline`): the title its cover prints, the parts, tables and
narrative sections its contents list.  The one edition that fits is the document's; when
none does, the error names the closest and every way it does not fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.outline import (
    ListedPart,
    Outline,
    cover,
    cover_unit,
    find_title,
    outline,
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

    Each edition is checked up to its first misfit; only when none fits are all of each
    edition's misfits collected, to name the closest.

    >>> from pipeline.reader import read_document
    >>> from pipeline.settings import PROJECT_ROOT
    >>> detect(read_document(PROJECT_ROOT / "data/raw/kashgar-admin-office_2024_budget.txt")).name
    'unit_budget_2024'
    """
    templates = TEMPLATES if templates is None else templates
    listed, head = outline(doc), cover(doc)
    fitting = [
        name
        for name, template in templates.items()
        if next(_misfits(doc, template, listed, head), None) is None
    ]
    if len(fitting) == 1:
        return templates[fitting[0]]
    known = ", ".join(templates)
    if fitting:
        raise ParseError(
            doc.source,
            None,
            f"a document that fits one edition of {known}",
            f"it fits {', '.join(fitting)} alike (their declarations overlap)",
        )
    found = {name: misfits(doc, template) for name, template in templates.items()}
    closest = min(found, key=lambda name: len(found[name]))
    problems = found[closest]
    shown = "; ".join(p.text for p in problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    raise ParseError(
        doc.source,
        problems[0].line,
        f"a disclosure of a known edition ({known}); closest is {closest}: {shown}{more}",
        " / ".join(text for _, text in cover(doc)[:2]),
    )


def misfits(doc: RawDocument, template: Template) -> list[Misfit]:
    """Every way the document's cover and contents depart from `template` (none: it fits)."""
    return list(_misfits(doc, template, outline(doc), cover(doc)))


def _misfits(
    doc: RawDocument, template: Template, listed: Outline, head: list[tuple[int, str]]
) -> Iterator[Misfit]:
    """The misfits one by one, cheapest checks first (`listed` and `head` are the
    document's `outline` and `cover`)."""
    try:
        find_title(doc, template, head)
    except ParseError:
        yield Misfit(cover_unit(doc)[1], f"the cover has no title like '{template.title_text}'")
    where = "the contents list" if listed.from_contents else "the document prints"
    roles: dict[str, ListedPart] = {}
    yield from _part_misfits(listed, template, where, roles)
    if (tables := roles.get("tables")) is not None:
        yield from _table_misfits(tables, template, where)
    if (narrative := roles.get("narrative")) is not None:
        yield from _section_misfits(narrative, template, where)


def _part_misfits(
    listed: Outline, template: Template, where: str, roles: dict[str, ListedPart]
) -> Iterator[Misfit]:
    """The listed parts the edition's words name no part, and the parts not listed; `roles`
    receives the listed parts by role."""
    for part in listed.parts:
        named = template.parts_named(part.key)
        if not named:
            yield Misfit(
                part.line,
                f"{where} 第{part.numeral}部分 '{part.heading}'; the edition has no such part",
            )
        else:
            roles.setdefault(named[0].role, part)
    first = listed.parts[0].line if listed.parts else 1
    for decl in template.parts:
        if decl.role not in roles and decl.role != "glossary":
            yield Misfit(
                first, f"{where} no part '{'…'.join(decl.keywords)}' (the edition prints one)"
            )


def _table_misfits(part: ListedPart, template: Template, where: str) -> Iterator[Misfit]:
    """The listed table titles against the edition's, in order."""
    if len(part.items) != len(template.tables):
        yield Misfit(
            part.line,
            f"{where} {len(part.items)} tables; the edition prints {len(template.tables)}",
        )
        known = frozenset().union(*(spec.title_keys for spec in template.tables))
        for item in part.items:
            if squeeze(item.text) not in known:
                yield Misfit(
                    item.line, f"{where} table '{item.text}'; the edition prints none such"
                )
        return
    for item, spec in zip(part.items, template.tables, strict=True):
        if squeeze(item.text) not in spec.title_keys:
            yield Misfit(
                item.line,
                f"{where} table {item.numeral} as '{item.text}'; the edition prints '{spec.title}'",
            )


def _section_misfits(part: ListedPart, template: Template, where: str) -> Iterator[Misfit]:
    """The listed narrative sections against the edition's, by the roles their words give."""
    seen: set[str] = set()
    for item in part.items:
        named = template.sections_named(item.key)
        if not named:
            yield Misfit(
                item.line,
                f"{where} section {item.numeral}、 '{item.text}'; the "
                "edition prints no such section",
            )
        else:
            seen.add(named[0].role)
    for section in template.sections:
        if section.role not in seen:
            yield Misfit(
                part.line,
                f"{where} no section on '{'…'.join(section.keywords)}' "
                f"({section.role}); the edition prints one",
            )
