"""Round trip: render a random budget in a random variant, parse it, get the oracle's rows.

The oracle (`pipeline.synth.expected`) takes values from the generated budget, so any
misplaced, dropped or misread number in the parsers shows up as a missing or extra row.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse import parse_document
from pipeline.reader import read_document
from pipeline.synth.expected import expected_records
from pipeline.synth.model import PLAIN, Structure, generate_budget
from pipeline.synth.render import RenderVariant, render_document, write_document
from tests.helpers import assert_round_trip, differences, render_variants

variants = render_variants()


structures = st.builds(
    Structure,
    subordinates=st.integers(0, 3),
    projects=st.booleans(),
    institution=st.booleans(),
    fund_projects=st.integers(0, 2),
)


def parsed_and_expected(
    folder: Path, seed: int, year: int, variant: RenderVariant, structure: Structure = PLAIN
):
    unit = f"合成测试单位{seed % 1000:04d}（synthetic）"
    budget = generate_budget(random.Random(seed), unit, year, structure=structure)
    path = write_document(folder / "doc.txt", render_document(budget, variant=variant), variant)
    records = parse_document(read_document(path)).records
    return budget, records, expected_records(budget, variant)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31), year=st.integers(2019, 2026), variant=variants)
def test_parse_reads_back_what_was_rendered(tmp_path, seed, year, variant):
    budget, records, expected = parsed_and_expected(tmp_path, seed, year, variant)
    assert_round_trip(records, expected)
    assert {r["unit"] for rows in records.values() for r in rows} <= {budget.unit}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**31), year=st.integers(2019, 2026), variant=variants, structure=structures
)
def test_structures_read_back_what_was_rendered(tmp_path, seed, year, variant, structure):
    """Subordinate budget units, no projects, a 事业单位, government-fund projects: every
    figure lands where the oracle says, each row under the budget unit it is printed under."""
    _, records, expected = parsed_and_expected(tmp_path, seed, year, variant, structure)
    assert_round_trip(records, expected)


def test_round_trip_checks_every_table_it_claims(tmp_path):
    """The oracle covers these tables with rows, so a parser returning nothing fails."""
    _, records, expected = parsed_and_expected(tmp_path, 4, 2024, RenderVariant())
    assert all(expected[name] for name in expected if name != "unplaced")
    for name in expected.keys() - {"unplaced"}:  # a plain document places every number
        missing, _ = differences([], expected[name])
        assert missing, name
    assert_round_trip(records, expected)


def test_a_misplaced_amount_is_caught(tmp_path):
    """Swap two amounts in one table row of the rendered text: the round trip must fail."""
    budget = generate_budget(random.Random(8), "合成测试单位0008（synthetic）", 2024)
    lines = render_document(budget).split("\n")
    row = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("\t\t\t总计\t") and line.count("\t") == 6
    )
    cells = lines[row].split("\t")
    cells[5], cells[6] = cells[6], cells[5]  # 基本支出 ↔ 项目支出 of table 3's total
    lines[row] = "\t".join(cells)
    path = write_document(tmp_path / "doc.txt", "\n".join(lines))
    records = parse_document(read_document(path)).records
    missing, extra = differences(records["line_items"], expected_records(budget)["line_items"])
    assert len(missing) == len(extra) == 2
