"""Errors that name the file, the line and what was expected, so bad input can be fixed."""

from __future__ import annotations


class ParseError(ValueError):
    """A document does not have the layout or values the parser relies on.

    >>> str(ParseError("data/raw/a.txt", 12, "an amount like 1,234.56", "12,3"))
    "data/raw/a.txt:12: expected an amount like 1,234.56, found '12,3'"
    """

    def __init__(self, source: str, line: int | None, expected: str, found: str | None = None):
        self.source = source
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{source}:{line}" if line else source
        message = f"{where}: expected {expected}"
        if found is not None:
            message += f", found {found!r}"
        super().__init__(message)
