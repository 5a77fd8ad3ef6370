"""Hand the residual frame to Great Expectations: one pandas batch per suite, Data Docs.

GX 1.x has no Polars engine, so each suite's batch is converted once: exact Decimals become
Float64 copies (a Decimal object column makes GX crawl), text becomes pandas categories.  GX is
imported here only, because importing it costs seconds.  Its progress bars are switched
off through the context's variables and its loggers are quietened, so the terminal shows
only the run's own summary.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.schema import TABLES, schema_of
from pipeline.settings import PROJECT_ROOT

SUITES_FILE = PROJECT_ROOT / "expectations" / "identities.json"
SITE = "validation"
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
"""Counts and at most 20 example values per expectation: Data Docs stay small whatever
the number of failing rows."""


@dataclass
class SuiteResult:
    """Outcome of one suite: GX's success and the severity its meta declares."""

    suite: str
    severity: str
    success: bool
    evaluated: int
    failed_expectations: list[str]


def _trim() -> None:
    """Hand freed memory back to the system: pyarrow's pool (pandas' strings) and glibc's
    heap (numpy arrays) keep what a suite's batch freed for reuse otherwise."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def quiet_gx() -> Iterator[None]:
    """GX's log noise and warnings kept out of the terminal (its progress bars are turned
    off per context, in `gx_context`: they ignore TQDM_DISABLE)."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def gx_context():
    """An ephemeral GX context without progress bars (call inside `quiet_gx`)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


def load_suite_specs(path: Path = SUITES_FILE) -> list[dict]:
    """The identity suites as declared in expectations/identities.json."""
    return json.loads(path.read_text(encoding="utf-8"))["suites"]


def suite_columns(spec: dict) -> list[str]:
    """The columns a suite's expectations name, in first-mention order.

    >>> suite_columns({"expectations": [{"kwargs": {"column": "status"}},
    ...                                 {"kwargs": {"column_list": ["unit", "year"]}}]})
    ['status', 'unit', 'year']
    """
    names: list[str] = []
    for e in spec["expectations"]:
        kw = e["kwargs"]
        for name in ([kw["column"]] if "column" in kw else []) + list(kw.get("column_list", [])):
            if name not in names:
                names.append(name)
    return names


def gx_batch(residuals: pl.DataFrame) -> pl.DataFrame:
    """The residual frame as GX reads it: `family` (to split the suites by) and only the
    columns the suites name, decimals as Float64 copies.

    The suites read `status` as it is stored (pass / warn / fail / not_evaluated), so what
    GX judges is what the results, the page and the terminal show.  Built a batch of
    documents at a time and concatenated: at scale the other columns (detail texts above
    all) would cost GX gigabytes of pandas strings.  The labels are enums (a byte a row,
    pandas categories for GX); a label outside them is an error.
    """
    from pipeline.identities import FAMILIES, STATUSES

    needed = {c for spec in load_suite_specs() for c in suite_columns(spec)}
    labels = {"family": FAMILIES, "status": STATUSES}
    return (
        residuals.with_columns(
            pl.col(c).cast(pl.Float64)
            for c in ("reported", "calculated", "difference", "tolerance")
            if c in needed
        )
        .select("family", *sorted(needed))
        .with_columns(
            pl.col(c).cast(pl.Enum(values))
            for c, values in labels.items()
            if c == "family" or c in needed
        )
    )


KEY_SHARED = "primary_key_shared"
"""Column added to each clean table for its baseline suite: 1 on every row whose primary
key another row shares, else 0 (so its sum counts the rows with a duplicate key)."""


def with_key_check(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """`frame` with `KEY_SHARED`, computed over the table's primary key.

    >>> f = pl.DataFrame({"unit": ["a", "a", "b"], "year": [2024] * 3, "kind": ["budget"] * 3})
    >>> with_key_check(f, "documents")[KEY_SHARED].to_list()
    [1, 1, 0]
    """
    key = list(TABLES[table].primary_key)
    if frame.is_empty():
        return frame.with_columns(pl.lit(0, pl.Int8).alias(KEY_SHARED))
    # a 64-bit hash of the key finds the candidates cheaply; only rows whose hash repeats
    # are compared exactly (comparing millions of string keys directly costs a gigabyte)
    combined = pl.lit(0, pl.UInt64)
    for i, name in enumerate(key):
        combined = combined * 1_000_003 + pl.col(name).hash(seed=i)  # wraps; collisions
    candidate = combined.is_duplicated()  # only cost a compare
    rows = frame.with_row_index("_row").filter(candidate)
    dup = rows.filter(pl.struct(key).is_duplicated())["_row"]
    return frame.with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).is_in(dup.implode()).cast(pl.Int8).alias(KEY_SHARED)
    )


def baseline_specs() -> list[dict]:
    """Baseline suites per clean table, generated from pipeline.schema."""
    # GX compares the dtype's scalar type: nullable Int32 reads "int32", and text, which
    # reaches GX as pandas categories (see `_pandas`), "CategoricalDtypeType"
    pandas_type = {
        pl.String: "CategoricalDtypeType",
        pl.Int8: "int8",
        pl.Int16: "int16",
        pl.Int32: "int32",
        pl.Boolean: "boolean",
    }
    from pipeline.schema import COLUMNS

    specs = []
    for table in TABLES.values():
        # an aggregate over one column: GX's map expectations copy the whole batch (all
        # columns) to drop nulls first, its compound-columns check hashes every row
        exps = [
            {
                "type": "expect_column_sum_to_be_between",
                "kwargs": {"column": KEY_SHARED, "min_value": 0, "max_value": 0},
                "meta": {
                    "severity": "failure",
                    "notes": "primary key is unique: no row "
                    "shares its " + ", ".join(table.primary_key) + " with another "
                    "(compared by Polars)",
                },
            }
        ]
        for name, dtype in schema_of(table.name).items():
            if not COLUMNS[name].nullable:
                exps.append(
                    {
                        "type": "expect_column_values_to_not_be_null",
                        "kwargs": {"column": name},
                        "meta": {"severity": "failure"},
                    }
                )
            kind = "float64" if isinstance(dtype, pl.Decimal) else pandas_type.get(dtype)  # type: ignore[call-overload]
            if kind:
                exps.append(
                    {
                        "type": "expect_column_values_to_be_of_type",
                        "kwargs": {"column": name, "type_": kind},
                        "meta": {"severity": "failure"},
                    }
                )
        specs.append(
            {
                "name": f"baseline.{table.name}",
                "table": table.name,
                "meta": {"description": table.description, "severity": "failure"},
                "expectations": exps,
            }
        )
    return specs


_NULLABLE = {
    pl.Int8: "Int8",
    pl.Int16: "Int16",
    pl.Int32: "Int32",
    pl.Int64: "Int64",
    pl.UInt32: "UInt32",
    pl.Float64: "Float64",
    pl.Boolean: "boolean",
}


def _pandas(frame: pl.DataFrame):
    """A pandas frame with nullable dtypes (Int32 stays Int32 with nulls; Decimal → Float64;
    text → category).

    Text becomes pandas categories: labels, units and sources repeat across millions of
    rows (the line items of 10,000 documents take 0.8 GB as pandas strings).  Converted a
    column at a time: converting the whole frame at once holds every intermediate copy
    together.  When the caller holds no other reference to `frame`, each Polars column is
    freed once converted.
    """
    import pandas as pd

    columns = {}
    for name, dtype in frame.schema.items():
        series = frame.get_column(name)
        frame = frame.drop(name)  # a frame handed over is released column by column
        if isinstance(dtype, pl.Decimal):
            series, dtype = series.cast(pl.Float64), pl.Float64
        elif dtype == pl.String:
            series, dtype = series.cast(pl.Categorical()), pl.Categorical()
        column = series.to_pandas(use_pyarrow_extension_array=False)
        target = _NULLABLE.get(type(dtype)) or _NULLABLE.get(dtype)  # type: ignore[call-overload]
        columns[name] = column.astype(target) if target else column
    return pd.DataFrame(columns, copy=False)


def run_suites(
    batch: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame] | Callable[[str], pl.DataFrame],
    site_dir: Path,
    on_suite: Callable[[str], None] | None = None,
) -> list[SuiteResult]:
    """Validate every suite once over all documents and write GX Data Docs to `site_dir`.

    `batch` is `gx_batch` of the residuals (of all unit-years, concatenated; not kept
    past the identity suites, so pass it without holding it elsewhere); `frames`
    gives each clean table for its baseline suite, as a mapping or a function that loads
    it (so that only one table at a time need be in memory).
    """
    with quiet_gx():
        import great_expectations as gx
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        ctx = gx_context()
        ctx.add_data_docs_site(
            site_name=SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )

        def table(name: str) -> pl.DataFrame:
            if callable(frames):
                return frames(name)
            found = frames.get(name)
            return pl.DataFrame(schema=schema_of(name)) if found is None else found

        held = [batch]  # dropped once the identity suites have run (see below)
        del batch
        identity_specs = load_suite_specs()

        def residual_rows(spec: dict) -> pl.DataFrame:
            rows = (
                held[0]
                if spec["family"] is None
                else held[0].filter(pl.col("family") == spec["family"])
            )
            if spec is identity_specs[-1]:
                held.clear()  # the baseline suites need the memory
            return rows.select(suite_columns(spec))

        jobs: list[tuple[dict, Callable[[], pl.DataFrame]]] = [
            (spec, lambda spec=spec: residual_rows(spec)) for spec in identity_specs
        ]
        jobs += [
            (spec, lambda spec=spec: with_key_check(table(spec["table"]), spec["table"]))
            for spec in baseline_specs()
        ]
        results = []
        for spec, rows_of in jobs:
            held_rows = [rows_of()]
            suite = ctx.suites.add(gx.ExpectationSuite(name=spec["name"], meta=spec["meta"]))
            suite.add_expectation_configurations(
                [
                    ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"])
                    for e in spec["expectations"]
                ]
            )
            suite.save()
            # a data source per suite, deleted after its run: a source's execution engine
            # keeps every batch it has loaded
            source = ctx.data_sources.add_pandas(spec["name"])
            asset = source.add_dataframe_asset(spec["name"])
            definition = ctx.validation_definitions.add(
                gx.ValidationDefinition(
                    name=spec["name"],
                    data=asset.add_batch_definition_whole_dataframe("all"),
                    suite=suite,
                )
            )
            height = held_rows[0].height
            pdf = _pandas(held_rows.pop())  # handed over: freed column by column
            result = definition.run(
                batch_parameters={"dataframe": pdf}, result_format=RESULT_FORMAT
            )
            results.append(
                SuiteResult(
                    spec["name"],
                    spec["meta"]["severity"],
                    bool(result.success),
                    height,
                    [r.expectation_config.type for r in result.results if not r.success],
                )
            )
            del result, pdf
            ctx.data_sources.delete(spec["name"])
            _trim()
            if on_suite:
                on_suite(spec["name"])
        ctx.build_data_docs(site_names=[SITE])
    return results
