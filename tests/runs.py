"""`budget` in real processes, for tests that kill them or run them side by side.

`Run(..., pause="point")` stops the run at a named point (`pipeline.kill_points`);
`run.wait_for("budget: paused at point")` waits until it got there; then the test kills it
with SIGKILL (`run.kill()`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipeline.kill_points import ENV

TIMEOUT_S = 240


class Run:
    """`budget ARGS` as a child process; its output is collected as it comes."""

    def __init__(self, *args: str, pause: str | None = None, lock_wait: float | None = None):
        environment = dict(os.environ)
        environment.pop(ENV, None)
        if pause:
            environment[ENV] = pause
        if lock_wait is not None:
            environment["BUDGET_LOCK_WAIT"] = str(lock_wait)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", *args],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.proc.pid
        self._out: list[str] = []
        self._err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(stream, lines), daemon=True)
            for stream, lines in ((self.proc.stdout, self._out), (self.proc.stderr, self._err))
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line)

    @property
    def out(self) -> str:
        return "".join(self._out)

    @property
    def err(self) -> str:
        return "".join(self._err)

    def wait_for(self, text: str, timeout: float = TIMEOUT_S) -> None:
        """Until a line of stderr contains `text` (fails if the run ends first)."""
        deadline = time.monotonic() + timeout
        while text not in self.err:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                self.finish()
                raise AssertionError(
                    f"never saw {text!r}; stderr:\n{self.err}\nstdout:\n{self.out}"
                )
            time.sleep(0.05)

    def paused(self, point: str) -> Run:
        """Wait until the run stops at `point`."""
        self.wait_for(f"budget: paused at {point}")
        return self

    def finish(self, timeout: float = TIMEOUT_S) -> int:
        """Wait for the end; the exit code."""
        self.proc.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=10)
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash or an impatient operator would."""
        self.proc.kill()
        self.finish()


def budget(*args: str, **options) -> Run:
    """`budget ARGS` run to the end."""
    run = Run(*args, **options)
    run.finish()
    return run


def leftovers(folder: Path) -> list[str]:
    """Hidden names in `folder` other than lock files: what killed runs left."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")
    )
