"""Every edition from the same synthetic budget: rendered → detected → parsed == oracle.

We have no real documents of the ten-table or the 部门 edition; these synthetic ones (unit
names marked 合成) stand for them.  Also: a unit's consecutive years agree, so that year N+1's
prior-year figures are year N's amounts.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse import parse_document
from pipeline.reader import read_document
from pipeline.synth.corpus import synth_main, write_corpus
from pipeline.synth.expected import expected_records
from pipeline.synth.model import generate_budget, generate_years
from pipeline.synth.render import RenderVariant, render_document, write_document
from pipeline.template import TEMPLATES, template_named
from tests.helpers import assert_round_trip, render_variants

variants = render_variants()


def _parsed(folder: Path, budget, template, variant: RenderVariant | None = None):
    variant = variant or RenderVariant()
    text = render_document(budget, variant=variant, template=template)
    path = write_document(folder / f"{budget.year}.txt", text, variant)
    return parse_document(read_document(path))


@pytest.mark.parametrize("edition", list(TEMPLATES))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31), year=st.integers(2019, 2026), variant=variants)
def test_each_edition_reads_back_what_was_rendered(tmp_path, edition, seed, year, variant):
    template = template_named(edition)
    unit = f"合成测试单位{seed % 1000:04d}（synthetic）"
    budget = generate_budget(random.Random(seed), unit, year)
    parsed = _parsed(tmp_path, budget, template, variant)
    assert parsed.layout.template is template  # detected from the document's own text
    assert_round_trip(parsed.records, expected_records(budget, variant, template))


def _budget(seed: int = 5):
    return generate_budget(random.Random(seed), "合成测试局0005（synthetic）", 2023)


def test_the_ten_table_edition_has_no_carryover_table_or_section(tmp_path):
    template = template_named("unit_budget_pre2024")
    budget = _budget()
    assert budget.carry  # the budget has carry-over items; the edition does not print them
    records = _parsed(tmp_path, budget, template).records
    assert [t["table_no"] for t in records["tables"]] == list(range(1, 11))
    assert "carryover" not in {t["table_role"] for t in records["tables"]}
    assert not [f for f in records["facts"] if f["topic"] == "carryover"]
    (running,) = [c for c in records["narrative_changes"] if c["subject"] == "机关运行经费"]
    assert (running["section"], running["section_role"]) == ("十一", "other")


def test_the_department_edition_says_部门(tmp_path):
    template = template_named("department_budget_2024")
    budget = _budget()
    text = render_document(budget, template=template)
    assert "2023 年部门预算公开" in text and "部门整体绩效目标表" in text
    assert "单位收支总体情况表" not in text and "单位整体绩效目标表" not in text
    records = _parsed(tmp_path, budget, template).records
    (document,) = records["documents"]
    assert (document["title"], document["template"]) == (
        "2023 年部门预算公开",
        "department_budget_2024",
    )
    titles = {t["table_role"]: t["table_title"] for t in records["tables"]}
    assert titles["income_expenditure_summary"] == "部门收支总体情况表"
    assert titles["sangong"] == "财政拨款“三公”经费支出情况表"
    # the whole-department table is the unit-wide one, whatever its heading
    assert "单位整体" in {t["project"] for t in records["performance_tables"]}


def test_a_department_document_read_as_the_unit_edition_fails(tmp_path):
    text = render_document(_budget(), template=template_named("department_budget_2024"))
    path = write_document(tmp_path / "d.txt", text)
    with pytest.raises(ValueError, match="YYYY 年单位预算公开"):
        parse_document(read_document(path), template=template_named("unit_budget_2024"))


# ------------------------------------------------------------- consecutive years


def _prior_of(records: dict) -> dict[tuple, Decimal]:
    return {
        (r["section_role"], r["subject"], r["code"]): r["prior_amount"]
        for r in records["narrative_changes"]
    }


def _amounts_of(records: dict) -> dict[tuple, Decimal]:
    return {
        (r["section_role"], r["subject"], r["code"]): r["amount"]
        for r in records["narrative_changes"]
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31), edition=st.sampled_from(list(TEMPLATES)))
def test_consecutive_years_agree(tmp_path, seed, edition):
    """Year N+1's prior-year figures (amount − change of each 比上年 sentence) are year N's
    amounts, as parsed from the two rendered documents; a subject year N does not state
    (nothing budgeted) had 0.  The headcount changes count from year N's headcount."""
    template = template_named(edition)
    first, second = generate_years(random.Random(seed), "合成测试单位0042（synthetic）", 2023, 2)
    year_n = _parsed(tmp_path, first, template).records
    year_n1 = _parsed(tmp_path, second, template).records
    amounts = _amounts_of(year_n)
    priors = _prior_of(year_n1)
    assert priors  # every document states changes
    for key, prior in priors.items():
        assert prior == amounts.get(key, Decimal("0.00")), key
    (before,), (after,) = year_n["documents"], year_n1["documents"]
    for column in ("staff_active", "staff_retired", "staff_retired_cadre"):
        assert after[column] - after[f"{column}_change"] == before[column]


