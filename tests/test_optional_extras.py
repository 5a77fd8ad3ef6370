"""Optional extras: a command that needs one says which, instead of a traceback."""

from __future__ import annotations

import subprocess
import sys


def test_spark_engine_without_pyspark_says_how_to_install_it(tmp_path):
    """pyspark is an optional extra: without it `--engine spark` names the extra, exit 2."""
    code = ("import sys; sys.modules['pyspark'] = None\n"  # as if not installed
            "from pipeline.cli import main\n"
            f"sys.exit(main(['validate', '--engine', 'spark', '--raw', {str(tmp_path)!r}, "
            f"'--clean', {str(tmp_path / 'clean')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2, run.stderr
    assert "kashgar-budgets[spark]" in run.stderr
    assert not (tmp_path / "clean").exists()


def test_synth_outside_a_checkout_says_why(tmp_path):
    """The wheel leaves the generator out (tests/test_wheel.py): `budget synth` says so."""
    code = ("import sys; sys.modules['pipeline.synth.corpus'] = None\n"  # as in the wheel
            "from pipeline.cli import main\n"
            f"sys.exit(main(['synth', '--docs', '1', '--out', {str(tmp_path / 'o')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2, run.stderr
    assert "not installed with the package" in run.stderr
    assert not (tmp_path / "o").exists()
