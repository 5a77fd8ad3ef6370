"""HTML → PDF through Debian's headless Chromium (driven by Playwright), as units print
their disclosures: A4, page numbers in the footer, the fonts embedded.

Chromium embeds a TrueType CJK font (WenQuanYi Zen Hei) as a CID font with Identity-H
encoding and a ToUnicode map, as WPS and Word write them, and Noto CJK (OpenType/CFF) as
Type 3 fonts: the two embeddings the PDF converter meets.  Playwright is a test
dependency; it is imported only when a PDF is printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.report.atomic import write_atomic

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, installed by scripts/install-browser.sh; never downloaded."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FONTS = {"truetype": "WenQuanYi Zen Hei", "type3": "Noto Sans CJK SC"}
"""Font families by how Chromium embeds them."""

# Chromium draws the footer in the bottom margin of every page, landscape ones too.
_FOOTER = (
    '<div style="width:100%;text-align:center;font-size:9pt;'
    "font-family:'DejaVu Sans',sans-serif;\">"
    '- <span class="pageNumber"></span> -</div>'
)


def print_pdfs(pages: Iterable[tuple[str, Path]]) -> list[Path]:
    """Print each (HTML, target) pair to its PDF with one browser; the targets, in order.

    Each PDF is written beside its target and renamed into place (`write_atomic`).
    """
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for markup, target in pages:
                page.set_content(markup, wait_until="load")
                page.evaluate("document.fonts.ready")
                data = page.pdf(
                    prefer_css_page_size=True,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=_FOOTER,
                )
                written.append(write_atomic(target, data))
        finally:
            browser.close()
    return written


def print_pdf(markup: str, target: Path) -> Path:
    """Print one HTML page to `target`."""
    return print_pdfs([(markup, target)])[0]
