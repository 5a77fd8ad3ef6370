"""The chart library as page markup: what pages and the report builder need without Altair.

The Vega/Vega-Lite/vega-embed bundle (from vl-convert), the ``<script>`` elements that
inline or link it, and the markers that tie chart outputs to it.  Kept apart from
:mod:`pipeline.report.charts` so that the builder's processes do not import Altair (seconds
of start-up each) only to write pages.
"""

from __future__ import annotations

import functools
import html
import re

import vl_convert as vlc

BUNDLE_SCRIPT_ID = "kashgar-vega-bundle"
# Set (to any non-empty value) by pipeline.report.build in the kernel that
# executes a report: the page template carries the bundle, so enable() must not.
BUILD_ENV_VAR = "KASHGAR_REPORT_BUILD"
# "0" turns the static image of each chart off (report builds that keep no notebook).
STATIC_ENV_VAR = "KASHGAR_STATIC_CHARTS"
STATIC_CLASS = "kashgar-chart-static"
_BUNDLE_MARKER = "data-kashgar-vega-bundle"
_PENDING_TEXT = "Loading chart…"


@functools.cache
def vega_bundle() -> str:
    """Vega + Vega-Lite + Vega-Embed as one classic script (sets window.vegaEmbed).

    The code is wrapped in a function so its top-level ``const`` declarations do
    not clash if the bundle is ever evaluated twice on one page, and it returns
    early when ``window.vegaEmbed`` already exists.

    >>> js = vega_bundle()
    >>> js.startswith("(function () {") and "window.vegaEmbed=" in js
    True
    """
    raw = vlc.javascript_bundle()
    if re.search(r"</script", raw, flags=re.IGNORECASE):
        # Only ever inside string/regex literals, where "<\\/" means the same.
        raw = re.sub(r"</(script)", r"<\\/\1", raw, flags=re.IGNORECASE)
    return "(function () {\nif (window.vegaEmbed) { return; }\n" + raw + "\n})();"


def bundle_script_tag() -> str:
    """The ``<script>`` element holding :func:`vega_bundle` (for a page ``<head>``)."""
    return f'<script id="{BUNDLE_SCRIPT_ID}" {_BUNDLE_MARKER}="1">\n{vega_bundle()}\n</script>'


def bundle_script_ref(src: str) -> str:
    """A ``<script>`` element loading the bundle from ``src`` (a page's shared library).

    >>> bundle_script_ref("../lib/kashgar-vega.js")
    '<script src="../lib/kashgar-vega.js" data-kashgar-vega-bundle="1"></script>'
    """
    return f'<script src="{html.escape(src)}" {_BUNDLE_MARKER}="1"></script>'


BUNDLE_TAG_RE = re.compile(
    r"<script\b[^>]*\b" + _BUNDLE_MARKER + r"\b[^>]*>.*?</script>\s*", re.DOTALL | re.IGNORECASE
)
"""Matches a bundle ``<script>`` element produced by :func:`bundle_script_tag`."""


def pending_html() -> str:
    """What a chart's ``<div>`` holds until the chart library draws it (no static image)."""
    return f'<span class="kashgar-chart-pending">{_PENDING_TEXT}</span>'


STATIC_IMAGE_RE = re.compile(r'<img class="' + STATIC_CLASS + r'"[^>]*>')
"""Matches the ``<img>`` of :func:`pipeline.report.charts.static_image_html` (pages drop it)."""
