"""The `budget` command: ingest → validate → report, and synthetic corpora for tests.

Heavy imports (Great Expectations, nbclient) happen inside the subcommands that need them,
so `budget --help` and `budget ingest` start quickly.  Exit codes are those of
`pipeline.exit_codes`: a bad document or folder is 2; any other exception is a bug, shown
with its traceback, 70.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import InputError, ParseError
from pipeline.exit_codes import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_GAPS,
    EXIT_INTERNAL,
    EXIT_OK,
    describe,
)
from pipeline.locks import LockBusy
from pipeline.settings import settings
from pipeline.template import DEFAULT_TEMPLATE, TEMPLATES


def _paths(parser: argparse.ArgumentParser) -> None:
    defaults = settings()
    parser.add_argument(
        "--raw",
        type=Path,
        default=defaults.raw,
        help="folder of raw documents, searched recursively (default: %(default)s)",
    )
    parser.add_argument(
        "--clean",
        type=Path,
        default=defaults.clean,
        help="folder of the clean Parquet tables (default: %(default)s)",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=defaults.reports,
        help="folder for validation Data Docs and HTML reports (default: %(default)s)",
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    """Parse every changed document under --raw into --clean; print coverage and errors."""
    from pipeline.ingest_report import run_ingest

    return run_ingest(args.raw, args.clean, allow_empty=args.allow_empty)


def cmd_validate(args: argparse.Namespace) -> int:
    """Ingest what changed, then check every accounting identity."""
    if getattr(args, "engine", "pandas") == "spark":
        try:
            import pyspark  # noqa: F401  (an optional extra)
        except ImportError:
            print(
                "budget validate --engine spark needs pyspark (and Java): "
                "pip install 'kashgar-budgets[spark]'",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        from pipeline.validate.spark import validate_spark_main

        return validate_spark_main(args.raw, args.clean)
    from pipeline.validate import validate_main

    return validate_main(args.raw, args.clean, args.reports, allow_empty=args.allow_empty)


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks for every unit-year and render offline HTML reports, holding
    the lock of --reports and, shared, of --clean."""
    from pipeline import locks, store
    from pipeline.report.run import report_main

    with locks.hold(args.reports), store.reading(args.clean):
        return report_main(
            args.raw,
            args.clean,
            args.reports,
            units=args.units,
            years=args.years,
            limit=args.limit,
            single_file=args.single_file,
            keep_notebooks=args.notebooks,
            workers=args.workers,
        )


def cmd_run(args: argparse.Namespace) -> int:
    """ingest → validate → report; the exit code is the worst of the three."""
    from pipeline.store import MANIFEST

    codes = [cmd_ingest(args)]
    if codes[0] == EXIT_BAD_INPUT and not (args.clean / MANIFEST).exists():
        return EXIT_BAD_INPUT
    codes.append(cmd_validate(args))
    codes.append(cmd_report(args))
    return worst(codes)


def worst(codes: list[int]) -> int:
    """The exit code of several steps: unreadable input (2), then a failure (1), then gaps
    (3) — gaps are the mildest: every document landed and no identity failed.

    >>> worst([3, 0, 1]), worst([3, 2, 1]), worst([0, 3])
    (1, 2, 3)
    """
    for code in (EXIT_BAD_INPUT, EXIT_FAILED, EXIT_GAPS):
        if code in codes:
            return code
    return max(codes)


