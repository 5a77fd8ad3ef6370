"""The unit columns every view starts with: its id, full name and short name."""

from __future__ import annotations

import polars as pl

from pipeline.units import short_name, unit_id


def with_unit_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `unit_id` and `unit_short` before and after `unit` (pipeline.units)."""
    names = frame["unit"].unique().to_list()
    ids = {n: unit_id(n) for n in names}
    shorts = {n: short_name(n) for n in names}
    keys = [
        pl.col("unit").replace_strict(ids, return_dtype=pl.String).alias("unit_id"),
        pl.col("unit").replace_strict(shorts, return_dtype=pl.String).alias("unit_short"),
    ]
    rest = [c for c in frame.columns if c != "unit"]
    return frame.with_columns(keys).select("unit_id", "unit", "unit_short", *rest)
