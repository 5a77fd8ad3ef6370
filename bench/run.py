"""Benchmark `budget ingest` and `budget validate` at 100, 1,000 and 10,000 documents.

For each size: a synthetic corpus (`budget synth`, unit names marked 合成) in
`bench/corpora/<N>`, then in fresh subprocesses, each measured alone: a first ingest, a
re-run with nothing changed, and `budget validate`.  Wall time, CPU time (the subprocess and
its pool workers, from `RUSAGE_CHILDREN`), peak memory (RSS of the process tree, polled)
and the size of the clean Parquet.  At the largest size: `pipeline.load("line_items",
unit=…, year=…)` latency in a fresh process.  The plain approach (`bench/plain.py`) runs on
the 100- and 1,000-document corpora for the ratio.  With `--pdf N`: N synthetic documents
printed to PDF (`pipeline.synth.html`, Chromium; TrueType and Type 3 fonts in turn),
ingested with a cold conversion cache and again with a warm one (clean tables removed,
data/interim kept): conversion ms per page and documents per second.  Results:
`bench/RESULTS.md` and `bench/results.json`.

    python -m bench.run                       # 100, 1,000 and 10,000 documents
    python -m bench.run --sizes 20 --no-plain --corpora /tmp/c --work /tmp/w --results /tmp/R.md
    python -m bench.run --sizes 20 --no-plain --pdf 10 …   # and 10 PDFs
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET_MS_PER_DOC = 6.0
TARGET_PEAK_MB = 2048
TARGET_LOAD_S = 2.0
TARGET_RERUN_S_PER_1000 = 1.0
TARGET_AT = 10_000
_POLL_S = 0.02
MEMORY_GUARD_MB = 6144
"""A measured command whose process tree grows past this is stopped (the machine is shared)."""


@dataclass
class Measure:
    """One subprocess run: wall and CPU seconds, peak RSS of its process tree, exit code."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    exit_code: int
    output: str = field(default="", repr=False)
    stopped: bool = False  # stopped by the memory guard


def measure(
    args: list[str], env: dict[str, str] | None = None, guard_mb: float = MEMORY_GUARD_MB
) -> Measure:
    """Run `args` in a fresh process; poll the RSS of it and its children until it ends.

    A process tree that grows past `guard_mb` is killed and reported as stopped.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # output goes to a file: a pipe read only at the end could fill and block the command
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            text=True,
        )
        peak = 0
        stopped = False
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                tree = []
            if peak > guard_mb * 2**20 and not stopped:
                stopped = True
                for p in reversed(tree):
                    with contextlib.suppress(psutil.Error):
                        p.kill()
            time.sleep(_POLL_S)
        log.seek(0)
        output = log.read()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss (KiB) is the largest single descendant; the tree sum is never smaller
    peak = max(peak, after.ru_maxrss * 1024 if after.ru_maxrss > before.ru_maxrss else 0)
    return Measure(wall, cpu, peak / 2**20, proc.returncode, output, stopped)


def budget(*args: str) -> list[str]:
    """The `budget` command line, run with this interpreter from the project root."""
    return [PYTHON, "-m", "pipeline.cli", *args]


def folder_mb(path: Path) -> float:
    """Size of the files under `path` in MiB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def build_corpus(corpora: Path, size: int, seed: int) -> tuple[Path, float | None]:
    """The synthetic corpus of `size` documents (reused when complete); seconds to write it."""
    folder = corpora / str(size)
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == size:
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    run = measure(budget("synth", "--docs", str(size), "--out", str(folder), "--seed", str(seed)))
    if run.exit_code:
        raise RuntimeError(f"budget synth failed:\n{run.output}")
    return folder, run.wall_s


_LOAD_SCRIPT = """
import json, sys, time
import polars as pl
t = time.perf_counter()
import pipeline
from pipeline import store
from pipeline.settings import settings
first = store.scan(settings().clean, "documents").select("unit", "year").sort("unit", "year")
unit, year = first.collect().row(int(sys.argv[1]))
t0 = time.perf_counter()
cold = pipeline.load("line_items", unit=unit, year=year)
t1 = time.perf_counter()
warm = pipeline.load("line_items", unit=unit, year=year)
t2 = time.perf_counter()
print(json.dumps({"unit": unit, "year": year, "rows": cold.height, "cold_s": t1 - t0,
                  "warm_s": t2 - t1, "same": cold.equals(warm)}))
"""


