"""Execute parameterised notebooks and render them as self-contained offline HTML reports.

Why this exists: reports must open from disk on a machine with no network and
still show every chart.  This module

* injects parameters after the cell tagged ``parameters`` (like papermill, which
  is not a dependency here) and executes the notebook with nbclient on a kernel
  that runs *this* interpreter (no reliance on whatever ``python3`` kernelspec a
  machine happens to have), with the notebooks directory as cwd and the
  caller's environment (e.g. data-directory overrides) passed through;
* renders it with the ``offline`` nbconvert template (code hidden, no CDN
  scripts, the Vega bundle once in ``<head>``), refuses pages that would load
  anything from outside the file, and writes them atomically;
* writes ``index.html`` linking every report, grouped by unit and year.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import nbformat
import zmq
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import default
from traitlets.config import Config

from pipeline.report.atomic import write_atomic
from pipeline.report.charts import BUILD_ENV_VAR, BUNDLE_TAG_RE, bundle_script_tag

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "offline"
KERNEL_NAME = "kashgar-budgets"
KERNEL_DISPLAY_NAME = "kashgar-budgets"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
# Root of the checkout that holds this `pipeline` package; put on the kernel's
# PYTHONPATH so notebooks import the same code as the builder.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ReportBuildError(RuntimeError):
    """A report could not be built (a cell failed, or the page is not self-contained)."""


# --- kernel ------------------------------------------------------------------


def kernel_spec() -> KernelSpec:
    """A kernelspec that runs ipykernel on the current interpreter (``sys.executable``)."""
    return KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name=KERNEL_DISPLAY_NAME,
        language="python",
        metadata={"debugger": True, "supported_encryption": ["curve"]},
    )


class _CurrentInterpreterKernelSpecs(KernelSpecManager):
    """Resolves ``kashgar-budgets`` in memory; other names are looked up as usual."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        if kernel_name == KERNEL_NAME:
            return kernel_spec()
        try:
            return super().get_kernel_spec(kernel_name)
        except NoSuchKernel:
            raise
        except Exception as exc:  # pragma: no cover - defensive
            raise NoSuchKernel(kernel_name) from exc


class _KernelManager(AsyncKernelManager):
    @default("transport_encryption")
    def _default_transport_encryption(self) -> str:
        # Encrypt the local kernel channels when pyzmq can (quiets ipykernel's warning).
        return "auto" if zmq.has("curve") else "disabled"

    @default("kernel_spec_manager")
    def _default_kernel_spec_manager(self) -> KernelSpecManager:
        return _CurrentInterpreterKernelSpecs(data_dir=self.data_dir)


def install_kernelspec(*, prefix: str | None = None, user: bool = False) -> str:
    """Install the ``kashgar-budgets`` kernelspec (for JupyterLab); return its directory.

    Default location is ``sys.prefix`` (the venv), as ``make lab`` does.
    Report builds do not need this: they resolve the kernel in memory.
    """
    from ipykernel.kernelspec import install

    return install(
        kernel_name=KERNEL_NAME,
        display_name=KERNEL_DISPLAY_NAME,
        user=user,
        prefix=None if user else (prefix or sys.prefix),
    )


# --- parameters --------------------------------------------------------------

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


# --- execution ---------------------------------------------------------------


