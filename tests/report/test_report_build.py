"""Notebook execution, offline HTML rendering, atomic writes and the index page."""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from pipeline.report import build
from pipeline.report.atomic import write_atomic
from pipeline.report.build import (
    INJECTED_TAG,
    ReportBuildError,
    ReportEntry,
    execute_notebook,
    external_resources,
    inject_parameters,
    render_html,
    write_index,
)
from pipeline.report.charts import bundle_script_tag, chart_html

v4 = nbformat.v4


# --- parameters --------------------------------------------------------------


def _nb(*cells):
    return v4.new_notebook(cells=list(cells))


def test_parameters_go_after_the_parameters_cell():
    nb = _nb(
        v4.new_markdown_cell("# t"),
        v4.new_code_cell("year = 2023", metadata={"tags": ["parameters"]}),
        v4.new_code_cell("print(year)"),
    )
    inject_parameters(nb, {"year": 2024, "unit": "喀什", "path": Path("/d"), "n": None})
    injected = nb.cells[2]
    assert injected.metadata.tags == [INJECTED_TAG]
    assert injected.source.splitlines() == [
        "# Parameters",
        "year = 2024",
        "unit = '喀什'",
        "path = '/d'",
        "n = None",
    ]
    # running it again replaces the injected cell instead of adding another
    inject_parameters(nb, {"year": 2025})
    assert [c.source for c in nb.cells].count("# Parameters\nyear = 2025") == 1
    assert len(nb.cells) == 4


def test_parameters_go_first_without_a_parameters_cell():
    nb = _nb(v4.new_code_cell("x = 1"))
    inject_parameters(nb, {"year": 2024})
    assert nb.cells[0].source == "# Parameters\nyear = 2024"


def test_parameters_must_be_literals_with_identifier_names():
    with pytest.raises(TypeError, match="Decimal"):
        inject_parameters(_nb(), {"amount": Decimal("1.5")})
    with pytest.raises(ValueError, match="identifier"):
        inject_parameters(_nb(), {"not a name": 1})


# --- rendering ---------------------------------------------------------------


def _executed_notebook(**tags):
    chart = v4.new_output(
        "display_data", data={"text/html": chart_html({"mark": "bar"}), "text/plain": "chart"}
    )
    # What a notebook saved from JupyterLab carries: the bundle in enable()'s output.
    bundle = v4.new_output(
        "display_data", data={"text/html": bundle_script_tag(), "text/plain": "bundle"}
    )
    return _nb(
        v4.new_markdown_cell("# 报告标题"),
        v4.new_code_cell("enable()  # SECRET-ENABLE", outputs=[bundle], execution_count=1),
        v4.new_code_cell(
            "chart  # SECRET-CHART",
            outputs=[chart],
            execution_count=2,
            metadata={"tags": tags.get("chart", [])},
        ),
        v4.new_code_cell("drop_me()  # SECRET-DROP", metadata={"tags": ["remove-cell"]}),
    )


def test_rendered_page_has_bundle_once_in_head_and_nothing_external():
    page = render_html(_executed_notebook(), title="示例")
    head, body = page.split('<body class="jp-Notebook"', 1)
    assert head.count("window.vegaEmbed=") == 1
    assert body.count("window.vegaEmbed=") == 0  # stripped from the enable() output
    assert 'class="kashgar-chart"' in body
    for cdn in ("require.js", "require.min.js", "mathjax", "mermaid", "unpkg", "cdnjs"):
        assert cdn not in page.lower().replace("window.vegaembed=", ""), cdn
    assert external_resources(page) == []
    assert "<title>示例</title>" in page


def test_code_is_hidden_unless_asked_for():
    page = render_html(_executed_notebook())
    assert "SECRET-ENABLE" not in page and "SECRET-CHART" not in page
    assert "SECRET-DROP" not in page
    assert 'class="jp-InputPrompt' not in page and 'class="jp-OutputPrompt' not in page

    tagged = render_html(_executed_notebook(chart=["show-input"]))
    assert "SECRET-CHART" in tagged and "SECRET-ENABLE" not in tagged

    everything = render_html(_executed_notebook(), show_input=True)
    assert "SECRET-ENABLE" in everything and "SECRET-CHART" in everything
    assert "SECRET-DROP" not in everything  # remove-cell still removes


def test_title_is_escaped():
    page = render_html(_executed_notebook(), title="<script>alert(1)</script>")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_page_with_external_resource_is_refused():
    nb = _nb(
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"text/html": '<script src="https://cdn.example.org/lib.js"></script>'},
                )
            ],
        )
    )
    with pytest.raises(ReportBuildError, match=r"cdn\.example\.org"):
        render_html(nb)


