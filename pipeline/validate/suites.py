"""The identity suites of expectations/identities.json, generated from the families.

Every family suite holds the same four expectations over the residual frame; only its
description differs.  The file is written from here (`python -m pipeline.validate.suites`)
and a test keeps it current, so a new family is one entry in `DESCRIPTIONS`, not a pasted
suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.identities import FAMILIES, STATUSES

ABOUT = (
    "Great Expectations 1.x suites over the identity residual frame "
    "(pipeline.identities.residuals). Engine-independent: expectations name columns only, no "
    "row conditions, so the same suites run on a pandas batch, a SQL table or Spark. Baseline "
    "suites for the clean tables are generated from pipeline/schema.py at run time."
)
DESCRIPTIONS: dict[str, str] = {
    "hierarchy": "Every 类 = Σ 款, 款 = Σ 项, 总计 = Σ 类, in every column of every coded table.",
    "codes": (
        "Classification codes against their names and parents: each printed code's name "
        "is its standard name (pipeline/data/classification_codes.csv) or the name the "
        "document gives it elsewhere, never another code's; every 款 and 项 has its parent "
        "printed in the same table."
    ),
    "rows": (
        "Row identities of each table (by role): 合计 = 基本支出 + 项目支出; "
        "基本支出 = 人员经费 + 公用经费; "
        "财政拨款（补助）小计 = its sources; project table = Σ economic columns; 三公 subtotals; "
        "carry-over."
    ),
    "summary": (
        "The summary table (role income_expenditure_summary, 表1 in the 2024 edition): "
        "收入总计 = 支出总计 = 本年收入 + 上年结转结余, and the income subtotals."
    ),
    "across": (
        "Across tables (by role): summary ↔ expenditure, income ↔ expenditure, fiscal "
        "summary ↔ general budget, general budget ↔ economic and project tables, carry-"
        "over ↔ summary, 机关运行经费 ↔ economic table, 三公 ≥ economic table basic spending."
    ),
    "narrative": (
        "Narrative vs tables: stated amounts (section 四's classes and section 十一's "
        "projects included) and shares equal the tables; year-on-year sentences are "
        "internally consistent; reserved procurement within its total; a reason stated "
        "twice states one figure."
    ),
    "prior": "Prior-year figures derived from the narrative (amount − change) add up.",
    "projects": (
        "Projects and performance targets: allocations, table 7 vs narrative and "
        "performance tables, counts, cost targets, quantities; a new project a reason "
        "names equals its table-7 row; the unit-wide target count."
    ),
    "profile": "The unit profile's headcount: 实有人数 = 在职 + 退休 + 离休.",
    "warnings": (
        "Warnings (status warn): shares one unit off in a group printed to sum to "
        "100.00%, changes from a zero base printed as 100.00%, a cost ceiling rounded up,"
        " counts that disagree between a project's text and its targets."
    ),
    "completeness": (
        "Checks that could not be evaluated because an input was missing (never counted as pass)."
    ),
}
"""What each suite checks: one per family (`pipeline.identities.FAMILIES`), then the
warnings and the completeness suites over all residuals."""

_FAMILY_EXPECTATIONS = (
    (
        "expect_column_values_to_not_be_in_set",
        {"column": "status", "value_set": ["fail"]},
        "no identity of severity failure fails (status fail)",
    ),
    (
        "expect_column_values_to_be_in_set",
        {"column": "status", "value_set": list(STATUSES)},
        "every result has one of the four statuses: " + ", ".join(STATUSES),
    ),
    (
        "expect_column_values_to_not_be_null",
        {"column": "line"},
        "every result names the line of its figure",
    ),
    (
        "expect_column_values_to_be_between",
        {"column": "tolerance", "min_value": 0},
        "tolerances are n × 0.005 bounds, never negative",
    ),
)
_ALL_RESIDUALS = {
    "warnings": ("warn", "a warning (status warn) is worth reading, it does not fail the run"),
    "completeness": ("not_evaluated", "not evaluated is never pass"),
}


def _expectation(kind: str, kwargs: dict, severity: str, notes: str) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"severity": severity, "notes": notes}}


def identity_suites() -> dict:
    """The suites file's content: a suite per family, then warnings and completeness."""
    suites = [
        {
            "name": f"identities.{family}",
            "family": family,
            "meta": {
                "description": DESCRIPTIONS[family],
                "severity": "failure",
                "batch": f"residuals of family {family}, every document in one batch",
            },
            "expectations": [
                _expectation(kind, kwargs, "failure", notes)
                for kind, kwargs, notes in _FAMILY_EXPECTATIONS
            ],
        }
        for family in FAMILIES
    ]
    suites += [
        {
            "name": f"identities.{name}",
            "family": None,
            "meta": {
                "description": DESCRIPTIONS[name],
                "severity": "warning",
                "batch": "all residuals",
            },
            "expectations": [
                _expectation(
                    "expect_column_values_to_not_be_in_set",
                    {"column": "status", "value_set": [status]},
                    "warning",
                    notes,
                )
            ],
        }
        for name, (status, notes) in _ALL_RESIDUALS.items()
    ]
    return {"about": ABOUT, "suites": suites}


def suites_text() -> str:
    """The file's text, as written (two-space JSON, characters as they are)."""
    return json.dumps(identity_suites(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path) -> None:
    """Write the suites file (`python -m pipeline.validate.suites [PATH]`)."""
    path.write_text(suites_text(), encoding="utf-8")


if __name__ == "__main__":
    from pipeline.validate.gx import SUITES_FILE

    write(Path(sys.argv[1]) if len(sys.argv) > 1 else SUITES_FILE)
