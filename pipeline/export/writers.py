"""One writer per export format; each writes files into a (staging) folder and returns them.

- csv: `<name>.csv` in UTF-8 with a BOM (Excel then shows Chinese right), amounts as their
  exact decimal text, empty cells for nulls; `data_dictionary.csv` beside them.
- xlsx: `kashgar-budgets.xlsx`, one sheet per table or view plus `data_dictionary`; amounts
  are numbers (Excel holds doubles: exact to the cent for any budget figure) shown with
  their decimals.
- dta: `<name>.dta`, Stata 14+ (format 118: Unicode text intact), amounts as doubles,
  variable labels from the dictionary (cut to Stata's 80 characters), text longer than
  2,045 bytes as strL; a missing text is "" and integer columns holding nulls become
  doubles (Stata's missing values).
- duckdb: `kashgar-budgets.duckdb`, every table and view as a table with the dictionary as
  comments, plus `data_dictionary`.
- datapackage: `datapackage.json` (Frictionless Data Package v1, from the dictionary: field
  types, descriptions, required fields, primary keys) and `data/<name>.csv` (UTF-8).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import polars.selectors as cs

from pipeline.export.catalog import Item, dictionary_frame

__all__ = ["WRITERS", "ExportError"]

WORKBOOK = "kashgar-budgets.xlsx"
DATABASE = "kashgar-budgets.duckdb"
DICTIONARY = "data_dictionary"
EXCEL_ROWS = 1_048_576
EXCEL_TEXT = 32_767
STATA_LABEL = 80
STATA_STR = 2045


class ExportError(ValueError):
    """An export the format cannot hold (too many rows for Excel, too long a cell …)."""


def write_csv(items: list[Item], folder: Path) -> list[Path]:
    """`<name>.csv` per item and `data_dictionary.csv`, UTF-8 with BOM."""
    written = []
    for name, frame in [*((i.name, i.frame) for i in items), (DICTIONARY, dictionary_frame(items))]:
        path = folder / f"{name}.csv"
        frame.write_csv(path, include_bom=True)
        written.append(path)
    return written


def _excel_width(frame: pl.DataFrame, column: str) -> int:
    sample = frame[column].head(200).cast(pl.String).str.len_chars().max() if frame.height else 0
    return max(8, min(50, max(len(column), int(sample or 0)) + 2))


def write_xlsx(items: list[Item], folder: Path) -> list[Path]:
    """One workbook: a sheet per item (header frozen) and a `data_dictionary` sheet."""
    import xlsxwriter

    for item in items:
        if item.frame.height + 1 > EXCEL_ROWS:
            raise ExportError(
                f"{item.name}: {item.frame.height:,} rows do not fit an Excel sheet "
                f"({EXCEL_ROWS - 1:,} at most); export csv, dta or duckdb, or fewer "
                "units/years (--unit, --year)"
            )
    path = folder / WORKBOOK
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        bold = book.add_format({"bold": True})
        formats = {
            2: book.add_format({"num_format": "0.00"}),
            4: book.add_format({"num_format": "0.0000"}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        }
        for name, frame in [
            *((i.name, i.frame) for i in items),
            (DICTIONARY, dictionary_frame(items)),
        ]:
            _sheet(book, name, frame, bold, formats)
    finally:
        book.close()
    return [path]


def _sheet(book, name: str, frame: pl.DataFrame, bold, formats) -> None:
    sheet = book.add_worksheet(name[:31])
    sheet.freeze_panes(1, 0)
    styles = []
    for index, (column, dtype) in enumerate(frame.schema.items()):
        style = (
            formats[dtype.scale]
            if isinstance(dtype, pl.Decimal) and dtype.scale in formats
            else formats["date"]
            if dtype == pl.Date
            else None
        )
        styles.append(style)
        sheet.set_column(index, index, _excel_width(frame, column), style)
        sheet.write_string(0, index, column, bold)
    floats = frame.with_columns(cs.decimal().cast(pl.Float64))
    for row_no, row in enumerate(floats.iter_rows(), start=1):
        for col_no, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                if len(value) > EXCEL_TEXT:
                    raise ExportError(
                        f"{name}, row {row_no}, column {frame.columns[col_no]}: "
                        f"{len(value):,} characters do not fit an Excel cell "
                        f"({EXCEL_TEXT:,}); export csv, dta or duckdb"
                    )
                sheet.write_string(row_no, col_no, value)
            elif styles[col_no] is formats["date"]:
                sheet.write_datetime(row_no, col_no, value, styles[col_no])
            else:
                sheet.write(row_no, col_no, value, styles[col_no])


def _stata_frame(item: Item):
    """The item as a pandas frame Stata 118 accepts: Decimals as doubles, text as str, a
    missing text as "" (Stata's missing string; pandas refuses an all-null text column)."""
    frame = item.frame.with_columns(cs.decimal().cast(pl.Float64), cs.string().fill_null(""))
    return frame.to_pandas()


def write_dta(items: list[Item], folder: Path) -> list[Path]:
    """`<name>.dta` per item, Stata format 118, with variable and dataset labels."""
    written = []
    for item in items:
        pandas_frame = _stata_frame(item)
        labels = {
            c.name: _label(c.description + (f" ({c.unit})" if c.unit else "")) for c in item.columns
        }
        long_text = [
            c
            for c, dtype in item.frame.schema.items()
            if dtype == pl.String and (item.frame[c].str.len_bytes().max() or 0) > STATA_STR
        ]
        dates = {c: "td" for c, dtype in item.frame.schema.items() if dtype == pl.Date}
        path = folder / f"{item.name}.dta"
        pandas_frame.to_stata(
            path,
            write_index=False,
            version=118,
            convert_dates=dates,
            variable_labels=labels,
            data_label=_label(item.description),
            convert_strl=long_text,
        )
        written.append(path)
    return written


def _label(text: str) -> str:
    """Text cut to Stata's 80-character label limit, marked with … when cut.

    >>> _label("x" * 100)[-3:], len(_label("x" * 100))
    ('xx…', 80)
    """
    return text if len(text) <= STATA_LABEL else text[: STATA_LABEL - 1] + "…"


def write_duckdb(items: list[Item], folder: Path) -> list[Path]:
    """One DuckDB database: every item as a table, described with COMMENT ON."""
    import duckdb

    path = folder / DATABASE
    with duckdb.connect(str(path)) as db:
        for name, frame, description, columns in [
            *((i.name, i.frame, i.description, i.columns) for i in items),
            (DICTIONARY, dictionary_frame(items), "Every exported column described", ()),
        ]:
            arrow = frame.to_arrow()  # noqa: F841 - read by name in the SQL below
            db.execute(f'create table "{name}" as select * from arrow')
            db.execute(f'comment on table "{name}" is {_sql_text(description)}')
            for column in columns:
                text = column.description + (f" ({column.unit})" if column.unit else "")
                db.execute(f'comment on column "{name}"."{column.name}" is {_sql_text(text)}')
    return [path]


def _sql_text(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters).

    >>> _sql_text("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"


_FRICTIONLESS_TYPES = {pl.String: "string", pl.Date: "date", pl.Boolean: "boolean"}


def _field(column, dtype: pl.DataType) -> dict:
    if isinstance(dtype, pl.Decimal):
        kind = "number"
    elif dtype.is_integer():
        kind = "integer"
    else:
        kind = _FRICTIONLESS_TYPES.get(dtype.base_type(), "string")  # type: ignore[arg-type]
    field: dict = {"name": column.name, "type": kind, "description": column.description}
    if column.unit:
        field["unit"] = column.unit
    if not column.nullable:
        field["constraints"] = {"required": True}
    return field


def write_datapackage(items: list[Item], folder: Path) -> list[Path]:
    """`datapackage.json` and `data/<name>.csv` (UTF-8, no BOM, as the standard asks)."""
    data = folder / "data"
    data.mkdir()
    resources = []
    for item in items:
        path = data / f"{item.name}.csv"
        item.frame.write_csv(path)
        schema: dict = {
            "fields": [_field(c, item.frame.schema[c.name]) for c in item.columns],
            "missingValues": [""],
        }
        if all(not c.nullable for c in item.columns if c.name in item.key):
            schema["primaryKey"] = list(item.key)  # a key with null parts is not a primary key
        resources.append(
            {
                "name": item.name.replace("_", "-"),
                "path": f"data/{path.name}",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": item.description,
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "kashgar-budgets",
        "title": "Unit budget disclosures (单位预算公开), clean tables and views",
        "description": "Exported by `budget export` from the clean Parquet tables; "
        "amounts in 万元, exact decimals.",
        "resources": resources,
    }
    path = folder / "datapackage.json"
    path.write_text(
        json.dumps(package, ensure_ascii=False, indent=1, default=_json), encoding="utf-8"
    )
    return [path, *sorted(data.iterdir())]


def _json(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON: {value!r}")


WRITERS = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "dta": write_dta,
    "duckdb": write_duckdb,
    "datapackage": write_datapackage,
}
