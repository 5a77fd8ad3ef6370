"""Facts: every other number of the narrative, as (topic, metric, value, unit) with its line.

Changes and shares are read by `pipeline.parse.narrative`; this module reads the remaining
figures with the rules the document's edition declares (`Template.fact_rules`, one per kind
of sentence, each scoped to a section role).  `pipeline.parse.sentences` then checks that
every number the completeness scan finds (`narrative_numbers`) was placed by one or the
other: a sentence holding a number no rule places is not read, and its numbers go to
`unplaced` — never a silent drop.

Topics and metrics (metric names as printed, `clean_name`d; {…} is a printed name; the
sections as `unit_budget_2024` numbers them):

- overview:            收支总预算 (一)
- income:              收入预算 (二)
- expenditure:         支出预算 (三)
- fiscal:              财政拨款收支总预算 (四)
- fiscal_income:       {income item}, e.g. 一般公共预算拨款 (四, "收入预算包括：…")
- fiscal_expenditure:  {类}, e.g. 一般公共服务支出; {类}项目支出个数 (个) (四)
- general_budget:      一般公共预算拨款合计 (五)
- government_fund:     政府性基金预算拨款安排的支出 (八)
- government_fund_expenditure: {类}, e.g. 其他支出 (八, "…按功能分类包括：…")
- basic_expenditure:   一般公共预算基本支出, 人员经费, 公用经费 (六)
- 三公:                财政拨款“三公”经费, {part}: 因公出国（境）费, 公务用车购置费,
                       公务用车运行费, 公务接待费 (十)
- carryover:           上年结转结余, 财政拨款, 非财政拨款; {project} (万元), {project}/人数 (名),
                       {project}/标准 (e.g. 元/月/人) (十一)
- operating_costs:     机关运行经费财政拨款预算 (十二(一))
- procurement:         政府采购预算, 政府采购货物预算, 政府采购工程预算, 政府采购服务预算,
                       面向中小企业预留政府采购项目预算金额, 小微企业预留政府采购项目预算金额
- assets:              {asset} (平方米/辆/台/套) and {asset}价值 (万元) for 房屋, 车辆,
                       一般公务用车, 执法执勤用车, 其他车辆; 办公家具价值, 其他资产价值;
                       单位价值{N}万元以上大型设备 (台/套); 购置单位价值{N}万元以上大型设备
- performance:         整体预算绩效目标个数/金额, 财政拨款项目个数/金额, 非财政拨款项目个数/金额
- narrative_reason:    {section}/{subject}/{label}: a number inside a change's reason, e.g.
                       二/一般公共预算/年初预算新增喀什商品交易会项目（第十四届）预算 = 1962 万元,
                       十/公务用车运行费/报废其他车辆 = 7 辆
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from pipeline.errors import ParseError
from pipeline.parse.narrative import Failure, subject_of
from pipeline.parse.narrative_text import (
    LOOSE,
    NarrativeLine,
    is_number,
    narrative_lines,
    read_number,
)
from pipeline.parse.sections import Layout
from pipeline.reader import RawDocument
from pipeline.template import Rule, Template
from pipeline.text import clean_name

__all__ = ["Fact", "read_facts"]


def _n(group: str) -> str:
    return rf"(?P<{group}>{LOOSE})"


_LOOSE_FULL = re.compile(LOOSE)
_PROJECT = re.compile(rf"^\d+[.、](?P<name>.+?)\s?{_n('v')}万元(?P<rest>.*)$")
_PROJECT_DETAIL = re.compile(rf"(?<![\d.,]){_n('n')}(?P<unit>名|人|元/[^,;。]+)")


class Fact(NamedTuple):
    topic: str
    metric: str
    value: Decimal
    unit: str
    line: int
    starts: tuple[int, ...]
    """Offsets of the numbers the fact accounts for: its value and any in its metric name."""


def _plain(value: Decimal) -> str:
    """A number as it reads in a metric name.

    >>> _plain(Decimal("1000.00")), _plain(Decimal("0.50"))
    ('1000', '0.5')
    """
    return format(value.normalize(), "f")


def _apply(
    doc: RawDocument, unit_name: str, rule: Rule, item: NarrativeLine, failures: list[Failure]
) -> list[Fact]:
    text = item.text
    if rule.only and not rule.only.search(text):
        return []
    if rule.never and rule.never.search(text):
        return []
    facts = []
    for match in rule.pattern.finditer(text):
        try:
            facts += _match_facts(doc, unit_name, rule, item, match)
        except ParseError as error:
            failures.append(Failure(item.line, match.start(), error))
    return facts


def _match_facts(
    doc: RawDocument, unit_name: str, rule: Rule, item: NarrativeLine, match: re.Match[str]
) -> list[Fact]:
    fields = _fields(doc, item.line, unit_name, rule.template_groups, match)
    facts = []
    for (group, topic, metric, unit), groups in zip(rule.outputs, rule.metric_groups, strict=True):
        value_unit = unit.format(**fields)
        places = 2 if value_unit in ("万元", "%") else None
        named = [g for g in groups if match.group(g)]
        facts.append(
            Fact(
                topic,
                clean_name(metric.format(**fields)),
                read_number(doc, item.line, match.group(group), places),
                value_unit,
                item.line,
                tuple(map(match.start, (group, *named))),
            )
        )
    return facts


def _fields(
    doc: RawDocument, line: int, unit_name: str, used: frozenset[str], match: re.Match[str]
) -> dict[str, str]:
    """The template values of a match: names as subjects, numbers printed plainly.

    Every number is checked (a malformed one is an error, whether a template uses it or
    not); only the groups a template names are converted.
    """
    fields = {}
    for key, text in match.groupdict().items():
        if text is None:
            fields[key] = ""
        elif _LOOSE_FULL.fullmatch(text):
            if key in used or not is_number(text):
                fields[key] = _plain(read_number(doc, line, text, places=None))
        elif key in used:
            fields[key] = subject_of(text, unit_name)
    return fields


def _carryover_projects(doc: RawDocument, item: NarrativeLine) -> Iterator[Fact]:
    """'1. 项目名 3.69 万元，主要用于 … 15 名 … 1230 元/月/人' in the carry-over section."""
    match = _PROJECT.match(item.text)
    if match is None:
        return
    name = clean_name(match.group("name"))
    yield Fact(
        "carryover",
        name,
        read_number(doc, item.line, match.group("v")),
        "万元",
        item.line,
        (match.start("v"),),
    )
    offset = match.start("rest")
    for detail in _PROJECT_DETAIL.finditer(match.group("rest")):
        unit = detail.group("unit")
        metric = f"{name}/人数" if unit in ("名", "人") else f"{name}/标准"
        yield Fact(
            "carryover",
            metric,
            read_number(doc, item.line, detail.group("n"), None),
            unit,
            item.line,
            (offset + detail.start("n"),),
        )


@cache
def _rules_of(template: Template) -> dict[str, tuple[Rule, ...]]:
    """The edition's fact rules by section role (a template is hashed by identity)."""
    rules: dict[str, list[Rule]] = {}
    for rule in template.fact_rules:
        rules.setdefault(rule.section, []).append(rule)
    return {role: tuple(found) for role, found in rules.items()}


_SECTION_READERS: dict[str, Callable[[RawDocument, NarrativeLine], Iterator[Fact]]] = {
    "carryover": _carryover_projects,
}


def read_facts(doc: RawDocument, layout: Layout) -> tuple[list[Fact], list[Failure]]:
    """The facts the edition's rules read from the narrative, and the matches that could
    not be read (a malformed number)."""
    facts: list[Fact] = []
    failures: list[Failure] = []
    role_of = layout.section_role
    rules_of = _rules_of(layout.template)
    for item in narrative_lines(doc, layout):
        role = role_of(item.section) or ""
        for rule in rules_of.get(role, ()):
            facts += _apply(doc, layout.unit, rule, item, failures)
        reader = _SECTION_READERS.get(role)
        if reader:
            try:
                facts += reader(doc, item)
            except ParseError as error:
                failures.append(Failure(item.line, 0, error))
    return facts, failures
