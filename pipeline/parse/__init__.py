"""Text → records: one raw document cut into its parts and every number placed in a row.

`detect` tells which edition of the template a document follows.  Each part has its own
module with one `parse_<part>(doc, layout)` function returning `{clean table name: [row
dicts]}`; this module runs them all and stamps every row with the document's unit, year
and source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.parse.detect import detect
from pipeline.parse.facts import parse_facts
from pipeline.parse.narrative import parse_narrative
from pipeline.parse.performance import parse_performance
from pipeline.parse.profile import parse_profile
from pipeline.parse.projects import parse_projects
from pipeline.parse.sections import Layout, find_layout
from pipeline.parse.tables import parse_tables
from pipeline.reader import RawDocument
from pipeline.schema import TABLES
from pipeline.template import Template

__all__ = ["PARSERS", "ParsedDocument", "Records", "detect", "parse_document", "stamp_of"]

Records = dict[str, list[dict]]
Parser = Callable[[RawDocument, Layout], Records]

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
    """A document's layout and its rows for every clean table."""

    layout: Layout
    records: Records


def parse_document(doc: RawDocument, stamp: bool = True,
                   template: Template | None = None) -> ParsedDocument:
    """Parse every part of one document by its edition; raises ParseError naming file and
    line.

    The edition is detected from the document's cover and contents (`detect`) unless
    `template` names it.

    With `stamp=False` the rows lack `unit`, `year`, `kind` and `source`, which `stamp_of`
    gives for the whole document (ingest adds them as whole columns instead of to every row).
    """
    layout = find_layout(doc, template)
    records: Records = {name: [] for name in TABLES}
    stamps = stamp_of(doc, layout)
    for parser in PARSERS:
        for table, rows in parser(doc, layout).items():
            if stamp:
                records[table].extend({**row, **stamps} for row in rows)
            else:
                records[table].extend(rows)
    return ParsedDocument(layout, records)


def stamp_of(doc: RawDocument, layout: Layout) -> dict[str, object]:
    """The `unit`, `year`, `kind` and `source` every row of a document carries."""
    return {"unit": layout.unit, "year": layout.year, "kind": layout.template.kind,
            "source": doc.source}
