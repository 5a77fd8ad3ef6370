"""Project and performance-target checks.

- `projects.allocations_sum_to_amount`: the amounts a project's 资金分配情况 itemises add
  up to its 预算安排规模 (n × 0.005).
- `projects.narrative_eq_project_expenditure`: a project's 预算安排规模 is its row of the
  project table (role project_expenditure, 表7 in the 2024 edition).
- `projects.project_expenditure_eq_performance`: the project table, after merging the
  numbered variants of one project ("军民共建及慰问项目" + "… 1"), equals the project's
  performance-table budget.
- `projects.count_eq_project_expenditure`: the project count the narrative states equals
  the number of projects it covers.  The count by class (四) covers the project table's
  rows of that class, merged.  The performance section's 财政拨款项目 count covers every
  fiscal project: the project table's (general budget only, merged) plus the government
  fund's, which the fund section (八) describes in blocks.  When the fund table prints
  project money the fund section does not describe, or the state-capital table prints
  project money (no section lists those projects), the count's coverage is unknown: not
  evaluated, with the reason.
- `projects.fund_projects_eq_government_fund_expenditure`: the government fund's projects
  described in their section (八) add up to the fund table's 总计 项目支出.
- `projects.fund_project_eq_performance`: a fund project's 预算安排规模 (八) is its
  performance table's 年度预算总额.
- `projects.unit_performance_eq_total`: the unit-wide performance budget is 收支总预算.
- `projects.unit_count_eq_performance`: the number of unit-wide performance targets the
  narrative states (整体预算绩效目标 N 个) is the number of 单位整体绩效目标表 printed.
- `projects.performance_funds_add_up`: 年度预算总额 = 财政拨款 + 其他资金.
- `projects.cost_targets_match_budget`: the cost targets (成本指标) priced in 万元, each
  per-unit cost times the quantity target in that unit, add up to the project budget.
  Cost targets are indicative (the template does not force them to cover the budget), so
  a mismatch is a warning (`warn`), naming whether the budget is below the ceilings (a
  ceiling rounded up) or above them; a cost in 元 or without a matching quantity leaves
  the project not evaluated.
- `projects.quantities_agree` (warning): a count stated in the allocation text and in a
  quantity target of the same project (same unit, names sharing a word) is the same.

`NEEDS` says which table and section roles each check reads; details name tables and
sections in the document's own numbers.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.identities.editions import DOC, Needs, documents_of, rendered
from pipeline.identities.evaluate import HALF_CENT as HALF
from pipeline.identities.evaluate import not_holding, residual_frame, residual_row
from pipeline.identities.labels import label_key, project_key
from pipeline.identities.relations import FUND, PROJECTS, STATE_CAPITAL, SUMMARY
from pipeline.schema import UNIT_WIDE

SAME_UNIT = {"名": "人"}

FUND_SECTION = "government_fund"
"""The section role whose project blocks are the government fund's (`projects.section_role`)."""
FISCAL_COUNT = "财政拨款项目个数"
"""The count of every fiscal project: general budget, government fund, state capital."""
COUNT_FACTS: list[tuple[str, str, str]] = [
    ("performance", FISCAL_COUNT, ""),
    ("fiscal_expenditure", "一般公共服务支出项目支出个数", "201"),
]
"""(topic, metric, code prefix of the project-table rows counted) of the stated project
counts."""
UNIT_COUNT = ("performance", "整体预算绩效目标个数")
"""(topic, metric) of the stated number of unit-wide performance targets (单位整体绩效目标表)."""

NEEDS: dict[str, Needs] = {
    "projects.allocations_sum_to_amount": Needs.of(sections=["projects"]),
    "projects.narrative_eq_project_expenditure": Needs.of([PROJECTS], ["projects"]),
    "projects.project_expenditure_eq_performance": Needs.of([PROJECTS]),
    "projects.count_eq_project_expenditure": Needs.of(
        [PROJECTS, FUND, STATE_CAPITAL], ["fiscal", "other", "government_fund"]
    ),
    "projects.fund_projects_eq_government_fund_expenditure": Needs.of([FUND], ["government_fund"]),
    "projects.fund_project_eq_performance": Needs.of(sections=["government_fund"]),
    "projects.unit_performance_eq_total": Needs.of([SUMMARY]),
    "projects.quantities_agree": Needs.of(sections=["projects"]),
}
"""The roles the project checks read: tables, and the sections their texts and stated
counts stand in (the performance-target tables: `PERFORMANCE`)."""
PERFORMANCE = (
    "projects.project_expenditure_eq_performance",
    "projects.fund_project_eq_performance",
    "projects.unit_performance_eq_total",
    "projects.performance_funds_add_up",
    "projects.cost_targets_match_budget",
    "projects.quantities_agree",
)
"""The checks that read the performance-target tables."""
CLAIMS = (
    "projects.narrative_eq_project_expenditure",
    "projects.count_eq_project_expenditure",
    "projects.fund_projects_eq_government_fund_expenditure",
)
"""Checks here that judge a claim of the narrative against the tables (see `claim_checks`)."""


