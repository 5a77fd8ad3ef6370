"""Reports built once per session: the shipped document, and a small synthetic corpus.

Each notebook runs top to bottom in a real kernel (nbclient through `pipeline.report`), so
the fixtures are session-scoped and every test reuses the HTML they wrote.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main as budget
from pipeline.ingest import ingest
from pipeline.synth.model import generate_budget
from pipeline.synth.render import render_document, write_document
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, RAW

ZERO_SANGONG = "合成零三公单位（synthetic）"


def _ingest(raw: Path, clean: Path) -> Path:
    result = ingest(raw, clean)
    assert not result.errors, result.errors
    return clean


@pytest.fixture(scope="session")
def real_corpus(tmp_path_factory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("real-raw")
    shutil.copy(RAW, raw / RAW.name)
    return raw, _ingest(raw, tmp_path_factory.mktemp("real") / "clean")


@pytest.fixture(scope="session")
def real_reports(real_corpus, tmp_path_factory):
    from pipeline.report.run import build_all

    raw, clean = real_corpus
    reports = tmp_path_factory.mktemp("real-reports")
    return reports, build_all(raw, clean, reports)


@pytest.fixture(scope="session")
def synth_corpus(tmp_path_factory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("synth-raw")
    assert budget(["synth", "--docs", "3", "--out", str(raw), "--seed", "7"]) == 0
    shutil.copy(RAW, raw / RAW.name)
    # a unit whose 三公 fell to 0.00: table 10 blank, section 十 says 0.00 万元
    zero = generate_budget(random.Random(5), ZERO_SANGONG, 2024, sangong=False)
    write_document(raw / "zero-sangong.txt", render_document(zero))
    return raw, _ingest(raw, tmp_path_factory.mktemp("synth") / "clean")


@pytest.fixture(scope="session")
def synth_reports(synth_corpus, tmp_path_factory):
    """Notebooks 1–5 for the first (synthetic) unit-year only, notebook 6 over all four."""
    from pipeline.report.run import build_all

    raw, clean = synth_corpus
    reports = tmp_path_factory.mktemp("synth-reports")
    return reports, build_all(raw, clean, reports, units=1)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module: Playwright's sync API allows one running instance per
    thread, and other modules start their own."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run `bash scripts/install-browser.sh`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
