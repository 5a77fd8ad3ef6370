"""The narrative scan's fast paths read exactly as the patterns they stand for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.parse.narrative_text import _SPACE, drop_spaces

_CHARS = st.sampled_from([*"aZ09 \t\u3000\x0b\x1c\u2028\u00a0合成,.(万元%", "  "])


@given(st.lists(_CHARS, max_size=30).map("".join))
def test_drop_spaces_is_the_space_pattern(text: str) -> None:
    assert drop_spaces(text) == _SPACE.sub("", text)


def test_drop_spaces_keeps_one_space_between_ascii_letters_or_digits() -> None:
    assert drop_spaces("Unit 7  元 1 3.69 万元") == "Unit 7元1 3.69万元"
    assert drop_spaces("a  b") == "ab"
    assert drop_spaces("a\tb") == "a\tb"
