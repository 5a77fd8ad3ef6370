"""Boxes on a page and the few tests the converter makes with them (PDF points, `top` grows
downwards as in pdfplumber)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Box = tuple[float, float, float, float]
"""(x0, top, x1, bottom)."""


def centre(obj: Mapping[str, Any]) -> tuple[float, float]:
    """The centre of a pdfplumber object (a char, a word)."""
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def contains(box: Box, point: tuple[float, float], margin: float = 0.0) -> bool:
    """Whether `point` lies in `box` widened by `margin` on every side.

    >>> contains((0, 0, 10, 10), (10.5, 5)), contains((0, 0, 10, 10), (10.5, 5), margin=1)
    (False, True)
    """
    x, y = point
    x0, top, x1, bottom = box
    return x0 - margin <= x <= x1 + margin and top - margin <= y <= bottom + margin


def in_any(boxes: Iterable[Box], point: tuple[float, float]) -> bool:
    """Whether `point` lies in one of `boxes`."""
    return any(contains(box, point) for box in boxes)


def join_wrapped(parts: Iterable[str]) -> str:
    """Lines of one wrapped text joined: with nothing, but a space between two ASCII
    letters or digits (CJK text wraps anywhere; Latin words and numbers only at spaces).

    >>> join_wrapped(["功能分类科目编", "码"]), join_wrapped(["项目 1", "3.69 万元"])
    ('功能分类科目编码', '项目 1 3.69 万元')
    """
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text and _word_char(text[-1]) and _word_char(part[0]):
            text += " "
        text += part
    return text


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()
