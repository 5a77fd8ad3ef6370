"""parse_decimal reads plain ASCII text without folding it: the same values and errors as
the folded path that full-width text takes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import parse_decimal

# every ASCII character a printed number may hold, and its full-width form (which fold
# maps back to it, so that full-width text takes the folded path to the same result)
_WIDEN = str.maketrans("0123456789,.- ", "０１２３４５６７８９，．－\u3000")


def outcome(text: str, places: int | None) -> tuple:
    try:
        value = parse_decimal(text, places)
    except (ValueError, InvalidOperation) as exc:
        return ("error", type(exc).__name__, str(exc).replace(repr(text), "TEXT"))
    return ("value", str(value))


@given(st.text(alphabet="0123456789,.- ", max_size=14), st.sampled_from([None, 0, 2, 4]))
def test_ascii_text_reads_as_its_full_width_form(text, places):
    assert outcome(text, places) == outcome(text.translate(_WIDEN), places)


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        ("1,234.5", 2, "1234.50"),
        (" 7716.82 ", 2, "7716.82"),
        ("-0.50", 2, "-0.50"),
        ("1962", None, "1962"),
        ("1962", 2, "1962.00"),
        ("0.5", 4, "0.5000"),
    ],
)
def test_values(text, places, expected):
    assert str(parse_decimal(text, places)) == expected
    assert str(parse_decimal(text.translate(_WIDEN), places)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12.345", "'12.345' has more than 2 decimals"),
        ("1,23", "'1,23' is not a number"),
        ("", "'' is not a number"),
        ("1.2.3", "'1.2.3' is not a number"),
    ],
)
def test_errors(text, message):
    with pytest.raises(ValueError, match=message):
        parse_decimal(text, 2)


def test_more_digits_than_the_precision_still_fail_as_before():
    # 30 digits with two decimals: quantize's precision (28) is exceeded on both paths
    text = "9" * 28 + ".99"
    with pytest.raises(InvalidOperation):
        parse_decimal(text, 2)
    assert parse_decimal(text) == Decimal(text)
