"""Projects of the narrative's projects section (七) and every number their allocations state.

Each project is a block of labelled lines ('（一）项目名称：…', '设立的政策依据：…',
'预算安排规模：… 万元', …).  The 资金分配情况 sentence itemises money (万元) and counts
(辆, 人, 套 …); each number in it is placed as an allocation or a quantity, or the parse fails,
so a new phrasing is noticed instead of silently dropped.

The government fund's projects (政府性基金预算, not in the project table) may be described
the same way in their own section (八), after its opening sentences; they are read with
`section_role` government_fund, never as section 七's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from pipeline.errors import ParseError
from pipeline.parse.fields import CN_NUMERAL, cn_numeral, prose
from pipeline.parse.gaps import Unread, line_rows, settle
from pipeline.parse.outline import Span
from pipeline.parse.sections import Layout, folded_lines
from pipeline.reader import RawDocument
from pipeline.template import ProjectLabels, Wording
from pipeline.text import clean_name, fold, parse_decimal

_HEAD = re.compile(rf"^\(\s*({CN_NUMERAL})\s*\)\s*项目名称\s*:\s*(.*)$")
_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,12})\s*:\s*(.*)$")
_AMOUNT = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*万元$")

COUNT_UNITS = (
    "人次",
    "平方米",
    "辆",
    "人",
    "名",
    "套",
    "个",
    "座",
    "天",
    "次",
    "台",
    "间",
    "场",
    "项",
    "户",
    "处",
    "批",
)
"""Unit words that make a number a count (project_quantities)."""

_DATE = r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PER = r"(?:\s*/\s*[人天月次年套个辆])*"
_TOKEN = re.compile(
    rf"(?P<date>{_DATE})"
    rf"|(?P<num>{_NUM})\s*(?P<unit>万元{_PER}|万(?![\u4e00-\u9fff])|元{_PER}|号"
    rf"|{'|'.join(COUNT_UNITS)})?"
    rf"|(?<!第)(?P<cn>{CN_NUMERAL})(?P<cn_unit>{'|'.join(COUNT_UNITS)})(?!性)"
)
_SENTENCE_END = re.compile(r"[。;!?]")
_GENERIC_NAME = re.compile(r"^(?:共计|合计|总计|共|计)?(?:花费|支出|金额|费用|资金)?$")
_REPEATED_COMMA = re.compile(r"、+")
_EDGE_PUNCT = "、，,：:；;。 "


@dataclass
class _Block:
    """One project's labelled lines while they are read, and the first thing in them that
    could not be read."""

    number: int
    name: str
    line: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    error: ParseError | None = None


_RECORDS = ("projects", "project_allocations", "project_quantities", "unplaced")
FUND_PROJECTS = "government_fund"
"""The section role whose project blocks are the government fund's (after its sentences)."""


def fund_project_span(doc: RawDocument, layout: Layout) -> Span | None:
    """The lines of the government-fund section's project blocks: from its first
    '（一）项目名称：…' to the section's end (None: the section describes no project)."""
    span = layout.section(FUND_PROJECTS)
    if span is None:
        return None
    folded = folded_lines(doc)
    heads = [n for n in range(span.start + 1, span.end) if _HEAD.match(folded[n - 1])]
    return Span(heads[0], span.end) if heads else None


def parse_projects(doc: RawDocument, layout: Layout, strict: bool = True) -> dict[str, list[dict]]:
    """Projects, their 万元 allocations and their counts from the projects section (七 in the
    2024 edition), and the government fund's from their section (八), read by the labels the
    edition declares (`Template.projects`).

    A project block that cannot be read is left out whole and its numbers are `unplaced`
    (role `projects`), the other blocks still read — strict, it raises.
    """
    records: dict[str, list[dict]] = {name: [] for name in _RECORDS}
    unread: list[Unread] = []
    span = layout.section("projects")
    if span is not None:
        body = range(span.start + 1, span.end)
        folded = folded_lines(doc)
        if any(_HEAD.match(folded[n - 1]) for n in body):
            _read_section(doc, layout, body, "projects", records, unread)
        else:
            try:
                _check_no_projects(doc, body, layout.template.wording)
            except ParseError as error:
                unread.append(_unread(doc, list(body), error))
    fund = fund_project_span(doc, layout)
    if fund is not None:
        _read_section(doc, layout, fund.numbers(), FUND_PROJECTS, records, unread)
    records["unplaced"] = settle(unread, strict)
    return records


