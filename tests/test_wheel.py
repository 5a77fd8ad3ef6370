"""What the wheel ships: the package without the synthetic-document generator."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_pipeline_but_not_the_generator(tmp_path):
    wheel = Path(
        next(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    )
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/cli.py" in names
    assert "pipeline/template/editions.py" in names
    assert "pipeline/data/classification_codes.csv" in names  # data the package reads
    assert not [n for n in names if n.startswith("pipeline/synth/")]
