"""Shared test helpers: the shipped document and edited copies of it, the browser."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.reader import RawDocument
from pipeline.synth.printing import CHROMIUM as CHROMIUM  # Debian's, install-browser.sh
from pipeline.synth.printing import CHROMIUM_ARGS as CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "kashgar-admin-office_2024_budget.txt"
UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"


def edited(doc: RawDocument, edits: dict[int, str]) -> RawDocument:
    """The document with some 1-based lines replaced (line numbers stay the same)."""
    lines = list(doc.lines)
    for number, text in edits.items():
        lines[number - 1] = text
    return replace(doc, lines=tuple(lines))
