"""`budget report`: execute the notebooks for every unit-year and write the HTML reports.

Layout of `<reports>`:

- `<unit-slug>-<year>/01-overview.html` … `05-validation.html`: notebooks 1–5 for each
  unit-year in the clean tables (the slug keeps the unit's name readable and adds a hash,
  so two units never share a folder and no name can escape `<reports>`);
- `across/06-across-units.html`: notebook 6, once, over every unit-year;
- `index.html`: links every report and, when present, the validation Data Docs
  (`validation/index.html`, written by `budget validate`).

Cost: each notebook runs in a fresh kernel, about 5–8 s here, so notebooks 1–5 cost
roughly 30 s per unit-year (≈ 8 h for 1,000 documents on one core).  `units=N` builds
notebooks 1–5 for the first N unit-years only and says which it left out; notebook 6 always
covers every unit-year.  A failing notebook does not stop the others: every failure is
reported and the exit code is non-zero.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline import store

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


@dataclass(frozen=True)
class Outcome:
    """What `report_main` built and what failed (for callers and tests)."""

    built: list[Path]
    failed: list[tuple[str, str]]
    left_out: list[tuple[str, int]]


def unit_years(clean: Path) -> list[tuple[str, int]]:
    """Every (unit, year) in the clean `documents` table, sorted."""
    documents = store.scan(clean, "documents").select("unit", "year").collect()
    return sorted((u, int(y)) for u, y in documents.unique().iter_rows())


def build_all(raw: Path, clean: Path, reports: Path, *, units: int | None = None,
              notebooks_dir: Path = NOTEBOOKS_DIR, timeout: int = 600) -> Outcome:
    """Build every report and the index; return what was built, failed and left out."""
    from pipeline.report.build import ReportBuildError, ReportEntry, build_report, write_index

    env = {"BUDGET_RAW": str(raw), "BUDGET_CLEAN": str(clean), "BUDGET_REPORTS": str(reports)}
    pairs = unit_years(clean)
    chosen = pairs if units is None else pairs[:units]
    left_out = pairs[len(chosen):]
    built: list[Path] = []
    failed: list[tuple[str, str]] = []
    entries: list[ReportEntry] = []

    def run(name: str, title: str, output: Path, parameters: dict, entry: ReportEntry) -> None:
        try:
            build_report(notebooks_dir / f"{name}.ipynb", output, parameters=parameters,
                         env=env, title=title, timeout=timeout)
        except (ReportBuildError, OSError) as exc:
            failed.append((f"{name} {parameters}", str(exc).splitlines()[0]))
            print(f"budget report: FAILED {name} for {parameters}: {exc}", file=sys.stderr)
            return
        built.append(output)
        entries.append(entry)
        print(f"budget report: wrote {output}")

    for unit, year in chosen:
        folder = reports / f"{unit_slug(unit)}-{year}"
        for name, title in PER_UNIT_YEAR:
            output = folder / f"{name}.html"
            run(name, f"{title} · {unit} {year}", output, {"unit": unit, "year": year},
                ReportEntry(unit_slug(unit), year, title, output.relative_to(reports), unit))
    if pairs:
        name, title = ACROSS
        output = reports / ACROSS_DIR / f"{name}.html"
        latest = max(year for _, year in pairs)
        run(name, title, output, {"year": None},
            ReportEntry(ACROSS_DIR, latest, title, output.relative_to(reports),
                        "All units · 全部单位"))
    write_index(reports, entries)
    return Outcome(built, failed, left_out)


def report_main(raw: Path, clean: Path, reports: Path, units: int | None = None) -> int:
    """Entry point of `budget report`: 0 when every report was built, 1 otherwise.

    Needs clean tables (`budget ingest`); `units` limits notebooks 1–5 to the first N
    unit-years (printed, never silent).
    """
    if not (clean / store.MANIFEST).exists() or not unit_years(clean):
        print(f"budget report: no clean documents in {clean}: run `budget ingest` first",
              file=sys.stderr)
        return EXIT_FAILED
    outcome = build_all(raw, clean, reports, units=units)
    if outcome.left_out:
        print(f"budget report: notebooks 1–5 left out for {len(outcome.left_out)} unit-years "
              f"(--units {units}): " + ", ".join(f"{u} {y}" for u, y in outcome.left_out[:10])
              + (" …" if len(outcome.left_out) > 10 else ""), file=sys.stderr)
    print(f"budget report: {len(outcome.built)} reports, index at {reports / 'index.html'}")
    if outcome.failed:
        print(f"budget report: {len(outcome.failed)} report(s) failed:", file=sys.stderr)
        for what, why in outcome.failed:
            print(f"  {what}: {why}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


__all__ = ["Outcome", "build_all", "report_main", "unit_slug", "unit_years"]

