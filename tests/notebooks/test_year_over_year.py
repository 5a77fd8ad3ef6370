"""Notebook 4 executed on a unit with two consecutive years in the corpus: the prior-year
figures of 2024 against what the 2023 document printed (one earlier figure altered)."""

from __future__ import annotations

import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

from pipeline.ingest import ingest
from pipeline.report.build import build_report
from tests.helpers import TWO_YEARS_UNIT, write_two_years
from tests.notebooks.test_browser import ARTIFACTS, open_report
from tests.notebooks.test_notebooks import NOTEBOOKS, text_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-years")
    raw, clean = root / "raw", root / "clean"
    raw.mkdir()
    first, _ = write_two_years(raw, altered=True)
    assert not ingest(raw, clean).errors
    out = build_report(
        NOTEBOOKS / "04-year-over-year.ipynb",
        root / "04.html",
        parameters={"unit": TWO_YEARS_UNIT, "year": 2024},
        env={"BUDGET_RAW": str(raw), "BUDGET_CLEAN": str(clean)},
    )
    return text_of(out), first, out


def test_the_disagreements_come_first_with_both_figures(page):
    text, first, _ = page
    assert f"The 2023 document of this unit ({first}) printed the prior year itself" in text
    assert "of the 17 prior-year figures this document states, 14 agree with it, 3 differ" in text
    # the largest difference named with both figures and both lines: 2024's line 499 says
    # 三公 fell by 181.76 to 32.39; 2023's 三公 table prints 215.15 on line 320
    assert (
        "The largest: “三公”经费 sangong, stated as 214.15 万元 (line 499) but printed as "
        "215.15 万元 in 2023 (line 320), −1.00 万元." in text
    )
    assert "3 of 17 prior-year figures differ from what the 2023 document printed" in text
    table = text[text.index("上年 as stated here") :]
    assert table.index("warn") < table.index("pass")  # disagreements listed first
    assert "上年 as the earlier document prints it" in text  # the chart's second side


def test_the_charts_use_the_printed_prior_year(page):
    text, _, _ = page
    assert "(as the 2023 document prints them) becomes" in text
    assert "上年预算 (prior year, as the earlier document prints it)" in text
    assert "printed in 2023, line " in text  # the rebuilt table's prior basis


@pytest.mark.browser
def test_the_page_draws_its_three_charts_offline(page, browser):
    _, _, path = page
    charts, errors, outside = open_report(browser, path, ARTIFACTS / "two-years-04.png")
    assert (charts, errors, outside) == (3, [], [])  # comparison, waterfall, missing priors
