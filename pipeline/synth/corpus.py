"""Many synthetic documents on disk, for benchmarks and bulk tests.

Document k is unit k // 8 in year 2019 + k % 8, so every document is a distinct unit-year
and each unit appears in consecutive years.  Each document draws from its own seeded
generator, so the corpus is the same for a seed however it is split across processes.

With `years=N` each unit has N documents, 2019 onwards, drawn as one chain
(`generate_years`): year N+1's prior-year figures are year N's amounts, so cross-year checks
have consistent input.  `edition` writes every document in one edition of the template, or
`"mixed"` cycles through all of them.  `variations` mixes in what real documents print
otherwise (page-number lines, General-format amounts, printed zeros, other wording) and
units organised otherwise (subordinate budget units, no projects, a 事业单位), each drawn
per document (the structure per unit); every such document still reads in full.
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from pipeline.synth.model import (
    PLAIN,
    Structure,
    SyntheticBudget,
    generate_budget,
    generate_years,
)
from pipeline.synth.render import (
    ENCODINGS,
    ZERO_CELLS,
    RenderVariant,
    render_document,
    write_document,
)
from pipeline.template import DEFAULT_TEMPLATE, TEMPLATES, Template

FIRST_YEAR = 2019
YEARS = 8  # 2019–2026
MIXED = "mixed"
"""`edition` value that cycles through every edition, document by document."""
_CHUNK = 250


def unit_year(index: int, years: int = YEARS) -> tuple[str, int]:
    """The unit name and year of document `index`, `years` documents per unit.

    >>> unit_year(0), unit_year(9)
    (('合成测试单位00000（synthetic）', 2019), ('合成测试单位00001（synthetic）', 2020))
    >>> unit_year(3, years=2)
    ('合成测试单位00001（synthetic）', 2020)
    """
    unit, offset = divmod(index, years)
    return f"合成测试单位{unit:05d}（synthetic）", FIRST_YEAR + offset


def edition_of(edition: str, index: int) -> Template:
    """The edition document `index` is written in: `edition` by name, or for `"mixed"` each
    registered edition in turn.

    >>> edition_of("mixed", 0).name, edition_of("mixed", 1).name
    ('unit_budget_2024', 'unit_budget_pre2024')
    """
    if edition == MIXED:
        editions = list(TEMPLATES.values())
        return editions[index % len(editions)]
    if edition not in TEMPLATES:
        raise ValueError(f"no edition {edition!r}; known: {', '.join(TEMPLATES)}, {MIXED}")
    return TEMPLATES[edition]


def draw_variant(rng: random.Random, variations: bool = False) -> RenderVariant:
    """A variant with each extraction quirk switched on independently; with `variations`,
    each way of printing real documents use too (drawn after the quirks, so a corpus
    without them is the same as before)."""
    variant = RenderVariant(
        crlf=rng.random() < 0.3,
        thousands=rng.random() < 0.7,
        full_width=rng.random() < 0.2,
        page_rows=rng.choice((None, None, 5, 9, 12, 20)),
        stray_spaces=rng.random() < 0.3,
        encoding=rng.choice(ENCODINGS),
    )
    if not variations:
        return variant
    return replace(
        variant,
        page_numbers=rng.random() < 0.5,
        general_format=rng.random() < 0.3,
        zeros=rng.choice(ZERO_CELLS),
        wording=rng.random() < 0.5,
    )


def unit_structure(seed: int, unit: str, variations: bool) -> Structure:
    """How `unit` is organised: plain, or with `variations` drawn once per unit (its years
    share it).

    >>> unit_structure(0, "合成测试单位00000（synthetic）", False) == PLAIN
    True
    """
    if not variations:
        return PLAIN
    rng = random.Random(f"structure:{seed}:{unit}")
    return Structure(
        subordinates=rng.choice((0, 0, 1, 2)),
        projects=rng.random() < 0.85,
        institution=rng.random() < 0.2,
        fund_projects=rng.choice((0, 0, 0, 1, 2)),
    )


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


def document_budget(
    seed: int, index: int, years: int | None = None, variations: bool = False
) -> tuple[SyntheticBudget, random.Random]:
    """Document `index`'s budget, and the generator its variant is drawn from.

    Without `years` each document is drawn alone; with it, each unit's budgets are one
    chain from 2019, so that each year's prior-year figures are the year before's amounts.
    """
    rng = _rng(seed, index)
    if years is None:
        unit, year = unit_year(index)
        return generate_budget(rng, unit, year, None, unit_structure(seed, unit, variations)), rng
    unit, year = unit_year(index, years)
    chain = random.Random(f"unit:{seed}:{index // years}")
    return generate_years(
        chain, unit, FIRST_YEAR, year - FIRST_YEAR + 1, unit_structure(seed, unit, variations)
    )[-1], rng


def write_one(
    out_dir: Path,
    seed: int,
    index: int,
    variants: bool = True,
    edition: str = DEFAULT_TEMPLATE.name,
    years: int | None = None,
    variations: bool = False,
) -> Path:
    """Generate, render and write document `index` of the corpus for `seed`."""
    budget, rng = document_budget(seed, index, years, variations)
    variant = draw_variant(rng, variations) if variants or variations else RenderVariant()
    path = out_dir / f"synthetic-{index + 1:06d}.txt"
    text = render_document(budget, variant=variant, template=edition_of(edition, index))
    return write_document(path, text, variant)


def _write_range(args: tuple[Path, int, int, int, bool, str, int | None, bool]) -> list[Path]:
    out_dir, seed, start, stop, variants, edition, years, variations = args
    return [
        write_one(out_dir, seed, index, variants, edition, years, variations)
        for index in range(start, stop)
    ]


def write_corpus(
    out_dir: Path,
    docs: int,
    seed: int = 0,
    *,
    variants: bool = True,
    workers: int | None = None,
    edition: str = DEFAULT_TEMPLATE.name,
    years: int | None = None,
    variations: bool = False,
) -> list[Path]:
    """Write `docs` documents of distinct unit-years into `out_dir`; the same for a seed.

    `variants` draws a random extraction variant per document (else the default form).
    `edition` names the edition to write (`"mixed"`: each in turn); `years` gives each unit
    that many consecutive, consistent years (default: eight years drawn independently).
    `variations` mixes in the other wording, presentation and structures (module doc).
    `workers` processes share the work (default: the CPUs available, at most 2 below
    500 documents where starting processes costs more than it saves).
    """
    if docs < 0:
        raise ValueError("docs must not be negative")
    if years is not None and not 1 <= years <= 30:
        raise ValueError("years must be between 1 and 30")
    edition_of(edition, 0)  # an unknown edition fails before anything is written
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if docs < 500 else min(len(os.sched_getaffinity(0)), 8)
    chunks = [
        (out_dir, seed, start, min(start + _CHUNK, docs), variants, edition, years, variations)
        for start in range(0, docs, _CHUNK)
    ]
    if workers <= 1 or len(chunks) <= 1:
        return [p for chunk in chunks for p in _write_range(chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [p for paths in pool.map(_write_range, chunks) for p in paths]


def synth_main(
    docs: int,
    out: Path,
    seed: int = 0,
    edition: str = DEFAULT_TEMPLATE.name,
    years: int | None = None,
    variations: bool = False,
) -> int:
    """Entry point for `budget synth --docs N --out DIR [--seed S] [--edition E] [--years Y]
    [--variations]`; returns the exit code."""
    paths = write_corpus(Path(out), docs, seed, edition=edition, years=years, variations=variations)
    per_unit = f", {years} consecutive years per unit" if years else ""
    per_unit += ", with variations" if variations else ""
    print(f"wrote {len(paths)} synthetic documents ({edition}{per_unit}) to {out}")
    return 0
