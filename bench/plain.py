"""The plain approach a researcher writes first, as the benchmark's point of comparison.

One document at a time: our parser → one pandas DataFrame per table → `pd.concat` at the
end → Parquet; then one Great Expectations validation per document.  The parsing is the
same as `budget ingest` (so the comparison measures the data handling, not the parser);
what differs is the per-document frames, the single process and the per-document GX runs.

Run as `python -m bench.plain --raw DIR --out DIR [--validate]`; prints one JSON line with
the seconds spent in each phase.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path

import pandas as pd


def ingest_plain(raw: Path, out: Path) -> dict[str, pd.DataFrame]:
    """Parse each document into pandas frames, concatenate per table, write Parquet."""
    from pipeline.ingest import discover
    from pipeline.parse import parse_document
    from pipeline.reader import read_document

    parts: dict[str, list[pd.DataFrame]] = {}
    for path in discover(raw):
        parsed = parse_document(read_document(path, str(path)))
        for table, rows in parsed.records.items():
            if rows:
                parts.setdefault(table, []).append(pd.DataFrame(rows))
    frames = {table: pd.concat(p, ignore_index=True) for table, p in parts.items()}
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        frame.to_parquet(out / f"{table}.parquet")
    return frames


def _suite_expectations() -> tuple[str, list[dict]]:
    """The expectations of one per-document validation, and what they are.

    The identity suites (expectations/identities.json) merged into one suite over the
    document's residual frame when the identities package is present; else the schema's
    line_items checks (key unique, required columns not null).
    """
    try:
        from pipeline.validate.gx import load_suite_specs
    except ImportError:
        from pipeline.schema import COLUMNS, TABLES

        table = TABLES["line_items"]
        exps = [
            {
                "type": "expect_compound_columns_to_be_unique",
                "kwargs": {"column_list": list(table.primary_key)},
            }
        ]
        exps += [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": c}}
            for c in table.columns
            if not COLUMNS[c].nullable
        ]
        return "line_items schema checks", exps
    exps = [e for spec in load_suite_specs() for e in spec["expectations"]]
    return "identity suites over the document's residuals", exps


def _document_batches(frames: dict[str, pd.DataFrame], kind: str):
    """(source, pandas batch) per document, for the per-document validations."""
    import polars as pl

    if kind.startswith("identity"):
        from pipeline.identities import residuals
        from pipeline.validate.gx import _pandas, gx_batch

        by_source = {
            t: pl.from_pandas(f).partition_by("source", as_dict=True) for t, f in frames.items()
        }
        sources = sorted({k[0] for parts in by_source.values() for k in parts})
        for source in sources:
            doc = {t: parts[(source,)] for t, parts in by_source.items() if (source,) in parts}
            yield source, _pandas(gx_batch(residuals(_typed(doc))))
    else:
        for source, frame in frames["line_items"].groupby("source"):
            yield source, frame


def _typed(frames: dict) -> dict:
    """Cast a document's frames back to the clean schema (pandas loses Decimal dtypes)."""
    import polars as pl

    from pipeline.schema import schema_of

    return {
        t: f.select(pl.col(c).cast(d) for c, d in schema_of(t).items() if c in f.columns)
        for t, f in frames.items()
    }


def validate_plain(frames: dict[str, pd.DataFrame]) -> tuple[str, int, int]:
    """One GX validation per document; (what was validated, documents, failed ones)."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        kind, exps = _suite_expectations()
        ctx = gx.get_context(mode="ephemeral")
        ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        suite = ctx.suites.add(gx.ExpectationSuite(name="per_document"))
        suite.add_expectation_configurations(
            [ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"]) for e in exps]
        )
        suite.save()
        asset = ctx.data_sources.add_pandas("plain").add_dataframe_asset("document")
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(
                name="per_document",
                data=asset.add_batch_definition_whole_dataframe("doc"),
                suite=suite,
            )
        )
        documents = failed = 0
        for _source, batch in _document_batches(frames, kind):
            result = definition.run(batch_parameters={"dataframe": batch})
            documents += 1
            failed += not result.success
    return kind, documents, failed


def main(argv: list[str] | None = None) -> int:
    """Run the plain approach and print its timings as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--validate", action="store_true", help="also validate per document")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    frames = ingest_plain(args.raw, args.out)
    report: dict[str, object] = {"ingest_s": time.perf_counter() - start}
    if args.validate:
        start = time.perf_counter()
        kind, documents, failed = validate_plain(frames)
        report.update(
            validate_s=time.perf_counter() - start,
            validated=kind,
            documents=documents,
            failed=failed,
        )
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
