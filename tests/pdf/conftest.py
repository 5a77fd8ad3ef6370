"""PDFs printed once per session by headless Chromium from documents the project has: the
shipped text and synthetic ones, in the two font embeddings the converter meets, ruled and
with horizontal rules only; and their conversions, done once."""

from __future__ import annotations

import base64
import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.pdf import Conversion, convert_pdf
from pipeline.synth.html import PageStyle, document_html
from pipeline.synth.model import generate_budget
from pipeline.synth.printing import CHROMIUM, FONTS, print_pdfs
from pipeline.synth.render import RenderVariant, render_document
from tests.helpers import RAW

TRUETYPE, TYPE3 = FONTS["truetype"], FONTS["type3"]


def synthetic(seed: int, year: int, variant: RenderVariant) -> str:
    unit = f"合成测试单位{seed:04d}（synthetic）"
    return render_document(generate_budget(random.Random(seed), unit, year), variant=variant)


# name → (the text printed, how it is printed)
DOCUMENTS: dict[str, tuple[Callable[[], str], PageStyle]] = {
    "shipped-truetype": (lambda: RAW.read_text(encoding="utf-8"), PageStyle(TRUETYPE)),
    "shipped-type3": (lambda: RAW.read_text(encoding="utf-8"), PageStyle(TYPE3)),
    "shipped-open": (
        lambda: RAW.read_text(encoding="utf-8"),
        PageStyle(TRUETYPE, vertical_rules="unnumbered"),
    ),
    # tables continued on a second page (and third …) every 5 rows; a sentence no rule reads
    # (partial: its numbers in `unplaced`, which names the page too)
    "synth-pages": (
        lambda: synthetic(11, 2021, RenderVariant(page_rows=5, unknown_sentence=True)),
        PageStyle(TRUETYPE),
    ),
    "synth-wide": (
        lambda: synthetic(
            12, 2022, RenderVariant(full_width=True, stray_spaces=True, thousands=False)
        ),
        PageStyle(TYPE3),
    ),
    "synth-open": (
        lambda: synthetic(13, 2023, RenderVariant(page_rows=9)),
        PageStyle(TYPE3, vertical_rules="unnumbered"),
    ),
}


def scanned_html() -> str:
    """A page that is a picture of text (as a scanner makes it), with the page number the
    browser prints as text."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 40)
    for row, text in enumerate(("表 1", "单位收支总体情况表", "一、本年收入 5,066.17")):
        draw.text((150, 200 + 90 * row), text, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return (
        "<!DOCTYPE html><html><head><style>@page { size: A4; margin: 0 0 20mm 0; } "
        "body { margin: 0; } img { width: 210mm; }</style></head><body>"
        f'<img src="data:image/png;base64,{data}"></body></html>'
    )


# name → HTML of PDFs the converter must reject
REJECTED: dict[str, Callable[[], str]] = {
    "scanned": scanned_html,
    # no table has vertical rules: table 1 has no ※ row to take its columns from
    "shipped-unruled": lambda: document_html(
        RAW.read_text(encoding="utf-8"), PageStyle(TRUETYPE, vertical_rules="none")
    ),
}


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The text each PDF is printed from."""
    return {name: text() for name, (text, _) in DOCUMENTS.items()}


@pytest.fixture(scope="session")
def printed(tmp_path_factory, texts) -> dict[str, Path]:
    """name → the printed PDF (one browser prints them all)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run `bash scripts/install-browser.sh`")
    folder = tmp_path_factory.mktemp("printed")
    jobs = [
        (document_html(texts[name], style), folder / f"{name}.pdf")
        for name, (_, style) in DOCUMENTS.items()
    ]
    jobs += [(html(), folder / f"{name}.pdf") for name, html in REJECTED.items()]
    print_pdfs(jobs)
    return {name: folder / f"{name}.pdf" for name in [*DOCUMENTS, *REJECTED]}


@pytest.fixture(scope="session")
def converted(printed) -> Callable[[str], Conversion]:
    """name → its conversion in this process, converted on first use."""
    done: dict[str, Conversion] = {}

    def conversion(name: str) -> Conversion:
        if name not in done:
            done[name] = convert_pdf(printed[name], f"{name}.pdf")
        return done[name]

    return conversion
