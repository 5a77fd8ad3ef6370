"""Disclosure tables 表1–表11 → one line item per non-blank amount cell, with its line.

Each table block is read as: preamble (编制单位, 单位：万元), header rows (checked against
the edition's declared leaf columns and their order, `pipeline.template`), data rows, and an
optional note (empty tables say why they are empty).  A table split across pages repeats the
preamble and the header; repeats are checked to be the same header and skipped.  Any row,
cell or header that does not fit the template is a ParseError naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from itertools import pairwise

from pipeline.errors import ParseError
from pipeline.parse.gaps import Unread, excerpt, nothing_read, settle, why
from pipeline.parse.gaps import row as gap_row
from pipeline.parse.profile import budget_units
from pipeline.parse.scan import table_amounts
from pipeline.parse.sections import Layout, TableBlock, folded_cells, folded_lines
from pipeline.reader import RawDocument
from pipeline.template.tables import (
    CLASS,
    CODED_NAME,
    ITEM,
    LABEL,
    NAME,
    PROJECT,
    SEGMENT,
    Side,
    TableSpec,
)
from pipeline.text import ZERO_MARKS, clean_name, fold, parse_decimal, squeeze

_UNIT_LINE = re.compile(r"^编制单位\s*:")
_MONEY_UNIT_LINE = re.compile(r"^单位\s*:\s*万元$")
_CODE_DIGITS = {CLASS: 3, SEGMENT: 2, ITEM: 2}
_CODED_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\S.*)$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+\s*、\s*(.+)$")
_NUMBERED = re.compile(r"^\d+\s*[.、]\s*(.+)$")
_SUB_ITEM = re.compile(r"^其中\s*:\s*(.+)$")
_MAX_HEADER_LINES = 6
_ZERO = Decimal("0.00")
_LEVELS = {3: 1, 5: 2, 7: 3}


def is_total(name: str) -> bool:
    """Whether a cleaned row label is a total row (总计, 合计, 收入总计 …), which has no code.

    >>> is_total("支出总计"), is_total("合计"), is_total("公务用车购置及运行费（小计）")
    (True, True, False)
    """
    return name in {"合计", "总计", "小计"} or name.endswith("总计")


def _cells(text: str) -> list[str]:
    return list(map(str.strip, text.split("\t")))


def _first_cell(text: str) -> str:
    """`_cells(text)[0]` without splitting the rest of the line."""
    return text.split("\t", 1)[0].strip()


def _trimmed(cells: list[str]) -> list[str]:
    """Cells without the empty ones at the end (PDF extraction adds or drops those)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


@dataclass
class _Header:
    """A table's header as read: where it starts, its cleaned text and its column numbers."""

    line: int
    text: str
    first_cell: str
    column_nos: tuple[int | None, ...]


@dataclass
class _Nesting:
    """Which printed row encloses the next: '一、' sections, '1.' groups, '其中：' sub-items."""

    section: str | None = None
    group: str | None = None
    sub_parent: str | None = None
    previous: str | None = None

    def place(self, label: str) -> tuple[str, str | None]:
        """The row's item (enumerator stripped) and the label of the row enclosing it."""
        kind, name = _enumerated(label)
        parent: str | None
        if kind == "section":
            self.section, self.group, self.sub_parent, parent = name, None, None, None
        elif kind == "group":
            self.group, self.sub_parent, parent = name, None, self.section
        elif kind == "sub":
            self.sub_parent = parent = self.previous
        elif is_total(name):
            self.section = self.group = self.sub_parent = parent = None
        else:
            parent = self.sub_parent or self.group or self.section
        self.previous = name
        return name, parent


@lru_cache(maxsize=1 << 14)
def _enumerated(label: str) -> tuple[str, str]:
    """What a nesting row label opens — a 'section' (一、), a 'group' (1.), a 'sub' item
    (其中：) or a plain 'row' — and its name without the enumerator."""
    folded = fold(label).strip()
    if match := _SECTION.match(folded):
        return "section", clean_name(match.group(1))
    if match := _NUMBERED.match(folded):
        return "group", clean_name(match.group(1))
    if match := _SUB_ITEM.match(folded):
        return "sub", clean_name(match.group(1))
    return "row", clean_name(folded)


