"""Row dicts → typed frames: the fast paths read the same values and fail the same way.

`tidy` builds Decimal columns from their text and reads each document's rows into columns
as soon as it is parsed; these tests compare both with the plain Polars construction
from row dicts (what `pl.DataFrame(..., strict=True)` does) on values chosen to differ if
a shortcut rounded, dropped or accepted something the plain path does not.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.ingest import _columns_of, _frames_of_columns
from pipeline.schema import schema_of
from pipeline.tidy import columns_frame, document_columns, documents_frame, to_frame

STAMP = {"unit": "合成单位（synthetic）", "year": 2024, "kind": "budget", "source": "a.txt"}

DECIMALS = [
    Decimal("1.5"),
    Decimal("2E+1"),
    Decimal("-0.00"),
    Decimal("1.005"),
    Decimal("0.015"),
    Decimal("-2.675"),
    Decimal("1.23456"),
    Decimal("99999.99999"),
    Decimal("1E-7"),
    Decimal("7716.82"),
    None,
]


def plain(table: str, rows: list[dict]) -> pl.DataFrame:
    """The frame as Polars builds it from row dicts, without any of tidy's shortcuts."""
    schema = schema_of(table)
    return pl.DataFrame(
        {n: [r.get(n) for r in rows] for n in schema.names()}, schema=schema, strict=True
    )


def fact(value: object, line: int = 9, **extra: object) -> dict:
    return {
        "topic": "三公",
        "metric": f"m{line}",
        "value": value,
        "value_unit": "万元",
        "line": line,
        **extra,
    }


def test_decimal_columns_round_as_polars_does():
    # facts.value is Decimal(18, 4), line_items.amount Decimal(18, 2): both scales rounded
    rows = [{**fact(v, n), **STAMP} for n, v in enumerate(DECIMALS[:-1], 1)]
    assert to_frame("facts", rows).equals(plain("facts", rows))
    items = [
        {
            **STAMP,
            "table_no": 1,
            "table_title": "t",
            "item": f"i{n}",
            "measure": "m",
            "measure_path": "m",
            "amount": v,
            "line": n,
        }
        for n, v in enumerate(DECIMALS, 1)
    ]
    items[-1]["amount"] = Decimal("3")  # amount may not be null
    assert to_frame("line_items", items).equals(plain("line_items", items))


@pytest.mark.parametrize("bad", [Decimal("1E+30"), 1.5, "x", 7])
def test_a_value_that_does_not_fit_fails_as_polars_fails(bad):
    rows = [{**fact(Decimal("1"), 1), **STAMP}, {**fact(bad, 2), **STAMP}]
    with pytest.raises(Exception) as plain_error:
        plain("facts", rows)
    with pytest.raises(Exception) as tidy_error:
        to_frame("facts", rows)
    assert type(tidy_error.value) is type(plain_error.value)
    assert str(tidy_error.value) == str(plain_error.value)


def test_document_columns_take_the_stamp_and_fill_missing_keys_with_nulls():
    rows = [
        fact(Decimal("1.50"), 3),
        {
            "topic": "x",
            "metric": "y",
            "value": Decimal(2),
            "value_unit": "人",
            "line": 4,
            "unit": "overridden",
        },
    ]
    columns = document_columns("facts", STAMP, rows)
    assert columns.height == 2 and set(columns.columns) == {
        "topic",
        "metric",
        "value",
        "value_unit",
        "line",
        "page",
    }
    frame = columns_frame("facts", [columns])
    assert frame["unit"].to_list() == [STAMP["unit"]] * 2
    assert frame.equals(plain("facts", [{**row, **STAMP} for row in rows]))
    tables = document_columns("tables", STAMP, [{"table_no": 1, "line": 3}])
    assert tables.columns["note"] == [None] and tables.columns["table_title"] == [None]


def test_an_unknown_key_is_an_error_naming_it():
    with pytest.raises(ValueError, match=r"facts: columns not in pipeline.schema: \['bogus'\]"):
        document_columns("facts", STAMP, [fact(Decimal(1)), fact(Decimal(2), 10, bogus=1)])
    with pytest.raises(ValueError, match=r"\['shoe_size'\]"):
        document_columns("facts", {**STAMP, "shoe_size": 9}, [fact(Decimal(1))])


def test_documents_frame_is_the_concatenation_of_each_documents_rows():
    other = {**STAMP, "source": "b.txt", "year": 2023}
    documents = [
        (STAMP, [fact(Decimal("1.25"), 1), fact(None, 2)]),
        (other, []),
        (other, [fact(Decimal("-3"), 5)]),
    ]
    expected = plain("facts", [{**row, **stamp} for stamp, rows in documents for row in rows])
    assert documents_frame("facts", documents).equals(expected)


def test_a_chunk_names_each_document_that_does_not_fit_and_keeps_the_others():
    """A value out of range or a repeated key is the document's fault; a key the schema does
    not know is the parser's (a bug: it raises; see tests/test_hostile_input.py)."""
    good = {"facts": [fact(Decimal("1.25"))]}
    with pytest.raises(ValueError, match=r"\['bogus'\]"):
        _columns_of({**STAMP, "source": "b.txt"}, _records({"facts": [fact(Decimal(1), bogus=2)]}))
    documents = {
        "a.txt": _columns_of(STAMP, _records(good)),
        "c.txt": _columns_of(
            {**STAMP, "source": "c.txt"}, _records({"facts": [fact(Decimal("1E+30"))]})
        ),
        "d.txt": _columns_of(
            {**STAMP, "source": "d.txt"},
            _records({"facts": [fact(Decimal(1), 1), fact(Decimal(2), 2)]}),
        ),
        "e.txt": _columns_of(
            {**STAMP, "source": "e.txt"}, _records({"facts": [fact(Decimal(1)), fact(Decimal(2))]})
        ),
    }
    frames, problems = _frames_of_columns(documents)
    assert sorted(problems) == ["c.txt", "e.txt"]
    assert "decimal[18,4]" in problems["c.txt"]
    assert "primary key" in problems["e.txt"] and "e.txt:9" in problems["e.txt"]
    assert frames["facts"]["source"].to_list() == ["a.txt", "d.txt", "d.txt"]


def _records(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    from pipeline.schema import TABLES

    return {table: tables.get(table, []) for table in TABLES}
