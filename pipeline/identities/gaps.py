"""Identities of a `partial` document: what needs a piece that was not read is not evaluated.

A document lands `partial` when a piece of it could not be read — a table, a narrative
sentence, a project block, a performance table, the headcount sentence — and each number of
the piece is in `unplaced` with the piece's part and role (`pipeline.parse.gaps`).  A check
that reads that table role or section role might then compare a stated figure the parser
did not read as if it were 0, or find a project's performance table missing: its results
for the document become `not_evaluated`, never pass or fail, the detail naming the part that
was not read; and a check that reads it but has no result at all gets one, so the gap shows.

Which pieces a check reads: the table and section roles of its `Needs`
(`pipeline.identities.needs`); the performance-target tables for the checks that compare
them (`projects.PERFORMANCE`); the table its instance names (表N …) for the hierarchy and the
codes (a parent row not read is not a parent missing); the
section its instance names (二 …) for the shares; the profile for the profile family
(headcount arithmetic).  The year-on-year arithmetic of one
sentence reads only that sentence and is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipeline.identities.editions import DOC, Needs, documents_of, templates_in
from pipeline.identities.evaluate import RESIDUAL_SCHEMA
from pipeline.identities.hierarchy import LEVELS
from pipeline.identities.projects import PERFORMANCE
from pipeline.template import Template
from pipeline.template.roles import PERFORMANCE_TARGETS
from pipeline.template.tables import CLASS, CODED_NAME

SHARE_CHECKS = ("narrative.share_consistent", "narrative.shares_sum_to_100")
"""Checks by section (their instance starts with the section's numeral)."""
TABLE_FAMILIES = ("hierarchy", "codes")
"""Families whose instance starts with the table it reads (表N …)."""
PROFILE_FAMILY = "profile"
"""The family of checks on the profile's figures (headcount arithmetic)."""


def unread(frames: Mapping[str, pl.DataFrame | None]) -> pl.DataFrame:
    """(unit, year, kind, part, role, numbers, line, why) of every piece not read: per
    document, part and role, how many rows `unplaced` holds, its first line and reason."""
    gaps = frames.get("unplaced")
    schema = {
        "unit": pl.String,
        "year": pl.Int32,
        "kind": pl.String,
        "part": pl.String,
        "role": pl.String,
        "numbers": pl.UInt32,
        "line": pl.Int32,
        "why": pl.String,
        "source": pl.String,
    }
    if gaps is None or gaps.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        gaps.sort("line")
        .group_by(*DOC, "part", "role", maintain_order=True)
        .agg(
            numbers=pl.len(),
            line=pl.col("line").first(),
            why=pl.col("why").first(),
            source=pl.col("source").first(),
        )
        .cast({k: v for k, v in schema.items() if k != "numbers"})
    )


def _coded(template: Template, role: str) -> bool:
    spec = template.table(role)
    return spec is not None and any(
        CLASS in side.labels or CODED_NAME in side.labels for side in spec.sides
    )


def _what(template: Template | None, part: str, role: str | None) -> str:
    """The piece as the document prints it: 表N, 说明 X, or the part."""
    if template is not None and part == "tables" and role and template.table(role):
        return f"表{template.table(role).number} ({role})"  # type: ignore[union-attr]
    if template is not None and part == "narrative" and role and template.section(role):
        return f"说明 {template.section_numeral(role)} ({role})"
    return f"the {part}" + (f" ({role})" if role else "")


def degrade(
    residuals: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame | None],
    needs: Mapping[str, Needs],
    severities: Mapping[str, str],
) -> pl.DataFrame:
    """`residuals` with every result that reads a piece its document did not read turned
    `not_evaluated`, and one `not_evaluated` result for each check that reads such a piece
    and has none for the document.  `severities` gives a check's severity (default
    failure)."""
    gaps = unread(frames)
    if gaps.is_empty():
        return residuals
    docs = documents_of(frames)
    editions = templates_in(docs) if not docs.is_empty() else {}
    template_of = {(u, y, k): editions.get(t) for u, y, k, t in docs.iter_rows()}
    by_doc: dict[tuple, list[dict]] = {}
    for gap in gaps.iter_rows(named=True):
        by_doc.setdefault((gap["unit"], gap["year"], gap["kind"]), []).append(gap)
    keep = residuals.join(gaps.select(DOC).unique(), on=DOC, how="anti", nulls_equal=True)
    touched = residuals.join(gaps.select(DOC).unique(), on=DOC, how="semi", nulls_equal=True)
    out = [keep]
    for doc, doc_gaps in by_doc.items():
        template = template_of.get(doc)
        mine = touched.filter(
            pl.col("unit") == doc[0], pl.col("year") == doc[1], pl.col("kind") == doc[2]
        )
        rows = mine.to_dicts()
        seen: set[str] = set()
        for row in rows:
            gap = _gap_read(row["check"], row["family"], row["instance"], template, doc_gaps, needs)
            seen.add(row["check"])
            if gap is not None:
                _not_evaluated(row, gap, template)
        rows += _placeholders(doc, doc_gaps, template, needs, severities, seen, rows)
        out.append(
            pl.DataFrame(rows, schema=RESIDUAL_SCHEMA, orient="row") if rows else residuals.clear()
        )
    return pl.concat(out)


