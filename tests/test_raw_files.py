"""What `budget ingest` sees under --raw: paths resolved, hidden folders judged inside --raw
only, every file that is not a document listed, links leaving --raw refused, and a run
that finds nothing never empties the store."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.raw_files import READABLE_SUFFIXES, survey
from tests.helpers import RAW, UNIT


def _documents(clean) -> list[tuple[str, int]]:
    return store.scan(clean, "documents").select("unit", "year").collect().sort("year").rows()


def test_relative_raw_with_dot_dot_sees_its_documents(tmp_path, monkeypatch, capsys):
    """`budget ingest --raw ../raw` saw 0 documents ('..' starts with a dot), exited 0."""
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW, tmp_path / "raw" / RAW.name)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert main(["ingest", "--raw", "../raw", "--clean", "../clean"]) == 0
    assert _documents(tmp_path / "clean") == [(UNIT, 2024)]


def test_raw_inside_a_dot_folder_sees_its_documents(tmp_path):
    raw = tmp_path / ".cache" / "budgets" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(RAW, raw / RAW.name)
    (raw / ".hidden").mkdir()  # dot-names *inside* --raw are still skipped
    shutil.copy(RAW, raw / ".hidden" / "copy.txt")
    assert main(["ingest", "--raw", str(raw), "--clean", str(tmp_path / "clean")]) == 0
    assert _documents(tmp_path / "clean") == [(UNIT, 2024)]


def test_suffixes_in_any_case_are_read_and_other_files_are_listed(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    text = RAW.read_text(encoding="utf-8").replace("2024", "2025")
    (raw / "NEXT-YEAR.TXT").write_text(text, encoding="utf-8")
    others = ["notes.docx", "d00.bak"] + ([] if ".pdf" in READABLE_SUFFIXES else ["scan.pdf"])
    for name in others:
        (raw / name).write_bytes(b"PK not a text")
    assert main(["ingest", "--raw", str(raw), "--clean", str(tmp_path / "clean")]) == 0
    out = capsys.readouterr().out
    assert _documents(tmp_path / "clean") == [(UNIT, 2024), (UNIT, 2025)]
    for name in others:
        assert f"not read {raw / name}: not a document" in out


def test_a_link_leaving_raw_is_refused_and_never_read(tmp_path, capsys):
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("PRIVATE-FIRST-LINE of a file outside --raw\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    (raw / "escape.txt").symlink_to(secret)
    (raw / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    clean = tmp_path / "clean"
    assert main(["ingest", "--raw", str(raw), "--clean", str(clean)]) == 2
    out = capsys.readouterr().out
    for link in ("escape.txt", "dangling.txt"):
        assert f"{raw / link}: a symbolic link leading out of the raw folder" in out
    manifest = (clean / store.MANIFEST).read_text(encoding="utf-8")
    assert "PRIVATE" not in out and "PRIVATE" not in manifest
    assert str(secret) not in out and str(secret) not in manifest
    assert _documents(clean) == [(UNIT, 2024)]


def test_a_link_inside_raw_is_read_under_its_own_name(tmp_path):
    raw = tmp_path / "raw"
    (raw / ".store").mkdir(parents=True)
    shutil.copy(RAW, raw / ".store" / "real.txt")
    (raw / "alias.txt").symlink_to(raw / ".store" / "real.txt")
    (raw / "folder-link").symlink_to(raw / ".store")
    listing = survey(raw)
    assert listing.documents == [raw / "alias.txt"] and listing.outside == []
    assert listing.unreadable == [raw / "folder-link"]  # folders are walked as themselves
    clean = tmp_path / "clean"
    assert main(["ingest", "--raw", str(raw), "--clean", str(clean)]) == 0
    assert list(json.loads((clean / store.MANIFEST).read_text())["documents"]) == [
        str(raw / "alias.txt")
    ]


def test_finding_no_document_never_empties_the_store_unless_told(tmp_path, capsys):
    raw, empty, clean = tmp_path / "raw", tmp_path / "empty", tmp_path / "clean"
    raw.mkdir()
    empty.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    assert main(["ingest", "--raw", str(raw), "--clean", str(clean)]) == 0
    capsys.readouterr()
    assert main(["ingest", "--raw", str(empty), "--clean", str(clean)]) == 2
    err = capsys.readouterr().err
    assert "no document found" in err and "--allow-empty" in err and str(empty) in err
    assert _documents(clean) == [(UNIT, 2024)]
    assert (
        main(
            [
                "validate",
                "--raw",
                str(empty),
                "--clean",
                str(clean),
                "--reports",
                str(tmp_path / "reports"),
            ]
        )
        == 2
    )
    assert _documents(clean) == [(UNIT, 2024)]
    assert main(["ingest", "--raw", str(empty), "--clean", str(clean), "--allow-empty"]) == 0
    assert _documents(clean) == []


def test_a_missing_raw_folder_is_bad_input_not_a_crash(tmp_path, capsys):
    assert (
        main(["ingest", "--raw", str(tmp_path / "nope"), "--clean", str(tmp_path / "clean")]) == 2
    )
    assert "no such folder of raw documents" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["a.txt", "A.TXT", "b.Txt"])
def test_readable_suffix_is_one_case_insensitive_definition(tmp_path, name):
    (tmp_path / name).write_text("x", encoding="utf-8")
    assert survey(tmp_path).documents == [tmp_path / name]
