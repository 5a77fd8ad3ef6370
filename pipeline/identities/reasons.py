"""Figures the narrative states by name: inside the reasons it gives for a change, and the
projects of the carry-over section.

The reasons ("主要原因是…") are facts of topic `narrative_reason`, metric
"{section}/{subject}/{clause}" (e.g. "二/一般公共预算/年初预算新增喀什商品交易会项目（第十四届）
预算" = 1962 万元).  The carry-over section lists its projects as facts of topic `carryover`
("“驻村”工作队员生活补助项目（自治区）1" = 3.69 万元).

- `projects.reason_eq_project_expenditure`: a clause that adds a new project (新增 …) states
  its budget, which is the project's row of the project table (numbered variants merged).
  The project is matched by name (`labels.match_project`).  An amount printed without a
  fraction may be rounded to the 万元 ("1962 万元"), so it is compared within 0.5.
- `narrative.reasons_agree` (warning): the same clause (the same words) stated in several
  sentences states the same figure each time; the result names the statement that departs
  from the most common figure (of two that differ, the later one: which is wrong cannot be
  told), and its detail lists them all.  A warning, not a failure: sections 三 and 五
  speak of different scopes (all funds, the general budget), so the same words could, in
  principle, count different things.
- `narrative.reason_headcount_eq_profile` (warning): a clause counting staff who left or
  joined ("本单位人员净减少 3 人") is the profile's change of 在职 (or of 退休 / 离休 when it
  names them).  A warning: a reason may count another year or another group.
- `narrative.carryover.project_eq_carryover`: each project the carry-over section states is
  its row of the carry-over table (column 总计); a project the table does not list fails.
  Where the edition expects the section to state every project (`expected`), a table row
  with a non-zero amount that no line states is not evaluated.

A reason amount that names no table figure ("新增工作人员工作补贴 6.72 万元": no project of that
name) is not checked: nothing in the tables is its figure.  The mutation benchmark lists
such figures in its residue.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import polars as pl

from pipeline.identities.editions import Needs, documents_of, rendered
from pipeline.identities.evaluate import HALF_CENT as HALF
from pipeline.identities.evaluate import not_holding, residual_frame, residual_row
from pipeline.identities.expected import NONZERO, expectation
from pipeline.identities.labels import match_project, project_key
from pipeline.identities.projects import by_document, table7_rows
from pipeline.identities.relations import CARRYOVER, PROJECTS

WHOLE = Decimal("0.5")
REASON_PROJECT = "projects.reason_eq_project_expenditure"
REASONS_AGREE = "narrative.reasons_agree"
REASON_HEADCOUNT = "narrative.reason_headcount_eq_profile"
CARRYOVER_PROJECT = "narrative.carryover.project_eq_carryover"

NEEDS: dict[str, Needs] = {
    REASON_PROJECT: Needs.of([PROJECTS]),
    CARRYOVER_PROJECT: Needs.of([CARRYOVER], [CARRYOVER]),
}
"""The roles these checks read (the others read no table or section role)."""
CLAIMS = (REASON_PROJECT, CARRYOVER_PROJECT)
"""Checks here that judge a claim of the narrative against the tables (see `claim_checks`)."""

CARRYOVER_TOTALS = ("上年结转结余", "财政拨款", "非财政拨款")
"""The carry-over section's totals (the other 万元 facts of the topic are its projects)."""
_NEW = re.compile(r"新增(?P<name>.+?)(?:预算|经费|资金)?$")
_HEADCOUNT = re.compile(r"人员.*?(?P<way>减少|增加)$")
_GROUP = {"退休": "staff_retired_change", "离休": "staff_retired_cadre_change"}
_ACTIVE = "staff_active_change"


def _shown(value: Decimal) -> str:
    """A stated figure as it reads, without the storage's trailing zeros.

    >>> _shown(Decimal("1962.0000")), _shown(Decimal("3.6900"))
    ('1962', '3.69')
    """
    return format(value.normalize(), "f")


def _reason(metric: str) -> tuple[str, str, str]:
    """(section, subject, clause) of a reason fact's metric.

    >>> _reason("十/公务用车运行费/报废其他车辆")
    ('十', '公务用车运行费', '报废其他车辆')
    """
    section, subject, clause = metric.split("/", 2)
    return section, subject, clause