@dataclass
class _TableReader:
    """Reads one table block line by line; collects its line items, row count and note."""

    doc: RawDocument
    layout: Layout
    block: TableBlock
    spec: TableSpec
    items: list[dict] = field(default_factory=list)
    rows: int = 0
    notes: list[tuple[int, str]] = field(default_factory=list)
    header: _Header | None = None
    nesting: dict[int, _Nesting] = field(default_factory=dict)
    leaf_cache: dict[int, list[dict]] = field(default_factory=dict)
    units: frozenset[str] = frozenset()
    """The budget units whose rows a table may group its rows under (`budget_units`)."""
    budget_unit: str | None = None
    """The unit whose row the rows being read follow."""
    code_cells: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def one_sided(self) -> bool:
        """Whether the table's rows are one side (a two-sided table groups no units)."""
        return len(self.spec.sides) == 1

    def fail(self, line: int, expected: str, found: str | None = None) -> ParseError:
        return ParseError(self.doc.source, line, expected, found)

    def read(self) -> None:
        span = self.block.span
        # the non-blank lines ('text and not text.isspace()': text.strip() without the copy)
        lines = [
            (n, text)
            for n, text in enumerate(self.doc.lines[span.start - 1 : span.end - 1], span.start)
            if text and not text.isspace()
        ]
        folded_doc = folded_lines(self.doc)
        index = 0
        first_cell = None  # of the header, once read: a repeat (page break) starts with it
        while index < len(lines):
            number, text = lines[index]
            folded = folded_doc[number - 1]
            if folded.startswith(("编制单位", "单位")) and (
                _UNIT_LINE.match(folded) or _MONEY_UNIT_LINE.match(folded)
            ):
                index += 1
                continue
            cells = _cells(text)
            if first_cell is None or (not self.notes and squeeze(cells[0]) == first_cell):
                index = self.read_header(lines, index)
                assert self.header is not None
                first_cell = self.header.first_cell
            elif "\t" not in text:
                self.notes.append((number, clean_name(text)))
                index += 1
            elif self.notes:
                raise self.fail(
                    number,
                    f"no rows of table {self.spec.number} after its note "
                    f"on line {self.notes[0][0]}",
                    text,
                )
            else:
                self.read_row(number, text, cells)
                index += 1
        if self.header is None:
            raise self.fail(
                self.block.title_line,
                f"a header under the title of table {self.spec.number} (is the table truncated?)",
                self.block.title,
            )
        if not self.rows and not self.notes:
            number, text = lines[-1]
            raise self.fail(
                number,
                f"rows of table {self.spec.number} or a note saying it is "
                "empty (is the table truncated?)",
                text,
            )

    def read_header(self, lines: list[tuple[int, str]], start: int) -> int:
        """Read header rows from `start`; check them; return the index after the header.

        A table split across pages repeats its header, and documents of one template print
        the same headers: the checks of a header's text are done once per distinct text.
        """
        spec = self.spec
        first_line = lines[start][0]
        end = start
        while True:
            if end >= len(lines) or end - start >= _MAX_HEADER_LINES:
                last = lines[min(end, len(lines)) - 1]
                closing = "a ※ row numbering its columns" if spec.numbered else "a 项目 row"
                raise self.fail(
                    last[0],
                    f"table {spec.number}'s header (from line {first_line})"
                    f" to end with {closing} (is the table truncated?)",
                    last[1],
                )
            number, text = lines[end]
            first = squeeze(_first_cell(text))
            if (spec.numbered and first == "※") or (not spec.numbered and first == "项目"):
                break
            end += 1
        header_lines = lines[start : end + (0 if spec.numbered else 1)]
        texts = tuple(line for _, line in header_lines)
        text = _header_text(texts)
        missing = _missing_word(spec, text)
        if missing is not None:
            raise self.fail(
                first_line,
                f"table {spec.number}'s header to name the column '{missing}' (template changed?)",
                text,
            )
        order = _misordered(spec, texts)
        if order is not None:
            declared, found, offset = order
            raise self.fail(
                header_lines[offset][0],
                f"table {spec.number}'s header to name its "
                f"columns in the order {declared} ({self.layout.template.name}); "
                "columns swapped?",
                found,
            )
        number, closing_text = lines[end]
        column_nos = _column_numbers(spec, closing_text)
        if isinstance(column_nos, str):
            raise self.fail(number, column_nos, closing_text)
        header = _Header(first_line, text, squeeze(_first_cell(lines[start][1])), column_nos)
        if self.header is None:
            self.header = header
        elif (header.text, header.column_nos) != (self.header.text, self.header.column_nos):
            raise self.fail(
                first_line,
                f"a repeat of table {spec.number}'s header of line {self.header.line} (page break)",
                lines[start][1],
            )
        return end + 1

    def read_row(self, number: int, text: str, cells: list[str]) -> None:
        """One data row (its text and its cells) → line items for its non-blank amount cells.

        Each side of the row is its label cells and as many value cells as it has leaves.
        """
        spec = self.spec
        width = spec.width
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) != width:
            raise self.fail(
                number,
                f"{spec.width} tab-separated cells in a row of table "
                f"{spec.number}, found {len(cells)}",
                text,
            )
        if not any(cells):
            return
        self.rows += 1
        unit = self.layout.unit
        for index, side, start, split, end in _side_cells(spec):
            values = cells[split:end]
            amounts: list[tuple[int, Decimal]] = []
            if any(values):
                for position, cell in enumerate(values):
                    if not cell:
                        continue  # a blank cell is not printed
                    try:
                        amounts.append((position, parse_decimal(cell, 2)))
                    except ValueError:
                        if fold(cell) in ZERO_MARKS:  # a dash is a printed zero
                            amounts.append((position, _ZERO))
                            continue
                        raise self.fail(
                            number,
                            f"an amount in 万元 in column "
                            f"'{side.leaves[position].path}' of table "
                            f"{spec.number}",
                            cell,
                        ) from None
            labels = cells[start:split]
            if not any(labels):
                if amounts:
                    raise self.fail(
                        number,
                        f"a row label for the amounts of table {spec.number}",
                        "\t".join(values),
                    )
                continue
            named = self.unit_row(side, labels) if self.one_sided else None
            if named is not None:  # a budget unit's row: its rows follow, rolled up in it
                self.budget_unit = named
                row = {"code": None, "level": None, "item": named, "parent": None, "project": None}
            else:
                try:  # code, level, item, parent and project of the row (side)
                    if side.strip_enumerators:  # labels that nest: parents from rows before
                        row = self.nested_keys(index, side, labels, unit)
                    else:  # the others on their labels only: read once (projects use unit)
                        row = _label_keys(spec, index, tuple(labels), unit if side.projects else "")
                except _RowProblem as problem:
                    raise self.fail(number, *problem.args) from None
                if row["code"] is None and is_total(row["item"]):  # type: ignore[arg-type]
                    self.budget_unit = None
            if amounts:
                columns = self.leaf_cache.get(index) or self.leaf_columns(index, side)
                self.items += [
                    {
                        **columns[position],
                        **row,
                        "amount": amount,
                        "line": number,
                        "budget_unit": self.budget_unit,
                    }
                    for position, amount in amounts
                ]

    def unit_row(self, side: Side, labels: list[str]) -> str | None:
        """The budget unit a row names — the document's own unit, or a subordinate one the
        profile lists — when its code cells are blank; None for any other row."""
        codes = self.code_cells.get(id(side))
        if codes is None:
            codes = self.code_cells[id(side)] = tuple(
                i for i, role in enumerate(side.labels) if role in (CLASS, SEGMENT, ITEM, PROJECT)
            )
        if any(labels[i] for i in codes):
            return None
        name = next((cell for i, cell in enumerate(labels) if cell and i not in codes), "")
        name = clean_name(name) if name else ""
        return name if name in self.units else None

    def nested_keys(
        self, index: int, side: Side, labels: list[str], unit: str
    ) -> dict[str, object]:
        """`_row_keys` of a side whose labels nest: all but the parent read once per distinct
        labels, the parent from the rows before (this row then encloses those after)."""
        keys = _nested_label_keys(self.spec, index, tuple(labels), unit)
        if LABEL not in side.labels:
            return keys
        nesting = self.nesting.setdefault(index, _Nesting())
        _, parent = nesting.place(labels[side.labels.index(LABEL)])
        return {**keys, "parent": parent}

    def leaf_columns(self, index: int, side: Side) -> list[dict]:
        """The columns a side's line items take from their leaf, built once per table side.

        Column numbers come from the header; a repeated header has the same (checked).
        """
        columns = self.leaf_cache.get(index)
        if columns is None:
            assert self.header is not None
            start = sum(len(s.leaves) for s in self.spec.sides[:index])
            nos = self.header.column_nos[start : start + len(side.leaves)]
            columns = [
                {
                    "table_no": self.spec.number,
                    "table_role": self.spec.role,
                    "table_title": self.block.title,
                    "classification": side.classification,
                    "measure": clean_name(leaf.name),
                    "measure_path": leaf.path,
                    "column_no": nos[position],
                    "side": side.side,
                }
                for position, leaf in enumerate(side.leaves)
            ]
            self.leaf_cache[index] = columns
        return columns


