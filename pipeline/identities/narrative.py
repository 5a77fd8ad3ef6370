"""Narrative checks that are not sums: year-on-year sentences and shares.

- `narrative.yoy_consistent`: in "比上年预算增加 X 万元，增长 P%", X ÷ (amount − X) × 100
  must print as P.  Tolerance: half a unit of P's last place plus what the rounding of the
  amount A and of X (0.005 万元 each) can move the ratio: 100 × 0.005 × (|A| + |X|) / prior².
  A change from a zero base printed as 100.00% is a warning (`warn`: the ratio is
  undefined), never a pass.
- `narrative.share_consistent`: "X 万元，占 S%" must print S = X ÷ Σ group × 100 (the group
  is the shares that together make up 100%).  Tolerance: 0.005 plus what the rounding of
  X and of the n − 1 other amounts R can move it: 100 × 0.005 × (R + (n − 1)X) / (X + R)².
  When the group's printed shares sum to
  100.00% and S is one unit off in its last place, the publisher has forced the sum: a
  warning (`warn`) naming the group and the unit.
- `narrative.shares_sum_to_100`: a group's printed shares add up to 100.00% within
  n × 0.005.

Sentences are grouped by section role; instances name the section by the numeral the
document prints.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipeline.identities.evaluate import HALF_CENT as HALF
from pipeline.identities.evaluate import (
    RESIDUAL_SCHEMA,
    empty_residuals,
    residual_columns,
)

CLAIMS = ("narrative.share_consistent",)
"""Checks here that judge a claim of the narrative (see `claim_checks`)."""
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _columns() -> dict[str, list]:
    return {name: [] for name in RESIDUAL_SCHEMA if name != "difference"}


def _add(cols: dict[str, list], **row: object) -> None:
    for name, value in row.items():
        cols[name].append(value)


def yoy_residuals(changes: pl.DataFrame | None) -> pl.DataFrame:
    """One residual per year-on-year sentence.

    The arithmetic is Python's exact decimals (the division and its tolerance are not
    representable in a fixed scale); the loop runs over columns, not row dicts.
    """
    if changes is None or changes.is_empty():
        return empty_residuals()
    cols = _columns()
    data = changes.select(
        "unit",
        "year",
        "kind",
        "section",
        "subject",
        "amount",
        "change",
        "change_pct",
        "source",
        "line",
    )
    for unit, year, kind, section, subject, amount, change, pct, source, line in zip(
        *(data[c].to_list() for c in data.columns), strict=True
    ):
        prior = amount - change
        where = f"{section} {subject}"
        base = dict(
            check="narrative.yoy_consistent",
            family="narrative",
            unit=unit,
            year=year,
            kind=kind,
            instance=where,
            source=source,
            line=line,
        )
        if prior == 0:
            if change == 0 and pct == 0:
                _add(
                    cols,
                    **base,
                    severity="failure",
                    status="pass",
                    reported=pct,
                    calculated=Decimal(0),
                    tolerance=HALF,
                    detail=f"{where}: no change, 0.00%",
                )
            else:
                _add(
                    cols,
                    **base,
                    severity="warning",
                    status="warn",
                    reported=pct,
                    calculated=None,
                    tolerance=None,
                    detail=f"{where}: change of {change} 万元 from a zero prior-year base "
                    f"printed as {pct}% (the percentage is undefined)",
                )
            continue
        exact = change / prior * HUNDRED
        tol = HALF + HUNDRED * HALF * (abs(amount) + abs(change)) / (prior * prior)
        ok = abs(pct - exact) <= tol
        _add(
            cols,
            **base,
            severity="failure",
            status="pass" if ok else "fail",
            reported=pct,
            calculated=exact,
            tolerance=tol,
            detail=f"{where}: {change} ÷ ({amount} − {change}) × 100 = "
            f"{exact.quantize(CENT, ROUND_HALF_UP)}%, printed {pct}%",
        )
    return residual_columns(cols)


def share_residuals(shares: pl.DataFrame | None) -> pl.DataFrame:
    """Each share against its amount's part of the group, and each group's sum."""
    if shares is None or shares.is_empty():
        return empty_residuals()
    keys = ["unit", "year", "kind", "section_role", "share_group"]
    members = shares.sort(*keys, "line", maintain_order=True).with_columns(
        denom=pl.col("amount").sum().over(keys),
        printed_sum=pl.col("share_pct").sum().over(keys),
        n=pl.len().over(keys),
        first=pl.int_range(pl.len()).over(keys) == 0,
    )
    cols = _columns()
    data = members.select(
        *keys,
        "section",
        "subject",
        "amount",
        "share_pct",
        "source",
        "line",
        "denom",
        "printed_sum",
        "n",
        "first",
    )
    for (
        unit,
        year,
        kind,
        _role,
        group,
        section,
        subject,
        amount,
        share,
        source,
        line,
        denom,
        printed_sum,
        n,
        first,
    ) in zip(*(data[c].to_list() for c in data.columns), strict=True):
        if first:
            _add(
                cols,
                check="narrative.shares_sum_to_100",
                family="narrative",
                severity="failure",
                unit=unit,
                year=year,
                kind=kind,
                instance=f"{section} {group}",
                status="pass" if abs(printed_sum - HUNDRED) <= HALF * n else "fail",
                reported=printed_sum,
                calculated=HUNDRED,
                tolerance=HALF * n,
                source=source,
                line=line,
                detail=f"group {group} (section {section}): {n} printed shares sum to "
                f"{printed_sum}%",
            )
        where = f"{section} {group} {subject}"
        base = dict(
            check="narrative.share_consistent",
            family="narrative",
            unit=unit,
            year=year,
            kind=kind,
            instance=where,
            source=source,
            line=line,
        )
        if denom == 0:
            _add(
                cols,
                **base,
                severity="failure",
                status="not_evaluated",
                reported=share,
                calculated=None,
                tolerance=None,
                detail=f"{where}: group total 0",
            )
            continue
        exact = amount / denom * HUNDRED
        rest = denom - amount
        tol = HALF + HUNDRED * HALF * (abs(rest) + (n - 1) * abs(amount)) / (denom * denom)
        rounded = exact.quantize(CENT, ROUND_HALF_UP)
        off = share - rounded
        if abs(share - exact) <= tol:
            status, severity, note = "pass", "failure", ""
        elif printed_sum == HUNDRED and abs(off) == CENT:
            status, severity = "warn", "warning"
            note = (
                f"; one unit off in the last place: group {group} is printed to sum "
                f"to 100.00%, this share by {off:+}"
            )
        else:
            status, severity, note = "fail", "failure", ""
        _add(
            cols,
            **base,
            severity=severity,
            status=status,
            reported=share,
            calculated=exact,
            tolerance=tol,
            detail=f"{where}: {amount} ÷ {denom} × 100 = {rounded}%, printed {share}%{note}",
        )
    return residual_columns(cols)