def reason_residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The reason and carry-over project checks over the frames of every document."""
    facts = frames.get("facts")
    line_items = frames.get("line_items")
    if facts is None or facts.is_empty():
        return residual_frame([])
    reasons = by_document(
        facts.filter(pl.col("topic") == "narrative_reason"),
        ["metric", "value", "value_unit", "source", "line"],
    )
    carried = by_document(
        facts.filter(
            (pl.col("topic") == "carryover")
            & (pl.col("value_unit") == "万元")
            & ~pl.col("metric").is_in(CARRYOVER_TOTALS)
            & ~pl.col("metric").str.contains("/", literal=True)
        ),
        ["metric", "value", "source", "line"],
    )
    t7, t11, t11_printed = _project_rows(line_items, frames.get("tables"))
    staff_columns = [
        "staff_active_change",
        "staff_retired_change",
        "staff_retired_cadre_change",
        "line",
    ]
    documents = frames.get("documents")
    staff = (
        by_document(documents, staff_columns)
        if documents is not None and set(staff_columns) <= set(documents.columns)
        else {}
    )
    editions = {(u, y, k): t for u, y, k, t in documents_of(frames).iter_rows()}
    rows: list[dict] = []
    for doc in sorted(set(reasons) | set(carried) | set(t11)):
        unit, year, kind = doc
        base = dict(unit=unit, year=year, kind=kind)
        template = editions.get(doc)
        mine = reasons.get(doc, [])
        rows += _new_projects(base, mine, t7.get(doc, []), template)
        rows += _agree(base, mine)
        rows += _headcount(base, mine, (staff.get(doc) or [None])[0])
        rows += _carryover(
            base, carried.get(doc, []), t11.get(doc, []), doc in t11_printed, template
        )
    return residual_frame(rows)


def _project_rows(
    line_items: pl.DataFrame | None, tables: pl.DataFrame | None
) -> tuple[dict, dict, set]:
    """Project rows of the project table (项目支出合计) and of the carry-over table (总计),
    by document, and the documents that print a carry-over table."""
    if line_items is None or line_items.is_empty():
        return {}, {}, set()
    t7 = table7_rows(line_items)
    t11 = line_items.filter(
        (pl.col("table_role") == CARRYOVER)
        & pl.col("project").is_not_null()
        & (pl.col("measure_path") == "总计")
    )
    printed = [line_items.filter(pl.col("table_role") == CARRYOVER)]
    if tables is not None and tables.height:
        printed.append(tables.filter(pl.col("table_role") == CARRYOVER))
    docs = {r for p in printed for r in p.select("unit", "year", "kind").iter_rows()}
    columns = ["project", "amount", "source", "line"]
    return by_document(t7, columns), by_document(t11, columns), docs


def _new_projects(
    base: dict, reasons: list[dict], t7: list[dict], template: str | None
) -> list[dict]:
    out = []
    table = rendered("{project_expenditure}", template)
    names = tuple(sorted({r["project"] for r in t7}))
    for r in reasons:
        section, subject, clause = _reason(r["metric"])
        new = _NEW.search(clause)
        if r["value_unit"] != "万元" or not new or not t7:
            continue
        project = match_project(new.group("name"), names)
        if project is None:
            continue  # names no project of the table: no table figure to compare
        key = project_key(project)
        rows = [x for x in t7 if project_key(x["project"]) == key]
        calc = sum((x["amount"] for x in rows), Decimal(0))
        whole = r["value"] == r["value"].to_integral_value()
        tol = max(WHOLE if whole else HALF, HALF * len(rows))
        out.append(
            residual_row(
                **base,
                check=REASON_PROJECT,
                family="projects",
                severity="failure",
                instance=f"{section} {subject}: {project}",
                status="pass" if abs(r["value"] - calc) <= tol else "fail",
                reported=r["value"],
                calculated=calc,
                tolerance=tol,
                source=r["source"],
                line=r["line"],
                detail=f"说明 {section} {subject}: 主要原因 {clause} {_shown(r['value'])} 万元 "
                f"vs {table} "
                + " + ".join(f"{x['project']} {x['amount']} (line {x['line']})" for x in rows),
            )
        )
    return out


def _agree(base: dict, reasons: list[dict]) -> list[dict]:
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in reasons:
        groups.setdefault((_reason(r["metric"])[2], r["value_unit"]), []).append(r)
    out = []
    for (clause, unit), stated in groups.items():
        if len(stated) < 2:
            continue
        common = Counter(r["value"] for r in stated).most_common(1)[0][0]
        odd = next((r for r in stated if r["value"] != common), stated[0])
        holds = odd["value"] == common
        out.append(
            residual_row(
                **base,
                check=REASONS_AGREE,
                family="narrative",
                severity="warning",
                instance=f"{clause} ({unit})",
                status="pass" if holds else not_holding("warning"),
                reported=odd["value"],
                calculated=common,
                tolerance=Decimal(0),
                source=odd["source"],
                line=odd["line"],
                detail=f"{clause}: "
                + ", ".join(
                    f"{_shown(r['value'])} {unit} (说明 {_reason(r['metric'])[0]} "
                    f"{_reason(r['metric'])[1]}, line {r['line']})"
                    for r in stated
                ),
            )
        )
    return out


def _headcount(base: dict, reasons: list[dict], staff: dict | None) -> list[dict]:
    out = []
    for r in reasons:
        section, subject, clause = _reason(r["metric"])
        match = _HEADCOUNT.search(clause)
        if r["value_unit"] not in ("人", "名") or not match:
            continue
        column = next((c for word, c in _GROUP.items() if word in clause), _ACTIVE)
        said = -r["value"] if match.group("way") == "减少" else r["value"]
        change = None if staff is None else staff[column]
        row = dict(
            **base,
            check=REASON_HEADCOUNT,
            family="narrative",
            severity="warning",
            instance=f"{section} {subject}: {clause}",
            reported=said,
            source=r["source"],
            line=r["line"],
            tolerance=Decimal(0),
        )
        group = {v: k for k, v in _GROUP.items()}.get(column, "在职")
        if change is None:
            out.append(
                residual_row(
                    **row,
                    status="not_evaluated",
                    calculated=None,
                    detail=f"not evaluated: 第一部分 states no change of {group}; {clause} "
                    f"{_shown(r['value'])} 人 (line {r['line']})",
                )
            )
            continue
        calc = Decimal(change)
        out.append(
            residual_row(
                **row,
                status="pass" if said == calc else not_holding("warning"),
                calculated=calc,
                detail=f"{clause} {_shown(r['value'])} 人 (line {r['line']}) vs 第一部分 {group} "
                f"{'增加' if calc >= 0 else '减少'} {abs(calc)} 人 (line {staff['line']})",
            )
        )
    return out


def _carryover(
    base: dict, stated: list[dict], t11: list[dict], printed: bool, template: str | None
) -> list[dict]:
    out = []
    section = rendered("说明 {§carryover}", template)
    table = rendered("{carryover}", template)
    names = tuple(sorted({r["project"] for r in t11}))
    matched: set[str] = set()
    row = dict(**base, check=CARRYOVER_PROJECT, family="narrative", severity="failure")
    for s in stated:
        project = match_project(s["metric"], names)
        hits = [r for r in t11 if r["project"] == project]
        calc = sum((r["amount"] for r in hits), Decimal(0)) if printed else None
        tol = HALF * max(len(hits), 1)
        if project is not None:
            matched.add(project)
        where = (
            f"{table} {project} (line {hits[0]['line']})"
            if hits
            else f"{table} lists no such project"
            if printed
            else f"{table} is not printed"
        )
        out.append(
            residual_row(
                **row,
                instance=project or s["metric"],
                status="not_evaluated"
                if calc is None
                else "pass"
                if abs(s["value"] - calc) <= tol
                else "fail",
                reported=s["value"],
                calculated=calc,
                tolerance=tol,
                source=s["source"],
                line=s["line"],
                detail=f"{section} {s['metric']} {_shown(s['value'])} 万元 vs {where}",
            )
        )
    if expectation(CARRYOVER_PROJECT, template) != NONZERO:
        return out
    for r in t11:
        if r["project"] in matched or r["amount"] == 0:
            continue
        matched.add(r["project"])
        out.append(
            residual_row(
                **row,
                instance=r["project"],
                status="not_evaluated",
                reported=None,
                calculated=r["amount"],
                tolerance=None,
                source=r["source"],
                line=r["line"],
                detail=f"not evaluated: {section} states no amount for {r['project']}, which "
                f"{table} carries over ({r['amount']} 万元, line {r['line']}) and the "
                "section is expected to state",
            )
        )
    return out
