"""The validation page in Chromium: a few screens tall, problems first, filters that work.

The shipped document with a planted error (table 6 line 292, 抚恤金 合计 19.84 → 19.94)
has failures, warnings, results not evaluated and passes; three synthetic documents
(`budget synth`) make it a page over several units.
"""

from __future__ import annotations

import polars as pl
import pytest
from report_helpers import launch_chromium

from pipeline.identities import residuals
from pipeline.ingest import ingest
from pipeline.synth.corpus import write_corpus
from pipeline.units import short_name
from pipeline.validate import load_frames
from pipeline.validate.page import write_page
from tests.identities.real import planted

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREEN = 900  # the viewport height, px
LOCAL = ("file:", "data:", "about:")


@pytest.fixture(scope="module")
def one_document() -> pl.DataFrame:
    return planted({292: ("19.84\t19.84", "19.94\t19.84")})


@pytest.fixture(scope="module")
def several_units(one_document, tmp_path_factory) -> pl.DataFrame:
    raw = tmp_path_factory.mktemp("synth-raw")
    write_corpus(raw, 3, seed=5, variants=False)
    clean = tmp_path_factory.mktemp("synth") / "clean"
    assert not ingest(raw, clean).errors
    return pl.concat([one_document, residuals(load_frames(clean))]).sort("unit", "year")


def _open(chromium, tmp_path, page_path):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    context = launch_chromium(pw, chromium, tmp_path / "profile", 1200, SCREEN)
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    return pw, context, page, outside, errors


def _visible_rows(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('details.group tbody tr')]"
        ".filter(r => !r.hidden).length"
    )


def test_one_document_fits_a_few_screens_with_problems_first(
    one_document, tmp_path, chromium, artifacts_dir
):
    path = tmp_path / "index.html"
    write_page(one_document, [], path, None)
    pw, context, page, outside, errors = _open(chromium, tmp_path, path)
    try:
        height = page.evaluate("() => document.documentElement.scrollHeight")
        order = page.eval_on_selector_all(
            "details.group", "els => els.map(e => [e.dataset.outcome, e.dataset.family, e.open])"
        )
        summary_bottom = page.evaluate(
            "() => document.querySelector('h2').getBoundingClientRect().top"
        )
        page.screenshot(path=str(artifacts_dir / "validation-page.png"), full_page=True)
        shown = page.inner_text("#f-count")
        page.select_option("#f-outcome", "warn")
        warnings = _visible_rows(page), page.inner_text("#f-count")
        page.select_option("#f-family", "projects")
        projects = _visible_rows(page)
        page.select_option("#f-outcome", "")
        page.select_option("#f-family", "")
        everything = _visible_rows(page)
    finally:
        context.close()
        pw.stop()
    assert outside == [] and errors == []
    assert height <= 3 * SCREEN, height  # was 5,300 px with every result in one long page
    assert summary_bottom < SCREEN  # the verdict and counts are the first screen
    outcomes = [outcome for outcome, _family, _open in order]
    ranks = ["fail", "warn", "not_evaluated", "rounding", "pass"]
    assert outcomes == sorted(outcomes, key=ranks.index) and outcomes[0] == "fail"
    assert all(is_open == (outcome == "fail") for outcome, _f, is_open in order)
    warns = one_document.filter(pl.col("status") == "warn")
    warned = warns.height
    assert int(shown) == everything == one_document.height
    assert warnings == (warned, str(warned))
    assert projects == warns.filter(pl.col("family") == "projects").height > 0


def test_several_units_filter_by_unit_named_short(several_units, tmp_path, chromium):
    path = tmp_path / "index.html"
    write_page(several_units, [], path, None)
    text = path.read_text(encoding="utf-8")
    assert "Unit-years with most problems" in text
    units = sorted(several_units["unit"].unique(), key=lambda u: (short_name(u), u))
    shipped = next(u for u in units if short_name(u) != u)  # the shipped document's unit
    pw, context, page, outside, errors = _open(chromium, tmp_path, path)
    try:
        options = page.eval_on_selector_all(
            "#f-unit option", "els => els.map(e => [e.text, e.title])"
        )
        page.select_option("#f-unit", label=short_name(shipped))
        one_unit = _visible_rows(page)
        cells = page.eval_on_selector_all(
            "details.group tbody tr:not([hidden]) td:nth-child(2)",
            "els => els.map(e => [e.textContent, e.title])",
        )
        synthetic = next(u for u in units if u != shipped)
        page.select_option("#f-unit", label=synthetic)
        hidden_groups = page.eval_on_selector_all(
            "details.group", "els => els.filter(e => e.hidden).length"
        )
        worst = page.eval_on_selector_all(
            "h2 + p + table td span[title]", "els => els.map(e => [e.textContent, e.title])"
        )
    finally:
        context.close()
        pw.stop()
    assert outside == [] and errors == []
    # short names, the full name on hover (the synthetic units have no region prefix)
    assert options == [["every unit", ""]] + [
        [short_name(u), u if short_name(u) != u else ""] for u in units
    ]
    assert short_name(shipped) == "行政公署办公室"
    assert one_unit == several_units.filter(pl.col("unit") == shipped).height
    assert {(cell.rsplit(" ", 2)[0], title) for cell, title in cells} == {
        ("行政公署办公室", shipped)
    }
    assert hidden_groups > 0  # e.g. the failures, all in the shipped document
    assert ["行政公署办公室", shipped] in worst  # the unit-years with most problems


def test_a_results_table_sorts_by_a_numeric_column_blanks_last(one_document, tmp_path, chromium):
    path = tmp_path / "index.html"
    write_page(one_document, [], path, None)
    pw, context, page, outside, errors = _open(chromium, tmp_path, path)
    differences = {}
    try:
        for family in ("projects", "narrative"):
            group = f"details.group[data-outcome='warn'][data-family='{family}']"
            page.click(f"{group} > summary")
            for direction in ("ascending", "descending"):
                page.click(f"{group} th:nth-child(6)")  # difference
                assert page.get_attribute(f"{group} th:nth-child(6)", "aria-sort") == direction
                differences[family, direction] = page.eval_on_selector_all(
                    f"{group} tbody td:nth-child(6)", "els => els.map(e => e.textContent)"
                )
    finally:
        context.close()
        pw.stop()
    assert outside == [] and errors == []
    # by value, not as text ("-0.03" < "10" < "2"); a blank (not calculated) last both ways
    assert differences["projects", "ascending"] == ["-0.03", "2", "10"]
    assert differences["projects", "descending"] == ["10", "2", "-0.03"]
    assert differences["narrative", "ascending"] == ["0.0053", ""]
    assert differences["narrative", "descending"] == ["0.0053", ""]
