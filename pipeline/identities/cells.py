"""Cells of `line_items` with the keys relations select by, and relations laid out as figures.

`prepare` adds to each cell: `key` (the bare row label, or its path on the summary table's
income side), `measure_key` and `path_key` (the column leaf and the column path, spaces
removed).  Cells are selected by `table_role`; `table_no` (the printed number) is kept for
display only.  `expand` turns one declared `Relation` into figure rows (see
`evaluate.FIGURE_SCHEMA`), for the documents whose edition the relation applies to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipeline.identities.editions import (
    DOC,
    STATED,
    documents_of,
    formula_by_document,
    render,
)
from pipeline.identities.evaluate import FIGURE_SCHEMA, empty_figures
from pipeline.identities.expected import ALWAYS, NONZERO, editions_expecting
from pipeline.identities.labels import label_key, reference_names, table1_income_paths_expr
from pipeline.identities.relations import SUMMARY, Relation, Term

ROW_KEYS = ["table_role", "side", "code", "key", "project"]
_NEEDED = (
    "unit",
    "year",
    "kind",
    "table_role",
    "table_no",
    "code",
    "level",
    "item",
    "project",
    "budget_unit",
    "measure",
    "measure_path",
    "side",
    "amount",
    "source",
    "line",
)


def _mapped(column: pl.Series, func: Callable[[str], str | None]) -> pl.Series:
    """`func` over a string column, called once per distinct value (labels repeat a lot)."""
    distinct = column.drop_nulls().unique()
    return column.replace_strict(
        distinct, [func(v) for v in distinct.to_list()], default=None, return_dtype=pl.String
    )


def _path_key(path: str) -> str:
    return "/".join(label_key(s) or "" for s in path.split("/"))


def prepare(line_items: pl.DataFrame, stated: pl.DataFrame | None = None) -> pl.DataFrame:
    """Cells with the selection keys added; raises KeyError naming a missing column.

    `stated` (from `stated_cells`) joins the narrative's figures in as the table `STATED`.
    """
    if "budget_unit" not in line_items.columns:  # frames built before units were read
        line_items = line_items.with_columns(budget_unit=pl.lit(None, pl.String))
    missing = [c for c in _NEEDED if c not in line_items.columns]
    if missing:
        raise KeyError(f"line_items lacks the column(s) {missing} the identities select by")
    cells = line_items.select(_NEEDED)
    if stated is not None and stated.height:
        cells = pl.concat([cells, stated.select(_NEEDED)], how="vertical_relaxed")
    cells = cells.with_columns(
        # every relation groups and joins by unit: as a category that is an integer key
        unit=pl.col("unit").cast(pl.Categorical()),
        source=pl.col("source").cast(pl.Categorical()),
        key=_mapped(cells["item"], label_key),
        measure_key=_mapped(cells["measure"], label_key),
        path_key=_mapped(cells["measure_path"], _path_key),
    )
    income = (pl.col("table_role") == SUMMARY) & (pl.col("side") == "income")
    t1 = cells.filter(income)
    if t1.is_empty():
        return cells
    rows = t1.group_by(*DOC, "key", "line").agg().sort(*DOC, "line")
    path_of = rows.with_columns(path=table1_income_paths_expr(pl.col("key"), DOC))
    t1 = (
        t1.join(path_of, on=[*DOC, "key", "line"], how="left", nulls_equal=True)
        .with_columns(key=pl.col("path"))
        .drop("path")
    )
    return pl.concat([cells.filter(~income), t1.select(cells.columns)])


_LEVEL = {3: 1, 5: 2, 7: 3}
STATED_UNITS = ("万元", "辆")
"""Units of the facts that enter the stated table (amounts, and vehicle counts that add up)."""


def stated_cells(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The figures the narrative states, as cells of the pseudo table `STATED`.

    `side` is the narrative section's role (changes, shares) or the fact's topic, `item` the
    subject or metric, `measure` the frame it came from.  A year-on-year sentence whose
    amount stands in another sentence (`amount_line`) points at that line.
    """
    parts = []
    level = pl.col("code").str.len_chars().replace_strict(_LEVEL, default=None).cast(pl.Int8)
    common = [*DOC, "source"]
    changes = frames.get("narrative_changes")
    if changes is not None and changes.height:
        parts.append(
            changes.select(
                *common,
                pl.lit("changes").alias("measure"),
                pl.col("section_role").alias("side"),
                pl.col("subject").alias("item"),
                "code",
                "amount",
                pl.coalesce("amount_line", "line").alias("line"),
            )
        )
    shares = frames.get("narrative_shares")
    if shares is not None and shares.height:
        parts.append(
            shares.select(
                *common,
                pl.lit("shares").alias("measure"),
                pl.col("section_role").alias("side"),
                pl.col("subject").alias("item"),
                "code",
                "amount",
                "line",
            )
        )
    facts = frames.get("facts")
    if facts is not None and facts.height:
        stated = facts.filter(pl.col("value_unit").is_in(STATED_UNITS))
        parts.append(
            stated.with_columns(code=_functional_codes(stated, frames.get("line_items"))).select(
                *common,
                pl.lit("facts").alias("measure"),
                pl.col("topic").alias("side"),
                pl.col("metric").alias("item"),
                "code",
                pl.col("value").cast(pl.Decimal(18, 2)).alias("amount"),
                "line",
            )
        )
    if not parts:
        return pl.DataFrame(schema={c: pl.String for c in _NEEDED}).clear()
    return (
        pl.concat(parts, how="vertical_relaxed")
        .with_columns(
            table_role=pl.lit(STATED),
            table_no=pl.lit(None, pl.Int8),
            level=level,
            project=pl.lit(None, pl.String),
            budget_unit=pl.lit(None, pl.String),
            measure_path=pl.col("measure"),
            amount=pl.col("amount").cast(pl.Decimal(18, 2)),
            line=pl.col("line").cast(pl.Int32),
        )
        .select(_NEEDED)
    )