def _common(a: str, b: str) -> int:
    """Length of the longest common substring.

    >>> _common("平均举办论坛成本", "举办论坛次数")
    4
    """
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _best(name: str, candidates: list[dict], field: str) -> dict | None:
    scored = sorted(((_common(name, c[field]), c) for c in candidates), key=lambda t: -t[0])
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _get(frames: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    f = frames.get(name)
    return f if f is not None else pl.DataFrame()


def _table7(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The project rows of the project table, column 项目支出合计."""
    return table7_rows(_get(frames, "line_items"))


def table7_rows(li: pl.DataFrame) -> pl.DataFrame:
    """The project rows of the project table in `li` (line_items), column 项目支出合计."""
    if li.is_empty():
        return li
    rows = li.filter((pl.col("table_role") == PROJECTS) & pl.col("project").is_not_null())
    total = [m for m in rows["measure"].unique().to_list() if label_key(m) == "项目支出合计"]
    return rows.filter(pl.col("measure").is_in(total))


Doc = tuple[str, int, str]


def by_document(frame: pl.DataFrame, columns: list[str]) -> dict[Doc, list[dict]]:
    """The rows of `frame` (only `columns`), in line order, bucketed by document.

    One pass over the frame, so the family costs the same per document at any corpus size.
    """
    out: dict[Doc, list[dict]] = {}
    if frame.is_empty():
        return out
    rows = frame.sort(*DOC, "line", maintain_order=True).select(
        *DOC, *(c for c in columns if c not in DOC)
    )
    for r in rows.iter_rows(named=True):
        out.setdefault((r["unit"], r["year"], r["kind"]), []).append(r)
    return out


_COLS = {
    "projects": ["section_role", "project", "amount", "source", "line"],
    "project_allocations": ["project", "item", "amount", "source", "line"],
    "performance_tables": [
        "project",
        "total_budget",
        "fiscal_amount",
        "other_amount",
        "source",
        "line",
    ],
    "performance_indicators": [
        "project",
        "level1",
        "indicator",
        "target_op",
        "target_value",
        "target_unit",
        "line",
    ],
    "project_quantities": ["project", "item", "quantity", "quantity_unit", "source", "line"],
    "facts": ["topic", "metric", "value", "source", "line"],
    "line_items": ["table_role", "code", "project", "side", "item", "amount", "source", "line"],
}


def project_residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """All project and performance checks over the frames of every unit-year."""
    t7 = _table7(frames)
    li = _get(frames, "line_items")
    projects = _get(frames, "projects")
    if not projects.is_empty() and "section_role" not in projects.columns:
        projects = projects.with_columns(section_role=pl.lit("projects"))  # before 八 was read
    facts = _get(frames, "facts")
    if not facts.is_empty():
        metrics = [m for _t, m, _p in COUNT_FACTS] + [UNIT_COUNT[1]]
        facts = facts.filter(pl.col("metric").is_in(metrics))
    t1 = (
        li.filter((pl.col("table_role") == SUMMARY) & (pl.col("side") == "income"))
        if not li.is_empty()
        else li
    )
    b = {
        name: by_document(_get(frames, name), cols)
        for name, cols in _COLS.items()
        if name not in ("facts", "line_items", "projects")
    }
    b["projects"] = by_document(projects, _COLS["projects"])
    b["facts"] = by_document(facts, _COLS["facts"])
    b["t1"] = by_document(t1, _COLS["line_items"])
    b["t7"] = by_document(t7, _COLS["line_items"])
    t7_printed = (
        set(li.filter(pl.col("table_role") == PROJECTS).select(DOC).unique().iter_rows())
        if not li.is_empty()
        else set()
    )
    money = _project_money(li, _get(frames, "tables"))
    editions = {(u, y, k): t for u, y, k, t in documents_of(frames).iter_rows()}
    docs = set(b["projects"]) | set(b["performance_tables"]) | set(b["t7"]) | set(b["facts"])
    rows: list[dict] = []
    for doc in sorted(docs):

        def of(name: str, key: Doc = doc) -> list[dict]:
            return b[name].get(key, [])

        unit, year, kind = doc
        base = dict(family="projects", unit=unit, year=year, kind=kind)
        template = editions.get(doc)
        t7_rows, t7_present = of("t7"), doc in t7_printed
        general = [p for p in of("projects") if p["section_role"] != FUND_SECTION]
        fund = [p for p in of("projects") if p["section_role"] == FUND_SECTION]
        rows += _allocations(base, of("projects"), of("project_allocations"))
        rows += _narrative_vs_t7(base, general, t7_rows, t7_present, template)
        rows += _t7_vs_performance(base, t7_rows, of("performance_tables"), template)
        rows += _fund_vs_table(base, fund, money.get((doc, FUND)), template)
        rows += _fund_vs_performance(base, fund, of("performance_tables"), template)
        rows += _counts(base, of("facts"), t7_rows, fund, money, template)
        rows += _unit_wide(base, of("performance_tables"), of("t1"), template)
        rows += _unit_count(base, of("facts"), of("performance_tables"))
        rows += _cost_targets(base, of("performance_tables"), of("performance_indicators"))
        rows += _quantities(base, of("project_quantities"), of("performance_indicators"))
    return residual_frame(rows)


def _allocations(base: dict, projects: list[dict], allocs: list[dict]) -> list[dict]:
    out = []
    for p in projects:
        items = [a for a in allocs if a["project"] == p["project"]]
        if not items:
            continue
        calc = sum((a["amount"] for a in items), Decimal(0))
        tol = HALF * len(items)
        out.append(
            residual_row(
                **base,
                check="projects.allocations_sum_to_amount",
                severity="failure",
                instance=p["project"],
                status="pass" if abs(p["amount"] - calc) <= tol else "fail",
                reported=p["amount"],
                calculated=calc,
                tolerance=tol,
                source=p["source"],
                line=p["line"],
                detail=f"{p['project']}: 预算安排规模 {p['amount']} vs itemised "
                + " + ".join(f"{a['item']} {a['amount']}" for a in items)
                + f" (line {items[0]['line']})",
            )
        )
    return out


def _narrative_vs_t7(
    base: dict, projects: list[dict], t7: list[dict], t7_present: bool, template: str | None
) -> list[dict]:
    out = []
    section = rendered("说明 {§projects}", template)
    table = rendered("{project_expenditure}", template)
    for p in projects:
        hits = [r for r in t7 if r["project"] == p["project"]]
        calc = sum((r["amount"] for r in hits), Decimal(0)) if t7_present else None
        status = (
            "not_evaluated"
            if calc is None
            else "pass"
            if abs(p["amount"] - calc) <= HALF * max(len(hits), 1)
            else "fail"
        )
        out.append(
            residual_row(
                **base,
                check="projects.narrative_eq_project_expenditure",
                severity="failure",
                instance=p["project"],
                status=status,
                reported=p["amount"],
                calculated=calc,
                tolerance=HALF * max(len(hits), 1),
                source=p["source"],
                line=p["line"],
                detail=f"{p['project']}: {section} {p['amount']} vs {table} "
                + (f"line {hits[0]['line']}" if hits else "no such project row"),
            )
        )
    return out


def _merged(t7: list[dict]) -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {}
    for r in t7:
        merged.setdefault(project_key(r["project"]) or "", []).append(r)
    return merged


def _t7_vs_performance(
    base: dict, t7: list[dict], perf: list[dict], template: str | None
) -> list[dict]:
    out = []
    table = rendered("{project_expenditure}", template)
    tables = {project_key(p["project"]): p for p in perf if p["project"] != UNIT_WIDE}
    for key, parts in _merged(t7).items():
        calc = sum((r["amount"] for r in parts), Decimal(0))
        p = tables.get(key)
        names = " + ".join(f"{r['project']} {r['amount']} (line {r['line']})" for r in parts)
        if p is None or p["total_budget"] is None:
            out.append(
                residual_row(
                    **base,
                    check="projects.project_expenditure_eq_performance",
                    severity="failure",
                    instance=key,
                    status="not_evaluated" if not perf else "fail",
                    reported=None,
                    calculated=calc,
                    tolerance=None,
                    source=parts[0]["source"],
                    line=parts[0]["line"],
                    detail=f"{names}: no performance table found",
                )
            )
            continue
        tol = HALF * len(parts)
        out.append(
            residual_row(
                **base,
                check="projects.project_expenditure_eq_performance",
                severity="failure",
                instance=key,
                status="pass" if abs(p["total_budget"] - calc) <= tol else "fail",
                reported=p["total_budget"],
                calculated=calc,
                tolerance=tol,
                source=p["source"],
                line=p["line"],
                detail=f"performance table {p['project']} {p['total_budget']} vs {table} {names}",
            )
        )
    return out


def _project_money(li: pl.DataFrame, printed: pl.DataFrame) -> dict[tuple, Decimal]:
    """(document, table role) → the 总计 项目支出 of the government-fund and state-capital
    tables, for each document that prints the table (printed empty, with its note: 0)."""
    out: dict[tuple, Decimal] = {}
    roles = (FUND, STATE_CAPITAL)
    if not printed.is_empty() and "table_role" in printed.columns:
        for row in printed.filter(pl.col("table_role").is_in(roles)).iter_rows(named=True):
            out[((row["unit"], row["year"], row["kind"]), row["table_role"])] = Decimal(0)
    if li.is_empty():
        return out
    cells = li.filter(pl.col("table_role").is_in(roles))
    for row in cells.iter_rows(named=True):
        if label_key(row["measure"]) == "项目支出" and label_key(row["item"]) == "总计":
            doc = (row["unit"], row["year"], row["kind"])
            out[(doc, row["table_role"])] = out.get((doc, row["table_role"]), 0) + row["amount"]
    return out


def _fund_vs_table(
    base: dict, fund: list[dict], table_money: Decimal | None, template: str | None
) -> list[dict]:
    """The fund section's projects add up to the fund table's 总计 项目支出."""
    if not fund:
        return []
    table = rendered("{government_fund_expenditure}", template)
    section = rendered("说明 {§government_fund}", template)
    calc = sum((p["amount"] for p in fund), Decimal(0))
    tol = HALF * len(fund)
    status = (
        "not_evaluated"
        if table_money is None
        else "pass"
        if abs(table_money - calc) <= tol
        else "fail"
    )
    return [
        residual_row(
            **base,
            check="projects.fund_projects_eq_government_fund_expenditure",
            severity="failure",
            instance="政府性基金预算项目",
            status=status,
            reported=table_money,
            calculated=calc,
            tolerance=tol,
            source=fund[0]["source"],
            line=fund[0]["line"],
            detail=f"{table} 总计 项目支出 "
            + ("not printed" if table_money is None else f"{table_money}")
            + f" vs Σ {len(fund)} projects of {section}: "
            + " + ".join(f"{p['project']} {p['amount']} (line {p['line']})" for p in fund),
        )
    ]


def _fund_vs_performance(
    base: dict, fund: list[dict], perf: list[dict], template: str | None
) -> list[dict]:
    """Each fund project's 预算安排规模 is its performance table's 年度预算总额."""
    out = []
    section = rendered("说明 {§government_fund}", template)
    tables = {project_key(p["project"]): p for p in perf if p["project"] != UNIT_WIDE}
    for f in fund:
        p = tables.get(project_key(f["project"]))
        found = p is not None and p["total_budget"] is not None
        status = (
            ("not_evaluated" if not perf else "fail")
            if not found
            else "pass"
            if abs(p["total_budget"] - f["amount"]) <= HALF
            else "fail"
        )
        out.append(
            residual_row(
                **base,
                check="projects.fund_project_eq_performance",
                severity="failure",
                instance=f["project"],
                status=status,
                reported=p["total_budget"] if found else None,
                calculated=f["amount"],
                tolerance=HALF,
                source=f["source"],
                line=p["line"] if found else f["line"],
                detail=f"{f['project']}: {section} 预算安排规模 {f['amount']} "
                f"(line {f['line']}) vs "
                + (
                    f"performance table {p['total_budget']} (line {p['line']})"
                    if found
                    else "no performance table found"
                ),
            )
        )
    return out


def _counts(
    base: dict,
    facts: list[dict],
    t7: list[dict],
    fund: list[dict],
    money: dict[tuple, Decimal],
    template: str | None,
) -> list[dict]:
    out = []
    table = rendered("{project_expenditure}", template)
    doc = (base["unit"], base["year"], base["kind"])
    for topic, metric, prefix in COUNT_FACTS:
        for f in (x for x in facts if x["topic"] == topic and x["metric"] == metric):
            merged = _merged([r for r in t7 if (r["code"] or "").startswith(prefix)])
            covered = (
                f"{len(merged)} projects in {table} after merging numbered variants "
                f"({len(t7)} rows)"
            )
            keys = set(merged)
            unknown: list[str] = []
            if metric == FISCAL_COUNT:
                keys |= {project_key(p["project"]) or "" for p in fund}
                covered += _fund_coverage(fund, money.get((doc, FUND)), unknown, template)
                capital = money.get((doc, STATE_CAPITAL))
                if capital:
                    unknown.append(
                        f"{rendered('{state_capital_expenditure}', template)} prints "
                        f"{capital} 万元 of state-capital project money and no section lists "
                        "those projects"
                    )
            n = Decimal(len(keys))
            status = "not_evaluated" if unknown else "pass" if f["value"] == n else "fail"
            out.append(
                residual_row(
                    **base,
                    check="projects.count_eq_project_expenditure",
                    severity="failure",
                    instance=metric,
                    status=status,
                    reported=f["value"],
                    calculated=None if unknown else n,
                    tolerance=Decimal(0),
                    source=f["source"],
                    line=f["line"],
                    detail=(
                        f"not evaluated: which projects {metric} covers is unknown: "
                        + "; ".join(unknown)
                        if unknown
                        else f"{metric} {f['value']:.0f} vs {covered}"
                    ),
                )
            )
    return out


def _fund_coverage(
    fund: list[dict], table_money: Decimal | None, unknown: list[str], template: str | None
) -> str:
    """What the fiscal count covers of the government fund: its projects described in
    their section; project money in the fund table without them leaves it `unknown`."""
    section = rendered("说明 {§government_fund}", template)
    if fund:
        return f" + {len(fund)} government-fund projects in {section}"
    if table_money:
        table = rendered("{government_fund_expenditure}", template)
        unknown.append(
            f"{table} prints {table_money} 万元 of government-fund project money and "
            f"{section} describes no project"
        )
    return ""


def _unit_wide(base: dict, perf: list[dict], t1: list[dict], template: str | None) -> list[dict]:
    out = []
    table = rendered("{income_expenditure_summary}", template)
    total = [r for r in t1 if r["side"] == "income" and label_key(r["item"]) == "收入总计"]
    for p in perf:
        if p["fiscal_amount"] is not None and p["total_budget"] is not None:
            calc = p["fiscal_amount"] + (p["other_amount"] or Decimal(0))
            out.append(
                residual_row(
                    **base,
                    check="projects.performance_funds_add_up",
                    severity="failure",
                    instance=p["project"],
                    status="pass" if abs(p["total_budget"] - calc) <= 2 * HALF else "fail",
                    reported=p["total_budget"],
                    calculated=calc,
                    tolerance=2 * HALF,
                    source=p["source"],
                    line=p["line"],
                    detail=f"{p['project']}: 年度预算总额 = 财政拨款 + 其他资金",
                )
            )
        if p["project"] != UNIT_WIDE:
            continue
        calc = total[0]["amount"] if total else None
        out.append(
            residual_row(
                **base,
                check="projects.unit_performance_eq_total",
                severity="failure",
                instance=UNIT_WIDE,
                status="not_evaluated"
                if calc is None
                else "pass"
                if abs(p["total_budget"] - calc) <= HALF
                else "fail",
                reported=p["total_budget"],
                calculated=calc,
                tolerance=HALF,
                source=p["source"],
                line=p["line"],
                detail=f"单位整体绩效 年度预算 {p['total_budget']} vs {table} 收入总计"
                + (f" (line {total[0]['line']})" if total else " not found"),
            )
        )
    return out


def _unit_count(base: dict, facts: list[dict], perf: list[dict]) -> list[dict]:
    """The number of unit-wide targets the narrative states = the unit-wide tables printed."""
    topic, metric = UNIT_COUNT
    n = sum(p["project"] == UNIT_WIDE for p in perf)
    return [
        residual_row(
            **base,
            check="projects.unit_count_eq_performance",
            severity="failure",
            instance=metric,
            status="pass" if f["value"] == n else "fail",
            reported=f["value"],
            calculated=Decimal(n),
            tolerance=Decimal(0),
            source=f["source"],
            line=f["line"],
            detail=f"{metric} {f['value']:.0f} vs {n} 单位整体绩效目标表 printed",
        )
        for f in facts
        if f["topic"] == topic and f["metric"] == metric
    ]


def _cost_targets(base: dict, perf: list[dict], ind: list[dict]) -> list[dict]:
    out = []
    for p in perf:
        if p["project"] == UNIT_WIDE or p["total_budget"] is None:
            continue
        mine = [i for i in ind if i["project"] == p["project"]]
        costs = [
            i
            for i in mine
            if "成本" in (i["level1"] or "")
            and i["target_unit"]
            and "元" in i["target_unit"]
            and i["target_value"] is not None
        ]
        if not costs:
            continue
        amounts = [
            i for i in mine if "成本" not in (i["level1"] or "") and i["target_value"] is not None
        ]
        calc, tol, terms, missing = Decimal(0), Decimal(0), [], []
        for c in costs:
            unit = c["target_unit"]
            if unit == "万元":
                calc += c["target_value"]
                tol += HALF
                terms.append(f"{c['indicator']} {c['target_value']:f} (line {c['line']})")
            elif unit.startswith("万元/") and unit.count("/") == 1:
                per = unit.split("/", 1)[1]
                q = _best(
                    c["indicator"], [a for a in amounts if a["target_unit"] == per], "indicator"
                )
                if q is None:
                    missing.append(f"{c['indicator']} ({unit}): no quantity target in {per}")
                    continue
                calc += c["target_value"] * q["target_value"]
                tol += HALF * q["target_value"]
                terms.append(
                    f"{c['indicator']} {c['target_value']:f} × {q['indicator']} "
                    f"{q['target_value']:f} (lines {c['line']}, {q['line']})"
                )
            else:
                missing.append(f"{c['indicator']} ({unit}): not priced in 万元")
        row = dict(
            **base,
            check="projects.cost_targets_match_budget",
            instance=p["project"],
            reported=p["total_budget"],
            source=p["source"],
            line=p["line"],
        )
        if missing:
            out.append(
                residual_row(
                    **row,
                    severity="failure",
                    status="not_evaluated",
                    calculated=None,
                    tolerance=None,
                    detail="not evaluated: " + "; ".join(missing),
                )
            )
            continue
        diff = p["total_budget"] - calc
        ceilings = all(c["target_op"] in ("<=", "<") for c in costs)
        severity = "warning"
        if abs(diff) <= tol:
            status, note = "pass", ""
        elif diff < 0 and ceilings:
            status = not_holding(severity)
            note = " — budget below the cost ceilings × quantities (ceiling rounded up?)"
        else:
            status = not_holding(severity)
            note = " — the cost targets do not account for the budget"
        out.append(
            residual_row(
                **row,
                severity=severity,
                status=status,
                calculated=calc,
                tolerance=tol,
                detail=f"{p['project']}: 年度预算总额 {p['total_budget']} vs "
                + " + ".join(terms)
                + note,
            )
        )
    return out


def _quantities(base: dict, quants: list[dict], ind: list[dict]) -> list[dict]:
    out = []
    for q in quants:
        key = project_key(q["project"])
        unit = SAME_UNIT.get(q["quantity_unit"], q["quantity_unit"])
        cands = [
            i
            for i in ind
            if project_key(i["project"]) == key
            and "成本" not in (i["level1"] or "")
            and i["target_value"] is not None
            and SAME_UNIT.get(i["target_unit"], i["target_unit"]) == unit
        ]
        hit = _best(q["item"], cands, "indicator")
        if hit is None:
            continue
        same = q["quantity"] == hit["target_value"]
        out.append(
            residual_row(
                **base,
                check="projects.quantities_agree",
                severity="warning",
                instance=f"{q['project']} {q['item']}",
                status="pass" if same else "warn",
                reported=q["quantity"],
                calculated=hit["target_value"],
                tolerance=Decimal(0),
                source=q["source"],
                line=q["line"],
                detail=f"{q['project']}: allocation text says {q['item']} {q['quantity']:f} "
                f"{q['quantity_unit']} (line {q['line']}); performance target "
                f"{hit['indicator']} {hit['target_op']}{hit['target_value']:f} "
                f"{hit['target_unit']} (line {hit['line']})",
            )
        )
    return out