def kernel_environment(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for the report kernel: ours, plus overrides, plus build markers."""
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (overrides or {}).items()})
    env[BUILD_ENV_VAR] = "1"
    paths = [str(PROJECT_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def execute_notebook(
    notebook: str | os.PathLike[str] | NotebookNode,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: int = 600,
    kernel_name: str = KERNEL_NAME,
) -> NotebookNode:
    """Run a notebook top to bottom with ``parameters`` injected; return the executed copy.

    ``cwd`` defaults to the notebook's directory (the notebooks dir).  ``env``
    entries override the inherited environment (e.g. data-directory variables).
    A failing cell raises :class:`ReportBuildError` (chained to nbclient's error).
    """
    if isinstance(notebook, NotebookNode):
        nb = nbformat.from_dict(notebook)
        label = "<notebook>"
        default_cwd = Path.cwd()
    else:
        path = Path(notebook)
        nb = nbformat.read(path, as_version=4)
        label = str(path)
        default_cwd = path.resolve().parent
    if parameters:
        inject_parameters(nb, parameters)
    workdir = Path(cwd) if cwd is not None else default_cwd
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        kernel_manager_class=_KernelManager,
        resources={"metadata": {"path": str(workdir)}},
        allow_errors=False,
        record_timing=False,
    )
    try:
        client.execute(env=kernel_environment(env))
    except CellExecutionError as exc:
        raise ReportBuildError(f"{label}: a cell failed while building the report\n{exc}") from exc
    nb.metadata["kernelspec"] = {
        "name": kernel_name,
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "python",
    }
    return nb


# --- rendering ---------------------------------------------------------------


class StripInlineBundlePreprocessor(Preprocessor):
    """Drop Vega bundles that outputs carry (from ``enable()`` in JupyterLab).

    The page has the bundle once in ``<head>``; copies in outputs would only add
    ~0.9 MB each.
    """

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            content = data.get("text/html")
            if content is None:
                continue
            text = "".join(content) if isinstance(content, list) else content
            if BUNDLE_TAG_RE.search(text):
                data["text/html"] = BUNDLE_TAG_RE.sub("", text)
        return cell, resources


class OfflineHTMLExporter(HTMLExporter):
    """HTMLExporter using the ``offline`` template shipped in this package."""

    export_from_notebook = "Offline report (kashgar-budgets)"

    @default("template_name")
    def _default_template_name(self) -> str:
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [str(TEMPLATES_DIR)]


def _exporter() -> OfflineHTMLExporter:
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


def external_resources(page: str) -> list[str]:
    """URLs a page would fetch from outside itself (anything but data:/about:/blob:/#).

    >>> external_resources('<script src="https://cdn.example/x.js"></script><img src="data:,">')
    ['https://cdn.example/x.js']
    """
    finder = _ResourceFinder()
    finder.feed(page)
    finder.close()
    urls = dict.fromkeys(u for u in finder.urls if u)
    return [u for u in urls if not u.lower().startswith(_INLINE_SCHEMES)]


def render_html(nb: NotebookNode, *, title: str | None = None, show_input: bool = False) -> str:
    """Render an executed notebook to one self-contained HTML page.

    Raises :class:`ReportBuildError` if the page would load anything from
    outside the file.
    """
    nb = nbformat.from_dict(nb)
    if title is not None:
        nb.metadata["title"] = title
    resources = {
        "kashgar_vega_bundle_tag": bundle_script_tag(),
        "kashgar_show_input": show_input,
        "metadata": {"name": title or "report"},
    }
    page, _ = _exporter().from_notebook_node(nb, resources=resources)
    external = external_resources(page)
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
) -> Path:
    """Execute ``notebook`` with ``parameters`` and write the offline HTML report to ``output``.

    ``executed_notebook``, if given, also receives the executed ``.ipynb``
    (handy for debugging a report).  Both files are written atomically.
    """
    nb = execute_notebook(notebook, parameters=parameters, cwd=cwd, env=env, timeout=timeout)
    page = render_html(nb, title=title, show_input=show_input)
    if executed_notebook is not None:
        write_atomic(executed_notebook, nbformat.writes(nb))
    return write_atomic(output, page)


# --- index -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportEntry:
    """One report for the index page.

    ``unit`` is the unit's identifier (e.g. ``kashgar-admin-office``) and
    ``unit_name`` its name as the documents give it; ``path`` is the report's
    file, absolute or relative to the reports directory.
    """

    unit: str
    year: int
    title: str
    path: str | os.PathLike[str]
    unit_name: str | None = None


_INDEX_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
.year { color: #666; font-weight: normal; }
ul { padding-left: 1.2em; } a { color: #0b5394; }
.validation { background: #f4f6f8; padding: 0.6em 1em; border-radius: 4px; }
"""


def _href(reports_dir: Path, path: str | os.PathLike[str]) -> str:
    target = Path(path)
    if target.is_absolute():
        try:
            target = target.resolve().relative_to(reports_dir.resolve())
        except ValueError:
            return "file://" + quote(target.resolve().as_posix())
    return quote(PurePosixPath(*target.parts).as_posix())


def index_html(
    reports_dir: str | os.PathLike[str],
    entries: Iterable[ReportEntry],
    *,
    title: str = "Budget reports · 预算报告",
) -> str:
    """The index page as a string (see :func:`write_index`).

    >>> page = index_html("/nonexistent", [ReportEntry("u1", 2024, "Overview", "a.html",
    ...                                                "<script>alert(1)</script>")])
    >>> "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    True
    """
    root = Path(reports_dir)
    groups: dict[tuple[str, int], list[ReportEntry]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in entries:
        groups[(entry.unit, int(entry.year))].append(entry)
        if entry.unit_name:
            names.setdefault(entry.unit, entry.unit_name)

    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_INDEX_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
    ]
    validation = root / "validation" / "index.html"
    if validation.is_file():
        parts.append(
            '<p class="validation"><a href="validation/index.html">'
            "Validation results (Data Docs) · 数据校验结果</a></p>"
        )
    if not groups:
        parts.append("<p>No reports yet.</p>")
    ordered = sorted(groups, key=lambda key: (names.get(key[0], key[0]), key[0], -key[1]))
    for unit, year in ordered:
        label = names.get(unit, unit)
        parts.append(
            f'<section class="unit-year" data-unit="{esc(unit)}" data-year="{year}">'
            f'<h2>{esc(label)} <span class="year">{year}</span></h2>'
        )
        parts.append("<ul>")
        for entry in sorted(groups[(unit, year)], key=lambda e: str(e.path)):
            href = esc(_href(root, entry.path))
            parts.append(f'<li><a href="{href}">{esc(entry.title)}</a></li>')
        parts.append("</ul></section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_index(
    reports_dir: str | os.PathLike[str],
    entries: Iterable[ReportEntry],
    *,
    title: str = "Budget reports · 预算报告",
) -> Path:
    """Write ``<reports_dir>/index.html`` linking every report, grouped by unit and year.

    Links the validation Data Docs (``validation/index.html``) when present.
    All text is HTML-escaped.  Written atomically.
    """
    root = Path(reports_dir)
    return write_atomic(root / "index.html", index_html(root, entries, title=title))
