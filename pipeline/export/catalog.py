"""What an export holds: clean tables and views, each with its columns described.

The descriptions, types, units and keys come from `pipeline.schema` (tables) and
`pipeline.views` (views), the same definitions the data dictionary is generated from, so
an export's labels (Stata variable labels, the xlsx dictionary sheet, DuckDB comments, the
Data Package schema) never drift from the dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from pipeline.schema import COLUMNS, TABLES, Column
from pipeline.views import VIEWS

__all__ = ["Item", "dictionary_frame", "item_of"]


@dataclass(frozen=True)
class Item:
    """One table or view to export: its rows and what each column means."""

    name: str
    kind: str  # "table" or "view"
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    frame: pl.DataFrame


def item_of(name: str, frame: pl.DataFrame) -> Item:
    """The export item for a clean table or a view named `name` holding `frame`."""
    if name in TABLES:
        table = TABLES[name]
        return Item(
            name,
            "table",
            table.description,
            tuple(COLUMNS[c] for c in table.columns),
            table.primary_key,
            frame,
        )
    view = VIEWS[name]
    columns = tuple(
        replace(c, nullable=False) if c.name in view.key else c for c in view.columns
    )  # a view's key is never null
    return Item(name, "view", f"{view.row} {view.no_double_count}", columns, view.key, frame)


def dictionary_frame(items: list[Item]) -> pl.DataFrame:
    """One row per exported column: item, kind, column, type, unit, nullable, description.

    >>> from pipeline.schema import empty_frame
    >>> dictionary_frame([item_of("facts", empty_frame("facts"))])["column"].to_list()[:3]
    ['unit', 'year', 'kind']
    """
    rows = [
        {
            "item": item.name,
            "kind": item.kind,
            "column": c.name,
            "type": str(c.dtype),
            "unit": c.unit,
            "nullable": c.nullable,
            "in_key": c.name in item.key,
            "description": c.description,
        }
        for item in items
        for c in item.columns
    ]
    return pl.DataFrame(
        rows,
        schema={
            "item": pl.String,
            "kind": pl.String,
            "column": pl.String,
            "type": pl.String,
            "unit": pl.String,
            "nullable": pl.Boolean,
            "in_key": pl.Boolean,
            "description": pl.String,
        },
    )
