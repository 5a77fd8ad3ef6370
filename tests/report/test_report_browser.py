"""End to end: execute a parameterised notebook, render it offline, open it in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_helpers import launch_chromium

from pipeline.report.build import build_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_LOCAL = re.compile(r"^(file|data|about|blob):", re.IGNORECASE)


def open_offline(page_path: Path, chromium: Path, tmp_path: Path, screenshot: Path | None):
    """Load a page with every non-local request blocked and recorded; return findings."""
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    console_errors: list[str] = []
    page_errors: list[str] = []
    with sync_playwright() as pw:
        context = launch_chromium(pw, chromium, tmp_path / "chromium-profile")
        try:

            def route(r):
                if _LOCAL.match(r.request.url):
                    r.continue_()
                else:
                    external.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "console",
                lambda msg: console_errors.append(msg.text) if msg.type == "error" else None,
            )
            page.on("pageerror", lambda exc: page_errors.append(str(exc)))
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            charts = page.locator(".kashgar-chart")
            count = charts.count()
            page.wait_for_function(
                """() => {
                    const charts = [...document.querySelectorAll('.kashgar-chart')];
                    return charts.length > 0 &&
                        charts.every(c => c.querySelector('svg, canvas'));
                }""",
                timeout=30_000,
            )
            texts = page.eval_on_selector_all(
                ".kashgar-chart svg", "els => els.map(e => e.textContent)"
            )
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            context.close()
    return {
        "count": count,
        "texts": texts,
        "external": external,
        "console_errors": console_errors,
        "page_errors": page_errors,
    }


def test_report_draws_charts_offline(chart_notebook, tmp_path, chromium, artifacts_dir):
    out = build_report(
        chart_notebook,
        tmp_path / "reports" / "示例单位" / "2024" / "charts.html",
        parameters={"year": 2024, "unit": "喀什测试单位", "data_dir": str(tmp_path / "clean")},
        env={"KASHGAR_DATA_DIR": str(tmp_path / "clean")},
        title="示例单位 2024",
    )
    html = out.read_text(encoding="utf-8")
    assert html.count("window.vegaEmbed=") == 1, "bundle must be inlined exactly once"
    assert f"data dir: {tmp_path / 'clean'}" in html  # env override reached the kernel
    assert f"cwd: {chart_notebook.parent}" in html  # notebooks dir is the cwd

    found = open_offline(out, chromium, tmp_path, artifacts_dir / "report-offline-charts.png")

    assert found["count"] == 2
    assert found["external"] == [], f"page tried the network: {found['external']}"
    assert found["console_errors"] == []
    assert found["page_errors"] == []
    joined = " ".join(found["texts"])
    assert "喀什测试单位 2024 年支出" in joined  # parameters reached the chart
    assert "一般公共服务支出" in joined
    assert "收入合计 · 趋势" in joined


def test_index_shows_hostile_unit_name_as_text_and_filters(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    from pipeline.report.index import BUILT, SKIPPED, IndexRow, PageLink, write_index
    from pipeline.report.selection import UnitYear

    hostile = "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>"
    reports = tmp_path / "reports"
    (reports / "validation").mkdir(parents=True)
    (reports / "validation" / "index.html").write_text("<html><body>docs</body></html>")
    rows = [
        IndexRow(UnitYear(hostile, 2024), (PageLink("总体情况", BUILT, "u/2024/overview.html"),)),
        IndexRow(
            UnitYear("喀什地区行政公署办公室", 2024),
            (PageLink("总体情况", BUILT, "office/2024/overview.html"),),
        ),
        IndexRow(
            UnitYear("喀什地区教育局", 2023),
            (PageLink("总体情况", SKIPPED, None, "unit not selected (--units 行政公署)"),),
        ),
    ]
    index = write_index(reports, rows)
    with sync_playwright() as pw:
        context = launch_chromium(pw, chromium, tmp_path / "chromium-profile")
        try:
            page = context.new_page()
            external: list[str] = []
            page.on("request", lambda r: None if _LOCAL.match(r.url) else external.append(r.url))
            page.goto(index.as_uri())
            units = page.locator("tbody td:first-child").all_inner_texts()
            pwned = page.evaluate("() => window.__pwned === undefined")
            links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
            page.fill("#filter", "行政公署 2024")
            visible = page.locator("tbody tr:visible td:first-child").all_inner_texts()
            shown = page.inner_text("#shown")
            page.fill("#filter", "")
            everything = page.locator("tbody tr:visible").count()
        finally:
            context.close()
    assert pwned is True
    assert external == []
    assert units == [hostile, "喀什地区教育局", "喀什地区行政公署办公室"]
    assert links[0] == (reports / "validation" / "index.html").as_uri()
    assert links[1:] == [
        (reports / "u/2024/overview.html").as_uri(),
        (reports / "office/2024/overview.html").as_uri(),
    ]
    assert visible == ["喀什地区行政公署办公室"] and shown == "1" and everything == 3
