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
)
from pipeline.parse.sections import Layout
from pipeline.reader import RawDocument
from pipeline.template import DEFAULT_TEMPLATE, Wording
from pipeline.text import clean_name

__all__ = [
    "CHANGE",
    "Failure",
    "NarrativeRecords",
    "ReasonNumber",
    "narrative_numbers",
    "narrative_records",
    "subject_of",
]

CHANGE = DEFAULT_TEMPLATE.wording.change
"""A year-on-year clause in normalised text, in the words of the default edition (each
edition's are `Template.wording.change`)."""

_SHARE = re.compile(rf"占(?P<pct>{LOOSE})%")
_AMOUNT_TAIL = re.compile(rf"^(?P<label>.*?)(?P<amount>{LOOSE})万元,?(?:占(?P<pct>{LOOSE})%,?)?$")
_STATED = re.compile(rf"(?:^|(?<=[,;:。]))(?P<label>[^,;:。]*?)(?P<amount>{LOOSE})万元")
_ITEM_MARK = re.compile(r"^(?:[,;:、]|其中:|\d+[、.](?!\d)|\(\d+\)|\([一二三四五六七八九十]+\))+")
_YEAR = re.compile(r"^(?:\d{4}年(?:度)?(?:的)?)+")
_LEVEL = re.compile(r"\((类|款|项)\)")
_BUDGET_SUFFIX = re.compile(r"(?:财政拨款预算|预算数为|预算数|预算为)$")
_FUNDS_BUDGET_SUFFIX = re.compile(r"预算(?<=经费预算)$")  # led by 预算: the engine skips to it
_REASON_NUMBER = re.compile(
    rf"(?:^|(?<=[,;:、]))(?P<label>[^,;:、]*?)(?P<n>{LOOSE})"
    r"(?P<unit>万元|%|平方米|辆|人|名|个|台|套)(?P<after>[^,;:、。\d]*)"
)
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


class Failure(NamedTuple):
    """Something a reader could not read: the line and offset (in the normalised line) it
    stands at, and why.  The sentence holding it is then not read at all."""

    line: int
    start: int
    error: ParseError


@dataclass
class NarrativeRecords:
    """What the narrative readers read: changes and shares, each with the positions of the
    numbers it stands on, the numbers inside reasons, and what they could not read."""

    changes: list[dict] = field(default_factory=list)
    change_positions: list[tuple[Position, ...]] = field(default_factory=list)
    shares: list[dict] = field(default_factory=list)
    share_positions: list[tuple[Position, ...]] = field(default_factory=list)
    reasons: list[ReasonNumber] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def placed(self) -> set[Position]:
        """Every position a change, a share or a reason number stands on."""
        found = {p for ps in (*self.change_positions, *self.share_positions) for p in ps}
        return found | {(number.line, number.start) for number in self.reasons}


class _Subject(NamedTuple):
    subject: str
    code: str | None
    amount: Decimal | None
    amount_start: int | None
    share: Decimal | None
    share_start: int | None


def _subject_and_code(
    doc: RawDocument, item: NarrativeLine, label: str, unit: str, codes: FunctionalCodes
) -> tuple[str, str | None]:
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
        raise ParseError(
            doc.source,
            item.line,
            f"a 类/款/项 path that {codes.described()} list with a code",
            "/".join(names),
        )
    return names[-1], code


def _read_prefix(
    doc: RawDocument,
    item: NarrativeLine,
    start: int,
    prefix: str,
    unit: str,
    codes: FunctionalCodes,
) -> _Subject:
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
    return _Subject(
        subject,
        code,
        amount,
        offset + match.start("amount"),
        share,
        offset + match.start("pct") if share is not None else None,
    )


def _segment_start(text: str, end: int, floor: int) -> int:
    """Where the clause ending at `end` begins: after the last 。 or ; (or `floor`)."""
    cut = max(text.rfind("。", 0, end), text.rfind(";", 0, end))
    return max(cut + 1, floor)


Statement = tuple[str, Decimal, int]
"""(subject, amount, offset of the amount) of a "label X 万元" statement."""


def _stated_amounts(
    doc: RawDocument, lines: list[NarrativeLine], unit: str, known: dict[int, list[Statement]]
) -> dict[str, tuple[Decimal, Position]]:
    """Subject → (amount, position) of every "label X 万元" in `lines`, later lines winning.

    `known` remembers each line's statements (by line number) for the document's next call.
    """
    stated: dict[str, tuple[Decimal, Position]] = {}
    for item in lines:
        found = known.get(item.line)
        if found is None:
            found = known[item.line] = _line_statements(doc, item, unit)
        for subject, amount, start in found:
            stated[subject] = (amount, (item.line, start))
    return stated


def _line_statements(doc: RawDocument, item: NarrativeLine, unit: str) -> list[Statement]:
    """(subject, amount, offset) of every "label X 万元" on one line, in order."""
    found = []
    for match in _STATED.finditer(item.text):
        subject = subject_of(match.group("label"), unit)
        if subject:
            found.append(
                (subject, read_number(doc, item.line, match.group("amount")), match.start("amount"))
            )
    return found


def _reason_numbers(
    doc: RawDocument, item: NarrativeLine, subject: str, reason: str, start: int
) -> list[ReasonNumber]:
    found = []
    for match in _REASON_NUMBER.finditer(reason):
        unit = match.group("unit")
        places = 2 if unit in ("万元", "%") else None
        label = _YEAR.sub("", match.group("label"))
        if unit in _COUNT_UNITS:
            label += match.group("after")
        found.append(
            ReasonNumber(
                item.line,
                item.section,
                subject,
                clean_name(label),
                read_number(doc, item.line, match.group("n"), places),
                unit,
                start + match.start("n"),
            )
        )
    return found