def test_external_resources_finds_what_a_browser_would_fetch():
    page = """
    <link rel="stylesheet" href="https://fonts.example/css">
    <script src="//cdn.example/x.js"></script>
    <img src="chart.png"><img src="data:image/png;base64,AAAA">
    <div style="background: url('http://img.example/a.png')"></div>
    <style>@import url("https://css.example/b.css"); .x { background: url(data:,) }</style>
    <a href="https://example.org/not-a-request">link</a><a href="#top">top</a>
    """
    assert sorted(external_resources(page)) == sorted(
        [
            "https://fonts.example/css",
            "//cdn.example/x.js",
            "chart.png",
            "http://img.example/a.png",
            "https://css.example/b.css",
        ]
    )


# --- execution (real ipykernel) ----------------------------------------------


@pytest.mark.slow
def test_execute_with_parameters_env_and_cwd(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "input.txt").write_text("从工作目录读取", encoding="utf-8")
    path = notebooks / "p.ipynb"
    nbformat.write(
        _nb(
            v4.new_code_cell("year = 2023\nunit = 'x'", metadata={"tags": ["parameters"]}),
            v4.new_code_cell(
                "import os, sys\n"
                "from pipeline.report import enable\n"
                "enable()\n"
                "print(year, unit, os.environ['KASHGAR_DATA_DIR'], open('input.txt').read())\n"
                "print(sys.executable)"
            ),
        ),
        path,
    )
    nb = execute_notebook(
        path, parameters={"year": 2024, "unit": "喀什"}, env={"KASHGAR_DATA_DIR": "/data/x"}
    )
    outputs = nb.cells[2].outputs
    lines = "".join(o.get("text", "") for o in outputs).splitlines()
    assert lines[0] == "2024 喀什 /data/x 从工作目录读取"
    assert os.path.realpath(lines[1]) == os.path.realpath(sys.executable)
    # the page template carries the bundle during builds, so enable() shows nothing
    assert all(o.output_type == "stream" for o in outputs)
    assert nb.metadata.kernelspec.name == build.KERNEL_NAME


@pytest.mark.slow
def test_failing_cell_raises_report_build_error(tmp_path):
    path = tmp_path / "bad.ipynb"
    nbformat.write(_nb(v4.new_code_cell("raise ValueError('预算不平衡')")), path)
    with pytest.raises(ReportBuildError, match="预算不平衡") as info:
        execute_notebook(path)
    assert str(path) in str(info.value)


def test_kernel_runs_this_interpreter_and_this_checkout():
    spec = build.kernel_spec()
    assert spec.argv[0] == sys.executable
    env = build.kernel_environment({"KASHGAR_DATA_DIR": "/d"})
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(build.PROJECT_ROOT)
    assert env[build.BUILD_ENV_VAR] == "1" and env["KASHGAR_DATA_DIR"] == "/d"
    manager = build._KernelManager(kernel_name=build.KERNEL_NAME)
    assert manager.kernel_spec.argv[0] == sys.executable


# --- atomic writes -----------------------------------------------------------


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "r" / "report.html"
    write_atomic(target, "old")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_failed_write_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "half-written")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


# --- index -------------------------------------------------------------------


HOSTILE = "<script>alert('unit')</script>"


def _entries(reports: Path) -> list[ReportEntry]:
    return [
        ReportEntry(
            "admin-office",
            2024,
            "总体情况 Overview",
            "admin-office/2024/overview.html",
            unit_name="新疆维吾尔自治区喀什地区行政公署办公室",
        ),
        ReportEntry(
            "admin-office",
            2023,
            "总体情况 Overview",
            reports / "admin-office/2023/o.html",
            unit_name="新疆维吾尔自治区喀什地区行政公署办公室",
        ),
        ReportEntry("bad-unit", 2024, f"Title {HOSTILE}", "bad/报告 1.html", unit_name=HOSTILE),
    ]


def test_index_groups_links_and_escapes(tmp_path):
    reports = tmp_path / "reports"
    index = write_index(reports, _entries(reports))
    assert index == reports / "index.html"
    page = index.read_text(encoding="utf-8")
    assert "<script" not in page  # the hostile unit name is text, not markup
    assert "&lt;script&gt;alert(&#x27;unit&#x27;)&lt;/script&gt;" in page
    headings = re.findall(r"<h2>(.*?) <span class=\"year\">(\d+)</span></h2>", page)
    assert [(name[:5], year) for name, year in headings] == [
        ("&lt;s", "2024"),
        ("新疆维吾尔", "2024"),
        ("新疆维吾尔", "2023"),
    ]
    assert 'href="admin-office/2024/overview.html"' in page
    assert 'href="admin-office/2023/o.html"' in page  # absolute path made relative
    assert 'href="bad/%E6%8A%A5%E5%91%8A%201.html"' in page
    assert "validation/index.html" not in page
    assert external_resources(page) == []


def test_index_links_validation_docs_when_present(tmp_path):
    reports = tmp_path / "reports"
    (reports / "validation").mkdir(parents=True)
    (reports / "validation" / "index.html").write_text("<html></html>")
    page = write_index(reports, []).read_text(encoding="utf-8")
    assert '<a href="validation/index.html">' in page
    assert "No reports yet." in page
