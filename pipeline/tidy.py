"""Row records from the parsers → typed Polars frames, one per clean table.

The parsers return plain dicts with Python `Decimal`s; this is the one place where they
become typed columns, strictly: a value that does not fit its column is an error, never a
silent null.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from pipeline.schema import COLUMNS, TABLES, empty_frame, schema_of


def to_frame(table: str, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Build the clean table `table` from row dicts, in schema order, strictly typed.

    >>> from decimal import Decimal
    >>> rows = [{"unit": "u", "year": 2024, "topic": "三公", "metric": "合计",
    ...          "value": Decimal("31.50"), "value_unit": "万元", "source": "a.txt", "line": 9}]
    >>> to_frame("facts", rows)["value"].to_list()
    [Decimal('31.5000')]
    """
    rows = list(rows)
    if not rows:
        return empty_frame(table)
    schema = schema_of(table)
    unknown = set().union(*(r.keys() for r in rows)) - set(schema.names())
    if unknown:
        raise ValueError(f"{table}: columns not in pipeline.schema: {sorted(unknown)}")
    return pl.DataFrame(rows, schema=schema, strict=True)


def check_keys(table: str, frame: pl.DataFrame) -> None:
    """Raise if the table's primary key is not unique or a non-null column holds nulls."""
    for name in TABLES[table].columns:
        if not COLUMNS[name].nullable and frame[name].null_count():
            row = frame.filter(pl.col(name).is_null()).row(0, named=True)
            raise ValueError(f"{row['source']}:{row['line']}: {table}.{name} is missing")
    key = list(TABLES[table].primary_key)
    dupes = frame.filter(frame.select(key).is_duplicated())
    if dupes.height:
        first = dupes.row(0, named=True)
        raise ValueError(f"{table}: primary key {key} repeats, e.g. {first['source']}:"
                         f"{first['line']} {[first[k] for k in key]}")
