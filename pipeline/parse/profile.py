"""The document row: title, publication date, headcount and sub-offices from 第一部分.

The headcount sentence (编制数 …, 实有人数 …, 在职/退休/离休 … 增加/减少 …, in the words the
edition declares) is the only place the document states its staff; every number on it must
be read, or the sentence is not read at all (its numbers go to `unplaced`).
"""

from __future__ import annotations

import re
from datetime import date
from itertools import compress, repeat

from pipeline.errors import ParseError
from pipeline.parse.gaps import Unread, line_rows, settle
from pipeline.parse.memo import per_document
from pipeline.parse.sections import Layout, folded_lines
from pipeline.reader import RawDocument
from pipeline.template import BUDGET_WORDING, Wording
from pipeline.text import clean_name, fold

_SUB_OFFICES = re.compile(
    r"下设\s*(\d+)\s*个\s*([^\s,;:]{1,4}?)\s*[,;]\s*"
    r"分别(?:是|为)\s*:?\s*(.*?)[。.]?\s*$"
)
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_STAFF_COLUMNS = ("staff_active", "staff_retired", "staff_retired_cadre")


def _headcount_line(doc: RawDocument, layout: Layout) -> int:
    folded = folded_lines(doc)
    words = layout.template.wording.quota
    found = [n for n in layout.profile.numbers() if any(w in folded[n - 1] for w in words)]
    if len(found) != 1:
        raise ParseError(
            doc.source,
            found[1] if found else layout.profile.start,
            f"one headcount sentence '… {words[0]} N，实有人数 N 人 …' in 第一部分",
            f"{len(found)} such lines",
        )
    return found[0]


def parse_headcount(
    doc: RawDocument, line: int, wording: Wording = BUDGET_WORDING
) -> dict[str, int | None]:
    """Staff columns from the headcount sentence on `line`; every number must be placed.

    The groups are named in the edition's words (在职 / 在职人员, 退休 / 退休人员 …); a group
    printed without a change (e.g. '离休 0 人。') gets a null change, one said to be
    unchanged (与上年持平) a change of 0.
    """
    text = fold(doc.line(line))
    quota = wording.staff_quota.search(text)
    if quota is None:
        raise ParseError(doc.source, line, f"'{wording.quota[0]} N'", doc.line(line).strip())
    body = text[quota.start() :]
    actual = wording.staff_actual.search(body)
    if actual is None or not body.startswith(quota.group()):
        raise ParseError(
            doc.source,
            line,
            f"'{wording.quota[0]} N' and '{wording.actual[0]} N 人'",
            doc.line(line).strip(),
        )
    row: dict[str, int | None] = {
        "staff_quota": int(quota.group("n")),
        "staff_actual": int(actual.group("n")),
    }
    used = [(0, quota.end() - quota.start()), actual.span()]
    columns = wording.staff_columns
    for match in wording.staff_group.finditer(body):
        column = columns[match.group("word")]
        if column in row:
            raise ParseError(doc.source, line, f"'{match.group('word')}' once", match.group(0))
        row[column] = int(match.group("n"))
        change = None
        if match.group("dir"):
            change = int(match.group("delta")) * wording.sign(match.group("dir"))
        elif match.group("same"):
            change = 0
        row[f"{column}_change"] = change
        used.append(match.span())
    leftover = _outside(body, used)
    if re.search(r"\d", leftover):
        raise ParseError(
            doc.source,
            line,
            f"only {wording.quota[0]}, {wording.actual[0]} and "
            f"{'/'.join(columns)} counts (a number the parser cannot place)",
            leftover.strip(),
        )
    for column in _STAFF_COLUMNS:
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


@per_document
def budget_units(doc: RawDocument, layout: Layout) -> frozenset[str]:
    """The budget units a document's tables may group their rows under: its own (also as
    '…本级') and the subordinate units its profile lists ('下属预算单位 2 个，分别是：A、B。',
    in the edition's words); names `clean_name`d.  A listed count that the names do not
    match is an error."""
    units = {layout.unit, f"{layout.unit}本级"}
    pattern = layout.template.wording.subordinate_units
    folded = folded_lines(doc)
    for number in layout.profile.numbers():
        if "单位" not in folded[number - 1]:
            continue
        match = pattern.search(folded[number - 1])
        if match:
            names = [clean_name(n) for n in re.split(r"[、,]", match.group(2)) if n.strip()]
            if len(names) != int(match.group(1)):
                raise ParseError(
                    doc.source,
                    number,
                    f"{match.group(1)} unit names as listed",
                    f"{len(names)}: {'、'.join(names)}",
                )
            units.update(names)
    return frozenset(units)


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
                raise ParseError(doc.source, number, "a valid calendar date", text.strip()) from exc
            found.setdefault(day, number)
    if len(found) > 1:
        lines = sorted(found.values())
        raise ParseError(
            doc.source,
            lines[1],
            "one publication date line",
            f"dates on lines {', '.join(map(str, lines))}",
        )
    return next(iter(found.items()), None)


def parse_profile(doc: RawDocument, layout: Layout, strict: bool = True) -> dict[str, list[dict]]:
    """The one `documents` row of a disclosure; `line` is the headcount sentence.

    A headcount sentence that cannot be read leaves the staff columns null and its numbers
    in `unplaced` (not strict) — or raises (strict).
    """
    row: dict = {"title": layout.title, "template": layout.template.name}
    published = find_published(doc)
    row["published"] = published[0] if published else None
    unread: list[Unread] = []
    line = None
    try:
        line = _headcount_line(doc, layout)
        row.update(parse_headcount(doc, line, layout.template.wording))
    except ParseError as error:
        lines = (
            [line]
            if line
            else [
                n
                for n in layout.profile.numbers()
                if any(w in folded_lines(doc)[n - 1] for w in layout.template.wording.quota)
            ]
        )
        unread.append(
            Unread(error, line_rows("profile", None, [(n, doc.line(n)) for n in lines], error))
        )
        row.update(
            {c: None for column in _STAFF_COLUMNS for c in (column, f"{column}_change")},
            staff_quota=None,
            staff_actual=None,
        )
    offices = sub_offices(doc, layout)
    row["sub_offices"] = offices[0] if offices else None
    row.update(
        status="partial" if unread else "complete",
        sha256=doc.sha256,
        encoding=doc.encoding,
        line=line or unread_line(unread) or layout.profile.start,
    )
    return {"documents": [row], "unplaced": settle(unread, strict)}


def unread_line(unread: list[Unread]) -> int | None:
    """The line of the first piece not read (for a row that needs a line)."""
    return unread[0].error.line if unread else None
