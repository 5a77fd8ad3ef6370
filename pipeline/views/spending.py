"""Spending by functional class, by economic class and project by project, one table each.

The clean `line_items` hold every printed cell, and the same money is printed many times:
a 项 of 一般行政管理事务 appears in tables 2, 3, 5 and 7, in several columns each, and its 款
and 类 rows repeat it again.  Each view here reads ONE table (chosen by `table_role`) and one
column per figure, so a row is one printed row and a sum over one level is the printed
total.  A blank cell in a printed row is 0 (the disclosures print zero as blank).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipeline.classification import classification_codes
from pipeline.schema import AMOUNT, DOCUMENT_KEY
from pipeline.views.keys import with_unit_keys

__all__ = ["economic_spending", "functional_spending", "project_spending"]

KEY = list(DOCUMENT_KEY)
ZERO = Decimal(0)

FUNDS = {"expenditure_by_function": "all", "general_budget_by_function": "general_budget"}
"""Tables of spending by functional class, and which money each covers."""
_FUNCTIONAL_MEASURES = {"合计": "total", "基本支出": "basic", "项目支出": "project"}
_ECONOMIC_MEASURES = {"合计": "amount", "人员经费": "personnel", "公用经费": "public_use"}
PROJECT_TOTAL = "项目支出合计"
PROJECT_COLUMNS: dict[str, str] = {
    "工资福利支出": "301",
    "商品服务支出": "302",
    "商品和服务支出": "302",
    "对个人和家庭的补助": "303",
    "债务利息及费用支出": "307",
    "资本性支出（基本建设）": "309",
    "资本性支出": "310",
    "对企业补助（基本建设）": "311",
    "对企业补助": "312",
    "对社会保障基金补助": "313",
    "其他支出": "399",
}
"""The economic 类 each column of the project table (表7) stands for, by printed header."""


def _english(codes: pl.Expr) -> pl.Expr:
    """The English names of a column of codes (null where the reference table has none)."""
    names = {
        code: name for code, name in classification_codes().select("code", "name_en").iter_rows()
    }
    return codes.replace_strict(names, default=None, return_dtype=pl.String)


def _wide(rows: pl.DataFrame, index: list[str], measures: dict[str, str]) -> pl.DataFrame:
    """One row per `index` with one column per measure (null where no cell), the first line."""
    lines = rows.group_by(index).agg(pl.col("line").min(), pl.col("source").first())
    wide = rows.with_columns(pl.col("measure").replace_strict(measures)).pivot(
        "measure", index=index, values="amount", aggregate_function="first"
    )
    for name in measures.values():
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, AMOUNT).alias(name))
    return wide.join(lines, on=index, nulls_equal=True)


def functional_spending(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every functional 类/款/项 row of the expenditure tables, total / basic / project.

    `funds` says which table: `all` (单位支出总体情况表, every source of money) or
    `general_budget` (一般公共预算支出情况表, the general public budget only).
    """
    items = frames["line_items"].filter(
        pl.col("table_role").is_in(list(FUNDS)),
        pl.col("code").is_not_null(),
        pl.col("measure").is_in(list(_FUNCTIONAL_MEASURES)),
    )
    items = items.with_columns(pl.col("table_role").replace_strict(FUNDS).alias("funds"))
    wide = _wide(items, [*KEY, "funds", "code", "level", "item"], _FUNCTIONAL_MEASURES)
    out = wide.select(
        *KEY,
        "funds",
        "code",
        "level",
        pl.col("code").str.slice(0, 3).alias("class_code"),
        pl.col("item").alias("name_zh"),
        _english(pl.col("code")).alias("name_en"),
        pl.col("total").cast(AMOUNT),
        pl.col("basic", "project").fill_null(ZERO).cast(AMOUNT),
        "source",
        "line",
    )
    return with_unit_keys(out).sort([*KEY, "funds", "code"])