# The caches below are keyed by the table's spec: a `TableSpec` is hashed by identity, so
# each edition's table has its own entries, whatever number it prints.


@cache
def _side_cells(spec: TableSpec) -> tuple[tuple[int, Side, int, int, int], ...]:
    """Where each side of the table's rows stands: (index, side, first label cell, first
    value cell, end), in cells of a row."""
    sides = []
    offset = 0
    for index, side in enumerate(spec.sides):
        split = offset + len(side.labels)
        sides.append((index, side, offset, split, offset + side.width))
        offset += side.width
    return tuple(sides)


@lru_cache(maxsize=1 << 10)
def _header_text(lines: tuple[str, ...]) -> str:
    """A header's rows as one text: every cell cleaned and squeezed, then joined."""
    return "".join(squeeze(cell) for line in lines for cell in _cells(line))


@lru_cache(maxsize=1 << 10)
def _missing_word(spec: TableSpec, text: str) -> str | None:
    """The first column word of the table's template that the header text does not name."""
    for word in (
        *spec.header_words,
        *(g for leaf in spec.leaves for g in leaf.groups),
        *(leaf.name for leaf in spec.leaves),
    ):
        if squeeze(word) not in text:
            return word
    return None


@lru_cache(maxsize=1 << 10)
def _misordered(spec: TableSpec, lines: tuple[str, ...]) -> tuple[str, str, int] | None:
    """Whether a header row names the table's column words out of their declared order.

    Each row of a multi-row header names some of the words (leaves and their groups); read
    left to right they must be a subsequence of the declared order (`header_order`), or
    figures would be read into the wrong column.  Returns the declared order of the row's
    words, the order found and the row's index; None when every row is in order.
    """
    order = tuple(map(squeeze, spec.header_order))
    words = frozenset(order)
    for offset, line in enumerate(lines):
        found = [cell for cell in map(squeeze, line.split("\t")) if cell in words]
        position = 0
        for word in found:
            try:
                position = order.index(word, position) + 1
            except ValueError:
                declared = sorted(found, key=order.index)
                return ", ".join(declared), ", ".join(found), offset
    return None


