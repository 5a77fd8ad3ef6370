"""Year-on-year changes and shares stated in the narrative (第三部分).

Every clause "…比上年预算增加/减少 X 万元，增长/下降 Y%" becomes a `narrative_changes` row and
every "占 X%" a `narrative_shares` row.  The subject and its 2024 amount are read from the
text before the clause in the same sentence ("基本支出 2,103.44 万元，占 41.49%，比上年…",
"…行政运行（项）：2024 年预算数为 1,601.08 万元，比上年…"); when the clause names no amount
(the 三公 paragraph: "公务用车运行费减少 23.10 万元…"), the amount is the one an earlier
sentence of the same section states for that subject, and `amount_line` says where.

Subjects: the printed label with the unit name, the year and a trailing 预算/预算数为/财政拨款预算
removed (机关运行经费财政拨款预算 → 机关运行经费); a 类/款/项 path is named by its last level and
coded from the edition's code tables (2, 3 and 5 in the 2024 edition).  Numbers inside
reason texts ("新增…预算 1962 万元") are returned as `ReasonNumber`s for
`pipeline.parse.facts`, so that they are placed, not dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.memo import per_document
from pipeline.parse.narrative_codes import FunctionalCodes, functional_codes
from pipeline.parse.narrative_text import (
    LOOSE,
    NarrativeLine,
    Position,
    narrative_lines,
    narrative_numbers,
    normalise,
    read_number,
    scan_numbers,
)
from pipeline.parse.sections import Layout
from pipeline.reader import RawDocument
from pipeline.text import clean_name

__all__ = ["NarrativeRecords", "ReasonNumber", "narrative_numbers", "narrative_records",
           "parse_narrative", "subject_of"]

CHANGE = re.compile(
    rf"(?:比上年(?:预算)?)?(?P<dir>增加|减少)(?P<change>{LOOSE})万元,"
    rf"(?P<pdir>增长|下降)(?P<pct>{LOOSE})%")
"""A year-on-year clause in normalised text."""

_SHARE = re.compile(rf"占(?P<pct>{LOOSE})%")
_REASON = re.compile(r"[,。;]?主要原因(?:是|为|:)?(?P<reason>[^;。]*)")
_AMOUNT_TAIL = re.compile(rf"^(?P<label>.*?)(?P<amount>{LOOSE})万元,?(?:占(?P<pct>{LOOSE})%,?)?$")
_STATED = re.compile(rf"(?:^|(?<=[,;:。]))(?P<label>[^,;:。]*?)(?P<amount>{LOOSE})万元")
_ITEM_MARK = re.compile(r"^(?:[,;:、]|其中:|\d+[、.](?!\d)|\(\d+\)|\([一二三四五六七八九十]+\))+")
_YEAR = re.compile(r"^(?:\d{4}年(?:度)?(?:的)?)+")
_LEVEL = re.compile(r"\((类|款|项)\)")
_BUDGET_SUFFIX = re.compile(r"(?:财政拨款预算|预算数为|预算数|预算为)$")
_FUNDS_BUDGET_SUFFIX = re.compile(r"预算(?<=经费预算)$")  # led by 预算: the engine skips to it
_REASON_NUMBER = re.compile(
    rf"(?:^|(?<=[,;:、]))(?P<label>[^,;:、]*?)(?P<n>{LOOSE})"
    r"(?P<unit>万元|%|平方米|辆|人|名|个|台|套)(?P<after>[^,;:、。\d]*)")
_COUNT_UNITS = {"辆", "人", "名", "个", "台", "套", "平方米"}


def subject_of(label: str, unit: str = "") -> str:
    """The subject a printed label speaks of.

    >>> subject_of("新疆某单位2024年的机关运行经费财政拨款预算", "新疆某单位")
    '机关运行经费'
    >>> subject_of("2024年财政拨款“三公”经费预算"), subject_of("其中:因公出国(境)费")
    ('财政拨款“三公”经费', '因公出国（境）费')
    >>> subject_of("一般公共预算")
    '一般公共预算'
    """
    return _subject(label.replace(normalise(unit), "").strip() if unit else label)


@lru_cache(maxsize=1 << 14)
def _subject(text: str) -> str:
    """`subject_of` a label with the unit name removed; remembered, since such labels recur
    from document to document (with the unit name, every document's label is new)."""
    text = _ITEM_MARK.sub("", text)
    text = _YEAR.sub("", text)
    text = _BUDGET_SUFFIX.sub("", text)
    text = _FUNDS_BUDGET_SUFFIX.sub("", text)
    return clean_name(text)


class ReasonNumber(NamedTuple):
    """A number inside a change's reason text, placed as a fact by `pipeline.parse.facts`."""

    line: int
    section: str | None
    subject: str
    label: str
    value: Decimal
    unit: str
    start: int


@dataclass
class NarrativeRecords:
    """What the narrative parser read, with the positions of every number it placed."""

    changes: list[dict] = field(default_factory=list)
    shares: list[dict] = field(default_factory=list)
    reasons: list[ReasonNumber] = field(default_factory=list)
    placed: set[Position] = field(default_factory=set)


class _Subject(NamedTuple):
    subject: str
    code: str | None
    amount: Decimal | None
    amount_start: int | None
    share: Decimal | None
    share_start: int | None


def _subject_and_code(doc: RawDocument, item: NarrativeLine, label: str, unit: str,
                      codes: FunctionalCodes) -> tuple[str, str | None]:
    """Subject and code of a label; a 类/款/项 path is coded from the tables."""
    parts = _LEVEL.split(label)
    if len(parts) == 1:
        return subject_of(label, unit), None
    names = [subject_of(name, unit) for name in parts[0:-1:2]]
    levels = parts[1::2]
    if levels != ["类", "款", "项"][: len(levels)]:
        raise ParseError(doc.source, item.line, "a path 名称（类）名称（款）名称（项）", label)
    code = codes.code(tuple(names))
    if code is None:
        raise ParseError(doc.source, item.line,
                         f"a 类/款/项 path that {codes.described()} list with a code",
                         "/".join(names))
    return names[-1], code


def _read_prefix(doc: RawDocument, item: NarrativeLine, start: int, prefix: str, unit: str,
                 codes: FunctionalCodes) -> _Subject:
    """Subject, amount and share printed before a clause; `start` is the prefix's offset."""
    stripped = _ITEM_MARK.sub("", prefix)
    offset = start + len(prefix) - len(stripped)
    match = _AMOUNT_TAIL.match(stripped)
    if match is None:
        subject, code = _subject_and_code(doc, item, stripped.rstrip(","), unit, codes)
        return _Subject(subject, code, None, None, None, None)
    subject, code = _subject_and_code(doc, item, match.group("label"), unit, codes)
    amount = read_number(doc, item.line, match.group("amount"))
    share = read_number(doc, item.line, match.group("pct")) if match.group("pct") else None
    return _Subject(subject, code, amount, offset + match.start("amount"), share,
                    offset + match.start("pct") if share is not None else None)


def _segment_start(text: str, end: int, floor: int) -> int:
    """Where the clause ending at `end` begins: after the last 。 or ; (or `floor`)."""
    cut = max(text.rfind("。", 0, end), text.rfind(";", 0, end))
    return max(cut + 1, floor)


def _stated_amounts(doc: RawDocument, lines: list[NarrativeLine], unit: str,
                    known: dict[int, list[tuple[str, Decimal]]]
                    ) -> dict[str, tuple[Decimal, int]]:
    """Subject → (amount, line) of every "label X 万元" in `lines`, later lines winning.

    `known` remembers each line's statements (by line number) for the document's next call.
    """
    stated: dict[str, tuple[Decimal, int]] = {}
    for item in lines:
        found = known.get(item.line)
        if found is None:
            found = known[item.line] = _line_statements(doc, item, unit)
        for subject, amount in found:
            stated[subject] = (amount, item.line)
    return stated


def _line_statements(doc: RawDocument, item: NarrativeLine, unit: str
                     ) -> list[tuple[str, Decimal]]:
    """(subject, amount) of every "label X 万元" on one line, in order."""
    found = []
    for match in _STATED.finditer(item.text):
        subject = subject_of(match.group("label"), unit)
        if subject:
            found.append((subject, read_number(doc, item.line, match.group("amount"))))
    return found


def _reason_numbers(doc: RawDocument, item: NarrativeLine, subject: str, reason: str,
                    start: int) -> list[ReasonNumber]:
    found = []
    for match in _REASON_NUMBER.finditer(reason):
        unit = match.group("unit")
        places = 2 if unit in ("万元", "%") else None
        label = _YEAR.sub("", match.group("label"))
        if unit in _COUNT_UNITS:
            label += match.group("after")
        found.append(ReasonNumber(item.line, item.section, subject, clean_name(label),
                                  read_number(doc, item.line, match.group("n"), places), unit,
                                  start + match.start("n")))
    return found


def _read_changes(doc: RawDocument, lines: list[NarrativeLine], index: int, unit: str,
                  codes: FunctionalCodes, records: NarrativeRecords,
                  known: dict[int, list[tuple[str, Decimal]]]) -> None:
    item = lines[index]
    text = item.text
    floor = 0
    for match in CHANGE.finditer(text):
        start = _segment_start(text, match.start(), floor)
        subject = _read_prefix(doc, item, start, text[start: match.start()], unit, codes)
        amount, amount_line = subject.amount, None
        if amount is None:
            earlier = [x for x in lines[: index + 1] if x.section == item.section]
            stated = _stated_amounts(doc, earlier, unit, known)
            if subject.subject not in stated:
                raise ParseError(doc.source, item.line,
                                 f"an amount for '{subject.subject}' in this sentence or an "
                                 f"earlier one of section {item.section}", text[start:match.end()])
            amount, amount_line = stated[subject.subject]
            amount_line = None if amount_line == item.line else amount_line
        else:
            records.placed.add((item.line, subject.amount_start))
        change = read_number(doc, item.line, match.group("change"))
        pct = read_number(doc, item.line, match.group("pct"))
        if match.group("dir") == "减少":
            change = -change
        if match.group("pdir") == "下降":
            pct = -pct
        records.placed.update({(item.line, match.start("change")),
                               (item.line, match.start("pct"))})
        floor = match.end()
        reason = None
        found = _REASON.match(text, match.end())
        if found and found.group("reason"):
            reason = clean_name(found.group("reason"))
            records.reasons += _reason_numbers(doc, item, subject.subject, found.group("reason"),
                                               found.start("reason"))
            floor = found.end()
        records.changes.append({
            "section": item.section, "subject": subject.subject, "code": subject.code,
            "amount": amount, "change": change, "change_pct": pct,
            "prior_amount": amount - change, "reason": reason, "amount_line": amount_line,
            "line": item.line,
        })


def _read_shares(doc: RawDocument, item: NarrativeLine, layout: Layout,
                 codes: FunctionalCodes, records: NarrativeRecords) -> None:
    unit = layout.unit
    text = item.text
    floor = 0
    for match in _SHARE.finditer(text):
        start = _segment_start(text, match.start(), floor)
        subject = _read_prefix(doc, item, start, text[start: match.start()], unit, codes)
        if subject.amount is None:
            raise ParseError(doc.source, item.line, "an amount 'X 万元' before '占 Y%'",
                             text[start: match.end()])
        pct = read_number(doc, item.line, match.group("pct"))
        group = ("class" if subject.code and len(subject.code) == 3
                 else _share_group(layout, item.section))
        records.placed.update({(item.line, subject.amount_start), (item.line, match.start("pct"))})
        floor = match.end()
        records.shares.append({
            "section": item.section, "share_group": group, "subject": subject.subject,
            "code": subject.code, "amount": subject.amount, "share_pct": pct, "line": item.line,
        })


def _share_group(layout: Layout, numeral: str | None) -> str | None:
    """The group of shares that make 100% in a section, as its edition declares it."""
    section = layout.template.section(layout.section_role(numeral) or "")
    return section.share_group if section else None


@per_document
def narrative_records(doc: RawDocument, layout: Layout) -> NarrativeRecords:
    """Changes, shares and reason numbers of the narrative, with the positions they placed."""
    lines = narrative_lines(doc, layout)
    scan_numbers(doc, lines)  # malformed numbers anywhere in scope are errors
    codes = functional_codes(doc, layout)
    records = NarrativeRecords()
    known: dict[int, list[tuple[str, Decimal]]] = {}
    for index, item in enumerate(lines):
        text = item.text
        if "增加" in text or "减少" in text:  # CHANGE needs one of them
            _read_changes(doc, lines, index, layout.unit, codes, records, known)
        if "占" in text:  # _SHARE needs it
            _read_shares(doc, item, layout, codes, records)
    for number in records.reasons:
        records.placed.add((number.line, number.start))
    return records


def parse_narrative(doc: RawDocument, layout: Layout) -> dict[str, list[dict]]:
    """`narrative_changes` and `narrative_shares` rows of one document."""
    records = narrative_records(doc, layout)
    role = layout.section_role
    return {"narrative_changes": [{**row, "section_role": role(row["section"])}
                                  for row in records.changes],
            "narrative_shares": [{**row, "section_role": role(row["section"])}
                                 for row in records.shares]}
