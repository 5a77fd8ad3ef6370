"""Benchmark `budget report`: seconds per unit-year, and the across-units page at scale.

For each size in `--sizes` (default 20 and 200): a synthetic corpus (`budget synth`, unit
names marked 合成, reused from `bench/corpora/<N>`), ingested and validated (as `budget run`
does: the pages read the validation's results), then `budget report` in a
fresh process building every page: notebooks 1–5 for each unit-year and the across-units
page.  For `--across` (default 1,000): `budget report --limit 0`, which builds the
across-units page (and the index) only.  Wall time, CPU time of the process tree, peak
memory (RSS of the tree, polled) and the size of the reports folder.  Results:
`bench/REPORTS.md` and `bench/reports.json`.

    python -m bench.report                                   # 20, 200; across at 1,000
    python -m bench.report --sizes 1 --across 2 --corpora /tmp/c --work /tmp/w --results /tmp/R.md
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

from bench.run import ROOT, Measure, budget, build_corpus, folder_mb, machine, measure, warm_cache

TARGET_S_PER_UNIT_YEAR = 3.0
TARGET_AT = 200
TARGET_ACROSS_S = 30.0
TARGET_ACROSS_AT = 1_000
_PAGE_RE = re.compile(r"wrote (\S+?\.html) \((\d+(?:\.\d+)?) s\)")


def _page_seconds(output: str) -> dict[str, float]:
    """Seconds per page as `budget report` prints them (`wrote <page> (1.2 s)`)."""
    return {path: float(s) for path, s in _PAGE_RE.findall(output)}


def _prepared(
    size: int, corpora: Path, work: Path, seed: int, steps: tuple[str, ...] = ("ingest",)
) -> tuple[list[str], Path]:
    """A fresh work folder with the corpus put through `steps`; the path options and the
    reports dir."""
    raw, _ = build_corpus(corpora, size, seed)
    warm_cache(raw)
    base = work / f"report-{size}"
    shutil.rmtree(base, ignore_errors=True)
    clean, reports = base / "clean", base / "reports"
    paths = ["--raw", str(raw), "--clean", str(clean), "--reports", str(reports)]
    for step in steps:
        done = measure(budget(step, *paths))
        if done.exit_code:
            raise RuntimeError(f"budget {step} failed:\n{done.output[-3000:]}")
    return paths, reports


def _run(run: Measure, reports: Path) -> dict:
    pages = _page_seconds(run.output)
    across = [s for p, s in pages.items() if p.endswith("06-across-units.html")]
    return asdict(run) | {
        "output": run.output[-2000:] if run.exit_code else None,
        "pages": len(pages),
        "across_page_s": across[0] if across else None,
        "slowest_page_s": max(pages.values(), default=None),
        # what `budget report` wrote: the validation run's own pages are not counted
        "reports_mb": folder_mb(reports) - folder_mb(reports / "validation")
        if reports.exists()
        else 0.0,
    }


def bench_reports(size: int, corpora: Path, work: Path, seed: int, workers: int | None) -> dict:
    """`budget report` over every unit-year of a `size`-document corpus."""
    # validated first, as `budget run` does: the pages read the run's identity results
    paths, reports = _prepared(size, corpora, work, seed, ("ingest", "validate"))
    extra = ["--workers", str(workers)] if workers else []
    result = _run(measure(budget("report", *paths, *extra)), reports)
    return {"docs": size, "report": result}


def bench_across(size: int, corpora: Path, work: Path, seed: int) -> dict:
    """The across-units page alone (`--limit 0`) over a `size`-document corpus."""
    paths, reports = _prepared(size, corpora, work, seed)
    return {
        "docs": size,
        "report": _run(measure(budget("report", *paths, "--limit", "0")), reports),
    }


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def render(results: dict) -> str:
    """REPORTS.md from the results."""
    m = results["machine"]
    lines = [
        "# Benchmark: `budget report`",
        "",
        f"Run {m['date']} with `python -m bench.report --sizes "
        f"{','.join(str(r['docs']) for r in results['sizes'])}"
        + (f" --across {results['across']['docs']}" if results.get("across") else "")
        + f"` on {m['cores']} cores, {m['memory_gb']} GB memory ({m['cpu']}; Python "
        f"{m['python']}).",
        f"Load average at the start: {', '.join(f'{x:.1f}' for x in m['load_average'])}.",
        "",
        "Each `budget report` runs in a fresh process and builds every page of a freshly "
        "ingested and validated synthetic corpus (as `budget run` does: the pages read the "
        "validation's identity results; the across-units page alone is built after ingest "
        "only; reports MB leaves out the validation's own pages): notebooks 1–5 for each "
        "unit-year and the across-units page, each executed by a real Jupyter kernel (warm "
        "kernels, one per worker). Wall time includes start-up; CPU time is the process "
        "tree's (workers and kernels); peak memory is the RSS of the whole tree, polled "
        "every 20 ms.",
        "",
        "## Per unit-year",
        "",
        "| unit-years | pages | wall s | s per unit-year | CPU s per unit-year | across page s "
        "| slowest page s | peak MB | reports MB | exit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        n, r = row["docs"], row["report"]
        lines.append(
            f"| {n:,} | {r['pages']} | {r['wall_s']:.1f} | {r['wall_s'] / n:.2f} | "
            f"{r['cpu_s'] / n:.2f} | {r['across_page_s'] or 0:.1f} | "
            f"{r['slowest_page_s'] or 0:.1f} | {r['peak_mb']:.0f} | {r['reports_mb']:.1f} | "
            f"{r['exit_code']} |"
        )
    across = results.get("across")
    if across:
        r = across["report"]
        lines += [
            "",
            "## The across-units page",
            "",
            "`budget report --limit 0`: the across-units page and the index only.",
            "",
            "| unit-years | command wall s | page s (execute + render + write) | CPU s "
            "| peak MB | page MB | exit |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {across['docs']:,} | {r['wall_s']:.1f} | {r['across_page_s'] or 0:.1f} | "
            f"{r['cpu_s']:.1f} | {r['peak_mb']:.0f} | {r['reports_mb']:.1f} | "
            f"{r['exit_code']} |",
        ]
    lines += ["", "## Targets", "", "| target | result | |", "|---|---|---|"]
    for name, value, ok in targets(results):
        lines.append(f"| {name} | {value} | {_met(ok)} |")
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured value, met?) for each target of issue 12."""
    out: list[tuple[str, str, bool | None]] = []
    at = next((r for r in results["sizes"] if r["docs"] == TARGET_AT), None)
    name = f"reports ≤ {TARGET_S_PER_UNIT_YEAR:g} s per unit-year at {TARGET_AT}"
    if at is None:
        out.append((name, "not measured", None))
    else:
        per = at["report"]["wall_s"] / TARGET_AT
        out.append(
            (
                name,
                f"{per:.2f} s ({at['report']['wall_s'] / 60:.1f} min in all)",
                per <= TARGET_S_PER_UNIT_YEAR and at["report"]["exit_code"] == 0,
            )
        )
    across = results.get("across")
    name = f"across-units report ≤ {TARGET_ACROSS_S:g} s at {TARGET_ACROSS_AT:,}"
    if across is None:
        out.append((name, "not measured", None))
    else:
        wall = across["report"]["wall_s"]
        out.append(
            (
                name,
                f"{wall:.1f} s (command) at {across['docs']:,}",
                wall <= TARGET_ACROSS_S and across["report"]["exit_code"] == 0
                if across["docs"] >= TARGET_ACROSS_AT
                else None,
            )
        )
    runs = [r["report"] for r in [*results["sizes"], *([across] if across else [])]]
    if len(results["sizes"]) >= 2:
        small, large = results["sizes"][0], results["sizes"][-1]
        a = small["report"]["peak_mb"]
        b = large["report"]["peak_mb"]
        out.append(
            (
                "memory bounded (peak does not grow with unit-years)",
                f"{a:.0f} MB at {small['docs']:,}, {b:.0f} MB at {large['docs']:,}; "
                f"largest {max(r['peak_mb'] for r in runs):.0f} MB",
                b <= 1.5 * a + 200,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the report benchmark and write REPORTS.md and reports.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="20,200",
        help="comma-separated unit-years for full builds (default: %(default)s)",
    )
    parser.add_argument(
        "--across",
        type=int,
        default=TARGET_ACROSS_AT,
        help="unit-years for the across-units page alone; 0 skips it (default: %(default)s)",
    )
    parser.add_argument("--workers", type=int, default=None, help="budget report --workers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpora", type=Path, default=ROOT / "bench" / "corpora")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "REPORTS.md")
    args = parser.parse_args(argv)
    results: dict = {"machine": machine(), "sizes": []}
    for size in sorted(int(s) for s in args.sizes.split(",") if s.strip()):
        print(f"reports for {size:,} unit-years …", file=sys.stderr, flush=True)
        results["sizes"].append(
            bench_reports(size, args.corpora, args.work, args.seed, args.workers)
        )
        _write(results, args.results)
    if args.across:
        print(f"across-units page at {args.across:,} unit-years …", file=sys.stderr, flush=True)
        results["across"] = bench_across(args.across, args.corpora, args.work, args.seed)
    _write(results, args.results)
    print(args.results.read_text(encoding="utf-8"))
    return 0


def _write(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_name("reports.json").write_text(json.dumps(results, indent=1))
    path.write_text(render(results), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
