"""Many synthetic documents on disk, for benchmarks and bulk tests.

Document k is unit k // 8 in year 2019 + k % 8, so every document is a distinct unit-year
and each unit appears in consecutive years.  Each document draws from its own seeded
generator, so the corpus is the same for a seed however it is split across processes.
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.synth.model import generate_budget
from pipeline.synth.render import ENCODINGS, RenderVariant, render_document, write_document

FIRST_YEAR = 2019
YEARS = 8  # 2019–2026
_CHUNK = 250


def unit_year(index: int) -> tuple[str, int]:
    """The unit name and year of document `index`.

    >>> unit_year(0), unit_year(9)
    (('合成测试单位00000（synthetic）', 2019), ('合成测试单位00001（synthetic）', 2020))
    """
    unit, offset = divmod(index, YEARS)
    return f"合成测试单位{unit:05d}（synthetic）", FIRST_YEAR + offset


def draw_variant(rng: random.Random) -> RenderVariant:
    """A variant with each extraction quirk switched on independently."""
    return RenderVariant(
        crlf=rng.random() < 0.3,
        thousands=rng.random() < 0.7,
        full_width=rng.random() < 0.2,
        page_rows=rng.choice((None, None, 5, 9, 12, 20)),
        stray_spaces=rng.random() < 0.3,
        encoding=rng.choice(ENCODINGS),
    )


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


def write_one(out_dir: Path, seed: int, index: int, variants: bool = True) -> Path:
    """Generate, render and write document `index` of the corpus for `seed`."""
    rng = _rng(seed, index)
    unit, year = unit_year(index)
    budget = generate_budget(rng, unit, year)
    variant = draw_variant(rng) if variants else RenderVariant()
    path = out_dir / f"synthetic-{index + 1:06d}.txt"
    return write_document(path, render_document(budget, variant=variant), variant)


def _write_range(args: tuple[Path, int, int, int, bool]) -> list[Path]:
    out_dir, seed, start, stop, variants = args
    return [write_one(out_dir, seed, index, variants) for index in range(start, stop)]


def write_corpus(out_dir: Path, docs: int, seed: int = 0, *, variants: bool = True,
                 workers: int | None = None) -> list[Path]:
    """Write `docs` documents of distinct unit-years into `out_dir`; the same for a seed.

    `variants` draws a random extraction variant per document (else the default form).
    `workers` processes share the work (default: the CPUs available, at most 2 below
    500 documents where starting processes costs more than it saves).
    """
    if docs < 0:
        raise ValueError("docs must not be negative")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if docs < 500 else min(len(os.sched_getaffinity(0)), 8)
    chunks = [(out_dir, seed, start, min(start + _CHUNK, docs), variants)
              for start in range(0, docs, _CHUNK)]
    if workers <= 1 or len(chunks) <= 1:
        return [p for chunk in chunks for p in _write_range(chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [p for paths in pool.map(_write_range, chunks) for p in paths]


def synth_main(docs: int, out: Path, seed: int = 0) -> int:
    """Entry point for `budget synth --docs N --out DIR [--seed S]`; returns the exit code."""
    paths = write_corpus(Path(out), docs, seed)
    print(f"wrote {len(paths)} synthetic documents to {out}")
    return 0
