"""Tiny hand-made clean frames for the analysis tests (schema-typed through pipeline.tidy)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.template import DEFAULT_TEMPLATE
from pipeline.tidy import to_frame

UNIT = "合成单位（synthetic）"
YEAR = 2024


def _rows(rows: list[dict], unit: str, year: int) -> list[dict]:
    out = []
    for number, row in enumerate(rows, start=1):
        row = {
            "unit": unit,
            "year": year,
            "kind": "budget",
            "source": f"{unit}.txt",
            "line": number,
            **row,
        }
        for key, value in row.items():
            if key in {
                "amount",
                "change",
                "change_pct",
                "prior_amount",
                "value",
                "share_pct",
                "target_value",
                "quantity",
            } and isinstance(value, str | int):
                row[key] = Decimal(str(value))
        out.append(row)
    return out


def frame(table: str, rows: list[dict], unit: str = UNIT, year: int = YEAR) -> pl.DataFrame:
    """A clean table from short row dicts: unit, year, source and line filled in."""
    return to_frame(table, _rows(rows, unit, year))


def li(table_no: int, item: str, measure: str, amount: str, **extra) -> dict:
    """One line_items cell of the table printed as 表`table_no` in the 2024 edition."""
    return {
        "table_no": table_no,
        "table_role": DEFAULT_TEMPLATE.table_numbered(table_no).role,
        "table_title": f"表{table_no}",
        "item": item,
        "measure": measure,
        "measure_path": measure,
        "amount": amount,
        **extra,
    }


def functional(table_no: int, code: str, item: str, measure: str, amount: str) -> dict:
    return li(
        table_no,
        item,
        measure,
        amount,
        code=code,
        level={3: 1, 5: 2, 7: 3}[len(code)],
        classification="functional",
    )


def change(
    subject: str,
    amount: str,
    change_: str,
    pct: str,
    section: str = "五",
    code: str | None = None,
    reason: str | None = None,
) -> dict:
    prior = Decimal(amount) - Decimal(change_)
    return {
        "section": section,
        "section_role": DEFAULT_TEMPLATE.section_role(section),
        "subject": subject,
        "code": code,
        "amount": amount,
        "change": change_,
        "change_pct": pct,
        "prior_amount": prior,
        "reason": reason,
    }


def fact(topic: str, metric: str, value: str, value_unit: str = "万元") -> dict:
    return {"topic": topic, "metric": metric, "value": value, "value_unit": value_unit}
