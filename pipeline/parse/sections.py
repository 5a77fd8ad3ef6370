"""Where each part of a disclosure stands: the document cut into line ranges by its edition.

Every parser works on one of these ranges.  The edition (`pipeline.template`) is detected
from the document's own cover and contents (`pipeline.parse.detect`) unless given; the
layout it promises is asserted here: parts and narrative sections are recognised by the
words of their headings (so an edition that numbers them differently reads right), tables
by their printed number and title.  A changed or truncated document fails with a sentence
naming the file and line instead of parsing garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress

from pipeline.errors import ParseError
from pipeline.parse.outline import (
    NARRATIVE_SECTION,
    PART,
    TABLE,
    HeadLines,
    Span,
    find_title,
    first_nonblank,
    folded_cells,
    folded_lines,
    head_lines,
    outline,
    without_unit,
)
from pipeline.reader import RawDocument
from pipeline.template import PartDecl, SectionDecl, Template
from pipeline.text import clean_name, squeeze

__all__ = ["Layout", "Span", "TableBlock", "find_layout", "folded_cells", "folded_lines"]

_UNIT = re.compile(r"^编制单位\s*:\s*(.+)$")
_SUBSECTION = re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")
_WRAP_LINES = 2  # a heading that names no section may be wrapped over this many more lines
_WRAPPED = re.compile(r"^[^。，,;；:：\t]{1,40}$")
"""A line that may end a wrapped heading: short, without a sentence's punctuation."""


@dataclass(frozen=True)
class TableBlock:
    """One disclosure table: its role, printed number, title line and the lines up to the
    next table."""

    role: str
    number: int
    title: str
    title_line: int
    span: Span


@dataclass(frozen=True)
class Layout:
    """The parts of one document, as line ranges, with its unit, year and edition.

    `tables` is keyed by role; `narrative_sections` by the numeral the document prints and
    `section_roles` says which role each numeral's section plays (read from its heading).
    `performance` holds each performance table's declared heading and lines.
    """

    template: Template
    unit: str
    year: int
    title: str
    title_line: int
    profile: Span
    tables: dict[str, TableBlock]
    narrative: Span
    narrative_sections: dict[str, Span]
    section_roles: dict[str, str] = field(default_factory=dict)
    performance: list[tuple[str, Span]] = field(default_factory=list)
    glossary: Span | None = None

    def section(self, role: str) -> Span | None:
        """The narrative section playing `role`, if the document prints it."""
        for numeral, played in self.section_roles.items():
            if played == role:
                return self.narrative_sections[numeral]
        return None

    def section_role(self, numeral: str | None) -> str | None:
        """The role of the section the document numbers `numeral`."""
        return self.section_roles.get(numeral or "")


def _one(decls: list, line: int, doc: RawDocument, template: Template, kind: str, text: str):
    """The most specific declaration a heading names; ParseError when none or two alike,
    naming what a heading of `kind` ('part' or 'narrative section') should name."""
    if len(decls) == 1 or (
        decls and sum(map(len, decls[0].keywords)) != sum(map(len, decls[1].keywords))
    ):
        return decls[0]
    known = template.parts if kind == "part" else template.sections
    what = (
        f"a {kind} heading of {template.name}: "
        f"{', '.join(f'{d.role} ({_words(d)})' for d in known)}"
    )
    if not decls:
        raise ParseError(doc.source, line, what, text)
    raise ParseError(
        doc.source, line, f"{what}; it names both {decls[0].role} and {decls[1].role}", text
    )


def _words(decl: PartDecl | SectionDecl) -> str:
    return "…".join(decl.keywords)


def _part_starts(
    doc: RawDocument, heads: HeadLines, template: Template, unit: str
) -> dict[str, int]:
    """The body heading of each part role, the role read from the heading's words.

    A part heading the body prints twice is a second document in the same file (two
    disclosures concatenated): an error, never the first one read and the second dropped.
    """
    folded = folded_lines(doc)
    body = outline(doc).body
    starts: dict[str, int] = {}
    for number in heads.numbers:
        text = folded[number - 1]
        if number < body or not text.startswith("第") or not PART.match(text):
            continue
        part: PartDecl = _one(
            template.parts_named(without_unit(text, unit)), number, doc, template, "part", text
        )
        if part.role in starts:
            raise ParseError(
                doc.source,
                number,
                f"one document per file: the part "
                f"'{'…'.join(part.keywords)}' once (line {starts[part.role]} is "
                "its heading; two documents in one file?)",
                text,
            )
        starts[part.role] = number
    return starts


