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
from decimal import Decimal
from functools import lru_cache
from itertools import compress, pairwise
from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.memo import per_document
from pipeline.parse.projects import fund_project_span
from pipeline.parse.sections import Layout, Span, folded_cells, folded_lines
from pipeline.reader import RawDocument
from pipeline.text import LOOSE, NUMBER, fold, parse_decimal

SCAN_UNITS = ("万元", "%", "平方米", "辆", "台", "套", "个")
"""Units after which a number must be placed by a parser (the completeness scan)."""

_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
"""Stray spaces, as a pattern (the rule `drop_spaces` applies without a regex scan)."""
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_BULLET = re.compile(r"^\s*[-•·*]\s+")
_UNITS = "|".join(map(re.escape, SCAN_UNITS))
_CANDIDATE = re.compile(rf"(?<![\d.,]){LOOSE}(?=({_UNITS}))")
"""A number the completeness scan must see placed: LOOSE, not after a digit, point or comma."""
_CANDIDATE_FAST = re.compile(rf"\d(?<![\d.,]\d)[\d,.]*+(?<=\d)(?=({_UNITS}))")
"""`_CANDIDATE`, cheaper: it starts with the digit LOOSE starts with (the lookbehind moved
past it), so the regex engine skips to the next digit instead of trying every position;
and it takes the whole run of digits, points and commas at once (possessive), since no
unit starts with one of those, a LOOSE match followed by a unit always ends the run."""
NUMBER_FULL = re.compile(rf"^{NUMBER}$")
"""What `parse_decimal` accepts, for a LOOSE match (already folded, without spaces)."""

Position = tuple[int, int]
"""(line, offset in the normalised line) of a number."""


def is_number(loose: str) -> bool:
    """Whether a LOOSE match is a number `parse_decimal` accepts (`NUMBER_FULL`).

    Without a comma that is at most one point (LOOSE starts and ends with a digit); only
    thousands separators need the pattern.

    >>> [is_number(t) for t in ("1962", "3.5", "1.2.3", "1,234.56", "12,34")]
    [True, True, False, True, False]
    """
    if "," not in loose:
        return loose.count(".") < 2
    return NUMBER_FULL.match(loose) is not None


def drop_spaces(text: str) -> str:
    """`_SPACE.sub("", text)`: every whitespace run goes, except one character between two
    ASCII letters or digits.  Split in C instead of a regex tried at every character.

    >>> drop_spaces(" 合成 单位 1 3.69  万元 Synthetic  Unit 7 ")
    '合成单位1 3.69万元SyntheticUnit 7'
    """
    parts = text.split()
    if len(parts) < 2:
        return parts[0] if parts else ""
    if not any(a[-1] in _ALNUM and b[0] in _ALNUM for a, b in pairwise(parts)):
        return "".join(parts)  # the usual line: no space may stay
    previous = parts[0]
    end = text.find(previous) + len(previous)
    pieces = [previous]
    for part in parts[1:]:
        start = text.find(part, end)
        if start == end + 1 and previous[-1] in _ALNUM and part[0] in _ALNUM:
            pieces.append(text[end])
        pieces.append(part)
        previous, end = part, start + len(part)
    return "".join(pieces)


@lru_cache(maxsize=1 << 14)
def normalise(text: str) -> str:
    """A line folded to half-width, list bullets and stray spaces removed.

    >>> normalise("- 1、一般公共服务支出（类）４,５６７.５０ 万元，占 90.16%。")
    '1、一般公共服务支出(类)4,567.50万元,占90.16%。'
    >>> normalise("（自治区）1 3.69 万元")
    '(自治区)1 3.69万元'
    """
    return drop_spaces(fold(_BULLET.sub("", text))).strip()


class NarrativeLine(NamedTuple):
    """One non-blank narrative line in scope: its number, section (一…十二) and normalised text."""

    line: int
    section: str | None
    text: str


class ScannedNumber(NamedTuple):
    """A number the completeness scan found, as printed (normalised), with its unit."""

    line: int
    start: int
    text: str
    unit: str


@per_document
def narrative_lines(doc: RawDocument, layout: Layout) -> list[NarrativeLine]:
    """The narrative's non-blank lines, without the project blocks (section 七, and section
    八's after its sentences) and the performance tables."""
    start = layout.narrative.start
    size = max(layout.narrative.end - start, 0)
    in_scope = [True] * size
    excluded = [span for _, span in layout.performance]
    # read by pipeline.parse.projects
    for projects in (layout.section("projects"), fund_project_span(doc, layout)):
        if projects is not None:
            excluded.append(projects)
    for span in excluded:
        lo, hi = _clip(span, start, size)
        in_scope[lo:hi] = [False] * (hi - lo)
    section_at = _sections_at(layout, start, size)
    raw, folded, stripped = doc.lines, folded_cells(doc), folded_lines(doc)
    lines = []
    for offset in compress(range(size), in_scope):
        index = start + offset - 1
        if not stripped[index]:
            continue  # a line that folds to blanks normalises to ''
        text = raw[index]
        text = normalise(text) if _BULLET.match(text) else drop_spaces(folded[index]).strip()
        if text:
            lines.append(NarrativeLine(start + offset, section_at[offset], text))
    return lines


def _clip(span: Span, start: int, size: int) -> tuple[int, int]:
    """A span as offsets into the `size` lines from `start`, clipped to them."""
    lo = min(max(span.start - start, 0), size)
    return lo, min(max(span.end - start, lo), size)


def _sections_at(layout: Layout, start: int, size: int) -> list[str | None]:
    """Section name of each of the `size` lines from `start`; the first listed span wins."""
    section_at: list[str | None] = [None] * size
    for name, span in layout.narrative_sections.items():
        lo, hi = _clip(span, start, size)
        if section_at[lo:hi].count(None) == hi - lo:
            section_at[lo:hi] = [name] * (hi - lo)
        else:  # overlapping spans: keep the earlier section's lines
            for offset in range(lo, hi):
                if section_at[offset] is None:
                    section_at[offset] = name
    return section_at


def read_number(doc: RawDocument, line: int, text: str, places: int | None = 2) -> Decimal:
    """Parse a number the regular expressions matched, as a ParseError naming the line."""
    try:
        return parse_decimal(text) if places is None else parse_decimal(text, places=places)
    except ValueError as exc:
        expected = "an amount like 1,234.56" if places == 2 else "a number like 1,234"
        raise ParseError(doc.source, line, expected, text) from exc


@per_document
def scan_numbers(doc: RawDocument, lines: list[NarrativeLine]) -> list[ScannedNumber]:
    """Every number followed by 万元, %, 平方米, 辆, 台, 套 or 个, malformed ones too (a
    number `parse_decimal` rejects is not read: `is_number` tells)."""
    found = []
    for line, _, text in lines:
        for match in _CANDIDATE_FAST.finditer(text):
            found.append(ScannedNumber(line, match.start(), match.group(), match.group(1)))
    return found


def narrative_numbers(doc: RawDocument, layout: Layout) -> list[tuple[int, str]]:
    """(line, number with unit) of every number in the narrative a parser must place.

    Section 七 and the performance-target tables are excluded: other parsers read them.
    """
    return [(n.line, n.text + n.unit) for n in scan_numbers(doc, narrative_lines(doc, layout))]
