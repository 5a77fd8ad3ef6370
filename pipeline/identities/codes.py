"""Classification codes against their names and their parents (family `codes`).

A changed code moves an amount to another heading without breaking a sum when the parent
stays the same (302 01 办公费 → 302 06): the hierarchy still adds up.  What gives it away is
its name, which is the name of another code, or its parent, which is not printed.

- `codes.name_matches_code`: every printed (code, name) of every coded table.  The name
  is compared, folded and without spaces (`labels.label_key`), with the code's standard
  name (`pipeline/data/classification_codes.csv`, the 政府收支分类科目 names the disclosures
  print) and with the names the document prints for the same code elsewhere:
  - **pass**: it is the code's standard name, or (a code the reference does not list) the
    name every other table of the document gives the code;
  - **fail**: it is the standard name of another code of the same classification, or the
    name the document gives another code — the code does not belong to the name (a
    changed or misprinted code);
  - **warn**: it is no code's name but differs from the code's standard name or from the
    name the document gives it elsewhere (a wording variant, a typo in a name);
  - **not_evaluated**: the reference does not list the code and the document prints it
    only here.
  The reference holds one edition of the standard; a document of a year whose standard
  renamed a code shows the new name as a warning, never as a failure (unless the new name
  is another code's).
- `codes.parent_printed`: every 款 and 项 code's parent (类, 款) is printed in the same table
  (and side); fail when it is not.

Functional (2xx) and economic (3xx) codes are compared within their own classification
("住房公积金" is 2210201 and 30113).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from pipeline.classification import classification_codes
from pipeline.identities.editions import DOC
from pipeline.identities.evaluate import RESIDUAL_SCHEMA, not_holding, residual_frame, residual_row
from pipeline.identities.labels import label_key

NAME = "codes.name_matches_code"
PARENT = "codes.parent_printed"
_PRINTED = [*DOC, "table_no", "side", "classification", "code", "item"]


@cache
def _reference() -> pl.DataFrame:
    """classification, code, and the standard name's key (`std`)."""
    ref = classification_codes()
    return ref.select(
        "classification", "code", std=ref["name_zh"].map_elements(label_key, pl.String)
    )


