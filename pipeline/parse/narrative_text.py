"""The narrative as its parsers see it: the lines in scope, normalised, and every number in them.

The narrative (第三部分) is prose, read with regular expressions over a *normalised* line:
NFKC-folded (full-width digits and punctuation become half-width) with stray PDF spaces
removed (a space survives only between two ASCII letters or digits).  A number is identified
by its line and its offset in that normalised text, so the parsers can prove that they placed
every number the scan finds.  Section 七 (projects) and the performance-target tables are
parsed elsewhere and are out of scope here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.errors import ParseError
from pipeline.parse.memo import per_document
from pipeline.parse.sections import Layout
from pipeline.reader import RawDocument
from pipeline.text import fold, parse_decimal

LOOSE = r"\d(?:[\d,.]*\d)?"
"""A number-like run of digits, commas and points; parsed strictly by `read_number`."""

SCAN_UNITS = ("万元", "%", "平方米", "辆", "台", "套", "个")
"""Units after which a number must be placed by a parser (the completeness scan)."""

PROJECT_SECTION = "七"

_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
_BULLET = re.compile(r"^\s*[-•·*]\s+")
_CANDIDATE = re.compile(rf"(?<![\d.,]){LOOSE}(?=({'|'.join(map(re.escape, SCAN_UNITS))}))")

Position = tuple[int, int]
"""(line, offset in the normalised line) of a number."""


@lru_cache(maxsize=1 << 14)
def normalise(text: str) -> str:
    """A line folded to half-width, list bullets and stray spaces removed.

    >>> normalise("- 1、一般公共服务支出（类）４,５６７.５０ 万元，占 90.16%。")
    '1、一般公共服务支出(类)4,567.50万元,占90.16%。'
    >>> normalise("（自治区）1 3.69 万元")
    '(自治区)1 3.69万元'
    """
    return _SPACE.sub("", fold(_BULLET.sub("", text))).strip()


@dataclass(frozen=True)
class NarrativeLine:
    """One non-blank narrative line in scope: its number, section (一…十二) and normalised text."""

    line: int
    section: str | None
    text: str


@dataclass(frozen=True)
class ScannedNumber:
    """A number the completeness scan found, as printed (normalised), with its unit."""

    line: int
    start: int
    text: str
    unit: str


@per_document
def narrative_lines(doc: RawDocument, layout: Layout) -> list[NarrativeLine]:
    """The narrative's non-blank lines, without section 七 and the performance tables."""
    excluded: set[int] = set()
    for _, span in layout.performance:
        excluded.update(span.numbers())
    if PROJECT_SECTION in layout.narrative_sections:
        excluded.update(layout.narrative_sections[PROJECT_SECTION].numbers())
    section_of: dict[int, str] = {}
    for name, span in layout.narrative_sections.items():
        for number in span.numbers():
            section_of.setdefault(number, name)
    lines = []
    for number in layout.narrative.numbers():
        if number in excluded:
            continue
        text = normalise(doc.line(number))
        if text:
            lines.append(NarrativeLine(number, section_of.get(number), text))
    return lines


def read_number(doc: RawDocument, line: int, text: str, places: int | None = 2) -> Decimal:
    """Parse a number the regular expressions matched, as a ParseError naming the line."""
    try:
        return parse_decimal(text, places=places)
    except ValueError as exc:
        expected = "an amount like 1,234.56" if places == 2 else "a number like 1,234"
        raise ParseError(doc.source, line, expected, text) from exc


@per_document
def scan_numbers(doc: RawDocument, lines: list[NarrativeLine]) -> list[ScannedNumber]:
    """Every number followed by 万元, %, 平方米, 辆, 台, 套 or 个; malformed ones are errors."""
    found = []
    for item in lines:
        for match in _CANDIDATE.finditer(item.text):
            read_number(doc, item.line, match.group(), places=None)
            found.append(ScannedNumber(item.line, match.start(), match.group(), match.group(1)))
    return found


def narrative_numbers(doc: RawDocument, layout: Layout) -> list[tuple[int, str]]:
    """(line, number with unit) of every number in the narrative a parser must place.

    Section 七 and the performance-target tables are excluded: other parsers read them.
    """
    return [(n.line, n.text + n.unit) for n in scan_numbers(doc, narrative_lines(doc, layout))]


def check_placed(doc: RawDocument, layout: Layout, placed: set[Position]) -> None:
    """Raise ParseError for the first scanned number no parser placed."""
    for number in scan_numbers(doc, narrative_lines(doc, layout)):
        if (number.line, number.start) not in placed:
            raise ParseError(doc.source, number.line,
                             "every number in a change, share or fact row "
                             "(this is a number the parser cannot place)",
                             number.text + number.unit)
