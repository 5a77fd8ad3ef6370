"""Each conversion in a child process with limits, a few at a time.

A hostile or broken PDF must cost one document, never the run: the child gets an address
space limit (a PDF that makes pdfminer allocate without end fails with MemoryError or is
killed), a CPU-time limit, and the parent kills it when the wall-clock limit passes.  The
page limit is checked before any page is read (`pipeline.pdf.document`).  Children are
forked from a server process that has imported the converter once, so each starts in
milliseconds with nothing of the parent's state.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.pdf.convert import MAX_PAGES, Conversion, convert_pdf
from pipeline.pdf.errors import PdfError

_PRELOAD = ["pipeline.pdf.convert"]


@dataclass(frozen=True)
class Limits:
    """What one conversion may take: wall-clock seconds, memory (MiB of address space)
    and pages."""

    seconds: float = 300.0
    memory_mb: int = 2_048
    max_pages: int = MAX_PAGES


class LimitExceeded(PdfError):
    """A conversion stopped by a resource limit (not kept in the cache: it may pass on a
    quieter machine or with other limits)."""


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _limit_resources(limits: Limits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.seconds) + 5  # a backstop: the parent kills at `seconds` wall-clock
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _child(connection: Connection, path: str, source: str, limits: Limits) -> None:
    """The child: convert, send ("ok", Conversion) or ("error", PdfError) or ("memory",)."""
    try:
        _limit_resources(limits)
        result: tuple = ("ok", convert_pdf(Path(path), source, limits.max_pages))
    except PdfError as exc:
        result = ("error", exc)
    except MemoryError:
        result = ("memory",)
    except Exception as exc:  # whatever breaks, the parent gets a message
        result = (
            "error",
            PdfError(source, None, "a PDF the converter can read", f"{type(exc).__name__}: {exc}"),
        )
    try:
        connection.send(result)
    except MemoryError:
        connection.send(("memory",))
    finally:
        connection.close()


def _ending(code: int | None) -> str:
    """How a child process ended, in words.

    >>> _ending(-9), _ending(1)
    ('killed by signal 9', 'exit code 1')
    """
    return f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"


def convert_isolated(
    path: Path, source: str | None = None, limits: Limits = Limits()
) -> Conversion:
    """Convert one PDF in a child process within `limits`; raises PdfError (LimitExceeded
    when a limit stopped it)."""
    source = source or str(path)
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, str(path), source, limits),
        name=f"pdf-convert {source}",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise LimitExceeded(
                source,
                None,
                f"a conversion within {limits.seconds:g} s",
                "a PDF still converting at the time limit (a PDF bomb?)",
            )
        try:
            result = receiver.recv()
        except EOFError:
            child.join(5)
            raise LimitExceeded(
                source,
                None,
                f"a conversion within {limits.memory_mb:,} MiB and {limits.seconds:g} s",
                f"a converting process that died without an answer ({_ending(child.exitcode)})",
            ) from None
    finally:
        receiver.close()
        child.join(1)
        if child.is_alive():
            child.kill()
            child.join()
    if result[0] == "memory":
        raise LimitExceeded(
            source,
            None,
            f"a conversion within {limits.memory_mb:,} MiB",
            "a PDF that needs more memory (a PDF bomb?)",
        )
    if result[0] == "error":
        raise result[1]
    return result[1]


def convert_many(
    items: Sequence[tuple[Path, str]], limits: Limits = Limits(), workers: int = 2
) -> Iterator[Conversion | PdfError]:
    """Convert many PDFs, `workers` children at a time; yields each result (a Conversion or
    the PdfError that rejected it) in the order of `items`."""

    def one(item: tuple[Path, str]) -> Conversion | PdfError:
        try:
            return convert_isolated(item[0], item[1], limits)
        except PdfError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        yield from pool.map(one, items)
