"""Offline Altair charts for notebooks and exported HTML reports.

Why this exists: none of Altair's stock renderers gives charts that draw in an
exported HTML file with no network (``html`` loads Vega from a CDN, the inline
template repeats a ~900 KB bundle per chart and breaks after the first,
``mimetype`` emits Vega-Lite v6 that nbclient and JupyterLab 4.6 reject,
``jupyter`` needs widgets from a CDN).  This module registers an Altair renderer,
``kashgar-offline``, that emits for each chart a ``<div>`` plus a small script
calling ``vegaEmbed(...)`` (≈3 KB per chart).  The script waits until
``window.vegaEmbed`` exists; the Vega/Vega-Lite/Vega-Embed bundle from
vl-convert (``javascript_bundle()``, ≈0.9 MB) is put on the page exactly once:

* in an exported report, the ``offline`` nbconvert template puts it in
  ``<head>`` (see :mod:`pipeline.report.build`); chart outputs never carry it;
* in JupyterLab, :func:`enable` displays it once, as the output of the cell
  that calls ``enable()``, so every later chart in that page finds it.

Each chart also carries a static PNG drawn by vl-convert with a CJK font (an ``image/png``
entry in its output and an ``<img>`` inside the ``<div>``, which the script replaces with
the interactive chart): a notebook opened untrusted, or exported, still shows every chart
(JupyterLab sanitises untrusted HTML, so its scripts never run).  Report builds that keep
no executed notebook turn this off (``KASHGAR_STATIC_CHARTS=0``): their pages draw the
interactive chart.

It also writes static PNG/SVG/PDF files through vl-convert, refusing to do so
without a CJK font (Chinese labels would otherwise come out as empty boxes).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import uuid
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from pipeline.report.atomic import write_atomic
from pipeline.report.bundle import (
    BUILD_ENV_VAR,
    STATIC_CLASS,
    STATIC_ENV_VAR,
    bundle_script_tag,
    pending_html,
)

RENDERER_NAME = "kashgar-offline"
THEME_NAME = "kashgar"
STATIC_SCALE = 1.0
"""Pixels per CSS pixel of the static PNG: 1 keeps a notebook's charts at ~40-80 KB each."""
FONT_DIR_ENV_VAR = "KASHGAR_CJK_FONT_DIR"
DEFAULT_CJK_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/opentype/source-han-sans"),
    Path("/usr/share/fonts/truetype/noto"),
)
# Tried in order by browsers and by vl-convert; the first has every glyph we need.
CJK_FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)

_EMBED_TIMEOUT_MS = 30_000

# Per-chart script.  Polls (cheap, 50 ms) until both the chart's div and
# window.vegaEmbed exist: in JupyterLab the output may be attached to the page
# after its script is evaluated, and the bundle may still be arriving.
_CHART_TEMPLATE = """\
<div id="{div_id}" class="kashgar-chart" style="{style}">{fallback}</div>
<script type="text/javascript">
(function () {{
  var divId = {div_id_js}, spec = {spec}, opts = {opts};
  var waited = 0, step = 50, limit = {timeout};
  function tryEmbed() {{
    var el = document.getElementById(divId);
    if (el && window.vegaEmbed) {{
      el.textContent = "";
      window.vegaEmbed(el, spec, opts).catch(function (err) {{
        el.textContent = "Chart error: " + err;
        console.error(err);
      }});
      return;
    }}
    waited += step;
    if (waited > limit) {{
      if (el && !el.querySelector("img.{static_class}")) {{
        el.textContent = {missing};
      }}
      return;
    }}
    setTimeout(tryEmbed, step);
  }}
  tryEmbed();
}})();
</script>"""

_MISSING_TEXT = (
    "Chart library not loaded on this page: run the cell that calls "
    "pipeline.report.enable() (or re-run the notebook)."
)


def _script_json(value: Any) -> str:
    """JSON safe to embed inside a <script> element (no '</script>' break-out)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def static_image_html(png: bytes, *, width: int | None = None, alt: str = "") -> str:
    """An ``<img>`` showing a chart's static PNG (a data: URL, so it needs no other file)."""
    size = f' width="{int(width)}"' if width else ""
    text = html.escape(f"{alt} (static image)" if alt else "chart (static image)")
    return (
        f'<img class="{STATIC_CLASS}"{size} alt="{text}" '
        f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'
    )


