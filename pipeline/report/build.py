"""Render executed notebooks as offline HTML report pages.

Why this exists: reports must open from disk on a machine with no network and
still show every chart.  This module renders an executed notebook with the
``offline`` nbconvert template (code hidden, no CDN scripts) and refuses pages
that would load anything from outside the reports folder.  A page either

* links the reports folder's one copy of the chart library and the page styles
  (``library="../lib"``, see :mod:`pipeline.report.library`), or
* carries both itself (``library=None``): one self-contained file to mail.

Execution is :mod:`pipeline.report.kernel`; :func:`build_report` does both for one
notebook, :mod:`pipeline.report.batch` for many.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import default
from traitlets.config import Config

from pipeline.report.atomic import write_atomic
from pipeline.report.bundle import (
    BUNDLE_TAG_RE,
    STATIC_IMAGE_RE,
    bundle_script_ref,
    bundle_script_tag,
    pending_html,
)
from pipeline.report.kernel import ReportBuildError, execute_notebook

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "offline"
BUNDLE_FILE = "kashgar-vega.js"
CSS_FILE = "kashgar-report.css"
"""The library files a page links (under the folder given as ``library``)."""


# --- rendering ---------------------------------------------------------------


class StripInlineBundlePreprocessor(Preprocessor):
    """Drop what outputs carry for notebooks but a page has otherwise.

    Vega bundles (from ``enable()`` in JupyterLab): the page has the bundle once in
    ``<head>``, copies in outputs would only add ~0.9 MB each.  Charts' static images:
    the page draws the interactive chart, a PNG each would only add weight.
    """

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            content = data.get("text/html")
            if content is None:
                continue
            text = "".join(content) if isinstance(content, list) else content
            if BUNDLE_TAG_RE.search(text):
                text = BUNDLE_TAG_RE.sub("", text)
            if STATIC_IMAGE_RE.search(text):
                text = STATIC_IMAGE_RE.sub(pending_html(), text)
            data["text/html"] = text
        return cell, resources


_IMG_WITHOUT_ALT_RE = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)
_OUTPUT_DIV_RE = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")(?![^>]*tabindex)')


def accessible(page: str) -> str:
    """What HTMLExporter adds with BeautifulSoup, by pattern: alt text on images without it,
    keyboard focus (``tabindex``) on outputs.

    >>> accessible('<img src="a.png"><div class="jp-OutputArea-output x">')
    '<img alt="No description has been provided for this image" src="a.png"><div \
class="jp-OutputArea-output x" tabindex="0">'
    """
    page = _IMG_WITHOUT_ALT_RE.sub(
        '<img alt="No description has been provided for this image"', page
    )
    return _OUTPUT_DIV_RE.sub(r'\1 tabindex="0"', page)


class OfflineHTMLExporter(HTMLExporter):
    """HTMLExporter using the ``offline`` template shipped in this package.

    HTMLExporter re-parses every page with BeautifulSoup to add alt text and tabindex
    attributes: 15 s for the across-units page at 1,000 unit-years.  This exporter renders
    the template the same way and adds them by pattern (:func:`accessible`).
    """

    export_from_notebook = "Offline report (kashgar-budgets)"

    @default("template_name")
    def _default_template_name(self) -> str:
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [str(TEMPLATES_DIR)]

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        self._nb_metadata.clear()  # kept per notebook name by Exporter; this one is reused
        return accessible(page), resources


@functools.cache
def _exporter() -> OfflineHTMLExporter:
    """One exporter per process: building one compiles its templates (~0.4 s a page)."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    exporter = OfflineHTMLExporter(
        config=config, embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.register_preprocessor(StripInlineBundlePreprocessor, enabled=True)
    return exporter


_RESOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "link": ("href",),
}
_INLINE_SCHEMES = ("data:", "about:", "blob:", "#")
_CSS_URL_RE = re.compile(r"""url\(\s*['"]?\s*([^'")\s]+)""", re.IGNORECASE)
_CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in _RESOURCE_ATTRS.get(tag, ()):
                if name == "srcset":
                    self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
                else:
                    self.urls.append(value.strip())
            elif name == "style":
                self._css(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        self.urls.extend(_CSS_URL_RE.findall(text))
        self.urls.extend(_CSS_IMPORT_RE.findall(text))


# Table cells without attributes: most of a big page's tags, and none can load anything.
# Dropping them before parsing can only join text into a tag that was not there (a URL
# found too many, which fails the build), never hide one.
_BARE_TABLE_TAG_RE = re.compile(r"</?(?:td|tr|th|tbody|thead)>", re.IGNORECASE)


def external_resources(page: str) -> list[str]:
    """URLs a page would fetch from outside itself (anything but data:/about:/blob:/#).

    >>> external_resources('<script src="https://cdn.example/x.js"></script><img src="data:,">')
    ['https://cdn.example/x.js']
    """
    finder = _ResourceFinder()
    finder.feed(_BARE_TABLE_TAG_RE.sub("", page))
    finder.close()
    urls = dict.fromkeys(u for u in finder.urls if u)
    return [u for u in urls if not u.lower().startswith(_INLINE_SCHEMES)]


def library_links(library: str) -> tuple[str, str]:
    """The hrefs of the chart library and the page styles under ``library`` (a folder href).

    >>> library_links("../lib")
    ('../lib/kashgar-vega.js', '../lib/kashgar-report.css')
    """
    return f"{library}/{BUNDLE_FILE}", f"{library}/{CSS_FILE}"


def render_html(
    nb: NotebookNode,
    *,
    title: str | None = None,
    show_input: bool = False,
    library: str | None = None,
) -> str:
    """Render an executed notebook to an HTML page.

    With ``library`` (the href of the reports folder's library, e.g. ``"../lib"``) the page
    links the chart library and styles there; without, it carries both (one file).
    Raises :class:`ReportBuildError` if the page would load anything else from outside
    the file.
    """
    nb = nbformat.from_dict(nb)
    if title is not None:
        nb.metadata["title"] = title
    resources: dict[str, Any] = {
        "kashgar_show_input": show_input,
        "metadata": {"name": title or "report"},
    }
    allowed: tuple[str, ...] = ()
    if library is None:
        resources["kashgar_vega_bundle_tag"] = bundle_script_tag()
    else:
        bundle, css = allowed = library_links(library)
        resources["kashgar_vega_bundle_tag"] = bundle_script_ref(bundle)
        resources["kashgar_css_link"] = css
    page, _ = _exporter().from_notebook_node(nb, resources=resources)
    external = [url for url in external_resources(page) if url not in allowed]
    if external:
        raise ReportBuildError(
            "rendered page would load resources from outside the file: "
            + ", ".join(sorted(set(external))[:10])
        )
    return page


def build_report(
    notebook: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    title: str | None = None,
    timeout: int = 600,
    show_input: bool = False,
    executed_notebook: str | os.PathLike[str] | None = None,
    library: str | None = None,
) -> Path:
    """Execute ``notebook`` with ``parameters`` and write the offline HTML report to ``output``.

    ``executed_notebook``, if given, also receives the executed ``.ipynb``
    (handy for debugging a report).  ``library``: see :func:`render_html`.  Both files
    are written atomically.
    """
    nb = execute_notebook(notebook, parameters=parameters, cwd=cwd, env=env, timeout=timeout)
    page = render_html(nb, title=title, show_input=show_input, library=library)
    if executed_notebook is not None:
        write_atomic(executed_notebook, nbformat.writes(nb))
    return write_atomic(output, page)
