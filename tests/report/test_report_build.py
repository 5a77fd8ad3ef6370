"""Notebook execution, offline HTML rendering (self-contained or linking the library),
atomic writes."""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from pipeline.report import kernel
from pipeline.report.atomic import write_atomic
from pipeline.report.build import external_resources, render_html
from pipeline.report.bundle import bundle_script_tag
from pipeline.report.charts import chart_html, static_image_html
from pipeline.report.kernel import ReportBuildError, execute_notebook
from pipeline.report.parameters import INJECTED_TAG, inject_parameters

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


def test_page_linking_the_library_carries_neither_bundle_nor_lab_styles():
    nb = _executed_notebook()
    inline = render_html(nb, title="示例")
    page = render_html(nb, title="示例", library="../lib")
    head = page.split("<body", 1)[0]
    assert re.findall(r"<(?:script|link)[^>]*>", head) == [
        '<script src="../lib/kashgar-vega.js" data-kashgar-vega-bundle="1">',
        '<link rel="stylesheet" href="../lib/kashgar-report.css">',
    ]
    assert "window.vegaEmbed=" not in page and "kashgar-lab-css" not in page
    assert "kashgar-lab-css" in inline and "jp-RenderedHTMLCommon" in inline
    assert len(page) < 30_000 < 1_000_000 < len(inline)
    assert sorted(external_resources(page)) == [
        "../lib/kashgar-report.css",
        "../lib/kashgar-vega.js",
    ]
    body = page.split('<body class="jp-Notebook"', 1)[1]
    assert body == inline.split('<body class="jp-Notebook"', 1)[1]


def test_page_linking_the_library_still_refuses_anything_else():
    nb = _executed_notebook()
    nb.cells[2].outputs[0].data["text/html"] += '<img src="../elsewhere/x.png">'
    with pytest.raises(ReportBuildError, match=r"\.\./elsewhere/x\.png"):
        render_html(nb, library="../lib")


def test_pages_drop_the_static_images_notebooks_carry():
    fallback = static_image_html(b"\x89PNG-not-really", width=300, alt="支出")
    nb = _executed_notebook()
    nb.cells[2].outputs[0].data["text/html"] = chart_html({"mark": "bar"}, fallback=fallback)
    page = render_html(nb, library="../lib")
    assert "<img" not in page and "data:image/png" not in page
    assert 'class="kashgar-chart-pending"' in page


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
    <table><tr><td><img src="https://cell.example/in-a-cell.png"></td>
    <td style="background: url(https://cell.example/styled.png)">x</td></tr></table>
    """
    assert sorted(external_resources(page)) == sorted(
        [
            "https://fonts.example/css",
            "//cdn.example/x.js",
            "chart.png",
            "http://img.example/a.png",
            "https://css.example/b.css",
            "https://cell.example/in-a-cell.png",
            "https://cell.example/styled.png",
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
    assert nb.metadata.kernelspec.name == kernel.KERNEL_NAME


@pytest.mark.slow
def test_failing_cell_raises_report_build_error(tmp_path):
    path = tmp_path / "bad.ipynb"
    nbformat.write(_nb(v4.new_code_cell("raise ValueError('预算不平衡')")), path)
    with pytest.raises(ReportBuildError, match="预算不平衡") as info:
        execute_notebook(path)
    assert str(path) in str(info.value)


def test_kernel_runs_this_interpreter_and_this_checkout():
    spec = kernel.kernel_spec()
    assert spec.argv[0] == sys.executable
    env = kernel.kernel_environment({"KASHGAR_DATA_DIR": "/d"})
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(kernel.PROJECT_ROOT)
    assert env[kernel.BUILD_ENV_VAR] == "1" and env["KASHGAR_DATA_DIR"] == "/d"
    manager = kernel._KernelManager(kernel_name=kernel.KERNEL_NAME)
    assert manager.kernel_spec.argv[0] == sys.executable


# --- atomic writes -----------------------------------------------------------


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "r" / "report.html"
    write_atomic(target, "old")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_only_durable_writes_wait_for_the_disk(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_atomic(tmp_path / "page.html", "页面", durable=False)
    assert synced == [] and (tmp_path / "page.html").read_text(encoding="utf-8") == "页面"
    write_atomic(tmp_path / "summary.json", "{}")
    assert len(synced) == 1


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