@lru_cache(maxsize=1 << 10)
def _column_numbers(spec: TableSpec, text: str) -> tuple[int | None, ...] | str:
    """The numbers of the ※ row (None for tables without one), checked against the leaves:
    as many as there are leaves, rising (a column moved elsewhere breaks the run).

    A str is what the row fails to be, for the caller to raise with the line number.
    """
    expected = len(spec.leaves)
    names = ", ".join(leaf.path for leaf in spec.leaves)
    cells = _trimmed(_cells(text))
    if not spec.numbered:
        if len(cells) != spec.width:
            return (
                f"table {spec.number}'s header row to have {spec.width} columns "
                f"({names}); it has {len(cells)} — template changed?"
            )
        return (None,) * expected
    labels = sum(len(side.labels) for side in spec.sides)
    marks = [c for c in cells[:labels] if fold(c) == "※"]
    numbers = cells[labels:]
    if len(marks) != labels or not all(fold(c).isdigit() for c in numbers):
        return f"a ※ row of table {spec.number} with {labels} ※ marks then column numbers"
    if len(numbers) != expected:
        return (
            f"table {spec.number}'s header to number {expected} columns ({names}); it "
            f"has {len(numbers)} numbered columns — template changed?"
        )
    column_nos = tuple(int(fold(c)) for c in numbers)
    if any(a >= b for a, b in pairwise(column_nos)):
        return (
            f"table {spec.number}'s columns numbered in rising order ({names}); they are "
            f"numbered {' '.join(map(str, column_nos))} — columns moved?"
        )
    return column_nos


class _RowProblem(Exception):
    """What a row's labels fail to be: (expected, found), turned into a ParseError."""


@lru_cache(maxsize=1 << 14)
def _label_keys(
    spec: TableSpec, index: int, labels: tuple[str, ...], unit: str
) -> dict[str, object]:
    """`_row_keys` of a row that does not nest; shared between callers, never mutated."""
    return _row_keys(spec, index, labels, unit, None)


@lru_cache(maxsize=1 << 14)
def _nested_label_keys(
    spec: TableSpec, index: int, labels: tuple[str, ...], unit: str
) -> dict[str, object]:
    """`_row_keys` of a row whose label nests, but for its parent: every other key depends on
    the labels only (a fresh nesting gives the same item, code and project, and the same
    errors).  Shared between callers, never mutated."""
    return _row_keys(spec, index, labels, unit, _Nesting())


