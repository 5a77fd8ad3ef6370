"""From figures to residuals: reported, calculated, difference, tolerance and status.

Every family first lays its instances out as *figures*: one row per term of an instance,
with the term's role (the reported side or a part of the calculated side), its weight, its
amount and whether it could be found.  `evaluate` then does the arithmetic the same way
for all of them, in exact decimals:

- reported   = Σ weight × amount over the reported terms
- calculated = Σ weight × amount over the parts
- difference = reported − calculated
- tolerance  = n × 0.005 万元, n = number of printed parts (each printed part is rounded
  to 0.01 万元, so n of them may miss their printed total by up to n × 0.005)
- status     = pass / warn / fail / not_evaluated: an instance that does not hold is
  `fail`, or `warn` when its severity is warning (worth reading, it does not fail the
  run); an instance with a figure that could not be found is not evaluated, and not
  evaluated never counts as pass.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.schema import AMOUNT

RESIDUAL_DTYPE = pl.Decimal(18, 4)
HALF_CENT = Decimal("0.005")

FIGURE_SCHEMA = pl.Schema(
    {
        "check": pl.Categorical(),
        "family": pl.Categorical(),
        "severity": pl.Categorical(),
        "comparison": pl.Categorical(),
        "formula": pl.Categorical(),
        "unit": pl.Categorical(),
        "year": pl.Int32,
        "kind": pl.Categorical(),
        "instance": pl.Categorical(),
        "role": pl.Categorical(),
        "weight": pl.Int8,
        "amount": AMOUNT,
        "printed": pl.UInt32,
        "available": pl.Boolean,
        "source": pl.Categorical(),
        "line": pl.Int32,
    }
)
"""One term of one instance: `comparison` is the relation's eq / ge / le, `formula` it
printed in the document's numbers, `kind` the document's kind (with unit and year, the
document key); `role` is "reported" or "part"; `printed` counts the
printed cells behind `amount` (0 for a blank); `available` is False when the figure
could not be found (the instance is then not evaluated).  The labels repeat across
millions of figures at scale, so they are categorical (4 bytes a row, fast to group by)."""

RESIDUAL_SCHEMA = pl.Schema(
    {
        "check": pl.String,
        "family": pl.String,
        "severity": pl.String,
        "unit": pl.String,
        "year": pl.Int32,
        "kind": pl.String,
        "instance": pl.String,
        "status": pl.String,
        "reported": RESIDUAL_DTYPE,
        "calculated": RESIDUAL_DTYPE,
        "difference": RESIDUAL_DTYPE,
        "tolerance": RESIDUAL_DTYPE,
        "source": pl.String,
        "line": pl.Int32,
        "detail": pl.String,
    }
)
"""The residual frame every family returns and `pipeline.identities.residuals` joins."""

STATUSES = ("pass", "warn", "fail", "not_evaluated")
"""The one status vocabulary of every result, everywhere it is shown: pass; warn (does
not hold, severity warning); fail (does not hold, severity failure); not_evaluated."""


def empty_figures() -> pl.DataFrame:
    """An empty figure frame."""
    return pl.DataFrame(schema=FIGURE_SCHEMA)


def empty_residuals() -> pl.DataFrame:
    """An empty residual frame.

    >>> empty_residuals().columns[:7]
    ['check', 'family', 'severity', 'unit', 'year', 'kind', 'instance']
    """
    return pl.DataFrame(schema=RESIDUAL_SCHEMA)


def status_of(
    comparison: str, difference: Decimal, tolerance: Decimal, severity: str = "failure"
) -> str:
    """The status of one evaluated instance: pass, or fail (warn at severity warning).

    `eq` passes within ±tolerance; `ge` (reported ≥ calculated) and `le` pass when the
    difference is on the right side of −tolerance / +tolerance.

    >>> status_of("eq", Decimal("0.01"), Decimal("0.045")), status_of("ge", Decimal("-1"), 0)
    ('pass', 'fail')
    >>> status_of("eq", Decimal("1"), Decimal("0"), "warning")
    'warn'
    """
    if comparison == "eq":
        holds = abs(difference) <= tolerance
    elif comparison == "ge":
        holds = difference >= -tolerance
    elif comparison == "le":
        holds = difference <= tolerance
    else:
        raise ValueError(f"unknown relation kind {comparison!r}")
    return "pass" if holds else not_holding(severity)


def not_holding(severity: str) -> str:
    """The status of an instance that does not hold: fail, or warn at severity warning.

    >>> not_holding("failure"), not_holding("warning")
    ('fail', 'warn')
    """
    if severity not in ("failure", "warning"):
        raise ValueError(f"unknown severity {severity!r}")
    return "warn" if severity == "warning" else "fail"


def _lines(lines: pl.Expr) -> pl.Expr:
    """The distinct lines of a list column, ascending, comma-separated ("none printed")."""
    return (
        pl.when(lines.list.len() == 0)
        .then(pl.lit("none printed"))
        .otherwise(lines.list.unique().list.sort().cast(pl.List(pl.String)).list.join(", "))
    )


def evaluate(figures: pl.DataFrame) -> pl.DataFrame:
    """Residuals of the sum relations laid out in `figures` (see `FIGURE_SCHEMA`).

    >>> from decimal import Decimal as D
    >>> rows = [("reported", 1, D("139.74"), 1, True, 280),
    ...         ("part", 1, D("100.00"), 1, True, 281), ("part", 1, D("39.73"), 1, True, 282)]
    >>> figs = pl.DataFrame([dict(check="c", family="f", severity="failure", comparison="eq",
    ...     formula="a = b + c", unit="u", year=2024, kind="budget", instance="i", role=r,
    ...     weight=w,
    ...     amount=a, printed=p, available=v, source="s", line=n)
    ...     for r, w, a, p, v, n in rows], schema=FIGURE_SCHEMA)
    >>> evaluate(figs).select("status", "difference", "tolerance").row(0)
    ('pass', Decimal('0.0100'), Decimal('0.0100'))
    """
    if figures.is_empty():
        return empty_residuals()
    keys = [
        "check",
        "family",
        "severity",
        "comparison",
        "formula",
        "unit",
        "year",
        "kind",
        "instance",
    ]
    signed = (pl.col("weight").cast(pl.Int64).cast(AMOUNT) * pl.col("amount")).cast(RESIDUAL_DTYPE)
    is_rep = pl.col("role") == "reported"
    grouped = (
        figures.cast(dict(FIGURE_SCHEMA))  # type: ignore[arg-type]
        .sort("line", nulls_last=True)
        .group_by(keys, maintain_order=True)
        .agg(
            reported=signed.filter(is_rep).sum(),
            calculated=signed.filter(~is_rep).sum(),
            rep_ok=pl.col("available").filter(is_rep).all(),
            calc_ok=pl.col("available").filter(~is_rep).all(),
            n_parts=pl.col("printed").filter(~is_rep).sum(),
            rep_lines=pl.col("line").filter(is_rep & pl.col("line").is_not_null()),
            part_lines=pl.col("line").filter(~is_rep & (pl.col("printed") > 0)),
            source=pl.col("source").filter(is_rep).drop_nulls().first(),
            part_source=pl.col("source").filter(~is_rep).drop_nulls().first(),
            line=pl.col("line").filter(is_rep).drop_nulls().first(),
            part_line=pl.col("line").filter(~is_rep).drop_nulls().first(),
        )
    )
    rep_ok, calc_ok = pl.col("rep_ok"), pl.col("calc_ok")
    missing = ~(rep_ok & calc_ok)
    diff = pl.col("reported") - pl.col("calculated")
    tol = pl.col("n_parts").cast(RESIDUAL_DTYPE) * pl.lit(HALF_CENT, RESIDUAL_DTYPE)
    passed = (
        pl.when(pl.col("comparison") == "eq")
        .then(diff.abs() <= pl.col("tolerance"))
        .when(pl.col("comparison") == "ge")
        .then(diff >= -pl.col("tolerance"))
        .otherwise(diff <= pl.col("tolerance"))
    )
    stated = pl.col("formula").cast(pl.String).str.starts_with("说明")
    note = (
        pl.when(~rep_ok & stated)
        .then(
            pl.lit(
                "not evaluated: the narrative does not state this figure, which its section "
                "is expected to state; "
            )
        )
        .when(~rep_ok)
        .then(pl.lit("not evaluated: the reported figure was not found; "))
        .when(~calc_ok)
        .then(pl.lit("not evaluated: a part's table was not found; "))
        .otherwise(pl.lit(""))
    )
    inst = pl.col("instance").cast(pl.String)
    instance = (
        pl.when(inst.fill_null("") != "")
        .then(pl.lit(" [") + inst + pl.lit("]"))
        .otherwise(pl.lit(""))
    )
    unknown = set(grouped["comparison"].cast(pl.String).unique().to_list()) - {"eq", "ge", "le"}
    if unknown:
        raise ValueError(f"unknown relation kind {sorted(unknown)[0]!r}")
    return (
        grouped.with_columns(tolerance=tol)
        .select(
            "check",
            "family",
            "severity",
            "unit",
            "year",
            "kind",
            "instance",
            status=pl.when(missing)
            .then(pl.lit("not_evaluated"))
            .when(passed)
            .then(pl.lit("pass"))
            .when(pl.col("severity") == "warning")
            .then(pl.lit("warn"))
            .otherwise(pl.lit("fail")),
            reported=pl.when(rep_ok).then(pl.col("reported")),
            calculated=pl.when(calc_ok).then(pl.col("calculated")),
            difference=pl.when(~missing).then(diff),
            tolerance="tolerance",
            source=pl.when(pl.col("source").cast(pl.String).fill_null("") != "")
            .then(pl.col("source"))
            .otherwise(pl.col("part_source")),
            line=pl.coalesce("line", "part_line"),
            detail=pl.concat_str(
                note,
                pl.col("formula").cast(pl.String),
                instance,
                pl.lit("; reported at line "),
                _lines(pl.col("rep_lines")),
                pl.lit("; "),
                pl.col("n_parts").cast(pl.String),
                pl.lit(" printed part(s) at "),
                _lines(pl.col("part_lines")),
            ),
        )
        .cast(dict(RESIDUAL_SCHEMA))
    )  # type: ignore[arg-type]


def check_status(status: str, severity: str) -> None:
    """Raise unless `status` is one of STATUSES and agrees with `severity` (a result that
    does not hold is `warn` at severity warning and `fail` at severity failure).

    >>> check_status("fail", "warning")
    Traceback (most recent call last):
    ValueError: status 'fail' does not fit severity 'warning': expected 'warn'
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if status in ("warn", "fail") and status != not_holding(severity):
        raise ValueError(
            f"status {status!r} does not fit severity {severity!r}: expected "
            f"{not_holding(severity)!r}"
        )


