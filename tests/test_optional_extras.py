"""Optional extras: a command that needs one says which, instead of a traceback."""

from __future__ import annotations

import subprocess
import sys


def _budget_without(module: str, *args: str) -> subprocess.CompletedProcess:
    """`budget ARGS` in a fresh interpreter in which `module` cannot be imported (as when
    the extra that provides it is not installed)."""
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from pipeline.cli import main\n"
        f"sys.exit(main({list(args)!r}))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_spark_engine_without_pyspark_says_how_to_install_it(tmp_path):
    """pyspark is an optional extra: without it `--engine spark` names the extra, exit 2."""
    run = _budget_without(
        "pyspark",
        "validate",
        "--engine",
        "spark",
        "--raw",
        str(tmp_path),
        "--clean",
        str(tmp_path / "clean"),
    )
    assert run.returncode == 2, run.stderr
    assert "kashgar-budgets[spark]" in run.stderr
    assert not (tmp_path / "clean").exists()


def test_synth_outside_a_checkout_says_why(tmp_path):
    """The wheel leaves the generator out (tests/test_wheel.py): `budget synth` says so."""
    run = _budget_without(
        "pipeline.synth.corpus", "synth", "--docs", "1", "--out", str(tmp_path / "o")
    )
    assert run.returncode == 2, run.stderr
    assert "not installed with the package" in run.stderr
    assert not (tmp_path / "o").exists()
