"""Smoke test of the benchmark at a tiny size: it runs end to end and writes its report.

Not a timing test: the numbers depend on the machine; only the structure is checked.
"""

from __future__ import annotations

import json

import pytest

from bench.run import main


def test_benchmark_at_20_documents_writes_results(tmp_path, capsys):
    results = tmp_path / "out" / "RESULTS.md"
    assert (
        main(
            [
                "--sizes",
                "20",
                "--no-plain",
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
    assert len(list((tmp_path / "corpora" / "20").glob("*.txt"))) == 20
    data = json.loads((results.parent / "results.json").read_text())
    assert data["machine"]["cores"] >= 1 and data["machine"]["memory_gb"] > 0
    (row,) = data["sizes"]
    assert row["docs"] == 20 and row["ingest"]["exit_code"] == 0
    for run in (row["ingest"], row["rerun"]):
        assert run["wall_s"] > 0 and run["cpu_s"] > 0 and run["peak_mb"] > 0
    assert row["clean_mb"] > 0
    assert row["load"]["rows"] > 0 and row["load"]["same"]
    assert "plain" not in row
    text = results.read_text(encoding="utf-8")
    for heading in ("## Per size", "## Loading one unit-year", "## Targets"):
        assert heading in text
    assert "| 20 |" in text and "ingest ≤ 6 ms/doc at 10,000" in text
    assert "## Against the plain approach" not in text
    assert text in capsys.readouterr().out


def test_benchmark_of_pdf_input_writes_results(tmp_path, capsys):
    """Two documents printed to PDF, ingested with a cold and a warm conversion cache."""
    from pipeline.synth.printing import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run `bash scripts/install-browser.sh`")
    results = tmp_path / "out" / "RESULTS.md"
    assert (
        main(
            [
                "--sizes",
                "2",
                "--no-plain",
                "--pdf",
                "2",
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
    pdf = json.loads((results.parent / "results.json").read_text())["pdf"]
    assert pdf["docs"] == 2 and pdf["pages"] > 40
    assert pdf["cold"]["exit_code"] == pdf["warm"]["exit_code"] == 0
    assert "2 converted now" in pdf["cold"]["output"]
    assert "0 converted now and 2 from the cache" in pdf["warm"]["output"]
    assert pdf["warm"]["wall_s"] < pdf["cold"]["wall_s"]
    text = results.read_text(encoding="utf-8")
    assert "## PDF input" in text and "| cold |" in text and "| warm |" in text
    capsys.readouterr()