def _functional_codes(facts: pl.DataFrame, line_items: pl.DataFrame | None) -> pl.Series:
    """The functional code a fact's metric names ("一般公共服务支出" → 201), else null.

    Section 四 states the class amounts by name only ("一般公共服务支出 4,567.50 万元");
    the code comes from the names the document's own tables print for it, else from the
    standard names (`pipeline.classification`) — only where the name belongs to exactly
    one code, so a fact never gets a code by a guess.
    """
    doc = [
        pl.col("unit").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.col("kind").cast(pl.String),
    ]
    facts = facts.select(*doc, key=_mapped(facts["metric"], label_key)).with_row_index("_row")
    found = [facts.join(reference_names(), on="key").select("_row", "code", rank=pl.lit(1))]
    if line_items is not None and line_items.height:
        functional = line_items.filter(pl.col("classification") == "functional")
        own = functional.select(*doc, "code", key=_mapped(functional["item"], label_key))
        found.append(
            facts.join(own.unique(), on=[*DOC, "key"]).select("_row", "code", rank=pl.lit(0))
        )
    # the document's own names first; a name that belongs to two codes names neither
    codes = (
        pl.concat(found)
        .filter(pl.col("rank") == pl.col("rank").min().over("_row"))
        .group_by("_row")
        .agg(pl.col("code").unique())
        .filter(pl.col("code").list.len() == 1)
        .select("_row", pl.col("code").list.first())
    )
    return facts.join(codes, on="_row", how="left").sort("_row")["code"]


def _match_measure(measure: str) -> pl.Expr:
    key = "/".join(label_key(s) or "" for s in measure.split("/"))
    return (
        (pl.col("measure_key") == key)
        | (pl.col("path_key") == key)
        | pl.col("path_key").str.ends_with("/" + key)
    )


@dataclass(frozen=True)
class CellIndex:
    """`prepare`d cells split by table role, the tables each document prints, and each
    document's edition.

    Built once per run: each relation's terms then scan only their own table.
    """

    by_table: dict[str, pl.DataFrame]
    empty: pl.DataFrame
    tables_present: pl.DataFrame
    documents: pl.DataFrame

    def table(self, role: str) -> pl.DataFrame:
        """The cells of one table (none when no document prints it)."""
        return self.by_table.get(role, self.empty)


