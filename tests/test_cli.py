"""The `budget` command line: help for every subcommand, relative folders."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.cli import build_parser, main
from tests.helpers import RAW


@pytest.mark.parametrize("command", ["ingest", "validate", "report", "run", "synth", "dictionary"])
def test_every_subcommand_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--raw" in out and "--clean" in out and "--reports" in out


def test_validate_takes_relative_folders(tmp_path, monkeypatch):
    # GX's Data Docs need an absolute base directory; the CLI must make it so
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW, tmp_path / "raw" / RAW.name)
    assert main(["validate", "--raw", "raw", "--clean", "clean", "--reports", "rep"]) == 0
    summary = json.loads((tmp_path / "rep" / "validation" / "summary.json").read_text())
    assert summary["success"] is True
