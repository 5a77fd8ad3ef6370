"""Presenting findings in notebooks: escaped Markdown sentences and plain HTML tables.

Text from documents (unit and project names, reasons) is escaped before it reaches HTML, so
a unit named `<script>…` shows as text in a report.  Amounts print as the documents print
them (1,962.00); a missing figure prints as "—", never as 0.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import polars as pl

from pipeline.analysis.common import money
from pipeline.page_tables import filter_form, script_tag, select_filter, text_filter
from pipeline.units import short_name

__all__ = ["Table", "esc", "table", "unit_words"]


def esc(value: object) -> str:
    """Text safe to put in Markdown/HTML: <, >, & and quotes escaped; None as '—'.

    >>> esc("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    """
    return "—" if value is None else html.escape(str(value))


def unit_words(unit: str) -> str:
    """A unit for a sentence (Markdown): its short name in bold, then the full name when it
    differs (Markdown renderers treat inline HTML such as a `title` unevenly).

    >>> unit_words("新疆维吾尔自治区喀什地区财政局")
    '**财政局** (新疆维吾尔自治区喀什地区财政局)'
    >>> unit_words("合成单位<1>")
    '**合成单位&lt;1&gt;**'
    """
    short = short_name(unit)
    return f"**{esc(short)}**" + ("" if short == unit else f" ({esc(unit)})")


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
FORM_STYLE = "margin:.5em 0 0;font-size:.9em"
"""Inline styles (they hold in JupyterLab, in exported pages and in a copy of a notebook):
a long table scrolls in its own box, its header row stays in view."""


class Table:
    """An HTML table of a frame (what notebooks `display`), its header row sticky.

    `headers` renames columns for readers.  `hidden` columns are not shown (they may still
    feed the filter or a title).  `titles` maps a shown column to the column whose value is
    its cells' `title` (e.g. the full unit name behind a short one).  With `sortable`, a
    click on a header sorts the rows (numeric columns by exact value, blanks last); `find`
    columns add a text box that keeps the rows whose values contain what is typed, and each
    of `choices` (shown columns) a drop-down of its values.  The controls and their small
    script (`pipeline.page_tables`) are inline; without JavaScript the table reads as is.
    """

    def __init__(
        self,
        frame: pl.DataFrame,
        headers: dict[str, str] | None = None,
        *,
        hidden: Sequence[str] = (),
        titles: Mapping[str, str] | None = None,
        sortable: bool = False,
        find: Sequence[str] = (),
        find_label: str = "filter",
        choices: Sequence[str] = (),
    ):
        self.frame = frame
        self.headers = headers or {}
        self.shown = [c for c in frame.columns if c not in hidden]
        self.titles = dict(titles or {})
        self.sortable = sortable
        self.find = list(find)
        self.find_label = find_label
        self.choices = list(choices)
        unknown = {*self.titles, *self.choices} - set(self.shown)
        unknown |= {*self.titles.values(), *self.find} - set(frame.columns)
        if unknown:
            raise KeyError(f"no column(s) {sorted(unknown)} to show, filter on or title with")

    def _head(self) -> str:
        def th(column: str) -> str:
            numeric = self.sortable and self.frame.schema[column].is_numeric()
            kind = ' data-sort="num"' if numeric else ""
            return f'<th style="{STICKY_STYLE}"{kind}>{esc(self.headers.get(column, column))}</th>'

        return "".join(th(c) for c in self.shown)

    def _rows(self) -> str:
        titled = {i: self.titles[c] for i, c in enumerate(self.shown) if c in self.titles}
        rows = []
        for row in self.frame.iter_rows(named=True):
            cells = []
            for i, column in enumerate(self.shown):
                title = row[titled[i]] if i in titled else None
                attr = f' title="{esc(title)}"' if title is not None else ""
                cells.append(f"<td{attr}>{_cell(row[column])}</td>")
            found = "|".join(str(row[c]) for c in self.find if row[c] is not None)
            attr = f' data-find="{esc(found)}"' if self.find else ""
            rows.append(f"<tr{attr}>{''.join(cells)}</tr>")
        return "".join(rows)

    def _controls(self, root: str) -> str:
        controls = [text_filter("find", self.find_label, "name or id")] if self.find else []
        for column in self.choices:
            values = self.frame[column].drop_nulls().unique().sort()
            texts = [html.unescape(_cell(v)) for v in values]
            label = self.headers.get(column, column)
            options = [(t, t) for t in texts]
            controls.append(select_filter(label, options, "all", column=self.shown.index(column)))
        if not controls:
            return ""
        count = "rows shown; click a header to sort" if self.sortable else "rows shown"
        return filter_form(f"{root}-rows", controls, count_text=count, style=FORM_STYLE)

    def _repr_html_(self) -> str:
        interactive = self.sortable or self.find or self.choices
        root = f"kashgar-table-{uuid.uuid4().hex}" if interactive else ""
        table = (
            f'<div class="kashgar-scroll" style="{SCROLL_STYLE}"'
            + (f' id="{root}-rows"' if root else "")
            + '><table class="kashgar-table'
            + (' kashgar-sortable"' if self.sortable else '"')
            + f"><thead><tr>{self._head()}</tr></thead><tbody>{self._rows()}</tbody></table></div>"
        )
        if not interactive:
            return table
        return f'<div id="{root}">{self._controls(root)}{table}</div>{script_tag(root)}'


def table(frame: pl.DataFrame, headers: dict[str, str] | None = None, **options: Any) -> Table:
    """A displayable table; `headers` renames columns for readers; `options` as `Table`'s.

    >>> "&lt;b&gt;" in table(pl.DataFrame({"a": ["<b>"]}))._repr_html_()
    True
    """
    return Table(frame, headers, **options)
