"""Summaries of the identity residuals (`pipeline.identities.residuals`) for notebook 5.

A residual row is one instance of one identity: reported, calculated, difference,
tolerance, status (pass / fail / not_evaluated) and severity (failure / warning).  Readers
want four answers: what holds exactly, what differs only by rounding, where the document
disagrees with itself, and what could not be evaluated — `outcome` names them.
"""

from __future__ import annotations

import polars as pl

__all__ = ["OUTCOMES", "by_family", "findings", "with_outcome"]

OUTCOMES = ("holds exactly", "differs by rounding", "disagrees (failure)",
            "disagrees (warning)", "not evaluated")
_NEEDED = ("check", "family", "severity", "status", "difference")


def with_outcome(residuals: pl.DataFrame) -> pl.DataFrame:
    """The residuals with an `outcome` column (one of OUTCOMES).

    pass with difference 0 → holds exactly; pass otherwise → differs by rounding (within
    the tolerance the printed rounding allows); fail → disagrees, by severity;
    not_evaluated → not evaluated.  An unknown status is an error, not a silent bucket.
    """
    missing = [c for c in _NEEDED if c not in residuals.columns]
    if missing:
        raise ValueError(f"not a residual frame: missing columns {missing}")
    unknown = set(residuals["status"].unique()) - {"pass", "fail", "not_evaluated"}
    if unknown:
        raise ValueError(f"unknown residual status {sorted(unknown)}")
    outcome = (pl.when(pl.col("status") == "not_evaluated").then(pl.lit("not evaluated"))
               .when((pl.col("status") == "pass") & (pl.col("difference") == 0))
               .then(pl.lit("holds exactly"))
               .when(pl.col("status") == "pass").then(pl.lit("differs by rounding"))
               .when(pl.col("severity") == "warning").then(pl.lit("disagrees (warning)"))
               .otherwise(pl.lit("disagrees (failure)")))
    return residuals.with_columns(outcome.alias("outcome"))


def by_family(residuals: pl.DataFrame) -> pl.DataFrame:
    """How many identity instances of each family end in each outcome.

    Columns: family, outcome, instances (every family × outcome pair, zeros included).
    """
    counted = with_outcome(residuals).group_by("family", "outcome").agg(
        pl.len().cast(pl.Int32).alias("instances"))
    grid = (pl.DataFrame({"family": sorted(residuals["family"].unique().to_list())})
            .join(pl.DataFrame({"outcome": list(OUTCOMES)}), how="cross"))
    return (grid.join(counted, on=["family", "outcome"], how="left")
            .with_columns(pl.col("instances").fill_null(0))
            .with_columns(pl.col("outcome").replace_strict(
                {o: i for i, o in enumerate(OUTCOMES)}, return_dtype=pl.Int8).alias("_order"))
            .sort("family", "_order").drop("_order"))


def findings(residuals: pl.DataFrame, outcome: str) -> pl.DataFrame:
    """The instances with one outcome, with what was compared and where, by line."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
    columns = [c for c in ("family", "check", "instance", "reported", "calculated",
                           "difference", "tolerance", "line", "detail")
               if c in residuals.columns]
    return (with_outcome(residuals).filter(pl.col("outcome") == outcome)
            .sort("line", "check", nulls_last=True).select(columns))
