"""Atomic file writes, so a reader (browser, CI artefact upload) never sees half a report.

Write to a temporary file in the target's directory, flush it to disk, then
``os.replace`` it over the target: on POSIX that rename is atomic.  Flushing to disk
(``fsync``) makes the new content survive a power cut; it costs ~0.4 s a file on a slow
disk, so pages that are rebuilt from the data anyway may skip it (``durable=False``):
readers still see the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    encoding: str = "utf-8",
    durable: bool = True,
) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    Parent directories are created.  On any failure the temporary file is removed
    and the previous content of ``path`` (if any) is left untouched.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(d / "a" / "x.txt", "喀什").read_text(encoding="utf-8")
    '喀什'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return target
