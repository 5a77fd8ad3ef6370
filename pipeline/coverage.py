"""Coverage: the numbers a plain scan of the text finds against what the parsers placed.

The scans are deliberately independent of the parsers (`pipeline.parse.scan` for tables, a
pattern of its own here for the narrative): every table amount (two decimals, one, none,
thousands separators or not, a dash for zero), every year-on-year clause in the edition's
words, every narrative number followed by a unit the parsers must place.  What the parsers
placed is counted from their output: line items, change rows, and the positions the
narrative's kept rows stand on.  Each scanned number is then captured, or recorded in
`unplaced` (a piece not read), or neither — a number dropped silently, which is an error.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache

from pipeline.parse import ParsedDocument
from pipeline.parse.narrative_text import SCAN_UNITS, narrative_lines
from pipeline.parse.scan import table_amounts
from pipeline.parse.sections import folded_cells
from pipeline.parse.sentences import narrative_reading
from pipeline.template import Wording
from pipeline.text import LOOSE, NUMBER

_UNITS = "|".join(map(re.escape, SCAN_UNITS))
_NARRATIVE_NUMBER = re.compile(rf"(?<![\d.,]){LOOSE}(?=(?:{_UNITS}))")
"""A number a narrative parser must place: digits (with points and commas) before a unit."""
_LOOSE = re.compile(LOOSE)


@dataclass(frozen=True)
class Coverage:
    """Scanned vs captured numbers for one part of one document, and how many of the
    scanned ones are recorded in `unplaced` instead."""

    part: str
    scanned: int
    captured: int
    unplaced: int = 0

    @property
    def complete(self) -> bool:
        """Whether every scanned number was captured (and nothing more)."""
        return self.scanned == self.captured

    @property
    def accounted(self) -> bool:
        """Whether every scanned number was captured or recorded as unplaced: anything else
        is a number the parsers dropped (or invented) without a word."""
        return self.captured + self.unplaced == self.scanned

    def as_dict(self) -> dict[str, object]:
        """Plain dict for the manifest and the terminal."""
        return {**asdict(self), "complete": self.complete}


def table_cells(parsed: ParsedDocument) -> Coverage:
    """Table amounts by a plain scan, against line items and the tables' unplaced amounts."""
    folded = folded_cells(parsed.document)
    scanned = sum(
        len(table_amounts(folded, block.span.start, block.span.end))
        for block in parsed.layout.tables.values()
    )
    unplaced = sum(
        1
        for row in parsed.records["unplaced"]
        if row["part"] == "tables" and row["figure"] is not None
    )
    return Coverage("table cells", scanned, len(parsed.records["line_items"]), unplaced)


@cache
def _clause(wording: Wording) -> re.Pattern[str]:
    """A year-on-year clause as the edition words it, on folded text (spaces allowed)."""
    way = "|".join(map(re.escape, (*wording.more, *wording.less)))
    same = "|".join(map(re.escape, wording.unchanged))
    return re.compile(
        rf"(?:{way})\s*{NUMBER}\s*万元\s*,?\s*\S{{0,12}}?(?:{way})\s*{NUMBER}\s*%"
        rf"|{same}"
    )


def yoy_clauses(parsed: ParsedDocument) -> Coverage:
    """Year-on-year clauses of the narrative by a plain scan, against the change rows; a
    clause on a line whose unread sentence is in `unplaced` counts as unplaced."""
    folded = folded_cells(parsed.document)
    wording = parsed.layout.template.wording
    words = wording.change_words
    pattern = _clause(wording)
    scanned: Counter[int] = Counter()
    for number in parsed.layout.narrative.numbers():
        text = folded[number - 1]
        if any(word in text for word in words):
            scanned[number] += len(pattern.findall(text))
    captured = Counter(row["line"] for row in parsed.records["narrative_changes"])
    gaps = {row["line"] for row in parsed.records["unplaced"] if row["part"] == "narrative"}
    unplaced = sum(
        n - captured[line] for line, n in scanned.items() if line in gaps and n > captured[line]
    )
    return Coverage(
        "year-on-year sentences", sum(scanned.values()), sum(captured.values()), unplaced
    )


def narrative_numbers(parsed: ParsedDocument) -> Coverage:
    """Narrative numbers before a unit by a plain scan, against the numbers the kept rows
    stand on and the numbers of the sentences not read (`unplaced`)."""
    doc, layout = parsed.document, parsed.layout
    lines = narrative_lines(doc, layout)
    texts = {item.line: item.text for item in lines}
    scanned = Counter(
        (item.line, match.group())
        for item in lines
        for match in _NARRATIVE_NUMBER.finditer(item.text)
    )
    reading = narrative_reading(doc, layout)
    placed: Counter[tuple[int, str]] = Counter()
    for line, start in reading.placed:
        match = _LOOSE.match(texts[line], start)
        if match:
            placed[(line, match.group())] += 1
    unplaced = Counter(
        (row["line"], _LOOSE.match(row["figure"]).group())  # type: ignore
        for row in reading.unplaced
        if row["figure"] is not None
    )
    captured = sum((scanned & placed).values())
    return Coverage(
        "narrative numbers",
        sum(scanned.values()),
        captured,
        sum((scanned & unplaced).values()) if unplaced else 0,
    )


def coverage(parsed: ParsedDocument) -> list[Coverage]:
    """Coverage of the tables, the narrative's year-on-year sentences and its numbers."""
    return [table_cells(parsed), yoy_clauses(parsed), narrative_numbers(parsed)]
