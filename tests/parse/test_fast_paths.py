"""The parsers' fast paths read exactly as the plain code or pattern they stand for."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.parse.narrative_text import _SPACE, drop_spaces
from pipeline.parse.profile import _outside

_CHARS = st.sampled_from([*"aZ09 \t\u3000\x0b\x1c\u2028\u00a0合成,.(万元%", "  "])


@given(st.lists(_CHARS, max_size=30).map("".join))
def test_drop_spaces_is_the_space_pattern(text: str) -> None:
    assert drop_spaces(text) == _SPACE.sub("", text)


def test_drop_spaces_keeps_one_space_between_ascii_letters_or_digits() -> None:
    assert drop_spaces("Unit 7  元 1 3.69 万元") == "Unit 7元1 3.69万元"
    assert drop_spaces("a  b") == "ab"
    assert drop_spaces("a\tb") == "a\tb"


@given(
    st.text(alphabet="编制数5人,", max_size=20),
    st.lists(st.tuples(st.integers(0, 22), st.integers(0, 22)), max_size=5),
)
def test_outside_keeps_the_characters_no_span_covers(
    text: str, spans: list[tuple[int, int]]
) -> None:
    expected = "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in spans))
    assert _outside(text, spans) == expected


@given(st.text(alphabet="0123456789.,万元%平方米辆台套个a年 ", max_size=16))
def test_fast_candidate_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    from pipeline.parse.narrative_text import _CANDIDATE, _CANDIDATE_FAST

    def found(pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]

    assert found(_CANDIDATE_FAST) == found(_CANDIDATE)


@given(st.from_regex(r"\A[0-9](?:[0-9,.]{0,10}[0-9])?\Z"))
def test_is_number_is_the_number_pattern_on_loose_matches(loose: str) -> None:
    from pipeline.parse.narrative_text import NUMBER_FULL, is_number

    assert is_number(loose) == bool(NUMBER_FULL.match(loose))


@given(st.text(alphabet="12，,<p>/ 合成万元", max_size=20))
def test_prose_reads_as_its_plain_definition(text: str) -> None:
    from pipeline.parse.fields import prose
    from pipeline.text import clean_name

    plain = re.sub(
        r"(?<=\d)，(?=\d{3}(?!\d))",
        "",
        clean_name(re.sub(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>", "", text)),
    )
    assert prose.__wrapped__(text) == plain


@given(st.text(alphabet="0123,:a费", max_size=14))
def test_clause_end_pattern_reads_as_its_plain_form(text: str) -> None:
    from pipeline.parse.projects import _CLAUSE_END

    plain = re.compile(r",(?!\d{3}(?!\d))|(?<!\d),|:")
    assert [m.span() for m in _CLAUSE_END.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@given(st.text(alphabet="经费预算a", max_size=10))
def test_funds_budget_suffix_reads_as_its_plain_form(text: str) -> None:
    from pipeline.parse.narrative import _FUNDS_BUDGET_SUFFIX

    assert _FUNDS_BUDGET_SUFFIX.sub("", text) == re.sub(r"(?<=经费)预算$", "", text)
