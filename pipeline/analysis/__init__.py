"""Analyses of one unit-year (or many): pure functions, clean frames in → small frames out.

The notebooks in `notebooks/` only load frames (`pipeline.load`) and call these functions;
every number a notebook shows is computed here from the frames, never typed in.  Amounts stay
`Decimal` (`pl.Decimal(18, 2)`); percentages are computed with `decimal` and rounded half-up
to two places, the way the documents print them.  Each result keeps the `line` of the raw
document its inputs were read from, so a reader can check it against the text.

Modules: `common` (percentages, lookups, formatting), `overview`, `projects`, `vehicles`,
`prior_year`, `earlier` (prior-year figures against the unit's earlier document), `across`,
`validation` (summaries of identity residuals), `charts` (Altair charts of these frames),
`present` (escaped tables and text for the notebooks).
"""
