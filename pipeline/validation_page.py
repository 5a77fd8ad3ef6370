"""summary.json and the self-contained validation page, both from the residual frame.

GX's own Data Docs load bootstrap, jQuery and Vega from a CDN and render unstyled offline;
`index.html` here needs nothing but the file: inline CSS, no script, no external link
except the relative link to GX's pages.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipeline.identities import FAMILIES


def outcome_counts(residuals: pl.DataFrame) -> pl.DataFrame:
    """Counts per family: passed, failed (severity failure), warnings, not evaluated."""
    rows = []
    for fam in FAMILIES:
        f = residuals.filter(pl.col("family") == fam)
        fail = pl.col("status") == "fail"
        rows.append({
            "family": fam, "checks": f.height,
            "passed": f.filter(pl.col("status") == "pass").height,
            "failed": f.filter(fail & (pl.col("severity") == "failure")).height,
            "warnings": f.filter(fail & (pl.col("severity") == "warning")).height,
            "not_evaluated": f.filter(pl.col("status") == "not_evaluated").height})
    return pl.DataFrame(rows)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def summary(residuals: pl.DataFrame) -> dict:
    """The summary.json document: overall success and one entry per result."""
    failed = residuals.filter((pl.col("status") == "fail") & (pl.col("severity") == "failure"))
    results = []
    for r in residuals.iter_rows(named=True):
        results.append({
            "check": r["check"], "family": r["family"], "unit": r["unit"], "year": r["year"],
            "instance": r["instance"],
            "success": None if r["status"] == "not_evaluated" else r["status"] == "pass",
            "severity": r["severity"], "observed": _num(r["reported"]),
            "expected": _num(r["calculated"]), "difference": _num(r["difference"]),
            "tolerance": _num(r["tolerance"]), "source": r["source"], "line": r["line"],
            "detail": r["detail"]})
    return {"success": failed.is_empty(),
            "counts": outcome_counts(residuals).to_dicts(), "results": results}


def write_summary(residuals: pl.DataFrame, path: Path) -> dict:
    """Write summary.json; return the document."""
    doc = summary(residuals)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return doc


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;
color:#222;max-width:1200px}
h1{font-size:1.5em}.ok{color:#1a7f37}.bad{color:#b42318}.warn{color:#9a6700}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fdecea}tr.warning td{background:#fff8e1}
tr.not_evaluated td{background:#eef2f7}details{margin:.5em 0}summary{cursor:pointer}
"""


def _cell(v: object, numeric: bool = False) -> str:
    text = "" if v is None else str(v)
    return f"<td{' class=n' if numeric else ''}>{html.escape(text)}</td>"


def _rows_table(frame: pl.DataFrame) -> str:
    head = ("<tr><th>check</th><th>unit</th><th>year</th><th>instance</th><th>status</th>"
            "<th>severity</th><th>reported</th><th>calculated</th><th>difference</th>"
            "<th>tolerance</th><th>source:line</th><th>detail</th></tr>")
    body = []
    for r in frame.iter_rows(named=True):
        cls = ("warning" if r["status"] == "fail" and r["severity"] == "warning"
               else r["status"])
        body.append(
            f"<tr class={cls}>" + _cell(r["check"]) + _cell(r["unit"]) + _cell(r["year"])
            + _cell(r["instance"]) + _cell(r["status"]) + _cell(r["severity"])
            + "".join(_cell(_num(r[c]), True) for c in ("reported", "calculated",
                                                          "difference", "tolerance"))
            + _cell(f"{r['source']}:{r['line']}") + _cell(r["detail"]) + "</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def write_page(residuals: pl.DataFrame, suites: list, path: Path,
               gx_index: str | None) -> None:
    """Write the self-contained validation page."""
    counts = outcome_counts(residuals)
    failed = residuals.filter((pl.col("status") == "fail") & (pl.col("severity") == "failure"))
    warned = residuals.filter((pl.col("status") == "fail") & (pl.col("severity") == "warning"))
    missing = residuals.filter(pl.col("status") == "not_evaluated")
    rounding = residuals.filter((pl.col("status") == "pass") & (pl.col("difference") != 0)
                                & (pl.col("family") != "narrative"))
    docs = residuals.select("unit", "year").unique().height
    verdict = ('<span class="ok">no identity fails</span>' if failed.is_empty()
               else f'<span class="bad">{failed.height} identities fail</span>')
    parts = [
        "<!doctype html><html lang=zh><head><meta charset=utf-8>",
        "<title>Budget validation</title>", f"<style>{_CSS}</style></head><body>",
        f"<h1>Accounting identities — {verdict}</h1>",
        f"<p>{residuals.height} results over {docs} unit-year(s); "
        f"{warned.height} warning(s), {missing.height} not evaluated (never counted as "
        "pass). Tolerance: n printed parts × 0.005 万元.</p>",
        "<table><tr><th>family</th><th>checks</th><th>passed</th><th>failed</th>"
        "<th>warnings</th><th>not evaluated</th></tr>",
        *("<tr>" + _cell(r["family"]) + "".join(_cell(r[c], True) for c in (
            "checks", "passed", "failed", "warnings", "not_evaluated")) + "</tr>"
          for r in counts.iter_rows(named=True)),
        "</table>",
    ]
    for title, frame in (("Failures", failed), ("Warnings", warned),
                         ("Not evaluated", missing),
                         ("Passed with a rounding difference", rounding)):
        parts.append(f"<h2>{title} ({frame.height})</h2>")
        if frame.height:
            parts.append(_rows_table(frame))
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
    parts.append("<h2>All results</h2>")
    for fam in FAMILIES:
        f = residuals.filter(pl.col("family") == fam)
        parts.append(f"<details><summary>{fam} ({f.height})</summary>{_rows_table(f)}"
                     "</details>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
