"""The labels an edition prints in its project blocks and performance-target tables.

Section 七's project blocks are labelled lines ('设立的政策依据：…'); the performance
tables of section 十二 have a heading, labelled rows above an indicator grid and the grid's
header.  Editions word these differently (单位整体绩效目标表 / 部门整体绩效目标表), so each
declares them; the parsers (`pipeline.parse.projects`, `pipeline.parse.performance`) read
whatever the document's edition declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, eq=False)
class ProjectLabels:
    """The labelled lines of a project block in the projects section.  (Labels compare and
    hash by identity, like the template holding them: parsers cache per object.)"""

    fields: tuple[tuple[str, str], ...] = (
        ("设立的政策依据", "policy_basis"),
        ("预算安排规模", "amount"),
        ("项目承担单位", "executing_unit"),
        ("资金分配情况", "allocation_text"),
        ("资金执行时间", "period"),
    )
    """(label, `projects` column): labels whose text becomes a column; every one is required."""
    descriptive: frozenset[str] = frozenset(
        {"资金来源", "补贴范围", "补贴方式", "发放程序", "受益人群和社会效益"}
    )
    """Labels some projects add that describe rather than quantify: read, deliberately not
    kept."""


@dataclass(frozen=True, eq=False)
class PerformanceLabels:
    """The performance-target tables: headings, labelled rows and the indicator header.

    `unit_heading` opens the unit-wide table (its `project` is `UNIT_WIDE` whatever the
    heading says), `project_heading` each project's.  Label tuples hold cleaned cells.
    """

    unit_heading: str = "单位整体绩效目标表"
    project_heading: str = "项目支出绩效目标表"
    in_section: str = "other"
    """The role of the narrative section the tables stand in."""
    unit_header: tuple[str, ...] = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标设定依据",
        "分值权重",
    )
    project_header: tuple[str, ...] = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值设置依据",
        "上年完成值",
        "指标分值权重",
        "指标赋分规则",
        "佐证资料",
    )
    columns: tuple[tuple[str, str], ...] = (
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "indicator"),
        ("指标值", "target_raw"),
        ("指标设定依据", "basis"),
        ("指标值设置依据", "basis"),
        ("上年完成值", "last_year_raw"),
        ("分值权重", "weight"),
        ("指标分值权重", "weight"),
        ("指标赋分规则", "scoring_rule"),
        ("佐证资料", "evidence"),
    )
    """(header cell, `performance_indicators` column)."""
    unit_name: tuple[str, ...] = ("预算单位", "单位名称（盖章）", "单位名称")
    """Rows naming the unit, checked against the cover."""
    contact: tuple[str, ...] = ("单位联系人", "项目负责人")
    """Rows naming a person and a phone: not budget data, deliberately not kept."""
    project_name: tuple[str, ...] = ("项目名称",)
    goal: tuple[str, ...] = ("项目总体目标", "年度绩效目标")
    money: tuple[str, ...] = ("项目资金（万元）", "年度预算（万元）")
    fiscal: tuple[str, ...] = ("其中：财政拨款", "财政拨款", "财政资金（万元）", "财政资金")
    other: tuple[str, ...] = ("其他资金", "其他资金（万元）")
    total: tuple[str, ...] = ("年度预算总额", "资金总额（万元）", "资金总额")

    @cached_property
    def headings(self) -> tuple[str, str]:
        """Both headings, unit-wide first."""
        return self.unit_heading, self.project_heading
