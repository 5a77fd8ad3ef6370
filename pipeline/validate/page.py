"""The self-contained validation page, from the residual frame or its tally.

GX's own Data Docs load bootstrap, jQuery and Vega from a CDN and render unstyled offline;
`index.html` here needs nothing but the file: inline CSS, no script, no external link
except the relative link to GX's pages.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.identities import FAMILIES, STATUSES
from pipeline.schema import DOCUMENT_KEY
from pipeline.validate.results import num_text

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;
color:#222;max-width:1200px}
h1{font-size:1.5em}.ok{color:#1a7f37}.bad{color:#b42318}.warn{color:#9a6700}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fdecea}tr.warn td{background:#fff8e1}
tr.not_evaluated td{background:#eef2f7}details{margin:.5em 0}summary{cursor:pointer}
"""


def _cell(v: object, numeric: bool = False) -> str:
    text = "" if v is None else str(v)
    return f"<td{' class=n' if numeric else ''}>{html.escape(text)}</td>"


def _escaped(text: pl.Expr) -> pl.Expr:
    """`html.escape` as an expression (one pass, so `&` is not escaped twice)."""
    return text.str.replace_many(["&", "<", ">", '"', "'"],
                                 ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"])


def _td(text: pl.Expr, numeric: bool = False) -> list[pl.Expr]:
    return [pl.lit("<td class=n>" if numeric else "<td>"), _escaped(text.fill_null("")),
            pl.lit("</td>")]


_HEAD = ("<tr><th>check</th><th>unit</th><th>year</th><th>kind</th><th>instance</th>"
         "<th>status</th>"
         "<th>severity</th><th>reported</th><th>calculated</th><th>difference</th>"
         "<th>tolerance</th><th>source:line</th><th>detail</th></tr>")


def _rows_table(frame: pl.DataFrame) -> str:
    """Every row of `frame` as an HTML table (rendered by Polars, not row by row)."""
    cls = pl.col("status").fill_null("None")
    where = pl.concat_str(pl.col("source").fill_null("None"), pl.lit(":"),
                          pl.col("line").cast(pl.String).fill_null("None"))
    cells = [pl.lit("<tr class="), cls, pl.lit(">")]
    for col in ("check", "unit", "year", "kind", "instance", "status", "severity"):
        cells += _td(pl.col(col).cast(pl.String))
    for col in ("reported", "calculated", "difference", "tolerance"):
        cells += _td(num_text(col), numeric=True)
    cells += _td(where) + _td(pl.col("detail")) + [pl.lit("</tr>")]
    body = frame.select(pl.concat_str(cells).alias("tr"))["tr"].str.join("")
    return f"<table>{_HEAD}{body.item() if frame.height else ''}</table>"


def _count_table(frame: pl.DataFrame, columns: tuple[str, ...]) -> str:
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(r[c], isinstance(r[c], int)) for c in columns)
                   + "</tr>" for r in frame.iter_rows(named=True))
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
_ROUNDING = ((pl.col("status") == "pass") & (pl.col("difference") != 0)
             & (pl.col("family") != "narrative"))


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of `frame` that owns only its own strings.

    Polars' string views keep the buffers of the frame they were filtered from alive: a
    few kept rows would hold a whole batch's texts.  Arrow's classic strings copy them.
    """
    return pl.from_arrow(frame.to_arrow(compat_level=pl.CompatLevel.oldest()),
                         schema=frame.schema)  # type: ignore[return-value]


def _by_check(residuals: pl.DataFrame) -> pl.DataFrame:
    unknown = set(residuals["status"].unique().to_list()) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown result status {sorted(unknown, key=str)}; the statuses "
                         f"are {', '.join(STATUSES)}")
    return residuals.group_by("family", "check").agg(
        pl.len().cast(pl.Int64).alias("results"),
        *((pl.col("status") == s).sum().cast(pl.Int64).alias(s) for s in STATUSES))


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
        rows=residuals if residuals.height <= list_all_up_to else None)


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
        return (pl.concat(self._by_check).group_by("family", "check")
                .agg(pl.col(c).sum() for c in cols).sort("family", "check"))

    def counts(self) -> pl.DataFrame:
        """Counts per family (all families, zero where there is none)."""
        cols = list(COUNTS)
        per = self.by_check().group_by("family").agg(pl.col(c).sum() for c in cols)
        return pl.DataFrame({"family": list(FAMILIES)}).join(
            per, on="family", how="left").fill_null(0).select("family", *cols)


def write_page(residuals: pl.DataFrame | Tally, suites: list, path: Path,
               gx_index: str | None, list_all_up_to: int = LIST_ALL_UP_TO) -> None:
    """Write the self-contained validation page (from a residual frame or its `Tally`)."""
    tally = (residuals if isinstance(residuals, Tally)
             else Tally.of(residuals, list_all_up_to))
    counts = tally.counts()
    failed, warned, missing = tally.failed, tally.warned, tally.missing
    rounding = tally.rounding
    every = tally.all
    everything = every is not None
    verdict = ('<span class="ok">no identity fails</span>' if failed.is_empty()
               else f'<span class="bad">{failed.height} identities fail</span>')
    parts = [
        "<!doctype html><html lang=zh><head><meta charset=utf-8>",
        "<title>Budget validation</title>", f"<style>{_CSS}</style></head><body>",
        f"<h1>Accounting identities — {verdict}</h1>",
        f"<p>{tally.results} results over {tally.docs} document(s): "
        + ", ".join(f"{int(counts[s].sum())} {s}" for s in STATUSES)
        + " (not_evaluated is never counted as pass). Tolerance: n printed parts × 0.005 "
        "万元.</p>",
        "<table><tr><th>family</th>" + "".join(f"<th>{c}</th>" for c in COUNTS) + "</tr>",
        *("<tr>" + _cell(r["family"]) + "".join(_cell(r[c], True) for c in COUNTS) + "</tr>"
          for r in counts.iter_rows(named=True)),
        "</table>",
    ]
    for title, frame in (("fail — identities that do not hold", failed),
                         ("warn — warnings that do not hold", warned),
                         ("not_evaluated — a figure is missing", missing)):
        parts.append(f"<h2>{title} ({frame.height})</h2>")
        if frame.height:
            parts.append(_rows_table(frame))
    parts.append(f"<h2>pass, with a rounding difference ({rounding.height})</h2>")
    if rounding.height and (everything or rounding.height <= tally.list_all_up_to // 10):
        parts.append(_rows_table(rounding))
    elif rounding.height:
        by_check = rounding.group_by("family", "check").agg(
            results=pl.len().cast(pl.Int64),
            largest_difference=num_text("difference").sort_by(
                pl.col("difference").abs()).last()).sort("family", "check")
        parts.append(f"<p>{rounding.height} results, counted by check; each is in "
                     "results/*.parquet.</p>"
                     + _count_table(by_check, ("family", "check", "results",
                                               "largest_difference")))
    if suites:
        parts.append("<h2>Great Expectations suites</h2><table><tr><th>suite</th>"
                     "<th>severity</th><th>rows</th><th>success</th><th>failed "
                     "expectations</th></tr>")
        parts += ["<tr>" + _cell(s.suite) + _cell(s.severity) + _cell(s.evaluated, True)
                  + _cell("yes" if s.success else "no") + _cell(", ".join(
                      s.failed_expectations)) + "</tr>" for s in suites]
        parts.append("</table>")
    if gx_index:
        parts.append(f'<p>GX Data Docs (they load their styles from the network): '
                     f'<a href="{html.escape(gx_index)}">{html.escape(gx_index)}</a></p>')
    if everything:
        parts.append("<h2>All results</h2>")
        for fam in FAMILIES:
            f = every.filter(pl.col("family") == fam)  # type: ignore[union-attr]
            parts.append(f"<details><summary>{fam} ({f.height})</summary>{_rows_table(f)}"
                         "</details>")
    else:
        by_check = tally.by_check()
        parts.append(f"<h2>All results, by check</h2><p>{tally.results} results are too "
                     "many for one page: the passes are counted here, results with status "
                     "fail, warn and not_evaluated are listed above, and every result is in "
                     "results/*.parquet.</p>"
                     + _count_table(by_check, ("family", "check", *COUNTS)))
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
