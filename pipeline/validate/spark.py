"""`budget validate --engine spark`: the same GX suites, run on Spark DataFrames.

For corpora past one machine.  The identity suites (`expectations/identities.json`) run
through GX's Spark datasource on the residual frame as a Spark DataFrame, one validation
per suite over all documents, as with pandas; the baseline suites run on the clean tables
as Spark reads them from `data/clean` (`<table>/*/*.parquet`, year inside the files).  The
baseline's column type checks name pandas dtypes, so on Spark they are replaced by a check
of the Spark schema against `pipeline.schema` (Decimal(p, s) must read as decimal(p,s)).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import polars.selectors as cs

from pipeline import store
from pipeline.schema import TABLES, schema_of

SPARK_TYPES = {
    pl.String: "string",
    pl.Int8: "tinyint",
    pl.Int16: "smallint",
    pl.Int32: "int",
    pl.Int64: "bigint",
    pl.Boolean: "boolean",
    pl.Date: "date",
}


def spark_session(app: str = "kashgar-budgets"):
    """A local Spark session on every core (`local[*]`), without the web UI."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[*]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def read_table(spark, clean: Path, table: str):
    """A clean table as a Spark DataFrame: every year folder's files, `year` from the files."""
    return spark.read.parquet(str(store.table_dir(clean, table) / store.FILES))


def spark_type(dtype: pl.DataType) -> str:
    """The Spark SQL type name a clean column must read as.

    >>> spark_type(pl.Decimal(18, 2)), spark_type(pl.Int32)
    ('decimal(18,2)', 'int')
    """
    if isinstance(dtype, pl.Decimal):
        return f"decimal({dtype.precision},{dtype.scale})"
    return SPARK_TYPES[dtype.base_type()]  # type: ignore[index]


def schema_problems(spark, clean: Path) -> list[str]:
    """Columns of the clean tables that Spark reads with another type than the schema's."""
    problems = []
    for table in TABLES:
        if not store.has_files(clean, table):
            continue
        types = dict(read_table(spark, clean, table).dtypes)
        for name, dtype in schema_of(table).items():
            if types.get(name) != spark_type(dtype):
                problems.append(f"{table}.{name}: {types.get(name)} (expected {spark_type(dtype)})")
    return problems


def _clean_table(spark, clean: Path, table: str):
    """A clean table on Spark, with the baseline suite's key-sharing column computed there."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from pipeline.schema import TABLES
    from pipeline.validate.gx import KEY_SHARED

    if store.has_files(clean, table):
        frame = read_table(spark, clean, table).select(*schema_of(table).names())
    else:
        frame = spark.createDataFrame(
            [], schema=", ".join(f"`{n}` {spark_type(d)}" for n, d in schema_of(table).items())
        )
    by_key = Window.partitionBy(*TABLES[table].primary_key)  # nulls group together, as in
    shared = (F.count(F.lit(1)).over(by_key) > 1).cast("tinyint")  # Polars' is_duplicated
    return frame.withColumn(KEY_SHARED, shared)


def validate_spark(clean: Path, spark=None) -> list:
    """Run every identity suite and baseline suite on Spark; one SuiteResult per suite.

    `spark` is an existing session (default: a local one).  Residuals are computed by
    `pipeline.identities` from the clean tables and handed to Spark through Arrow.
    """
    from pipeline.identities import residuals
    from pipeline.validate import load_frames
    from pipeline.validate.gx import (
        SuiteResult,
        baseline_specs,
        gx_batch,
        gx_context,
        load_suite_specs,
        quiet_gx,
    )

    spark = spark or spark_session()
    batch = gx_batch(residuals(load_frames(clean)))
    batch = batch.with_columns(cs.enum().cast(pl.String))  # Spark reads plain strings
    res = spark.createDataFrame(batch.to_pandas(use_pyarrow_extension_array=True))
    with quiet_gx():
        import great_expectations as gx
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        ctx = gx_context()
        source = ctx.data_sources.add_spark("budget_spark")
        jobs = [
            (spec, res if spec["family"] is None else res.filter(res["family"] == spec["family"]))
            for spec in load_suite_specs()
        ]
        for spec in baseline_specs():
            # an empty table (unplaced, for complete documents) has no key shared, but Spark
            # sums no rows to null, which the key-sharing sum check would fail
            dropped = {"expect_column_values_to_be_of_type"} | (
                set()
                if store.has_files(clean, spec["table"])
                else {"expect_column_sum_to_be_between"}
            )
            spec = {
                **spec,
                "expectations": [e for e in spec["expectations"] if e["type"] not in dropped],
            }
            jobs.append((spec, _clean_table(spark, clean, spec["table"])))
        results = []
        for spec, frame in jobs:
            suite = ctx.suites.add(gx.ExpectationSuite(name=spec["name"], meta=spec["meta"]))
            suite.add_expectation_configurations(
                [
                    ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"])
                    for e in spec["expectations"]
                ]
            )
            suite.save()
            asset = source.add_dataframe_asset(spec["name"])
            definition = ctx.validation_definitions.add(
                gx.ValidationDefinition(
                    name=spec["name"],
                    data=asset.add_batch_definition_whole_dataframe("all"),
                    suite=suite,
                )
            )
            result = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
            results.append(
                SuiteResult(
                    spec["name"],
                    spec["meta"]["severity"],
                    bool(result.success),
                    frame.count(),
                    [r.expectation_config.type for r in result.results if not r.success],
                )
            )
    problems = schema_problems(spark, clean)
    results.append(
        SuiteResult("baseline.spark_schema", "failure", not problems, len(problems), problems)
    )
    return results


def validate_spark_main(raw: Path, clean: Path) -> int:
    """Ingest what changed, validate on Spark, print one line per suite; the exit code."""
    from pipeline import store
    from pipeline.console import plain_console, styled
    from pipeline.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
    from pipeline.validate import ingest_first

    console = plain_console()
    result = ingest_first(raw, clean, console)
    with store.reading(clean):
        suites = validate_spark(clean)
    for s in suites:
        mark = (
            styled("green", "ok")
            if s.success
            else (styled("red", "FAIL") if s.severity == "failure" else styled("yellow", "warn"))
        )
        mark.append(
            f" {s.suite} ({s.evaluated} rows)"
            + (f": {', '.join(s.failed_expectations)}" if not s.success else "")
        )
        console.print(mark, soft_wrap=True)
    failed = [s for s in suites if s.severity == "failure" and not s.success]
    if result.errors:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if failed else EXIT_OK
