"""Errors that name the file, the line and what was expected, so bad input can be fixed.

Messages quote at most `QUOTE_AT_MOST` characters of a document's text: a 50 MB line must
never be copied whole into the manifest or the terminal.
"""

from __future__ import annotations

QUOTE_AT_MOST = 200
"""Characters of a document's text a message quotes; the rest is counted, not copied."""


def clip(text: str, limit: int = QUOTE_AT_MOST) -> str:
    """`text` cut to `limit` characters, saying how many were left out.

    >>> clip("短")
    '短'
    >>> clip("x" * 250, 10)
    'xxxxxxxxxx… (240 more characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


class ParseError(ValueError):
    """A document does not have the layout or values the parser relies on.

    `found` is quoted clipped to `QUOTE_AT_MOST` characters, `expected` (built by the
    parser, but it may name labels from the document) to three times that; the attributes
    keep both whole.

    >>> str(ParseError("data/raw/a.txt", 12, "an amount like 1,234.56", "12,3"))
    "data/raw/a.txt:12: expected an amount like 1,234.56, found '12,3'"
    >>> len(str(ParseError("a.txt", 1, "a title", "长" * 10**6))) < 300
    True
    """

    def __init__(self, source: str, line: int | None, expected: str, found: str | None = None):
        self.source = source
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{source}:{line}" if line else source
        message = f"{where}: expected {clip(expected, 3 * QUOTE_AT_MOST)}"
        if found is not None:
            message += f", found {clip(found)!r}"
        super().__init__(message)


class InputError(Exception):
    """The input as given cannot be used at all (not one document's problem): exit 2."""


class RawFolderMissing(InputError, FileNotFoundError):
    """The folder of raw documents does not exist."""


class EmptyRawFolder(InputError):
    """No document was found where the clean store holds some: the run refuses to empty it
    (a mistyped --raw must not wipe a store) unless told to with `--allow-empty`."""
