"""A synthetic document validates clean: no identity fails and none warns, unless a defect is
planted on purpose.

Its figures are drawn consistent, so a warning is a defect of the generator (the reason of a
change naming a headcount the profile does not state, the same new appropriation stated with
two amounts, a change from a zero base, cost targets that do not cover the budget) or of the
checks — either way a reader would learn to ignore warnings.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.identities import residuals
from pipeline.synth.model import PLAIN, Structure, generate_years
from pipeline.synth.render import render_document
from tests.helpers import ingested, render_variants

structures = st.one_of(
    st.just(PLAIN),
    st.builds(
        Structure,
        subordinates=st.integers(0, 3),
        projects=st.booleans(),
        institution=st.booleans(),
        fund_projects=st.integers(0, 2),
    ),
)
variants = render_variants().filter(lambda v: not v.unknown_sentence)  # a planted gap


def not_clean(frames: dict[str, pl.DataFrame]) -> list[tuple]:
    res = residuals(frames)
    assert not res.is_empty()
    return (
        res.filter(pl.col("status").is_in(["fail", "warn"]))
        .select("check", "status", "instance", "detail")
        .rows()
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**31),
    year=st.integers(2019, 2026),
    years=st.integers(1, 3),
    structure=structures,
    variant=variants,
)
def test_a_synthetic_document_validates_without_fail_or_warn(
    tmp_path_factory, seed, year, years, structure, variant
):
    """The last of `years` consecutive years (its prior-year figures the year before's)."""
    unit = f"合成测试单位{seed % 10_000:04d}（synthetic）"
    budget = generate_years(random.Random(seed), unit, year - years + 1, years, structure)[-1]
    folder = tmp_path_factory.mktemp("doc")
    assert not_clean(ingested(folder, render_document(budget, variant=variant))) == []


def test_budget_synth_writes_documents_that_validate_clean(tmp_path: Path) -> None:
    """What `budget synth` writes, every edition and consecutive years: 0 fail, 0 warn."""
    raw = tmp_path / "raw"
    assert (
        main(
            [
                "synth",
                "--docs",
                "9",
                "--out",
                str(raw),
                "--seed",
                "4",
                "--edition",
                "mixed",
                "--years",
                "3",
            ]
        )
        == 0
    )
    assert not_clean(ingested(tmp_path)) == []


def test_a_planted_defect_is_still_seen(tmp_path: Path) -> None:
    """The same check that stays quiet on a clean document warns when a reason's headcount
    is not the profile's (the defect the generator used to make)."""
    budget = generate_years(random.Random(5), "合成测试单位0005（synthetic）", 2024, 1)[0]
    text = render_document(budget)
    staff = budget.staff
    wrong = f"本单位人员净增加 {abs(staff.active_change) + 3} 人"
    reasons = [line.reason for line in budget.lines if line.gpb]
    planted = text.replace(f"主要原因是{reasons[0]}。", f"主要原因是{wrong}。", 1)
    assert planted != text
    found = not_clean(ingested(tmp_path, planted))
    assert {check for check, *_ in found} == {"narrative.reason_headcount_eq_profile"}


def test_budget_synth_variations_read_in_full_and_validate_clean(tmp_path: Path) -> None:
    """`budget synth --variations` mixes the other wording, presentation and structures in;
    every document still reads in full (no gap) and validates with no fail and no warn."""
    raw = tmp_path / "raw"
    assert (
        main(
            [
                "synth",
                "--docs",
                "16",
                "--out",
                str(raw),
                "--seed",
                "0",
                "--years",
                "2",
                "--variations",
            ]
        )
        == 0
    )
    texts = [p.read_text(encoding=_encoding(p)) for p in sorted(raw.iterdir())]
    seen = {name for text in texts for name, mark in _MARKS.items() if re.search(mark, text)}
    assert seen == set(_MARKS)
    frames = ingested(tmp_path)
    assert set(frames["documents"]["status"]) == {"complete"}
    assert not_clean(frames) == []


_MARKS = {
    "page numbers": r"\n(?:— \d+ —|- \d+ -|第 \d+ 页 共 \d+ 页)\r?\n",
    "other wording": r"较上年|同比|与上年相比|主要是|主要原因：|在职人员",
    "subordinate units": r"下属预算单位 \d+ 个",
    "no projects": r"没有一般公共预算项目支出",
    "事业单位": r"不涉及机关运行经费",
}
"""What shows that a variation is in a document's text."""


def _encoding(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
