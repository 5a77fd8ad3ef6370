"""The two-rename swap of an output folder, its recovery after a kill, and the folder lock."""

from __future__ import annotations

import fcntl
import os

import pytest

from pipeline import folder_swap, locks


def _build(folder, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.txt").write_text(text, encoding="utf-8")


def _hidden(parent) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_commit_swaps_and_an_uncommitted_build_leaves_nothing(tmp_path):
    target = tmp_path / "out"
    _build(target, "old")
    with folder_swap.Staging(target) as staged:
        _build(staged.path, "new")
    assert (target / "data.txt").read_text() == "old" and _hidden(tmp_path) == []
    with folder_swap.Staging(target) as staged:
        _build(staged.path, "new")
        staged.commit()
    assert (target / "data.txt").read_text() == "new" and _hidden(tmp_path) == []


def test_a_build_is_not_private_to_its_user(tmp_path):
    """mkdtemp made --clean and the validation set mode 0700."""
    with folder_swap.Staging(tmp_path / "out") as staged:
        mode = staged.path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask


@pytest.mark.parametrize(("staged", "expected"), [(True, "new"), (False, "old")])
def test_recover_completes_or_undoes_an_interrupted_swap(tmp_path, staged, expected):
    target = tmp_path / "out"
    _build(tmp_path / ".out-old-abc", "old")  # killed after the first rename
    if staged:
        _build(tmp_path / ".out-staging-abc", "new")
    _build(tmp_path / ".out-staging-zzz", "a killed run's unfinished build")
    said: list[str] = []
    folder_swap.recover(target, said.append)
    assert (target / "data.txt").read_text() == expected
    assert _hidden(tmp_path) == [] and len(said) == 1


def test_recover_with_the_folder_in_place_only_removes_leftovers(tmp_path):
    _build(tmp_path / "out", "current")
    _build(tmp_path / ".out-old-abc", "half removed")
    _build(tmp_path / ".out-staging-def", "killed")
    _build(tmp_path / ".other-staging-def", "not ours")
    folder_swap.recover(tmp_path / "out", pytest.fail)
    assert (tmp_path / "out" / "data.txt").read_text() == "current"
    assert _hidden(tmp_path) == [".other-staging-def"]


def test_a_lock_held_elsewhere_makes_a_writer_wait_then_give_up(tmp_path):
    folder = tmp_path / "clean"
    said: list[str] = []
    with open(locks.lock_file(folder), "w") as other:  # another open file: another holder
        fcntl.flock(other, fcntl.LOCK_SH)
        with locks.hold(folder, shared=True, wait=0):  # readers share
            pass
        with (
            pytest.raises(
                locks.LockBusy,
                match=r"in use by another run; gave up after "
                r"0\.3 s \(set BUDGET_LOCK_WAIT",
            ),
            locks.hold(folder, wait=0.3, say=said.append),
        ):
            pass
    assert said == [f"waiting for {folder}: in use by another run (up to 0.3 s, BUDGET_LOCK_WAIT)"]
    with (
        locks.hold(folder, wait=0),
        locks.hold(folder, wait=0),
        locks.hold(folder, shared=True, wait=0),
    ):  # re-entrant in one process
        pass
