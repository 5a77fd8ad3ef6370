"""`budget report`: execute the notebooks for the chosen unit-years and write the HTML reports.

Layout of `<reports>`:

- `<unit-slug>-<year>/01-overview.html` … `05-validation.html`: notebooks 1–5 for each
  unit-year chosen (the slug keeps the unit's name readable and adds a hash, so two
  units never share a folder and no name can escape `<reports>`); with
  `keep_notebooks`, the executed `.ipynb` beside each page;
- `across/06-across-units.html`: notebook 6, once, over every unit-year of the clean tables;
- `lib/`: the one copy of the chart library and page styles every page links
  (:mod:`pipeline.report.library`); `single_file` pages inline them instead;
- `index.html`: every unit-year with its pages, and why a page is missing
  (:mod:`pipeline.report.index`); it links the validation page when present.

Cost: the notebooks run in warm kernels, one per worker process (one per core by
default), a unit-year's pages one after another in the same kernel
(:mod:`pipeline.report.batch`); bench/report.py measures it.  `units`, `years` and
`limit` choose the unit-years (:mod:`pipeline.report.selection`); the index says why
each other one was left out.  A failing notebook does not stop the others: every failure
is reported and the exit code is non-zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import store
from pipeline.report.selection import Selection, SelectionError, UnitYear, catalog, select

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
PER_UNIT_YEAR = (
    ("01-overview", "Overview · 概况"),
    ("02-trade-fair", "The largest project · 重点项目"),
    ("03-vehicles", "Vehicle costs and 三公 · 车辆与三公经费"),
    ("04-year-over-year", "Year over year · 上年对比"),
    ("05-validation", "Validation findings · 校验结果"),
)
ACROSS = ("06-across-units", "Across units and years · 跨单位与年度")
ACROSS_DIR = "across"
EXIT_OK, EXIT_FAILED = 0, 1


def unit_slug(unit: str) -> str:
    """A folder name for a unit: its name with unsafe characters replaced, plus a hash.

    >>> unit_slug("新疆维吾尔自治区喀什地区行政公署办公室")
    '新疆维吾尔自治区喀什地区行政公署办公室-e8c2beb6'
    >>> unit_slug("../<script>").startswith("script-")
    True
    """
    readable = re.sub(r"[^\w\u3400-\u9fff]+", "-", unit).strip("-_")[:40] or "unit"
    digest = hashlib.sha1(unit.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"


def unit_year_dir(reports: Path, unit: str, year: int) -> Path:
    """The folder of a unit-year's pages."""
    return reports / f"{unit_slug(unit)}-{year}"


@dataclass(frozen=True)
class Outcome:
    """What `build_all` built, what failed and what it left out (for callers and tests)."""

    built: list[Path]
    failed: list[tuple[str, str]]
    left_out: list[tuple[str, int]]
    reasons: dict[tuple[str, int], str] = field(default_factory=dict)
    seconds: float = 0.0


def unit_years(clean: Path) -> list[tuple[str, int]]:
    """Every (unit, year) in the clean `documents` table, sorted."""
    return [uy.key for uy in catalog(clean)]


def _pages(
    uy: UnitYear, reports: Path, notebooks_dir: Path, single_file: bool, keep_notebooks: bool
):
    from pipeline.report.batch import Page
    from pipeline.report.library import library_href

    folder = unit_year_dir(reports, uy.unit, uy.year)
    for name, title in PER_UNIT_YEAR:
        output = folder / f"{name}.html"
        yield Page(
            notebooks_dir / f"{name}.ipynb",
            {"unit": uy.unit, "year": uy.year},
            output,
            f"{title} · {uy.unit} {uy.year}",
            None if single_file else library_href(output, reports),
            output.with_suffix(".ipynb") if keep_notebooks else None,
        )


def _across_page(reports: Path, notebooks_dir: Path, single_file: bool, keep_notebooks: bool):
    from pipeline.report.batch import Page
    from pipeline.report.library import library_href

    name, title = ACROSS
    output = reports / ACROSS_DIR / f"{name}.html"
    return Page(
        notebooks_dir / f"{name}.ipynb",
        {"year": None},
        output,
        title,
        None if single_file else library_href(output, reports),
        output.with_suffix(".ipynb") if keep_notebooks else None,
    )


def _earlier(path: Path, data_time: float, title: str):
    """The index link of a page left from an earlier run, or None when there is none."""
    from pipeline.report.index import EARLIER, STALE, PageLink

    if not path.is_file():
        return None
    built = path.stat().st_mtime
    when = dt.datetime.fromtimestamp(built).strftime("%Y-%m-%d %H:%M")
    if built < data_time:
        return PageLink(title, STALE, path, f"built {when}, before the data last changed")
    return PageLink(title, EARLIER, path, f"built {when} by an earlier run")


def _index_rows(
    every: list[UnitYear],
    selection: Selection,
    reports: Path,
    results: dict[Path, str | None],
    data_time: float,
):
    from pipeline.report.index import BUILT, FAILED, SKIPPED, IndexRow, PageLink

    rows = []
    for uy in every:
        links = []
        for name, title in PER_UNIT_YEAR:
            short = title.split(" · ")[0]
            path = unit_year_dir(reports, uy.unit, uy.year) / f"{name}.html"
            if path in results and results[path] is None:
                links.append(PageLink(short, BUILT, path))
            elif path in results:
                links.append(
                    PageLink(
                        short, FAILED, path if path.is_file() else None, f"failed: {results[path]}"
                    )
                )
            else:
                links.append(
                    _earlier(path, data_time, short)
                    or PageLink(short, SKIPPED, None, selection.skipped.get(uy.key, "not built"))
                )
        rows.append(IndexRow(uy, tuple(links)))
    return rows


