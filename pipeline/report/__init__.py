"""Report infrastructure: offline Altair charts, notebook execution and HTML export.

Notebooks call ``from pipeline.report import enable; enable()`` once.  The builder is in
submodules (they pull in nbclient and nbconvert): ``kernel`` (warm kernels executing
notebooks), ``build`` (offline HTML pages), ``bundle`` and ``library`` (the chart library
and the reports folder's one copy of it), ``batch`` (parallel workers), ``selection``
(``--units``), ``index`` (the index page) and ``run`` (``budget report``).

The names below come from :mod:`pipeline.report.charts` on first use, so that the builder,
which imports this package for its submodules, does not import Altair.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["MissingCJKFontError", "enable", "register_cjk_fonts", "save_chart"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("pipeline.report.charts"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
