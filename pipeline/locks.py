"""One lock per output folder (--clean, --reports), so that runs never write over each other.

The lock is `flock` on a file next to the folder (`data/.clean.lock` for `data/clean`),
so the kernel releases it when its holder exits, however it exits (kill -9 included): a
lock is never left stale.  Writers (ingest into --clean; validate and report into
--reports) hold it exclusively; readers of --clean (validate, report) hold it shared, so
no ingest swaps the store while they read it.  A run that finds the lock taken says so
and waits, polling, up to `BUDGET_LOCK_WAIT` seconds (default 600), then gives up with
`LockBusy` (exit 75).  Within one process a lock is re-entrant.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.settings import settings

_POLL_S = 0.1
_held: dict[Path, list] = {}
"""Locks this process holds: lock file → [descriptor, exclusive, depth]."""


class LockBusy(RuntimeError):
    """Another run held the lock longer than this run would wait."""


def lock_file(folder: Path) -> Path:
    """The lock file of an output folder: a hidden file beside it.

    >>> lock_file(Path("/srv/budgets/data/clean"))
    PosixPath('/srv/budgets/data/.clean.lock')
    """
    folder = Path(os.path.abspath(folder))
    return folder.parent / f".{folder.name}.lock"


def _say(message: str) -> None:
    print(f"budget: {message}", file=sys.stderr, flush=True)


def _holder(path: Path) -> str:
    """Who last took the lock exclusively, if that process still runs."""
    try:
        pid_text, _, command = path.read_text(encoding="utf-8").partition("\n")
        pid = int(pid_text)
        os.kill(pid, 0)
    except (OSError, ValueError):
        return "another run"
    return f"process {pid} ({command.strip() or 'budget'})"


@contextlib.contextmanager
def hold(
    folder: Path,
    *,
    shared: bool = False,
    wait: float | None = None,
    say: Callable[[str], None] = _say,
) -> Iterator[None]:
    """Hold the lock of `folder` (exclusive, or `shared` for readers) inside the block.

    Waits up to `wait` seconds (default: `settings().lock_wait_s`) when another run holds
    it, telling `say` once what it waits for; raises `LockBusy` after that.
    """
    path = lock_file(folder)
    held = _held.get(path)
    if held is not None:  # re-entrant: a nested hold of a lock this process has
        if not shared and not held[1]:
            raise RuntimeError(f"{path}: cannot take exclusively a lock held shared")
        held[2] += 1
        try:
            yield
        finally:
            held[2] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, path, folder, shared, settings().lock_wait_s if wait is None else wait, say)
        if not shared:
            os.ftruncate(fd, 0)
            command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]])
            os.pwrite(fd, f"{os.getpid()}\n{command}\n".encode(), 0)
        _held[path] = [fd, not shared, 1]
        try:
            yield
        finally:
            del _held[path]
    finally:
        os.close(fd)  # releases the lock


def _acquire(
    fd: int, path: Path, folder: Path, shared: bool, wait: float, say: Callable[[str], None]
) -> None:
    mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise LockBusy(
                f"{folder} is in use by {_holder(path)}; gave up after {wait:g} s "
                f"(set BUDGET_LOCK_WAIT to wait longer; lock file {path})"
            )
        if not told:
            say(
                f"waiting for {folder}: in use by {_holder(path)} "
                f"(up to {wait:g} s, BUDGET_LOCK_WAIT)"
            )
            told = True
        time.sleep(_POLL_S)
