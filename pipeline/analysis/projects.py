"""How one project (e.g. a trade fair) reshapes a unit-year's budget.

Inputs are clean frames of ONE unit-year.  The project is picked by a pattern the notebook
passes (`find_project`), never by a name written here.  What the document lets us say:
the project's share of project and total spending; the budget and its year-on-year change
with and without it (the prior year from the narrative's 比上年 sentences); its itemised
allocation (section 七); its unit costs against last year's completed values (performance
table); and bounds on how much of the procurement budget it can explain — the document does
not say which spending is procured, so only bounds are honest.
"""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl

from pipeline.analysis.common import (
    AMOUNT,
    PERCENT,
    MissingFigure,
    change_pct,
    of_table,
    pct,
    pct_column,
    ratio,
    total_row,
    unit_year,
)
from pipeline.text import fold, parse_decimal

__all__ = [
    "allocation",
    "find_project",
    "parse_target",
    "per_occasion_cost",
    "performance_name",
    "pick_project",
    "procurement_bounds",
    "project_spending",
    "unit_costs",
    "with_and_without",
]

PROJECTS = "project_expenditure"
"""The role of the project table (表7 in the 2024 edition)."""
EXPENDITURE = "expenditure_by_function"
ECONOMIC = "basic_by_economic_class"

# Columns of the project table (and classes of the economic table) whose spending can be
# bought through government procurement: goods and services, and capital spending.
PROCURABLE_MEASURES = ("商品服务支出", "资本性支出（基本建设）", "资本性支出")
PROCURABLE_ECONOMIC_CLASSES = ("302", "309", "310")


def find_project(names: pl.Series | list[str], pattern: str) -> str:
    """The one project name matching the regular expression `pattern`.

    >>> find_project(["基础设施保障项目", "喀什商品交易会项目（第十四届）"], "商品交易会")
    '喀什商品交易会项目（第十四届）'
    """
    candidates = sorted({n for n in names if n is not None and re.search(pattern, n)})
    if len(candidates) != 1:
        raise MissingFigure(
            f"expected one project matching {pattern!r}, found {len(candidates)}: {candidates[:10]}"
        )
    return candidates[0]


def pick_project(line_items: pl.DataFrame, pattern: str | None) -> tuple[str, bool]:
    """(project, matched): the table-7 project matching `pattern`, else the largest one.

    `matched` is False when the pattern matched nothing (or was None) and the largest
    project was taken instead — notebooks say so.  MissingFigure if the project table lists
    none.
    """
    spending = project_spending(line_items)
    if spending.height == 0:
        raise MissingFigure("the project table lists no projects")
    if pattern:
        hits = [n for n in spending["project"] if re.search(pattern, n)]
        if len(hits) == 1:
            return hits[0], True
    return spending["project"][0], False


def performance_name(performance_tables: pl.DataFrame, project: str) -> str | None:
    """The performance table's name for a table-7 project (exact, or with 项目 appended).

    >>> from pipeline.tidy import to_frame
    >>> tables = to_frame("performance_tables", [{"unit": "u", "year": 2024, "project":
    ...     "援疆补贴项目", "source": "s", "line": 1}])
    >>> performance_name(tables, "援疆补贴"), performance_name(tables, "其他")
    ('援疆补贴项目', None)
    """
    names = set(performance_tables["project"].drop_nulls())
    for candidate in (project, project + "项目"):
        if candidate in names:
            return candidate
    return None


def project_spending(line_items: pl.DataFrame) -> pl.DataFrame:
    """Every project of the project table with its amount and share of all project spending.

    Columns: project, amount, share_pct, line.
    """
    unit_year(line_items)
    total = total_row(line_items, PROJECTS, "项目支出合计")
    rows = of_table(line_items, PROJECTS).filter(
        pl.col("project").is_not_null(), pl.col("measure") == "项目支出合计"
    )
    return (
        rows.select("project", "amount", "line")
        .with_columns(pct_column("amount", total["amount"], "share_pct"))
        .select("project", "amount", "share_pct", "line")
        .sort("amount", descending=True)
    )


def _prior(narrative_changes: pl.DataFrame, subject: str) -> dict | None:
    """The first (whole-budget, section 三 before 五) 比上年 sentence about `subject`."""
    rows = narrative_changes.filter(pl.col("subject") == subject).sort("line")
    return rows.row(0, named=True) if rows.height else None


