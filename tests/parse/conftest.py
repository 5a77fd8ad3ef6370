"""The shipped document, read once per session for the parser tests."""

from __future__ import annotations

import pytest

from pipeline.reader import RawDocument, read_document
from tests.helpers import RAW

SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"


@pytest.fixture(scope="session")
def real() -> RawDocument:
    return read_document(RAW, SOURCE)
