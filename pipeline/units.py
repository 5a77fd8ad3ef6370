"""Units by a stable id, a short name, or any unambiguous part of their printed name.

A unit is printed in full, e.g. 新疆维吾尔自治区喀什地区行政公署办公室 (19 characters): too
long to type, to show in a narrow column, or to merge on in Stata.  So each unit also has

- `unit_id`: ``"u"`` + the first 10 hex digits of the SHA-256 of its name normalised
  (Unicode NFKC, so full- and half-width forms agree, and every whitespace removed, so a
  stray PDF space does not make another unit).  It depends on the name alone: the same in
  every year, every run and every machine.  The leading letter keeps Excel and Stata from
  reading an id such as ``1e5…`` as a number.
- `unit_short`: the name without the region prefixes in `REGION_PREFIXES`
  (新疆维吾尔自治区, then 喀什地区), for display; the full name when nothing is left.

`resolve` turns what a user types (an id, the full or short name, or an unambiguous part of
the name) into the one full name, and says which units were meant when it is ambiguous.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["REGION_PREFIXES", "UnitLookupError", "resolve", "short_name", "unit_id"]

REGION_PREFIXES: tuple[str, ...] = ("新疆维吾尔自治区", "喀什地区")
"""Stripped from the start of a name, in this order, to make its short name."""

_SPACE = re.compile(r"\s+")
_ID = re.compile(r"^u[0-9a-f]{10}$")


def _normalised(name: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


@lru_cache(maxsize=65536)
def unit_id(name: str) -> str:
    """The stable id of a unit: ``u`` + 10 hex digits of SHA-256 of the normalised name.

    >>> unit_id("新疆维吾尔自治区喀什地区行政公署办公室")
    'u63695e4087'
    >>> unit_id("新疆维吾尔自治区 喀什地区行政公署办公室")  # a stray space: the same unit
    'u63695e4087'
    """
    return "u" + hashlib.sha256(_normalised(name).encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=65536)
def short_name(name: str) -> str:
    """The name without the leading region prefixes (see `REGION_PREFIXES`).

    >>> short_name("新疆维吾尔自治区喀什地区行政公署办公室")
    '行政公署办公室'
    >>> short_name("合成测试单位00001（synthetic）")
    '合成测试单位00001（synthetic）'
    """
    short = name.strip()
    for prefix in REGION_PREFIXES:
        short = short.removeprefix(prefix)
    return short or name


class UnitLookupError(LookupError):
    """What a user typed names no unit, or several."""


def resolve(query: str, names: Iterable[str]) -> str:
    """The one unit name among `names` that `query` means.

    Tried in order: the id, the full name, the short name, then a part of the full name
    (ignoring whitespace and full-/half-width differences).  Raises UnitLookupError naming
    the candidates when nothing or several match.

    >>> names = ["新疆维吾尔自治区喀什地区行政公署办公室", "新疆维吾尔自治区喀什地区财政局"]
    >>> resolve("财政局", names)
    '新疆维吾尔自治区喀什地区财政局'
    >>> resolve(unit_id(names[0]), names) == names[0]
    True
    >>> resolve("喀什地区", names)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.units.UnitLookupError: 2 units match '喀什地区': ...; give more of the name or the id
    """
    names = sorted(set(names))
    text = query.strip()
    if _ID.match(text):
        exact = [n for n in names if unit_id(n) == text]
    else:
        exact = [n for n in names if n == text] or [n for n in names if short_name(n) == text]
    if len(exact) == 1:
        return exact[0]
    wanted = _normalised(text)
    found = exact or [n for n in names if wanted and wanted in _normalised(n)]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(f"{n} ({unit_id(n)})" for n in names[:10])
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        raise UnitLookupError(
            f"no unit matches {query!r}; the clean tables hold "
            f"{len(names)} unit(s): {known or 'none'}{more}"
        )
    listed = ", ".join(f"{n} ({unit_id(n)})" for n in found[:10])
    raise UnitLookupError(
        f"{len(found)} units match {query!r}: {listed}; give more of the name or the id"
    )
