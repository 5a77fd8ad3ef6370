"""The self-contained validation page, from the residual frame or its tally.

GX's own Data Docs load bootstrap, jQuery and Vega from a CDN and render unstyled offline;
`index.html` here needs nothing but the file: inline CSS and a few lines of inline
JavaScript (`pipeline.page_tables`, shared with the reports' tables), no external link
except the relative link to GX's pages.

One screen of summary comes first (the verdict, counts by family and status, the
unit-years with most problems); then every result listed, grouped by outcome and family
in collapsed `<details>` — status fail, warn and not_evaluated first — with filters by
unit, family and status, each group's table sortable by a click on a header.  Units are
named by their short name (`pipeline.units.short_name`), the full name on hover.  A page
for one document stays a few screens tall.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.identities import FAMILIES, STATUSES
from pipeline.page_tables import filter_form, script_tag, select_filter, unit_name
from pipeline.schema import DOCUMENT_KEY
from pipeline.units import short_name
from pipeline.validate.results import num_text

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em auto;
color:#222;max-width:1200px;padding:0 1em;line-height:1.4}
h1{font-size:1.45em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}
.ok{color:#1a7f37}.bad{color:#b42318}.warn{color:#9a6700}
table{border-collapse:collapse;margin:.5em 0;font-size:.88em}
th,td{border:1px solid #d5d5d5;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.rows{table-layout:fixed;width:100%}table.rows td{overflow-wrap:anywhere}
tr.fail td{background:#fdecea}tr.warn td{background:#fff8e1}
tr.not_evaluated td{background:#eef2f7}
details{margin:.25em 0}summary{cursor:pointer;padding:.2em 0}
details.group>summary{font-weight:600}
.badge{display:inline-block;min-width:7.5em;padding:0 .4em;border-radius:3px;
font-weight:600;font-size:.85em;text-align:center;margin-right:.4em}
.b-fail{background:#fdecea;color:#b42318}.b-warn{background:#fff8e1;color:#9a6700}
.b-not_evaluated{background:#eef2f7;color:#3b4a5a}.b-rounding{background:#eef7ee;color:#1a7f37}
.b-pass{background:#f3f3f3;color:#444}
#filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd;
z-index:1}#filters select{max-width:22em}
.muted{color:#666;font-size:.9em}
"""

OUTCOMES = (
    ("fail", "fail"),
    ("warn", "warn"),
    ("not_evaluated", "not_evaluated"),
    ("rounding", "pass, rounding"),
    ("pass", "pass"),
)
"""Groups in page order (class name, label): the statuses, problems first, with the passes
that have a rounding difference apart."""


def _cell(v: object, numeric: bool = False) -> str:
    text = "" if v is None else str(v)
    return f"<td{' class=n' if numeric else ''}>{html.escape(text)}</td>"


def _escaped(text: pl.Expr) -> pl.Expr:
    """`html.escape` as an expression (one pass, so `&` is not escaped twice)."""
    return text.str.replace_many(
        ["&", "<", ">", '"', "'"], ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"]
    )


def _td(text: pl.Expr, numeric: bool = False) -> list[pl.Expr]:
    return [
        pl.lit("<td class=n>" if numeric else "<td>"),
        _escaped(text.fill_null("")),
        pl.lit("</td>"),
    ]


_NUM = '<th data-sort="num">'
_HEAD = (
    '<colgroup><col style="width:15%"><col style="width:12%"><col style="width:13%">'
    '<col style="width:8%"><col style="width:8%"><col style="width:8%">'
    '<col style="width:8%"><col style="width:12%"><col style="width:16%"></colgroup>'
    "<thead><tr><th>check</th><th>unit · year · kind</th><th>instance</th>"
    f"{_NUM}reported</th>{_NUM}calculated</th>{_NUM}difference</th>{_NUM}tolerance</th>"
    "<th>file:line</th><th>detail</th></tr></thead>"
)


