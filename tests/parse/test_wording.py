"""Wording real documents of this family use (issue 9 item 3) reads to the same figures as
the plain form: the shipped document with its words replaced, parsed in full, gives the
same records as the shipped document itself (the synthetic round trips draw the same words
at random: `RenderVariant(wording=True)`).

Line numbers cite data/raw/kashgar-admin-office_2024_budget.txt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest

from pipeline.parse import parse_document
from pipeline.reader import RawDocument
from tests.helpers import edited

NARRATIVE = range(397, 947)
"""第三部分 (the narrative): lines 397–946."""
TABLES = range(100, 397)
"""第二部分 (the tables): lines 100–396."""
READ = (
    "documents",
    "facts",
    "narrative_changes",
    "narrative_shares",
    "line_items",
    "projects",
    "project_allocations",
)


def reworded(real: RawDocument, change: Callable[[str], str], lines: Iterable[int]) -> RawDocument:
    """The shipped document with `change` applied to `lines`; at least one line differs."""
    doc = edited(real, {n: change(real.lines[n - 1]) for n in lines})
    assert doc.lines != real.lines, "the substitution changed nothing"
    return doc


@pytest.fixture(scope="module")
def plain(real: RawDocument) -> dict[str, list[dict]]:
    return parse_document(real, stamp=False).records


def assert_same_figures(doc: RawDocument, plain: dict[str, list[dict]]) -> None:
    records = parse_document(doc, stamp=False).records
    assert records["unplaced"] == []
    for table in READ:
        assert records[table] == plain[table], table


@pytest.mark.parametrize("lead", ["比上年", "较上年预算", "较上年", "同比", "与上年相比，"])
def test_year_on_year_lead_words(real, plain, lead):
    """比上年预算 (17 sentences, e.g. line 690) led by another word."""
    assert_same_figures(reworded(real, lambda t: t.replace("比上年预算", lead), NARRATIVE), plain)


@pytest.mark.parametrize("because", ["主要原因：", "主要是"])
def test_reason_lead_words(real, plain, because):
    """主要原因是 (e.g. lines 466, 690) led by another word; the reason reads the same."""
    assert_same_figures(
        reworded(real, lambda t: t.replace("主要原因是", because), NARRATIVE), plain
    )


def test_headcount_groups_named_with_renyuan(real, plain):
    """Line 68: 在职 77 人 … 退休 66 人 … 离休 0 人 as 在职人员 / 退休人员 / 离休人员."""

    def change(text: str) -> str:
        for group in ("在职", "退休", "离休"):
            text = text.replace(f"{group} ", f"{group}人员 ")
        return text

    assert_same_figures(reworded(real, change, {68}), plain)


def test_table_amounts_in_general_format(real, plain):
    """Table cells printed as a spreadsheet's General format: 150.00 → 150, 31.50 → 31.5."""

    def general(text: str) -> str:
        text = re.sub(r"(?<=\.\d)0(?=\t|$)", "", text)
        return re.sub(r"(?<=\d)\.0?(?=\t|$)", "", text)

    doc = reworded(real, general, TABLES)
    assert re.search(r"\t\d+\t", "\n".join(doc.lines[99:396]))  # an integer cell, printed so
    assert re.search(r"\t\d+\.\d\t", "\n".join(doc.lines[99:396]))  # one decimal
    assert_same_figures(doc, plain)


@pytest.mark.parametrize("same", ["与上年持平", "与上年预算持平", "无增减变化", "较上年无增减"])
def test_no_change_said_in_words_is_a_change_of_zero(real, same):
    """Line 690 said without a change: the amount stays, the change is 0.00 and 0 %."""
    doc = reworded(real, lambda t: t.replace("比上年预算减少 24.95 万元，下降 15.15%", same), {690})
    records = parse_document(doc, stamp=False).records
    [row] = [r for r in records["narrative_changes"] if r["line"] == 690]
    assert (row["subject"], row["amount"], row["change"], row["change_pct"]) == (
        "机关运行经费",
        Decimal("139.74"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert records["unplaced"] == []
