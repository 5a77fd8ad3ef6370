"""Accounting identities: declared relations → residual frames.

`residuals(frames)` computes, for every instance of every identity in every unit-year,
the reported and calculated figures, their difference, the rounding tolerance and a
tri-state status (pass / fail / not_evaluated), with the source file and line of the
reported figure.  Families: hierarchy, rows, table1, across, narrative, prior, projects.
"""

from __future__ import annotations

import polars as pl

from pipeline.identities.evaluate import RESIDUAL_SCHEMA, empty_residuals

FAMILIES = ("hierarchy", "rows", "table1", "across", "narrative", "prior", "projects")

__all__ = ["FAMILIES", "RESIDUAL_SCHEMA", "residuals"]


def residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Residuals of every identity over the clean frames (any number of unit-years).

    >>> residuals({}).height
    0
    """
    from pipeline.identities.narrative import share_residuals, yoy_residuals
    from pipeline.identities.prior_year import prior_residuals
    from pipeline.identities.projects import project_residuals
    from pipeline.identities.tables import table_residuals

    parts = [
        table_residuals(frames),
        yoy_residuals(frames.get("narrative_changes")),
        share_residuals(frames.get("narrative_shares")),
        prior_residuals(frames.get("narrative_changes")),
        project_residuals(frames),
    ]
    out = pl.concat([p for p in parts if p.height] or [empty_residuals()])
    # instance and detail break the ties, so the order is the same on every run
    return out.sort("unit", "year", "family", "check", "line", "instance", "detail",
                    nulls_last=True, maintain_order=True)