def economic_spending(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Basic spending by economic 类/款 (表6) and project spending by economic 类 (表7 columns).

    `spending` is `basic` (一般公共预算基本支出, with its personnel / public-use split) or
    `project` (一般公共预算项目支出, the total row of the project table by column).
    """
    items = frames["line_items"]
    basic = items.filter(
        pl.col("table_role") == "basic_by_economic_class",
        pl.col("code").is_not_null(),
        pl.col("measure").is_in(list(_ECONOMIC_MEASURES)),
    )
    basic = _wide(basic, [*KEY, "code", "level", "item"], _ECONOMIC_MEASURES).select(
        *KEY,
        pl.lit("basic").alias("spending"),
        "code",
        "level",
        "item",
        pl.col("amount").cast(AMOUNT),
        pl.col("personnel", "public_use").fill_null(ZERO).cast(AMOUNT),
        "source",
        "line",
    )
    project = items.filter(
        pl.col("table_role") == "project_expenditure",
        pl.col("code").is_null(),
        pl.col("project").is_null(),
        pl.col("parent").is_null(),
        pl.col("item").is_in(["总计", "合计"]),
        pl.col("measure").is_in(list(PROJECT_COLUMNS)),
    )
    project = project.select(
        *KEY,
        pl.lit("project").alias("spending"),
        pl.col("measure").replace_strict(PROJECT_COLUMNS).alias("code"),
        pl.lit(1, pl.Int8).alias("level"),
        pl.col("measure").alias("item"),
        pl.col("amount").cast(AMOUNT),
        pl.lit(None, AMOUNT).alias("personnel"),
        pl.lit(None, AMOUNT).alias("public_use"),
        "source",
        "line",
    )
    out = pl.concat([basic, project]).select(
        *KEY,
        "spending",
        "code",
        "level",
        pl.col("item").alias("name_zh"),
        _english(pl.col("code")).alias("name_en"),
        "amount",
        "personnel",
        "public_use",
        "source",
        "line",
    )
    return with_unit_keys(out).sort([*KEY, "spending", "code"])


def project_spending(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every project row of the project table (表7): its 项, amount, share, economic class.

    Joined by name to the project descriptions of the narrative (`project_no`, null when
    the narrative does not describe a project of that exact name).
    """
    items = frames["line_items"].filter(pl.col("table_role") == "project_expenditure")
    rows = items.filter(pl.col("project").is_not_null())
    amounts = rows.filter(pl.col("measure") == PROJECT_TOTAL)
    columns = (
        rows.filter(pl.col("measure").is_in(list(PROJECT_COLUMNS)), pl.col("amount") != 0)
        .group_by([*KEY, "code", "project"])
        .agg(pl.col("measure").replace_strict(PROJECT_COLUMNS).unique().alias("codes"))
    )
    totals = (
        items.filter(
            pl.col("code").is_null(),
            pl.col("project").is_null(),
            pl.col("item").is_in(["总计", "合计"]),
            pl.col("measure") == PROJECT_TOTAL,
        )
        .select(*KEY, pl.col("amount").alias("_all"))
        .unique(KEY, keep="first")
    )
    described = frames.get("projects")
    out = amounts.join(columns, on=[*KEY, "code", "project"], how="left", nulls_equal=True).join(
        totals, on=KEY, how="left", nulls_equal=True
    )
    if described is not None and described.height:
        out = out.join(
            described.select(*KEY, "project", "project_no").unique([*KEY, "project"], keep="first"),
            on=[*KEY, "project"],
            how="left",
            nulls_equal=True,
        )
    else:
        out = out.with_columns(pl.lit(None, pl.Int16).alias("project_no"))
    out = out.select(
        *KEY,
        "project",
        "project_no",
        "code",
        "level",
        pl.col("item").alias("name_zh"),
        _english(pl.col("code")).alias("name_en"),
        pl.col("amount").cast(AMOUNT),
        pl.struct("amount", "_all")
        .map_elements(lambda r: _pct(r["amount"], r["_all"]), return_dtype=pl.Decimal(9, 2))
        .alias("share_pct"),
        pl.when(pl.col("codes").list.len() == 1)
        .then(pl.col("codes").list.first())
        .alias("economic_code"),
        "source",
        "line",
    )
    return with_unit_keys(out).sort([*KEY, "line", "project"])


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    from pipeline.analysis.common import pct

    return pct(part, whole)
