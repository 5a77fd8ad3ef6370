"""In a real Jupyter kernel, `import pipeline` alone makes Altair charts draw offline, and
float amounts plot where Decimals cannot."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.report.bundle import BUILD_ENV_VAR, BUNDLE_SCRIPT_ID
from pipeline.report.kernel import KERNEL_NAME, _KernelManager
from pipeline.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

CHART = """\
import altair as alt
import polars as pl
frame = pl.DataFrame({"kind": ["基本支出", "项目支出"], "amount": [2103.44, 2966.42]})
alt.Chart(frame).mark_bar().encode(x="kind", y="amount")
"""


def run(cells: list[str]) -> list[list[dict]]:
    """Execute the cells in an interactive-like kernel (not a report build); their outputs."""
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    env = {k: v for k, v in os.environ.items() if k != BUILD_ENV_VAR}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    client = NotebookClient(
        book,
        timeout=300,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=_KernelManager,
        resources={"metadata": {"path": str(PROJECT_ROOT)}},
    )
    client.execute(env=env)
    return [cell.outputs for cell in book.cells]


def html_of(outputs: list[dict]) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in outputs)


def bundles(outputs: list[dict]) -> int:
    """How many outputs carry the Vega bundle."""
    return sum(
        f'id="{BUNDLE_SCRIPT_ID}"' in o.get("data", {}).get("text/html", "") for o in outputs
    )


def test_import_pipeline_alone_enables_offline_charts():
    imported, chart, again = run(["import pipeline", CHART, "pipeline.report.enable()"])
    assert bundles(imported) == 1  # the Vega bundle, once
    assert "vegaEmbed" in html_of(chart) and "基本支出" in html_of(chart)
    assert bundles(chart) == 0
    assert bundles(again) == 1  # enable() in a later cell shows it again, once


def test_notebook_pattern_shows_the_bundle_once_and_float_amounts_plot():
    """The notebooks' first cell imports pipeline and calls enable(): one bundle, not two."""
    (first, decimal, floats) = run(
        [
            "import pipeline\nfrom pipeline.report import enable\nenable()",
            "import altair as alt, polars as pl\nfrom decimal import Decimal\n"
            "frame = pl.DataFrame({'amount': [Decimal('31.50')]}, "
            "schema={'amount': pl.Decimal(18, 2)})\n"
            "try:\n    alt.Chart(frame).mark_bar().encode(y='amount').to_dict()\n"
            "    print('decimal ok')\nexcept Exception as error:\n"
            "    print('decimal fails:', type(error).__name__)",
            "spec = alt.Chart(pipeline.as_float(frame)).mark_bar().encode(y='amount').to_dict()\n"
            "print(spec['datasets'][next(iter(spec['datasets']))])",
        ]
    )
    assert bundles(first) == 1
    text = "".join(o.get("text", "") for o in floats)
    assert "[{'amount': 31.5}]" in text
    assert "decimal" in "".join(o.get("text", "") for o in decimal)
