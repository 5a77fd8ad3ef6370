"""The shipped document parsed once per session, as clean frames of one unit-year."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.ingest import parse_frames
from tests.helpers import RAW


@pytest.fixture(scope="session")
def real() -> dict[str, pl.DataFrame]:
    frames, status = parse_frames(RAW, str(RAW))
    assert status.status == "ok", status.error
    return frames
