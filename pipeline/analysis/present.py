"""Presenting findings in notebooks: escaped Markdown sentences and plain HTML tables.

Text from documents (unit and project names, reasons) is escaped before it reaches HTML, so
a unit named `<script>…` shows as text in a report.  Amounts print as the documents print
them (1,962.00); a missing figure prints as "—", never as 0.
"""

from __future__ import annotations

import html
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import money

__all__ = ["Table", "esc", "table"]


def esc(value: object) -> str:
    """Text safe to put in Markdown/HTML: <, >, & and quotes escaped; None as '—'.

    >>> esc("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    """
    return "—" if value is None else html.escape(str(value))


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        places = min(4, max(2, -exponent)) if isinstance(exponent, int) else 2
        return money(value, places)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return esc(value)


SCROLL_STYLE = "max-height:36em;overflow:auto;margin:.5em 0"
STICKY_STYLE = "position:sticky;top:0;background:#f3f3f3;z-index:1"
"""Inline styles (they hold in JupyterLab, in exported pages and in a copy of a notebook):
a long table scrolls in its own box, its header row stays in view."""


class Table:
    """An HTML table of a frame (what notebooks `display`), its header row sticky."""

    def __init__(self, frame: pl.DataFrame, headers: dict[str, str] | None = None):
        self.frame = frame
        self.headers = headers or {}

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th style="{STICKY_STYLE}">{esc(self.headers.get(c, c))}</th>'
            for c in self.frame.columns
        )
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
            for row in self.frame.iter_rows()
        )
        return (
            f'<div class="kashgar-scroll" style="{SCROLL_STYLE}"><table class="kashgar-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )


def table(frame: pl.DataFrame, headers: dict[str, str] | None = None) -> Table:
    """A displayable table; `headers` renames columns for readers.

    >>> "&lt;b&gt;" in table(pl.DataFrame({"a": ["<b>"]}))._repr_html_()
    True
    """
    return Table(frame, headers)
