"""What a document says it holds, read before knowing its edition: folded lines, the lines
that may be headings, the cover title and the contents (目录).

Detection (`pipeline.parse.detect`) compares this outline with every edition; the layout
(`pipeline.parse.sections`) then cuts the body by the edition's declarations.  Nothing here
depends on an edition.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.memo import per_document
from pipeline.reader import RawDocument
from pipeline.template import Template
from pipeline.text import clean_name, fold, fold_text, squeeze

PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
TABLE = re.compile(r"^表\s*(\d+)\s*$")
NARRATIVE_SECTION = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_ITEM = re.compile(r"^(?:[-•·*]\s*)?([一二三四五六七八九十]+)\s*、\s*(.*)$")
_COVER_LINES = 40


@dataclass(frozen=True)
class Span:
    """Lines `start` (inclusive) to `end` (exclusive), 1-based."""

    start: int
    end: int

    def numbers(self) -> range:
        """The 1-based line numbers of the span."""
        return range(self.start, self.end)


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
# narrative sections (一、 … 十二、) and the subsections that end the performance tables
# ((一) …).  A newline comes first: a literal first character lets the regex engine skip
# ahead, where '^' with re.MULTILINE would be tried at every position.
_HEAD_START = re.compile(r"\n(?:第|表|编制单位|[一二三四五六七八九十]+、|[(（])")


class HeadLines:
    """The lines that may be headings: those that begin as one of the headings does.

    One regular-expression pass over the folded text finds them, so that the layout tests
    its patterns on a few dozen lines instead of looping over every line of the document.
    Every heading pattern of the layout begins with one of `_HEAD_START`'s openings, so
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
        return self.numbers[
            bisect_left(self.numbers, span.start) : bisect_left(self.numbers, span.end)
        ]


@per_document
def head_lines(doc: RawDocument) -> HeadLines:
    """The document's candidate heading lines, found once."""
    return HeadLines(folded_lines(doc))


def first_nonblank(doc: RawDocument, span: Span) -> int | None:
    """The first line of `span` that is not blank (a table's title under its 表 N)."""
    for number in span.numbers():
        if doc.lines[number - 1].strip():
            return number
    return None


@per_document
def cover(doc: RawDocument) -> list[tuple[int, str]]:
    """The cover's non-blank lines (among the first few): (line, folded text)."""
    return [(n, t) for n, t in enumerate(folded_lines(doc)[:_COVER_LINES], start=1) if t]


class Title(NamedTuple):
    """The cover's title as an edition prints it, and the unit name above it."""

    unit: str
    """The unit's name (`clean_name`d)."""
    year: int
    line: int
    title: str
    printed_unit: str
    """The unit's name as printed (folded), as headings repeat it."""


def find_title(
    doc: RawDocument, template: Template, head: list[tuple[int, str]] | None = None
) -> Title:
    """Unit name (the line before the title), year, title line and title of the cover, as
    the edition prints its title; ParseError when the cover has no such title.

    `head` is the document's `cover`, when the caller has it.
    """
    head = cover(doc) if head is None else head
    for index, (number, text) in enumerate(head):
        if index > 0 and (match := template.title.match(text)):
            printed = head[index - 1][1]
            return Title(clean_name(printed), int(match.group(1)), number, text, printed)
    raise ParseError(
        doc.source,
        head[0][0] if head else 1,
        f"a cover with the unit name and a title like '{template.title_text}'",
        head[0][1] if head else "",
    )


def cover_unit(doc: RawDocument) -> tuple[str, int]:
    """The unit name (the cover's first non-blank line), whatever the edition, and the line
    of the title under it (where an edition's title would stand)."""
    head = cover(doc)
    if not head:
        return "", 1
    return clean_name(head[0][1]), head[min(1, len(head) - 1)][0]


def without_unit(text: str, unit: str) -> str:
    """A heading squeezed, the unit's name taken out (it may hold any words).

    The name is first taken out as printed (`unit` as the cover prints it, folded, is the
    quick case), so that the rest, which documents of an edition share, is squeezed from
    cache.

    >>> without_unit("一、 关于合成局(synthetic) 2024 年收入预算情况说明", "合成局(synthetic)")
    '一、关于2024年收入预算情况说明'
    >>> without_unit("一、 关于合成 局(synthetic) 2024 年收入预算情况说明", "合成局（synthetic）")
    '一、关于2024年收入预算情况说明'
    """
    if not unit:
        return squeeze(text)
    if unit in text:
        return squeeze(text.replace(unit, ""))
    return squeeze(text).replace(squeeze(unit), "")


