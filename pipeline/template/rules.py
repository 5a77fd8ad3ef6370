"""How a fact rule is declared: a kind of narrative sentence, the section role it stands in,
and the facts it gives.

Rules are data an edition holds (`Template.fact_rules`); `pipeline.parse.facts` applies
them.  A new wording is a new rule in the edition's tuple, not a code branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]

from pipeline.text import LOOSE

_FIELD = re.compile(r"{(\w+)}")


def number(group: str) -> str:
    """Regex fragment: a number-like run captured as `group`.

    >>> number("v")
    '(?P<v>\\\\d(?:[\\\\d,.]*\\\\d)?)'
    """
    return rf"(?P<{group}>{LOOSE})"


@dataclass(frozen=True)
class Rule:
    """Sentences of one kind: where they stand (a section role), how they read, and the facts
    they give.

    `outputs` holds (number group, topic, metric template, unit template); templates are
    filled from the match's other groups (names `clean_name`d, numbers printed plainly).
    `needs` is text every match contains (derived from the pattern): lines without it are
    skipped before the regex is tried.
    """

    section: str
    pattern: re.Pattern[str]
    outputs: tuple[tuple[str, str, str, str], ...]
    only: re.Pattern[str] | None = None
    never: re.Pattern[str] | None = None
    needs: str = ""

    @cached_property
    def template_groups(self) -> frozenset[str]:
        """Groups some metric or unit template names."""
        return frozenset(name for _, _, metric, unit in self.outputs
                         for name in _FIELD.findall(metric + unit))

    @cached_property
    def metric_groups(self) -> tuple[tuple[str, ...], ...]:
        """For each output, the groups its metric template names."""
        return tuple(tuple(_FIELD.findall(metric)) for _, _, metric, _ in self.outputs)


def rule(section: str, pattern: str, *outputs: tuple[str, str, str, str],
         only: str | None = None, never: str | None = None) -> Rule:
    """A `Rule` from its pattern text; `needs` is worked out from the pattern."""
    compiled = re.compile(pattern)
    return Rule(section, compiled, outputs, re.compile(only) if only else None,
                re.compile(never) if never else None, required_text(compiled))


def required_text(pattern: re.Pattern[str]) -> str:
    """The longest literal text every match of `pattern` contains ('' when none is known).

    Read from the parsed pattern: runs of literal characters outside any alternative,
    repeat or lookaround.  A line without this text cannot match, so `text in line`
    (a fast C search) may stand before a regex that would be tried at every position.

    >>> required_text(re.compile(r"(?:单位价值)?(?P<t>\\d+)万元以上大型设备(?P<u>台|套)"))
    '万元以上大型设备'
    >>> required_text(re.compile(r"(?P<n>\\d+)(个|人),涉及"))
    ',涉及'
    >>> required_text(re.compile("a", re.IGNORECASE))
    ''
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return ""
    return max(_literal_runs(sre_parser.parse(pattern.pattern)), key=len, default="")


def _literal_runs(items) -> list[str]:
    """Literal runs of a parsed sequence, descending into plain groups (which always match)."""
    runs, run = [], ""
    for op, arg in items:
        if op is sre_constants.LITERAL:
            run += chr(arg)
            continue
        runs.append(run)
        run = ""
        if op is sre_constants.SUBPATTERN and not (arg[1] or arg[2]):  # no (?i:…) flags
            runs += _literal_runs(arg[-1])
    runs.append(run)
    return runs
