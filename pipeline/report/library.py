"""The reports folder's one copy of the chart library and the page styles.

Why this exists: the Vega/Vega-Lite/vega-embed bundle is ~0.9 MB and JupyterLab's page
styles ~0.25 MB; inlined in every page they made 200 unit-years of reports a gigabyte.
`<reports>/lib/` holds them once and every page links them by a relative path, so the
folder still opens from disk with no network (and can be moved or zipped whole).
`budget report --single-file` inlines them instead (one page to mail).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import nbformat

from pipeline.report import build, bundle
from pipeline.report.atomic import write_atomic
from pipeline.report.build import BUNDLE_FILE, CSS_FILE, TEMPLATES_DIR, render_html
from pipeline.report.bundle import vega_bundle

LIBRARY_DIR = "lib"
STAMP_FILE = ".stamp"
"""Records what wrote the library (see :func:`library_stamp`); present, it is current."""
_LAB_CSS_RE = re.compile(r"<!-- kashgar-lab-css -->(.*?)<!-- /kashgar-lab-css -->", re.DOTALL)
_STYLE_RE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


@functools.cache
def page_css() -> str:
    """The styles a self-contained page inlines (JupyterLab's, from nbconvert's template)."""
    page = render_html(nbformat.v4.new_notebook(), title="styles")
    found = _LAB_CSS_RE.search(page)
    if found is None:  # pragma: no cover - the template puts the markers there
        raise RuntimeError("the offline template no longer marks JupyterLab's styles")
    return "\n".join(part.strip() for part in _STYLE_RE.findall(found.group(1))) + "\n"


def library_files() -> dict[str, str]:
    """File name → content of every file in the library folder."""
    return {BUNDLE_FILE: vega_bundle(), CSS_FILE: page_css()}


def library_stamp() -> str:
    """What the library's content depends on: vl-convert, nbconvert and our code for both.

    Building the files takes seconds (vl-convert bundles the JavaScript each time), so a
    folder whose stamp matches is left as it is.
    """
    digest = hashlib.sha256()
    for path in (Path(bundle.__file__), Path(build.__file__), *sorted(TEMPLATES_DIR.rglob("*"))):
        if path.is_file():
            digest.update(path.read_bytes())
    return (
        f"vl-convert-python {version('vl-convert-python')}; nbconvert "
        f"{version('nbconvert')}; code {digest.hexdigest()[:16]}\n"
    )


def write_library(reports: str | os.PathLike[str]) -> Path:
    """Write `<reports>/lib/` unless its stamp says it is current; return the folder.

    Only the files whose content changed are replaced; the stamp is written last, so an
    interrupted write is redone next time.
    """
    folder = Path(reports) / LIBRARY_DIR
    stamp = library_stamp()
    stamp_file = folder / STAMP_FILE
    if (
        stamp_file.is_file()
        and stamp_file.read_text(encoding="utf-8") == stamp
        and all((folder / name).is_file() for name in (BUNDLE_FILE, CSS_FILE))
    ):
        return folder
    for name, content in library_files().items():
        target = folder / name
        data = content.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
    write_atomic(stamp_file, stamp)
    return folder


def library_href(page: str | os.PathLike[str], reports: str | os.PathLike[str]) -> str:
    """The library folder's href from a page inside `reports` (POSIX, relative).

    >>> library_href("/r/unit-2024/01-overview.html", "/r")
    '../lib'
    >>> library_href("/r/index.html", "/r")
    'lib'
    """
    folder = Path(page).parent.relative_to(Path(reports))
    ups = [".."] * len(folder.parts)
    return PurePosixPath(*ups, LIBRARY_DIR).as_posix()
