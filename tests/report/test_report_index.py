"""The index page: every unit-year, its pages, and why a page is missing."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.report.build import external_resources
from pipeline.report.index import (
    BUILT,
    EARLIER,
    FAILED,
    SKIPPED,
    STALE,
    IndexRow,
    PageLink,
    index_html,
    write_index,
)
from pipeline.report.selection import UnitYear

HOSTILE = "<script>alert('unit')</script>"
OFFICE = "新疆维吾尔自治区喀什地区行政公署办公室"


def _rows(reports: Path) -> list[IndexRow]:
    office = UnitYear(OFFICE, 2024, unit_id="kashgar-admin-office", short_name="行署办公室")
    return [
        IndexRow(
            office,
            (
                PageLink("Overview", BUILT, "admin-office-2024/01-overview.html"),
                PageLink("Project", FAILED, None, "failed: a cell failed: KeyError: '项目'"),
            ),
        ),
        IndexRow(
            UnitYear(OFFICE, 2023, short_name="行署办公室"),
            (
                PageLink(
                    "Overview",
                    EARLIER,
                    reports / "admin-office-2023/01-overview.html",
                    "built 2026-11-30 10:00 by an earlier run",
                ),
                PageLink(
                    "Project",
                    STALE,
                    reports / "admin-office-2023/02 项目.html",
                    "built 2026-11-01 10:00, before the data last changed",
                ),
            ),
        ),
        IndexRow(
            UnitYear(HOSTILE, 2024),
            (
                PageLink("Overview", SKIPPED, None, "unit not selected (--units 行政公署)"),
                PageLink("Project", SKIPPED, None, "unit not selected (--units 行政公署)"),
            ),
        ),
    ]


def test_every_unit_year_is_a_row_with_links_and_reasons(tmp_path):
    reports = tmp_path / "reports"
    page = write_index(
        reports,
        _rows(reports),
        across=PageLink("Across units", BUILT, "across/06-across-units.html"),
    ).read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-search.*?</tr>", page)
    assert len(rows) == 3
    hostile, office_2024, office_2023 = rows  # by shown name, then year (newest first)
    assert "&lt;script&gt;alert(&#x27;unit&#x27;)&lt;/script&gt;" in hostile
    assert "<script>alert" not in page
    # a reason shared by every page is said once
    assert hostile.count("not built: unit not selected (--units 行政公署)") == 1
    assert '<td title="新疆维吾尔自治区喀什地区行政公署办公室">行署办公室' in office_2024
    assert '<span class="unit-id">kashgar-admin-office</span>' in office_2024
    assert '<a class="built" href="admin-office-2024/01-overview.html">Overview</a>' in office_2024
    assert "failed: a cell failed: KeyError: &#x27;项目&#x27;" in office_2024
    assert 'href="admin-office-2023/01-overview.html"' in office_2023  # made relative
    assert 'class="stale" href="admin-office-2023/02%20%E9%A1%B9%E7%9B%AE.html"' in office_2023
    assert "before the data last changed" in office_2023
    assert '<a class="built" href="across/06-across-units.html">Across units</a>' in page
    assert (
        "3 unit-years; 1 pages built by this run; 1 from earlier runs; 1 from earlier "
        "runs, older than the data; 1 failed; 2 not built."
    ) in page
    assert "validation/index.html" not in page
    assert external_resources(page) == []


def test_index_links_the_validation_page_when_present(tmp_path):
    reports = tmp_path / "reports"
    (reports / "validation").mkdir(parents=True)
    (reports / "validation" / "index.html").write_text("<html></html>")
    page = index_html(reports, [])
    assert '<a href="validation/index.html">' in page
    assert "No reports yet." in page