def index_cells(
    cells: pl.DataFrame,
    printed_tables: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
) -> CellIndex:
    """Split `cells` by table role; `printed_tables` (unit, year, kind, table_role) adds
    the tables printed without a figure (an empty 三公 or carry-over table with its note);
    `documents` (unit, year, kind, template, from `editions.documents_of`) names each
    document's edition, in whose numbers the formulas print."""
    present = cells.select(*DOC, "table_role")
    if printed_tables is not None:
        present = pl.concat(
            [
                present,
                printed_tables.select(
                    pl.col("unit").cast(present.schema["unit"]), "year", "kind", "table_role"
                ),
            ]
        )
    # relations group and join by these labels: as categories they are integer keys
    cells = cells.with_columns(pl.col("side", "key", "project").cast(pl.Categorical()))
    by_table = {
        k[0]: v
        for k, v in cells.partition_by(  # type: ignore[misc]
            "table_role", as_dict=True, maintain_order=True
        ).items()
    }
    if documents is None:
        documents = documents_of({})
    documents = documents.with_columns(pl.col("unit").cast(present.schema["unit"]))
    return CellIndex(by_table, cells.clear(), present.unique(), documents)


def _rows_of(cells: CellIndex, t: Term) -> pl.DataFrame:
    """The rows a term reads; a table's row exists whatever the column, a stated figure's
    only in the frame it is read from (a share is not a year-on-year sentence)."""
    cond = pl.lit(True)
    if t.table == STATED and t.measure is not None:
        cond &= pl.col("measure") == t.measure
    if t.side is not None:
        cond &= pl.col("side") == t.side
    if t.row is not None:
        cond &= pl.col("key") == t.row
    if t.code is not None:
        cond &= pl.col("code") == t.code
    if t.level is not None:
        cond &= pl.col("level") == t.level
    if t.project == "*":
        cond &= pl.col("project").is_not_null()
    elif t.project is not None:
        cond &= pl.col("project") == t.project
    return cells.table(t.table).filter(cond)


def _inst_cols(by: str | None) -> list[str]:
    return {
        None: [],
        "row": ["side", "code", "key", "project"],
        "code": ["code"],
        "measure": ["measure_key"],
    }[by]


def _instance_label(by: str | None) -> pl.Expr:
    if by is None:
        return pl.lit("")
    if by == "row":
        return pl.concat_str(
            [
                pl.col("code").fill_null(""),
                pl.col("key").fill_null(""),
                pl.col("project").fill_null(""),
            ],
            separator=" ",
        ).str.strip_chars()
    if by == "code":
        return pl.col("code").fill_null("总计")
    return pl.col("measure_key")


def _expected_instances(
    relation: Relation, cells: CellIndex, keys: list[str], parts: list[pl.DataFrame]
) -> pl.DataFrame | None:
    """The instances the documents' editions expect their narrative to state
    (`expected.EXPECTED`), whether or not the figure was read: one per document (`ALWAYS`),
    or one per instance whose table figures are printed and not all zero (`NONZERO`)."""
    editions = editions_expecting(relation.check)
    if not editions:
        return None
    docs = cells.documents.filter(pl.col("template").is_in(list(editions)))
    if docs.is_empty():
        return None
    mode = pl.col("template").replace_strict(editions, return_dtype=pl.String)
    found = []
    always = docs.filter(mode == ALWAYS).select(DOC)
    if always.height:
        if relation.by is not None:
            raise ValueError(
                f"{relation.check}: a check by {relation.by} can only be "
                "expected where its table figure is not zero"
            )
        found.append(always)
    nonzero = docs.filter(mode == NONZERO).select(DOC)
    if nonzero.height and parts:
        printed = (
            pl.concat(parts)
            .group_by(keys)
            .agg(nonzero=(pl.col("amount") != 0).any())
            .filter("nonzero")
            .select(keys)
        )
        found.append(printed.join(nonzero, on=DOC, how="semi", nulls_equal=True))
    return pl.concat(found) if found else None


