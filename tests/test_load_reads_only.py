"""`pipeline.load` / `scan` only read: a missing store is an error and a stale one a warning,
each naming the command to run; `pipeline.ensure_clean()` is the explicit ingest, and a
check that found nothing changed is recorded, so a touched file is not stale forever."""

from __future__ import annotations

import os
import shutil
import time
import warnings

import pytest

import pipeline
from pipeline import store
from tests.helpers import RAW, UNIT


@pytest.fixture
def paths(tmp_path, monkeypatch):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    monkeypatch.setenv("BUDGET_RAW", str(raw))
    monkeypatch.setenv("BUDGET_CLEAN", str(clean))
    return raw, clean


def _no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def test_load_never_builds_the_store(paths):
    _, clean = paths
    for read in (
        lambda: pipeline.load("documents"),
        lambda: pipeline.scan("documents"),
        lambda: pipeline.load_unit_year(UNIT, 2024),
    ):
        with pytest.raises(pipeline.CleanStoreMissing, match="run `budget ingest`"):
            read()
    assert not clean.exists()


def test_ensure_clean_ingests_and_load_then_reads_quietly(paths):
    result = pipeline.ensure_clean()
    assert result.errors == [] and result.wrote
    documents = _no_warning(lambda: pipeline.load("documents"))
    assert documents["unit"].to_list() == [UNIT]


def test_a_changed_document_is_read_stale_with_a_warning_not_reingested(paths):
    raw, clean = paths
    pipeline.ensure_clean()
    built = (clean / store.MANIFEST).read_bytes()
    text = RAW.read_text(encoding="utf-8").replace("张深意", "张 深意")
    time.sleep(0.01)  # a file time of its own (times are compared for equality)
    (raw / RAW.name).write_text(text, encoding="utf-8")
    with pytest.warns(
        pipeline.StaleCleanWarning,
        match=r"1 document\(s\) changed since the "
        r"last ingest .*run `budget ingest`",
    ):
        assert pipeline.load("documents").height == 1
    assert (clean / store.MANIFEST).read_bytes() == built  # nothing was ingested
    (raw / "b.txt").write_text(text.replace("2024", "2025"), encoding="utf-8")
    with pytest.warns(
        pipeline.StaleCleanWarning,
        match=r"1 document\(s\) under raw not "
        r"ingested \(e\.g\. b\.txt\)",
    ):
        pipeline.scan("documents")
    assert pipeline.ensure_clean().parsed == 2
    assert _no_warning(lambda: pipeline.load("documents")).height == 2
    (raw / "b.txt").unlink()
    with pytest.warns(pipeline.StaleCleanWarning, match="no longer under raw"):
        pipeline.load_unit_year(UNIT, 2024)


def test_a_touched_but_unchanged_document_is_stale_only_until_the_next_ingest(paths):
    """The manifest was not rewritten when nothing changed: every load() saw a newer raw
    file and re-ingested."""
    raw, clean = paths
    pipeline.ensure_clean()
    written = (clean / store.MANIFEST).stat().st_mtime_ns
    assert not pipeline.ensure_clean().wrote  # nothing to record: the manifest stays
    assert (clean / store.MANIFEST).stat().st_mtime_ns == written
    listed = store.read_manifest(clean)["documents"][str(raw / RAW.name)]["mtime_ns"]
    os.utime(raw / RAW.name, ns=(listed + 10**9, listed + 10**9))  # same bytes, newer time
    with pytest.warns(pipeline.StaleCleanWarning):
        pipeline.load("documents")
    again = pipeline.ensure_clean()
    assert not again.wrote and again.parsed == 0
    manifest = store.read_manifest(clean)
    assert manifest["documents"][str(raw / RAW.name)]["mtime_ns"] == listed + 10**9
    _no_warning(lambda: pipeline.load("documents"))
