"""Smoke test of the mutation benchmark's command at a tiny sample: it runs end to end,
prints the share and writes its report (the full run is `python -m bench.mutation`)."""

from __future__ import annotations

from bench.mutation import main


def test_mutation_benchmark_on_a_sample_writes_its_report(tmp_path, capsys):
    out = tmp_path / "MUTATION.md"
    assert main(["--sample", "8", "--seed", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "8 mutants" in text and "Changed a figure of the clean data" in text
    assert "By kind (flagged / changed)" in text
    assert "Not in the reviewed residue (tests/identities/mutation_residue.tsv): 0" in text
    assert "Changed a figure of the clean data" in capsys.readouterr().out
