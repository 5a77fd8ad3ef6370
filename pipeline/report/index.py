"""`<reports>/index.html`: every unit-year of the clean tables, its reports, and what is missing.

One row per unit-year: a link per report page, and for a page not built by this run why
not — built by an earlier run (with its date, and a warning when the clean tables changed
since), failed (with the reason), or left out by `--units`/`--years`/`--limit`.  A filter
box narrows the rows by unit (name, short name, id) or year, and a click on a header sorts
them: the tables' inline script every page shares (`pipeline.page_tables`, nothing loaded).
All text from documents is escaped.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from pipeline.page_tables import filter_form, script_tag, text_filter
from pipeline.report.atomic import write_atomic
from pipeline.report.selection import UnitYear

TITLE = "Budget reports · 预算报告"
BUILT, EARLIER, STALE, FAILED, SKIPPED = "built", "earlier", "stale", "failed", "skipped"


@dataclass(frozen=True)
class PageLink:
    """One report page of a row: its short title, state, file (if any) and a note.

    ``state`` is ``built`` (this run), ``earlier`` (an earlier run, still current),
    ``stale`` (an earlier run, older than the clean tables), ``failed`` or ``skipped``.
    """

    title: str
    state: str
    path: str | os.PathLike[str] | None = None
    note: str | None = None


@dataclass(frozen=True)
class IndexRow:
    """A unit-year and its pages."""

    unit_year: UnitYear
    pages: tuple[PageLink, ...]


_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", sans-serif; max-width: 1200px; margin: 1.5em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.5em; margin-bottom: .3em; }
a { color: #0b5394; }
.top { background: #f4f6f8; padding: .6em 1em; border-radius: 4px; }
.top p { margin: .2em 0; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left;
         vertical-align: top; }
thead th { position: sticky; top: 0; background: #eef1f4; z-index: 1; }
td.year { font-variant-numeric: tabular-nums; }
.unit-id { color: #666; font-size: .85em; }
.pages a, .pages span { margin-right: .8em; white-space: nowrap; }
.earlier { color: #555; } .stale { color: #9a6700; } .failed { color: #b42318; }
.skipped { color: #777; font-style: italic; }
.note { font-size: .85em; }
#filter { font-size: 1em; padding: .3em .5em; width: 22em; margin: .8em 0; }
"""


# Hides the rows whose text does not contain every word typed (case-insensitive).
def href(reports_dir: Path, path: str | os.PathLike[str]) -> str:
    """A link to `path` from the index (relative and URL-quoted when inside the folder).

    >>> href(Path("/r"), "/r/单位-2024/01-overview.html")
    '%E5%8D%95%E4%BD%8D-2024/01-overview.html'
    """
    target = Path(path)
    if target.is_absolute():
        try:
            target = target.resolve().relative_to(reports_dir.resolve())
        except ValueError:
            return "file://" + quote(target.resolve().as_posix())
    return quote(PurePosixPath(*target.parts).as_posix())


def _page_html(root: Path, page: PageLink) -> str:
    esc = html.escape
    note = f' <span class="note">({esc(page.note)})</span>' if page.note else ""
    if page.path is not None and page.state in (BUILT, EARLIER, STALE, FAILED):
        return (
            f'<a class="{page.state}" href="{esc(href(root, page.path))}">'
            f"{esc(page.title)}</a>{note}"
        )
    return f'<span class="{esc(page.state)}">{esc(page.title)}{note}</span>'


def _summary(rows: Sequence[IndexRow]) -> str:
    states = [page.state for row in rows for page in row.pages]
    parts = [f"{len(rows)} unit-years", f"{states.count(BUILT)} pages built by this run"]
    labels = (
        (EARLIER, "from earlier runs"),
        (STALE, "from earlier runs, older than the data"),
        (FAILED, "failed"),
        (SKIPPED, "not built"),
    )
    parts += [f"{states.count(state)} {label}" for state, label in labels if states.count(state)]
    return "; ".join(parts) + "."


def _row_html(root: Path, row: IndexRow) -> str:
    esc = html.escape
    uy = row.unit_year
    search = " ".join(filter(None, (uy.unit, uy.short_name, uy.unit_id, str(uy.year))))
    ident = f' <span class="unit-id">{esc(uy.unit_id)}</span>' if uy.unit_id else ""
    skipped = {page.note for page in row.pages if page.state == SKIPPED and page.note}
    pages = [p for p in row.pages if p.state != SKIPPED or not p.note]
    cells = "".join(_page_html(root, page) for page in pages)
    if skipped:
        cells += "".join(
            f'<span class="skipped">not built: {esc(reason)}</span>' for reason in sorted(skipped)
        )
    return (
        f'<tr data-search="{esc(search.lower())}">'
        f'<td title="{esc(uy.unit)}">{esc(uy.label)}{ident}</td>'
        f'<td class="year">{uy.year}</td><td class="pages">{cells}</td></tr>'
    )


def index_html(
    reports_dir: str | os.PathLike[str],
    rows: Iterable[IndexRow],
    *,
    across: PageLink | None = None,
    title: str = TITLE,
) -> str:
    """The index page as a string (see :func:`write_index`).

    >>> page = index_html("/nonexistent", [IndexRow(UnitYear("<script>x</script>", 2024),
    ...                                            (PageLink("Overview", BUILT, "a.html"),))])
    >>> "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    True
    """
    root = Path(reports_dir)
    rows = sorted(rows, key=lambda r: (r.unit_year.label, r.unit_year.unit, -r.unit_year.year))
    esc = html.escape
    top = []
    if across is not None:
        top.append(f"<p>{_page_html(root, across)}</p>")
    if (root / "validation" / "index.html").is_file():
        top.append('<p><a href="validation/index.html">Validation results · 数据校验结果</a></p>')
    top.append(f"<p>{esc(_summary(rows))}</p>")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        '<div class="top">',
        *top,
        "</div>",
    ]
    if rows:
        box = text_filter(
            "search", "Filter · 筛选", "unit, id or year · 单位或年度", element_id="filter"
        )
        parts += [
            '<div id="index">',
            filter_form("index-rows", [box], count_text=f"of {len(rows)} shown", count_id="shown"),
            '<table id="index-rows" class="kashgar-sortable"><thead><tr><th>Unit · 单位</th>'
            '<th data-sort="num">Year · 年度</th><th>Reports · 报告</th></tr></thead><tbody>',
            *(_row_html(root, row) for row in rows),
            "</tbody></table>",
            "</div>",
            script_tag("index"),
        ]
    else:
        parts.append("<p>No reports yet.</p>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_index(
    reports_dir: str | os.PathLike[str],
    rows: Iterable[IndexRow],
    *,
    across: PageLink | None = None,
    title: str = TITLE,
) -> Path:
    """Write `<reports_dir>/index.html` (atomically) and return its path."""
    root = Path(reports_dir)
    return write_atomic(root / "index.html", index_html(root, rows, across=across, title=title))
