"""Charts from the offline renderer draw inside JupyterLab itself, also after save + reload,
and an executed notebook opened untrusted still shows every chart as a static image.

Starts a real JupyterLab server (no token in the URL bar needed beyond ours) on
127.0.0.1, runs the notebook with the real ipykernel through the Lab UI, and
checks both charts have an <svg>.  Then saves, reloads the page (outputs are
re-rendered from the saved, trusted notebook with no kernel involvement) and
checks again: the bundle travels in the output of the cell calling enable().
The same server then opens a copy executed outside Lab (never signed, so untrusted:
Lab sanitises its HTML and runs none of its scripts).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from report_helpers import launch_chromium, make_chart_notebook

from pipeline.report.kernel import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "kashgar-test-token"
CHARTS_DRAWN = "() => document.querySelectorAll('.kashgar-chart svg').length >= 2"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lab")
    make_chart_notebook(root / "notebooks" / "charts.ipynb")
    return root


@pytest.fixture(scope="module")
def lab_server(lab_root: Path):
    tmp_path = lab_root
    chart_notebook = lab_root / "notebooks" / "charts.ipynb"
    root = chart_notebook.parent
    port = _free_port()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        IPYTHONDIR=str(tmp_path / "ipython"),
    )
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'lab.log').read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", chart_notebook.name
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _kernel_sessions(base: str) -> list[dict]:
    # a loaded machine may keep the server busy for seconds: this is no check of speed
    with urllib.request.urlopen(f"{base}/api/sessions?token={TOKEN}", timeout=60) as resp:
        return json.load(resp)


def _accept_kernel_dialog(page) -> None:
    select = page.locator(".jp-Dialog button:has-text('Select')")
    if select.count() and select.first.is_visible():
        select.first.click()


def _wait(page, condition, what: str, timeout: float = 90) -> None:
    """Poll ``condition()``; meanwhile accept Lab's "Select Kernel" dialog if it pops up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _accept_kernel_dialog(page)
        if condition():
            return
        time.sleep(0.25)
    raise TimeoutError(f"JupyterLab: {what}")


def test_charts_draw_in_jupyterlab(lab_server, tmp_path, chromium, artifacts_dir):
    from playwright.sync_api import sync_playwright

    base, name = lab_server
    outside: list[str] = []
    with sync_playwright() as pw:
        context = launch_chromium(pw, chromium, tmp_path / "chromium-profile", 1400, 1000)
        try:
            page = context.new_page()
            page.on(
                "request",
                lambda req: (
                    None
                    if req.url.startswith((base, "data:", "blob:", "about:"))
                    else outside.append(req.url)
                ),
            )
            page.goto(f"{base}/lab/tree/{name}?token={TOKEN}")
            try:
                page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
                # Run only once the notebook's kernel session exists, or the command
                # is lost or answered with a "Select Kernel" dialog.
                _wait(
                    page,
                    lambda: any(
                        sess["path"].endswith(name) and sess.get("kernel")
                        for sess in _kernel_sessions(base)
                    ),
                    "no kernel session for the notebook",
                )
                page.click(".lm-MenuBar-itemLabel:text-is('Run')")
                page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
                _wait(page, lambda: page.evaluate(CHARTS_DRAWN), "charts did not draw")
            except Exception:
                page.screenshot(path=str(artifacts_dir / "jupyterlab-charts-FAILED.png"))
                raise
            page.screenshot(path=str(artifacts_dir / "jupyterlab-charts.png"))

            page.keyboard.press("Control+s")
            page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
            page.reload()
            page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
            _wait(page, lambda: page.evaluate(CHARTS_DRAWN), "charts did not redraw on reload")
            page.screenshot(path=str(artifacts_dir / "jupyterlab-charts-reloaded.png"))
        finally:
            context.close()
    # Lab itself only talks to its server; the charts add no CDN traffic.
    assert outside == []


def test_an_untrusted_executed_notebook_shows_static_images(
    lab_server, lab_root, tmp_path, chromium, artifacts_dir
):
    from playwright.sync_api import sync_playwright

    from pipeline.report.kernel import execute_notebook

    base, name = lab_server
    executed = execute_notebook(
        lab_root / "notebooks" / name, parameters={"unit": "喀什静态图单位", "year": 2024}
    )
    charts = [
        o
        for c in executed.cells
        for o in c.get("outputs", [])
        if "kashgar-chart" in str(o.get("data", {}).get("text/html", ""))
    ]
    assert len(charts) == 2 and all("image/png" in o.data for o in charts)
    copy = lab_root / "notebooks" / "executed-elsewhere.ipynb"
    nbformat.write(executed, copy)
    with sync_playwright() as pw:
        context = launch_chromium(pw, chromium, tmp_path / "chromium-profile", 1400, 1000)
        try:
            page = context.new_page()
            # a workspace of its own: only this notebook open
            page.goto(f"{base}/lab/workspaces/untrusted/tree/{copy.name}?token={TOKEN}")
            page.wait_for_selector(".jp-NotebookPanel .jp-OutputArea-output", timeout=60_000)
            drawn = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
                .flatMap(o => [...o.querySelectorAll('img')])
                .filter(i => i.complete && i.naturalWidth > 100).length"""
            _wait(page, lambda: page.evaluate(drawn) >= 2, "static images did not show")
            page.wait_for_timeout(1000)  # give any script that could run the time to
            svgs = page.evaluate("() => document.querySelectorAll('.kashgar-chart svg').length")
            texts = page.eval_on_selector_all(
                ".jp-OutputArea-output img", "els => els.map(e => e.alt)"
            )
            trusted = page.evaluate(
                "() => document.querySelectorAll('.jp-OutputArea-output.jp-mod-trusted').length"
            )
            page.screenshot(path=str(artifacts_dir / "jupyterlab-untrusted-static.png"))
        finally:
            context.close()
    assert trusted == 0 and svgs == 0  # untrusted: no chart script ran
    assert "喀什静态图单位 2024 年支出 (static image)" in texts
