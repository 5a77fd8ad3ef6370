"""Report infrastructure: offline Altair charts, notebook execution and HTML export.

Notebooks call ``from pipeline.report import enable; enable()`` once; the report
builder lives in :mod:`pipeline.report.build` (imported lazily, it pulls in
nbclient and nbconvert).
"""

from pipeline.report.charts import (
    MissingCJKFontError,
    enable,
    register_cjk_fonts,
    save_chart,
)

__all__ = ["MissingCJKFontError", "enable", "register_cjk_fonts", "save_chart"]
