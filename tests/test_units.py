"""Units by id, name or part of it; years as Int32; Float64 amounts on request."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

import pipeline
from pipeline import views
from pipeline.synth.render import render_document, write_document
from pipeline.units import UnitLookupError, resolve, short_name, unit_id
from tests.helpers import RAW, UNIT
from tests.views.synthetic import budget


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """data/raw with the shipped document and two synthetic units; BUDGET_* point at it."""
    root = tmp_path_factory.mktemp("units")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    for seed in (1, 2):
        write_document(raw / f"synthetic-{seed}.txt", render_document(budget(seed)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUDGET_RAW", str(raw))
        patch.setenv("BUDGET_CLEAN", str(root / "clean"))
        assert pipeline.ensure_clean().errors == []
        yield root


def test_unit_id_is_stable_and_short_name_drops_the_region():
    assert unit_id(UNIT) == "u63695e4087" == unit_id(f" {UNIT[:8]} {UNIT[8:]}")
    assert unit_id("新疆维吾尔自治区喀什地区财政局") != unit_id(UNIT)
    assert short_name(UNIT) == "行政公署办公室"
    assert short_name("喀什地区") == "喀什地区"  # nothing would be left: the full name


def test_load_accepts_id_full_short_and_part_of_the_name(corpus):
    full = pipeline.load("line_items", unit=UNIT)
    assert full.height > 0 and full["unit"].unique().to_list() == [UNIT]
    for query in ("u63695e4087", "行政公署办公室", "行政公署", " 喀什地区行政公署办公室 "):
        assert pipeline.load("line_items", unit=query).equals(full), query
    documents = pipeline.load("documents", unit="行政公署")
    assert documents.select("unit_id", "unit_short").row(0) == ("u63695e4087", "行政公署办公室")


def test_load_says_when_nothing_or_several_units_match(corpus):
    with pytest.raises(UnitLookupError, match=r"no unit matches '财政局'.*3 unit\(s\)"):
        pipeline.load("facts", unit="财政局")
    with pytest.raises(UnitLookupError, match=r"2 units match '合成测试单位'.*u[0-9a-f]{10}"):
        pipeline.load("facts", unit="合成测试单位")
    with pytest.raises(LookupError):
        pipeline.load_unit_year("不存在的单位", 2024)


def test_year_is_int32_and_amounts_can_be_float(corpus):
    items = pipeline.load("line_items", year=2024)
    assert items.schema["year"] == pl.Int32 and set(items["year"]) == {2024}
    floats = pipeline.load("line_items", unit=UNIT, amounts="float")
    exact = pipeline.load("line_items", unit=UNIT)
    assert floats.schema["amount"] == pl.Float64
    assert floats["amount"].to_list() == [float(v) for v in exact["amount"]]
    with pytest.raises(ValueError, match="amounts must be"):
        pipeline.load("line_items", amounts="double")


def test_views_load_like_tables(corpus):
    panel = views.load("unit_year_panel")
    assert panel.height == 3 and panel["unit_id"].n_unique() == 3
    one = views.load("unit_year_panel", unit="行政公署", amounts="float")
    assert one.height == 1 and one.schema["total"] == pl.Float64
    assert one["total"].item() == 5069.86


def test_resolve_prefers_an_exact_name_over_a_part():
    names = ["甲合成局", "甲合成局办公室"]
    assert resolve("甲合成局", names) == "甲合成局"
    assert resolve("办公室", names) == "甲合成局办公室"


def test_load_says_when_other_code_built_the_store(tmp_path, monkeypatch):
    """load() never ingests: a store another version of the parsers built is read with a
    warning, one written in another layout (its files would not read as this version's
    tables) is an error; both name the command, and ensure_clean() rebuilds it."""
    import json

    from pipeline import store

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    monkeypatch.setenv("BUDGET_RAW", str(raw))
    monkeypatch.setenv("BUDGET_CLEAN", str(tmp_path / "clean"))
    pipeline.ensure_clean()
    manifest = tmp_path / "clean" / store.MANIFEST
    current = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**current, "build": "older parsers"}), encoding="utf-8")
    with pytest.warns(pipeline.StaleCleanWarning, match="another version of the parsers"):
        assert pipeline.load("documents").height == 1
    manifest.write_text(
        json.dumps({**current, "layout": "year=YYYY hive folders"}), encoding="utf-8"
    )
    with pytest.raises(pipeline.CleanStoreMissing, match=r"another layout.*budget ingest"):
        pipeline.load("documents")
    assert pipeline.ensure_clean().parsed == 1
    assert store.read_manifest(tmp_path / "clean")["layout"] == store.LAYOUT
    assert pipeline.load("documents").height == 1