def expand(
    relation: Relation,
    cells: pl.DataFrame | CellIndex,
    printed_tables: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Figures of every instance of `relation` in `cells` (a `prepare`d frame, or its
    `index_cells` built once for many relations).

    `printed_tables` (unit, year, kind, table_role) adds the tables printed without a
    figure (an empty 三公 or carry-over table with its note): their rows all count as
    blank, i.e. zero.  `documents` names each document's edition (see `index_cells`).
    """
    if isinstance(cells, pl.DataFrame):
        cells = index_cells(cells, printed_tables, documents)
    inst = _inst_cols(relation.by)
    keys = [*DOC, *inst]
    tables_present = cells.tables_present
    terms = [("reported", t) for t in relation.lhs] + [("part", t) for t in relation.rhs]
    rows_t, cells_t = [], []
    for _role, t in terms:
        rows = _rows_of(cells, t)
        sel = rows if t.measure is None else rows.filter(_match_measure(t.measure))
        if relation.by == "measure":
            rows = sel  # a row "exists" in a column when the column has a cell for it
        rows_t.append(
            rows.group_by(keys).agg(
                row_line=pl.col("line").min(), row_source=pl.col("source").first()
            )
        )
        cells_t.append(
            sel.group_by(keys).agg(
                amount=pl.col("amount").sum(),
                printed=pl.len().cast(pl.UInt32),
                line=pl.col("line").min(),
                source=pl.col("source").first(),
            )
        )
    if relation.anchor == "lhs":
        instances = pl.concat(
            [
                r.select(keys)
                for r, (role, _t) in zip(rows_t, terms, strict=True)
                if role == "reported"
            ]
        ).unique()
    elif relation.by == "measure":
        # a column is an instance when one of the terms prints in it; presence of a row
        # is then judged per unit-year, whatever column it prints in
        instances = pl.concat([c.select(keys) for c in cells_t]).unique()
    else:
        instances = pl.concat([r.select(keys) for r in rows_t]).unique()
    expected = _expected_instances(
        relation,
        cells,
        keys,
        [c for (role, _t), c in zip(terms, cells_t, strict=True) if role == "part"],
    )
    if expected is not None:
        instances = pl.concat(
            [instances, expected.select(pl.col(k).cast(instances.schema[k]) for k in keys)]
        ).unique()
    if instances.is_empty():
        return empty_figures()
    formulas = formula_by_document(relation.formula, cells.documents)
    out = []
    for (role, t), rows, cs in zip(terms, rows_t, cells_t, strict=True):
        required = (role == "reported") if t.required is None else t.required
        if relation.by == "measure":
            present = _rows_of(cells, t).select(DOC).unique().with_columns(row_present=pl.lit(True))
            f = instances.join(present, on=DOC, how="left", nulls_equal=True)
        else:
            f = instances.join(
                rows.with_columns(row_present=pl.lit(True)), on=keys, how="left", nulls_equal=True
            )
        f = (
            f.join(cs, on=keys, how="left", nulls_equal=True)
            .join(
                tables_present.filter(pl.col("table_role") == t.table)
                .with_columns(table_present=pl.lit(True))
                .drop("table_role"),
                on=DOC,
                how="left",
                nulls_equal=True,
            )
            .join(formulas, on=DOC, how="left", nulls_equal=True)
        )
        row_present = pl.col("row_present").fill_null(False)
        available = (
            row_present if required else (row_present | pl.col("table_present").fill_null(False))
        )
        base = [c for c in ("row_line", "row_source") if c in f.columns]
        f = f.with_columns(
            available=available,
            printed=pl.col("printed").fill_null(0),
            line=pl.coalesce("line", *(["row_line"] if "row_line" in base else [])),
            source=pl.coalesce("source", *(["row_source"] if "row_source" in base else [])),
        ).with_columns(
            amount=pl.when(pl.col("printed") > 0)
            .then(pl.col("amount"))
            .when(pl.col("available"))
            .then(pl.lit(0).cast(pl.Decimal(38, 2)))
            .otherwise(None),
        )
        out.append(
            f.select(
                pl.lit(relation.check).alias("check"),
                pl.lit(relation.family).alias("family"),
                pl.lit(relation.severity).alias("severity"),
                pl.lit(relation.kind).alias("comparison"),
                pl.col("formula").fill_null(render(relation.formula, None)),
                "unit",
                "year",
                "kind",
                _instance_label(relation.by).alias("instance"),
                pl.lit(role).alias("role"),
                pl.lit(t.weight).cast(pl.Int8).alias("weight"),
                "amount",
                "printed",
                "available",
                "source",
                "line",
            ).cast(dict(FIGURE_SCHEMA))
        )  # type: ignore[arg-type]
    return pl.concat(out)
