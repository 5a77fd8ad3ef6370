"""The six notebooks executed top to bottom on the shipped document and a synthetic corpus.

Golden strings are findings the notebooks compute; each was checked by hand against
data/raw/kashgar-admin-office_2024_budget.txt at the lines cited.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("pipeline.report.build", reason="needs pipeline.report (report-infra)")

from pipeline.report.run import ACROSS, ACROSS_DIR, PER_UNIT_YEAR, report_main, unit_slug
from tests.helpers import UNIT
from tests.notebooks.conftest import ZERO_SANGONG

pytestmark = pytest.mark.slow
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def text_of(path: Path) -> str:
    """A report's text and chart specs (tags stripped, entities decoded; chart titles live
    in the per-chart scripts, the Vega bundle in <head> is dropped)."""
    page = path.read_text(encoding="utf-8")
    body = re.sub(r"</?(strong|em|code|b|i)>", "", page[page.index("<body") :])
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_notebooks_are_committed_clean_and_parameterised():
    names = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == sorted([n for n, _ in PER_UNIT_YEAR] + [ACROSS[0]])
    for path in NOTEBOOKS.glob("*.ipynb"):
        book = nbformat.read(path, as_version=4)
        code = [c for c in book.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        expected = "year" if path.stem == ACROSS[0] else "unit"
        assert expected in tagged[0].source, path.name


def test_every_report_of_the_real_document_is_built(real_reports):
    reports, outcome = real_reports
    assert outcome.failed == [] and outcome.left_out == []
    folder = reports / f"{unit_slug(UNIT)}-2024"
    expected = [folder / f"{n}.html" for n, _ in PER_UNIT_YEAR]
    expected.append(reports / ACROSS_DIR / f"{ACROSS[0]}.html")
    assert sorted(outcome.built) == sorted(expected)
    index = (reports / "index.html").read_text(encoding="utf-8")
    for path in expected:
        assert (
            html.escape(path.relative_to(reports).as_posix()) in html.unescape(index)
            or path.name in index
        )
    assert len(re.findall(r"<a [^>]*href=", index)) == len(expected)


def test_overview_findings(real_reports):
    reports, _ = real_reports
    text = text_of(reports / f"{unit_slug(UNIT)}-2024" / "01-overview.html")
    assert "5,069.86 万元 in all" in text  # line 164
    assert "takes 58.51% of spending" in text  # 2,966.42 / 5,069.86, line 168
    assert "一般行政管理事务 (General administrative affairs)" in text  # glossed 项
    # every claim passes but line 411's share (99.80% printed, 99.79% computed: warn); the
    # project count of line 716 passes, as in the validation (variants merged); the claims
    # include section 四's four class amounts (441), the reason's 1962 万元 (411, 431, 451,
    # 464) and section 十一's project (684)
    assert "72 of 73 claims pass; these do not: warn (line 411)" in text
    assert "Personnel costs are 93.35% of basic spending" in text  # 1,960.02 / 2,099.75


def test_trade_fair_findings(real_reports):
    reports, _ = real_reports
    text = text_of(reports / f"{unit_slug(UNIT)}-2024" / "02-trade-fair.html")
    assert "No project matches" not in text
    assert "66.14% of project spending" in text  # 1,962 / 2,966.42, line 331
    assert "+231.67%" in text and "+12.30%" in text  # line 431; 1,004.42 / 894.38
    assert "委托业务费: 67.46% of the project" in text  # 1,323.5 / 1,962, line 662
    assert "2.43×" in text and "807.96" in text  # lines 798, 801: 67.33 × 12
    assert "between 48.45% and 88.92%" in text  # line 694 and tables 6, 7


def test_vehicle_findings(real_reports):
    reports, _ = real_reports
    text = text_of(reports / f"{unit_slug(UNIT)}-2024" / "03-vehicles.html")
    assert "54.60 → 31.50 万元 (−42.31%)" in text  # lines 374, 678
    assert "164.69 → 139.74 万元 (−15.15%)" in text  # line 690
    assert "35 vehicles worth 919.50 万元" in text  # line 704
    assert "50.00 万元 outside it" in text  # line 614: 25.7 + 24.3
    assert "last year's completed value as 4.17 万元/月" in text  # line 888


def test_prior_year_and_validation_findings(real_reports):
    reports, _ = real_reports
    folder = reports / f"{unit_slug(UNIT)}-2024"
    text = text_of(folder / "04-year-over-year.html")
    assert "last year's 3,056.14 万元 becomes 5,066.17 万元" in text  # lines 462–476, 237
    assert "No prior year for 23 of 23 economic 款 figures" in text  # table 6, lines 270–294
    assert "20 pass, 1 warn (a change on a zero base" in text  # line 413: +6.72 on 0
    assert "The corpus holds no document of this unit for 2023, so the prior year is" in text
    text = text_of(folder / "05-validation.html")
    # the unit by its short name, then the full name
    assert f"行政公署办公室 ({UNIT}), budget year 2024: 638 identity instances" in text
    assert "629 pass, 6 warn, 0 fail, 3 not_evaluated" in text
    assert "fail: 0 instance(s)" in text and "warn: 6 instance(s)" in text


def test_across_units_on_a_synthetic_corpus(synth_reports):
    reports, outcome = synth_reports
    assert outcome.failed == []
    assert len(outcome.left_out) == 4  # notebooks 1–5 for one unit-year only
    assert [p.parent.name for p in outcome.built[:5]] == [outcome.built[0].parent.name] * 5
    assert "合成" in outcome.built[0].parent.name
    text = text_of(reports / ACROSS_DIR / f"{ACROSS[0]}.html")
    assert "5 unit-years from 3 unit(s)" in text
    assert "comparisons between consecutive documents of the same unit" in text
    # the unit whose 三公 fell to 0.00 (stated in the narrative, table 10 blank) is the
    # deepest cut, not a "—"
    assert f"Deepest 三公 cut: {ZERO_SANGONG} 2024 (-100.00%)" in text
    # the synthetic unit's three years, drawn independently: a time series, and each of its
    # 2 × 5 consecutive-year comparisons differs, counted per unit under labels in words
    assert "1 unit(s) with several years" in text
    assert "比较 comparisons 一致 agree 不一致 differ 无法比较 not comparable" in text
    assert "合成测试单位00000（synthetic） 2019, 2020, 2021 10 0 10 0" in text
    trade = text_of(outcome.built[1])
    assert "No project matches" in trade  # the fallback is said, not hidden


def test_report_main_needs_clean_tables(tmp_path, capsys):
    assert report_main(tmp_path / "raw", tmp_path / "clean", tmp_path / "reports") == 1
    assert "run `budget ingest` first" in capsys.readouterr().err
