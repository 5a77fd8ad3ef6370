"""The same measures for every document in the clean tables, and year-to-year consistency.

`measures(frames)` is the unit-year panel view (`pipeline.views`, `unit_year_panel`): one
row per document (unit, year, kind), each figure taken from wherever the document states it
(a table cell, a narrative sentence, a blank cell of a printed table meaning 0) and null
when it states it nowhere; `pipeline.views.build("unit_year_measures", frames)` says where
each was read.  `consecutive_years` compares, for a unit with documents of one kind for two
consecutive years, the prior-year figures the later document states with what the earlier
document printed.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipeline.analysis.common import AMOUNT
from pipeline.views import build
from pipeline.views.panel import PANEL_SCHEMA

__all__ = ["MEASURE_SCHEMA", "consecutive_years", "measures"]

MEASURE_SCHEMA = {"unit": pl.String, "year": pl.Int32, "kind": pl.String, **PANEL_SCHEMA}
"""The measures' columns (the panel has unit_id, unit_short and source besides)."""


def measures(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per document of `frames["documents"]`: the `unit_year_panel` view.

    `frames` maps clean-table names to whole tables (documents, tables, line_items,
    narrative_changes, facts are used; a missing one counts as empty).  Sorted by unit,
    year, kind.
    """
    return build("unit_year_panel", dict(frames)).sort("unit", "year", "kind")


def consecutive_years(table: pl.DataFrame) -> pl.DataFrame:
    """For a unit with documents (of one kind) for years Y−1 and Y: Y's stated priors vs
    Y−1's printed totals.

    Takes `measures(...)`.  Columns: unit, year, measure, stated_prior (in year Y's
    narrative), printed (in year Y−1's tables), difference.  Empty when no unit has two
    consecutive years.
    """
    pairs = []
    earlier = {(r["unit"], r["year"], r["kind"]): r for r in table.iter_rows(named=True)}
    for row in table.iter_rows(named=True):
        before = earlier.get((row["unit"], row["year"] - 1, row["kind"]))
        if before is None:
            continue
        for measure in ("total", "basic", "project", "sangong", "operating_costs"):
            stated, printed = row[f"{measure}_prior"], before[measure]
            pairs.append({"unit": row["unit"], "year": row["year"], "measure": measure,
                          "stated_prior": stated, "printed": printed,
                          "difference": None if stated is None or printed is None
                          else stated - printed})
    return pl.DataFrame(pairs, schema={"unit": pl.String, "year": pl.Int32,
                                       "measure": pl.String, "stated_prior": AMOUNT,
                                       "printed": AMOUNT, "difference": AMOUNT})
