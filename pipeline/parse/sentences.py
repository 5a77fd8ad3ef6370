"""The narrative read sentence by sentence: what the readers read, reconciled with the
numbers each sentence prints.

`pipeline.parse.narrative` reads the year-on-year changes and the shares, and
`pipeline.parse.facts` the other figures; every row stands on the positions of the numbers
it was read from.  A sentence (a line up to each 。) is kept only when every number the
completeness scan finds in it (`narrative_text.scan_numbers`) is placed by some row and no
reader failed in it.  Otherwise none of its rows is kept and each of its numbers becomes
an `unplaced` row saying why; a row that stands on a number of such a sentence (a 三公
change whose amount an earlier sentence states) goes with it, and so does the rest of its
own sentence.  One sentence no rule knows costs that sentence, not the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import ParseError
from pipeline.parse.facts import Fact, read_facts
from pipeline.parse.gaps import excerpt, why
from pipeline.parse.gaps import row as gap_row
from pipeline.parse.memo import per_document
from pipeline.parse.narrative import narrative_records
from pipeline.parse.narrative_text import (
    NarrativeLine,
    Position,
    ScannedNumber,
    is_number,
    narrative_lines,
    read_number,
    scan_numbers,
)
from pipeline.parse.sections import Layout
from pipeline.reader import RawDocument

__all__ = ["Reading", "narrative_reading", "parse_facts", "parse_narrative"]

# What went wrong, in the order a strict parse reports it.
MALFORMED, READER, RULE, REPEATED, UNPLACED = range(5)
_NARRATIVE_KINDS = (MALFORMED, READER)
"""The failures the changes-and-shares parser reports by itself (strict)."""

Sentence = tuple[int, int]
"""(line, index of the sentence in the line): a line cut at each 。."""


@dataclass
class Reading:
    """The narrative's rows that were read, the numbers that were not, and why."""

    changes: list[dict] = field(default_factory=list)
    shares: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)
    failures: list[tuple[int, ParseError]] = field(default_factory=list)
    """(kind, error) of everything not read, in the order a strict parse raises them."""
    placed: set[Position] = field(default_factory=set)
    """The positions (line, offset in the normalised line) the kept rows stand on."""

    def first(self, kinds: tuple[int, ...] | None = None) -> ParseError | None:
        """The first failure (of `kinds`), as a strict parse raises it."""
        found = [
            (kind, error.line or 0, n, error)
            for n, (kind, error) in enumerate(self.failures)
            if kinds is None or kind in kinds
        ]
        return min(found, key=lambda f: f[:3])[3] if found else None


@dataclass
class _Row:
    """A row being reconciled: which frame, its index there and what it stands on."""

    table: str
    index: int
    positions: tuple[Position, ...]


def _fact_row(fact: Fact) -> dict:
    return {
        "topic": fact.topic,
        "metric": fact.metric,
        "value": fact.value,
        "value_unit": fact.unit,
        "line": fact.line,
    }


@per_document
def narrative_reading(doc: RawDocument, layout: Layout) -> Reading:
    """Changes, shares and facts of the narrative, every number placed or `unplaced`."""
    lines = narrative_lines(doc, layout)
    records = narrative_records(doc, layout)
    facts, fact_failures = read_facts(doc, layout)
    facts += [
        Fact(
            "narrative_reason",
            f"{n.section}/{n.subject}/{n.label}",
            n.value,
            n.unit,
            n.line,
            (n.start,),
        )
        for n in records.reasons
    ]
    reading = Reading()
    failures: list[tuple[int, Position, ParseError]] = [
        (READER, (f.line, f.start), f.error) for f in records.failures
    ]
    failures += [(RULE, (f.line, f.start), f.error) for f in fact_failures]
    kept: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        key = (fact.topic, fact.metric)
        if key in kept:
            failures.append(
                (
                    REPEATED,
                    (fact.line, fact.starts[0]),
                    ParseError(
                        doc.source,
                        fact.line,
                        f"one value for {fact.topic}/{fact.metric} (line "
                        f"{kept[key].line} already gave one)",
                        str(fact.value),
                    ),
                )
            )
        else:
            kept[key] = fact
    facts = list(kept.values())
    rows = [_Row("changes", i, p) for i, p in enumerate(records.change_positions)]
    rows += [_Row("shares", i, p) for i, p in enumerate(records.share_positions)]
    rows += [_Row("facts", i, tuple((f.line, s) for s in f.starts)) for i, f in enumerate(facts)]
    placed = {p for r in rows for p in r.positions}
    scanned = scan_numbers(doc, lines)
    for number in scanned:
        if not is_number(number.text):
            failures.append((MALFORMED, (number.line, number.start), _malformed(doc, number)))
        elif (number.line, number.start) not in placed:
            failures.append(
                (
                    UNPLACED,
                    (number.line, number.start),
                    ParseError(
                        doc.source,
                        number.line,
                        "every number in a change, share or fact row "
                        "(this is a number the parser cannot place)",
                        number.text + number.unit,
                    ),
                )
            )
    tables = {
        "changes": records.changes,
        "shares": records.shares,
        "facts": [_fact_row(f) for f in facts],
    }
    if failures:
        texts = {item.line: item.text for item in lines}
        rows = _reconcile(doc, rows, failures, texts)
        placed = {p for r in rows for p in r.positions}
        reading.unplaced = _unplaced(scanned, failures, texts, lines, layout)
        reading.failures = [(kind, error) for kind, _, error in failures]
        keep = {(r.table, r.index) for r in rows}
        tables = {
            name: [row for i, row in enumerate(found) if (name, i) in keep]
            for name, found in tables.items()
        }
    reading.changes, reading.shares, reading.facts = (
        tables["changes"],
        tables["shares"],
        tables["facts"],
    )
    reading.placed = placed
    return reading


