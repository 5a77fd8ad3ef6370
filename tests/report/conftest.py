"""Shared fixtures for the report-infrastructure tests: tiny notebooks, Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import ARTIFACTS, make_chart_notebook

from tests.helpers import CHROMIUM


@pytest.fixture
def chart_notebook(tmp_path: Path) -> Path:
    return make_chart_notebook(tmp_path / "notebooks" / "charts.ipynb")


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run `bash scripts/install-browser.sh` (make test does)")
    return CHROMIUM


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