def _read_section(
    doc: RawDocument,
    layout: Layout,
    body: range,
    role: str,
    records: dict[str, list[dict]],
    unread: list[Unread],
) -> None:
    """The project blocks of `body` (lines of the section playing `role`) into `records`;
    a block that cannot be read into `unread`."""
    blocks = _read_blocks(doc, body, layout.template.projects)
    projects, allocations, quantities = (
        records["projects"],
        records["project_allocations"],
        records["project_quantities"],
    )
    for block in blocks:
        try:
            if block.error is not None:
                raise block.error
            row = {"section_role": role, **_project_row(doc, block)}
            money, counts = place_numbers(
                doc.source, row["project"], block.fields["allocation_text"]
            )
            _check_unique(doc.source, money, ("project", "item", "line"))
            _check_unique(doc.source, counts, ("project", "item", "quantity_unit", "line"))
        except ParseError as error:
            unread.append(_unread(doc, block.lines, error))
            continue
        projects.append(row)
        allocations += money
        quantities += counts


def _unread(doc: RawDocument, numbers: list[int], error: ParseError) -> Unread:
    """A block (or the section) not read: its numbers as `unplaced` rows."""
    lines = [(n, doc.line(n)) for n in numbers if doc.line(n).strip()]
    return Unread(error, line_rows("narrative", "projects", lines, error))


_YEAR_ONLY = re.compile(r"\d{4}\s*年")


def _check_no_projects(doc: RawDocument, body: range, wording: Wording) -> None:
    """A projects section without projects says so in a sentence ('本单位没有一般公共预算
    项目支出，…为空表。'): the edition's words for nothing, and no number but a year."""
    text = ""
    for number in body:
        line = fold(doc.line(number))
        if re.search(r"\d", _YEAR_ONLY.sub("", line)):
            raise ParseError(
                doc.source,
                number,
                "'（一）项目名称：…' project blocks, or words saying there are none",
                doc.line(number).strip(),
            )
        text += line
    if text.strip() and not wording.says_nothing(text):
        raise ParseError(
            doc.source,
            body.start,
            "'（一）项目名称：…' project blocks, or words "
            f"saying there are none ({', '.join(wording.nothing)})",
            text.strip(),
        )


def _read_blocks(doc: RawDocument, numbers: range, labels: ProjectLabels) -> list[_Block]:
    """The project blocks, each with its lines; a block holding something that cannot be
    read keeps its first error (lines before the first block make a block of their own)."""
    fields = dict(labels.fields)
    blocks: list[_Block] = []
    current: list[tuple[int, str]] | None = None
    folded = folded_lines(doc)

    def fail(block: _Block, number: int, expected: str, found: str | None = None) -> None:
        if block.error is None:
            block.error = ParseError(doc.source, number, expected, found)

    for number in numbers:
        text = folded[number - 1]
        if not text:
            continue
        head = _HEAD.match(text)
        if head:
            ordinal = cn_numeral(head.group(1))
            expected = sum(b.number > 0 for b in blocks) + 1
            blocks.append(_Block(ordinal, clean_name(head.group(2)), number, lines=[number]))
            if ordinal != expected:
                fail(blocks[-1], number, f"project （{expected}） next", f"（{head.group(1)}）")
            if not head.group(2).strip():
                fail(blocks[-1], number, "a project name after '项目名称：'", text)
            current = None
            continue
        if not blocks:
            blocks.append(_Block(0, "", number))
            fail(blocks[-1], number, "'（一）项目名称：…' to open the projects section", text)
        block = blocks[-1]
        block.lines.append(number)
        label = _LABEL.match(text) if ":" in text else None  # a label ends in one
        if label:
            name = label.group(1)
            if name in labels.descriptive:
                current = []  # read, deliberately not kept; continuation lines go with it
                continue
            if name not in fields:
                known = ", ".join([*fields, *sorted(labels.descriptive)])
                fail(block, number, f"a project label ({known})", name)
                current = []
                continue
            key = fields[name]
            if key in block.fields:
                fail(block, number, f"'{name}' once per project", text)
            current = block.fields[key] = [(number, label.group(2).strip())]
        elif current is None:
            fail(block, number, "a labelled line such as '预算安排规模：…'", text)
            current = []
        else:
            current.append((number, text))  # a wrapped line continues the previous field
    for block in blocks:
        missing = [label for label, key in fields.items() if key not in block.fields]
        if missing:
            fail(block, block.line, f"project '{block.name}' to state {', '.join(missing)}")
    return blocks


def _project_row(doc: RawDocument, block: _Block) -> dict:
    (amount_line, amount_text), *rest = block.fields["amount"]
    if rest:
        amount_text += "".join(t for _, t in rest)
    match = _AMOUNT.match(amount_text.replace(" ", ""))
    if not match:
        raise ParseError(
            doc.source, amount_line, "预算安排规模 as an amount like '150.00 万元'", amount_text
        )
    try:
        amount = parse_decimal(match.group(1), places=2)
    except ValueError as exc:
        raise ParseError(doc.source, amount_line, "an amount to 0.01 万元", amount_text) from exc

    def text(key: str) -> str:
        return prose("".join(t for _, t in block.fields[key]))

    return {
        "project_no": block.number,
        "project": block.name,
        "amount": amount,
        "policy_basis": text("policy_basis"),
        "executing_unit": text("executing_unit"),
        "period": text("period"),
        "allocation_text": text("allocation_text"),
        "line": block.line,
    }


