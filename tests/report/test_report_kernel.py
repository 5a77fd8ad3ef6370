"""A warm kernel runs many notebooks, each as a fresh kernel would (real ipykernel)."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from pipeline.report.kernel import ReportBuildError, WarmKernel

pytestmark = pytest.mark.slow
v4 = nbformat.v4

# Leaves every kind of state a notebook could leave behind.
LITTERING = """\
import os, json, sys
leak = "from the first notebook"
os.environ["KASHGAR_LEAK"] = "1"
os.chdir("/")
print(json.dumps({"pid": os.getpid(), "unit": unit}))
"""
# Reports what the next notebook sees.
INSPECTING = """\
import json, os, sys
print(json.dumps({"pid": os.getpid(), "unit": unit, "leak": "leak" in globals(),
                  "env": os.environ.get("KASHGAR_LEAK"), "cwd": os.getcwd(),
                  "json_loaded": "json" in sys.modules, "data": os.environ.get("KASHGAR_DATA"),
                  "history": len(Out), "saved": get_ipython().history_manager.enabled}))
"""


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return v4.new_notebook(
        cells=[
            v4.new_code_cell('unit = "默认"', metadata={"tags": ["parameters"]}),
            *(v4.new_code_cell(source) for source in sources),
        ]
    )


def _printed(nb: nbformat.NotebookNode) -> dict:
    return json.loads(nb.cells[-1].outputs[-1].text)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("notebooks")
    with WarmKernel(cwd=cwd, env={"KASHGAR_DATA": "/data/x"}, restart_after=4) as warm:
        yield warm


def test_the_next_notebook_sees_a_fresh_namespace_in_the_same_kernel(kernel):
    first = kernel.run(_notebook(LITTERING, "1 + 1"), {"unit": "喀什甲"})
    second = kernel.run(_notebook(INSPECTING), {"unit": "喀什乙"})
    seen = _printed(second)
    assert seen["pid"] == json.loads(first.cells[2].outputs[0].text)["pid"]  # one kernel
    assert seen == {
        "pid": seen["pid"],
        "unit": "喀什乙",
        "leak": False,
        "env": None,
        "cwd": kernel.cwd,
        "json_loaded": True,
        "data": "/data/x",
        "history": 0,
        "saved": False,
    }  # no shared history database for kernels side by side
    # numbered from 1 in each notebook, as in a fresh kernel
    assert [c.execution_count for c in second.cells] == [1, 2, 3]
    assert first.cells[3].outputs[0].data["text/plain"] == "2"


def test_a_failing_notebook_leaves_the_kernel_usable(kernel):
    with pytest.raises(ReportBuildError, match="预算不平衡") as info:
        kernel.run(_notebook("raise ValueError('预算不平衡')"), label="bad.ipynb")
    assert "bad.ipynb" in str(info.value)
    assert _printed(kernel.run(_notebook(INSPECTING), {"unit": "x"}))["unit"] == "x"


def test_the_kernel_is_replaced_after_restart_after_notebooks(kernel):
    pids = [_printed(kernel.run(_notebook(INSPECTING)))["pid"] for _ in range(5)]
    assert len(set(pids)) == 2 and kernel.kernels_started >= 2
    assert pids.count(pids[-1]) <= 4


def test_a_notebook_that_times_out_gets_its_kernel_replaced(tmp_path):
    with WarmKernel(cwd=tmp_path, timeout=3) as warm:
        before = _printed(warm.run(_notebook(INSPECTING)))["pid"]
        with pytest.raises(ReportBuildError, match="CellTimeoutError"):
            warm.run(_notebook("import time\ntime.sleep(60)"))
        after = _printed(warm.run(_notebook(INSPECTING)))
    assert after["pid"] != before and after["unit"] == "默认"
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the stuck kernel was shut down, not left running
