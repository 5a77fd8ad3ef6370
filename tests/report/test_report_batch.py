"""Many pages built by parallel workers with warm kernels: written, failures reported."""

from __future__ import annotations

import json

import nbformat
import pytest
from report_helpers import make_chart_notebook

from pipeline.report.batch import Job, Page, WorkerConfig, run_jobs, worker_count
from pipeline.report.build import external_resources
from pipeline.report.charts import STATIC_ENV_VAR

pytestmark = pytest.mark.slow


def test_jobs_run_in_parallel_workers_and_a_failure_stays_with_its_page(tmp_path):
    notebook = make_chart_notebook(tmp_path / "notebooks" / "charts.ipynb")
    broken = tmp_path / "notebooks" / "broken.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('第二页出错')"))
    nbformat.write(nb, broken)
    pid = nbformat.v4.new_code_cell("import os; print('kernel', os.getpid())")
    nb.cells[-1] = pid
    with_pid = tmp_path / "notebooks" / "pid.ipynb"
    nbformat.write(nb, with_pid)
    reports = tmp_path / "reports"

    def page(name, unit, source=with_pid):
        return Page(
            source,
            {"unit": unit, "year": 2024},
            reports / unit / f"{name}.html",
            f"{name} {unit}",
            library="../lib",
            executed_notebook=reports / unit / f"{name}.ipynb",
        )

    jobs = [
        Job(unit, (page("a", unit), page("b", unit, broken), page("c", unit)))
        for unit in ("甲单位", "乙单位", "丙单位")
    ]
    seen = []
    config = WorkerConfig(cwd=notebook.parent, env={STATIC_ENV_VAR: "0"})
    results = run_jobs(jobs, config, workers=2, on_result=seen.append)
    assert seen == results and len(results) == 9
    failed = [r for r in results if r.error is not None]
    assert sorted(r.page.output.parent.name for r in failed) == sorted(
        ["甲单位", "乙单位", "丙单位"]
    )
    assert all(r.page.output.stem == "b" and "第二页出错" in r.error for r in failed)
    assert all(not r.page.output.exists() for r in failed)
    kernels = set()
    for unit in ("甲单位", "乙单位", "丙单位"):
        for name in ("a", "c"):
            html = (reports / unit / f"{name}.html").read_text(encoding="utf-8")
            assert f"{unit} 2024 年支出" in html  # the parameters reached the page
            assert external_resources(html) == [
                "../lib/kashgar-vega.js",
                "../lib/kashgar-report.css",
            ]
            executed = nbformat.read(reports / unit / f"{name}.ipynb", as_version=4)
            kernels.add(executed.cells[-1].outputs[0].text.split()[1])
        # a unit-year's pages run in one kernel, one after another
        first = nbformat.read(reports / unit / "a.ipynb", as_version=4)
        last = nbformat.read(reports / unit / "c.ipynb", as_version=4)
        assert first.cells[-1].outputs[0].text == last.cells[-1].outputs[0].text
    assert len(kernels) == 2  # two workers, one warm kernel each
    assert json.dumps(results[0].seconds)  # timings are plain numbers


def test_worker_count():
    assert worker_count(jobs=10, workers=3) == 3
    assert worker_count(jobs=2, workers=8) == 2
    assert worker_count(jobs=0) == 1
