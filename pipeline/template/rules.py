"""How a fact rule is declared: a kind of narrative sentence, the section role it stands in,
and the facts it gives.

Rules are data an edition holds (`Template.fact_rules`); `pipeline.parse.facts` applies
them.  A new wording is a new rule in the edition's tuple, not a code branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

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
    """

    section: str
    pattern: re.Pattern[str]
    outputs: tuple[tuple[str, str, str, str], ...]
    only: re.Pattern[str] | None = None
    never: re.Pattern[str] | None = None

    @cached_property
    def template_groups(self) -> frozenset[str]:
        """Groups some metric or unit template names."""
        return frozenset(
            name for _, _, metric, unit in self.outputs for name in _FIELD.findall(metric + unit)
        )

    @cached_property
    def metric_groups(self) -> tuple[tuple[str, ...], ...]:
        """For each output, the groups its metric template names."""
        return tuple(tuple(_FIELD.findall(metric)) for _, _, metric, _ in self.outputs)


def rule(
    section: str,
    pattern: str,
    *outputs: tuple[str, str, str, str],
    only: str | None = None,
    never: str | None = None,
) -> Rule:
    """A `Rule` from its pattern text."""
    return Rule(
        section,
        re.compile(pattern),
        outputs,
        re.compile(only) if only else None,
        re.compile(never) if never else None,
    )