Piece = tuple[str, str | None]
"""(part, role) of a piece of a document: ("tables", "sangong"), ("narrative", "other"),
("narrative", "performance_targets"), ("profile", None)."""


def _reads(
    check: str, family: str, instance: str, template: Template | None, needs: Mapping[str, Needs]
) -> set[Piece]:
    """The pieces a result reads."""
    need = needs.get(check)
    pieces: set[Piece] = set()
    if need is not None:
        pieces |= {("tables", role) for role in need.tables}
        pieces |= {("narrative", role) for role in need.sections}
    if check in PERFORMANCE:
        pieces.add(("narrative", PERFORMANCE_TARGETS))
    if family == PROFILE_FAMILY:
        pieces.add(("profile", None))
    first = (instance or "").split(" ", 1)[0]
    if template is not None and family in TABLE_FAMILIES and first.startswith("表"):
        spec = template.table_numbered(int(first[1:])) if first[1:].isdigit() else None
        if spec is not None:
            pieces.add(("tables", spec.role))
    if template is not None and check in SHARE_CHECKS:
        role = template.section_role(first)
        if role is not None:
            pieces.add(("narrative", role))
    return pieces


def _gap_read(
    check: str,
    family: str,
    instance: str,
    template: Template | None,
    gaps: list[dict],
    needs: Mapping[str, Needs],
) -> dict | None:
    """The first piece not read among those a result reads (None: it reads none)."""
    pieces = _reads(check, family, instance, template, needs)
    return next((gap for gap in gaps if (gap["part"], gap["role"]) in pieces), None)


def _note(gap: dict, template: Template | None) -> str:
    return (
        f"not evaluated: {_what(template, gap['part'], gap['role'])} was not read in "
        f"full ({gap['numbers']} number(s) unplaced, first at line {gap['line']}: "
        f"{gap['why']}); "
    )


def _not_evaluated(row: dict, gap: dict, template: Template | None) -> None:
    row["detail"] = _note(gap, template) + (row["detail"] or "")
    row["status"] = "not_evaluated"
    row["difference"] = None


def _placeholders(
    doc: tuple,
    gaps: list[dict],
    template: Template | None,
    needs: Mapping[str, Needs],
    severities: Mapping[str, str],
    seen: set[str],
    rows: list[dict],
) -> list[dict]:
    """A `not_evaluated` result for each check that reads a piece not read and has no
    result for the document (its instances could not be read at all)."""
    unit, year, kind = doc
    source = gaps[0]["source"]
    wanted: list[tuple[str, str, dict]] = []
    for check in (*needs, *(c for c in PERFORMANCE if c not in needs)):
        need = needs.get(check)
        if check in seen or (template is not None and need and not need.met_by(template)):
            continue
        gap = _gap_read(check, check.split(".", 1)[0], "", template, gaps, needs)
        if gap is not None:
            wanted.append((check, "", gap))
    if template is not None:
        hierarchy = {
            (r["check"], (r["instance"] or "").split(" ", 1)[0])
            for r in rows
            if r["family"] == "hierarchy"
        }
        for gap in gaps:
            if gap["part"] == "tables" and gap["role"] and _coded(template, gap["role"]):
                number = f"表{template.table(gap['role']).number}"  # type: ignore[union-attr]
                wanted += [
                    (check, number, gap)
                    for check, _ in LEVELS.values()
                    if (check, number) not in hierarchy
                ]
    return [
        {
            "check": check,
            "family": check.split(".", 1)[0],
            "severity": severities.get(check, "failure"),
            "unit": unit,
            "year": year,
            "kind": kind,
            "instance": instance,
            "status": "not_evaluated",
            "reported": None,
            "calculated": None,
            "difference": None,
            "tolerance": None,
            "source": source,
            "line": gap["line"],
            "detail": _note(gap, template) + "no instance of the check could be read",
        }
        for check, instance, gap in wanted
    ]
