"""What each edition's narrative sections are expected to state, declared as data.

A check anchored on a figure the narrative states has an instance only where the figure
was read — so a statement the parser could not read (a garbled amount) would leave no
result at all.  Each edition therefore declares which stated figures its sections always
carry, and a document of that edition gets those instances whether or not the figure was
read: a statement that is missing is then `not_evaluated`, with a detail naming what was
expected, never absent.

An expectation is one of

- `ALWAYS`: the section states the figure in every document of the edition (the totals,
  the four 三公 amounts even when they are 0.00, …);
- `NONZERO`: the section states it where the table figure it equals is printed and not
  zero (a source of income the unit does not have is "未安排", a class it does not spend on
  is not mentioned); for a check by code, one instance per such code.

The parser refuses a document whose contents (目录) list a section its body lacks, so a
document of the edition prints every section declared here; a check that needs a section
the edition does not declare does not apply at all (`editions.applicable`).  An edition
that declares nothing here expects nothing: its stated checks have instances only where a
figure was read.
"""

from __future__ import annotations

from typing import Literal

Expectation = Literal["always", "nonzero"]
ALWAYS: Expectation = "always"
NONZERO: Expectation = "nonzero"

_UNIT_BUDGET_2024: dict[str, Expectation] = {
    # 一 overview, 二 income, 三 expenditure: the totals always, each source or kind of
    # spending where the unit has it
    "narrative.overview.total_budget_eq_income_expenditure_summary": ALWAYS,
    "narrative.income.income_budget_eq_income_by_function": ALWAYS,
    "narrative.income.gpb_eq_income_expenditure_summary": NONZERO,
    "narrative.income.gpb_transfer_eq_income_expenditure_summary": NONZERO,
    "narrative.income.fiscal_carryover_eq_income_expenditure_summary": NONZERO,
    "narrative.expenditure.expenditure_budget_eq_expenditure_by_function": ALWAYS,
    "narrative.expenditure.basic_eq_expenditure_by_function": NONZERO,
    "narrative.expenditure.project_eq_expenditure_by_function": NONZERO,
    # 四 fiscal: the total, the general budget, each class the general budget spends on
    "narrative.fiscal.total_eq_fiscal_summary": ALWAYS,
    "narrative.fiscal.gpb_eq_fiscal_summary": NONZERO,
    "narrative.fiscal.class_eq_fiscal_summary": NONZERO,
    # 五 general budget: the total, basic and project, each class (二) and each 项 (三)
    "narrative.general_budget.total_eq_general_budget_by_function": ALWAYS,
    "narrative.general_budget.basic_eq_general_budget_by_function": NONZERO,
    "narrative.general_budget.project_eq_general_budget_by_function": NONZERO,
    "narrative.general_budget.class_share_amount_eq_general_budget_by_function": NONZERO,
    "narrative.general_budget.item_amount_eq_general_budget_by_function": NONZERO,
    # 六 basic expenditure
    "narrative.basic_expenditure.total_eq_basic_by_economic_class": ALWAYS,
    "narrative.basic_expenditure.personnel_eq_basic_by_economic_class": ALWAYS,
    "narrative.basic_expenditure.public_eq_basic_by_economic_class": ALWAYS,
    # 十 三公: the total and the four parts, 0.00 included
    "narrative.sangong.total_eq_sangong": ALWAYS,
    "narrative.sangong.abroad_eq_sangong": ALWAYS,
    "narrative.sangong.vehicle_purchase_eq_sangong": ALWAYS,
    "narrative.sangong.vehicle_running_eq_sangong": ALWAYS,
    "narrative.sangong.reception_eq_sangong": ALWAYS,
    "narrative.sangong.total_eq_parts": ALWAYS,
    # 十一 carry-over: the total and its two kinds, each project of the carry-over table
    "narrative.carryover.total_eq_carryover": ALWAYS,
    "narrative.carryover.fiscal_eq_carryover": ALWAYS,
    "narrative.carryover.nonfiscal_eq_carryover": ALWAYS,
    "narrative.carryover.project_eq_carryover": NONZERO,
    # 十二 other matters: running costs, procurement and its reserved shares, vehicles,
    # performance
    "across.other.operating_costs_eq_basic_by_economic_class_public": ALWAYS,
    "narrative.other.procurement_eq_parts": ALWAYS,
    "narrative.other.sme_reserved_le_procurement": ALWAYS,
    "narrative.other.small_micro_reserved_le_sme_reserved": ALWAYS,
    "narrative.other.vehicles_eq_kinds": ALWAYS,
    "narrative.other.vehicle_value_eq_kinds": ALWAYS,
    "narrative.other.performance_unit_eq_income_expenditure_summary": ALWAYS,
    "narrative.other.performance_projects_eq_project_expenditure": ALWAYS,
}

EXPECTED: dict[str, dict[str, Expectation]] = {
    "unit_budget_2024": _UNIT_BUDGET_2024,
}
"""Edition name → stated check → what its sections are expected to state."""


def expectation(check: str, edition: str | None) -> Expectation | None:
    """What the edition's narrative is expected to state for `check` (None: nothing).

    >>> expectation("narrative.sangong.abroad_eq_sangong", "unit_budget_2024")
    'always'
    >>> expectation("narrative.sangong.abroad_eq_sangong", None) is None
    True
    """
    return EXPECTED.get(edition or "", {}).get(check)


def editions_expecting(check: str) -> dict[str, Expectation]:
    """Edition name → expectation, for the editions that expect `check`'s figure."""
    return {name: checks[check] for name, checks in EXPECTED.items() if check in checks}