class Item(NamedTuple):
    """One entry a part lists: its numeral (一、 …, or N of 表 N), its text and line, and
    its `key`: the text as headings compare (squeezed, the unit's name taken out)."""

    numeral: str
    text: str
    line: int
    key: str


class ListedPart(NamedTuple):
    """A part heading (第X部分) and the entries listed under it; `key` as for `Item`."""

    numeral: str
    heading: str
    line: int
    items: tuple[Item, ...]
    key: str


class Outline(NamedTuple):
    """The parts a document lists with their entries, and where its body begins.

    `from_contents` tells whether the parts come from the contents (目录) or, for a document
    without contents, from the body itself (tables listed by their 表 N titles).
    """

    parts: tuple[ListedPart, ...]
    body: int
    from_contents: bool


@per_document
def outline(doc: RawDocument) -> Outline:
    """The document's outline: the contents when it has them, else its body's headings.

    The contents list the parts first; the body begins at the second mention of the first
    part heading (or the only one, for a document without contents).
    """
    folded = folded_lines(doc)
    heads = head_lines(doc)
    mentions = [
        (match.group(1), number)
        for number in heads.numbers
        if folded[number - 1].startswith("第") and (match := PART.match(folded[number - 1]))
    ]
    if not mentions:
        return Outline((), 0, False)
    firsts = [number for numeral, number in mentions if numeral == mentions[0][0]]
    head = cover(doc)
    unit = head[0][1] if head else ""  # as printed (folded)
    if len(firsts) > 1:
        return Outline(_contents(folded, firsts[0], firsts[1], unit), firsts[1], True)
    return Outline(_body_parts(doc, heads, [n for _, n in mentions], unit), firsts[0], False)


def _contents(folded: tuple[str, ...], start: int, end: int, unit: str) -> tuple[ListedPart, ...]:
    """The parts the contents (lines `start`–`end`) list; a wrapped entry is joined."""
    parts: list[ListedPart] = []
    items: list[list] = []
    for number in range(start, end):
        text = folded[number - 1]
        if not text:
            continue
        if text.startswith("第") and (match := PART.match(text)):
            if parts:
                parts[-1] = parts[-1]._replace(items=_keyed(items, unit))
            heading = match.group(2)
            parts.append(
                ListedPart(match.group(1), heading, number, (), without_unit(heading, unit))
            )
            items = []
        elif match := _ITEM.match(text):
            items.append([match.group(1), match.group(2), number])
        elif items:  # a wrapped entry: '四、 关于…财政拨款收' / '支预算情况的总体说明'
            items[-1][1] += text
    if parts:
        parts[-1] = parts[-1]._replace(items=_keyed(items, unit))
    return tuple(parts)


def _keyed(items: list[list], unit: str) -> tuple[Item, ...]:
    """The entries (numeral, text, line) with their keys, once each text is whole."""
    return tuple(
        Item(numeral, text, line, without_unit(text, unit)) for numeral, text, line in items
    )


def _body_parts(
    doc: RawDocument, heads: HeadLines, starts: list[int], unit: str
) -> tuple[ListedPart, ...]:
    """Without contents: each body part with its tables (表 N and the title under it) or,
    for a part without tables, its numbered headings."""
    folded = folded_lines(doc)
    parts = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(folded) + 1
        tables, headings = [], []
        for number in heads.within(Span(start + 1, end)):
            text = folded[number - 1]
            if match := TABLE.match(text):
                title = first_nonblank(doc, Span(number + 1, end))
                tables.append([match.group(1), folded[title - 1] if title else "", number])
            elif match := NARRATIVE_SECTION.match(text):
                headings.append([match.group(1), match.group(2), number])
        match = PART.match(folded[start - 1])
        assert match is not None
        parts.append(
            ListedPart(
                match.group(1),
                match.group(2),
                start,
                _keyed(tables or headings, unit),
                without_unit(match.group(2), unit),
            )
        )
    return tuple(parts)
