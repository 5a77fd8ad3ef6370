"""Government-fund (政府性基金) projects (issue 9 item 5): counted among the narrative's
财政拨款项目 although the project table (表7) lists the general budget's projects only.

The fund's projects are described in their own section (八) and have performance tables;
the parser reads them with `section_role` government_fund, never as table-7 rows, and the
identity on the fiscal project count and amount covers both kinds.  The shipped document
has no fund money (table 8 empty, line 346; section 八 says so, line 668), so the documents
here are synthetic (`Structure(fund_projects=…)`).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.identities import residuals
from pipeline.parse import parse_document
from pipeline.reader import read_document
from pipeline.synth.expected import expected_records
from pipeline.synth.model import Structure, SyntheticBudget, generate_budget, generate_years
from pipeline.synth.render import render_document, render_lines, write_document
from tests.helpers import assert_round_trip, ingested

COUNT = "projects.count_eq_project_expenditure"
AMOUNT = "narrative.other.performance_projects_eq_project_expenditure"
FUND_SUM = "projects.fund_projects_eq_government_fund_expenditure"
FUND_PERFORMANCE = "projects.fund_project_eq_performance"


def not_clean(frames: dict[str, pl.DataFrame]) -> list[tuple]:
    res = residuals(frames)
    return res.filter(pl.col("status").is_in(["fail", "warn"])).select("check", "instance").rows()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**31),
    year=st.integers(2019, 2026),
    years=st.integers(1, 2),
    funded=st.integers(1, 4),
    subordinates=st.integers(0, 2),
    projects=st.booleans(),
)
def test_fund_projects_read_back_and_validate_clean(
    tmp_path_factory, seed, year, years, funded, subordinates, projects
):
    """With and without subordinate units and general projects: the parser reads the
    oracle's rows, the fund projects under section_role government_fund, and the document
    validates with no fail and no warn; the fiscal count covers both kinds of project."""
    unit = f"合成测试单位{seed % 10_000:04d}（synthetic）"
    structure = Structure(subordinates=subordinates, projects=projects, fund_projects=funded)
    budget = generate_years(random.Random(seed), unit, year - years + 1, years, structure)[-1]
    folder = tmp_path_factory.mktemp("doc")
    text = render_document(budget)
    path = write_document(folder / "doc.txt", text)
    records = parse_document(read_document(path)).records
    assert_round_trip(records, expected_records(budget))
    fund = [r for r in records["projects"] if r["section_role"] == "government_fund"]
    assert len(fund) == funded
    fund_names = {r["project"] for r in fund}
    assert not fund_names & {r["project"] for r in records["line_items"] if r["project"]}

    frames = ingested(folder / "ingest", text)
    assert not_clean(frames) == []
    count = residuals(frames).filter(
        (pl.col("check") == COUNT) & (pl.col("instance") == "财政拨款项目个数")
    )
    assert count["status"].to_list() == ["pass"]
    assert count["calculated"].to_list() == [budget.fiscal_projects]


@pytest.fixture(scope="module")
def funded() -> tuple[SyntheticBudget, list[str], dict[tuple, int]]:
    budget = generate_budget(
        random.Random(23),
        "合成测试单位0023（synthetic）",
        2024,
        structure=Structure(fund_projects=2),
    )
    assert budget.projects and budget.fund  # a document with both kinds of project
    return budget, render_document(budget).split("\n"), render_lines(budget).anchors


def _results(folder: Path, lines: list[str]) -> pl.DataFrame:
    return residuals(ingested(folder, "\n".join(lines)))


def _statuses(res: pl.DataFrame, check: str) -> list[str]:
    return res.filter(pl.col("check") == check)["status"].to_list()


def test_the_unedited_document_passes(funded, tmp_path: Path) -> None:
    _, lines, _ = funded
    res = _results(tmp_path, lines)
    assert res.filter(pl.col("status").is_in(["fail", "warn"])).is_empty()
    for check in (AMOUNT, FUND_SUM):
        assert _statuses(res, check) == ["pass"]
    assert _statuses(res, FUND_PERFORMANCE) == ["pass", "pass"]


def test_a_count_of_the_general_projects_only_fails(funded, tmp_path: Path) -> None:
    """The performance sentence counting table 7's projects only (the fund's left out)."""
    budget, lines, anchors = funded
    line = anchors[("fact", "performance")]
    said = f"当年财政拨款项目{budget.fiscal_projects}个"
    assert said in lines[line - 1]
    lines = [*lines]
    lines[line - 1] = lines[line - 1].replace(said, f"当年财政拨款项目{len(budget.projects)}个")
    res = _results(tmp_path, lines)
    failed = res.filter(pl.col("status") == "fail")
    assert failed.select("check", "instance").rows() == [(COUNT, "财政拨款项目个数")]
    assert failed["line"].to_list() == [line]


def test_an_amount_of_the_general_projects_only_fails(funded, tmp_path: Path) -> None:
    budget, lines, anchors = funded
    line = anchors[("fact", "performance")]
    said = f"涉及预算金额{budget.gpb_project + budget.fund:,.2f}万元"
    assert said in lines[line - 1]
    lines = [*lines]
    lines[line - 1] = lines[line - 1].replace(said, f"涉及预算金额{budget.gpb_project:,.2f}万元")
    failed = _results(tmp_path, lines).filter(pl.col("status") == "fail")
    assert failed["check"].to_list() == [AMOUNT]


def test_a_changed_fund_project_amount_fails(funded, tmp_path: Path) -> None:
    """Section 八's 预算安排规模 of a fund project +1.00: it no longer adds up with the
    others to table 8's 项目支出, nor equals its performance table (nor its allocations)."""
    budget, lines, anchors = funded
    project = budget.fund_projects[0]
    line = anchors[("project_amount", project.no)]
    lines = [*lines]
    lines[line - 1] = f"预算安排规模：{project.amount + Decimal(1):,.2f} 万元"
    failed = _results(tmp_path, lines).filter(pl.col("status") == "fail")
    assert set(failed["check"]) == {
        FUND_SUM,
        FUND_PERFORMANCE,
        "projects.allocations_sum_to_amount",
    }
    assert set(failed.filter(pl.col("check") == FUND_PERFORMANCE)["instance"]) == {project.name}


def test_fund_money_without_its_projects_leaves_the_count_not_evaluated(
    funded, tmp_path: Path
) -> None:
    """Section 八 stating the fund's amounts but not its projects (as a real document may):
    which projects the count covers is unknown — not evaluated, never a pass or a fail;
    the amount still compares (the tables give the fund's project money)."""
    budget, lines, anchors = funded
    first = anchors[("project", budget.fund_projects[0].no)]  # （一）项目名称 of section 八
    after = next(n for n in range(first, len(lines)) if lines[n - 1].startswith("九、"))
    lines = [*lines[: first - 1], *lines[after - 1 :]]
    res = _results(tmp_path, lines)
    assert res.filter(pl.col("status") == "fail").is_empty()
    count = res.filter((pl.col("check") == COUNT) & (pl.col("instance") == "财政拨款项目个数"))
    assert count["status"].to_list() == ["not_evaluated"]
    assert "describes no project" in count["detail"][0]
    assert _statuses(res, AMOUNT) == ["pass"]
    assert _statuses(res, FUND_SUM) == []
