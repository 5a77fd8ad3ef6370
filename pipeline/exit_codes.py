"""The exit codes of `budget`, defined once: schedulers and scripts branch on them.

Every command returns one of these; `budget run` returns the worst of its steps.  They are
listed in `budget --help` (from `MEANINGS`) and in the README.
"""

from __future__ import annotations

EXIT_OK = 0
"""Every document was read and nothing failed."""
EXIT_FAILED = 1
"""An accounting identity of severity failure failed, or a report could not be built."""
EXIT_BAD_INPUT = 2
"""A document (or the folder of documents) could not be read; the others still went
through.  Also: a run that found no document refused to empty a clean store that holds
some (see `--allow-empty`), and a command asked of an optional extra that is not installed
(`--engine spark` without pyspark), as argparse's own usage errors."""
EXIT_GAPS = 3
"""Ingested with gaps: a document landed `partial` (a piece could not be read; its numbers
are in the `unplaced` table and the identities that need them are not_evaluated), and
nothing worse happened.  `budget run` ranks it below 2 and 1: unreadable input, then a
failure, then gaps."""
EXIT_INTERNAL = 70
"""An internal error, i.e. a bug (BSD sysexits' EX_SOFTWARE): shown with its traceback;
nothing half-written is left behind."""
EXIT_BUSY = 75
"""Another run held the lock on --clean or --reports for longer than `BUDGET_LOCK_WAIT`
seconds (sysexits' EX_TEMPFAIL): try again later."""

MEANINGS: dict[int, str] = {
    EXIT_OK: "ok",
    EXIT_FAILED: "an identity failed, or a report could not be built",
    EXIT_BAD_INPUT: "a document could not be read (or no document found: see --allow-empty)",
    EXIT_GAPS: "ingested with gaps: a document landed partial (see the unplaced table)",
    EXIT_INTERNAL: "internal error, a bug: shown with its traceback",
    EXIT_BUSY: "another run held the lock on --clean or --reports too long",
}


def describe() -> str:
    """The exit codes, one a line, for `--help`.

    >>> describe().splitlines()[0]
    '  0  ok'
    """
    return "\n".join(f"{code:>3}  {meaning}" for code, meaning in MEANINGS.items())
