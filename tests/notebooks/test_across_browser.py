"""The across-units page on a 200-unit-year synthetic corpus, opened in headless Chromium:
a few screens tall, every chart drawn with axes on every panel, headers in words.

50 units × 4 consecutive, consistent years (`budget synth --years 4`): the largest and
smallest ten are charted and the rest summed up, each unit gets a time series, and every
consecutive-year comparison agrees.  The screenshot goes to test-artifacts/notebooks/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

from pipeline.ingest import ingest
from pipeline.report.run import ACROSS, ACROSS_DIR, build_all
from pipeline.synth.corpus import write_corpus
from tests.notebooks.test_browser import ARTIFACTS, DRAWN, LOCAL
from tests.notebooks.test_notebooks import text_of

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SCREEN = 900  # viewport height, px


@pytest.fixture(scope="module")
def across_200(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("across-200")
    write_corpus(root / "raw", 200, seed=11, variants=False, years=4)
    assert not ingest(root / "raw", root / "clean").errors
    outcome = build_all(root / "raw", root / "clean", root / "reports", limit=0)
    assert outcome.failed == [] and len(outcome.built) == 1
    return outcome.built[0]


def test_the_page_names_columns_in_words_and_sums_up_the_rest(across_200):
    assert across_200 == across_200.parents[1] / ACROSS_DIR / f"{ACROSS[0]}.html"
    text = text_of(across_200)
    assert "200 unit-years from 50 unit(s)" in text
    assert re.search(r"The other 180 unit-years range from [\d,.]+ to [\d,.]+ 万元", text)
    # 50 units × 3 pairs of consecutive years × 5 measures, all agreeing, per unit too
    assert "750 comparisons between consecutive documents of the same unit; 0 differ" in text
    assert text.count("2019, 2020, 2021, 2022 15 15 0 0") == 50
    tables = re.sub(r"\(function \(\) \{.*?\}\)\(\);", "", text)  # the charts' scripts
    assert "机关运行经费增减 operating costs change %" in tables
    assert "operating_costs_change_pct" not in tables and "unit_short" not in tables


def test_the_page_is_a_few_screens_and_every_chart_draws(across_200, browser):
    page = browser.new_page(viewport={"width": 1100, "height": SCREEN})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.goto(across_200.as_uri())
    page.wait_for_function(DRAWN, timeout=60_000)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    axes = page.eval_on_selector_all(
        ".kashgar-chart svg", "svgs => svgs.map(s => s.querySelectorAll('.role-axis').length)"
    )
    sticky = page.eval_on_selector_all(
        ".kashgar-table th", "ths => ths.every(th => getComputedStyle(th).position === 'sticky')"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "across-200.png"), full_page=True)
    page.close()
    assert errors == [] and outside == []
    assert height <= 6 * SCREEN, height  # 22,000 px at 61 unit-years before
    assert len(axes) == 3 and all(n >= 2 for n in axes), axes
    assert max(axes) >= 8, axes  # the time series: 4 panels, each with both axes
    assert sticky