def _across_link(page, results: dict[Path, str | None]):
    from pipeline.report.index import BUILT, FAILED, PageLink

    title = ACROSS[1]
    if results.get(page.output, "missing") is None:
        return PageLink(title, BUILT, page.output)
    return PageLink(
        title,
        FAILED,
        page.output if page.output.is_file() else None,
        f"failed: {results.get(page.output)}",
    )


def build_all(
    raw: Path,
    clean: Path,
    reports: Path,
    *,
    units: str | None = None,
    years: str | None = None,
    limit: int | None = None,
    single_file: bool = False,
    keep_notebooks: bool = False,
    workers: int | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    timeout: int = 600,
) -> Outcome:
    """Build the chosen unit-years' reports, the across-units report and the index.

    Raises :class:`~pipeline.report.selection.SelectionError` (before building anything)
    when `units`, `years` or `limit` cannot be read or a term matches nothing.
    """
    from pipeline.report.batch import Job, PageResult, WorkerConfig, run_jobs, static_images_env
    from pipeline.report.index import write_index
    from pipeline.report.library import write_library

    start = time.perf_counter()
    every = catalog(clean)
    selection = select(every, units=units, years=years, limit=limit)
    if not single_file:
        write_library(reports)
    jobs = []
    across = None
    if every:  # the longest job first, so that it overlaps the others
        across = _across_page(reports, notebooks_dir, single_file, keep_notebooks)
        jobs.append(Job("across units", (across,)))
    jobs += [
        Job(
            f"{uy.unit} {uy.year}",
            tuple(_pages(uy, reports, notebooks_dir, single_file, keep_notebooks)),
        )
        for uy in selection.chosen
    ]
    env = {
        "BUDGET_RAW": str(raw),
        "BUDGET_CLEAN": str(clean),
        "BUDGET_REPORTS": str(reports),
        **static_images_env(keep_notebooks),
    }

    def progress(result: PageResult) -> None:
        if result.error is None:
            print(f"budget report: wrote {result.page.output} ({result.seconds:.1f} s)")
        else:
            print(
                f"budget report: FAILED {result.page.output.name} for "
                f"{dict(result.page.parameters)}: {result.error}",
                file=sys.stderr,
            )

    outcome = run_jobs(
        jobs,
        WorkerConfig(cwd=notebooks_dir, env=env, timeout=timeout),
        workers=workers,
        on_result=progress,
    )
    results = {r.page.output: r.error for r in outcome}
    manifest = clean / store.MANIFEST
    data_time = manifest.stat().st_mtime if manifest.exists() else 0.0
    write_index(
        reports,
        _index_rows(every, selection, reports, results, data_time),
        across=_across_link(across, results) if across else None,
    )
    built = [r.page.output for r in outcome if r.error is None]
    failed = [
        (f"{r.page.notebook.stem} {dict(r.page.parameters)}", r.error)
        for r in outcome
        if r.error is not None
    ]
    # in the order of the unit-years, the across page last
    order = {page.output: i for i, job in enumerate([*jobs[1:], *jobs[:1]]) for page in job.pages}
    return Outcome(
        sorted(built, key=order.__getitem__),
        failed,
        [key for key in selection.skipped],
        dict(selection.skipped),
        time.perf_counter() - start,
    )


def results_notice(clean: Path, reports: Path) -> str | None:
    """What to say when the reports folder holds no validation results of this clean build.

    Pages read each document's identity results from the last `budget validate` when they
    are of this build (`pipeline.load_results`); otherwise each page computes them, the same
    verdicts at about a second a page more.
    """
    from pipeline.validate import VALIDATION_DIR
    from pipeline.validate.results import is_current

    if is_current(reports / VALIDATION_DIR, clean):
        return None
    return (
        f"no validation results of this clean build in {reports}: the pages compute the "
        "identities themselves (slower); `budget validate` first (or `budget run`) lets "
        "them read its results"
    )


def report_main(
    raw: Path,
    clean: Path,
    reports: Path,
    *,
    units: str | None = None,
    years: str | None = None,
    limit: int | None = None,
    single_file: bool = False,
    keep_notebooks: bool = False,
    workers: int | None = None,
) -> int:
    """Entry point of `budget report`: 0 when every report was built, 1 otherwise.

    Needs clean tables (`budget ingest`).  Unit-years left out by `units`, `years` or
    `limit` are counted here and listed, with the reason, in the index.
    """
    if not (clean / store.MANIFEST).exists() or not unit_years(clean):
        print(
            f"budget report: no clean documents in {clean}: run `budget ingest` first",
            file=sys.stderr,
        )
        return EXIT_FAILED
    notice = results_notice(clean, reports)
    if notice:
        print(f"budget report: {notice}", file=sys.stderr)
    try:
        outcome = build_all(
            raw,
            clean,
            reports,
            units=units,
            years=years,
            limit=limit,
            single_file=single_file,
            keep_notebooks=keep_notebooks,
            workers=workers,
        )
    except SelectionError as exc:
        print(f"budget report: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if outcome.left_out:
        print(
            f"budget report: notebooks 1–5 not built for {len(outcome.left_out)} unit-years "
            "(the index says why): "
            + ", ".join(f"{u} {y}" for u, y in outcome.left_out[:5])
            + (" …" if len(outcome.left_out) > 5 else ""),
            file=sys.stderr,
        )
    print(
        f"budget report: {len(outcome.built)} reports in {outcome.seconds:.0f} s, index at "
        f"{reports / 'index.html'}"
    )
    if outcome.failed:
        print(f"budget report: {len(outcome.failed)} report(s) failed:", file=sys.stderr)
        for what, why in outcome.failed:
            print(f"  {what}: {why}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


__all__ = ["Outcome", "build_all", "report_main", "results_notice", "unit_slug", "unit_years"]
