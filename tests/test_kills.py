"""Kills and concurrent runs, with real processes: kill -9 at chosen points (the runs pause
there: `pipeline.kill_points`) and two runs on one --clean or --reports.

Whatever is killed, --clean and --reports hold the old build or the new one, never a mix and
never nothing after the next start; workers die with their run; a second run waits for the
first (or gives up with exit 75), and leftovers are removed only by a run holding the lock.
"""

from __future__ import annotations

import json
import shutil
import time

import psutil
import pytest

from pipeline import store
from pipeline.exit_codes import EXIT_BUSY, EXIT_FAILED, EXIT_OK
from tests.helpers import RAW, UNIT
from tests.identities.pin import pinned_results
from tests.runs import Run, budget, leftovers

pytestmark = pytest.mark.slow


def _units_years(clean) -> list[tuple[str, int]]:
    return store.scan(clean, "documents").select("unit", "year").collect().sort("year").rows()


@pytest.fixture
def folders(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW, raw / RAW.name)
    return raw, tmp_path / "clean", tmp_path / "reports"


def _add_2025(raw) -> None:
    (raw / "next.txt").write_text(
        RAW.read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8"
    )


def test_a_killed_ingest_takes_its_workers_with_it(tmp_path):
    raw = tmp_path / "raw"
    assert budget("synth", "--docs", "120", "--out", str(raw)).proc.returncode == EXIT_OK
    clean = tmp_path / "clean"
    run = Run("ingest", "--raw", str(raw), "--clean", str(clean), pause="parse:batch")
    run.paused("parse:batch")  # a worker holds a batch; the main process waits for it
    workers = psutil.Process(run.pid).children(recursive=True)
    assert workers
    run.kill()
    _, alive = psutil.wait_procs(workers, timeout=20)
    assert alive == [], f"workers outlived their run: {alive}"
    (staging,) = [tmp_path / name for name in leftovers(tmp_path)]
    files = sorted(staging.rglob("*"))
    time.sleep(1)
    assert sorted(staging.rglob("*")) == files  # nobody writes there any more
    again = budget("ingest", "--raw", str(raw), "--clean", str(clean))
    assert again.proc.returncode == EXIT_OK, again.err
    assert leftovers(tmp_path) == [] and len(_units_years(clean)) == 120


def test_a_kill_between_the_two_renames_is_completed_at_the_next_start(folders):
    raw, clean, _ = folders
    assert budget("ingest", "--raw", str(raw), "--clean", str(clean)).proc.returncode == 0
    _add_2025(raw)
    Run("ingest", "--raw", str(raw), "--clean", str(clean), pause="swap:clean").paused(
        "swap:clean"
    ).kill()
    assert not clean.exists()  # the window: the old store moved aside, the new one beside
    again = budget("ingest", "--raw", str(raw), "--clean", str(clean))
    assert again.proc.returncode == EXIT_OK, again.err
    assert "completed the update of" in again.err
    assert "already up to date" in again.out  # the build the killed run made was complete
    assert _units_years(clean) == [(UNIT, 2024), (UNIT, 2025)]
    assert leftovers(clean.parent) == []


def test_a_run_waits_for_the_lock_and_only_a_lock_holder_removes_leftovers(folders):
    raw, clean, _ = folders
    assert budget("ingest", "--raw", str(raw), "--clean", str(clean)).proc.returncode == 0
    _add_2025(raw)
    first = Run("ingest", "--raw", str(raw), "--clean", str(clean), pause="commit:clean")
    first.paused("commit:clean")  # its new build is complete, beside the old one
    (staging,) = leftovers(clean.parent)
    second = budget("ingest", "--raw", str(raw), "--clean", str(clean), lock_wait=1)
    assert second.proc.returncode == EXIT_BUSY
    assert f"in use by process {first.pid} (cli.py ingest)" in second.err
    assert "BUDGET_LOCK_WAIT" in second.err
    assert leftovers(clean.parent) == [staging]  # not removed under a live run
    first.kill()
    assert _units_years(clean) == [(UNIT, 2024)]  # killed before the swap: the old store
    third = budget("ingest", "--raw", str(raw), "--clean", str(clean))
    assert third.proc.returncode == EXIT_OK, third.err
    assert leftovers(clean.parent) == []
    assert _units_years(clean) == [(UNIT, 2024), (UNIT, 2025)]