def place_numbers(
    source: str, project: str, pieces: list[tuple[int, str]]
) -> tuple[list[dict], list[dict]]:
    """Allocations (万元) and quantities (counts, 元) of an allocation text given as lines.

    Years ('2024 年') and designations ('1 号楼') are read and skipped; any other number
    without a unit raises ParseError.

    >>> money, counts = place_numbers("x.txt", "P", [(7, "租赁 5 辆车辆，共计花费 25.7 万元。")])
    >>> [(m["item"], m["amount"], m["line"]) for m in money]
    [('租赁5辆车辆', Decimal('25.70'), 7)]
    >>> [(c["item"], c["quantity"], c["quantity_unit"]) for c in counts]
    [('租赁车辆', Decimal('5'), '辆')]
    """
    text, starts = "", []
    for number, piece in pieces:
        starts.append((len(text), number))
        text += fold(piece).strip()

    def line_at(pos: int) -> int:
        if len(starts) == 1:
            return starts[0][1]  # a one-line text
        return [n for start, n in starts if start <= pos][-1]

    money: list[dict] = []
    counts: list[dict] = []
    for sentence_start, sentence in _split(text, _SENTENCE_END):
        previous_clause = ""
        for clause_start, clause in _split(sentence, _CLAUSE_END):
            offset = sentence_start + clause_start
            tokens = [(token, _kind(token)) for token in _TOKEN.finditer(clause)]
            placed = [t for t, kind in tokens if kind in ("money", "count")]
            name_cut = 0
            for token, kind in tokens:
                line = line_at(offset + token.start())
                if kind == "unplaced":
                    raise ParseError(
                        source,
                        line,
                        "an amount in 万元/元 or a count with its unit "
                        "(a number the parser cannot place)",
                        clause,
                    )
                if kind == "money":
                    item = _strip(prose(clause[name_cut : token.start()]))
                    if _GENERIC_NAME.match(item):
                        item = _strip(prose(previous_clause))
                    if not item:
                        raise ParseError(source, line, "a name for the amount", clause)
                    money.append(
                        {
                            "project": project,
                            "item": item,
                            "amount": parse_decimal(token.group("num"), places=2),
                            "line": line,
                        }
                    )
                    name_cut = token.end()
                elif kind == "count":
                    counts.append(_quantity(source, project, clause, token, placed, line))
            previous_clause = clause
    return money, counts


_CLAUSE_END = re.compile(r",(?!\d{3}(?!\d))|,(?<!\d,)|:")
"""A clause ends at ':' or at a comma that is no thousands separator (not after a digit, or
not before three).  Every alternative starts with its character, so the engine skips to them."""


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """Pieces of `text` between separators, with their offsets."""
    out, start = [], 0
    for match in pattern.finditer(text):
        out.append((start, text[start : match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return [(s, p) for s, p in out if p.strip()]


def _kind(token: re.Match[str]) -> str:
    """money (万元 → allocation), count (→ quantity), skip (year, 号) or unplaced."""
    if token.group("date") or token.group("unit") == "号":
        return "skip"
    if token.group("cn"):
        return "count"
    unit = (token.group("unit") or "").replace(" ", "")
    if not unit:
        return "unplaced"
    if unit in ("万元", "万"):
        return "money"
    return "count"


def _quantity(
    source: str,
    project: str,
    clause: str,
    token: re.Match[str],
    placed: list[re.Match[str]],
    line: int,
) -> dict:
    if token.group("cn"):
        value, unit = Decimal(cn_numeral(token.group("cn"))), token.group("cn_unit")
    else:
        value = parse_decimal(token.group("num"))
        unit = token.group("unit").replace(" ", "")
    name, cut = "", 0
    for other in placed:  # the clause without its numbers names the count
        name += clause[cut : other.start()]
        cut = other.end()
    item = _strip(prose(name + clause[cut:]))
    item = _REPEATED_COMMA.sub("、", item)
    if not item:
        raise ParseError(source, line, "a name for the count", clause)
    return {
        "project": project,
        "item": item,
        "quantity": value,
        "quantity_unit": unit,
        "line": line,
    }


def _strip(text: str) -> str:
    return text.strip(_EDGE_PUNCT)


def _check_unique(source: str, rows: list[dict], key: tuple[str, ...]) -> None:
    seen: set[tuple] = set()
    ident_of = itemgetter(*key) if len(key) > 1 else (lambda row: (row[key[0]],))  # a tuple
    for row in rows:
        ident = ident_of(row)
        if ident in seen:
            raise ParseError(
                source, row["line"], f"one row per {', '.join(key)}", " / ".join(map(str, ident))
            )
        seen.add(ident)
