"""Comparing what the parser reads from a converted PDF with what it reads from the text."""

from __future__ import annotations

import re
from collections import Counter

# columns that say where a value was read (lines of different texts) or what file it was
IGNORED = {"source", "line", "amount_line", "sha256", "encoding"}
_SPACE = re.compile(r"\s+")


def comparable(records: dict[str, list[dict]]) -> dict[str, Counter]:
    """Every table's rows without provenance columns, text without whitespace (PDF lines
    wrap where the text had spaces); numbers, dates and codes as they are."""
    return {
        table: Counter(
            tuple(
                sorted(
                    (key, _SPACE.sub("", value) if isinstance(value, str) else value)
                    for key, value in row.items()
                    if key not in IGNORED
                )
            )
            for row in rows
        )
        for table, rows in records.items()
    }


def differences(want: dict[str, list[dict]], got: dict[str, list[dict]]) -> list[str]:
    """One line per table whose rows differ: how many are missing and extra, and the first."""
    expected, actual = comparable(want), comparable(got)
    problems = []
    for table in sorted(set(expected) | set(actual)):
        missing = expected.get(table, Counter()) - actual.get(table, Counter())
        extra = actual.get(table, Counter()) - expected.get(table, Counter())
        if missing or extra:
            problems.append(
                f"{table}: {sum(missing.values())} missing, "
                f"{sum(extra.values())} extra; first missing "
                f"{next(iter(missing), None)}, first extra {next(iter(extra), None)}"
            )
    return problems