def code_residuals(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Name and parent checks of every printed code of every document.

    Vectorised over all documents; only the instances that do not pass (few) are explained
    one by one.
    """
    li = frames.get("line_items")
    if li is None or li.is_empty() or "code" not in li.columns:
        return residual_frame([])
    printed = (
        li.filter(pl.col("code").is_not_null())
        .with_columns(
            pl.col("unit", "kind", "item", "source").cast(pl.String),
            pl.col("table_role").cast(pl.String),
        )
        .group_by(*_PRINTED, "table_role")
        .agg(pl.col("line").min(), pl.col("source").first())
    )
    if printed.is_empty():
        return residual_frame([])
    printed = printed.with_columns(
        key=printed["item"].replace_strict(
            (distinct := printed["item"].unique()),
            [label_key(v) or "" for v in distinct.to_list()],
            return_dtype=pl.String,
        ),
        where=pl.concat_str(
            pl.lit("表"),
            pl.col("table_no").cast(pl.String),
            pl.when(pl.col("side").is_not_null())
            .then(pl.lit(" ") + pl.col("side"))
            .otherwise(pl.lit("")),
        ),
    ).sort(*DOC, "line")
    return pl.concat([_names(printed), _parents(printed)])


def _names(printed: pl.DataFrame) -> pl.DataFrame:
    cls_code = [*DOC, "classification", "code"]
    rows = printed.join(_reference(), on=["classification", "code"], how="left").with_columns(
        n_rows=pl.len().over(cls_code), n_names=pl.col("key").n_unique().over(cls_code)
    )
    named = (pl.col("key") == pl.col("std")) | (
        pl.col("std").is_null() & (pl.col("n_rows") > 1) & (pl.col("n_names") == 1)
    )
    passing = rows.filter(named.fill_null(False))
    out = [
        _frame(
            passing,
            NAME,
            "pass",
            "failure",
            pl.concat_str(
                _where(),
                pl.lit(" (line "),
                pl.col("line").cast(pl.String),
                pl.lit("): the code's name"),
            ),
        )
    ]
    rest = rows.filter(~named.fill_null(False))
    if rest.height:
        out.append(residual_frame([_name_row(r, printed) for r in rest.iter_rows(named=True)]))
    return pl.concat(out)


def _name_row(r: dict, printed: pl.DataFrame) -> dict:
    """The residual of one (code, name) that is not the code's name, explained."""
    cls, code, key = r["classification"], r["code"], r["key"]
    doc = (
        pl.col("unit").eq_missing(r["unit"])
        & pl.col("year").eq_missing(r["year"])
        & pl.col("kind").eq_missing(r["kind"])
        & pl.col("classification").eq_missing(cls)
    )
    ref = _reference().filter(pl.col("classification").eq_missing(cls))
    others = sorted(
        (
            {
                *ref.filter(pl.col("std") == key)["code"].to_list(),
                *printed.filter(doc & (pl.col("key") == key))["code"].to_list(),
            }
        )
        - {code}
    )
    elsewhere = printed.filter(doc & (pl.col("code") == code) & (pl.col("key") != key))
    where = f"{r['where']} {code} {r['item']}"
    row = dict(
        unit=r["unit"],
        year=r["year"],
        kind=r["kind"],
        check=NAME,
        family="codes",
        instance=where,
        reported=None,
        calculated=None,
        tolerance=None,
        source=r["source"],
        line=r["line"],
    )
    standard = r["std"]
    if others:
        named = f" ({standard})" if standard else ""
        return residual_row(
            **row,
            severity="failure",
            status=not_holding("failure"),
            detail=f"{where} (line {r['line']}): '{r['item']}' is the name of "
            f"{', '.join(others)}, not of {code}{named}",
        )
    if standard is not None:
        return residual_row(
            **row,
            severity="warning",
            status=not_holding("warning"),
            detail=f"{where} (line {r['line']}): the standard name of {code} is {standard}",
        )
    if elsewhere.height:
        names = "; ".join(
            f"{e['item']} ({e['where']}, line {e['line']})" for e in elsewhere.iter_rows(named=True)
        )
        return residual_row(
            **row,
            severity="warning",
            status=not_holding("warning"),
            detail=f"{where} (line {r['line']}): the document names it {names}",
        )
    return residual_row(
        **row,
        severity="failure",
        status="not_evaluated",
        detail=f"not evaluated: {where} (line {r['line']}): the reference "
        f"lists no {code} and the document prints it only here",
    )


def _parents(printed: pl.DataFrame) -> pl.DataFrame:
    table = [*DOC, "table_role", "side"]
    children = (
        printed.filter(pl.col("code").str.len_chars() > 3)
        .unique([*table, "code"], keep="first", maintain_order=True)
        .with_columns(parent=pl.col("code").str.slice(0, pl.col("code").str.len_chars() - 2))
    )
    present = printed.select(*table, parent="code").unique().with_columns(found=pl.lit(True))
    found = children.join(
        present, on=[*table, "parent"], how="left", nulls_equal=True
    ).with_columns(pl.col("found").fill_null(False))
    status = pl.when("found").then(pl.lit("pass")).otherwise(pl.lit(not_holding("failure")))
    return _frame(
        found,
        PARENT,
        status,
        "failure",
        pl.concat_str(
            _where(),
            pl.lit(" (line "),
            pl.col("line").cast(pl.String),
            pl.lit("): its parent "),
            "parent",
            pl.when("found")
            .then(pl.lit(" is printed"))
            .otherwise(pl.lit(" is not printed in the table")),
        ),
        instance=pl.concat_str("where", pl.lit(" "), "code", pl.lit(" → "), "parent"),
    )


def _where() -> pl.Expr:
    return pl.concat_str("where", pl.lit(" "), "code", pl.lit(" "), "item")


def _frame(
    rows: pl.DataFrame,
    check: str,
    status: str | pl.Expr,
    severity: str,
    detail: pl.Expr,
    instance: pl.Expr | None = None,
) -> pl.DataFrame:
    """Residuals of names or parents (no figures: reported, calculated, tolerance null)."""
    status = pl.lit(status) if isinstance(status, str) else status
    return rows.select(
        check=pl.lit(check),
        family=pl.lit("codes"),
        severity=pl.lit(severity),
        unit="unit",
        year="year",
        kind="kind",
        instance=_where() if instance is None else instance,
        status=status,
        reported=pl.lit(None),
        calculated=pl.lit(None),
        difference=pl.lit(None),
        tolerance=pl.lit(None),
        source="source",
        line="line",
        detail=detail,
    ).cast(dict(RESIDUAL_SCHEMA))  # type: ignore[arg-type]