def chart_html(
    spec: Mapping[str, Any],
    *,
    embed_options: Mapping[str, Any] | None = None,
    div_id: str | None = None,
    fallback: str | None = None,
) -> str:
    """HTML for one chart: a ``<div>`` and a script calling ``vegaEmbed`` once it exists.

    ``fallback`` is what the ``<div>`` shows until the chart draws (default: "Loading
    chart…"; :func:`static_image_html` for a static image).  The spec is embedded as JSON
    with ``<``, ``>`` and ``&`` escaped, so text from documents (titles, labels, data)
    cannot close the script element.

    >>> html = chart_html({"mark": "bar", "title": "</script><b>x</b>"}, div_id="c1")
    >>> html.startswith('<div id="c1"') and "</script><b>" not in html
    True
    """
    div_id = div_id or f"kashgar-chart-{uuid.uuid4().hex}"
    options: dict[str, Any] = {"actions": False, "renderer": "svg"}
    options.update(embed_options or {})
    style = ""
    width = spec.get("width")
    if isinstance(width, int | float):
        style = f"min-width: {int(width)}px;"
    return _CHART_TEMPLATE.format(
        div_id=re.sub(r"[^A-Za-z0-9_-]", "", div_id),
        div_id_js=_script_json(div_id),
        style=style,
        fallback=pending_html() if fallback is None else fallback,
        spec=_script_json(dict(spec)),
        opts=_script_json(options),
        timeout=_EMBED_TIMEOUT_MS,
        missing=_script_json(_MISSING_TEXT),
        static_class=STATIC_CLASS,
    )


def static_charts_wanted() -> bool:
    """False when ``KASHGAR_STATIC_CHARTS`` is ``0`` (a report build keeping no notebook)."""
    return os.environ.get(STATIC_ENV_VAR, "1").strip().lower() not in {"0", "no", "false"}


_static_warned: set[str] = set()


def static_png(spec: Mapping[str, Any]) -> bytes | None:
    """The chart as a PNG with CJK glyphs drawn, or None (with one warning) when it cannot be.

    A missing CJK font or a spec vl-convert cannot draw leaves the interactive chart
    alone: the static image is a fallback, never a reason for a chart not to show.
    """
    try:
        return chart_to_bytes(spec, "png", scale=STATIC_SCALE)
    except (MissingCJKFontError, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        if reason not in _static_warned:
            _static_warned.add(reason)
            warnings.warn(f"charts carry no static image: {reason}", stacklevel=3)
        return None


def _png_width(png: bytes) -> int:
    """Width in pixels from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big")


def offline_renderer(
    spec: dict[str, Any], **metadata: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: ``text/html`` from :func:`chart_html`, plus ``image/png`` (static).

    Returns the MIME bundle and its metadata (the PNG's display width).

    Options given to ``alt.renderers.enable(RENDERER_NAME, embed_options=...)``
    arrive here as ``metadata``.  The static image (unless ``KASHGAR_STATIC_CHARTS=0``)
    is both the ``image/png`` entry and the ``<div>``'s content until the chart draws.
    """
    embed_options = metadata.get("embed_options")
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text")
    label = str(title) if title else ""
    png = static_png(spec) if static_charts_wanted() else None
    fallback = None
    bundle: dict[str, Any] = {}
    if png is not None:
        width = round(_png_width(png) / STATIC_SCALE)
        fallback = static_image_html(png, width=width, alt=label)
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
    bundle["text/html"] = chart_html(spec, embed_options=embed_options, fallback=fallback)
    bundle["text/plain"] = f"<Altair chart{': ' + label if label else ''}>"
    return bundle, ({"image/png": {"width": width}} if png is not None else {})


def _theme() -> alt.theme.ThemeConfig:
    return {"config": {"font": CJK_FONT_STACK}}


alt.renderers.register(RENDERER_NAME, offline_renderer)
alt.theme.register(THEME_NAME, enable=False)(_theme)


def in_report_build() -> bool:
    """True inside a kernel started by :mod:`pipeline.report.build`."""
    return bool(os.environ.get(BUILD_ENV_VAR))


def _in_ipython_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_bundle_shown_in: list[int] = []
"""Execution counts of the cells whose output carries the bundle (see `enable`)."""


def _execution_count() -> int | None:
    from IPython import get_ipython

    shell = get_ipython()
    return getattr(shell, "execution_count", None) if shell is not None else None


def enable(
    *,
    embed_options: Mapping[str, Any] | None = None,
    theme: bool = True,
    inline_bundle: bool | None = None,
) -> None:
    """Make Altair charts draw offline; `import pipeline` in a kernel already calls it.

    - selects the ``kashgar-offline`` renderer (and, with ``theme=True``, a theme
      whose font list puts Noto Sans CJK first);
    - ``inline_bundle=None`` (default) means: in an interactive kernel (JupyterLab),
      display the Vega bundle as this cell's output so charts in the page can draw,
      once per cell (``import pipeline`` and ``enable()`` in one cell show it once);
      while a report is being built, don't (the page template has it).
    """
    alt.renderers.enable(RENDERER_NAME, embed_options=dict(embed_options or {}))
    if theme:
        alt.theme.enable(THEME_NAME)
    if inline_bundle is None:
        inline_bundle = (
            _in_ipython_kernel()
            and not in_report_build()
            and _execution_count() not in _bundle_shown_in
        )
    if inline_bundle:
        from IPython.display import display

        if _in_ipython_kernel():
            _bundle_shown_in.append(_execution_count())

        display(
            {
                "text/html": bundle_script_tag(),
                "text/plain": "Offline chart library (Vega) loaded.",
            },
            raw=True,
        )


# --- static export -----------------------------------------------------------

_FONT_SUFFIXES = {".ttc", ".otf", ".ttf"}
_registered_font_dirs: set[Path] = set()


class MissingCJKFontError(RuntimeError):
    """No CJK font is available, so Chinese text would render as empty boxes."""


def _cjk_font_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.rglob("*")
        if p.suffix.lower() in _FONT_SUFFIXES
        and re.search(r"cjk|sourcehan|source-han|notosanssc|notoserifsc", p.name, re.IGNORECASE)
    )


