"""Small text helpers shared by the narrative parsers: prose canonical form, Chinese numerals.

Free text (policy bases, goals, allocation sentences) is stored in one canonical form so
that full-width and half-width extractions of the same document give equal records.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.text import clean_name

_DIGIT_COMMA = re.compile(r"，(?<=\d，)(?=\d{3}(?!\d))")
"""A thousands separator (after `clean_name`: '，'): a comma after a digit, before three.
It starts with the comma, so the regex engine jumps from comma to comma."""
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>")
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "[零一二两三四五六七八九十百]+"
"""Regex fragment: a Chinese numeral such as 四, 十一, 一十四."""
_CN_NUMERAL = re.compile(CN_NUMERAL)


@lru_cache(maxsize=1 << 14)
def prose(text: str) -> str:
    """Canonical form of free text: `clean_name`, HTML tags and thousands separators dropped.

    Documents print amounts with or without thousands separators; both read the same.

    >>> prose("<p>资金分配情况：办公费 1,323.5 万元，印刷 8.5 万元。</p>")
    '资金分配情况：办公费1323.5万元，印刷8.5万元。'
    """
    if "<" in text:  # every tag starts with one
        text = _HTML_TAG.sub("", text)
    name = clean_name(text)
    return _DIGIT_COMMA.sub("", name) if "，" in name else name


def strip_tags(text: str) -> str:
    """Drop stray HTML tags such as `<p>` that PDF extraction left in a cell.

    >>> strip_tags("<p>目标</p>")
    '目标'
    """
    return _HTML_TAG.sub("", text)


def cn_numeral(text: str) -> int:
    """Value of a Chinese numeral up to 999 (一十一 and 十一 are both 11).

    >>> [cn_numeral(t) for t in ("四", "十", "十一", "一十四", "二十", "一百零五")]
    [4, 10, 11, 14, 20, 105]
    >>> cn_numeral("甲")
    Traceback (most recent call last):
    ...
    ValueError: '甲' is not a Chinese numeral
    """
    if not text or not _CN_NUMERAL.fullmatch(text):
        raise ValueError(f"{text!r} is not a Chinese numeral")
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"{text!r} is not a Chinese numeral")
            digit = _CN_DIGITS[char]
        else:
            scale = 100 if char == "百" else 10
            total += (1 if digit is None else digit) * scale
            digit = None
    return total + (digit or 0)
