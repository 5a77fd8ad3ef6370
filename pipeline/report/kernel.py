"""The kernel that executes report notebooks: this interpreter, this checkout, kept warm.

Why this exists: starting a kernel and importing Polars, Altair and the pipeline costs a
few seconds, more than running a report notebook's cells.  A :class:`WarmKernel` starts
one ipykernel and executes many notebooks in it, one after another, with nbclient, as a
fresh kernel would: before each notebook IPython's ``reset`` clears every variable, the
output history and the execution count, and the working directory and environment
variables are put back.  What stays is what makes it fast: imported modules, registered
fonts, Polars' thread pool.

The kernel runs ipykernel on ``sys.executable`` (no reliance on whatever ``python3``
kernelspec a machine happens to have), with this checkout first on ``PYTHONPATH`` so
notebooks import the same code as the builder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import zmq
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import default

from pipeline.report.bundle import BUILD_ENV_VAR
from pipeline.report.parameters import inject_parameters

KERNEL_NAME = "kashgar-budgets"
KERNEL_DISPLAY_NAME = "kashgar-budgets"
# Root of the checkout that holds this `pipeline` package; put on the kernel's
# PYTHONPATH so notebooks import the same code as the builder.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
RESTART_AFTER = 250
"""Notebooks a warm kernel runs before it is restarted: bounds what a leak could grow to."""


class ReportBuildError(RuntimeError):
    """A report could not be built (a cell failed, or the page is not self-contained)."""


def kernel_spec() -> KernelSpec:
    """A kernelspec that runs ipykernel on the current interpreter (``sys.executable``).

    Without IPython's input history: report kernels run side by side, and each notebook's
    fresh session would write to the one history database they share (SQLite: "database
    is locked").
    """
    return KernelSpec(
        argv=[
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            "--HistoryManager.enabled=False",
        ],
        display_name=KERNEL_DISPLAY_NAME,
        language="python",
        metadata={"debugger": True, "supported_encryption": ["curve"]},
    )


class _CurrentInterpreterKernelSpecs(KernelSpecManager):
    """Resolves ``kashgar-budgets`` in memory; other names are looked up as usual."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        if kernel_name == KERNEL_NAME:
            return kernel_spec()
        try:
            return super().get_kernel_spec(kernel_name)
        except NoSuchKernel:
            raise
        except Exception as exc:  # pragma: no cover - defensive
            raise NoSuchKernel(kernel_name) from exc


class _KernelManager(AsyncKernelManager):
    @default("transport_encryption")
    def _default_transport_encryption(self) -> str:
        # Encrypt the local kernel channels when pyzmq can (quiets ipykernel's warning).
        return "auto" if zmq.has("curve") else "disabled"

    @default("kernel_spec_manager")
    def _default_kernel_spec_manager(self) -> KernelSpecManager:
        return _CurrentInterpreterKernelSpecs(data_dir=self.data_dir)


def install_kernelspec(*, prefix: str | None = None, user: bool = False) -> str:
    """Install the ``kashgar-budgets`` kernelspec (for JupyterLab); return its directory.

    Default location is ``sys.prefix`` (the venv), as ``make lab`` does.
    Report builds do not need this: they resolve the kernel in memory.
    """
    from ipykernel.kernelspec import install

    return install(
        kernel_name=KERNEL_NAME,
        display_name=KERNEL_DISPLAY_NAME,
        user=user,
        prefix=None if user else (prefix or sys.prefix),
    )


def kernel_environment(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for the report kernel: ours, plus overrides, plus build markers."""
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (overrides or {}).items()})
    env[BUILD_ENV_VAR] = "1"
    paths = [str(PROJECT_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


# Run (silently, outside the history) before each notebook.  `reset` clears the user
# namespace, the output cache and the execution count (and collects the garbage); the rest
# undoes what a notebook may have changed in the process.  `gc.freeze()` then moves what
# survived (modules, fonts, caches) out of the collector's sight: the next reset's full
# collection walks only the objects the next notebook made (0.3 s a reset otherwise).
_FRESH = """\
get_ipython().reset(new_session=True)
import gc as _kashgar_gc
_kashgar_gc.freeze()
del _kashgar_gc
import os as _kashgar_os
_kashgar_os.chdir({cwd!r})
_kashgar_os.environ.clear()
_kashgar_os.environ.update({env!r})
del _kashgar_os
"""


class WarmKernel:
    """One kernel executing many notebooks in turn, each as if in a fresh kernel.

    ``cwd`` is the notebooks' working directory, ``env`` overrides the inherited
    environment (e.g. data-directory variables).  Use as a context manager, or call
    :meth:`shutdown`.  After ``restart_after`` notebooks, or when a notebook timed out or
    killed the kernel, the next notebook gets a new kernel.
    """

    def __init__(
        self,
        *,
        cwd: str | os.PathLike[str],
        env: Mapping[str, str] | None = None,
        timeout: int = 600,
        kernel_name: str = KERNEL_NAME,
        restart_after: int | None = RESTART_AFTER,
    ) -> None:
        self.cwd = str(Path(cwd).resolve())
        self.env = kernel_environment(env)
        self.timeout = timeout
        self.kernel_name = kernel_name
        self.restart_after = restart_after
        self.notebooks_run = 0
        self.kernels_started = 0
        self._starter: NotebookClient | None = None

    def _client(self, nb: NotebookNode, km: AsyncKernelManager | None = None) -> NotebookClient:
        # A client given `km` does not own the kernel: it leaves it running when done.
        return NotebookClient(
            nb,
            km=km,
            timeout=self.timeout,
            kernel_name=self.kernel_name,
            kernel_manager_class=_KernelManager,
            resources={"metadata": {"path": self.cwd}},
            allow_errors=False,
            record_timing=False,
        )

    def start(self) -> None:
        """Start the kernel (done by the first :meth:`run` if not called)."""
        if self._starter is not None:
            return
        starter = self._client(nbformat.v4.new_notebook())
        starter.km = starter.create_kernel_manager()
        run_sync(starter.async_start_new_kernel)(env=self.env)
        try:
            run_sync(starter.async_start_new_kernel_client)()
        except BaseException:
            run_sync(starter._async_cleanup_kernel)()
            raise
        self._starter = starter
        self.kernels_started += 1
        self.notebooks_run = 0

    def shutdown(self) -> None:
        """Stop the kernel (idempotent)."""
        starter, self._starter = self._starter, None
        if starter is not None:
            run_sync(starter._async_cleanup_kernel)()

    def __enter__(self) -> WarmKernel:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def _fresh_namespace(self, starter: NotebookClient) -> None:
        assert starter.kc is not None
        code = _FRESH.format(cwd=self.cwd, env=self.env)
        msg_id = starter.kc.execute(code, silent=True, store_history=False)
        reply = run_sync(starter.async_wait_for_reply)(msg_id)
        if reply is None or reply["content"].get("status") != "ok":
            content = reply["content"] if reply else {}
            raise ReportBuildError(f"could not reset the kernel: {content.get('evalue', '')}")

    def run(
        self,
        notebook: NotebookNode,
        parameters: Mapping[str, Any] | None = None,
        *,
        label: str = "<notebook>",
    ) -> NotebookNode:
        """Execute a copy of ``notebook`` with ``parameters`` injected; return the copy.

        A failing cell raises :class:`ReportBuildError` naming ``label`` (chained to
        nbclient's error); the kernel stays usable for the next notebook.
        """
        if self.restart_after is not None and self.notebooks_run >= self.restart_after:
            self.shutdown()
        self.start()
        starter = self._starter
        assert starter is not None
        nb = nbformat.from_dict(notebook)
        if parameters:
            inject_parameters(nb, parameters)
        try:
            self._fresh_namespace(starter)
        except ReportBuildError:  # the kernel's fault, not the notebook's: one new kernel
            self.shutdown()
            self.start()
            starter = self._starter
            assert starter is not None
            self._fresh_namespace(starter)
        client = self._client(nb, starter.km)
        client.kc = starter.kc
        self.notebooks_run += 1
        try:
            client.execute()
        except CellExecutionError as exc:
            raise ReportBuildError(
                f"{label}: a cell failed: {exc.ename}: {exc.evalue}\n{exc}"
            ) from exc
        except (CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError) as exc:
            self.shutdown()  # the kernel may still be busy, or gone: the next run starts anew
            raise ReportBuildError(f"{label}: {type(exc).__name__}: {exc}") from exc
        nb.metadata["kernelspec"] = {
            "name": self.kernel_name,
            "display_name": KERNEL_DISPLAY_NAME,
            "language": "python",
        }
        return nb


def execute_notebook(
    notebook: str | os.PathLike[str] | NotebookNode,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: int = 600,
    kernel_name: str = KERNEL_NAME,
) -> NotebookNode:
    """Run one notebook top to bottom in a new kernel, with ``parameters`` injected.

    ``cwd`` defaults to the notebook's directory (the notebooks dir).  ``env``
    entries override the inherited environment (e.g. data-directory variables).
    A failing cell raises :class:`ReportBuildError` (chained to nbclient's error).
    """
    if isinstance(notebook, NotebookNode):
        nb, label, default_cwd = notebook, "<notebook>", Path.cwd()
    else:
        path = Path(notebook)
        nb = nbformat.read(path, as_version=4)
        label, default_cwd = str(path), path.resolve().parent
    with WarmKernel(
        cwd=cwd if cwd is not None else default_cwd,
        env=env,
        timeout=timeout,
        kernel_name=kernel_name,
    ) as kernel:
        return kernel.run(nb, parameters, label=label)
