"""The across-units page on a 200-unit-year synthetic corpus, opened in headless Chromium:
a few screens tall, every chart drawn with axes on every panel, headers in words.

50 units × 4 consecutive, consistent years (`budget synth --years 4`): the largest and
smallest ten are charted and the rest summed up, each unit gets a time series, and every
consecutive-year comparison agrees.  The screenshot goes to test-artifacts/notebooks/.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

from pipeline.analysis import across
from pipeline.ingest import ingest
from pipeline.report.run import ACROSS, ACROSS_DIR, build_all
from pipeline.synth.corpus import write_corpus
from pipeline.validate import load_frames
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


ALL_MEASURES = "table.kashgar-sortable >> nth=-1"  # the page's last table: every measure
LAST_FORM = "form.kashgar-filters >> nth=-1"  # its filters
VISIBLE_COLUMN = """(table, header) => {
    const heads = [...table.tHead.rows[0].cells];
    const column = heads.findIndex(th => th.textContent.startsWith(header));
    return [...table.tBodies[0].rows].filter(r => !r.hidden).map(r => r.cells[column].textContent);
}"""


def _measures(page_path: Path) -> pl.DataFrame:
    return across.measures(load_frames(page_path.parents[2] / "clean"))


def _offline_page(browser, outside: list[str], errors: list[str]):
    """A page with the network off: anything but the page's own files is refused."""
    context = browser.new_context(viewport={"width": 1100, "height": SCREEN}, offline=True)

    def route(r):
        if r.request.url.startswith(LOCAL):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page


def test_the_table_sorts_by_value_with_blanks_last_and_filters_by_unit(across_200, browser):
    measures = _measures(across_200)
    header = across.LABELS["sangong_change_pct"]
    stated = measures["sangong_change_pct"].drop_nulls()
    not_stated = measures["sangong_change_pct"].null_count()
    assert not_stated and stated.min() < 0 < stated.max()  # blanks, cuts and rises to order
    one = measures.row(0, named=True)
    outside: list[str] = []
    errors: list[str] = []
    context, page = _offline_page(browser, outside, errors)
    try:
        page.goto(across_200.as_uri())
        table = page.locator(ALL_MEASURES)
        column = table.locator("th", has_text=header)
        column.click()
        ascending = table.evaluate(VISIBLE_COLUMN, header)
        ascending_mark = column.get_attribute("aria-sort")
        column.click()
        descending = table.evaluate(VISIBLE_COLUMN, header)
        search = page.locator(LAST_FORM).locator("input")
        search.fill(one["unit_id"].upper())  # an id, in any case
        by_id = table.evaluate(VISIBLE_COLUMN, "单位")
        by_id_count = page.locator(LAST_FORM).locator(".kashgar-count").inner_text()
        page.locator(LAST_FORM).locator("select").select_option("2020")
        one_year = table.evaluate(VISIBLE_COLUMN, "年度")
        search.fill("00007")  # part of a name
        by_name = table.evaluate(VISIBLE_COLUMN, "单位")
        search.fill("")
        every_unit_in_2020 = table.evaluate(VISIBLE_COLUMN, "年度")
    finally:
        context.close()
    assert outside == [] and errors == []
    blanks = ["—"] * not_stated
    known = len(ascending) - not_stated
    # exact values in order (a text sort would put -10.00 before -9.00 and 10.00 before
    # 9.00), the figures not stated last both ways and never read as 0
    assert [Decimal(t.replace(",", "")) for t in ascending[:known]] == sorted(stated)
    assert [Decimal(t.replace(",", "")) for t in descending[:known]] == sorted(stated)[::-1]
    assert ascending[known:] == descending[known:] == blanks
    assert ascending_mark == "ascending" and len(ascending) == measures.height
    assert by_id == [one["unit_short"]] * 4 and by_id_count == "4"
    assert one_year == ["2020"]
    named = measures.filter(pl.col("year") == 2020, pl.col("unit").str.contains("00007"))
    assert by_name == named["unit_short"].to_list() and len(by_name) >= 1
    assert every_unit_in_2020 == ["2020"] * 50


def test_without_javascript_the_whole_table_reads_and_no_control_shows(across_200, browser):
    context = browser.new_context(
        viewport={"width": 1100, "height": SCREEN}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(across_200.as_uri())
    rows = page.locator(f"{ALL_MEASURES} >> tbody tr").count()
    forms = page.locator("form.kashgar-filters")
    shown = [forms.nth(i).is_visible() for i in range(forms.count())]
    context.close()
    assert rows == 200
    assert shown and not any(shown)  # the filters need the script: hidden without it
