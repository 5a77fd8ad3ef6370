"""Every report opened in headless Chromium: charts drawn, no console errors, nothing fetched.

Screenshots go to test-artifacts/notebooks/ (one per report).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "notebooks"
LOCAL = ("file:", "data:", "about:", "blob:")
DRAWN = (
    "() => [...document.querySelectorAll('.kashgar-chart')]"
    ".every(div => div.querySelector('svg, canvas'))"
)


def open_report(browser, path: Path, shot: Path) -> tuple[int, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(DRAWN, timeout=30_000)
    charts = page.locator(".kashgar-chart").count()
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    return charts, errors, outside


@pytest.mark.parametrize("corpus", ["real_reports", "synth_reports"])
def test_reports_draw_offline(request, browser, corpus):
    reports, outcome = request.getfixturevalue(corpus)
    assert outcome.built
    for path in [*outcome.built, reports / "index.html"]:
        name = f"{corpus}-{path.parent.name}-{path.stem}.png"
        charts, errors, outside = open_report(browser, path, ARTIFACTS / name)
        assert errors == [] and outside == [], (path, errors, outside)
        if path.name != "index.html":
            assert charts >= 1, path