def _read_changes(
    doc: RawDocument,
    lines: list[NarrativeLine],
    index: int,
    layout: Layout,
    codes: FunctionalCodes,
    records: NarrativeRecords,
    known: dict[int, list[Statement]],
) -> None:
    """Every year-on-year clause of `lines[index]`; a clause that cannot be read is a
    `Failure` of its sentence, the others are still read."""
    item = lines[index]
    text = item.text
    wording = layout.template.wording
    floor = 0
    for match in wording.change.finditer(text):
        try:
            floor = _read_change(
                doc, lines, index, layout.unit, codes, records, known, match, floor, wording
            )
        except ParseError as error:
            records.failures.append(Failure(item.line, match.start(), error))
            floor = match.end()


def _read_change(
    doc: RawDocument,
    lines: list[NarrativeLine],
    index: int,
    unit: str,
    codes: FunctionalCodes,
    records: NarrativeRecords,
    known: dict[int, list[Statement]],
    match: re.Match[str],
    floor: int,
    wording: Wording,
) -> int:
    """One clause → a `narrative_changes` row (and its reason's numbers); returns where the
    next clause's subject may begin."""
    item = lines[index]
    text = item.text
    start = _segment_start(text, match.start(), floor)
    subject = _read_prefix(doc, item, start, text[start : match.start()], unit, codes)
    amount, amount_line = subject.amount, None
    if amount is None:
        earlier = [x for x in lines[: index + 1] if x.section == item.section]
        stated = _stated_amounts(doc, earlier, unit, known)
        if subject.subject not in stated:
            raise ParseError(
                doc.source,
                item.line,
                f"an amount for '{subject.subject}' in this sentence or an "
                f"earlier one of section {item.section}",
                text[start : match.end()],
            )
        amount, at = stated[subject.subject]
        amount_line = None if at[0] == item.line else at[0]
    else:
        at = (item.line, subject.amount_start)
    positions = [at]
    if match.group("same"):  # said in words: no change
        change, pct = Decimal("0.00"), Decimal("0.00")
    else:
        change = read_number(doc, item.line, match.group("change"))
        pct = read_number(doc, item.line, match.group("pct"))
        change *= wording.sign(match.group("dir"))
        pct *= wording.sign(match.group("pdir"))
        positions += [(item.line, match.start("change")), (item.line, match.start("pct"))]
    if subject.share_start is not None:
        positions.append((item.line, subject.share_start))
    floor = match.end()
    reason = None
    found = wording.reason_lead.match(text, match.end())
    if found and found.group("reason"):
        reason = clean_name(found.group("reason"))
        records.reasons += _reason_numbers(
            doc, item, subject.subject, found.group("reason"), found.start("reason")
        )
        floor = found.end()
    records.changes.append(
        {
            "section": item.section,
            "subject": subject.subject,
            "code": subject.code,
            "amount": amount,
            "change": change,
            "change_pct": pct,
            "prior_amount": amount - change,
            "reason": reason,
            "amount_line": amount_line,
            "line": item.line,
        }
    )
    records.change_positions.append(tuple(positions))
    return floor


def _read_shares(
    doc: RawDocument,
    item: NarrativeLine,
    layout: Layout,
    codes: FunctionalCodes,
    records: NarrativeRecords,
) -> None:
    unit = layout.unit
    text = item.text
    floor = 0
    for match in _SHARE.finditer(text):
        start = _segment_start(text, match.start(), floor)
        floor = match.end()
        try:
            subject = _read_prefix(doc, item, start, text[start : match.start()], unit, codes)
            if subject.amount is None:
                raise ParseError(
                    doc.source,
                    item.line,
                    "an amount 'X 万元' before '占 Y%'",
                    text[start : match.end()],
                )
            pct = read_number(doc, item.line, match.group("pct"))
        except ParseError as error:
            records.failures.append(Failure(item.line, match.start(), error))
            continue
        group = (
            "class"
            if subject.code and len(subject.code) == 3
            else _share_group(layout, item.section)
        )
        records.shares.append(
            {
                "section": item.section,
                "share_group": group,
                "subject": subject.subject,
                "code": subject.code,
                "amount": subject.amount,
                "share_pct": pct,
                "line": item.line,
            }
        )
        records.share_positions.append(
            ((item.line, subject.amount_start), (item.line, match.start("pct")))
        )


def _share_group(layout: Layout, numeral: str | None) -> str | None:
    """The group of shares that make 100% in a section, as its edition declares it."""
    section = layout.template.section(layout.section_role(numeral) or "")
    return section.share_group if section else None


@per_document
def narrative_records(doc: RawDocument, layout: Layout) -> NarrativeRecords:
    """Changes, shares and reason numbers of the narrative, with the positions they stand on
    and what could not be read (see `pipeline.parse.facts.narrative_reading`)."""
    lines = narrative_lines(doc, layout)
    codes = functional_codes(doc, layout)
    records = NarrativeRecords()
    known: dict[int, list[Statement]] = {}
    words = layout.template.wording.change_words
    for index, item in enumerate(lines):
        text = item.text
        if any(word in text for word in words):  # a change clause needs one of them
            _read_changes(doc, lines, index, layout, codes, records, known)
        if "占" in text:  # _SHARE needs it
            _read_shares(doc, item, layout, codes, records)
    return records
