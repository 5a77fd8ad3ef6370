"""Notebooks are committed without outputs: executed copies belong in reports/, not in git.

Checks every notebook git tracks (anywhere in the repository), as the working tree holds
it, so the test fails before such a notebook is committed as well as after.
"""

from __future__ import annotations

import subprocess

import nbformat
import pytest

from tests.helpers import ROOT


def tracked_notebooks() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "*.ipynb"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return sorted(name for name in listed.decode("utf-8").split("\0") if name)


def test_committed_notebooks_hold_no_outputs():
    names = tracked_notebooks()
    assert names, "no tracked notebook found"
    dirty = {}
    for name in names:
        book = nbformat.read(ROOT / name, as_version=4)
        problems = [
            f"cell {i}: {len(c.outputs)} output(s)"
            for i, c in enumerate(book.cells)
            if c.cell_type == "code" and c.outputs
        ]
        problems += [
            f"cell {i}: execution count {c.execution_count}"
            for i, c in enumerate(book.cells)
            if c.cell_type == "code" and c.execution_count is not None
        ]
        problems += [f"metadata {key}" for key in ("widgets", "signature") if key in book.metadata]
        if problems:
            dirty[name] = problems
    assert dirty == {}, (
        "clear the outputs before committing (JupyterLab: Edit → Clear "
        f"Outputs of All Cells): {dirty}"
    )
