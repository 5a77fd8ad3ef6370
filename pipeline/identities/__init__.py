"""Accounting identities: declared relations → residual frames.

`residuals(frames)` computes, for every instance of every identity in every document
(unit, year, kind), the reported and calculated figures, their difference, the rounding
tolerance and a status (pass / warn / fail / not_evaluated), with the source file and line
of the reported figure.  Families: hierarchy, codes, rows, summary, across, narrative,
prior, projects, profile.  Identities are declared in roles; each applies to a document
only where the document's edition declares the roles it reads (`editions.applicable`); in
a `partial` document, what reads a piece that was not read is not evaluated
(`gaps.degrade`).

Every identity lives inside one document, so `residual_batches` computes them a batch of
documents at a time: memory stays bounded at any corpus size and the batches, in
(unit, year, kind) order, concatenate to the fully sorted frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import polars as pl

from pipeline.identities.editions import DOC, Needs, applicable, documents_of
from pipeline.identities.evaluate import RESIDUAL_SCHEMA, STATUSES, empty_residuals
from pipeline.identities.gaps import degrade

FAMILIES = (
    "hierarchy",
    "codes",
    "rows",
    "summary",
    "across",
    "narrative",
    "prior",
    "projects",
    "profile",
)
BATCH_DOCS = 1_000
"""Documents computed together: large enough that per-batch overhead is small, small
enough that a batch's intermediate frames stay well under a gigabyte."""

__all__ = [
    "BATCH_DOCS",
    "FAMILIES",
    "RESIDUAL_SCHEMA",
    "STATUSES",
    "batch_residuals",
    "claim_checks",
    "doc_batches",
    "needs",
    "residual_batches",
    "residuals",
    "unit_years",
]

_DOC = DOC


@cache
def needs() -> dict[str, Needs]:
    """Every check that reads particular table or section roles → those roles."""
    from pipeline.identities.prior_year import needs as prior_needs
    from pipeline.identities.projects import NEEDS as PROJECT_NEEDS
    from pipeline.identities.reasons import NEEDS as REASON_NEEDS
    from pipeline.identities.relations import RELATIONS

    return {
        **{r.check: r.needs for r in RELATIONS},
        **prior_needs(),
        **PROJECT_NEEDS,
        **REASON_NEEDS,
    }


@cache
def severities() -> dict[str, str]:
    """The severity of every declared relation (other checks: failure, or as they say)."""
    from pipeline.identities.relations import RELATIONS

    return {r.check: r.severity for r in RELATIONS}


@cache
def claim_checks() -> frozenset[str]:
    """The checks that judge what the narrative claims against the tables: every relation
    from a figure the narrative states to a table figure, each share it states (占 X%),
    each project's stated amount and the project count.  Reports that show such a claim
    show these checks' results, so a claim has one verdict everywhere.

    >>> "narrative.overview.total_budget_eq_income_expenditure_summary" in claim_checks()
    True
    >>> "narrative.yoy_consistent" in claim_checks()  # a sentence's own arithmetic
    False
    """
    from pipeline.identities.editions import STATED
    from pipeline.identities.narrative import CLAIMS as NARRATIVE_CLAIMS
    from pipeline.identities.projects import CLAIMS as PROJECT_CLAIMS
    from pipeline.identities.reasons import CLAIMS as REASON_CLAIMS
    from pipeline.identities.relations import RELATIONS

    stated = {
        r.check
        for r in RELATIONS
        if all(t.table == STATED for t in r.lhs) and any(t.table != STATED for t in r.rhs)
    }
    return frozenset({*stated, *NARRATIVE_CLAIMS, *PROJECT_CLAIMS, *REASON_CLAIMS})


def residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Residuals of every identity over the clean frames (any number of unit-years).

    >>> residuals({}).height
    0
    """
    return pl.concat([*residual_batches(frames), empty_residuals()])


def unit_years(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every document (unit, year, kind) that some frame holds, sorted.

    >>> unit_years({"facts": pl.DataFrame({"unit": ["b", "a", "b"], "year": [1, 2, 1],
    ...                                    "kind": ["budget"] * 3})}).rows()
    [('a', 2, 'budget'), ('b', 1, 'budget')]
    """
    parts = [
        f.select(_DOC).unique()
        for f in frames.values()
        if f is not None and set(_DOC) <= set(f.columns) and f.height
    ]
    if not parts:
        return pl.DataFrame(schema={"unit": pl.String, "year": pl.Int32, "kind": pl.String})
    return pl.concat(parts, how="vertical_relaxed").unique().sort(_DOC)


def doc_batches(docs: pl.DataFrame, batch_docs: int = BATCH_DOCS) -> Iterator[pl.DataFrame]:
    """`docs` (documents, sorted) in consecutive slices of at most `batch_docs` rows.

    >>> docs = pl.DataFrame({"unit": ["a", "b", "c"], "year": [1, 1, 1]})
    >>> [b["unit"].to_list() for b in doc_batches(docs, 2)]
    [['a', 'b'], ['c']]
    """
    for start in range(0, docs.height, batch_docs):
        yield docs.slice(start, batch_docs)


def residual_batches(
    frames: dict[str, pl.DataFrame],
    batch_docs: int = BATCH_DOCS,
    docs: pl.DataFrame | None = None,
    consume: bool = False,
) -> Iterator[pl.DataFrame]:
    """Residuals a batch of `batch_docs` documents at a time, each batch sorted; in order.

    `docs` (from `unit_years`) saves computing the documents again.  Each frame is split
    into its batches in one pass; with `consume`, `frames` is emptied as it is split and
    each batch's part is released once computed, so the corpus is never held twice.
    """
    docs = unit_years(frames) if docs is None else docs
    if docs.height <= batch_docs:
        if docs.height:
            yield batch_residuals(frames)
        return
    batch_of = docs.with_columns(_batch=(pl.int_range(pl.len(), dtype=pl.UInt32) // batch_docs))
    batches = int(batch_of["_batch"].max()) + 1  # type: ignore[arg-type]
    parts: list[dict[str, pl.DataFrame]] = [{} for _ in range(batches)]
    for name in list(frames):
        frame = frames.pop(name) if consume else frames[name]
        if frame is None or not set(_DOC) <= set(frame.columns):
            for part in parts:
                part[name] = frame
            continue
        schema = frame.schema
        split = frame.join(batch_of, on=_DOC, how="left", maintain_order="left").partition_by(
            "_batch", as_dict=True, include_key=False, maintain_order=True
        )
        del frame
        for i, part in enumerate(parts):
            part[name] = split.pop((i,), None)
            if part[name] is None:
                part[name] = pl.DataFrame(schema=schema)
    for i in range(batches):
        part = parts[i]
        parts[i] = {}
        yield batch_residuals(part)
        del part


def batch_residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Residuals of every identity over `frames`, sorted; call it with a batch of
    documents at a time (`doc_batches`) to bound memory.

    Each document keeps the identities its edition supports (`frames["documents"]` names
    the edition); without a documents table every identity is kept.
    """
    from pipeline.identities.codes import code_residuals
    from pipeline.identities.narrative import share_residuals, yoy_residuals
    from pipeline.identities.prior_year import prior_residuals
    from pipeline.identities.profile import profile_residuals
    from pipeline.identities.projects import project_residuals
    from pipeline.identities.reasons import reason_residuals
    from pipeline.identities.tables import table_residuals

    docs = documents_of(frames)
    parts = [
        table_residuals(frames),
        code_residuals(frames),
        yoy_residuals(frames.get("narrative_changes")),
        share_residuals(frames.get("narrative_shares")),
        prior_residuals(frames.get("narrative_changes"), docs),
        project_residuals(frames),
        reason_residuals(frames),
        profile_residuals(frames),
    ]
    out = applicable(
        pl.concat([p for p in parts if p.height] or [empty_residuals()]), docs, needs()
    )
    out = degrade(out, frames, needs(), severities())
    # instance and detail break the ties, so the order is the same on every run
    return out.sort(
        *_DOC, "family", "check", "line", "instance", "detail", nulls_last=True, maintain_order=True
    )
