"""Summaries of the identity results (`pipeline.identities.residuals`) for notebook 5.

A result is one instance of one identity: reported, calculated, difference, tolerance,
severity (failure / warning) and status, in the one vocabulary `budget validate`, its
summary.json, results and page use: pass, warn (a warning that does not hold), fail,
not_evaluated.  Readers also want to see which passes hold only within the rounding the
printed figures allow: `rounding` lists them.
"""

from __future__ import annotations

import polars as pl

from pipeline.identities import STATUSES

__all__ = ["STATUSES", "by_family", "findings", "rounding"]

_NEEDED = ("check", "family", "severity", "status", "difference")


def _checked(residuals: pl.DataFrame) -> pl.DataFrame:
    """The results, after checking they are identity results in the one vocabulary."""
    missing = [c for c in _NEEDED if c not in residuals.columns]
    if missing:
        raise ValueError(f"not identity results: missing columns {missing}")
    unknown = set(residuals["status"].unique()) - set(STATUSES)
    if unknown:
        raise ValueError(
            f"unknown result status {sorted(unknown, key=str)}; the statuses "
            f"are {', '.join(STATUSES)}"
        )
    return residuals


def by_family(residuals: pl.DataFrame) -> pl.DataFrame:
    """How many identity instances of each family end in each status.

    Columns: family, status, instances (every family × status pair, zeros included).
    """
    counted = (
        _checked(residuals)
        .group_by("family", "status")
        .agg(pl.len().cast(pl.Int32).alias("instances"))
    )
    grid = pl.DataFrame({"family": sorted(residuals["family"].unique().to_list())}).join(
        pl.DataFrame({"status": list(STATUSES)}), how="cross"
    )
    return (
        grid.join(counted, on=["family", "status"], how="left")
        .with_columns(pl.col("instances").fill_null(0))
        .with_columns(
            pl.col("status")
            .replace_strict({s: i for i, s in enumerate(STATUSES)}, return_dtype=pl.Int8)
            .alias("_order")
        )
        .sort("family", "_order")
        .drop("_order")
    )


def _listed(frame: pl.DataFrame) -> pl.DataFrame:
    columns = [
        c
        for c in (
            "family",
            "check",
            "instance",
            "status",
            "reported",
            "calculated",
            "difference",
            "tolerance",
            "line",
            "detail",
        )
        if c in frame.columns
    ]
    return frame.sort("line", "check", nulls_last=True).select(columns)


def findings(residuals: pl.DataFrame, status: str) -> pl.DataFrame:
    """The instances with one status, with what was compared and where, by line."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    return _listed(_checked(residuals).filter(pl.col("status") == status))


def rounding(residuals: pl.DataFrame) -> pl.DataFrame:
    """The passes that hold within the rounding tolerance but not exactly (the printed
    figures are each rounded to 0.01 万元), by line."""
    return _listed(
        _checked(residuals).filter((pl.col("status") == "pass") & (pl.col("difference") != 0))
    )
