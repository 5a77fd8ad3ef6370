"""The conversion cache under data/interim: keyed by the PDF's SHA-256 and the converter's
version, written aside and renamed, rejections kept but not those of a resource limit."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.pdf import Conversion, Limits, PdfError, cache, convert_cached
from tests.pdf import handmade


def pdf(folder: Path, name: str, text: bytes) -> tuple[Path, str, str]:
    path = folder / name
    path.write_bytes(
        handmade.pdf_bytes(handmade.one_page(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"))
    )
    return path, f"raw/{name}", cache.sha256_of(path)


def test_a_rerun_converts_nothing_that_did_not_change(tmp_path):
    interim = tmp_path / "interim"
    items = [pdf(tmp_path, "a.pdf", b"Alpha"), pdf(tmp_path, "b.pdf", b"Beta")]
    first, converted = convert_cached(items, interim)
    assert converted == 2 and [r.text.strip() for r in first] == ["Alpha", "Beta"]
    again, converted = convert_cached(items, interim)
    assert converted == 0 and again == first
    old = items[1][2]
    items[1] = pdf(tmp_path, "b.pdf", b"Gamma")  # the file changed: its hash did
    changed, converted = convert_cached(items, interim)
    assert converted == 1 and changed[1].text.strip() == "Gamma"
    names = sorted(p.name for p in (interim / "pdf").iterdir())
    assert names == sorted(
        cache.entry_path(interim, sha).name for sha in (items[0][2], old, items[1][2])
    )


def test_a_new_converter_version_converts_again(tmp_path, monkeypatch):
    interim = tmp_path / "interim"
    items = [pdf(tmp_path, "a.pdf", b"Alpha")]
    convert_cached(items, interim)
    monkeypatch.setattr(cache, "VERSION", "999")
    assert cache.load(interim, items[0][2], "raw/a.pdf") is None
    assert convert_cached(items, interim)[1] == 1
    assert cache.prune(interim, {items[0][2]}) == 1  # the entry of the old version
    assert [p.name for p in (interim / "pdf").iterdir()] == [
        cache.entry_path(interim, items[0][2]).name
    ]


def test_an_entry_that_cannot_be_read_is_converted_again(tmp_path):
    interim = tmp_path / "interim"
    items = [pdf(tmp_path, "a.pdf", b"Alpha")]
    convert_cached(items, interim)
    entry = cache.entry_path(interim, items[0][2])
    entry.write_text('{"sha256": "', encoding="utf-8")  # cut short
    results, converted = convert_cached(items, interim)
    assert converted == 1 and results[0].text.strip() == "Alpha"
    assert json.loads(entry.read_text(encoding="utf-8"))["sha256"] == items[0][2]
    assert not list(entry.parent.glob(".*.tmp"))


def test_a_rejection_is_kept_and_names_the_file_it_is_reported_for(tmp_path):
    interim = tmp_path / "interim"
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(handmade.nested(500))
    sha = cache.sha256_of(bomb)
    (first,), converted = convert_cached([(bomb, "raw/bomb.pdf", sha)], interim)
    assert converted == 1 and isinstance(first, PdfError)
    (again,), converted = convert_cached([(bomb, "raw/copy.pdf", sha)], interim)
    assert converted == 0
    assert str(again) == str(first).replace("raw/bomb.pdf", "raw/copy.pdf")


def test_a_rejection_by_a_resource_limit_is_not_kept(tmp_path):
    interim = tmp_path / "interim"
    bomb = tmp_path / "inflate.pdf"
    bomb.write_bytes(handmade.decompression_bomb())
    item = (bomb, "raw/inflate.pdf", cache.sha256_of(bomb))
    (result,), _ = convert_cached([item], interim, Limits(seconds=120, memory_mb=300))
    assert "within 300 MiB" in str(result)
    assert not cache.entry_path(interim, item[2]).exists()


def test_a_kept_conversion_reads_back_equal(tmp_path):
    conversion = Conversion("表 1\n\n项目\t合计\n", (1, 1, 2, 2), 2)
    cache.store(tmp_path, "ab" * 32, conversion)
    assert cache.load(tmp_path, "ab" * 32, "x.pdf") == conversion
