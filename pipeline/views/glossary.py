"""Every classification code the corpus prints, with the names it is printed under, by year.

The reference table (`pipeline.classification`) gives each code one standard Chinese name
and an English name; documents print their own, sometimes another (表7 of the shipped
document prints 201 as 一般公共预算支出 where the standard name is 一般公共服务支出), and
codes the reference table does not list.  This view keeps both, so a researcher sees what
each document says and what the standard says, and an unlisted code still has a gloss.
"""

from __future__ import annotations

import polars as pl

from pipeline.classification import english_name, gloss, standard_name

__all__ = ["code_glossary"]

_KEY = ["classification", "code", "year", "name_printed"]


def code_glossary(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per (classification, code, year, printed name) the tables print."""
    rows = frames["line_items"].filter(pl.col("code").is_not_null())
    out = rows.group_by(
        ["classification", "code", "level", "year", pl.col("item").alias("name_printed")]
    ).agg(
        pl.col("source").n_unique().cast(pl.Int32).alias("documents"),
        pl.col("table_role").unique().sort().str.join(", ").alias("printed_in"),
        pl.col("source").first().alias("source"),
        pl.col("line").min().alias("line"),
    )
    return out.with_columns(
        pl.col("code").map_elements(standard_name, return_dtype=pl.String).alias("name_standard"),
        pl.col("code").map_elements(english_name, return_dtype=pl.String).alias("name_en"),
        pl.struct("code", "name_printed")
        .map_elements(lambda r: gloss(r["code"], printed=r["name_printed"]), return_dtype=pl.String)
        .alias("gloss"),
    ).sort(_KEY)
