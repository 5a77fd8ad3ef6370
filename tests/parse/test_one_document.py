"""One whole document per file (issue 13): a second cover or a repeated part is a second
document, a file that stops before its signature is truncated wherever it stops, and the
unit's name may end in any character."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.errors import ParseError
from pipeline.parse import parse_document
from pipeline.reader import RawDocument
from pipeline.text import clean_name
from tests.helpers import UNIT

CONTENTS = range(7, 57)  # 目录 … 第四部分 名词解释 (lines 7–56)


def _lines(doc: RawDocument, lines: tuple[str, ...]) -> RawDocument:
    return replace(doc, lines=lines)


def _renamed(doc: RawDocument, name: str) -> RawDocument:
    return _lines(doc, tuple(line.replace(UNIT, name) for line in doc.lines))


def test_two_documents_in_one_file_are_an_error(real):
    """The shipped document, then another unit's: the second cover (its title on line
    967 + 6) is named, never the first unit read and the second dropped."""
    other = _renamed(real, "合成测试局（synthetic）").lines
    with pytest.raises(
        ParseError,
        match="one document per file: a single cover "
        r"\(line 5 is its title",
    ) as error:
        parse_document(_lines(real, (*real.lines, "", *other)))
    assert error.value.line == len(real.lines) + 1 + 5


def test_a_second_body_without_its_cover_is_an_error(real):
    """Only the second document's parts (from its 第一部分, line 58) appended: the body
    prints 第一部分 twice."""
    body = _renamed(real, "合成测试局（synthetic）").lines[57:]
    with pytest.raises(
        ParseError,
        match="one document per file: the part '单位概况' once "
        r"\(line 58 is its heading",
    ) as error:
        parse_document(_lines(real, (*real.lines, "", *body)))
    assert error.value.line == len(real.lines) + 2


@pytest.mark.parametrize("keep", [948, 955, 962])
def test_a_document_cut_inside_its_glossary_is_truncated(real, keep):
    """Cut inside 第四部分 (lines 947–963): the contents list nothing more, but the
    signature (lines 965 and 967) is gone."""
    lines = real.lines[:keep]
    last = max(n for n, line in enumerate(lines, 1) if line.strip())
    with pytest.raises(ParseError, match=r"the signature as the last lines.*truncated") as error:
        parse_document(_lines(real, lines))
    assert error.value.line == last


def test_an_undated_signature_is_complete(real):
    """The date under the name may be left out (line 967): not a truncation."""
    doc = _lines(real, (*real.lines[:-1], ""))
    assert parse_document(doc).records["documents"][0]["published"] is None


@pytest.mark.parametrize("keep", [946, 955, 400])
def test_a_document_without_contents_cut_anywhere_is_an_error(real, keep):
    """No contents page (lines 7–56 blanked), so nothing lists the parts; cut before the
    glossary, inside it or inside the narrative, it is still refused."""
    lines = tuple("" if n in CONTENTS else line for n, line in enumerate(real.lines, 1))
    with pytest.raises(ParseError, match=r"truncated|closest is unit_budget_2024"):
        parse_document(_lines(real, lines[:keep]))


@pytest.mark.parametrize("name", ["测试单位A", "测试单位2024", "Synthetic Unit B", "单位(一)"])
def test_a_unit_name_may_end_in_any_character(real, name):
    """A name ending in a Latin letter or a digit stands before '2024 年…' with a space;
    it reads to the same records, the name aside (it failed about 三公, line 678)."""
    renamed = parse_document(_renamed(real, name), stamp=False).records
    want = parse_document(real, stamp=False).records
    assert renamed["documents"][0]["template"] == "unit_budget_2024"

    def unnamed(rows: list[dict]) -> list[dict]:
        printed = clean_name(name)
        return [
            {k: v.replace(printed, UNIT) if isinstance(v, str) else v for k, v in row.items()}
            for row in rows
        ]

    for table in ("narrative_changes", "narrative_shares", "facts", "line_items"):
        assert unnamed(renamed[table]) == want[table], table
