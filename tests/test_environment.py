"""The three places that pin versions agree: pyproject.toml, requirements.lock, environment.yml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# conda-forge names that differ from PyPI's
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement!r} is not pinned with =="
        pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return pins


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]  # test and spark: the lock installs both
    return _pins(project["dependencies"] + [pin for pins in extras.values() for pin in pins])


def test_every_dependency_is_pinned_and_locked():
    lock = _pins(
        [
            line
            for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line and not line.startswith("#")
        ]
    )
    for name, version in pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_environment_yml_matches_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = re.split(r"=+", dep, maxsplit=1)
            conda[name] = version
    assert conda.pop("python") == "3.11"
    expected = {CONDA_NAMES.get(n, n): v for n, v in pyproject_pins().items()}
    assert conda == expected
