"""The unit profile's headcount (family `profile`).

- `profile.actual_eq_active_retired_cadre`: 实有人数 = 在职 + 退休 + 离休, exactly (counts).
  A group the sentence does not print leaves it not evaluated.

编制数 (the posts the unit is authorised) is not checked: it is no sum of the counts —
实有人数 includes the retired, and 在职 may exceed the quota (staff outside it) or fall
short of it (vacant posts).  The changes (增加/减少) have no prior-year counts to add up to;
the reasons the narrative gives for a change are compared with them
(`reasons.REASON_HEADCOUNT`).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.identities.evaluate import residual_frame, residual_row

CHECK = "profile.actual_eq_active_retired_cadre"
PARTS = {"staff_active": "在职", "staff_retired": "退休", "staff_retired_cadre": "离休"}
FORMULA = "第一部分 实有人数 = 在职 + 退休 + 离休"


def profile_residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One residual per document that states its headcount.

    >>> docs = pl.DataFrame({"unit": ["u"], "year": [2024], "kind": ["budget"],
    ...     "staff_actual": [143], "staff_active": [77], "staff_retired": [66],
    ...     "staff_retired_cadre": [0], "source": ["a.txt"], "line": [68]})
    >>> profile_residuals({"documents": docs}).select("status", "difference").row(0)
    ('pass', Decimal('0.0000'))
    """
    docs = frames.get("documents")
    if docs is None or docs.is_empty() or "staff_actual" not in docs.columns:
        return residual_frame([])
    rows = []
    for d in docs.filter(pl.col("staff_actual").is_not_null()).iter_rows(named=True):
        missing = [name for column, name in PARTS.items() if d[column] is None]
        parts = " + ".join(
            f"{name} {d[column]}" for column, name in PARTS.items() if d[column] is not None
        )
        base = dict(
            check=CHECK,
            family="profile",
            severity="failure",
            unit=d["unit"],
            year=d["year"],
            kind=d["kind"],
            instance="",
            source=d["source"],
            line=d["line"],
            reported=Decimal(d["staff_actual"]),
        )
        if missing:
            rows.append(
                residual_row(
                    **base,
                    status="not_evaluated",
                    calculated=None,
                    tolerance=None,
                    detail=f"not evaluated: {FORMULA}: the headcount sentence (line {d['line']}) "
                    f"states no {', '.join(missing)} count",
                )
            )
            continue
        calc = Decimal(sum(d[column] for column in PARTS))
        rows.append(
            residual_row(
                **base,
                status="pass" if calc == d["staff_actual"] else "fail",
                calculated=calc,
                tolerance=Decimal(0),
                detail=f"{FORMULA}: {d['staff_actual']} vs {parts} (line {d['line']})",
            )
        )
    return residual_frame(rows)
