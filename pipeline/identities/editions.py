"""Which identities a document's edition supports, and formulas in its printed numbers.

Identities are declared with roles (`pipeline.template.roles`): a table's role, a narrative
section's role.  Each document names its edition (`documents.template`), and the edition
declares the table and section roles it prints.  An identity applies to a document only
when its edition declares every role the identity `Needs`: a ten-table edition without a
`carryover` table gets no carry-over check at all — not "not evaluated", not "fail".
Whether a figure the edition does declare is printed in a document is another matter:
that is the identity's own business (not evaluated when it is missing).

Formulas are written with roles too, `{expenditure_by_function} 合计 = …` for a table and
`说明 {§general_budget}` for a section; `render` prints them in the numbers and numerals
of the document's edition ("表3 合计 = …", "说明 五"), so a researcher recognises them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import polars as pl

from pipeline.schema import DOCUMENT_KEY
from pipeline.template import SECTION_ROLES, TABLE_ROLES, TEMPLATES, Template

STATED = "narrative"
"""The pseudo table role of the figures the narrative states (`cells.stated_cells`)."""

DOC = list(DOCUMENT_KEY)
_PLACEHOLDER = re.compile(r"{(§?)([a-z_]+)}")


@dataclass(frozen=True)
class Needs:
    """The table roles and section roles an identity reads."""

    tables: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted((self.tables - set(TABLE_ROLES)) | (self.sections - set(SECTION_ROLES)))
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}")

    @classmethod
    def of(cls, tables: Iterable[str] = (), sections: Iterable[str] = ()) -> Needs:
        """Needs from any iterables of role names.

        >>> Needs.of(["sangong"], ["sangong"]).met_by(TEMPLATES["unit_budget_2024"])
        True
        """
        return cls(frozenset(tables), frozenset(sections))

    def __or__(self, other: Needs) -> Needs:
        return Needs(self.tables | other.tables, self.sections | other.sections)

    def met_by(self, template: Template) -> bool:
        """Whether the edition declares every table and section role needed."""
        return self.tables <= set(template.table_roles) and all(
            template.section_numeral(s) is not None for s in self.sections
        )


def placeholders(formula: str) -> Needs:
    """The roles a formula names.

    >>> sorted(placeholders("说明 {§overview} 收支总预算 = {income_expenditure_summary} 收入总计")
    ...        .tables)
    ['income_expenditure_summary']
    """
    found = _PLACEHOLDER.findall(formula)
    return Needs.of([r for s, r in found if not s], [r for s, r in found if s])


def render(formula: str, template: Template | None) -> str:
    """`formula` in the printed table numbers and section numerals of `template`; with no
    template (the edition is not known), each role prints as its name.

    >>> t = TEMPLATES["unit_budget_2024"]
    >>> render("说明 {§general_budget} 基本支出 = {general_budget_by_function} 总计 基本支出", t)
    '说明 五 基本支出 = 表5 总计 基本支出'
    >>> render("{sangong} 合计", None)
    'sangong 合计'
    """

    def printed(match: re.Match[str]) -> str:
        section, role = match.groups()
        if template is None:
            return role
        if section:
            numeral = template.section_numeral(role)
            if numeral is None:
                raise KeyError(f"{template.name} has no section {role!r} ({formula})")
            return numeral
        spec = template.table(role)
        if spec is None:
            raise KeyError(f"{template.name} has no table {role!r} ({formula})")
        return f"表{spec.number}"

    return _PLACEHOLDER.sub(printed, formula)


def documents_of(frames: Mapping[str, pl.DataFrame | None]) -> pl.DataFrame:
    """(unit, year, kind, template) of every document in `frames["documents"]`; empty when
    the frames hold no documents table (a hand-made frame in a test)."""
    docs = frames.get("documents")
    if docs is None or "template" not in docs.columns:
        return pl.DataFrame(
            schema={"unit": pl.String, "year": pl.Int32, "kind": pl.String, "template": pl.String}
        )
    return docs.select(
        pl.col("unit").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.col("kind").cast(pl.String),
        pl.col("template").cast(pl.String),
    )


def templates_in(docs: pl.DataFrame) -> dict[str, Template]:
    """The editions the documents follow, by name; an edition this code does not know is an
    error naming a document that follows it."""
    out = {}
    for name in docs["template"].drop_nulls().unique().to_list():
        if name not in TEMPLATES:
            doc = docs.filter(pl.col("template") == name).row(0, named=True)
            raise KeyError(
                f"{doc['unit']} {doc['year']} ({doc['kind']}) follows the edition "
                f"{name!r}, which pipeline.template does not declare; known: "
                f"{', '.join(TEMPLATES)}"
            )
        out[name] = TEMPLATES[name]
    return out


def formula_by_document(formula: str, docs: pl.DataFrame) -> pl.DataFrame:
    """(unit, year, kind, formula): `formula` rendered for each document's edition (by role
    names where the edition lacks a role it names: such a relation does not apply there,
    and `applicable` drops its results)."""
    named = placeholders(formula)
    printed = {
        name: render(formula, t if named.met_by(t) else None)
        for name, t in templates_in(docs).items()
    }
    return docs.select(
        *DOC,
        formula=pl.col("template").replace_strict(
            printed, default=render(formula, None), return_dtype=pl.String
        ),
    )


@cache
def rendered(formula: str, template: str | None) -> str:
    """`render` by edition name (None: not known), for families computed row by row; by
    role names where the edition lacks a role the formula names (see
    `formula_by_document`).

    >>> rendered("{project_expenditure}", "unit_budget_2024"), rendered("{sangong}", None)
    ('表7', 'sangong')
    """
    edition = None if template is None else TEMPLATES[template]
    if edition is not None and not placeholders(formula).met_by(edition):
        edition = None
    return render(formula, edition)


def applicable(
    residuals: pl.DataFrame, docs: pl.DataFrame, needs: Mapping[str, Needs]
) -> pl.DataFrame:
    """The residuals of the identities each document's edition supports.

    `needs` maps a check to what it reads; a check not in it reads no particular role
    (the hierarchy, the year-on-year sentences) and applies everywhere.  A document absent
    from `docs` (its edition is not known) keeps every identity: a needed table it lacks
    then shows as not evaluated, never as a pass.
    """
    if residuals.is_empty() or docs.is_empty():
        return residuals
    editions = templates_in(docs)
    dropped = [
        (name, check)
        for name, template in editions.items()
        for check, need in needs.items()
        if not need.met_by(template)
    ]
    if not dropped:
        return residuals
    pairs = pl.DataFrame(dropped, schema={"template": pl.String, "check": pl.String}, orient="row")
    out = (
        docs.join(pairs, on="template")
        .select(*DOC, "check")
        .with_columns(pl.col(c).cast(residuals.schema[c]) for c in (*DOC, "check"))
    )
    return residuals.join(
        out, on=[*DOC, "check"], how="anti", maintain_order="left", nulls_equal=True
    )
