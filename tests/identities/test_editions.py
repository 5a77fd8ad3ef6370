"""Identities by role: a relation applies only where the document's edition declares the
roles it reads, and its formula prints in that edition's numbers.

The ten-table edition `unit_budget_pre2024` (no 上年结转结余情况明细表, no carry-over
section, 其他重要事项 numbered 十一) is declared in pipeline.template; the shipped document,
with its carry-over table and section taken out, stands in for a document of that edition.
"""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.identities import needs, residuals
from pipeline.identities.editions import Needs, applicable, documents_of, render
from pipeline.identities.relations import RELATIONS, Relation, Term
from pipeline.template import DEFAULT_TEMPLATE, template_named
from tests.identities.real import frames_of, real_doc

TEN = template_named("unit_budget_pre2024")
CARRYOVER = {c for c, n in needs().items() if "carryover" in n.tables | n.sections}


@pytest.fixture(scope="module")
def without_carryover() -> dict[str, pl.DataFrame]:
    """The shipped document without its carry-over table (表11) and section (十一)."""
    frames = frames_of(real_doc())
    frames["line_items"] = frames["line_items"].filter(pl.col("table_role") != "carryover")
    frames["tables"] = frames["tables"].filter(pl.col("table_role") != "carryover")
    frames["facts"] = frames["facts"].filter(pl.col("topic") != "carryover")
    return frames


def _as(frames: dict[str, pl.DataFrame], template: str) -> dict[str, pl.DataFrame]:
    return {**frames, "documents": frames["documents"].with_columns(template=pl.lit(template))}


def test_carryover_checks_are_declared_by_role():
    assert {
        "rows.carryover.total_eq_sum_of_projects",
        "across.carryover.total_eq_income_expenditure_summary_carryover",
        "narrative.carryover.total_eq_carryover",
    } <= CARRYOVER
    # the summary table's own carry-over line is not the carry-over table's
    assert "summary.carryover_eq_fiscal_plus_nonfiscal" not in CARRYOVER


def test_a_ten_table_edition_gets_no_carryover_check_at_all(without_carryover):
    # read as the 2024 edition, the missing carry-over table is a gap: not evaluated
    as_2024 = residuals(_as(without_carryover, DEFAULT_TEMPLATE.name))
    gap = as_2024.filter(pl.col("check").is_in(CARRYOVER))
    assert gap.height and set(gap["status"]) == {"not_evaluated"}
    # read as the ten-table edition, which prints none, there is nothing to check
    as_ten = residuals(_as(without_carryover, TEN.name))
    assert as_ten.filter(pl.col("check").is_in(CARRYOVER)).is_empty()
    assert as_ten.height == as_2024.height - gap.height
    assert as_ten.filter(pl.col("status") == "fail").is_empty()
    assert (
        as_ten.filter(pl.col("status") == "not_evaluated")["check"].to_list()
        == ["projects.cost_targets_match_budget"] * 3
    )  # as on the shipped document


def test_formulas_print_in_the_numbers_of_the_documents_edition(without_carryover):
    check = "across.other.operating_costs_eq_basic_by_economic_class_public"

    def detail(template: str) -> str:
        res = residuals(_as(without_carryover, template))
        return res.filter(pl.col("check") == check)["detail"].item()

    assert detail(DEFAULT_TEMPLATE.name).startswith("说明 十二 机关运行经费 = 表6 总计 公用经费")
    assert detail(TEN.name).startswith("说明 十一 机关运行经费 = 表6 总计 公用经费")


def test_a_document_of_an_edition_nobody_declared_is_named():
    frames = frames_of(real_doc())
    frames["documents"] = frames["documents"].with_columns(template=pl.lit("nonsense_1999"))
    with pytest.raises(KeyError, match="follows the edition 'nonsense_1999'"):
        residuals(frames)


def test_without_documents_every_identity_is_kept():
    frames = frames_of(real_doc())
    res = residuals(frames)
    kept = applicable(res, documents_of({}), needs())
    assert kept.equals(res)
    without = residuals({k: v for k, v in frames.items() if k != "documents"})
    # only the headcount goes: it is read from the documents row itself
    assert without.height == res.filter(pl.col("family") != "profile").height
    assert "profile" not in set(without["family"])


def test_needs_and_rendering():
    assert Needs.of(["carryover"]).met_by(DEFAULT_TEMPLATE)
    assert not Needs.of(["carryover"]).met_by(TEN)
    assert not Needs.of(sections=["carryover"]).met_by(TEN)
    assert render("{carryover} 总计 = {§carryover}", DEFAULT_TEMPLATE) == "表11 总计 = 十一"
    with pytest.raises(KeyError, match="has no table 'carryover'"):
        render("{carryover} 总计", TEN)
    with pytest.raises(ValueError, match="unknown role"):
        Needs.of(["table_eleven"])


def test_relations_speak_roles_only():
    for relation in RELATIONS:
        assert all(isinstance(t.table, str) for t in (*relation.lhs, *relation.rhs))
        assert "表" not in relation.formula.replace("表格", "")  # numbers come from the edition
    with pytest.raises(ValueError, match="carries no table number"):
        Relation(
            "rows.t3_total",
            "rows",
            "{expenditure_by_function} 合计",
            "",
            (Term("expenditure_by_function", "合计"),),
            (Term("expenditure_by_function", "基本支出"),),
        )
    with pytest.raises(ValueError, match="names a role its terms do not read"):
        Relation(
            "rows.sangong.x",
            "rows",
            "{carryover} 合计",
            "",
            (Term("sangong", "合计"),),
            (Term("sangong", "一般公共预算"),),
        )
