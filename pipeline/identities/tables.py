"""The table families (hierarchy, rows, summary, across tables) as residuals."""

from __future__ import annotations

import polars as pl

from pipeline.identities.cells import expand, index_cells, prepare, stated_cells
from pipeline.identities.editions import documents_of
from pipeline.identities.evaluate import empty_residuals, evaluate
from pipeline.identities.hierarchy import hierarchy_figures, unit_figures
from pipeline.identities.relations import RELATIONS, Relation


def table_residuals(
    frames: dict[str, pl.DataFrame], relations: list[Relation] | None = None
) -> pl.DataFrame:
    """Residuals of the hierarchy and of every declared relation.

    Reads `line_items`, the narrative's stated figures (narrative_changes,
    narrative_shares, facts), the tables printed (`tables`) and each document's edition
    (`documents`) from `frames`.  Which relations apply to which document is decided by
    the caller (`pipeline.identities.editions.applicable`).
    """
    line_items = frames.get("line_items")
    if line_items is None or line_items.is_empty():
        return empty_residuals()
    cells = prepare(line_items, stated_cells(frames))
    printed = frames.get("tables")
    # one relation at a time: the figures of all of them at once do not fit at scale
    parts = [evaluate(hierarchy_figures(cells)), evaluate(unit_figures(cells))]
    index = index_cells(cells, printed, documents_of(frames))
    parts += [evaluate(expand(r, index)) for r in (RELATIONS if relations is None else relations)]
    return pl.concat(parts)
