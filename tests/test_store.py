"""The clean store: exact round trip, readable by DuckDB, never half-written."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import polars as pl
import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.tidy import to_frame


def facts(unit: str, year: int, value: str) -> pl.DataFrame:
    return to_frame(
        "facts",
        [
            {
                "unit": unit,
                "year": year,
                "topic": "三公",
                "metric": "合计",
                "value": Decimal(value),
                "value_unit": "万元",
                "source": f"{unit}.txt",
                "line": 7,
            }
        ],
    )


def test_round_trip_keeps_decimals_and_partitions_by_year(tmp_path):
    frame = pl.concat([facts("甲", 2023, "31.50"), facts("乙", 2024, "0.01")])
    store.write_clean(tmp_path / "clean", {"facts": frame}, {"documents": {}})
    back = store.scan(tmp_path / "clean", "facts").sort("year").collect()
    assert back.schema == frame.schema
    assert back["value"].to_list() == [Decimal("31.5000"), Decimal("0.0100")]
    assert sorted(p.name for p in (tmp_path / "clean" / "facts").iterdir()) == ["2023", "2024"]
    one = store.scan(tmp_path / "clean", "facts").filter(pl.col("year") == 2024).collect()
    assert one["unit"].to_list() == ["乙"]


def test_duckdb_reads_the_clean_parquet_unchanged(tmp_path):
    store.write_clean(tmp_path / "clean", {"facts": facts("甲", 2024, "31.50")}, {})
    pattern = str(tmp_path / "clean" / "facts" / store.FILES)
    row = duckdb.sql(
        f"select unit, year, value from read_parquet('{pattern}', hive_partitioning = true)"
    ).fetchall()
    assert row == [("甲", 2024, Decimal("31.5000"))]


def test_every_file_holds_year_as_int32(tmp_path):
    """One file read alone still says its year, as Int32 (pyarrow reads its own schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    store.write_clean(tmp_path / "clean", {"facts": facts("甲", 2024, "31.50")}, {})
    files = list((tmp_path / "clean" / "facts").glob(store.FILES))
    assert [f.parent.name for f in files] == ["2024"]
    table = pq.read_table(files[0])
    assert table.schema.field("year").type == pa.int32()
    assert table.column("year").to_pylist() == [2024]


def test_failed_write_leaves_previous_build_and_no_staging(tmp_path):
    clean = tmp_path / "clean"
    store.write_clean(clean, {"facts": facts("甲", 2024, "1.00")}, {"documents": {"a": 1}})
    bad = facts("甲", 2024, "1.00").with_columns(pl.lit("x").alias("value"))
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the old build
        store.write_clean(clean, {"facts": bad}, {"documents": {}})
    assert store.read_manifest(clean) == {"documents": {"a": 1}}
    assert store.scan(clean, "facts").collect()["value"].to_list() == [Decimal("1.0000")]
    assert [p.name for p in tmp_path.iterdir()] == ["clean"]


def test_empty_table_reads_as_typed_empty_frame(tmp_path):
    store.write_clean(tmp_path / "clean", {}, {})
    empty = store.scan(tmp_path / "clean", "line_items").collect()
    assert empty.height == 0 and empty.schema["amount"] == pl.Decimal(18, 2)


def test_data_dictionary_is_current():
    assert main(["dictionary", "--check"]) == 0
