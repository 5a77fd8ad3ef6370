"""Notebook parameters, injected as papermill does (papermill is not a dependency here).

A cell assigning the parameters goes after the cell tagged ``parameters``, so the
notebook's own defaults are overridden and the notebook still runs as it is without them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import nbformat
from nbformat import NotebookNode

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
_PARAM_TYPES = (str, int, float, bool, type(None))


def _param_literal(name: str, value: Any) -> str:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, list | tuple):
        for item in value:
            _param_literal(name, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _param_literal(name, key)
            _param_literal(name, item)
    elif not isinstance(value, _PARAM_TYPES):
        raise TypeError(
            f"parameter {name!r}: {type(value).__name__} cannot be written as a literal; "
            "use str, int, float, bool, None, lists or dicts of those, or a path"
        )
    return repr(value)


def inject_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> NotebookNode:
    """Insert a cell assigning ``parameters`` after the cell tagged ``parameters``.

    Like papermill: a previous ``injected-parameters`` cell is replaced; without
    a ``parameters`` cell the new cell goes first.  Returns ``nb`` (changed in place).

    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("year = 2023", metadata={"tags": ["parameters"]}),
    ...     nbformat.v4.new_code_cell("print(year)")])
    >>> inject_parameters(nb, {"year": 2024, "unit": "喀什"}).cells[1].source
    "# Parameters\\nyear = 2024\\nunit = '喀什'"
    """
    for name in parameters:
        if not str(name).isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
    lines = ["# Parameters"] + [f"{k} = {_param_literal(k, v)}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    position = 0
    for index, existing in enumerate(cells):
        if PARAMETERS_TAG in existing.get("metadata", {}).get("tags", []):
            position = index + 1
            break
    cells.insert(position, cell)
    nb.cells = cells
    return nb
