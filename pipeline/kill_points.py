"""Named points where a test can stop a run, to kill it exactly there.

Kills are tested with real processes (`tests/test_kills.py`): the test sets
`BUDGET_PAUSE_AT=<point>` (pause until killed) or `<point>=<seconds>` (pause, then go
on), waits for the line `budget: paused at <point>` on stderr, and kills the process.
A point costs one dictionary look-up when the variable is unset; points are per phase
or per batch, never per document.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "BUDGET_PAUSE_AT"


def reached(point: str) -> None:
    """Pause here if `BUDGET_PAUSE_AT` names this point (see the module's docstring)."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    name, _, seconds = wanted.partition("=")
    if name != point:
        return
    print(f"budget: paused at {point} (pid {os.getpid()})", file=sys.stderr, flush=True)
    if seconds:
        time.sleep(float(seconds))
        return
    while True:
        time.sleep(3600)