def _rows_table(frame: pl.DataFrame, unit_index: dict[str, int]) -> str:
    """Every row of `frame` as a sortable HTML table (rendered by Polars, not row by row).

    Each row is classed by its status (pass, warn, fail, not_evaluated) and carries
    its unit's number in `unit_index` (`data-u`) for the page's unit filter; the unit
    shows by its short name, the full name in the cell's title.
    """
    cls = pl.col("status").fill_null("None")
    index = pl.col("unit").replace_strict(unit_index, default=-1, return_dtype=pl.Int64)
    where = pl.concat_str(
        pl.col("source").fill_null("None").str.split("/").list.last(),
        pl.lit(":"),
        pl.col("line").cast(pl.String).fill_null("None"),
    )
    cells = [pl.lit("<tr class="), cls, pl.lit(' data-u="'), index.cast(pl.String), pl.lit('">')]
    cells += _td(pl.col("check"))
    shorts = {u: short_name(u) for u in frame["unit"].drop_nulls().unique()}
    short = pl.col("unit").replace_strict(shorts, default=pl.col("unit"), return_dtype=pl.String)
    cells += [
        pl.lit('<td title="'),
        _escaped(pl.col("unit").fill_null("")),
        pl.lit('">'),
        _escaped(
            pl.concat_str(
                short, pl.lit(" "), pl.col("year").cast(pl.String), pl.lit(" "), "kind"
            ).fill_null("")
        ),
        pl.lit("</td>"),
    ]
    cells += _td(pl.col("instance").cast(pl.String))
    for col in ("reported", "calculated", "difference", "tolerance"):
        cells += _td(num_text(col), numeric=True)
    cells += [
        pl.lit('<td title="'),
        _escaped(pl.col("source").fill_null("")),
        pl.lit('">'),
        _escaped(where),
        pl.lit("</td>"),
    ]
    cells += [*_td(pl.col("detail")), pl.lit("</tr>")]
    body = frame.select(pl.concat_str(cells).alias("tr"))["tr"].str.join("")
    rows = body.item() if frame.height else ""
    return f'<table class="rows kashgar-sortable">{_HEAD}<tbody>{rows}</tbody></table>'


def _count_table(frame: pl.DataFrame, columns: tuple[str, ...]) -> str:
    """A small table of counts; a `unit` column shows the short name, the full on hover."""

    def cell(row: dict, column: str) -> str:
        if column == "unit":
            return f"<td>{unit_name(short_name(row['unit']), row['unit'])}</td>"
        return _cell(row[column], isinstance(row[column], int))

    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(cell(r, c) for c in columns) + "</tr>" for r in frame.iter_rows(named=True)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


LIST_ALL_UP_TO = 20_000
"""Up to this many results the page lists every result; beyond, it lists failures,
warnings and not-evaluated results in full and counts the passes by check (every result
stays in results/)."""

