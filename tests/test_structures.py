"""Units with subordinate budget units (issue 9 item 5): a table that groups its rows under
rows naming budget units reads each row with the unit it sits under (`budget_unit`), and its
总计 must equal the sum of the unit rows (`hierarchy.total_eq_sum_of_units`).

The shipped document groups table 11 under its own unit (lines 394–395); the grouped tables
with several units are synthetic (`Structure(subordinates=…)`).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline.errors import ParseError
from pipeline.identities import residuals
from pipeline.parse import parse_document
from pipeline.parse.profile import budget_units
from pipeline.parse.sections import find_layout
from pipeline.reader import RawDocument, read_document
from pipeline.synth.model import Structure, generate_budget
from pipeline.synth.render import render_document, render_lines
from tests.helpers import RAW, edited, ingested

UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"
UNITS_CHECK = "hierarchy.total_eq_sum_of_units"


@pytest.fixture(scope="module")
def real() -> RawDocument:
    return read_document(RAW)


def test_shipped_carryover_rows_sit_under_the_unit_row(real: RawDocument) -> None:
    items = pl.DataFrame(parse_document(real).records["line_items"], infer_schema_length=None)
    grouped = items.filter(pl.col("budget_unit").is_not_null())
    # line 394: the unit's row of table 11; line 395: its one carry-over item
    assert sorted(set(grouped["line"])) == [394, 395]
    assert set(grouped["budget_unit"]) == {UNIT}
    assert set(grouped.filter(pl.col("line") == 394)["item"]) == {UNIT}
    assert set(grouped["table_no"]) == {11}


def test_a_listed_count_the_names_do_not_match_is_an_error(real: RawDocument) -> None:
    doc = edited(real, {66: f"{UNIT}下属预算单位 2 个,分别是:合成下属单位A。"})
    with pytest.raises(ParseError) as error:
        budget_units(doc, find_layout(doc))
    assert error.value.line == 66
    assert "2 unit names" in str(error.value)


def test_the_listed_units_are_the_ones_rows_may_group_under(real: RawDocument) -> None:
    doc = edited(real, {66: f"{UNIT}下属预算单位 2 个,分别是:合成下属单位A、合成下属单位B。"})
    assert budget_units(doc, find_layout(doc)) == {
        UNIT,
        f"{UNIT}本级",
        "合成下属单位A",
        "合成下属单位B",
    }


def test_total_of_a_table_grouped_under_units_is_their_sum(tmp_path: Path) -> None:
    budget = generate_budget(
        random.Random(11),
        "合成测试单位0011（synthetic）",
        2024,
        structure=Structure(subordinates=2),
    )
    text = render_document(budget)
    frames = ingested(tmp_path / "plain", text)
    items = frames["line_items"].filter(pl.col("table_role") == "project_expenditure")
    assert set(items["budget_unit"].drop_nulls()) <= set(budget.budget_units)
    units = residuals(frames).filter(pl.col("check") == UNITS_CHECK)
    assert not units.is_empty() and set(units["status"]) == {"pass"}

    # plant: a subordinate unit's row of table 7, first amount, +1.00: neither its rows
    # (类 under it) nor the table's 总计 (the units' sum) agree with it any more
    unit = next(u for u in budget.subordinates if any(p.budget_unit == u for p in budget.projects))
    line = render_lines(budget).anchors[("row", "project_expenditure", ("unit", unit))]
    lines = text.split("\n")
    cells = lines[line - 1].split("\t")
    first = next(i for i, c in enumerate(cells) if c and c[0].isdigit())
    cells[first] = f"{Decimal(cells[first].replace(',', '')) + 1:.2f}"
    lines[line - 1] = "\t".join(cells)
    planted = residuals(ingested(tmp_path / "planted", "\n".join(lines)))
    failed = planted.filter(pl.col("status") == "fail")
    by_check = {c: set(failed.filter(pl.col("check") == c)["instance"]) for c in failed["check"]}
    # the row is also its table's 合计 = Σ economic columns: that check sees it too
    assert by_check == {
        UNITS_CHECK: {"表7 总计 项目支出合计"},
        "hierarchy.total_eq_sum_of_classes": {f"表7 {unit} 总计 项目支出合计"},
        "rows.project_expenditure.project_eq_economic": {unit},
    }
    assert line in set(failed["line"])
