"""Helpers shared by the report tests (imported by conftest and test modules)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.helpers import CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def launch_chromium(pw, chromium: Path, profile: Path, width: int = 1200, height: int = 900):
    """Debian's Chromium, headless, with a fresh profile: how every browser test opens it
    (`pw` is a started `sync_playwright()`; close the returned context when done)."""
    return pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(chromium),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height},
    )


CHART_CELL = """\
data = alt.Data(values=[
    {"类": "一般公共服务支出", "金额": 4571.19},
    {"类": "社会保障和就业支出", "金额": 281.68},
    {"类": "卫生健康支出", "金额": 80.55},
    {"类": "住房保障支出", "金额": 136.44},
])
alt.Chart(data).mark_bar().encode(
    x=alt.X("金额:Q", title="金额（万元）"),
    y=alt.Y("类:N", title="支出功能分类"),
).properties(title=f"{unit} {year} 年支出", width=400)
"""

LINE_CELL = """\
alt.Chart(alt.Data(values=[{"年": y, "万元": v} for y, v in
                           [(2022, 4800.0), (2023, 5100.0), (year, 5066.17)]])).mark_line(
    point=True).encode(x="年:O", y="万元:Q").properties(title="收入合计 · 趋势")
"""


def make_chart_notebook(path: Path) -> Path:
    """Two Altair charts with Chinese labels; `year`, `unit` and `data_dir` are parameters."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 单位预算 · test report"),
            nbformat.v4.new_code_cell(
                "import os\nimport altair as alt\nfrom pipeline.report import enable\n\nenable()"
            ),
            nbformat.v4.new_code_cell(
                'year = 2023\nunit = "示例单位"\ndata_dir = None',
                metadata={"tags": ["parameters"]},
            ),
            nbformat.v4.new_code_cell(
                'print("data dir:", os.environ.get("KASHGAR_DATA_DIR"), "cwd:", os.getcwd())'
            ),
            nbformat.v4.new_code_cell(CHART_CELL),
            nbformat.v4.new_markdown_cell("## 趋势"),
            nbformat.v4.new_code_cell(LINE_CELL),
        ],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
