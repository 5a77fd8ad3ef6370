"""Row records from the parsers → typed Polars frames, one per clean table.

The parsers return plain dicts with Python `Decimal`s; this is the one place where they
become typed columns, strictly: a value that does not fit its column is an error, never a
silent null.  Ingest builds one frame per table for a whole chunk of documents (building
frames per document costs more than parsing them) and checks keys per document within it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from operator import itemgetter

import polars as pl

from pipeline.schema import COLUMNS, TABLES, empty_frame, schema_of
from pipeline.units import short_name, unit_id


def to_frame(table: str, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Build the clean table `table` from row dicts, in schema order, strictly typed: the
    ingest's own path (`documents_frame`) for rows that share no stamp.

    Missing keys are nulls; a key that is not a column of the table is an error.

    >>> from decimal import Decimal
    >>> rows = [{"unit": "u", "year": 2024, "topic": "三公", "metric": "合计",
    ...          "value": Decimal("31.50"), "value_unit": "万元", "source": "a.txt", "line": 9}]
    >>> to_frame("facts", rows)["value"].to_list()
    [Decimal('31.5000')]
    """
    return documents_frame(table, [({}, list(rows))])  # one document, nothing shared


def documents_frame(
    table: str, documents: Sequence[tuple[Mapping[str, object], Sequence[Mapping]]]
) -> pl.DataFrame:
    """`to_frame` for the rows of several documents, each given with its stamp.

    A stamp holds the columns every row of its document shares (`unit`, `year`, `source`);
    they become whole columns, overriding any such key of a row, as if each row had been
    `{**row, **stamp}`.

    >>> from decimal import Decimal
    >>> row = {"topic": "三公", "metric": "合计", "value": Decimal("31.50"),
    ...        "value_unit": "万元", "line": 9}
    >>> stamp = {"unit": "u", "year": 2024, "source": "a.txt"}
    >>> documents_frame("facts", [(stamp, [row])])["unit"].to_list()
    ['u']
    """
    documents = [(stamp, rows) for stamp, rows in documents if rows]
    if not documents:
        return empty_frame(table)
    known = _names(table)[1]
    stamped = set().union(*(stamp.keys() for stamp, _ in documents))
    unknown = set().union(*(row for _, rows in documents for row in rows), stamped) - known
    if unknown:
        raise ValueError(f"{table}: columns not in pipeline.schema: {sorted(unknown)}")
    return columns_frame(table, [document_columns(table, stamp, rows) for stamp, rows in documents])


@dataclass(frozen=True)
class DocumentColumns:
    """One document's rows of one clean table as column lists, with the stamp they share.

    Ingest turns each document's row dicts into these as soon as it is parsed, while the
    rows are still in the CPU's cache: reading a chunk's row dicts field by field after the
    whole chunk is parsed costs two to three times as much.
    """

    stamp: Mapping[str, object]
    columns: dict[str, list]  # every column of the table that the stamp does not hold
    height: int


@cache
def _names(table: str) -> tuple[tuple[str, ...], frozenset[str]]:
    names = tuple(schema_of(table).names())
    return names, frozenset(names)


def document_columns(
    table: str, stamp: Mapping[str, object], rows: Sequence[Mapping]
) -> DocumentColumns:
    """One document's rows of `table` as columns; the stamp's columns override the rows'.

    A key that is not a column of the table is an error; a missing key is a null.

    >>> stamp = {"unit": "u", "year": 2024, "source": "a.txt"}
    >>> document_columns("tables", stamp, [{"table_no": 1, "line": 3}]).columns["note"]
    [None]
    """
    names, known = _names(table)
    fields = [name for name in names if name not in stamp]
    columns: dict[str, list] | None
    try:  # the parsers' rows hold every field: read them directly
        columns = {name: list(map(itemgetter(name), rows)) for name in fields}
    except KeyError:
        columns = None
    exact = columns is not None and set(map(len, rows)) <= {len(fields)}
    if not exact or not known.issuperset(stamp):  # a row with other keys than the fields
        unknown = set().union(*rows, stamp) - known
        if unknown:
            raise ValueError(f"{table}: columns not in pipeline.schema: {sorted(unknown)}")
    if columns is None:
        columns = {name: [row.get(name) for row in rows] for name in fields}
    return DocumentColumns(stamp, columns, len(rows))


