"""Smoke test of the report benchmark at a tiny size: it runs end to end and writes its report.

Not a timing test: the numbers depend on the machine; only the structure is checked.
"""

from __future__ import annotations

import json

import pytest

from bench.report import main

pytestmark = pytest.mark.slow


def test_report_benchmark_at_one_unit_year_writes_results(tmp_path, capsys):
    results = tmp_path / "out" / "REPORTS.md"
    assert (
        main(
            [
                "--sizes",
                "1",
                "--across",
                "2",
                "--workers",
                "1",
                "--corpora",
                str(tmp_path / "corpora"),
                "--work",
                str(tmp_path / "work"),
                "--results",
                str(results),
            ]
        )
        == 0
    )
    data = json.loads((results.parent / "reports.json").read_text())
    (row,) = data["sizes"]
    run = row["report"]
    assert row["docs"] == 1 and run["exit_code"] == 0
    assert run["pages"] == 6 and run["across_page_s"] > 0  # five pages and the across page
    assert run["wall_s"] > 0 and run["cpu_s"] > 0 and run["peak_mb"] > 0
    assert run["reports_mb"] > 1  # the shared library is there
    across = data["across"]
    assert across["docs"] == 2 and across["report"]["pages"] == 1
    text = results.read_text(encoding="utf-8")
    for heading in ("## Per unit-year", "## The across-units page", "## Targets"):
        assert heading in text
    assert "| 1 | 6 |" in text and "reports ≤ 3 s per unit-year at 200" in text
    assert text in capsys.readouterr().out