def test_two_incremental_ingests_on_one_clean_take_turns(folders):
    raw, clean, _ = folders
    assert budget("ingest", "--raw", str(raw), "--clean", str(clean)).proc.returncode == 0
    _add_2025(raw)
    first = Run("ingest", "--raw", str(raw), "--clean", str(clean), pause="ingest:locked=3")
    first.paused("ingest:locked")
    second = Run("ingest", "--raw", str(raw), "--clean", str(clean))
    second.wait_for(f"waiting for {clean}: in use by process {first.pid}")
    assert first.finish() == EXIT_OK and second.finish() == EXIT_OK, first.err + second.err
    assert "1 parsed now" in first.out and "already up to date" in second.out
    assert _units_years(clean) == [(UNIT, 2024), (UNIT, 2025)]
    assert leftovers(clean.parent) == []


def _set(reports) -> dict:
    """The validation set, as a reader would see it."""
    out = reports / "validation"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "success": summary["success"],
        "total": summary["results_total"],
        "parts": sorted(p.name for p in (out / "results").iterdir()),
        "page_ok": "no identity fails" in (out / "index.html").read_text(encoding="utf-8"),
        "gx": (out / "gx" / "index.html").exists(),
    }


def test_validate_killed_in_any_phase_leaves_one_whole_set(folders):
    raw, clean, reports = folders
    args = ("validate", "--raw", str(raw), "--clean", str(clean), "--reports", str(reports))
    assert budget(*args).proc.returncode == EXIT_OK
    before = _set(reports)
    assert before == {
        "success": True,
        "total": pinned_results(),
        "parts": ["key.txt", "part-000000.parquet"],  # the key swapped in with its parts
        "page_ok": True,
        "gx": True,
    }
    text = RAW.read_text(encoding="utf-8")
    (raw / RAW.name).write_text(
        text.replace("抚恤金\t19.84\t19.84", "抚恤金\t19.84\t19.94"), encoding="utf-8"
    )
    killed = Run(*args, pause="validate:gx").paused("validate:gx")  # results written aside
    busy = budget(*args, lock_wait=1)
    assert busy.proc.returncode == EXIT_BUSY and f"process {killed.pid}" in busy.err
    killed.kill()
    assert _set(reports) == before  # new results never beside the old page
    assert [n.startswith(".validation-staging-") for n in leftovers(reports)] == [True]
    Run(*args, pause="swap:validation").paused("swap:validation").kill()
    assert not (reports / "validation").exists()
    last = budget(*args)
    assert last.proc.returncode == EXIT_FAILED, last.err
    assert "completed the update of" in last.err
    assert _set(reports) == {**before, "success": False, "page_ok": False}
    assert leftovers(reports) == []


def test_two_validates_on_one_reports_take_turns(folders):
    raw, clean, reports = folders
    args = ("validate", "--raw", str(raw), "--clean", str(clean), "--reports", str(reports))
    first = Run(*args, pause="validate:gx=3")
    first.paused("validate:gx")
    second = Run(*args)
    second.wait_for("waiting for")
    assert first.finish() == EXIT_OK and second.finish() == EXIT_OK, first.err + second.err
    assert _set(reports)["success"] is True
    assert leftovers(reports) == [] and leftovers(clean.parent) == []


def test_report_does_not_read_a_store_an_ingest_is_writing(folders):
    raw, clean, reports = folders
    assert budget("ingest", "--raw", str(raw), "--clean", str(clean)).proc.returncode == 0
    _add_2025(raw)
    writer = Run("ingest", "--raw", str(raw), "--clean", str(clean), pause="commit:clean")
    writer.paused("commit:clean")
    report = budget(
        "report", "--raw", str(raw), "--clean", str(clean), "--reports", str(reports), lock_wait=1
    )
    assert report.proc.returncode == EXIT_BUSY
    assert f"{clean} is in use by process {writer.pid}" in report.err
    writer.kill()
