"""`budget validate` end to end: exit codes, summary.json and results/, the offline
page, GX Data Docs."""

from __future__ import annotations

import json
import re
import shutil

import polars as pl
import pytest

from pipeline.cli import main
from pipeline.identities import RESIDUAL_SCHEMA
from pipeline.validate.results import load as load_results
from tests.helpers import RAW

pytestmark = pytest.mark.slow


def _raw(tmp_path, text: str | None = None):
    raw = tmp_path / "raw"
    raw.mkdir()
    if text is None:
        shutil.copy(RAW, raw / RAW.name)
    else:
        (raw / RAW.name).write_text(text, encoding="utf-8")
    return raw


def _run(tmp_path, raw) -> int:
    return main(
        [
            "validate",
            "--raw",
            str(raw),
            "--clean",
            str(tmp_path / "clean"),
            "--reports",
            str(tmp_path / "reports"),
        ]
    )


def test_real_document_validates_with_exit_0(tmp_path, capsys):
    assert _run(tmp_path, _raw(tmp_path)) == 0
    out = tmp_path / "reports" / "validation"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["success"] is True
    first = summary["results"][0]
    assert {
        "check",
        "unit",
        "year",
        "kind",
        "status",
        "severity",
        "observed",
        "expected",
        "difference",
        "tolerance",
        "source",
        "line",
    } <= set(first)
    # summary.json lists what did not pass: the 6 warnings and 3 results not evaluated,
    # in the one status vocabulary
    assert sorted(r["status"] for r in summary["results"]) == (["not_evaluated"] * 3 + ["warn"] * 6)
    assert {r["kind"] for r in summary["results"]} == {"budget"}
    counts = {c["family"]: c for c in summary["counts"]}
    assert sum(c["warn"] for c in counts.values()) == 6 and counts["narrative"]["warn"] == 2
    assert counts["codes"]["warn"] == 1 and counts["profile"]["pass"] == 1
    assert sum(c["fail"] for c in counts.values()) == 0
    # every result, passes included, is in results/ with exact decimals; a warning is
    # stored as warn
    every = load_results(out)
    assert every.height == summary["results_total"] == 638
    assert every.schema == RESIDUAL_SCHEMA
    assert every["status"].value_counts().sort("status").rows() == [
        ("not_evaluated", 3),
        ("pass", 629),
        ("warn", 6),
    ]
    assert set(every.filter(pl.col("status") == "warn")["severity"]) == {"warning"}
    assert not list(out.glob(".*partial"))
    page = (out / "index.html").read_text(encoding="utf-8")
    # self-contained: no script, stylesheet or image from anywhere, no absolute URL
    assert "<script src" not in page and not re.search(r"(src|href)=\"?(https?:)?//", page)
    assert "no identity fails" in page and "group income" in page
    # the page shows each warning as warn: in groups labelled warn, each row once, classed
    # by its status; nothing is labelled fail
    groups = re.findall(r'<details class="group[^"]*" data-outcome="(\w+)"', page)
    assert "warn" in groups and "fail" not in groups and "warning" not in groups
    assert len(re.findall(r"<tr class=warn[ >]", page)) == 6
    assert '<span class="badge b-warn">warn</span>' in page
    assert not re.search(r"<tr class=fail[ >]", page)
    assert (out / "gx" / "index.html").exists()
    shown = capsys.readouterr().out
    assert "no identity fails" in shown and "Calculating Metrics" not in shown
    # the terminal counts in the same words
    assert "629 pass, 6 warn, 0 fail, 3 not_evaluated" in shown


def test_a_failing_identity_exits_1_and_names_file_and_line(tmp_path, capsys):
    text = RAW.read_text(encoding="utf-8").replace("抚恤金\t19.84\t19.84", "抚恤金\t19.84\t19.94")
    assert _run(tmp_path, _raw(tmp_path, text)) == 1
    shown = capsys.readouterr().out
    assert f"{RAW.name}:292" in shown.replace("data/raw/", "").replace(
        str(tmp_path / "raw") + "/", ""
    )
    summary = json.loads(
        (tmp_path / "reports" / "validation" / "summary.json").read_text(encoding="utf-8")
    )
    assert summary["success"] is False


def test_unreadable_input_exits_2(tmp_path):
    assert _run(tmp_path, _raw(tmp_path, "not a budget document\n")) == 2
