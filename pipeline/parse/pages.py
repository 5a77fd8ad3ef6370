"""Page-number lines an extraction leaves between paragraphs or between the rows of a table
split across pages: `— 5 —`, `- 5 -`, `第 5 页 共 30 页`, `5 / 30` or a bare number.

They are presentation, not content: blanked before anything is parsed (line numbers stay
as printed), so that none is ever read as a figure or taken for a table row.  A bare number
counts as a page number when it stands alone on its line with at most three digits and no
decimal point or separator — a figure always stands in a sentence or a table row.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.reader import RawDocument

_DIGITS = "[0-9０-９]{1,4}"
_DASH = "[-—–－―~～]"
_PAGE = re.compile(
    rf"^[^\S\n]*(?:{_DASH}+[^\S\n]*{_DIGITS}[^\S\n]*{_DASH}+"
    rf"|第[^\S\n]*{_DIGITS}[^\S\n]*页[^\S\n]*(?:[,，/][^\S\n]*)?(?:共[^\S\n]*{_DIGITS}[^\S\n]*页)?"
    rf"|共[^\S\n]*{_DIGITS}[^\S\n]*页[^\S\n]*第[^\S\n]*{_DIGITS}[^\S\n]*页"
    rf"|{_DIGITS}[^\S\n]*/[^\S\n]*{_DIGITS}"
    rf"|[0-9０-９]{{1,3}})[^\S\n]*$",
    re.MULTILINE,
)


def page_number_lines(doc: RawDocument) -> list[int]:
    """The 1-based lines that hold only a page number.

    >>> doc = RawDocument("a.txt", ("表 1", "— 5 —", "201\\t3.69", "第 5 页 共 30 页", "12",
    ...                             "12.50", "- ６ -", "5 / 30"), "", "utf-8")
    >>> page_number_lines(doc)
    [2, 4, 5, 7, 8]
    """
    text = "\n".join(doc.lines)
    found, line, counted = [], 1, 0
    for match in _PAGE.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.append(line)
    return found


def without_page_numbers(doc: RawDocument) -> RawDocument:
    """The document with its page-number lines blanked (the same object when it has none)."""
    found = page_number_lines(doc)
    if not found:
        return doc
    lines = list(doc.lines)
    for number in found:
        lines[number - 1] = ""
    return replace(doc, lines=tuple(lines))
