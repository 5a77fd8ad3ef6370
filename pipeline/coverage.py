"""Coverage: numbers captured against numbers a plain scan of the text finds.

The scan is deliberately independent of the parsers: every table cell printed as an amount
(digits with two decimals) and every year-on-year clause ("增加/减少 X 万元，增长/下降 Y%") of
the narrative.  A parser that drops a number shows up here as less than 100%.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from pipeline.parse import ParsedDocument
from pipeline.parse.narrative_text import narrative_numbers
from pipeline.parse.sections import folded_cells
from pipeline.reader import RawDocument
from pipeline.text import NUMBER

_TABLE_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}$")
_YOY_CLAUSE = re.compile(rf"(?:增加|减少)\s*{NUMBER}\s*万元\s*,?\s*(?:增长|下降)\s*{NUMBER}\s*%")


@dataclass(frozen=True)
class Coverage:
    """Scanned vs captured numbers for one part of one document."""

    part: str
    scanned: int
    captured: int

    @property
    def complete(self) -> bool:
        """Whether every scanned number was captured (and nothing more)."""
        return self.scanned == self.captured

    def as_dict(self) -> dict[str, object]:
        """Plain dict for the manifest and the terminal."""
        return {**asdict(self), "complete": self.complete}


def table_cells(doc: RawDocument, parsed: ParsedDocument) -> int:
    """Count the cells of tables 1–11 printed as amounts, by a plain scan of the text."""
    folded = folded_cells(doc)
    # every cell of every table line, split at once (a line end separates cells too)
    cells = "\t".join("\t".join(folded[block.span.start - 1:block.span.end - 1])
                      for block in parsed.layout.tables.values()).split("\t")
    # an amount has a decimal point: other cells (blank, names, codes) are not tried
    return sum(1 for cell in [cell for cell in cells if "." in cell]
               if _TABLE_AMOUNT.match(cell.strip()))


def yoy_clauses(doc: RawDocument, parsed: ParsedDocument) -> int:
    """Count the year-on-year clauses of the narrative by a plain scan of the text."""
    folded = folded_cells(doc)
    return sum(len(_YOY_CLAUSE.findall(folded[n - 1])) for n in parsed.layout.narrative.numbers()
               if "%" in folded[n - 1])  # a clause ends in '%': other lines hold none


def coverage(doc: RawDocument, parsed: ParsedDocument) -> list[Coverage]:
    """Coverage of the tables, the narrative's year-on-year sentences and its numbers.

    Narrative numbers (amounts, shares, counts outside section 七 and the performance
    tables) are placed by position in their line; `parse_facts` raises on any it cannot
    place, so a parsed document has captured all it scanned.
    """
    numbers = len(narrative_numbers(doc, parsed.layout))
    return [
        Coverage("table cells", table_cells(doc, parsed), len(parsed.records["line_items"])),
        Coverage("year-on-year sentences", yoy_clauses(doc, parsed),
                 len(parsed.records["narrative_changes"])),
        Coverage("narrative numbers", numbers, numbers),
    ]