_FAILED = pl.col("status") == "fail"
_WARNED = pl.col("status") == "warn"
_MISSING = pl.col("status") == "not_evaluated"
COUNTS = ("results", *STATUSES)
"""The columns of the counts (per family, per check): results, then one per status."""
_ROUNDING = (
    (pl.col("status") == "pass") & (pl.col("difference") != 0) & (pl.col("family") != "narrative")
)


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of `frame` that owns only its own strings.

    Polars' string views keep the buffers of the frame they were filtered from alive: a
    few kept rows would hold a whole batch's texts.  Arrow's classic strings copy them.
    """
    return pl.from_arrow(frame.to_arrow(compat_level=pl.CompatLevel.oldest()), schema=frame.schema)  # type: ignore[return-value]


def _by_check(residuals: pl.DataFrame) -> pl.DataFrame:
    unknown = set(residuals["status"].unique().to_list()) - set(STATUSES)
    if unknown:
        raise ValueError(
            f"unknown result status {sorted(unknown, key=str)}; the statuses "
            f"are {', '.join(STATUSES)}"
        )
    return residuals.group_by("family", "check").agg(
        pl.len().cast(pl.Int64).alias("results"),
        *((pl.col("status") == s).sum().cast(pl.Int64).alias(s) for s in STATUSES),
    )


@dataclass
class TallyPart:
    """What one batch of residuals adds to a `Tally`: small enough to send back from the
    process that computed the batch."""

    results: int
    docs: int
    kept: pl.DataFrame
    by_check: pl.DataFrame
    rows: pl.DataFrame | None  # every row, only for a batch of at most list_all_up_to


def tally_part(residuals: pl.DataFrame, list_all_up_to: int = LIST_ALL_UP_TO) -> TallyPart:
    """The failed, warned, not-evaluated and rounding rows of a batch and its counts."""
    return TallyPart(
        results=residuals.height,
        docs=residuals.select(DOCUMENT_KEY).unique().height,
        kept=compact(residuals.filter(_FAILED | _WARNED | _MISSING | _ROUNDING)),
        by_check=_by_check(residuals),
        rows=residuals if residuals.height <= list_all_up_to else None,
    )


class Tally:
    """What the page and the terminal show, gathered batch by batch.

    Keeps every failed, warned, not-evaluated and rounding row, counts per family and per
    check, and all rows only while there are at most `list_all_up_to` of them.
    """

    def __init__(self, list_all_up_to: int = LIST_ALL_UP_TO) -> None:
        self.list_all_up_to = list_all_up_to
        self.results = self.docs = 0
        self._kept: list[pl.DataFrame] = []
        self._by_check: list[pl.DataFrame] = []
        self._all: list[pl.DataFrame] | None = []

    @classmethod
    def of(cls, residuals: pl.DataFrame, list_all_up_to: int = LIST_ALL_UP_TO) -> Tally:
        """The tally of one residual frame."""
        tally = cls(list_all_up_to)
        tally.add(residuals)
        return tally

    def add(self, residuals: pl.DataFrame) -> None:
        """Count one batch (batches hold disjoint unit-years)."""
        self.add_part(tally_part(residuals, self.list_all_up_to))

    def add_part(self, part: TallyPart) -> None:
        """Count one batch already reduced by `tally_part`, in batch order."""
        self.results += part.results
        self.docs += part.docs
        self._kept.append(part.kept)
        self._by_check.append(part.by_check)
        if self._all is not None:
            if part.rows is None or self.results > self.list_all_up_to:
                self._all = None
            else:
                self._all.append(part.rows)

    def _frame(self, parts: list[pl.DataFrame]) -> pl.DataFrame:
        from pipeline.identities import empty_residuals

        return pl.concat([*parts, empty_residuals()])

    @property
    def kept(self) -> pl.DataFrame:
        return self._frame(self._kept)

    @property
    def failed(self) -> pl.DataFrame:
        """Results with status fail (identities of severity failure that do not hold)."""
        return self.kept.filter(_FAILED)

    @property
    def warned(self) -> pl.DataFrame:
        """Results with status warn (warnings that do not hold)."""
        return self.kept.filter(_WARNED)

    @property
    def missing(self) -> pl.DataFrame:
        """Results with status not_evaluated."""
        return self.kept.filter(_MISSING)

    @property
    def rounding(self) -> pl.DataFrame:
        """Passes with a difference within tolerance (narrative ratios left out)."""
        return self.kept.filter(_ROUNDING)

    @property
    def all(self) -> pl.DataFrame | None:
        """Every result, when there are at most `list_all_up_to`."""
        return None if self._all is None else self._frame(self._all)

    def by_check(self) -> pl.DataFrame:
        """Counts per family and check: results, and one column per status."""
        cols = list(COUNTS)
        if not self._by_check:
            return _by_check(self._frame([]))
        return (
            pl.concat(self._by_check)
            .group_by("family", "check")
            .agg(pl.col(c).sum() for c in cols)
            .sort("family", "check")
        )

    def counts(self) -> pl.DataFrame:
        """Counts per family (all families, zero where there is none)."""
        cols = list(COUNTS)
        per = self.by_check().group_by("family").agg(pl.col(c).sum() for c in cols)
        return (
            pl.DataFrame({"family": list(FAMILIES)})
            .join(per, on="family", how="left")
            .fill_null(0)
            .select("family", *cols)
        )


WORST_LISTED = 15
"""Unit-years listed in the summary's 'most problems' table."""
OPEN_FAILURES_UP_TO = 20
"""Failure groups start open when there are at most this many failures."""


