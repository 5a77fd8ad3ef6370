"""The documents row from 第一部分 and the cover, checked by hand against the real document."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.errors import ParseError
from pipeline.parse.profile import parse_profile, sub_offices
from pipeline.parse.sections import find_layout
from pipeline.pdf_input import CONVERSION_COLUMNS
from pipeline.reader import RawDocument
from pipeline.schema import TABLES, schema_of
from tests.helpers import edited

SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"


def profile_row(doc: RawDocument) -> dict:
    return parse_profile(doc, find_layout(doc))["documents"][0]


def test_real_document_row(real: RawDocument) -> None:
    row = profile_row(real)
    # line 5: '2024 年单位预算公开'; line 967 (last line, under the unit name): '2024年5月6日'
    assert row["title"] == "2024 年单位预算公开"
    assert row["published"] == date(2024, 5, 6)
    # line 68: 编制数 101,实有人数 143 人,其中:在职 77 人,减少 3 人;退休 66 人,减少 2 人;
    #          离休 0 人,增加 0 人。
    assert (row["staff_quota"], row["staff_actual"]) == (101, 143)
    assert (row["staff_active"], row["staff_active_change"]) == (77, -3)
    assert (row["staff_retired"], row["staff_retired_change"]) == (66, -2)
    assert (row["staff_retired_cadre"], row["staff_retired_cadre_change"]) == (0, 0)
    # line 66: 下设 16 个处室
    assert row["sub_offices"] == 16
    assert row["sha256"] == real.sha256 and len(row["sha256"]) == 64
    assert row["encoding"] == "utf-8"
    assert row["line"] == 68


def test_sub_office_list_matches_printed_count(real: RawDocument) -> None:
    count, names, line = sub_offices(real, find_layout(real))
    # line 66 lists 秘书一科 … 机关党委办公室: sixteen names, as the printed count says
    assert line == 66
    assert count == len(names) == 16
    assert names[0] == "秘书一科" and names[-1] == "机关党委办公室"
    assert len(set(names)) == 16


def test_full_width_headcount_reads_the_same(real: RawDocument) -> None:
    full = real.line(68).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,:;"})
    assert full != real.line(68)
    row = profile_row(edited(real, {68: full}))
    assert row == profile_row(real)


def test_group_without_change_gets_null_change(real: RawDocument) -> None:
    text = real.line(68).replace("离休 0 人,增加 0 人。", "离休 2 人。")
    row = profile_row(edited(real, {68: text}))
    assert (row["staff_retired_cadre"], row["staff_retired_cadre_change"]) == (2, None)


def test_increase_is_positive(real: RawDocument) -> None:
    text = real.line(68).replace("在职 77 人,减少 3 人", "在职 77 人,增加 3 人")
    assert profile_row(edited(real, {68: text}))["staff_active_change"] == 3


def test_unplaced_number_on_headcount_line_is_an_error(real: RawDocument) -> None:
    text = real.line(68).replace("。", ",另有临时聘用 5 人。")
    with pytest.raises(ParseError, match="cannot place") as err:
        profile_row(edited(real, {68: text}))
    assert err.value.line == 68


def test_missing_headcount_sentence_is_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="headcount sentence"):
        profile_row(edited(real, {68: ""}))


def test_no_printed_date_gives_null(real: RawDocument) -> None:
    assert profile_row(edited(real, {967: ""}))["published"] is None


def test_two_different_dates_are_an_error(real: RawDocument) -> None:
    with pytest.raises(ParseError, match="one publication date") as err:
        profile_row(edited(real, {1: "2024 年 4 月 30 日"}))
    assert err.value.line == 967


def test_missing_sub_office_sentence_gives_null(real: RawDocument) -> None:
    assert profile_row(edited(real, {66: ""}))["sub_offices"] is None


def test_rows_fit_the_schema(real: RawDocument) -> None:
    """Rows hold exactly the table's columns but unit/year/source (and what tidy derives
    from the unit), in types the frame accepts."""
    from pipeline.tidy import DERIVED

    parsed = parse_profile(real, find_layout(real))
    assert parsed.pop("unplaced") == []  # every number of the profile is placed
    for name, rows in parsed.items():
        wanted = [
            c
            for c in TABLES[name].columns
            if c not in ("unit", "year", "kind", "source", *DERIVED, *CONVERSION_COLUMNS)
        ]
        assert rows and all(set(row) == set(wanted) for row in rows), name
        schema = {c: schema_of(name)[c] for c in wanted}
        frame = pl.DataFrame([{c: row[c] for c in wanted} for row in rows], schema=schema)
        assert frame.height == len(rows)
