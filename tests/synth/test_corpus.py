"""The corpus writer: distinct unit-years, the same files for a seed, any number of workers."""

from __future__ import annotations

import hashlib

from pipeline.parse.sections import find_layout
from pipeline.reader import read_document
from pipeline.synth.corpus import synth_main, unit_year, write_corpus


def digests(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_documents_are_distinct_unit_years_that_read_back(tmp_path):
    paths = write_corpus(tmp_path, 40, seed=3)
    assert len(paths) == 40 == len({p.name for p in paths})
    seen = set()
    for path in paths:
        layout = find_layout(read_document(path))
        assert "合成" in layout.unit and 2019 <= layout.year <= 2026
        seen.add((layout.unit, layout.year))
    assert len(seen) == 40
    assert len({unit for unit, _ in seen}) == 5  # 8 years per unit


def test_same_seed_same_bytes_whatever_the_workers(tmp_path):
    one = digests(write_corpus(tmp_path / "a", 30, seed=5, workers=1))
    two = digests(write_corpus(tmp_path / "b", 30, seed=5, workers=2))
    other = digests(write_corpus(tmp_path / "c", 30, seed=6, workers=1))
    assert one == two
    assert one != other
    assert not list((tmp_path / "a").glob(".*")), "no temp files left"


def test_unit_years_never_repeat():
    pairs = [unit_year(i) for i in range(20_000)]
    assert len(set(pairs)) == len(pairs)


def test_synth_main_writes_the_corpus(tmp_path, capsys):
    assert synth_main(3, tmp_path / "out", 1) == 0
    assert len(list((tmp_path / "out").glob("synthetic-*.txt"))) == 3
    assert "wrote 3" in capsys.readouterr().out


def test_budget_synth_command(tmp_path):
    from pipeline.cli import main

    assert main(["synth", "--docs", "4", "--out", str(tmp_path / "c"), "--seed", "9"]) == 0
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [
        f"synthetic-{i:06d}.txt" for i in range(1, 5)
    ]