def _headline(
    tally: Tally,
    failed: pl.DataFrame,
    warned: pl.DataFrame,
    missing: pl.DataFrame,
    rounding: pl.DataFrame,
) -> list[str]:
    verdict = (
        '<span class="ok">no identity fails</span>'
        if failed.is_empty()
        else f'<span class="bad">{failed.height} identities fail</span>'
    )
    counts = tally.counts()
    return [
        f"<h1>Accounting identities — {verdict}</h1>",
        f"<p>{tally.results} results over {tally.docs} unit-year(s): "
        + ", ".join(f"{int(counts[s].sum())} {s}" for s in STATUSES)
        + f" (not_evaluated is never counted as pass); {rounding.height} of the passes are "
        "within the rounding tolerance (n printed parts × 0.005 万元).</p>",
        _count_table(counts, ("family", *COUNTS)),
    ]


PROBLEMS = ("fail", "warn", "not_evaluated")
"""The statuses that are problems, worst first."""


def _worst_unit_years(problems: pl.DataFrame, docs: int) -> str:
    """The unit-years with most results of status fail, then warn, then not_evaluated (for
    pages over several)."""
    counts = (
        problems.group_by("unit", "year")
        .agg(*(((pl.col("status") == name).sum().cast(pl.Int64)).alias(name) for name in PROBLEMS))
        .sort([*PROBLEMS, "unit", "year"], descending=[True, True, True, False, False])
    )
    failing = counts.filter(pl.col("fail") > 0).height
    return (
        f"<h2>Unit-years with most problems</h2><p>{failing} of {docs} unit-years have a "
        f"result with status fail; the first {min(WORST_LISTED, counts.height)} of "
        f"{counts.height} with any problem:</p>"
        + _count_table(counts.head(WORST_LISTED), ("unit", "year", *PROBLEMS))
    )


def _suites(suites: list, gx_index: str | None) -> str:
    parts = []
    if suites:
        ok = sum(1 for s in suites if s.success)
        parts.append(
            f"<details><summary>Great Expectations suites: {ok} of {len(suites)} "
            "succeed</summary><table><tr><th>suite</th><th>severity</th><th>rows</th>"
            "<th>success</th><th>failed expectations</th></tr>"
        )
        parts += [
            "<tr>"
            + _cell(s.suite)
            + _cell(s.severity)
            + _cell(s.evaluated, True)
            + _cell("yes" if s.success else "no")
            + _cell(", ".join(s.failed_expectations))
            + "</tr>"
            for s in suites
        ]
        parts.append("</table></details>")
    if gx_index:
        parts.append(
            f'<p class="muted">GX Data Docs (they load their styles from the '
            f'network): <a href="{html.escape(gx_index)}">{html.escape(gx_index)}</a>'
            "</p>"
        )
    return "".join(parts)


def _filters(units: list[str]) -> str:
    """The filters of the results below (`pipeline.page_tables`): unit (short names, the
    full name on hover; `units` in page order), family, status."""
    return filter_form(
        "results",
        [
            select_filter(
                "unit",
                [(str(i), short_name(u), u) for i, u in enumerate(units)],
                "every unit",
                key="u",
                element_id="f-unit",
            ),
            select_filter(
                "family",
                [(f, f) for f in FAMILIES],
                "every family",
                key="family",
                element_id="f-family",
            ),
            select_filter(
                "status", list(OUTCOMES), "every status", key="outcome", element_id="f-outcome"
            ),
        ],
        count_text="results listed below match",
        form_id="filters",
        count_id="f-count",
    )