def _candidate_font_dirs() -> list[Path]:
    env = os.environ.get(FONT_DIR_ENV_VAR, "")
    dirs = [Path(p) for p in env.split(os.pathsep) if p]
    return dirs + list(DEFAULT_CJK_FONT_DIRS)


def register_cjk_fonts(font_dirs: Iterable[str | os.PathLike[str]] | None = None) -> list[Path]:
    """Register directories holding CJK fonts with vl-convert; return the font files.

    Looks in ``font_dirs`` if given, else ``$KASHGAR_CJK_FONT_DIR`` (``os.pathsep``
    separated) and Debian's fonts-noto-cjk location.  Raises
    :class:`MissingCJKFontError` when none holds a CJK font.
    """
    dirs = [Path(d) for d in font_dirs] if font_dirs is not None else _candidate_font_dirs()
    found: list[Path] = []
    for directory in dirs:
        files = _cjk_font_files(directory)
        if not files:
            continue
        found.extend(files)
        resolved = directory.resolve()
        if resolved not in _registered_font_dirs:
            vlc.register_font_directory(str(resolved))
            _registered_font_dirs.add(resolved)
    if not found:
        searched = ", ".join(str(d) for d in dirs) or "(no directories)"
        raise MissingCJKFontError(
            "No CJK font (e.g. Noto Sans CJK) found in: "
            f"{searched}. Chinese labels would render as empty boxes. "
            "Install Debian's fonts-noto-cjk (bash scripts/install-browser.sh) or set "
            f"{FONT_DIR_ENV_VAR} to a directory holding a CJK .ttc/.otf font."
        )
    return found


def _with_cjk_font(spec: dict[str, Any]) -> dict[str, Any]:
    spec = dict(spec)
    config = dict(spec.get("config") or {})
    config.setdefault("font", CJK_FONT_STACK)
    spec["config"] = config
    return spec


def chart_to_bytes(
    chart: alt.TopLevelMixin | Mapping[str, Any], fmt: str, *, scale: float = 2.0
) -> bytes:
    """Render a chart (Altair object or Vega-Lite dict) to PNG, SVG or PDF bytes.

    Registers a CJK font first and fails with :class:`MissingCJKFontError` when
    there is none.
    """
    register_cjk_fonts()
    spec = chart.to_dict() if isinstance(chart, alt.TopLevelMixin) else dict(chart)
    spec = _with_cjk_font(spec)
    fmt = fmt.lower().lstrip(".")
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec)
    raise ValueError(f"unsupported static format {fmt!r}; use png, svg or pdf")


def save_chart(
    chart: alt.TopLevelMixin | Mapping[str, Any],
    path: str | os.PathLike[str],
    *,
    scale: float = 2.0,
) -> Path:
    """Write a chart to ``path`` (format from the suffix: .png, .svg, .pdf), atomically."""
    target = Path(path)
    data = chart_to_bytes(chart, target.suffix, scale=scale)
    return write_atomic(target, data)
