"""Text normalisation and strict number parsing for PDF-extracted budget documents.

PDF extraction mixes full- and half-width characters, breaks names with stray spaces and
prints amounts with or without thousands separators.  Everything that compares or parses
text goes through these few functions, so that all variants read to the same values.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation, getcontext
from functools import lru_cache

# NFKC folds full-width digits, letters and ASCII-like punctuation to half-width;
# names are then given the full-width punctuation Chinese documents use, so that
# "项目(第十四届)" and "项目（第十四届）" are one name.
_NAME_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})
_SPACE_IN_NAME = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")

NUMBER = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
"""A printed number: optional sign, digits with or without thousands separators."""

_NUMBER_FULL = re.compile(rf"^{NUMBER}$")

LOOSE = r"\d(?:[\d,.]*\d)?"
"""A number-like run of digits, commas and points (in prose); parsed strictly later."""


# Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space decompose, under NFKD,
# to one ASCII character each; checked here so that `fold` may rely on it.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
assert all(
    unicodedata.normalize("NFKD", chr(wide)) == chr(narrow) for wide, narrow in _NARROW.items()
)
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
# a table indexed by code point: a dict would raise (and clear) a KeyError for every
# character it does not map
_NARROW_TABLE = [_NARROW.get(code, code) for code in range(0x10000)]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Fold full-width characters to half-width (NFKC) for matching and number parsing.

    ASCII text is its own NFKC form and is returned as it is (most cells are amounts).
    Otherwise the full-width ASCII forms are narrowed first: NFKD takes them to those same
    characters, so the text and its narrowed form have one NFKC form, and when the narrowed
    text is already in NFKC (the usual Chinese line) it is the answer without composing
    the whole line again.

    >>> fold("比上年预算增加２，００３．３０万元，增长６５．５５％")
    '比上年预算增加2,003.30万元,增长65.55%'
    >>> fold("1,234.56"), fold("Ａ\u3000ｅ\u0301")
    ('1,234.56', 'A é')
    """
    if text.isascii():
        return text
    narrow = text.translate(_NARROW_TABLE) if _WIDE.search(text) else text
    if unicodedata.is_normalized("NFKC", narrow):
        return narrow
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def fold_text(text: str) -> str:
    """`fold` for a whole document at once, far cheaper than line by line.

    NFKC composes nothing across a newline or a tab (both are stable starters), so folding
    the text and splitting it gives each line's, or cell's, `fold`.  Not cached: a document
    is folded once.  The full-width forms are narrowed one distinct character at a time
    (a document holds a handful of them, thousands of times), by `str.replace`, which is
    much faster than translating every character of the text.

    >>> fold_text("表１\\n单位：万元\\t１，２３４．５６") == "\\n".join(
    ...     (fold("表１"), fold("单位：万元\\t１，２３４．５６")))
    True
    """
    if text.isascii():
        return text
    narrow = text
    match = _WIDE.search(narrow)
    while match:  # the replacements keep the length, so the search goes on from the match
        wide = match.group()
        narrow = narrow.replace(wide, chr(_NARROW_TABLE[ord(wide)]))
        match = _WIDE.search(narrow, match.start())
    if unicodedata.is_normalized("NFKC", narrow):
        return narrow
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


@lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """Canonical form of a printed name: folded, stray spaces removed, CJK punctuation.

    Spaces are kept only between two ASCII letters or digits.

    >>> clean_name("行署办公室拆除原 1 号楼及附属设 施项目")
    '行署办公室拆除原1号楼及附属设施项目'
    >>> clean_name("喀什商品交易会项目(第十四届)")
    '喀什商品交易会项目（第十四届）'
    >>> clean_name(" Synthetic Unit 7 ")
    'Synthetic Unit 7'
    """
    folded = fold(text).strip()
    return _SPACE_IN_NAME.sub("", folded).translate(_NAME_PUNCT)


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 12)
def squeeze(text: str) -> str:
    """`clean_name` without any whitespace: how headings, titles and header cells compare.

    >>> squeeze("单位收支 总体情况表 "), squeeze("Synthetic Unit 7")
    ('单位收支总体情况表', 'SyntheticUnit7')
    """
    return _WHITESPACE.sub("", clean_name(text))


ZERO_MARKS = frozenset({"-", "—", "–", "--", "——"})
"""Cells a table prints for a zero (after `fold`): a dash is a printed zero, like 0 or 0.00;
a blank cell is not printed at all."""


def is_number(cell: str) -> bool:
    """Whether a cell holds a printed number (after folding).

    >>> is_number("５,０６９.８６"), is_number("1,23"), is_number("")
    (True, False, False)
    """
    return bool(_NUMBER_FULL.match(fold(cell).strip()))


@lru_cache(maxsize=1 << 16)
def parse_decimal(text: str, places: int | None = None) -> Decimal:
    """Parse a printed number exactly; raise ValueError on anything else.

    With `places`, the number is given that many decimals and may not have more
    (amounts are printed to 0.01 万元; more digits mean a misread, not a rounding).

    >>> parse_decimal("2,003.3", places=2)
    Decimal('2003.30')
    >>> parse_decimal("１９６２")
    Decimal('1962')
    >>> parse_decimal("12.345", places=2)
    Traceback (most recent call last):
    ...
    ValueError: '12.345' has more than 2 decimals
    """
    if text.isascii():  # the usual cell: its own fold, and no '−' to replace
        plain = text.strip()
        if len(plain) <= getcontext().prec:
            return _parse_plain(text, plain, places)
    folded = fold(text).strip().replace("−", "-")
    if not _NUMBER_FULL.match(folded):
        raise ValueError(f"{text!r} is not a number")
    try:
        value = Decimal(folded.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(f"{text!r} is not a number") from exc
    if places is None:
        return value
    digits, exponent = value.as_tuple()[1:]
    if isinstance(exponent, int) and -exponent > places:
        raise ValueError(f"{text!r} has more than {places} decimals")
    if exponent == -places and len(digits) <= getcontext().prec:
        return value  # already so many decimals: quantize would return an equal copy
    return value.quantize(Decimal(1).scaleb(-places))


def _parse_plain(text: str, plain: str, places: int | None) -> Decimal:
    """`parse_decimal` of ASCII text (stripped: `plain`) that holds no more digits than the
    context's precision: the decimals are counted in the text instead of taking the
    Decimal apart.  Same values and errors."""
    if not _NUMBER_FULL.match(plain):
        raise ValueError(f"{text!r} is not a number")
    value = Decimal(plain.replace(",", ""))
    if places is None:
        return value
    point = plain.find(".")
    decimals = len(plain) - point - 1 if point >= 0 else 0
    if decimals > places:
        raise ValueError(f"{text!r} has more than {places} decimals")
    if decimals == places:
        return value
    return value.quantize(Decimal(1).scaleb(-places))
