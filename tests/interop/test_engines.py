"""The clean Parquet of the real document reads unchanged in DuckDB and in Spark.

Every clean table is read by each engine straight from `data/clean`'s layout (one folder
per year, `year` an Int32 column inside every file) and compared row by row with what
Polars reads: same rows, same values, Decimals exact, and `year` of one integer type in
every engine.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import store
from pipeline.ingest import ingest
from pipeline.schema import TABLES, schema_of

REAL = (
    Path(__file__).resolve().parents[2] / "data" / "raw" / ("kashgar-admin-office_2024_budget.txt")
)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    (root / "raw").mkdir()
    shutil.copy(REAL, root / "raw" / REAL.name)
    result = ingest(root / "raw", root / "clean")
    assert result.errors == []
    return root / "clean"


def polars_rows(clean: Path, table: str) -> list[tuple]:
    """The table as Polars reads it, rows in a canonical order."""
    return sorted(store.scan(clean, table).collect().rows(), key=repr)


def test_the_real_document_fills_the_tables_compared(clean):
    # line 287 (table 6): 公务用车运行维护费 31.50 — a cell every engine must read exactly
    items = store.scan(clean, "line_items").filter(pl.col("code") == "30231").collect()
    assert Decimal("31.50") in items["amount"].to_list()
    empty = [t for t in TABLES if store.scan(clean, t).collect().height == 0]
    # the shipped document is complete: nothing unplaced (project_quantities may be empty)
    assert set(empty) - {"project_quantities"} == {"unplaced"}


@pytest.mark.parametrize("table", list(TABLES))
def test_duckdb_reads_every_table_unchanged(clean, table):
    if not store.has_files(clean, table):
        pytest.skip(f"{table} is empty for the real document: no files to read")
    pattern = clean / table / store.FILES
    names = ", ".join(f'"{c}"' for c in schema_of(table).names())
    for hive in ("true", "false"):
        relation = duckdb.sql(
            f"select {names} from read_parquet('{pattern}', hive_partitioning = {hive})"
        )
        assert sorted(relation.fetchall(), key=repr) == polars_rows(clean, table)
        assert dict(zip(relation.columns, map(str, relation.types), strict=True))["year"] == (
            "INTEGER"
        )


@pytest.mark.parametrize("table", ["documents", "line_items", "facts"])
def test_pandas_and_pyarrow_read_year_as_int32(clean, table):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = clean / table
    assert pq.read_table(folder).schema.field("year").type == pa.int32()
    frame = pd.read_parquet(folder)
    assert str(frame["year"].dtype) == "int32"
    assert len(frame) == store.scan(clean, table).collect().height
    one_file = next(folder.glob(store.FILES))
    assert pq.read_table(one_file).column("year").to_pylist()[0] == 2024


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (java not on PATH)")
    from pyspark.sql import SparkSession

    assert pyspark.__version__.startswith("4.1")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("kashgar-budgets-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.parametrize("table", list(TABLES))
def test_spark_reads_every_table_unchanged(clean, spark, table):
    from pipeline.validate.spark import read_table

    if not store.has_files(clean, table):
        pytest.skip(f"{table} is empty for the real document: no files to read")
    frame = read_table(spark, clean, table).select(*schema_of(table).names())
    rows = [tuple(row) for row in frame.collect()]
    assert sorted(rows, key=repr) == polars_rows(clean, table)
    types = dict(frame.dtypes)
    assert types["year"] == "int"
    for name, dtype in schema_of(table).items():
        if isinstance(dtype, pl.Decimal):
            assert types[name] == f"decimal({dtype.precision},{dtype.scale})", name
