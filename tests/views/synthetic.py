"""Synthetic documents (pipeline.synth) parsed into clean frames, for the view tests."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl

from pipeline.ingest import parse_frames
from pipeline.synth.model import SyntheticBudget, generate_budget
from pipeline.synth.render import render_document, render_lines, write_document


def budget(seed: int, year: int = 2024, **options: bool) -> SyntheticBudget:
    """A synthetic budget of unit `seed` (options: sangong, carryover, projects)."""
    return generate_budget(
        random.Random(seed), f"合成测试单位{seed:05d}（synthetic）", year, **options
    )


def frames_of(folder: Path, budgets: list[SyntheticBudget]) -> dict[str, pl.DataFrame]:
    """The clean frames of the budgets' rendered documents, concatenated table by table."""
    parts: dict[str, list[pl.DataFrame]] = {}
    for index, item in enumerate(budgets):
        path = write_document(folder / f"doc-{index}.txt", render_document(item))
        frames, status = parse_frames(path, path.name)
        assert status.status == "ok", status.error
        for name, frame in frames.items():
            parts.setdefault(name, []).append(frame)
    return {name: pl.concat(frames) for name, frames in parts.items()}


def anchor(item: SyntheticBudget, key: tuple) -> int:
    """The line the renderer wrote `key` on."""
    return render_lines(item).anchors[key]