def columns_frame(table: str, documents: Sequence[DocumentColumns]) -> pl.DataFrame:
    """The typed frame of several documents' columns (see `document_columns`), in order."""
    documents = [document for document in documents if document.height]
    if not documents:
        return empty_frame(table)
    schema = schema_of(table)
    columns: dict[str, list] = {}
    for name in schema.names():
        column: list = []
        for document in documents:
            if name in document.stamp:
                column += [document.stamp[name]] * document.height
            else:
                column += document.columns[name]
        columns[name] = column
    return _frame(columns, schema)


DERIVED: dict[str, Callable[[str], str]] = {"unit_id": unit_id, "unit_short": short_name}
"""Columns computed from `unit` (pipeline.units) when the rows do not give them."""


def _frame(columns: dict[str, list], schema: pl.Schema) -> pl.DataFrame:
    """The frame of column lists (in schema order), each strictly typed by `_column`."""
    for name, derive in DERIVED.items():
        if name in columns and all(value is None for value in columns[name]):
            columns[name] = [None if unit is None else derive(unit) for unit in columns["unit"]]
    return pl.DataFrame([_column(name, columns[name], dtype) for name, dtype in schema.items()])


_DECIMAL_OR_NULL = frozenset({Decimal, type(None)})


def _column(name: str, values: list, dtype: pl.DataType) -> pl.Series:
    """One column of `values`, strictly of type `dtype`.

    Decimal objects cost Polars ten to a hundred times more to convert than their text
    (bench/NOTES.md): a column of Decimals (and nulls) is built as text and cast, which
    reads every value exactly as the Decimal path does (the same rounding to the column's
    scale).  Anything that cast rejects (a value out of range, NaN) is built the Decimal way
    instead, so that it fails, or not, with the same error as ever.

    >>> from decimal import Decimal
    >>> _column("v", [Decimal("1.5"), None, Decimal("2E+1")], pl.Decimal(18, 2)).to_list()
    [Decimal('1.50'), None, Decimal('20.00')]
    """
    if isinstance(dtype, pl.Decimal):
        types = set(map(type, values))
        if types <= _DECIMAL_OR_NULL:
            texts = (
                list(map(str, values))
                if type(None) not in types
                else [None if value is None else str(value) for value in values]
            )
            try:
                return pl.Series(name, texts, pl.String).cast(dtype, strict=True)
            except pl.exceptions.PolarsError:
                pass
    return pl.Series(name, values, dtype, strict=True)


def key_problems(table: str, frame: pl.DataFrame) -> dict[str, str]:
    """Per source document, the first missing required value or repeated primary key.

    The primary key is checked within each source; documents of the same unit-year are
    the ingest's concern.  Documents without a problem are absent from the result.

    >>> from decimal import Decimal
    >>> row = {"unit": "u", "year": 2024, "kind": "budget", "topic": "三公", "metric": "合计",
    ...        "value": Decimal(1), "value_unit": "万元", "source": "a.txt", "line": 9}
    >>> problems = key_problems("facts", to_frame("facts", [row, {**row, "line": 10}]))
    >>> problems["a.txt"].split(" repeats")[1]
    ", e.g. a.txt:9 ['u', 2024, 'budget', '三公', '合计']"
    """
    problems: dict[str, str] = {}
    for name in TABLES[table].columns:
        if COLUMNS[name].nullable or not frame[name].null_count():
            continue
        missing = frame.filter(pl.col(name).is_null()).unique(
            "source", keep="first", maintain_order=True
        )
        for row in missing.iter_rows(named=True):
            problems.setdefault(
                row["source"], f"{row['source']}:{row['line']}: {table}.{name} is missing"
            )
    key = list(TABLES[table].primary_key)
    duplicated = frame.select([*key, "source"]).is_duplicated()
    if not duplicated.any():  # the usual case: no frame to filter
        return problems
    repeated = frame.filter(duplicated)
    for row in repeated.unique("source", keep="first", maintain_order=True).iter_rows(named=True):
        problems.setdefault(
            row["source"],
            f"{table}: primary key {key} repeats, e.g. {row['source']}:"
            f"{row['line']} {[row[k] for k in key]}",
        )
    return problems


def check_keys(table: str, frame: pl.DataFrame) -> None:
    """Raise with the first of `key_problems` (the ingest's own check) if there is one."""
    problems = key_problems(table, frame)
    if problems:
        raise ValueError(next(iter(problems.values())))
