"""Narrative checks that are not sums: year-on-year sentences and shares.

- `narrative.yoy_consistent`: in "比上年预算增加 X 万元，增长 P%", X ÷ (amount − X) × 100
  must print as P.  Tolerance: half a unit of P's last place plus what the rounding of the
  amount A and of X (0.005 万元 each) can move the ratio: 100 × 0.005 × (|A| + |X|) / prior².
  A change from a zero base printed as 100.00% is a warning (the ratio is undefined),
  never a pass.
- `narrative.share_consistent`: "X 万元，占 S%" must print S = X ÷ Σ group × 100 (the group
  is the shares that together make up 100%).  Tolerance: 0.005 plus what the rounding of
  X and of the n − 1 other amounts R can move it: 100 × 0.005 × (R + (n − 1)X) / (X + R)².
  When the group's printed shares sum to
  100.00% and S is one unit off in its last place, the publisher has forced the sum: a
  warning naming the group and the unit.
- `narrative.shares_sum_to_100`: a group's printed shares add up to 100.00% within
  n × 0.005.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipeline.identities.evaluate import residual_frame, residual_row

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
HALF = Decimal("0.005")


def yoy_residuals(changes: pl.DataFrame | None) -> pl.DataFrame:
    """One residual per year-on-year sentence."""
    rows = []
    for r in (changes.iter_rows(named=True) if changes is not None else ()):
        amount, change, pct = r["amount"], r["change"], r["change_pct"]
        prior = amount - change
        where = f"{r['section']} {r['subject']}"
        base = dict(check="narrative.yoy_consistent", family="narrative", unit=r["unit"],
                    year=r["year"], instance=where, source=r["source"], line=r["line"])
        if prior == 0:
            if change == 0 and pct == 0:
                rows.append(residual_row(**base, severity="failure", status="pass",
                                         reported=pct, calculated=Decimal(0),
                                         tolerance=HALF, detail=f"{where}: no change, 0.00%"))
            else:
                rows.append(residual_row(
                    **base, severity="warning", status="fail", reported=pct, calculated=None,
                    tolerance=None,
                    detail=f"{where}: change of {change} 万元 from a zero prior-year base "
                           f"printed as {pct}% (the percentage is undefined)"))
            continue
        exact = change / prior * HUNDRED
        tol = HALF + HUNDRED * HALF * (abs(amount) + abs(change)) / (prior * prior)
        ok = abs(pct - exact) <= tol
        rows.append(residual_row(
            **base, severity="failure", status="pass" if ok else "fail", reported=pct,
            calculated=exact, tolerance=tol,
            detail=f"{where}: {change} ÷ ({amount} − {change}) × 100 = "
                   f"{exact.quantize(CENT, ROUND_HALF_UP)}%, printed {pct}%"))
    return residual_frame(rows)


def share_residuals(shares: pl.DataFrame | None) -> pl.DataFrame:
    """Each share against its amount's part of the group, and each group's sum."""
    if shares is None or shares.is_empty():
        return residual_frame([])
    rows = []
    keys = ["unit", "year", "section", "share_group"]
    for (unit, year, section, group), g in shares.group_by(keys, maintain_order=True):
        members = list(g.sort("line").iter_rows(named=True))
        denom = sum((m["amount"] for m in members), Decimal(0))
        printed_sum = sum((m["share_pct"] for m in members), Decimal(0))
        forced = printed_sum == HUNDRED
        n = len(members)
        rows.append(residual_row(
            check="narrative.shares_sum_to_100", family="narrative", severity="failure",
            unit=unit, year=year, instance=f"{section} {group}",
            status="pass" if abs(printed_sum - HUNDRED) <= HALF * n else "fail",
            reported=printed_sum, calculated=HUNDRED, tolerance=HALF * n,
            source=members[0]["source"], line=members[0]["line"],
            detail=f"group {group} (section {section}): {n} printed shares sum to "
                   f"{printed_sum}%"))
        for m in members:
            where = f"{section} {group} {m['subject']}"
            base = dict(check="narrative.share_consistent", family="narrative", unit=unit,
                        year=year, instance=where, source=m["source"], line=m["line"])
            if denom == 0:
                rows.append(residual_row(**base, severity="failure", status="not_evaluated",
                                         reported=m["share_pct"], calculated=None,
                                         tolerance=None, detail=f"{where}: group total 0"))
                continue
            exact = m["amount"] / denom * HUNDRED
            rest = denom - m["amount"]
            tol = HALF + HUNDRED * HALF * (abs(rest) + (n - 1) * abs(m["amount"])) / (
                denom * denom)
            rounded = exact.quantize(CENT, ROUND_HALF_UP)
            off = m["share_pct"] - rounded
            if abs(m["share_pct"] - exact) <= tol:
                status, severity, note = "pass", "failure", ""
            elif forced and abs(off) == CENT:
                status, severity = "fail", "warning"
                note = (f"; one unit off in the last place: group {group} is printed to sum "
                        f"to 100.00%, this share by {off:+}")
            else:
                status, severity, note = "fail", "failure", ""
            rows.append(residual_row(
                **base, severity=severity, status=status, reported=m["share_pct"],
                calculated=exact, tolerance=tol,
                detail=f"{where}: {m['amount']} ÷ {denom} × 100 = {rounded}%, printed "
                       f"{m['share_pct']}%{note}"))
    return residual_frame(rows)