def cmd_synth(args: argparse.Namespace) -> int:
    """Write N synthetic documents (unit names marked 合成) of distinct unit-years."""
    try:
        from pipeline.synth.corpus import synth_main
    except ModuleNotFoundError:
        print(
            "budget synth needs the project's checkout: the synthetic-document generator "
            "(pipeline/synth) serves tests and benchmarks and is not installed with the "
            "package",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT

    return synth_main(args.docs, args.out, args.seed, args.edition, args.years, args.variations)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the clean tables and views as csv, xlsx, dta, duckdb or a Data Package."""
    from pipeline.export import export_main

    return export_main(
        args.raw,
        args.clean,
        args.out.absolute(),
        args.format,
        args.tables,
        args.views,
        args.unit,
        args.year,
    )


def cmd_dictionary(args: argparse.Namespace) -> int:
    """Write docs/data-dictionary.md from pipeline.schema and pipeline.views (or --check)."""
    from pipeline.schema import data_dictionary
    from pipeline.settings import PROJECT_ROOT
    from pipeline.views import dictionary as views_dictionary

    target = args.out or PROJECT_ROOT / "docs" / "data-dictionary.md"
    text = data_dictionary() + "\n" + views_dictionary() + "\n"
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run `budget dictionary`", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return EXIT_OK


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--units",
        default=None,
        metavar="TERMS",
        help="build notebooks 1–5 only for these units: comma-separated terms, each a unit "
        "id, a name or part of one (full- and half-width alike), optionally with "
        "@YEARS, e.g. '行政公署@2023-2024,教育局' (every term must match)",
    )
    parser.add_argument(
        "--years",
        default=None,
        metavar="YEARS",
        help="only these years: 2024, 2022-2024, 2023- or -2022, several joined by commas",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N unit-years (the first by unit and year)",
    )
    parser.add_argument(
        "--single-file",
        action="store_true",
        help="pages that carry the chart library themselves (about 1.2 MB "
        "each, to mail one report) instead of linking reports/lib/",
    )
    parser.add_argument(
        "--notebooks",
        action="store_true",
        help="also keep each executed notebook (.ipynb) beside its page, "
        "every chart with a static image",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="notebooks executed in parallel (default: one per core)",
    )


def _export_arguments(command: argparse.ArgumentParser) -> None:
    from pipeline.schema import TABLES

    formats = ("csv", "xlsx", "dta", "duckdb", "datapackage")
    command.add_argument(
        "--format",
        choices=formats,
        required=True,
        help="csv (UTF-8 with BOM), xlsx (a sheet each and a dictionary), "
        "dta (Stata 118), duckdb (one database), datapackage "
        "(Frictionless)",
    )
    command.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder to write (replaced whole; new, empty or an earlier export)",
    )
    command.add_argument(
        "--tables",
        nargs="*",
        default=None,
        metavar="TABLE",
        help=f"clean tables to export (default all: {', '.join(TABLES)}); "
        "give the option alone for none",
    )
    command.add_argument(
        "--views",
        nargs="*",
        default=None,
        metavar="VIEW",
        help="views to export (default all: functional_spending, "
        "economic_spending, project_spending, unit_year_panel, "
        "unit_year_measures); give the option alone for none",
    )
    command.add_argument(
        "--unit", default=None, help="only this unit: its id, full or short name, or part of it"
    )
    command.add_argument("--year", type=int, default=None, help="only this year")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `budget` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="budget",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Chinese unit budget disclosures (单位预算公开): ingest into exact Parquet "
        "tables, validate the accounting identities, render reports.",
        epilog=f"exit codes:\n{describe()}",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = [
        (
            "ingest",
            cmd_ingest,
            "parse every changed document under --raw into --clean "
            "(exit 2 if a document could not be read, 3 if one landed "
            "with gaps)",
        ),
        (
            "validate",
            cmd_validate,
            "ingest what changed, then check the accounting identities "
            "(exit 1 if one fails, 2 if input could not be read, 3 if "
            "a document landed with gaps)",
        ),
        ("report", cmd_report, "execute the notebooks for every unit-year into HTML reports"),
        ("run", cmd_run, "ingest → validate → report"),
        (
            "synth",
            cmd_synth,
            "write synthetic documents (unit names marked 合成) for tests and benchmarks",
        ),
        (
            "export",
            cmd_export,
            "write the clean tables and views for Stata, R, Excel or "
            "DuckDB (csv, xlsx, dta, duckdb, datapackage)",
        ),
        ("dictionary", cmd_dictionary, "write docs/data-dictionary.md from pipeline.schema"),
    ]
    for name, func, help_text in commands:
        command = sub.add_parser(name, help=help_text, description=help_text)
        _paths(command)
        command.set_defaults(func=func)
        if name == "synth":
            command.add_argument("--docs", type=int, required=True, help="how many documents")
            command.add_argument("--out", type=Path, required=True, help="folder to write into")
            command.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
            command.add_argument(
                "--edition",
                default=DEFAULT_TEMPLATE.name,
                choices=(*TEMPLATES, "mixed"),
                help="edition of the template to write, or 'mixed' for each "
                "in turn (default: %(default)s)",
            )
            command.add_argument(
                "--years",
                type=int,
                default=None,
                metavar="N",
                help="N consecutive years per unit, each year's prior-year "
                "figures the year before's amounts (default: eight "
                "years per unit, drawn independently)",
            )
            command.add_argument(
                "--variations",
                action="store_true",
                help="mix in what real documents print otherwise (page-number "
                "lines, amounts like 150 or 31.5, printed zeros, other "
                "wording) and units with subordinate budget units, "
                "without projects, or 事业单位",
            )
        if name in ("report", "run"):
            _report_options(command)
        if name in ("ingest", "validate", "run"):
            command.add_argument(
                "--allow-empty",
                action="store_true",
                help="empty --clean when --raw holds no document (without "
                "it such a run refuses, exit 2: a mistyped --raw must "
                "not wipe the store)",
            )
        if name in ("validate", "run"):
            command.add_argument(
                "--engine",
                choices=("pandas", "spark"),
                default="pandas",
                help="run the GX suites on pandas (default) or on Spark DataFrames in local mode",
            )
        if name == "export":
            _export_arguments(command)
        if name == "dictionary":
            command.add_argument("--out", type=Path, default=None, help="file to write")
            command.add_argument(
                "--check", action="store_true", help="only check that the file is current"
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `budget` console command: the subcommand's exit code; bad input
    exits 2, a lock held too long 75, and anything unexpected (a bug) 70 with its
    traceback."""
    args = build_parser().parse_args(argv)
    # resolved before use: `../raw` or a folder inside a dot-folder must read the same
    for name in ("raw", "clean", "reports"):
        setattr(args, name, getattr(args, name).resolve())
    try:
        return args.func(args)
    except (InputError, ParseError) as exc:
        print(f"budget: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except LockBusy as exc:
        print(f"budget: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except Exception:
        traceback.print_exc()
        print(
            f"budget: internal error (a bug, exit {EXIT_INTERNAL}): the traceback above "
            "says where; nothing half-written was left in --clean or --reports",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
