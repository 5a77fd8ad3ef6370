"""All paths in one place, each overridable by an environment variable.

Notebooks run with the notebooks folder as working directory and tests run from temporary
folders, so default paths are anchored at the project root, not the working directory.
Paths are resolved (absolute, no `..`, no symbolic link) before anything uses them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


@dataclass(frozen=True)
class Settings:
    """Where raw documents are read from and clean frames and reports are written to, and
    how long a run waits for another that holds the lock on its output folder."""

    raw: Path
    clean: Path
    reports: Path
    lock_wait_s: float = 600.0
    workers: int = 1
    """Processes that parse, convert PDFs and compute identities side by side: one per core
    unless `BUDGET_WORKERS` says otherwise (fewer on a shared machine, to leave it room)."""


def interim_for(clean: Path) -> Path:
    """Where intermediate files (PDFs converted to text) are kept for the clean tables in
    `clean`: `BUDGET_INTERIM`, else `interim` beside `clean` (data/interim for data/clean).

    >>> "BUDGET_INTERIM" in os.environ or interim_for(Path("/x/clean")) == Path("/x/interim")
    True
    """
    return Path(os.environ.get("BUDGET_INTERIM", Path(clean).parent / "interim"))


def settings() -> Settings:
    """Paths from `BUDGET_RAW`, `BUDGET_CLEAN`, `BUDGET_REPORTS`, else the project layout;
    the lock wait from `BUDGET_LOCK_WAIT` (seconds, default 600); the worker count from
    `BUDGET_WORKERS` (default: the CPU count).

    >>> settings().raw.name, settings().raw.is_absolute()
    ('raw', True)
    """
    root = Path(os.environ.get("BUDGET_ROOT", PROJECT_ROOT))
    return Settings(
        raw=Path(os.environ.get("BUDGET_RAW", root / "data" / "raw")).resolve(),
        clean=Path(os.environ.get("BUDGET_CLEAN", root / "data" / "clean")).resolve(),
        reports=Path(os.environ.get("BUDGET_REPORTS", root / "reports")).resolve(),
        lock_wait_s=float(os.environ.get("BUDGET_LOCK_WAIT", 600)),
        workers=max(1, int(os.environ.get("BUDGET_WORKERS") or os.cpu_count() or 1)),
    )