def _group(
    outcome: str,
    label: str,
    family: str,
    frame: pl.DataFrame,
    unit_index: dict[str, int],
    is_open: bool,
) -> str:
    return (
        f'<details class="group kashgar-group" data-outcome="{outcome}" data-family="{family}"'
        f'{" open" if is_open else ""}><summary><span class="badge b-{outcome}">{label}'
        f'</span>{family} — <span class="kashgar-group-count">{frame.height}</span> result(s)'
        "</summary>"
        f"{_rows_table(frame, unit_index)}</details>"
    )


def write_page(
    residuals: pl.DataFrame | Tally,
    suites: list,
    path: Path,
    gx_index: str | None,
    list_all_up_to: int = LIST_ALL_UP_TO,
) -> None:
    """Write the self-contained validation page (from a residual frame or its `Tally`)."""
    tally = residuals if isinstance(residuals, Tally) else Tally.of(residuals, list_all_up_to)
    failed, warned, missing = tally.failed, tally.warned, tally.missing
    rounding = tally.rounding
    every = tally.all
    list_rounding = every is not None or rounding.height <= tally.list_all_up_to // 10
    listed = {
        "fail": failed,
        "warn": warned,
        "not_evaluated": missing,
        "rounding": rounding if list_rounding else rounding.clear(),
        "pass": (
            every.filter(pl.col("status") == "pass").join(
                rounding, on=list(rounding.columns), how="anti", nulls_equal=True
            )
            if every is not None
            else rounding.clear()
        ),
    }
    units = sorted(
        set().union(*(set(f["unit"].unique()) for f in listed.values())),
        key=lambda u: (short_name(u), u),
    )
    unit_index = {u: i for i, u in enumerate(units)}
    parts = [
        "<!doctype html><html lang=zh><head><meta charset=utf-8>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Budget validation</title>",
        f"<style>{_CSS}</style></head><body>",
        *_headline(tally, failed, warned, missing, rounding),
    ]
    if tally.docs > 1:
        parts.append(
            _worst_unit_years(tally.kept.filter(pl.col("status").is_in(PROBLEMS)), tally.docs)
        )
    parts += [_suites(suites, gx_index), "<h2>Results</h2>", '<div id="results">', _filters(units)]
    for outcome, label in OUTCOMES:
        frame = listed[outcome]
        for family in FAMILIES:
            part = frame.filter(pl.col("family") == family)
            if part.height:
                parts.append(
                    _group(
                        outcome,
                        label,
                        family,
                        part,
                        unit_index,
                        outcome == "fail" and failed.height <= OPEN_FAILURES_UP_TO,
                    )
                )
    parts.append("</div>")
    if not list_rounding:
        by_check = (
            rounding.group_by("family", "check")
            .agg(
                results=pl.len().cast(pl.Int64),
                largest_difference=num_text("difference")
                .sort_by(pl.col("difference").abs())
                .last(),
            )
            .sort("family", "check")
        )
        parts.append(
            f"<details><summary>Passed with a rounding difference: {rounding.height} "
            "results, counted by check (each is in results/*.parquet)</summary>"
            + _count_table(by_check, ("family", "check", "results", "largest_difference"))
            + "</details>"
        )
    if every is None:
        parts.append(
            f"<h2>All results, by check</h2><p>{tally.results} results are too "
            "many for one page: the passes are counted here, results with status "
            "fail, warn and not_evaluated are listed above, and every result is in "
            "results/*.parquet.</p>" + _count_table(tally.by_check(), ("family", "check", *COUNTS))
        )
    parts.append(f"{script_tag('results')}</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