def residual_row(
    check: str,
    family: str,
    severity: str,
    unit: str,
    year: int,
    kind: str,
    instance: str,
    status: str,
    reported: Decimal | None,
    calculated: Decimal | None,
    tolerance: Decimal | None,
    source: str | None,
    line: int | None,
    detail: str,
) -> dict[str, object]:
    """One residual as a dict, for families that compute instance by instance."""
    check_status(status, severity)
    diff = (reported - calculated) if reported is not None and calculated is not None else None
    return {
        "check": check,
        "family": family,
        "severity": severity,
        "unit": unit,
        "year": year,
        "kind": kind,
        "instance": instance,
        "status": status,
        "reported": reported,
        "calculated": calculated,
        "difference": diff,
        "tolerance": tolerance,
        "source": source,
        "line": line,
        "detail": detail,
    }


def residual_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Rows from `residual_row` as a residual frame (decimals quantised to 4 places)."""
    if not rows:
        return empty_residuals()
    decimals = ("reported", "calculated", "difference", "tolerance")
    columns = {name: [r[name] for r in rows] for name in RESIDUAL_SCHEMA}
    return pl.DataFrame(
        {
            name: _decimal_text(values) if name in decimals else values
            for name, values in columns.items()
        },
        schema={
            name: pl.String if name in decimals else dtype
            for name, dtype in RESIDUAL_SCHEMA.items()
        },
    ).cast(dict(RESIDUAL_SCHEMA))  # type: ignore[arg-type]


def _decimal_text(values: list) -> list[str | None]:
    """Exact decimals quantised to 4 places, as text (Polars parses text to Decimal far
    faster than it converts Python Decimal objects)."""
    return [None if v is None else str(Decimal(v).quantize(_Q4)) for v in values]


_Q4 = Decimal("0.0001")


def residual_columns(columns: dict[str, list]) -> pl.DataFrame:
    """Residuals given column by column (as `residual_frame`, without a dict per row).

    `columns` holds every column of `RESIDUAL_SCHEMA` except `difference`, which is
    reported − calculated in exact decimals, quantised to 4 places like the others.

    >>> from decimal import Decimal as D
    >>> cols = dict(check=["c"], family=["f"], severity=["failure"], unit=["u"], year=[2024],
    ...             kind=["budget"], instance=[""], status=["pass"], reported=[D("43.63")],
    ...             calculated=[D("43.6338147")], tolerance=[D("0.0051")], source=["s"],
    ...             line=[466], detail=["d"])
    >>> residual_columns(cols).select("calculated", "difference").row(0)
    (Decimal('43.6338'), Decimal('-0.0038'))
    """
    for status, severity in set(zip(columns["status"], columns["severity"], strict=True)):
        check_status(status, severity)
    rep, calc = columns["reported"], columns["calculated"]
    diff = [
        r - c if r is not None and c is not None else None for r, c in zip(rep, calc, strict=True)
    ]

    def text(values: list) -> pl.Series:
        return pl.Series(_decimal_text(values), dtype=pl.String)

    data = {
        **columns,
        "reported": text(rep),
        "calculated": text(calc),
        "difference": text(diff),
        "tolerance": text(columns["tolerance"]),
    }
    return pl.DataFrame(
        {name: data[name] for name in RESIDUAL_SCHEMA},
        schema_overrides={
            c: pl.String for c in ("reported", "calculated", "difference", "tolerance")
        },
    ).cast(dict(RESIDUAL_SCHEMA))  # type: ignore[arg-type]
