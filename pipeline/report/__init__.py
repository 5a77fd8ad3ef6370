"""Report infrastructure: offline Altair charts, notebook execution and HTML export.

Notebooks call ``from pipeline.report import enable; enable()`` once.  The builder is in
submodules, imported lazily (they pull in nbclient and nbconvert): ``kernel`` (warm
kernels executing notebooks), ``build`` (offline HTML pages), ``library`` (the reports
folder's one chart library), ``batch`` (parallel workers), ``selection`` (``--units``),
``index`` (the index page) and ``run`` (``budget report``).
"""

from pipeline.report.charts import (
    MissingCJKFontError,
    enable,
    register_cjk_fonts,
    save_chart,
)

__all__ = ["MissingCJKFontError", "enable", "register_cjk_fonts", "save_chart"]