def with_and_without(
    line_items: pl.DataFrame, narrative_changes: pl.DataFrame, project: str
) -> pl.DataFrame:
    """Project spending and total spending this year and last, with and without `project`.

    The prior year comes from the narrative (项目支出 and 基本支出 sentences; the total is their
    sum).  "Without" removes the project from this year only: that is like-for-like when the
    narrative calls the project new (新增) this year — the notebook says so.
    Columns: measure, current, project_amount, without, prior, change_with, pct_with,
    change_without, pct_without, prior_line.
    """
    unit_year(line_items)
    amount = project_amount(line_items, project)
    basic = _prior(narrative_changes, "基本支出")
    projects = _prior(narrative_changes, "项目支出")
    current_projects = total_row(line_items, EXPENDITURE, "项目支出")["amount"]
    current_total = total_row(line_items, EXPENDITURE, "合计")["amount"]
    prior_projects = projects["prior_amount"] if projects else None
    prior_total = basic["prior_amount"] + prior_projects if basic and projects else None
    rows = []
    for measure, current, prior, line in (
        ("项目支出", current_projects, prior_projects, projects and projects["line"]),
        ("支出总计", current_total, prior_total, basic and basic["line"]),
    ):
        without = current - amount
        rows.append(
            {
                "measure": measure,
                "current": current,
                "project_amount": amount,
                "without": without,
                "prior": prior,
                "change_with": None if prior is None else current - prior,
                "pct_with": change_pct(current, prior),
                "change_without": None if prior is None else without - prior,
                "pct_without": change_pct(without, prior),
                "prior_line": line or None,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "measure": pl.String,
            "current": AMOUNT,
            "project_amount": AMOUNT,
            "without": AMOUNT,
            "prior": AMOUNT,
            "change_with": AMOUNT,
            "pct_with": PERCENT,
            "change_without": AMOUNT,
            "pct_without": PERCENT,
            "prior_line": pl.Int32,
        },
    )


def project_amount(line_items: pl.DataFrame, project: str) -> Decimal:
    """The project's 项目支出合计 in the project table."""
    rows = of_table(line_items, PROJECTS).filter(
        pl.col("project") == project, pl.col("measure") == "项目支出合计"
    )
    if rows.height != 1:
        raise MissingFigure(f"the project table has {rows.height} rows for project {project!r}")
    return rows["amount"].item()


def allocation(project_allocations: pl.DataFrame, project: str, amount: Decimal) -> pl.DataFrame:
    """The project's itemised allocation (资金分配情况) with shares of its amount.

    A remainder the text does not itemise is a row `未列明 (not itemised)` with a null line;
    items adding up to MORE than the amount are an error (the text contradicts the table).
    Columns: item, amount, share_pct, line.
    """
    rows = project_allocations.filter(pl.col("project") == project).sort("line")
    itemised = rows["amount"].sum() if rows.height else Decimal(0)
    if itemised > amount:
        raise ValueError(f"{project}: itemised {itemised} exceeds the project amount {amount}")
    frame = rows.select("item", "amount", "line")
    if itemised < amount:
        frame = pl.concat(
            [
                frame,
                pl.DataFrame(
                    [{"item": "未列明 (not itemised)", "amount": amount - itemised, "line": None}],
                    schema=frame.schema,
                ),
            ]
        )
    return (
        frame.with_columns(pct_column("amount", amount, "share_pct"))
        .select("item", "amount", "share_pct", "line")
        .sort("amount", descending=True)
    )


_TARGET = re.compile(r"^(?P<op>[<>=≤≥]*)\s*(?P<num>-?[\d,]*\.?\d+)\s*(?P<unit>.*)$")
_OPS = {"≤": "<=", "≥": ">="}