def load_latency(raw: Path, clean: Path, size: int) -> dict:
    """`pipeline.load("line_items", unit=…, year=…)` for a unit-year in the middle, fresh."""
    env = {"BUDGET_RAW": str(raw), "BUDGET_CLEAN": str(clean)}
    run = measure([PYTHON, "-c", _LOAD_SCRIPT, str(size // 2)], env)
    if run.exit_code:
        raise RuntimeError(f"load failed:\n{run.output}")
    return {**json.loads(run.output.strip().splitlines()[-1]), "peak_mb": run.peak_mb}


def warm_cache(raw: Path) -> float:
    """Read every raw file once so that the measured commands find them in the page cache;
    the seconds it took.

    This VM's kernel reclaims cold pages (DAMON) and its disk reads small files at about
    1.5 MB/s, so a corpus written or read minutes earlier may be back on disk: the parse is
    what is measured here, not the disk.
    """
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(Path.read_bytes, sorted(p for p in raw.iterdir() if p.is_file())))
    return time.perf_counter() - start


def bench_size(size: int, corpora: Path, work: Path, seed: int, plain: bool, load: bool) -> dict:
    """Every measurement at one corpus size."""
    raw, synth_s = build_corpus(corpora, size, seed)
    warm_s = warm_cache(raw)
    base = work / str(size)
    shutil.rmtree(base, ignore_errors=True)
    clean, reports = base / "clean", base / "reports"
    paths = ["--raw", str(raw), "--clean", str(clean), "--reports", str(reports)]
    ingest = measure(budget("ingest", *paths))
    if ingest.exit_code:
        raise RuntimeError(f"budget ingest failed:\n{ingest.output[-3000:]}")
    rerun = measure(budget("ingest", *paths))
    validate = measure(budget("validate", *paths))
    available = "not available yet" not in validate.output
    result: dict = {
        "docs": size,
        "synth_s": synth_s,
        "warm_s": warm_s,
        "clean_mb": folder_mb(clean),
        "raw_mb": folder_mb(raw),
        "ingest": asdict(ingest) | {"output": None},
        "rerun": asdict(rerun) | {"output": None},
        "validate": (asdict(validate) | {"output": validate.output[-2000:]}) if available else None,
    }
    if load:
        result["load"] = load_latency(raw, clean, size)
    if plain:
        warm_cache(raw)
        run = measure(
            [
                PYTHON,
                "-m",
                "bench.plain",
                "--raw",
                str(raw),
                "--out",
                str(base / "plain"),
                "--validate",
            ]
        )
        if run.exit_code:
            raise RuntimeError(f"plain approach failed:\n{run.output[-3000:]}")
        result["plain"] = {
            **json.loads(run.output.strip().splitlines()[-1]),
            "wall_s": run.wall_s,
            "cpu_s": run.cpu_s,
            "peak_mb": run.peak_mb,
        }
    return result


def build_pdf_corpus(corpora: Path, docs: int, seed: int) -> tuple[Path, int]:
    """`docs` synthetic documents printed to PDF (reused when complete); their pages."""
    import pypdfium2

    from pipeline.synth.corpus import write_corpus
    from pipeline.synth.html import PageStyle, document_html
    from pipeline.synth.printing import FONTS, print_pdfs

    folder = corpora / f"pdf-{docs}"
    pdfs = sorted(folder.glob("*.pdf"))
    if len(pdfs) != docs:
        shutil.rmtree(folder, ignore_errors=True)
        texts = write_corpus(corpora / f"pdf-{docs}-text", docs, seed, variants=False)
        fonts = [FONTS["truetype"], FONTS["type3"]]
        print_pdfs(
            (
                document_html(text.read_text(encoding="utf-8"), PageStyle(fonts[index % 2])),
                folder / f"{text.stem}.pdf",
            )
            for index, text in enumerate(texts)
        )
        pdfs = sorted(folder.glob("*.pdf"))
    pages = 0
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        pages += len(pdf)
        pdf.close()
    return folder, pages


def bench_pdf(docs: int, corpora: Path, work: Path, seed: int) -> dict:
    """PDF input: ingest with a cold conversion cache, then a warm one."""
    raw, pages = build_pdf_corpus(corpora, docs, seed)
    warm_cache_s = warm_cache(raw)
    base = work / f"pdf-{docs}"
    shutil.rmtree(base, ignore_errors=True)
    clean = base / "clean"
    args = budget("ingest", "--raw", str(raw), "--clean", str(clean))
    env = {"BUDGET_INTERIM": str(base / "interim")}
    cold = measure(args, env)
    if cold.exit_code:
        raise RuntimeError(f"budget ingest of PDFs failed:\n{cold.output[-3000:]}")
    shutil.rmtree(clean)
    warm = measure(args, env)

    def summary(run: Measure) -> str:  # what ingest says of the PDFs it read
        return next((line for line in run.output.splitlines() if line.startswith("PDFs:")), "")

    return {
        "docs": docs,
        "pages": pages,
        "raw_mb": folder_mb(raw),
        "warm_s": warm_cache_s,
        "cold": asdict(cold) | {"output": summary(cold)},
        "warm": asdict(warm) | {"output": summary(warm)},
    }


def machine() -> dict:
    """Cores, memory and software of the machine the numbers come from."""
    import polars as pl

    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "load_average": os.getloadavg(),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _ms(seconds: float | None, docs: int) -> str:
    return "–" if seconds is None else f"{1000 * seconds / docs:.2f}"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def render(results: dict) -> str:
    """RESULTS.md from the results: machine, per-size table, plain ratio, targets."""
    m, rows = results["machine"], results["sizes"]
    lines = [
        "# Benchmark: ingest and validate at scale",
        "",
        f"Run {m['date']} with `python -m bench.run --sizes "
        f"{','.join(str(r['docs']) for r in rows)}` on {m['cores']} cores, "
        f"{m['memory_gb']} GB memory ({m['cpu']}; Python {m['python']}, Polars {m['polars']}).",
        f"Load average at the start: {', '.join(f'{x:.1f}' for x in m['load_average'])}.",
        "",
        "The cores are shared with other sessions, so wall times are noisy; CPU time (the "
        "command and its parsing workers) is the steadier figure. Peak memory is the RSS of "
        "the whole process tree, polled every 20 ms. Each command runs in a fresh process, "
        "so start-up (imports, worker spawn) is included.",
        "Before each size the raw files are read once, so the commands find them in the page "
        "cache: this VM reclaims cold pages and reads small files from disk at about 1.5 MB/s "
        "(that read took "
        + ", ".join(
            f"{r['warm_s']:.1f} s at {r['docs']:,}" for r in rows if r.get("warm_s") is not None
        )
        + "), which would measure the disk, not the parse.",
        "",
        "## Per size",
        "",
        "| documents | ingest s | ingest ms/doc | docs/s | ingest CPU ms/doc | ingest peak MB "
        "| re-run s (nothing changed) | validate s | validate ms/doc | validate peak MB "
        "| clean MB | raw MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        n, ing, val = r["docs"], r["ingest"], r["validate"]
        lines.append(
            f"| {n:,} | {ing['wall_s']:.1f} | {_ms(ing['wall_s'], n)} | "
            f"{n / ing['wall_s']:.0f} | {_ms(ing['cpu_s'], n)} | {ing['peak_mb']:.0f} | "
            f"{r['rerun']['wall_s']:.2f} | "
            + (
                f"stopped at {val['wall_s']:.0f} s | – | > {MEMORY_GUARD_MB / 1024:g} GB"
                if val and val.get("stopped")
                else f"{val['wall_s']:.1f} | {_ms(val['wall_s'], n)} | {val['peak_mb']:.0f}"
                if val
                else "– | – | –"
            )
            + f" | {r['clean_mb']:.1f} | {r['raw_mb']:.0f} |"
        )
    if results.get("pdf"):
        lines += render_pdf(results["pdf"])
    if any(r["validate"] and r["validate"].get("stopped") for r in rows):
        lines += [
            "",
            f"A run marked *stopped* grew past {MEMORY_GUARD_MB / 1024:g} GB and was "
            "killed by the benchmark's memory guard (the machine is shared).",
        ]
    if not any(r["validate"] for r in rows):
        lines += [
            "",
            "`budget validate` was not available in this build (the identity suites "
            "had not landed), so it was not measured.",
        ]
    loads = [r for r in rows if r.get("load")]
    if loads:
        lines += [
            "",
            "## Loading one unit-year",
            "",
            "| documents | rows | first call s (fresh process) | second call s |",
            "|---:|---:|---:|---:|",
        ]
        for r in loads:
            ld = r["load"]
            lines.append(
                f"| {r['docs']:,} | {ld['rows']} | {ld['cold_s']:.3f} | {ld['warm_s']:.3f} |"
            )
        lines += [
            "",
            '`pipeline.load("line_items", unit=u, year=y)` filters in the Parquet '
            "scan: `year` and `unit` skip files and row groups by their "
            "statistics (rows are sorted by unit within a year). For other filters use "
            "`pipeline.scan(name).filter(...)` before `.collect()`.",
        ]
    plains = [r for r in rows if r.get("plain")]
    if plains:
        lines += [
            "",
            "## Against the plain approach",
            "",
            "Plain: one document at a time through the same parser into pandas frames, "
            "`pd.concat`, Parquet; then one GX validation per document "
            f"({plains[0]['plain'].get('validated', '')}), single process "
            "(`bench/plain.py`).",
            "",
            "| documents | plain ingest s | ours s | ratio | plain validate s | ours s "
            "| ratio | plain peak MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in plains:
            p, ing, val = r["plain"], r["ingest"], r["validate"]
            vratio = f"{p['validate_s'] / val['wall_s']:.1f}×" if val else "–"
            lines.append(
                f"| {r['docs']:,} | {p['ingest_s']:.1f} | {ing['wall_s']:.1f} | "
                f"{p['ingest_s'] / ing['wall_s']:.1f}× | {p['validate_s']:.1f} | "
                + (f"{val['wall_s']:.1f}" if val else "–")
                + f" | {vratio} | "
                f"{p['peak_mb']:.0f} |"
            )
        lines += [
            "",
            "Plain times are measured inside its process (imports excluded); ours "
            "include process start-up.",
        ]
    lines += ["", "## Targets", "", "| target | result | |", "|---|---|---|"]
    for name, value, ok in targets(rows):
        lines.append(f"| {name} | {value} | {_met(ok)} |")
    return "\n".join(lines) + "\n"


def render_pdf(pdf: dict) -> list[str]:
    """The PDF input section of RESULTS.md."""
    docs, pages = pdf["docs"], pdf["pages"]
    out = [
        "",
        "## PDF input",
        "",
        f"{docs:,} synthetic documents printed to PDF ({pages:,} pages, "
        f"{pdf['raw_mb']:.0f} MB; TrueType and Type 3 fonts in turn), ingested by "
        "`budget ingest`: first with no conversion cache (every PDF converted, two at a "
        "time in child processes, then parsed), then with the clean tables removed and "
        "the cache under data/interim kept. Wall time of the whole command, start-up "
        "included; peak memory of the process tree (the converting children included). "
        "CPU time is not shown: the converting children are reaped by multiprocessing's "
        "fork server, so the command's children's CPU time does not hold theirs.",
        "",
        "| cache | ingest s | ms/page | documents/s | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("cold", "warm"):
        run = pdf[name]
        out.append(
            f"| {name} | {run['wall_s']:.1f} | {1000 * run['wall_s'] / pages:.1f} | "
            f"{docs / run['wall_s']:.2f} | {run['peak_mb']:.0f} |"
        )
    return out


def _growth(rows: list[dict], key: str) -> tuple[str, bool | None]:
    """Per-document cost from the smallest to the largest size ≥ 100 (linear ≈ flat)."""
    usable = [r for r in rows if r["docs"] >= 100 and r.get(key) and not r[key].get("stopped")]
    if len(usable) < 2:
        return "needs two sizes ≥ 100", None
    first, last = usable[0], usable[-1]
    a = first[key]["wall_s"] / first["docs"]
    b = last[key]["wall_s"] / last["docs"]
    return (
        f"{1000 * a:.2f} → {1000 * b:.2f} ms/doc from {first['docs']:,} to {last['docs']:,}",
        b <= a * 1.5,
    )


def targets(rows: list[dict]) -> list[tuple[str, str, bool | None]]:
    """(target, measured value, met?) for each target of issue 5."""
    at = next((r for r in rows if r["docs"] == TARGET_AT), None)
    out: list[tuple[str, str, bool | None]] = []
    for key in ("ingest", "validate"):
        run = at and at.get(key)
        name = f"{key} ≤ {TARGET_MS_PER_DOC:g} ms/doc at {TARGET_AT:,}"
        if run and run.get("stopped"):
            out.append((name, "stopped by the memory guard", False))
            continue
        value = f"{_ms(run['wall_s'], TARGET_AT)} ms/doc" if run else "not measured"
        out.append(
            (name, value, run["wall_s"] * 1000 / TARGET_AT <= TARGET_MS_PER_DOC if run else None)
        )
    runs = [(r["docs"], k, r[k]) for r in rows for k in ("ingest", "validate") if r.get(k)]
    docs, key, worst = max(runs, key=lambda x: x[2]["peak_mb"])
    out.append(
        (
            f"peak memory ≤ {TARGET_PEAK_MB / 1024:g} GB",
            f"{worst['peak_mb']:.0f} MB ({key} at {docs:,})"
            + (" when stopped" if worst.get("stopped") else ""),
            worst["peak_mb"] <= TARGET_PEAK_MB,
        )
    )
    for key in ("ingest", "validate"):
        value, ok = _growth(rows, key)
        out.append((f"{key} grows linearly", value, ok))
    largest = rows[-1]  # start-up dominates small corpora; judge at the largest
    per_1000 = largest["rerun"]["wall_s"] * 1000 / largest["docs"]
    out.append(
        (
            f"re-run with nothing changed ≪ {TARGET_RERUN_S_PER_1000:g} s per 1,000 docs",
            f"{per_1000:.2f} s per 1,000 (at {largest['docs']:,}, incl. start-up)",
            per_1000 < TARGET_RERUN_S_PER_1000 if largest["docs"] >= 1000 else None,
        )
    )
    loads = [r for r in rows if r.get("load")]
    if loads:
        ld = loads[-1]["load"]
        out.append(
            (
                f"load one unit-year ≤ {TARGET_LOAD_S:g} s at {TARGET_AT:,}",
                f"{ld['cold_s']:.3f} s at {loads[-1]['docs']:,}",
                ld["cold_s"] <= TARGET_LOAD_S if loads[-1]["docs"] >= TARGET_AT else None,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write RESULTS.md and results.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100,1000,10000",
        help="comma-separated corpus sizes (default: %(default)s)",
    )
    parser.add_argument(
        "--plain-sizes",
        default="100,1000",
        help="sizes at which the plain approach also runs (default: %(default)s)",
    )
    parser.add_argument("--no-plain", action="store_true", help="skip the plain approach")
    parser.add_argument(
        "--pdf",
        type=int,
        default=0,
        metavar="N",
        help="also print N synthetic documents to PDF and ingest them with a "
        "cold and a warm conversion cache (default: %(default)s, off)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpora", type=Path, default=ROOT / "bench" / "corpora")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    plain_sizes = set() if args.no_plain else {int(s) for s in args.plain_sizes.split(",")}
    results: dict = {"machine": machine(), "sizes": []}
    if args.pdf:
        print(f"benchmarking PDF input, {args.pdf:,} documents …", file=sys.stderr, flush=True)
        results["pdf"] = bench_pdf(args.pdf, args.corpora, args.work, args.seed)
    for size in sizes:
        print(f"benchmarking {size:,} documents …", file=sys.stderr, flush=True)
        row = bench_size(
            size, args.corpora, args.work, args.seed, size in plain_sizes, load=size == sizes[-1]
        )
        results["sizes"].append(row)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.with_name("results.json").write_text(json.dumps(results, indent=1))
        args.results.write_text(render(results), encoding="utf-8")
    print(args.results.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
