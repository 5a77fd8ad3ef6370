"""The reports folder's one copy of the chart library and page styles."""

from __future__ import annotations

import os

from pipeline.report.build import BUNDLE_FILE, CSS_FILE
from pipeline.report.library import (
    LIBRARY_DIR,
    STAMP_FILE,
    library_files,
    library_href,
    library_stamp,
    write_library,
)


def test_the_library_is_written_once_and_rewritten_when_it_is_not_current(tmp_path):
    folder = write_library(tmp_path)
    assert folder == tmp_path / LIBRARY_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted([BUNDLE_FILE, CSS_FILE, STAMP_FILE])
    files = library_files()
    assert (folder / BUNDLE_FILE).read_text(encoding="utf-8") == files[BUNDLE_FILE]
    assert "window.vegaEmbed=" in files[BUNDLE_FILE]
    assert ".jp-RenderedHTMLCommon" in files[CSS_FILE] and "<style" not in files[CSS_FILE]
    assert (folder / STAMP_FILE).read_text(encoding="utf-8") == library_stamp()

    bundle = folder / BUNDLE_FILE
    os.utime(bundle, ns=(1, 1))
    write_library(tmp_path)  # current: left alone
    assert bundle.stat().st_mtime_ns == 1
    (folder / STAMP_FILE).write_text("vl-convert-python 0.1\n", encoding="utf-8")
    bundle.write_text("damaged", encoding="utf-8")
    write_library(tmp_path)  # written by something else: rewritten
    assert bundle.read_text(encoding="utf-8") == files[BUNDLE_FILE]
    (folder / CSS_FILE).unlink()
    write_library(tmp_path)  # a file missing: rewritten
    assert (folder / CSS_FILE).read_text(encoding="utf-8") == files[CSS_FILE]


def test_pages_link_the_library_relatively(tmp_path):
    assert library_href(tmp_path / "unit-2024" / "01-overview.html", tmp_path) == "../lib"
    assert library_href(tmp_path / "a" / "b" / "page.html", tmp_path) == "../../lib"
