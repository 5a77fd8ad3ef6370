"""Shared test helpers: the shipped document and edited copies of it, the browser, and the
round-trip comparison of parsed rows with the synthetic oracle."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from pipeline.reader import RawDocument
from pipeline.synth.printing import CHROMIUM as CHROMIUM  # Debian's, install-browser.sh
from pipeline.synth.printing import CHROMIUM_ARGS as CHROMIUM_ARGS
from pipeline.synth.render import ENCODINGS, ZERO_CELLS, RenderVariant

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "kashgar-admin-office_2024_budget.txt"
UNIT = "新疆维吾尔自治区喀什地区行政公署办公室"


def edited(doc: RawDocument, edits: dict[int, str]) -> RawDocument:
    """The document with some 1-based lines replaced (line numbers stay the same)."""
    lines = list(doc.lines)
    for number, text in edits.items():
        lines[number - 1] = text
    return replace(doc, lines=tuple(lines))


def differences(got: list[dict], want: list[dict]) -> tuple[list, list]:
    """Rows missing from `got` and extra in it, compared on the oracle's columns."""
    if not want:
        return [], [tuple(sorted(r.items())) for r in got]
    columns = sorted(want[0])
    have = Counter(tuple((c, r.get(c)) for c in columns) for r in got)
    need = Counter(tuple((c, r[c]) for c in columns) for r in want)
    return list((need - have).elements()), list((have - need).elements())


def assert_round_trip(records: dict, expected: dict) -> None:
    """Every table the oracle (`pipeline.synth.expected`) fills has exactly its rows."""
    for table, want in expected.items():
        missing, extra = differences(records[table], want)
        assert not missing and not extra, (
            f"{table}: {len(missing)} rows missing, {len(extra)} extra; "
            f"first missing {missing[:2]}, first extra {extra[:2]}"
        )


def render_variants(
    max_page_rows: int = 30, presentation: bool = True
) -> st.SearchStrategy[RenderVariant]:
    """Variants of a synthetic document, each quirk drawn independently: how an extraction
    tool leaves the text, and with `presentation` also what real documents print otherwise
    (page-number lines, General-format amounts, printed zeros, other wording, a sentence no
    rule reads), which changes the lines themselves."""
    other = st.just(False)
    return st.builds(
        RenderVariant,
        crlf=st.booleans(),
        thousands=st.booleans(),
        full_width=st.booleans(),
        page_rows=st.one_of(st.none(), st.integers(min_value=1, max_value=max_page_rows)),
        stray_spaces=st.booleans(),
        encoding=st.sampled_from(ENCODINGS),
        page_numbers=st.booleans() if presentation else other,
        general_format=st.booleans() if presentation else other,
        zeros=st.sampled_from(ZERO_CELLS) if presentation else st.just(""),
        wording=st.booleans() if presentation else other,
        unknown_sentence=st.booleans() if presentation else other,
    )


def ingested(folder: Path, text: str | None = None) -> dict:
    """The clean frames of the documents under `folder`/raw (with `text` written there as
    doc.txt first), ingested into `folder`/clean; no document may fail."""
    from pipeline import store
    from pipeline.ingest import ingest
    from pipeline.schema import TABLES
    from pipeline.synth.render import write_document

    raw, clean = folder / "raw", folder / "clean"
    if text is not None:
        raw.mkdir(parents=True, exist_ok=True)
        write_document(raw / "doc.txt", text)
    result = ingest(raw, clean)
    assert result.errors == [], result.errors
    return {t: store.scan(clean, t).collect() for t in TABLES}


TWO_YEARS_UNIT = "合成两年单位（synthetic）"
RAISED = "机关运行经费 operating costs", "公务接待费", "“三公”经费 sangong"
"""The figures `write_two_years(altered=True)` makes differ: the 2023 document's 机关运行经费
and 公务接待费 are 1.00 万元 more than the 2024 document's 比上年 says (and so its 三公)."""


def write_two_years(folder: Path, *, altered: bool = False) -> tuple[Path, Path]:
    """A synthetic unit's 2023 and 2024 budgets (`generate_years`: 2024's prior-year figures
    are 2023's amounts), written into `folder`; with `altered`, 2023 as in `RAISED`."""
    import random

    from pipeline.synth.model import Change, generate_years
    from pipeline.synth.render import render_document, write_document

    def raised(change: Change) -> Change:
        return Change(change.amount + Decimal("1.00"), change.prior, change.reason)

    first, second = generate_years(random.Random(8), TWO_YEARS_UNIT, 2023, 2)
    assert first.three_public.reception.amount > 0  # the seed gives it a 公务接待费
    if altered:
        three = replace(first.three_public, reception=raised(first.three_public.reception))
        first = replace(first, running_cost=raised(first.running_cost), three_public=three)
    return tuple(
        write_document(folder / f"two-years-{b.year}.txt", render_document(b))
        for b in (first, second)
    )