def _check_one_cover(doc: RawDocument, template: Template, title_line: int) -> None:
    """No second cover after the first: a line with the edition's title followed by a
    contents (目录) or a part heading is a second document in the same file."""
    folded = folded_lines(doc)
    for number in range(title_line + 1, len(folded) + 1):
        if not template.title.match(folded[number - 1]):
            continue
        following = [t for t in folded[number : number + 12] if t][:4]
        if any(squeeze(t) == "目录" or PART.match(t) for t in following):
            raise ParseError(
                doc.source,
                number,
                "one document per file: a single cover "
                f"(line {title_line} is its title; two documents in one file?)",
                folded[number - 1],
            )


_SIGNATURE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _check_signed(doc: RawDocument, template: Template, printed_unit: str) -> None:
    """A complete document ends with its signature: the publisher's name, then (usually)
    the date.

    Whatever part a truncated file stops in — the glossary too, or a document without a
    contents page, where nothing else lists what should follow — its signature is gone.
    """
    if not template.signed:
        return
    folded = folded_lines(doc)
    last = [n for n in range(len(folded), 0, -1) if folded[n - 1]][:2]
    name = last[1:] if last and _SIGNATURE_DATE.match(folded[last[0] - 1]) else last[:1]
    if name and squeeze(folded[name[0] - 1]).startswith(squeeze(printed_unit)):
        return  # the name, dated or not (a signature may leave the date out)
    line = last[0] if last else 1
    raise ParseError(
        doc.source,
        line,
        "the signature as the last lines: the unit's name, "
        "then the date of publication (is the document truncated?)",
        doc.lines[line - 1].strip(),
    )


def _check_contents(
    doc: RawDocument, template: Template, parts: dict[str, int], sections: dict[str, Span]
) -> None:
    """Every part and narrative section the contents (目录) list is in the body.

    A document cut short inside its narrative or before its glossary still has its first
    parts; only the contents tell that something is missing.  A document without contents
    has nothing to check here.
    """
    listed = outline(doc)
    if not listed.from_contents:
        return
    missing: list[str] = []
    for part in listed.parts:
        named = template.parts_named(part.key)
        role = named[0].role if named else None
        if role not in parts:
            missing.append(f"第{part.numeral}部分")
        if role == "narrative":
            missing += [
                f"说明 {item.numeral}、" for item in part.items if item.numeral not in sections
            ]
    if missing:
        folded = folded_lines(doc)
        last = max((n for n, text in enumerate(folded, 1) if text), default=1)
        raise ParseError(
            doc.source,
            last,
            f"{', '.join(missing)} as listed in the contents (is the document truncated?)",
            doc.lines[last - 1].strip(),
        )


def find_layout(doc: RawDocument, template: Template | None = None) -> Layout:
    """Cut a document into its parts, asserting the layout of its edition.

    `template` is the edition to assert; None (the usual case) detects it from the cover and
    the contents.  Raises ParseError naming the line where the layout departs from it.
    """
    if template is None:
        from pipeline.parse.detect import detect  # detection reads the outline this uses

        template = detect(doc)
    unit, year, title_line, title, printed = find_title(doc, template)
    heads = head_lines(doc)
    _check_one_cover(doc, template, title_line)
    parts = _part_starts(doc, heads, template, printed)
    last = len(doc.lines) + 1
    order = [p for p in template.parts if p.role in parts]
    for decl in template.parts:
        if decl.role not in parts and decl.role in ("profile", "tables", "narrative"):
            raise ParseError(
                doc.source,
                last - 1,
                f"a heading '第{decl.numeral}部分 … {'…'.join(decl.keywords)}' "
                "(is the document truncated?)",
                doc.lines[-1] if doc.lines else "",
            )
    lines = [parts[p.role] for p in order]
    if lines != sorted(lines):
        raise ParseError(
            doc.source,
            max(lines),
            f"parts {', '.join('…'.join(p.keywords) for p in order)} in this order",
        )
    ends = dict(zip([p.role for p in order], [*lines[1:], last], strict=True))
    tables = _find_tables(doc, heads, Span(parts["tables"] + 1, ends["tables"]), unit, template)
    narrative = Span(parts["narrative"] + 1, ends["narrative"])
    sections, roles = _narrative_sections(doc, heads, narrative, printed, template)
    _check_contents(doc, template, parts, sections)
    _check_signed(doc, template, printed)
    in_section = next(
        (sections[n] for n, r in roles.items() if r == template.performance.in_section), None
    )
    performance = _performance_blocks(
        doc, heads, in_section or Span(narrative.end, narrative.end), template
    )
    glossary = Span(parts["glossary"] + 1, ends["glossary"]) if "glossary" in parts else None
    return Layout(
        template,
        unit,
        year,
        title,
        title_line,
        Span(parts["profile"] + 1, ends["profile"]),
        tables,
        narrative,
        sections,
        roles,
        performance,
        glossary,
    )


