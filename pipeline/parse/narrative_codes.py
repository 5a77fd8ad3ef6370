"""Functional-classification codes by name, read from the document's own code tables.

The narrative names 类/款/项 ("一般公共服务支出（类）…行政运行（项）") but prints no codes.
The codes come from the rows of the same document's functional tables (tab-separated
`类 款 项 名称 …`; the roles its edition lists in `Template.code_tables`, tables 2, 3 and 5
of the 2024 edition), so a unit that uses a different name for a 项 still gets its own code.
"""

from __future__ import annotations

import re

from pipeline.errors import ParseError
from pipeline.parse.sections import Layout, folded_cells
from pipeline.reader import RawDocument
from pipeline.text import clean_name

_PART = re.compile(r"^(\d{2})?$")


class FunctionalCodes:
    """Name paths (类,), (类, 款), (类, 款, 项) → code 201, 20103, 2010301."""

    def __init__(self, names: dict[str, str], tables: tuple[int, ...] = ()):
        self.names = names
        self.tables = tables
        """The printed numbers of the tables the codes were read from."""
        self.paths: dict[tuple[str, ...], str] = {}
        for code in names:
            prefixes = [code[:end] for end in (3, 5, 7) if end <= len(code)]
            if all(p in names for p in prefixes):
                self.paths[tuple(names[p] for p in prefixes)] = code

    def described(self) -> str:
        """The tables, as a sentence names them.

        >>> FunctionalCodes({}, (2, 3, 5)).described()
        'tables 2, 3 or 5'
        """
        numbers = list(map(str, self.tables))
        if len(numbers) < 2:
            return f"table {''.join(numbers)}"
        return f"tables {', '.join(numbers[:-1])} or {numbers[-1]}"

    def code(self, path: tuple[str, ...]) -> str | None:
        """The code of a name path, or None when the tables do not list it.

        >>> FunctionalCodes({"201": "一般公共服务支出"}).code(("一般公共服务支出",))
        '201'
        """
        return self.paths.get(tuple(clean_name(name) for name in path))


def functional_codes(doc: RawDocument, layout: Layout) -> FunctionalCodes:
    """Read code → name from every coded row of the edition's code tables; conflicts are
    errors."""
    names: dict[str, str] = {}
    folded = folded_cells(doc)
    numbers: list[int] = []
    for role in layout.template.code_tables:
        block = layout.tables.get(role)
        if block is None:
            continue
        numbers.append(block.number)
        for number in block.span.numbers():
            cells = folded[number - 1].split("\t", 4)  # 类 款 项 名称, the rest
            first = cells[0].strip()
            if len(first) != 3 or not first.isdecimal() or len(cells) < 4:  # ^\d{3}$: \d is Nd
                continue  # not a coded row
            cells = list(map(str.strip, cells))
            if (
                not (_PART.match(cells[1]) and _PART.match(cells[2]))
                or (cells[2] and not cells[1])
                or not cells[3]
            ):
                raise ParseError(
                    doc.source,
                    number,
                    f"a coded row '类<TAB>款<TAB>项<TAB>名称' in table {block.number}",
                    doc.line(number),
                )
            code = cells[0] + cells[1] + cells[2]
            name = clean_name(cells[3])
            if names.setdefault(code, name) != name:
                raise ParseError(
                    doc.source,
                    number,
                    f"code {code} named '{names[code]}' as in the other tables",
                    name,
                )
    return FunctionalCodes(names, tuple(numbers))
