"""The generator's options (zero 三公, no carry-over, no projects) keep the oracle right:
what the parser reads back is what the budget holds."""

from __future__ import annotations

import random

import pytest

from pipeline.synth.model import generate_budget
from pipeline.synth.render import render_document, write_document
from tests.synth.test_roundtrip import assert_round_trip

OPTIONS = [
    {"sangong": False},
    {"carryover": False},
    {"projects": False},
    {"sangong": False, "carryover": False, "projects": False},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: "-".join(o))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_options_round_trip(tmp_path, seed, options):
    from pipeline.parse import parse_document
    from pipeline.reader import read_document
    from pipeline.synth.expected import expected_records

    budget = generate_budget(
        random.Random(seed), f"合成测试单位{seed:04d}（synthetic）", 2024, **options
    )
    if options.get("sangong") is False:
        assert budget.three_public.total.amount == 0 < budget.three_public.total.prior
        assert not any(e.code == "30231" for e in budget.economic)
    if options.get("carryover") is False:
        assert budget.carry == () and budget.carry_total == 0
    if options.get("projects") is False:
        assert budget.projects == () and budget.project_all == 0
    path = write_document(tmp_path / "doc.txt", render_document(budget))
    records = parse_document(read_document(path)).records
    assert_round_trip(records, expected_records(budget))


def test_default_draws_are_unchanged_by_the_options():
    """Options off (the default) draw exactly as before: corpora and benchmarks stay put."""
    plain = generate_budget(random.Random(3), "合成测试单位0003（synthetic）", 2024)
    again = generate_budget(
        random.Random(3),
        "合成测试单位0003（synthetic）",
        2024,
        sangong=True,
        carryover=True,
        projects=True,
    )
    assert plain == again
