"""Where each part of a disclosure stands: the fixed template cut into line ranges.

Every parser works on one of these ranges.  The layout the edition (`pipeline.template`)
promises (its parts, its tables, its narrative sections) is asserted here, so a changed or
truncated document fails with a sentence naming the file and line instead of parsing garbage.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from pipeline.errors import ParseError
from pipeline.parse.memo import per_document
from pipeline.reader import RawDocument
from pipeline.template import DEFAULT_TEMPLATE, Template
from pipeline.text import clean_name, fold, fold_text

_PART = re.compile(r"^第([一二三四])部分")
_TABLE = re.compile(r"^表\s*(\d+)\s*$")
_UNIT = re.compile(r"^编制单位\s*:\s*(.+)$")
_NARRATIVE_SECTION = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_PERFORMANCE_HEADING = re.compile(r"^(单位整体绩效目标表|项目支出绩效目标表)\s*$")
_SUBSECTION = re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")


@dataclass(frozen=True)
class Span:
    """Lines `start` (inclusive) to `end` (exclusive), 1-based."""

    start: int
    end: int

    def numbers(self) -> range:
        """The 1-based line numbers of the span."""
        return range(self.start, self.end)


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

    `tables` is keyed by role; `narrative_sections` by the numeral the document prints.
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
    performance: list[tuple[str, Span]] = field(default_factory=list)
    glossary: Span | None = None

    def section(self, role: str) -> Span | None:
        """The narrative section playing `role`, if the document prints it."""
        numeral = self.template.section_numeral(role)
        return self.narrative_sections.get(numeral) if numeral else None


@per_document
def folded_cells(doc: RawDocument) -> tuple[str, ...]:
    """Every line of the document folded (index 0 is line 1), computed once per document.

    `fold(line).split("\t")` equals folding each tab-separated cell: NFKC neither makes nor
    removes tabs and composes nothing across one.  Table readers split these.  The whole
    text is folded at once (`fold_text`): the same lines, at a fraction of the cost.
    """
    folded = tuple(fold_text("\n".join(doc.lines)).split("\n"))
    if len(folded) != len(doc.lines):  # pragma: no cover - a line holding a newline
        return tuple(map(fold, doc.lines))
    return folded


@per_document
def folded_lines(doc: RawDocument) -> tuple[str, ...]:
    """Every line of the document folded and stripped (index 0 is line 1), computed once.

    The parsers match headings and labels against these instead of folding lines again.
    """
    return tuple(map(str.strip, folded_cells(doc)))


# How every heading the layout looks for begins: parts (第), tables (表), 编制单位 lines,
# narrative sections (一、 … 十二、), performance headings and the subsections that end
# them ((一) …).  A newline comes first: a literal first character lets the regex engine
# skip ahead, where '^' with re.MULTILINE would be tried at every position.
_HEAD_START = re.compile(r"\n(?:第|表|编制单位|[一二三四五六七八九十]+、|单位整体绩效目标表"
                         r"|项目支出绩效目标表|[(（])")


class _HeadLines:
    """The lines that may be headings: those that begin as one of the headings does.

    One regular-expression pass over the folded text finds them, so that the layout tests
    its patterns on a few dozen lines instead of looping over every line of the document.
    Every heading pattern of this module begins with one of `_HEAD_START`'s openings, so
    no heading is missed; each candidate is still matched against its own pattern.
    """

    def __init__(self, folded: tuple[str, ...]):
        text = "\n" + "\n".join(folded)  # line n follows the n-th newline
        numbers: list[int] = []
        line, position = 0, 0
        for match in _HEAD_START.finditer(text):
            start = match.start() + 1
            line += text.count("\n", position, start)
            position = start
            numbers.append(line)
        self.numbers = numbers

    def within(self, span: Span) -> list[int]:
        """The candidate line numbers inside `span`, in order."""
        return self.numbers[bisect_left(self.numbers, span.start):
                            bisect_left(self.numbers, span.end)]


def _first_nonblank(doc: RawDocument, span: Span) -> int | None:
    """The first line of `span` that is not blank (a table's title under its 表 N)."""
    for number in span.numbers():
        if doc.lines[number - 1].strip():
            return number
    return None


def _find_title(doc: RawDocument, template: Template) -> tuple[str, int, int, str]:
    """Unit name (first line), year and title line of the cover."""
    head = list(enumerate(folded_lines(doc)[:40], start=1))
    head = [(n, t) for n, t in head if t]
    for index, (number, text) in enumerate(head):
        match = template.title.match(text)
        if match and index > 0:
            unit = clean_name(head[index - 1][1])
            return unit, int(match.group(1)), number, text
    raise ParseError(doc.source, head[0][0] if head else 1,
                     "a cover with the unit name and a title like '2024 年单位预算公开'",
                     head[0][1] if head else "")


def _part_starts(doc: RawDocument, heads: _HeadLines) -> dict[str, int]:
    """The body heading of each part.

    The contents (目录) list the parts first; the body begins at the second '第一部分'
    (or the only one, for a document without contents), and each part's heading is its
    first mention from there on.
    """
    folded = folded_lines(doc)
    mentions: list[tuple[str, int]] = []
    for number in heads.numbers:
        text = folded[number - 1]
        if text.startswith("第") and (match := _PART.match(text)):
            mentions.append((match.group(1), number))
    firsts = [n for part, n in mentions if part == "一"]
    body = firsts[1] if len(firsts) > 1 else (firsts[0] if firsts else 0)
    starts: dict[str, int] = {}
    for part, number in mentions:
        if number >= body:
            starts.setdefault(part, number)
    return starts


def _check_contents(doc: RawDocument, parts: dict[str, int],
                    sections: dict[str, Span]) -> None:
    """Every part and narrative section the contents (目录) list is in the body.

    A document cut short inside its narrative or before its glossary still has parts
    一–三; only the contents tell that something is missing.  A document without contents
    has nothing to check here.
    """
    folded = folded_lines(doc)
    listed: list[tuple[str, str]] = []  # ("part" | "section", name), in contents order
    in_narrative = False
    for text in folded[:parts["一"] - 1]:
        if text.startswith("第") and (match := _PART.match(text)):
            listed.append(("part", match.group(1)))
            in_narrative = match.group(1) == "三"
        elif in_narrative and (match := _NARRATIVE_SECTION.match(text)):
            listed.append(("section", match.group(1)))
    missing = [f"第{name}部分" if kind == "part" else f"说明 {name}、"
               for kind, name in listed if name not in (parts if kind == "part" else sections)]
    if missing:
        last = max((n for n, text in enumerate(folded, 1) if text), default=1)
        raise ParseError(doc.source, last, f"{', '.join(missing)} as listed in the contents "
                         "(is the document truncated?)", doc.lines[last - 1].strip())


def find_layout(doc: RawDocument, template: Template = DEFAULT_TEMPLATE) -> Layout:
    """Cut a document into its parts, asserting the edition's layout.

    Raises ParseError naming the line where the layout departs from the template.
    """
    unit, year, title_line, title = _find_title(doc, template)
    heads = _HeadLines(folded_lines(doc))
    parts = _part_starts(doc, heads)
    last = len(doc.lines) + 1
    for part, what in (("一", "单位概况"), ("二", "预算公开表"), ("三", "预算情况说明")):
        if part not in parts:
            raise ParseError(doc.source, last - 1,
                             f"a heading '第{part}部分 … {what}' (is the document truncated?)",
                             doc.lines[-1] if doc.lines else "")
    if not parts["一"] < parts["二"] < parts["三"]:
        raise ParseError(doc.source, parts["三"], "parts 一, 二, 三 in order")
    narrative_end = parts.get("四", last)
    tables = _find_tables(doc, heads, Span(parts["二"] + 1, parts["三"]), unit, template)
    narrative = Span(parts["三"] + 1, narrative_end)
    sections = _narrative_sections(doc, heads, narrative)
    _check_contents(doc, parts, sections)
    other = sections.get(template.section_numeral("other") or "")
    performance = _performance_blocks(doc, heads, other or Span(narrative_end, narrative_end))
    glossary = Span(parts["四"] + 1, last) if "四" in parts else None
    return Layout(template, unit, year, title, title_line, Span(parts["一"] + 1, parts["二"]),
                  tables, narrative, sections, performance, glossary)


def _find_tables(doc: RawDocument, heads: _HeadLines, span: Span, unit: str,
                 template: Template) -> dict[str, TableBlock]:
    folded = folded_lines(doc)
    candidates = heads.within(span)
    starts = [(n, int(m.group(1))) for n in candidates
              if folded[n - 1].startswith("表") and (m := _TABLE.match(folded[n - 1]))]
    tables: dict[str, TableBlock] = {}
    for index, (number, table_no) in enumerate(starts):
        spec = template.table_numbered(table_no)
        if spec is None:
            raise ParseError(doc.source, number, f"a table of {template.description} "
                             f"(表1–表{len(template.tables)})", f"表 {table_no}")
        end = starts[index + 1][0] if index + 1 < len(starts) else span.end
        title_line = _first_nonblank(doc, Span(number + 1, end))
        if title_line is None:
            raise ParseError(doc.source, number, f"a title line after '表 {table_no}'")
        if spec.role in tables:
            raise ParseError(doc.source, number, f"table {table_no} once",
                             f"a second '表 {table_no}'")
        title = doc.lines[title_line - 1]
        tables[spec.role] = TableBlock(spec.role, table_no, clean_name(title), title_line,
                                       Span(title_line + 1, end))
        for line_no in heads.within(Span(title_line + 1, end)):
            text = folded[line_no - 1]
            match = _UNIT.match(text) if text.startswith("编制单位") else None
            if match and clean_name(match.group(1)) != unit:
                raise ParseError(doc.source, line_no, f"编制单位 '{unit}' as on the cover",
                                 clean_name(match.group(1)))
    missing = [t.number for t in template.tables if t.role not in tables]
    if missing:
        raise ParseError(doc.source, span.end - 1,
                         f"tables 表1–表{len(template.tables)}; missing "
                         f"{', '.join(map(str, missing))} (is the document truncated?)")
    return tables


def _narrative_sections(doc: RawDocument, heads: _HeadLines, span: Span) -> dict[str, Span]:
    folded = folded_lines(doc)
    starts = [(n, m.group(1)) for n in heads.within(span)
              if (m := _NARRATIVE_SECTION.match(folded[n - 1]))]
    sections: dict[str, Span] = {}
    for index, (number, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else span.end
        sections.setdefault(name, Span(number, end))
    return sections


def _performance_blocks(doc: RawDocument, heads: _HeadLines,
                        span: Span) -> list[tuple[str, Span]]:
    """Each performance-target table: its kind and lines, up to the next heading."""
    starts: list[tuple[int, str]] = []
    stop = span.end
    lines = folded_lines(doc)
    for number in heads.within(span):
        folded = lines[number - 1]
        match = _PERFORMANCE_HEADING.match(folded)
        if match:
            starts.append((number, match.group(1)))
        elif starts and _SUBSECTION.match(folded):
            stop = number
            break
    blocks = []
    for index, (number, kind) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else stop
        blocks.append((kind, Span(number, end)))
    return blocks
