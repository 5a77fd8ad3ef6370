"""`pipeline.load_unit_year`: one document, picked by unit, year and (when needed) kind."""

from __future__ import annotations

import datetime as dt

import pytest

import pipeline
from pipeline import store
from pipeline.tidy import to_frame


def _document(kind: str) -> dict:
    return {
        "unit": "合成单位（synthetic）",
        "year": 2024,
        "kind": kind,
        "title": "2024 年单位预算公开",
        "template": "unit_budget_2024",
        "published": dt.date(2024, 2, 1),
        "sha256": kind,
        "encoding": "utf-8",
        "source": f"{kind}.txt",
        "line": 1,
    }


@pytest.fixture()
def two_kinds(tmp_path, monkeypatch):
    """A clean store holding a budget and another kind of document of one unit-year."""
    (tmp_path / "raw").mkdir()
    docs = to_frame("documents", [_document("budget"), _document("final_accounts")])
    store.write_clean(tmp_path / "clean", {"documents": docs}, {"documents": {}})
    monkeypatch.setenv("BUDGET_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("BUDGET_CLEAN", str(tmp_path / "clean"))


def test_several_kinds_of_one_unit_year_need_a_kind(two_kinds):
    with pytest.raises(LookupError, match=r"several kinds .*budget, final_accounts"):
        pipeline.load_unit_year("合成单位（synthetic）", 2024, ("documents",))
    frames = pipeline.load_unit_year("合成单位（synthetic）", 2024, ("documents",), kind="budget")
    assert frames["documents"]["kind"].to_list() == ["budget"]
    with pytest.raises(LookupError, match=r"no clean document .* 2023"):
        pipeline.load_unit_year("合成单位（synthetic）", 2023, ("documents",), kind="budget")
