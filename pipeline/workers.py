"""Process pools whose workers die with the run that started them.

A worker of a killed run must not go on parsing and writing into a staging folder that
the next run removes.  On Linux each worker asks the kernel for SIGKILL when its parent
dies (`prctl(PR_SET_PDEATHSIG)`); on every system a watcher thread in each worker also
exits it once its parent is gone (the kernel signal fires when the *thread* that started
the worker ends, so pools are started from the main thread; the watcher covers the rest).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
_WATCH_S = 0.5


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_S)
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when `parent` (the run) dies."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the watcher alone
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the run died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes that die with this one."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