def _row_keys(
    spec: TableSpec, index: int, labels: tuple[str, ...], unit: str, nesting: _Nesting | None
) -> dict[str, object]:
    table_no = spec.number  # as printed, for messages
    side = spec.sides[index]
    cells = dict(zip(side.labels, labels, strict=True))
    code = ""
    gap = False  # an empty 类/款 cell: no lower code may follow it
    for role in (CLASS, SEGMENT, ITEM):
        part = fold(cells.get(role, ""))
        if not part:
            gap = True
            continue
        if gap:
            raise _RowProblem(
                f"a {role} code only under a 类/款 code in table {table_no}", "\t".join(labels)
            )
        if part.isdigit() and len(part) == len(code) + _CODE_DIGITS[role] and part.startswith(code):
            part = part[len(code) :]  # the full code printed in the 款/项 cell
        if not (part.isdigit() and len(part) == _CODE_DIGITS[role]):
            raise _RowProblem(
                f"a {_CODE_DIGITS[role]}-digit {role} code in table {table_no}", cells[role]
            )
        code += part
    item = cells.get(NAME, "")
    parent: str | None = None
    project: str | None = None
    if CODED_NAME in cells:
        folded = fold(cells[CODED_NAME]).strip()
        if match := _CODED_NAME.match(folded):
            code, item = match.group(1), match.group(2)
        else:
            item = folded
    if LABEL in cells:
        if nesting is not None:
            item, parent = nesting.place(cells[LABEL])
        else:
            item = cells[LABEL]
    item = clean_name(item)
    if not item:
        raise _RowProblem(f"a row name in table {table_no}", "\t".join(labels))
    coded = any(role in cells for role in (CLASS, CODED_NAME))
    if coded and not code and not is_total(item):
        raise _RowProblem(
            f"a classification code for row '{item}' of table {table_no} (only totals have none)",
            "\t".join(labels),
        )
    if coded and code and is_total(item):
        raise _RowProblem(f"no code on total row '{item}'", "\t".join(labels))
    if PROJECT in cells:
        project = clean_name(cells[PROJECT]) or None
    if side.projects and not is_total(item) and item != unit:
        project = item
    return {
        "code": code or None,
        "level": _LEVELS.get(len(code)),
        "item": item,
        "parent": parent,
        "project": project,
    }


def parse_tables(doc: RawDocument, layout: Layout, strict: bool = True) -> dict[str, list[dict]]:
    """The tables of a document → `tables` rows and one `line_items` row per amount.

    A table whose header, rows or cells depart from the template is not read: strict, that
    is a ParseError naming the line; otherwise the table has no `tables` row and no line
    items, and each amount it prints is an `unplaced` row (so the identities that need the
    table are not evaluated, never computed from a table read in part).

    >>> from pipeline.parse.sections import find_layout
    >>> from pipeline.reader import read_document
    >>> from pipeline.settings import PROJECT_ROOT
    >>> doc = read_document(PROJECT_ROOT / "data/raw/kashgar-admin-office_2024_budget.txt")
    >>> parsed = parse_tables(doc, find_layout(doc))
    >>> [(t["table_no"], t["cell_count"]) for t in parsed["tables"]][:3]
    [(1, 13), (2, 62), (3, 39)]
    >>> cell = next(i for i in parsed["line_items"] if i["code"] == "30231")
    >>> cell["item"], cell["measure_path"], cell["amount"], cell["line"]
    ('公务用车运行维护费', '一般公共预算基本支出/合计', Decimal('31.50'), 287)
    """
    tables: list[dict] = []
    items: list[dict] = []
    unread: list[Unread] = []
    units = budget_units(doc, layout)
    for spec in layout.template.tables:
        block = layout.tables.get(spec.role)
        if block is None:
            raise ParseError(doc.source, None, f"table 表{spec.number} in the layout")
        reader = _TableReader(doc, layout, block, spec, units=units)
        try:
            reader.read()
        except ParseError as error:
            unread.append(Unread(error, _unread_table(doc, block, error)))
            continue
        tables.append(
            {
                "table_no": spec.number,
                "table_role": spec.role,
                "table_title": block.title,
                "row_count": reader.rows,
                "cell_count": len(reader.items),
                "note": "\n".join(text for _, text in reader.notes) or None,
                "line": block.title_line,
            }
        )
        items += reader.items
    return {"tables": tables, "line_items": items, "unplaced": settle(unread, strict)}


def _unread_table(doc: RawDocument, block: TableBlock, error: ParseError) -> list[dict]:
    """The `unplaced` rows of a table that was not read: every amount it prints."""
    reason = why(error)
    cells = folded_cells(doc)
    rows = [
        gap_row(
            "tables",
            block.role,
            line,
            position,
            cell,
            excerpt(cells[line - 1].replace("\t", " ").strip()),
            reason,
        )
        for line, position, cell in table_amounts(cells, block.span.start, block.span.end)
    ]
    return rows or [nothing_read("tables", block.role, error)]
