"""A sample of the mutation benchmark (`bench/mutation.py`) in the suite: 60 printed figures of
the shipped document, each changed in its last digit by 5 (far beyond rounding), parsed and
validated in process.  Every mutant must be flagged (a fail or warn the original does not
have, or the document refused) unless the figure is in the reviewed residue
(`mutation_residue.tsv`: stated once and in no relation, or not a figure the data hold)."""

from __future__ import annotations

import random

import pytest

from bench.mutation import (
    clean_frames,
    figures,
    judge,
    moved_last_digit,
    mutant,
    read_residue,
    unexplained,
)
from tests.identities.real import real_doc

SAMPLE = 60
SEED = 13


@pytest.fixture(scope="module")
def doc():
    return real_doc()


def test_every_sampled_mutant_is_flagged_or_a_reviewed_residue(doc):
    sample = random.Random(SEED).sample(figures(doc), SAMPLE)
    outcomes = judge(doc, sample, batch=SAMPLE)
    assert len(outcomes) == SAMPLE
    missed = unexplained(outcomes, read_residue())
    assert not missed, [
        (o.figure.line, o.figure.text, o.figure.mutated, o.status, o.why) for o in missed
    ]
    assert sum(o.status == "flagged" for o in outcomes) > SAMPLE // 2


def test_a_mutant_changes_one_figure_and_nothing_else(doc):
    figs = figures(doc)
    fig = next(f for f in figs if f.line == 441 and f.text == "281.68")
    changed = mutant(doc, fig)
    diff = [n for n, (a, b) in enumerate(zip(doc.lines, changed.lines, strict=True), 1) if a != b]
    assert diff == [441] and "社会保障和就业支出 281.63 万元" in changed.line(441)
    assert moved_last_digit("0") == "5" and moved_last_digit("99.80") == "99.85"


def test_figures_cover_tables_narrative_and_codes_but_not_dates(doc):
    figs = figures(doc)
    kinds = {f.kind for f in figs}
    assert {"cell", "code", "amount", "percent", "count", "target"} <= kinds
    # line 498: 资金执行时间：2024 年 1 月 1 日-2024 年 12 月 31 日 holds no figure
    assert not [f for f in figs if f.line == 498]
    # line 723: the contact's telephone number is not a figure
    assert not [f for f in figs if f.line == 723]
    # the residue names figures that exist
    keys = {f.key for f in figs}
    assert set(read_residue()) <= keys


def test_the_section_four_class_amount_was_silent_and_is_flagged(doc):
    # issue 13: a class amount of 说明 四 (line 441) changed in its last digit validated
    fig = next(f for f in figures(doc) if f.line == 441 and f.text == "80.55")
    (outcome,) = judge(doc, [fig])
    assert outcome.status == "flagged"
    assert ("narrative.fiscal.class_eq_fiscal_summary", "210", "fail") in outcome.new
    assert clean_frames(mutant(doc, fig))["facts"].height == clean_frames(doc)["facts"].height