def _find_tables(
    doc: RawDocument, heads: HeadLines, span: Span, unit: str, template: Template
) -> dict[str, TableBlock]:
    """Each 表 N of the tables part: its role from the declared number, its title checked."""
    folded = folded_lines(doc)
    candidates = heads.within(span)
    starts = [
        (n, int(m.group(1)))
        for n in candidates
        if folded[n - 1].startswith("表") and (m := TABLE.match(folded[n - 1]))
    ]
    tables: dict[str, TableBlock] = {}
    for index, (number, table_no) in enumerate(starts):
        spec = template.table_numbered(table_no)
        if spec is None:
            raise ParseError(
                doc.source,
                number,
                f"a table of {template.description} (表1–表{len(template.tables)})",
                f"表 {table_no}",
            )
        end = starts[index + 1][0] if index + 1 < len(starts) else span.end
        title_line = first_nonblank(doc, Span(number + 1, end))
        if title_line is None:
            raise ParseError(doc.source, number, f"a title line after '表 {table_no}'")
        if spec.role in tables:
            raise ParseError(
                doc.source, number, f"table {table_no} once", f"a second '表 {table_no}'"
            )
        title = doc.lines[title_line - 1]
        if squeeze(title) not in spec.title_keys:
            raise ParseError(
                doc.source,
                title_line,
                f"表 {table_no} titled '{spec.title}' (the {spec.role} table of {template.name})",
                title.strip(),
            )
        tables[spec.role] = TableBlock(
            spec.role, table_no, clean_name(title), title_line, Span(title_line + 1, end)
        )
        for line_no in heads.within(Span(title_line + 1, end)):
            text = folded[line_no - 1]
            match = _UNIT.match(text) if text.startswith("编制单位") else None
            if match and clean_name(match.group(1)) != unit:
                raise ParseError(
                    doc.source,
                    line_no,
                    f"编制单位 '{unit}' as on the cover",
                    clean_name(match.group(1)),
                )
    missing = [t.number for t in template.tables if t.role not in tables]
    if missing:
        raise ParseError(
            doc.source,
            span.end - 1,
            f"tables 表1–表{len(template.tables)}; missing "
            f"{', '.join(map(str, missing))} (is the document truncated?)",
        )
    return tables


def _narrative_sections(
    doc: RawDocument, heads: HeadLines, span: Span, unit: str, template: Template
) -> tuple[dict[str, Span], dict[str, str]]:
    """Each numbered heading of the narrative: its lines (by the numeral it prints) and the
    role its words give it; a heading that names no section of the edition is an error."""
    folded = folded_lines(doc)
    starts = [
        (n, m.group(1), m.group(2))
        for n in heads.within(span)
        if (m := NARRATIVE_SECTION.match(folded[n - 1]))
    ]
    sections: dict[str, Span] = {}
    roles: dict[str, str] = {}
    lines_of: dict[str, int] = {}
    for index, (number, numeral, text) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else span.end
        if numeral in sections:
            continue  # a repeated numeral: the first section keeps it
        sections[numeral] = Span(number, end)
        decl = _section_named(doc, template, unit, number, end, text)
        if decl.role in lines_of:
            raise ParseError(
                doc.source,
                number,
                f"one section on {decl.role} (line {lines_of[decl.role]} is one)",
                folded[number - 1],
            )
        roles[numeral] = decl.role
        lines_of[decl.role] = number
    return sections, roles


def _section_named(
    doc: RawDocument, template: Template, unit: str, number: int, end: int, text: str
) -> SectionDecl:
    """The section a heading names; a heading wrapped onto the next lines is read whole."""
    folded = folded_lines(doc)
    heading = text
    named = template.sections_named(without_unit(heading, unit))
    if not named:  # perhaps wrapped: read on over the next lines that may end a heading
        following = (n for n in range(number + 1, end) if folded[n - 1])
        for _, line in zip(range(_WRAP_LINES), following, strict=False):
            if not _WRAPPED.match(folded[line - 1]):
                break  # prose, not the rest of a heading
            heading += folded[line - 1]
            named = template.sections_named(without_unit(heading, unit))
            if named:
                break
    return _one(named, number, doc, template, "narrative section", folded[number - 1])


def _performance_blocks(
    doc: RawDocument, heads: HeadLines, span: Span, template: Template
) -> list[tuple[str, Span]]:
    """Each performance-target table: its declared heading and lines, up to the next
    heading or the subsection ((五) …) that follows the tables."""
    lines = folded_lines(doc)
    headings = template.performance.headings
    found = map(headings.__contains__, lines[span.start - 1 : span.end - 1])  # in C, no loop
    starts = [(number, lines[number - 1]) for number in compress(span.numbers(), found)]
    if not starts:
        return []
    stop = next(
        (
            n
            for n in heads.within(Span(starts[0][0] + 1, span.end))
            if _SUBSECTION.match(lines[n - 1])
        ),
        span.end,
    )
    starts = [(number, kind) for number, kind in starts if number < stop]
    blocks = []
    for index, (number, kind) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else stop
        blocks.append((kind, Span(number, end)))
    return blocks
