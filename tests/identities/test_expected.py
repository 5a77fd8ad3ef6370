"""A narrative figure that disappears is not_evaluated, never absent: each edition declares
what its sections are expected to state (`pipeline.identities.expected`), and a statement the
parser could not read leaves its check not evaluated, with a detail naming what was
expected."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.identities import needs, residuals
from pipeline.identities.expected import ALWAYS, EXPECTED, NONZERO
from pipeline.identities.relations import RELATIONS
from pipeline.template import TEMPLATES
from tests.identities.real import frames_of, planted, real_doc


@pytest.fixture(scope="module")
def shipped() -> pl.DataFrame:
    return residuals(frames_of(real_doc()))


def _keys(res: pl.DataFrame) -> set[tuple[str, str]]:
    return set(res.select("check", "instance").iter_rows())


def test_a_garbled_amount_leaves_its_check_not_evaluated_not_absent(shipped):
    # issue 13: line 401 "收支总预算 2x,099.75"-style garbling made the fact and its check
    # vanish (461 results instead of 462) with no failure and nothing not evaluated
    res = planted({401: ("5,069.86", "5x,069.86")})
    assert _keys(res) == _keys(shipped) and res.height == shipped.height
    check = "narrative.overview.total_budget_eq_income_expenditure_summary"
    row = res.filter(pl.col("check") == check).row(0, named=True)
    assert row["status"] == "not_evaluated" and row["reported"] is None
    # the detail names what was expected: section 一's 收支总预算 against 表1 收入总计
    assert row["detail"].startswith("not evaluated: the narrative does not state this figure")
    assert "说明 一 收支总预算 = 表1 收入总计" in row["detail"]
    assert row["line"] == 112  # the table figure it should equal


def test_a_class_section_four_leaves_out_is_not_evaluated_for_that_class():
    # 441 without 卫生健康支出 80.55 万元: 表4 still prints class 210 (line 202)
    res = planted(
        {441: ("卫生健康支出 80.55 万元，主要用于保障单位医疗保险和公务员医疗补助；", "")}
    )
    rows = res.filter(pl.col("check") == "narrative.fiscal.class_eq_fiscal_summary")
    assert dict(rows.select("instance", "status").iter_rows()) == {
        "201": "pass",
        "208": "pass",
        "221": "pass",
        "210": "not_evaluated",
    }
    assert rows.filter(pl.col("instance") == "210")["line"].item() == 202


def test_a_year_on_year_sentence_left_out_is_not_evaluated():
    # line 411 states 一般公共预算 5,059.45 twice over: as a share (占 99.80%) and in its
    # year-on-year sentence; without the sentence the share does not stand in for it — the
    # check has nothing to compare, and says so (表1 line 84 prints 5,059.45)
    frames = frames_of(real_doc())
    changes = frames["narrative_changes"]
    frames["narrative_changes"] = changes.filter(
        ~((pl.col("section_role") == "income") & (pl.col("subject") == "一般公共预算"))
    )
    res = residuals(frames)
    row = res.filter(pl.col("check") == "narrative.income.gpb_eq_income_expenditure_summary").row(
        0, named=True
    )
    assert (row["status"], row["reported"], row["line"]) == ("not_evaluated", None, 84)
    assert set(res.filter(pl.col("status") == "fail")["family"]) == {"prior"}


def test_without_its_edition_a_document_expects_nothing():
    frames = frames_of(real_doc())
    frames["facts"] = frames["facts"].filter(pl.col("metric") != "收支总预算")
    check = "narrative.overview.total_budget_eq_income_expenditure_summary"
    assert residuals(frames).filter(pl.col("check") == check)["status"].to_list() == [
        "not_evaluated"
    ]
    # without a documents row the edition is unknown: the check has no instance
    del frames["documents"]
    assert residuals(frames).filter(pl.col("check") == check).is_empty()


def test_the_declarations_name_checks_the_edition_supports():
    by_code = {r.check for r in RELATIONS if r.by is not None}
    known = needs()
    for edition, checks in EXPECTED.items():
        template = TEMPLATES[edition]
        for check, expect in checks.items():
            assert expect in (ALWAYS, NONZERO)
            assert check in known, check
            assert known[check].met_by(template), (edition, check)
            assert not (check in by_code and expect == ALWAYS), check
