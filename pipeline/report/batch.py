"""Build many report pages in parallel: worker processes, each with a warm kernel.

Why this exists: a fresh kernel per notebook cost ~5 s of start-up and imports for
~0.3 s of cells.  Here each worker process owns one :class:`~pipeline.report.kernel.WarmKernel`
and takes whole jobs — a unit-year's pages, or the across-units page — so the pages of a
unit-year run one after another in the same kernel (their imports and font registration
done once) and two jobs run at a time on two cores.  The worker renders and writes each
page itself (atomically), so the parent only hands out jobs and collects short results:
memory stays that of a few processes, whatever the number of unit-years.

A page that fails (a cell raised, the page would load from outside, the kernel died) is
reported with its reason and the other pages go on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import util as mp_util
from pathlib import Path
from typing import Any

import nbformat

from pipeline.report.atomic import write_atomic
from pipeline.report.build import render_html
from pipeline.report.bundle import STATIC_ENV_VAR
from pipeline.report.kernel import ReportBuildError, WarmKernel


@dataclass(frozen=True)
class Page:
    """One report page: the notebook, its parameters, where the page (and notebook) go.

    ``library`` is the href of the shared library from the page, None to inline it.
    """

    notebook: Path
    parameters: Mapping[str, Any]
    output: Path
    title: str
    library: str | None = None
    executed_notebook: Path | None = None


@dataclass(frozen=True)
class Job:
    """Pages run one after another in one kernel (a unit-year's, or the across page)."""

    name: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class PageResult:
    """What became of a page: written (error None) or not, and the seconds it took."""

    page: Page
    error: str | None
    seconds: float


@dataclass
class WorkerConfig:
    """What every worker's kernel needs: cwd, environment, timeout, restart policy."""

    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    timeout: int = 600
    restart_after: int | None = None


_kernel: WarmKernel | None = None
_notebooks: dict[Path, nbformat.NotebookNode] = {}


def _start_worker(config: WorkerConfig) -> None:
    """Process initializer: a warm kernel for this worker, shut down when it exits."""
    global _kernel
    kwargs = {} if config.restart_after is None else {"restart_after": config.restart_after}
    _kernel = WarmKernel(cwd=config.cwd, env=config.env, timeout=config.timeout, **kwargs)
    mp_util.Finalize(_kernel, _kernel.shutdown, exitpriority=10)


def _notebook(path: Path) -> nbformat.NotebookNode:
    if path not in _notebooks:
        _notebooks[path] = nbformat.read(path, as_version=4)
    return _notebooks[path]


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def run_page(kernel: WarmKernel, page: Page) -> PageResult:
    """Execute, render and write one page; a failure is returned, not raised."""
    start = time.perf_counter()
    try:
        nb = kernel.run(
            _notebook(page.notebook),
            page.parameters,
            label=f"{page.notebook.name} {dict(page.parameters)}",
        )
        html = render_html(nb, title=page.title, library=page.library)
        if page.executed_notebook is not None:
            write_atomic(page.executed_notebook, nbformat.writes(nb), durable=False)
        write_atomic(page.output, html, durable=False)  # rebuilt from the data at will
    except (ReportBuildError, OSError) as exc:
        return PageResult(page, _first_line(exc), time.perf_counter() - start)
    return PageResult(page, None, time.perf_counter() - start)


def _run_job(job: Job) -> list[PageResult]:
    assert _kernel is not None, "worker not initialised"
    return [run_page(_kernel, page) for page in job.pages]


def worker_count(jobs: int, workers: int | None = None) -> int:
    """Workers to use: `workers`, else one per core; never more than the jobs.

    >>> worker_count(1, 8), worker_count(0)
    (1, 1)
    """
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, jobs))


def run_jobs(
    jobs: Iterable[Job],
    config: WorkerConfig,
    *,
    workers: int | None = None,
    on_result: Callable[[PageResult], None] | None = None,
) -> list[PageResult]:
    """Run every job; return every page's result (in completion order).

    Jobs are handed out in the order given (put the longest first).  With one worker
    the jobs run in this process's own warm kernel.  `on_result` sees each page's
    result as it comes (progress output).
    """
    jobs = list(jobs)
    results: list[PageResult] = []

    def collect(page_results: list[PageResult]) -> None:
        for result in page_results:
            results.append(result)
            if on_result is not None:
                on_result(result)

    count = worker_count(len(jobs), workers)
    if not jobs:
        return results
    if count == 1:
        global _kernel
        _start_worker(config)
        try:
            for job in jobs:
                collect(_run_job(job))
        finally:
            assert _kernel is not None
            _kernel.shutdown()
            _kernel = None
        return results
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_start_worker, initargs=(config,)
    ) as pool:
        futures = {pool.submit(_run_job, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                collect(future.result())
            except Exception as exc:  # a worker died: its job's pages failed
                collect(
                    [
                        PageResult(page, f"worker failed: {_first_line(exc)}", 0.0)
                        for page in futures[future].pages
                    ]
                )
    return results


def static_images_env(keep_notebooks: bool) -> dict[str, str]:
    """Kernel environment for static chart images: only worth drawing for kept notebooks."""
    return {STATIC_ENV_VAR: "1" if keep_notebooks else "0"}