def test_independent_years_do_not_agree():
    """The check above can fail: budgets drawn alone have their own prior-year figures."""
    first = generate_budget(random.Random(1), "合成测试单位0042（synthetic）", 2023)
    second = generate_budget(random.Random(2), "合成测试单位0042（synthetic）", 2024)
    assert second.gpb_basic_change.prior != first.gpb_basic
    with pytest.raises(ValueError, match="prior budget must be"):
        generate_budget(random.Random(3), "合成测试单位0042（synthetic）", 2025, prior=first)


def test_a_mixed_corpus_with_consecutive_years(tmp_path):
    paths = write_corpus(tmp_path, 6, seed=2, edition="mixed", years=2, variants=False)
    parsed = [parse_document(read_document(path)) for path in paths]
    assert [p.layout.template.name for p in parsed] == list(TEMPLATES) * 2
    units = [(p.layout.unit, p.layout.year) for p in parsed]
    assert units[0][0] == units[1][0] != units[2][0] and [y for _, y in units[:2]] == [2019, 2020]
    for first, second in zip(parsed[0::2], parsed[1::2], strict=True):
        amounts = _amounts_of(first.records)
        for key, prior in _prior_of(second.records).items():
            assert prior == amounts.get(key, Decimal("0.00")), key


def test_budget_synth_edition_and_years(tmp_path, capsys):
    from pipeline.cli import main

    out = tmp_path / "c"
    assert (
        main(
            [
                "synth",
                "--docs",
                "4",
                "--out",
                str(out),
                "--edition",
                "department_budget_2024",
                "--years",
                "2",
            ]
        )
        == 0
    )
    assert "department_budget_2024, 2 consecutive years per unit" in capsys.readouterr().out
    layouts = [parse_document(read_document(p)).layout for p in sorted(out.iterdir())]
    assert {layout.template.name for layout in layouts} == {"department_budget_2024"}
    assert [layout.year for layout in layouts] == [2019, 2020, 2019, 2020]
    with pytest.raises(SystemExit):
        main(["synth", "--docs", "1", "--out", str(out), "--edition", "no_such_edition"])
    with pytest.raises(ValueError, match="years must be"):
        synth_main(1, out, years=0)


def test_ingest_records_each_documents_edition(tmp_path):
    """One document per edition in one folder: each lands with the edition detected, and a
    document that fits none is reported naming the closest, the others still landing."""
    import polars as pl

    from pipeline import store
    from pipeline.ingest import ingest

    raw = tmp_path / "raw"
    raw.mkdir()
    for index, (name, template) in enumerate(TEMPLATES.items()):
        unit = f"合成测试单位{index:04d}（synthetic）"
        budget = generate_budget(random.Random(index), unit, 2024)
        write_document(raw / f"{name}.txt", render_document(budget, template=template))
    broken = render_document(_budget(), template=template_named("unit_budget_2024"))
    write_document(raw / "broken.txt", broken.replace("- 十一、 上年结转结余情况明细表\n", ""))
    result = ingest(raw, tmp_path / "clean")
    (error,) = result.errors
    assert (
        "broken.txt" in error
        and "closest is unit_budget_2024: the contents list 10 tables; the edition prints 11"
        in error
    )
    documents = store.scan(tmp_path / "clean", "documents").collect()
    assert sorted(documents["template"].to_list()) == sorted(TEMPLATES)
    assert set(documents["kind"].to_list()) == {"budget"}
    tables = store.scan(tmp_path / "clean", "tables").collect()
    per_edition = (
        tables.join(documents.select("unit", "template"), on="unit")
        .group_by("template")
        .agg(pl.len().alias("tables"))
    )
    assert dict(per_edition.iter_rows()) == {
        "unit_budget_2024": 11,
        "unit_budget_pre2024": 10,
        "department_budget_2024": 11,
    }
