"""The words an edition's sentences use, declared as data: the parsers read meaning from them.

Documents of one family say the same things in many ways: 比上年预算增加 / 较上年增长 / 同比
减少, 与上年持平, 主要原因是 / 主要是, 在职 / 在职人员.  Rather than one pattern per sentence,
an edition declares the *words* (what leads a comparison with the prior year, which words
say more and which less, which say no change, what leads a reason, how the headcount groups
are named, what says a section has nothing to show), and the parsers build their patterns
from them: a number, the words around it that say what it is, and its unit.  A new wording
is a word added here, not a code branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.text import LOOSE


def _alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first (so 比上年预算 wins over 比上年).

    >>> _alternatives(("比上年", "比上年预算"))
    '比上年预算|比上年'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, eq=False)
class Wording:
    """The words of an edition's narrative and profile sentences.

    Patterns apply to *normalised* text (half-width, stray spaces removed; see
    `pipeline.parse.narrative_text.normalise`).  Compared and hashed by identity, like the
    template holding it.
    """

    compared: tuple[str, ...] = (
        "比上年预算",
        "比上年",
        "较上年预算",
        "较上年",
        "同比",
        "与上年相比",
        "与上年预算相比",
        "与上年",
        "与上年预算",
    )
    """Words that lead a comparison with the prior year's budget (optional before it)."""
    more: tuple[str, ...] = ("增加", "增长", "上升", "提高")
    """Words that say a figure grew (the change is positive)."""
    less: tuple[str, ...] = ("减少", "下降", "降低")
    """Words that say a figure shrank (the change is negative)."""
    unchanged: tuple[str, ...] = ("持平", "无增减变化", "无增减")
    """Words that say a figure did not change: a change of 0.00 and 0.00%."""
    reason: tuple[str, ...] = (
        "主要原因是",
        "主要原因为",
        "主要原因:",
        "主要原因",
        "主要是",
        "原因是",
    )
    """Words that lead the reason given for a change."""
    staff: tuple[tuple[str, str], ...] = (
        ("在职", "staff_active"),
        ("退休", "staff_retired"),
        ("离休", "staff_retired_cadre"),
    )
    """Headcount groups: the word (人员 or 人数 may follow it) and its `documents` column."""
    quota: tuple[str, ...] = ("编制数", "编制人数", "核定编制")
    """Words that name the authorised headcount."""
    actual: tuple[str, ...] = ("实有人数", "实有人员")
    """Words that name the actual headcount."""
    persons: tuple[str, ...] = ("人", "名")
    """Unit words of a headcount."""
    nothing: tuple[str, ...] = ("没有", "无", "未安排", "为空表", "不涉及")
    """Words that say a section has nothing to show (a projects section without projects)."""
    subordinates: str = (
        r"(?:下属|所属)(?:预算)?单位\s*(\d+)\s*个\s*[,;:]?\s*(?:分别)?"
        r"(?:是|为|包括)\s*:?\s*(.+?)[。.]?\s*$"
    )
    """The profile's sentence listing the budget units a document covers besides its own:
    group 1 the count, group 2 the names (separated by 、 or ,)."""

    @cached_property
    def change(self) -> re.Pattern[str]:
        """A year-on-year clause: '比上年预算增加 X 万元，增长 Y%' in any declared words, or
        '与上年持平'.  Groups: dir, change, pdir, pct; or same (no change)."""
        lead = f"(?:{_alternatives(self.compared)}),?"
        way = _alternatives((*self.more, *self.less))
        return re.compile(
            rf"(?:{lead})?(?:(?P<dir>{way})(?P<change>{LOOSE})万元,?(?:{lead})?"
            rf"(?P<pdir>{way})(?P<pct>{LOOSE})%|(?P<same>{_alternatives(self.unchanged)}))"
        )

    @cached_property
    def change_words(self) -> tuple[str, ...]:
        """Text every change clause holds one of (a cheap test before the pattern)."""
        return (*self.more, *self.less, *self.unchanged)

    def sign(self, word: str) -> int:
        """+1 for a word that says more, −1 for one that says less.

        >>> Wording().sign("降低"), Wording().sign("增长")
        (-1, 1)
        """
        if word in self.less:
            return -1
        if word in self.more:
            return 1
        raise ValueError(f"{word!r} says neither more nor less")

    @cached_property
    def reason_lead(self) -> re.Pattern[str]:
        """The reason that follows a change clause; group reason."""
        return re.compile(rf"[,。;]?(?:{_alternatives(self.reason)})(?P<reason>[^;。]*)")

    @cached_property
    def staff_group(self) -> re.Pattern[str]:
        """'在职人员 77 人，减少 3 人' (folded text): groups word, n, dir, delta, same."""
        persons = _alternatives(self.persons)
        lead = f"(?:{_alternatives(self.compared)})?"
        return re.compile(
            rf"(?P<word>{_alternatives(tuple(w for w, _ in self.staff))})(?:人员|人数)?\s*"
            rf"(?:为|有)?\s*(?P<n>\d+)\s*(?:{persons})"
            rf"(?:\s*[,;]?\s*{lead}\s*(?:(?P<dir>{_alternatives((*self.more, *self.less))})"
            rf"\s*(?P<delta>\d+)\s*(?:{persons})|(?P<same>{_alternatives(self.unchanged)})))?"
        )

    @cached_property
    def staff_quota(self) -> re.Pattern[str]:
        """'编制数 101' (folded text, at the start of the headcount): group n."""
        return re.compile(
            rf"(?:{_alternatives(self.quota)})\s*(?:为)?\s*(?P<n>\d+)\s*"
            rf"(?:{_alternatives(self.persons)})?"
        )

    @cached_property
    def staff_actual(self) -> re.Pattern[str]:
        """'实有人数 143 人' (folded text): group n."""
        return re.compile(
            rf"(?:{_alternatives(self.actual)})\s*(?:为)?\s*(?P<n>\d+)\s*"
            rf"(?:{_alternatives(self.persons)})"
        )

    @cached_property
    def staff_columns(self) -> dict[str, str]:
        """Headcount word → `documents` column."""
        return dict(self.staff)

    @cached_property
    def subordinate_units(self) -> re.Pattern[str]:
        """The compiled `subordinates` sentence."""
        return re.compile(self.subordinates)

    def says_nothing(self, text: str) -> bool:
        """Whether a sentence says there is nothing to show.

        >>> Wording().says_nothing("本单位2024年没有一般公共预算项目支出。")
        True
        """
        return any(word in text for word in self.nothing)


BUDGET_WORDING = Wording()
"""The words of the budget disclosures (预算公开) of every edition declared so far."""
