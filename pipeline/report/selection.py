"""Which unit-years `budget report` builds: `--units`, `--years`, `--limit`.

Why this exists: a prefecture has ~200 units over several years; a researcher rebuilds the
few that changed.  `--units` takes unit ids, names or parts of names (comma-separated, each
optionally limited to years with `@`), `--years` limits every term, `--limit` caps the
count.  Every term must match: a typo is an error that lists the closest names, never a
build of nothing.  Every unit-year left out gets a reason for the index.

Matching is on the unit's full name, its short name (`unit_short`) and its id (`unit_id`),
from the clean `documents` table (:func:`catalog` is the one place that reads them), after
Unicode compatibility normalisation (full-width letters and brackets match half-width)
and case folding.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

_YEAR_RE = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")
_TERM_SEPARATORS = re.compile(r"[,，]")


class SelectionError(ValueError):
    """`--units` / `--years` / `--limit` cannot be read, or a term matches no unit-year."""


@dataclass(frozen=True)
class UnitYear:
    """A unit-year of the clean tables, with what identifies the unit."""

    unit: str
    year: int
    unit_id: str | None = None
    short_name: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return self.unit, self.year

    @property
    def label(self) -> str:
        """The name to show: the short name when there is one."""
        return self.short_name or self.unit


def catalog(clean: Path) -> list[UnitYear]:
    """Every unit-year in the clean `documents` table, sorted by unit and year."""
    from pipeline import store

    frame = (
        store.scan(clean, "documents")
        .select("unit", pl.col("year").cast(pl.Int64), "unit_id", "unit_short")
        .collect()
    )
    rows = frame.unique(["unit", "year"]).sort("unit", "year").iter_rows()
    return [UnitYear(unit, year, unit_id, short) for unit, year, unit_id, short in rows]


def _fold(text: str) -> str:
    """Text as matched: NFKC (full-width → half-width), case-folded, spaces dropped.

    >>> _fold("合成测试单位（Synthetic）")
    '合成测试单位(synthetic)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


@dataclass(frozen=True)
class YearRange:
    """Years from `first` to `last`, inclusive; None is open."""

    first: int | None
    last: int | None

    def __contains__(self, year: object) -> bool:
        return (
            isinstance(year, int)
            and (self.first is None or year >= self.first)
            and (self.last is None or year <= self.last)
        )


def parse_years(text: str, *, option: str = "--years") -> tuple[YearRange, ...]:
    """`2024`, `2022-2024`, `2023-` (from), `-2022` (until), or several joined by commas.

    >>> [(r.first, r.last) for r in parse_years("2020, 2022-2024, 2026-")]
    [(2020, 2020), (2022, 2024), (2026, None)]
    """
    ranges = []
    for part in _TERM_SEPARATORS.split(text):
        found = _YEAR_RE.match(part)
        first, dash, last = found.groups() if found else (None, None, None)
        if found is None or (first is None and last is None):
            raise SelectionError(
                f"{option}: {part.strip()!r} is not a year or a range of "
                "years (2024, 2022-2024, 2023-, -2022)"
            )
        if not dash and first is not None and last is not None:
            raise SelectionError(f"{option}: {part.strip()!r}: join a range with '-'")
        start = int(first) if first else None
        end = (int(last) if last else None) if dash else start
        if start is not None and end is not None and start > end:
            raise SelectionError(f"{option}: {part.strip()!r} ends before it starts")
        ranges.append(YearRange(start, end))
    return tuple(ranges)


@dataclass(frozen=True)
class Term:
    """One `--units` term: text to find, and the years it is limited to (None: all)."""

    text: str
    years: tuple[YearRange, ...] | None = None

    def matches_unit(self, unit_year: UnitYear) -> bool:
        wanted = _fold(self.text)
        if unit_year.unit_id is not None and _fold(unit_year.unit_id) == wanted:
            return True
        names = (unit_year.unit, unit_year.short_name)
        return any(name is not None and wanted in _fold(name) for name in names)

    def matches(self, unit_year: UnitYear) -> bool:
        return self.matches_unit(unit_year) and (
            self.years is None or any(unit_year.year in r for r in self.years)
        )


def parse_units(text: str) -> tuple[Term, ...]:
    """Terms separated by commas, each `TEXT` or `TEXT@YEARS` (one year or range).

    >>> [(t.text, t.years) for t in parse_units("行政公署@2023-2024, kashgar")]
    [('行政公署', (YearRange(first=2023, last=2024),)), ('kashgar', None)]
    """
    terms = []
    for part in _TERM_SEPARATORS.split(text):
        name, at, years = part.rpartition("@") if "@" in part else (part, "", "")
        name = name.strip()
        if not name:
            raise SelectionError(f"--units: empty term in {text!r}")
        terms.append(
            Term(name, parse_years(years, option=f"--units {part.strip()}") if at else None)
        )
    return tuple(terms)


@dataclass
class Selection:
    """The unit-years to build, in order, and why each other one is left out."""

    chosen: list[UnitYear]
    skipped: dict[tuple[str, int], str] = field(default_factory=dict)

    def describe(self) -> str:
        return f"{len(self.chosen)} of {len(self.chosen) + len(self.skipped)} unit-years"


def _no_match(term: Term, every: list[UnitYear], years: str | None) -> str:
    names = sorted({u.unit for u in every} | {u.short_name for u in every if u.short_name})
    close = difflib.get_close_matches(term.text, names, n=3, cutoff=0.3)
    unit_hit = [u for u in every if term.matches_unit(u)]
    if unit_hit:
        have = sorted({u.year for u in unit_hit})
        return (
            f"--units {term.text!r}: its units have no document for the years asked "
            f"({years or 'in the term'}); they have {', '.join(map(str, have))}"
        )
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"--units {term.text!r} matches no unit id or name{hint}"


def select(
    every: list[UnitYear],
    *,
    units: str | None = None,
    years: str | None = None,
    limit: int | None = None,
) -> Selection:
    """Choose unit-years by `units`, `years` and `limit` (see the module docstring).

    Raises :class:`SelectionError` for unreadable options and for a term (or `--years`)
    that matches nothing.
    """
    if limit is not None and limit < 0:
        raise SelectionError(f"--limit must be 0 or more, not {limit}")
    terms = parse_units(units) if units else ()
    ranges = parse_years(years) if years else None
    chosen: list[UnitYear] = []
    skipped: dict[tuple[str, int], str] = {}
    for term in terms:
        if not any(
            term.matches(u) and (ranges is None or any(u.year in r for r in ranges)) for u in every
        ):
            raise SelectionError(_no_match(term, every, years))
    if ranges is not None and not any(u.year in r for u in every for r in ranges):
        have = sorted({u.year for u in every})
        raise SelectionError(
            f"--years {years}: no document of those years; the clean "
            f"tables have {', '.join(map(str, have)) or 'none'}"
        )
    for unit_year in every:
        if terms and not any(t.matches(unit_year) for t in terms):
            matched_unit = any(t.matches_unit(unit_year) for t in terms)
            skipped[unit_year.key] = (
                f"year not selected (--units {units})"
                if matched_unit
                else f"unit not selected (--units {units})"
            )
        elif ranges is not None and not any(unit_year.year in r for r in ranges):
            skipped[unit_year.key] = f"year not selected (--years {years})"
        elif limit is not None and len(chosen) >= limit:
            skipped[unit_year.key] = f"beyond --limit {limit}"
        else:
            chosen.append(unit_year)
    return Selection(chosen, skipped)