def _malformed(doc: RawDocument, number: ScannedNumber) -> ParseError:
    """The ParseError `read_number` gives for a number it rejects."""
    try:
        read_number(doc, number.line, number.text, places=None)
    except ParseError as error:
        return error
    raise AssertionError(f"{number.text!r} reads after all")  # pragma: no cover


def _sentence(texts: dict[int, str], position: Position) -> Sentence:
    line, start = position
    return line, texts[line].count("。", 0, start)


def _reconcile(
    doc: RawDocument,
    rows: list[_Row],
    failures: list[tuple[int, Position, ParseError]],
    texts: dict[int, str],
) -> list[_Row]:
    """The rows that stand on sentences read in full; `failures` gains why the others were
    not (a row standing on a sentence not read takes its own sentence with it)."""
    bad = {_sentence(texts, position) for _, position, _ in failures}
    while True:
        kept, dropped = [], []
        for row in rows:
            (dropped if any(_sentence(texts, p) in bad for p in row.positions) else kept).append(
                row
            )
        spread = [
            (row, p) for row in dropped for p in row.positions if _sentence(texts, p) not in bad
        ]
        if not spread:
            return kept
        for row, position in spread:
            source = next(p for p in row.positions if _sentence(texts, p) in bad)
            bad.add(_sentence(texts, position))
            failures.append(
                (
                    READER,
                    position,
                    ParseError(
                        doc.source,
                        position[0],
                        f"a sentence whose figures are all read (it relies "
                        f"on a figure of line {source[0]}, whose sentence was not read)",
                    ),
                )
            )
        rows = kept


def _unplaced(
    scanned: list[ScannedNumber],
    failures: list[tuple[int, Position, ParseError]],
    texts: dict[int, str],
    lines: list[NarrativeLine],
    layout: Layout,
) -> list[dict]:
    """The `unplaced` rows of the sentences not read: each scanned number in them, and one
    row without a figure for a sentence that prints none.

    A number's reason is what went wrong in its sentence (a clause not read, a malformed
    number …), else that no rule places it."""
    reasons: dict[Sentence, str] = {}
    own: dict[Position, str] = {}
    edition = layout.template.name
    for kind, position, error in sorted(failures, key=lambda f: f[0]):
        if kind == UNPLACED:
            own[position] = (
                f"no rule of {edition} reads this sentence: a wording to declare "
                "(pipeline.template) or a figure the edition does not print"
            )
            reasons.setdefault(_sentence(texts, position), own[position])
        else:
            reasons.setdefault(_sentence(texts, position), why(error))
    roles = {item.line: layout.section_role(item.section) for item in lines}
    out, counted, numbered = [], {}, set()
    for number in scanned:
        position = counted[number.line] = counted.get(number.line, 0) + 1
        at = (number.line, number.start)
        sentence = _sentence(texts, at)
        if sentence in reasons:
            numbered.add(sentence)
            reason = reasons[sentence]
            text = texts[number.line]
            out.append(
                gap_row(
                    "narrative",
                    roles[number.line],
                    number.line,
                    position,
                    number.text + number.unit,
                    excerpt(text, number.start, number.start + len(number.text)),
                    reason,
                )
            )
    quiet: dict[int, list[str]] = {}
    for sentence, reason in reasons.items():
        if sentence not in numbered:
            quiet.setdefault(sentence[0], []).append(reason)
    for line, found in sorted(quiet.items()):
        out.append(
            gap_row("narrative", roles[line], line, 0, None, excerpt(texts[line]), "; ".join(found))
        )
    return sorted(out, key=lambda r: (r["line"], r["position"]))


def parse_narrative(doc: RawDocument, layout: Layout, strict: bool = True) -> dict[str, list[dict]]:
    """`narrative_changes` and `narrative_shares` rows of one document (the sentences read
    in full).  Strict, a malformed number or a clause that cannot be read is a ParseError."""
    reading = narrative_reading(doc, layout)
    if strict and (error := reading.first(_NARRATIVE_KINDS)) is not None:
        raise error
    role = layout.section_role
    return {
        "narrative_changes": [
            {**row, "section_role": role(row["section"])} for row in reading.changes
        ],
        "narrative_shares": [
            {**row, "section_role": role(row["section"])} for row in reading.shares
        ],
    }


def parse_facts(doc: RawDocument, layout: Layout, strict: bool = True) -> dict[str, list[dict]]:
    """`facts` rows of one document, and the `unplaced` numbers of the narrative's sentences
    that were not read.  Strict, the first such sentence is a ParseError naming its line."""
    reading = narrative_reading(doc, layout)
    if strict and (error := reading.first()) is not None:
        raise error
    return {"facts": reading.facts, "unplaced": reading.unplaced}
