"""The canonical roles: what a table, a narrative section or a part *is*, whatever an edition
numbers it.

Downstream code (identities, analysis, notebooks, views) speaks only these names; each
edition of the template (`pipeline.template.editions`) says which printed table and which
section numeral plays each role.  The descriptions feed the data dictionary.
"""

from __future__ import annotations

PART_ROLES: dict[str, str] = {
    "profile": "unit profile: functions, offices, headcount (单位概况 / 部门概况)",
    "tables": "the disclosure tables (预算公开表)",
    "narrative": "the narrative explaining the tables (预算情况说明)",
    "glossary": "terms explained (名词解释)",
}

TABLE_ROLES: dict[str, str] = {
    "income_expenditure_summary": "income and expenditure in one table (收支总体情况表)",
    "income_by_function": "income by source of funds, by functional class (收入总体情况表)",
    "expenditure_by_function": "expenditure, basic and project, by functional class "
    "(支出总体情况表)",
    "fiscal_summary": "fiscal appropriations, income and expenditure (财政拨款收支预算总体情况表)",
    "general_budget_by_function": "general public budget expenditure by functional class "
    "(一般公共预算支出情况表)",
    "basic_by_economic_class": "general public budget basic expenditure by economic class "
    "(一般公共预算基本支出情况表)",
    "project_expenditure": "general public budget project expenditure, project by project "
    "(一般公共预算项目支出情况表)",
    "government_fund_expenditure": "government fund budget expenditure (政府性基金预算支出情况表)",
    "state_capital_expenditure": "state capital operating budget expenditure "
    "(国有资本经营预算支出情况表)",
    "sangong": "the three public expenses, 三公 (财政拨款“三公”经费支出情况表)",
    "carryover": "carry-over from the prior year, project by project (上年结转结余情况明细表)",
}

SECTION_ROLES: dict[str, str] = {
    "overview": "income and expenditure overall (收支预算情况的总体说明)",
    "income": "income budget (收入预算情况说明)",
    "expenditure": "expenditure budget (支出预算情况说明)",
    "fiscal": "fiscal appropriations overall (财政拨款收支预算情况的总体说明)",
    "general_budget": "general public budget appropriations (一般公共预算当年拨款情况说明)",
    "basic_expenditure": "general public budget basic expenditure (一般公共预算基本支出情况说明)",
    "projects": "general public budget projects (一般公共预算项目支出情况说明)",
    "government_fund": "government fund appropriations (政府性基金预算拨款情况说明)",
    "state_capital": "state capital operating appropriations (国有资本经营预算拨款情况说明)",
    "sangong": "the three public expenses, 三公 (“三公”经费预算情况说明)",
    "carryover": "carry-over from the prior year (上年结转结余预算情况说明)",
    "other": "other matters: running costs, procurement, assets, performance "
    "(其他重要事项的情况说明)",
}

PERFORMANCE_TARGETS = "performance_targets"
"""What a performance-target table is (绩效目标表): a piece of the narrative's last section
with a role of its own, so that a table that cannot be read is told apart from a sentence
of the same section (`unplaced.role`)."""

KINDS: dict[str, str] = {
    "budget": "a budget disclosure (预算公开)",
}
"""Kinds of document; `final_accounts` (决算公开) is the next one."""
