"""Text → records: one raw document cut into its parts and every number placed in a row.

`detect` tells which edition of the template a document follows.  Each part has its own
module with one `parse_<part>(doc, layout, strict)` function returning `{clean table name:
[row dicts]}`; this module runs them all and stamps every row with the document's unit, year
and source.  A piece a parser cannot read (a table, a sentence, a project block …) is
recorded in `unplaced` and the rest still lands, the document `partial`
(`pipeline.parse.gaps`); a layout that cannot be found at all rejects the document.
Page-number lines an extraction leaves (`— 5 —`, `第 5 页 共 30 页`, a bare number) are
blanked first (`pipeline.parse.pages`), line numbers unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.parse.detect import detect
from pipeline.parse.pages import without_page_numbers
from pipeline.parse.performance import parse_performance
from pipeline.parse.profile import parse_profile
from pipeline.parse.projects import parse_projects
from pipeline.parse.sections import Layout, find_layout
from pipeline.parse.sentences import parse_facts, parse_narrative
from pipeline.parse.tables import parse_tables
from pipeline.reader import RawDocument
from pipeline.schema import TABLES
from pipeline.template import Template

__all__ = ["PARSERS", "ParsedDocument", "Records", "detect", "parse_document", "stamp_of"]

Records = dict[str, list[dict]]
Parser = Callable[[RawDocument, Layout, bool], Records]

PARSERS: tuple[Parser, ...] = (
    parse_profile,
    parse_tables,
    parse_narrative,
    parse_facts,
    parse_projects,
    parse_performance,
)


@dataclass(frozen=True)
class ParsedDocument:
    """A document's layout and its rows for every clean table; `document` is the text they
    were read from (page-number lines blanked), for whatever reads it again (coverage)."""

    layout: Layout
    records: Records
    document: RawDocument

    @property
    def partial(self) -> bool:
        """Whether some piece could not be read (its numbers are in `unplaced`)."""
        return bool(self.records["unplaced"])


def parse_document(
    doc: RawDocument, stamp: bool = True, template: Template | None = None, strict: bool = False
) -> ParsedDocument:
    """Parse every part of one document by its edition; raises ParseError naming file and
    line when its layout cannot be found.

    The edition is detected from the document's cover and contents (`detect`) unless
    `template` names it.  A piece that cannot be read goes to `unplaced` and the document's
    `status` is `partial`; with `strict` it raises instead (the first such piece).

    With `stamp=False` the rows lack `unit`, `year`, `kind` and `source`, which `stamp_of`
    gives for the whole document (ingest adds them as whole columns instead of to every row).
    """
    doc = without_page_numbers(doc)
    layout = find_layout(doc, template)
    records: Records = {name: [] for name in TABLES}
    stamps = stamp_of(doc, layout)
    for parser in PARSERS:
        for table, rows in parser(doc, layout, strict).items():
            if stamp:
                records[table].extend({**row, **stamps} for row in rows)
            else:
                records[table].extend(rows)
    if records["unplaced"]:
        records["documents"][0]["status"] = "partial"
    return ParsedDocument(layout, records, doc)


def stamp_of(doc: RawDocument, layout: Layout) -> dict[str, object]:
    """The `unit`, `year`, `kind` and `source` every row of a document carries."""
    return {
        "unit": layout.unit,
        "year": layout.year,
        "kind": layout.template.kind,
        "source": doc.source,
    }