def parse_target(text: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, number, unit) of a printed target or last-year value; Nones if verbal.

    >>> parse_target("67.33 万元/次")
    (None, Decimal('67.33'), '万元/次')
    >>> parse_target("< =163.50 万元/次")
    ('<=', Decimal('163.50'), '万元/次')
    >>> parse_target("新增")
    (None, None, None)
    """
    if text is None:
        return None, None, None
    folded = re.sub(r"\s+", "", fold(text))
    match = _TARGET.match(folded)
    if not match:
        return None, None, None
    op = "".join(_OPS.get(c, c) for c in match["op"]) or None
    return op, parse_decimal(match["num"]), match["unit"] or None


def unit_costs(performance_indicators: pl.DataFrame, project: str) -> pl.DataFrame:
    """The project's cost indicators (成本指标): this year's target against last year's value.

    Last year's value is the table's 上年完成值 (completed value), parsed when numeric and in
    the same unit as the target; "新增" (new) and verbal values stay null.
    Columns: indicator, target_op, target_value, target_unit, last_year_value, times,
    change_pct, line.
    """
    rows = performance_indicators.filter(
        pl.col("project") == project,
        pl.col("level2").fill_null("").str.contains("成本")
        | pl.col("level1").fill_null("").str.contains("成本"),
    )
    out = []
    for row in rows.sort("line").iter_rows(named=True):
        _, last, last_unit = parse_target(row["last_year_raw"])
        if last is not None and last_unit != row["target_unit"]:
            last = None
        target = row["target_value"]
        out.append(
            {
                "indicator": row["indicator"],
                "target_op": row["target_op"],
                "target_value": target,
                "target_unit": row["target_unit"],
                "last_year_value": last,
                "times": ratio(target, last),
                "change_pct": change_pct(target, last),
                "line": row["line"],
            }
        )
    return pl.DataFrame(
        out,
        schema={
            "indicator": pl.String,
            "target_op": pl.String,
            "target_value": pl.Decimal(18, 4),
            "target_unit": pl.String,
            "last_year_value": pl.Decimal(18, 4),
            "times": pl.Decimal(18, 2),
            "change_pct": PERCENT,
            "line": pl.Int32,
        },
    )


def per_occasion_cost(performance_indicators: pl.DataFrame, project: str, keyword: str) -> dict:
    """Cost per occasion (e.g. per forum) and the count of occasions, this year and last.

    Picks the project's cost indicator whose name contains `keyword` and whose unit is
    money per something (万元/次), and the quantity indicator containing `keyword` counted in
    that something (次).  Returns cost, count and their product (the spending they imply) for
    this year's target and last year's completed value; MissingFigure if either is absent.
    """
    rows = performance_indicators.filter(
        pl.col("project") == project, pl.col("indicator").str.contains(keyword, literal=True)
    )
    costs = rows.filter(
        pl.col("target_unit").fill_null("").str.contains("/"),
        pl.col("target_unit").fill_null("").str.contains("元"),
    )
    if costs.height != 1:
        raise MissingFigure(
            f"{project}: {costs.height} cost-per-occasion indicators about {keyword!r}"
        )
    cost = costs.row(0, named=True)
    money_unit, per = cost["target_unit"].split("/", 1)
    counts = rows.filter(pl.col("target_unit") == per, pl.col("line") != cost["line"])
    if counts.height != 1:
        raise MissingFigure(
            f"{project}: {counts.height} count indicators about {keyword!r} in {per}"
        )
    count = counts.row(0, named=True)
    _, cost_last, cost_last_unit = parse_target(cost["last_year_raw"])
    _, count_last, count_last_unit = parse_target(count["last_year_raw"])
    if cost_last_unit != cost["target_unit"]:
        cost_last = None
    if count_last_unit != per:
        count_last = None

    def product(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        return None if a is None or b is None else (a * b).quantize(Decimal("0.01"))

    return {
        "cost_indicator": cost["indicator"],
        "count_indicator": count["indicator"],
        "money_unit": money_unit,
        "per": per,
        "cost": cost["target_value"],
        "cost_last_year": cost_last,
        "count": count["target_value"],
        "count_last_year": count_last,
        "implied": product(cost["target_value"], count["target_value"]),
        "implied_last_year": product(cost_last, count_last),
        "times": ratio(cost["target_value"], cost_last),
        "cost_line": cost["line"],
        "count_line": count["line"],
    }


def _procurable(line_items: pl.DataFrame, project: str | None) -> Decimal:
    """Goods, services and capital spending (all, or of one project's table-7 row)."""
    table7 = of_table(line_items, PROJECTS).filter(pl.col("measure").is_in(PROCURABLE_MEASURES))
    if project is None:
        table7 = table7.filter(pl.col("code").is_null(), pl.col("project").is_null())
        table6 = of_table(line_items, ECONOMIC).filter(
            pl.col("measure") == "合计", pl.col("code").is_in(PROCURABLE_ECONOMIC_CLASSES)
        )
        return (table7["amount"].sum() or Decimal(0)) + (table6["amount"].sum() or Decimal(0))
    return table7.filter(pl.col("project") == project)["amount"].sum() or Decimal(0)


def procurement_bounds(line_items: pl.DataFrame, facts: pl.DataFrame, project: str) -> pl.DataFrame:
    """How much of the procurement budget (政府采购预算) the project can explain: bounds.

    Assumption (stated, not proven by the document): procurement is drawn from goods,
    services and capital spending (table 6 classes 302/309/310, table 7's goods/services and
    capital columns).  Upper bound: the project's own such spending (capped at the
    procurement total).  Lower bound: what remains of procurement after every OTHER such
    spending is used first (never below 0).
    Columns: quantity, amount, share_pct (of 政府采购预算), line.
    """
    unit_year(line_items)
    fact = facts.filter(pl.col("topic") == "procurement", pl.col("metric") == "政府采购预算")
    if fact.height != 1:
        raise MissingFigure("the document states no 政府采购预算")
    total = fact["value"].item().quantize(Decimal("0.01"))
    line = fact["line"].item()
    own = _procurable(line_items, project)
    others = _procurable(line_items, None) - own
    upper = min(own, total)
    lower = max(Decimal(0), total - others)
    rows = [{"quantity": "政府采购预算 (procurement budget)", "amount": total, "line": line}]
    for metric in ("政府采购货物预算", "政府采购工程预算", "政府采购服务预算"):
        part = facts.filter(pl.col("topic") == "procurement", pl.col("metric") == metric)
        if part.height == 1:
            rows.append(
                {"quantity": metric, "amount": part["value"].item(), "line": part["line"].item()}
            )
    rows += [
        {"quantity": "project goods/services/capital (upper bound)", "amount": upper, "line": None},
        {"quantity": "other goods/services/capital spending", "amount": others, "line": None},
        {
            "quantity": "procurement left for the project (lower bound)",
            "amount": lower,
            "line": None,
        },
    ]
    frame = pl.DataFrame(rows, schema={"quantity": pl.String, "amount": AMOUNT, "line": pl.Int32})
    return frame.with_columns(pct_column("amount", total, "share_pct")).select(
        "quantity", "amount", "share_pct", "line"
    )


def share_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """Alias of `pct` for notebooks: `part` as a percentage of `whole`."""
    return pct(part, whole)
