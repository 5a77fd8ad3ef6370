"""The document row: title, publication date, headcount and sub-offices from 第一部分.

The headcount sentence (编制数 …, 实有人数 …, 在职/退休/离休 … 增加/减少 …) is the only place the
document states its staff; every number on it must be read, or the parse fails.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import compress, repeat

from pipeline.errors import ParseError
from pipeline.parse.sections import Layout, folded_lines
from pipeline.reader import RawDocument
from pipeline.text import clean_name, fold

_QUOTA = re.compile(r"编制数\s*(\d+)\s*(?:人|名)?")
_ACTUAL = re.compile(r"实有人数\s*(\d+)\s*(?:人|名)")
_GROUP = re.compile(r"(在职|退休|离休)\s*(\d+)\s*(?:人|名)"
                    r"(?:\s*[,;]?\s*(增加|减少)\s*(\d+)\s*(?:人|名))?")
_SUB_OFFICES = re.compile(r"下设\s*(\d+)\s*个\s*([^\s,;:]{1,4}?)\s*[,;]\s*"
                          r"分别(?:是|为)\s*:?\s*(.*?)[。.]?\s*$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_GROUP_COLUMNS = {"在职": "staff_active", "退休": "staff_retired", "离休": "staff_retired_cadre"}


def _headcount_line(doc: RawDocument, layout: Layout) -> int:
    folded = folded_lines(doc)
    found = [n for n in layout.profile.numbers() if "编制数" in folded[n - 1]]
    if len(found) != 1:
        raise ParseError(doc.source, layout.profile.start,
                         "one headcount sentence '… 编制数 N，实有人数 N 人 …' in 第一部分",
                         f"{len(found)} such lines")
    return found[0]


def parse_headcount(doc: RawDocument, line: int) -> dict[str, int | None]:
    """Staff columns from the headcount sentence on `line`; every number must be placed.

    A group printed without a change (e.g. '离休 0 人。') gets a null change.
    """
    text = fold(doc.line(line))
    start = text.index("编制数")
    body = text[start:]
    quota, actual = _QUOTA.match(body), _ACTUAL.search(body)
    if not quota or not actual:
        raise ParseError(doc.source, line, "'编制数 N' and '实有人数 N 人'", doc.line(line).strip())
    row: dict[str, int | None] = {"staff_quota": int(quota.group(1)),
                                  "staff_actual": int(actual.group(1))}
    used = [quota.span(), actual.span()]
    for match in _GROUP.finditer(body):
        column = _GROUP_COLUMNS[match.group(1)]
        if column in row:
            raise ParseError(doc.source, line, f"'{match.group(1)}' once", match.group(0))
        row[column] = int(match.group(2))
        change = None
        if match.group(3):
            change = int(match.group(4)) * (-1 if match.group(3) == "减少" else 1)
        row[f"{column}_change"] = change
        used.append(match.span())
    leftover = _outside(body, used)
    if re.search(r"\d", leftover):
        raise ParseError(doc.source, line, "only 编制数, 实有人数 and 在职/退休/离休 counts "
                         "(a number the parser cannot place)", leftover.strip())
    for column in _GROUP_COLUMNS.values():
        row.setdefault(column, None)
        row.setdefault(f"{column}_change", None)
    return row


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """The characters of `text` that no span [start, end) covers.

    >>> _outside("编制数 5，实有人数 4 人。", [(0, 5), (6, 14), (2, 4)])
    '，。'
    """
    pieces, cut = [], 0
    for start, end in sorted(spans):
        if end <= start:
            continue  # covers nothing
        if start > cut:
            pieces.append(text[cut:start])
        cut = max(cut, end)
    pieces.append(text[cut:])
    return "".join(pieces)


def sub_offices(doc: RawDocument, layout: Layout) -> tuple[int, list[str], int] | None:
    """Printed count, listed names and line of '下设 N 个处室，分别是：A、B、…。'.

    None when the profile has no such sentence.
    """
    folded = folded_lines(doc)
    for number in layout.profile.numbers():
        match = _SUB_OFFICES.search(folded[number - 1])
        if match:
            names = [clean_name(n) for n in re.split(r"[、,]", match.group(3)) if n.strip()]
            return int(match.group(1)), names, number
    return None


def find_published(doc: RawDocument) -> tuple[date, int] | None:
    """The publication date: a line holding only a date (the signature under the glossary).

    Returns None when the document prints none; two different such dates are an error.
    """
    found: dict[date, int] = {}
    lines = folded_lines(doc)
    ends_in_day = map(str.endswith, lines, repeat("日"))  # a C-speed filter first
    for number in compress(range(1, len(lines) + 1), ends_in_day):
        match = _DATE_LINE.match(lines[number - 1])
        if match:
            text = doc.line(number)
            try:
                day = date(*(int(g) for g in match.groups()))
            except ValueError as exc:
                raise ParseError(doc.source, number, "a valid calendar date",
                                 text.strip()) from exc
            found.setdefault(day, number)
    if len(found) > 1:
        lines = sorted(found.values())
        raise ParseError(doc.source, lines[1], "one publication date line",
                         f"dates on lines {', '.join(map(str, lines))}")
    return next(iter(found.items()), None)


def parse_profile(doc: RawDocument, layout: Layout) -> dict[str, list[dict]]:
    """The one `documents` row of a disclosure; `line` is the headcount sentence."""
    line = _headcount_line(doc, layout)
    row: dict = {"title": layout.title, "template": layout.template.name}
    published = find_published(doc)
    row["published"] = published[0] if published else None
    row.update(parse_headcount(doc, line))
    offices = sub_offices(doc, layout)
    row["sub_offices"] = offices[0] if offices else None
    row.update(sha256=doc.sha256, encoding=doc.encoding, line=line)
    return {"documents": [row]}
