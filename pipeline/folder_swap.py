"""Replace an output folder by a new build of it in one step, and finish a replacement
that a kill interrupted.

A build is written to `.<name>-staging-<token>` beside the folder (unique per run); its
commit renames the folder to `.<name>-old-<token>`, the build to the folder's name, and
removes the old one.  Readers see the old folder or the new one, never a mix.  A kill
between the two renames leaves no folder at all: `recover`, called at the start of the
next run that holds the folder's lock (`pipeline.locks`), finds the pair by its token
and completes the swap (or, without the new build, puts the old one back), then removes
what killed runs left behind.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline import kill_points


def _prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}-staging-", f".{target.name}-old-"


class Staging:
    """A new build of `target`, written beside it and swapped in by `commit`.

    Use as a context manager: leaving it without a commit removes the build.
    """

    def __init__(self, target: Path):
        self.target = Path(os.path.abspath(target))
        self.target.parent.mkdir(parents=True, exist_ok=True)
        staging, _ = _prefixes(self.target)
        while True:  # mkdtemp would make it private (0700); this keeps the umask's mode
            self.token = secrets.token_hex(6)
            self.path = self.target.parent / f"{staging}{self.token}"
            try:
                self.path.mkdir()
                break
            except FileExistsError:
                continue

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> None:
        """Swap the build in with two renames; remove the old folder after."""
        kill_points.reached(f"commit:{self.target.name}")
        if not self.target.exists():
            os.rename(self.path, self.target)
            return
        retired = self.target.parent / f"{_prefixes(self.target)[1]}{self.token}"
        os.rename(self.target, retired)
        kill_points.reached(f"swap:{self.target.name}")
        os.rename(self.path, self.target)
        shutil.rmtree(retired, ignore_errors=True)


def _say(message: str) -> None:
    print(f"budget: {message}", file=sys.stderr, flush=True)


def recover(target: Path, say: Callable[[str], None] = _say) -> None:
    """Complete a swap of `target` that a kill interrupted; remove leftovers of killed runs.

    Only call it holding `target`'s lock: another run's build in progress looks the same
    as a killed run's.
    """
    target = Path(os.path.abspath(target))
    if not target.parent.is_dir():
        return
    staging_prefix, old_prefix = _prefixes(target)
    stagings, olds = {}, {}
    for entry in target.parent.iterdir():
        if entry.name.startswith(staging_prefix):
            stagings[entry.name.removeprefix(staging_prefix)] = entry
        elif entry.name.startswith(old_prefix):
            olds[entry.name.removeprefix(old_prefix)] = entry
    if not target.exists() and olds:
        # at most one swap can have been interrupted: the run that would have left a
        # second one first recovered this one
        token, old = sorted(olds.items())[0]
        new = stagings.pop(token, None)
        if new is not None:
            os.rename(new, target)
            say(f"completed the update of {target} that an interrupted run left half-done")
        else:
            os.rename(old, target)
            del olds[token]
            say(f"put back {target}, which an interrupted run had moved aside")
    for leftover in [*stagings.values(), *olds.values()]:
        shutil.rmtree(leftover, ignore_errors=True)
