"""The reports folder: one chart library for every page, an index of every unit-year,
`--units` rebuilding a few units, `--single-file` pages.

Reuses the session's synthetic build (notebooks 1–5 for one unit-year of five); the one
extra build here (the shipped document's unit, self-contained pages) goes into a copy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

from pipeline.cli import main as budget
from pipeline.report.build import BUNDLE_FILE, CSS_FILE, external_resources
from pipeline.report.library import LIBRARY_DIR, STAMP_FILE, library_files
from pipeline.report.run import ACROSS, ACROSS_DIR, PER_UNIT_YEAR, build_all, unit_slug
from tests.helpers import UNIT

pytestmark = pytest.mark.slow
BUNDLE_RE = re.compile(r"window\.vegaEmbed\s*=")


def _pages(reports: Path) -> list[Path]:
    return sorted(
        p
        for p in reports.rglob("*.html")
        if p.parent.name not in ("validation", LIBRARY_DIR) and p.name != "index.html"
    )


def test_every_page_links_the_one_library(synth_reports):
    reports, outcome = synth_reports
    library = reports / LIBRARY_DIR
    assert sorted(p.name for p in library.iterdir()) == sorted([BUNDLE_FILE, CSS_FILE, STAMP_FILE])
    assert (library / BUNDLE_FILE).read_text(encoding="utf-8") == library_files()[BUNDLE_FILE]
    pages = _pages(reports)
    assert sorted(pages) == sorted(outcome.built) and len(pages) == 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert sorted(external_resources(text)) == [
            f"../{LIBRARY_DIR}/{CSS_FILE}",
            f"../{LIBRARY_DIR}/{BUNDLE_FILE}",
        ], page
        assert not BUNDLE_RE.search(text), page
        assert len(text.encode()) < 300_000, page  # was ~1.2 MB with the library inlined
    assert (library / BUNDLE_FILE).stat().st_size > 800_000


def test_the_index_lists_every_unit_year_and_why_pages_are_missing(synth_reports):
    reports, outcome = synth_reports
    index = (reports / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-search.*?</tr>", index)
    assert len(rows) == 5  # four synthetic unit-years and the shipped document
    built = [row for row in rows if 'class="built"' in row]
    assert len(built) == 1 and built[0].count('class="built"') == len(PER_UNIT_YEAR)
    left_out = [row for row in rows if "not built: beyond --limit 1" in row]
    assert len(left_out) == 4 == len(outcome.left_out)
    assert set(outcome.reasons.values()) == {"beyond --limit 1"}
    assert f'href="{ACROSS_DIR}/{ACROSS[0]}.html"' in index


def test_units_rebuilds_one_unit_and_single_file_pages_stand_alone(
    synth_corpus, synth_reports, tmp_path, browser
):
    raw, clean = synth_corpus
    reports = tmp_path / "reports"
    shutil.copytree(synth_reports[0], reports)
    outcome = build_all(raw, clean, reports, units="行政公署", years="2024", single_file=True)
    assert outcome.failed == []
    folder = reports / f"{unit_slug(UNIT)}-2024"
    assert sorted(outcome.built) == sorted(
        [folder / f"{n}.html" for n, _ in PER_UNIT_YEAR]
        + [reports / ACROSS_DIR / f"{ACROSS[0]}.html"]
    )
    for page in outcome.built:
        text = page.read_text(encoding="utf-8")
        assert external_resources(text) == [] and len(BUNDLE_RE.findall(text)) == 1, page
    # opens on its own: copied out of the reports folder, it still draws every chart
    alone = tmp_path / "mail" / "overview.html"
    alone.parent.mkdir()
    shutil.copy(folder / "01-overview.html", alone)
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(("file:", "data:")) else outside.append(r.url)
    )
    page.goto(alone.as_uri())
    page.wait_for_function(
        "() => [...document.querySelectorAll('.kashgar-chart')].every(d => d.querySelector('svg'))",
        timeout=30_000,
    )
    page.close()
    assert outside == []

    index = (reports / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-search.*?</tr>", index)
    earlier = [row for row in rows if 'class="earlier"' in row]
    assert len(earlier) == 1 and "by an earlier run" in earlier[0]  # the first build's pages
    assert sum("not built: unit not selected (--units 行政公署)" in row for row in rows) == 3
    assert sum(row.count('class="built"') for row in rows) == len(PER_UNIT_YEAR)


def test_a_term_that_matches_nothing_stops_before_building(synth_corpus, tmp_path, capsys):
    raw, clean = synth_corpus
    reports = tmp_path / "reports"
    code = budget(
        [
            "report",
            "--raw",
            str(raw),
            "--clean",
            str(clean),
            "--reports",
            str(reports),
            "--units",
            "行政公署办公厅",
        ]
    )
    assert code == 1
    assert "'行政公署办公厅' matches no unit id or name; did you mean" in capsys.readouterr().err
    assert not reports.exists()
