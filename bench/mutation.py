"""Mutation benchmark: change one printed figure of the shipped document, see if validation
notices.

Every figure of the document — each table cell amount, each classification code, each
amount, percentage and count in the narrative and the performance tables — gets one mutant:
a copy of the document with that figure's last digit moved by 5 (0→5, 4→9, 5→0, 9→4), far
beyond rounding.  Each mutant goes through the real parser and the identities
(`pipeline.identities.residuals`), in process, many mutants at a time (each under its own
unit name, so one residual run judges a whole batch).  A mutant is

- **rejected** when the parser (or the clean tables' keys) refuse it — flagged;
- **not read** when the clean data come out unchanged (the number is not one the parser
  reads: a date, an ordinal, a number inside a name);
- **text only** when only text columns change (a number inside free text kept verbatim,
  e.g. a project's policy basis);
- otherwise a changed figure, **flagged** when validation has a `fail` or `warn` it did not
  have on the original document, else **not flagged**.

The share flagged is counted over the changed figures (rejected, flagged and not flagged).
Every mutant that is not flagged should be listed, with why, in the reviewed residue file
`tests/identities/mutation_residue.tsv`; the benchmark prints those that are not.

    python -m bench.mutation                   # every figure; prints the share and the residue
    python -m bench.mutation --write-residue   # rewrite the residue file (then review it)
    python -m bench.mutation --sample 60 --out /tmp/m.md   # a random sample, report elsewhere

The report is also written to `bench/MUTATION.md`.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from pipeline.errors import ParseError
from pipeline.identities import residuals
from pipeline.parse import parse_document
from pipeline.reader import RawDocument, read_document
from pipeline.tidy import check_keys, to_frame

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "kashgar-admin-office_2024_budget.txt"
SOURCE = "data/raw/kashgar-admin-office_2024_budget.txt"
RESIDUE = ROOT / "tests" / "identities" / "mutation_residue.tsv"
REPORT = ROOT / "bench" / "MUTATION.md"
BATCH = 100
"""Mutants judged in one residual run."""

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_YEAR = re.compile(r"\s*年")
_DATE_TAIL = re.compile(r"\s*(?:月\s*\d+\s*日|日)")
_DOC_NUMBER = re.compile(r"\s*号")
_ORDINAL = re.compile(r"^\s*(?:-\s*)?\d+\s*[、.]\s*\D")
_CODE_CELL = re.compile(r"^\d{2,3}$")
_CODED_NAME = re.compile(r"^(\d{3})\s+\S")
_AMOUNT_CELL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class Figure:
    """One printed figure: its line, where it starts on the line, its text, what it is and
    its place among the line's figures (`index`), which with `line` and `text` names it."""

    line: int
    start: int
    text: str
    kind: str
    index: int

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.line, self.index, self.text)

    @property
    def mutated(self) -> str:
        return moved_last_digit(self.text)


def moved_last_digit(text: str) -> str:
    """`text` with its last digit moved by 5 (0→5, 4→9, 5→0, 9→4): never a rounding step.

    >>> moved_last_digit("2,099.75"), moved_last_digit("0.00"), moved_last_digit("302")
    ('2,099.70', '0.05', '307')
    """
    i = max(i for i, ch in enumerate(text) if ch.isdigit())
    digit = int(text[i])
    return text[:i] + str(digit + 5 if digit < 5 else digit - 5) + text[i + 1 :]


def _skipped(line: str, match: re.Match[str]) -> bool:
    """Numbers that are not figures: years, dates, document numbers, list ordinals, phone
    numbers, the column-numbering row of a table."""
    text, after, before = match.group(), line[match.end() :], line[: match.start()]
    if len(text) == 4 and text.startswith(("19", "20")) and _YEAR.match(after):
        return True
    if _DATE_TAIL.match(after) or (after.lstrip().startswith("月") and "年" in before[-4:]):
        return True
    if _DOC_NUMBER.match(after) or before.endswith(("【", "第")) or after.startswith("】"):
        return True
    if len(text.replace(",", "")) >= 8 and "." not in text:
        return True  # a telephone number
    return bool(_ORDINAL.match(line) and match.start() == len(line) - len(line.lstrip(" -")))


def _kind(line: str, match: re.Match[str], cells: list[str] | None, coded: bool) -> str:
    after = line[match.end() :].lstrip()
    if cells is not None:
        cell = _cell_at(line, match.start())
        if coded and _CODE_CELL.match(cell) and cells.index(cell) < 3:
            return "code"
        if coded and _CODED_NAME.match(cell) and match.start() == _cell_start(line, match.start()):
            return "code"
        if _AMOUNT_CELL.match(cell):
            return "cell"
        return "target" if after.startswith(("万元", "元")) or "%" in after[:1] else "count"
    if after.startswith("%"):
        return "percent"
    if after.startswith(("万元", "元", "万")):
        return "amount"
    return "count"


def _cell_start(line: str, pos: int) -> int:
    return line.rfind("\t", 0, pos) + 1


def _cell_at(line: str, pos: int) -> str:
    start = _cell_start(line, pos)
    end = line.find("\t", pos)
    return line[start : end if end >= 0 else len(line)]


def figures(doc: RawDocument, body_from: int = 58) -> list[Figure]:
    """Every figure printed from line `body_from` on (the contents before it hold none);
    codes are the leading cells of the tables of 第二部分."""
    out = []
    narrative = next(
        (n for n in range(body_from, len(doc.lines) + 1) if doc.line(n).startswith("第三部分")),
        len(doc.lines),
    )
    for number in range(body_from, len(doc.lines) + 1):
        line = doc.line(number)
        if not line.strip() or line.lstrip().startswith(("※", "表 ", "第")):
            continue
        cells = line.split("\t") if "\t" in line else None
        index = 0
        for match in _NUMBER.finditer(line):
            if _skipped(line, match):
                continue
            out.append(
                Figure(
                    number,
                    match.start(),
                    match.group(),
                    _kind(line, match, cells, number < narrative),
                    index,
                )
            )
            index += 1
    return out


def mutant(doc: RawDocument, fig: Figure) -> RawDocument:
    """`doc` with the one figure changed (line numbers stay)."""
    line = doc.line(fig.line)
    assert line[fig.start : fig.start + len(fig.text)] == fig.text, fig
    lines = list(doc.lines)
    lines[fig.line - 1] = line[: fig.start] + fig.mutated + line[fig.start + len(fig.text) :]
    return replace(doc, lines=tuple(lines))


def clean_frames(doc: RawDocument) -> dict[str, pl.DataFrame]:
    """The clean tables of one document, as ingest builds them; raises ValueError (ParseError
    is one) when ingest would reject the document."""
    parsed = parse_document(doc)
    frames = {t: to_frame(t, rows) for t, rows in parsed.records.items()}
    for name, frame in frames.items():
        check_keys(name, frame)
    return frames


@dataclass
class Outcome:
    """What became of one mutant."""

    figure: Figure
    status: str  # rejected | not_read | text_only | flagged | not_flagged
    new: list[tuple[str, str, str]] = field(default_factory=list)  # (check, instance, status)
    why: str = ""

    @property
    def changed(self) -> bool:
        """The mutant changed a figure of the clean data (or was refused)."""
        return self.status in ("rejected", "flagged", "not_flagged")


def _text_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c, t in frame.schema.items() if t == pl.String and c != "code"]


def _difference(base: dict[str, pl.DataFrame], got: dict[str, pl.DataFrame]) -> tuple[str, str]:
    """("none" | "text" | "data", where): how the clean data differ from the original's."""
    text_where = ""
    for name, frame in base.items():
        other = got[name]
        if frame.equals(other):
            continue
        data = [c for c in frame.columns if c not in _text_columns(frame)]
        if frame.height != other.height or not frame.select(data).equals(other.select(data)):
            cols = (
                [c for c in data if not frame[c].equals(other[c])]
                if frame.height == other.height
                else ["rows"]
            )
            return "data", f"{name}.{','.join(cols)}"
        cols = [c for c in frame.columns if not frame[c].equals(other[c])]
        text_where = text_where or f"{name}.{','.join(cols)}"
    return ("text", text_where) if text_where else ("none", "")


def _relabelled(frames: dict[str, pl.DataFrame], unit: str) -> dict[str, pl.DataFrame]:
    return {
        name: f.with_columns(unit=pl.lit(unit, pl.String)) if "unit" in f.columns else f
        for name, f in frames.items()
    }


def _flags(res: pl.DataFrame) -> dict[str, set[tuple[str, str, str]]]:
    """Per unit, the (check, instance, status) of every result that is fail or warn."""
    out: dict[str, set[tuple[str, str, str]]] = {}
    for unit, check, instance, status in (
        res.filter(pl.col("status").is_in(["fail", "warn"]))
        .select("unit", "check", "instance", "status")
        .iter_rows()
    ):
        out.setdefault(unit, set()).add((check, instance, status))
    return out


def _by_check(res: pl.DataFrame) -> dict[tuple[str, str], tuple]:
    return {
        (c, i): (r, k, s)
        for c, i, r, k, s in res.select(
            "check", "instance", "reported", "calculated", "status"
        ).iter_rows()
    }


def _why_not_flagged(fig: Figure, where: str, base: pl.DataFrame, got: pl.DataFrame) -> str:
    """Which identities read the changed figure and still hold, or that none does."""
    before = _by_check(base)
    moved = sorted(
        {
            c
            for (c, i), v in _by_check(got).items()
            if (c, i) in before and before[(c, i)][:2] != v[:2]
        }
        | {c for (c, i) in _by_check(got) if (c, i) not in before}
    )
    if moved:
        return f"read by {', '.join(moved)}, which still hold(s) (lands in {where})"
    return f"no identity reads it (lands in {where})"


def judge(doc: RawDocument, figs: Iterable[Figure], batch: int = BATCH) -> list[Outcome]:
    """The outcome of every figure's mutant."""
    base_frames = clean_frames(doc)
    unit = base_frames["documents"]["unit"][0]
    base_res = residuals(base_frames)
    base_flags = _flags(base_res).get(unit, set())
    out: list[Outcome] = []
    for chunk in _chunks(list(figs), batch):
        pending: dict[str, tuple[Outcome, str]] = {}
        parts: list[dict[str, pl.DataFrame]] = []
        for n, fig in enumerate(chunk):
            try:
                frames = clean_frames(mutant(doc, fig))
            except ValueError as exc:  # ParseError, or a key the clean tables refuse
                why = str(exc) if isinstance(exc, ParseError) else f"clean tables: {exc}"
                out.append(Outcome(fig, "rejected", why=why[:200]))
                continue
            how, where = _difference(base_frames, frames)
            if how != "data":
                status = "not_read" if how == "none" else "text_only"
                out.append(Outcome(fig, status, why=where))
                continue
            name = f"{unit}·m{n}"
            pending[name] = (Outcome(fig, "not_flagged"), where)
            parts.append(_relabelled(frames, name))
        if not parts:
            continue
        res = residuals(
            {t: pl.concat([p[t] for p in parts], how="vertical_relaxed") for t in parts[0]}
        )
        flags = _flags(res)
        for name, (outcome, where) in pending.items():
            outcome.new = sorted(flags.get(name, set()) - base_flags)
            if outcome.new:
                outcome.status = "flagged"
            else:
                outcome.why = _why_not_flagged(
                    outcome.figure, where, base_res, res.filter(pl.col("unit") == name)
                )
            out.append(outcome)
    return sorted(out, key=lambda o: o.figure.key)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the reviewed residue -------------------------------------------------------------

RESIDUE_COLUMNS = ("line", "index", "figure", "kind", "status", "why")


def read_residue(path: Path = RESIDUE) -> dict[tuple[int, int, str], dict[str, str]]:
    """The reviewed residue: figures whose mutant is not flagged, each with why."""
    if not path.exists():
        return {}
    rows = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("line\t"):
            continue
        values = dict(zip(RESIDUE_COLUMNS, raw.split("\t"), strict=True))
        rows[(int(values["line"]), int(values["index"]), values["figure"])] = values
    return rows


def unexplained(
    outcomes: Iterable[Outcome], residue: dict[tuple[int, int, str], dict[str, str]]
) -> list[Outcome]:
    """Mutants neither flagged (nor rejected) nor listed in the reviewed residue."""
    return [
        o
        for o in outcomes
        if o.status not in ("flagged", "rejected") and o.figure.key not in residue
    ]


def write_residue(
    outcomes: Iterable[Outcome],
    path: Path = RESIDUE,
    reviewed: dict[tuple[int, int, str], dict[str, str]] | None = None,
) -> int:
    """Write every mutant that is not flagged, keeping a reviewed `why` where there is one."""
    reviewed = reviewed or {}
    rows = [o for o in outcomes if o.status not in ("flagged", "rejected")]
    head = [
        "# Figures of data/raw/kashgar-admin-office_2024_budget.txt whose mutant (last "
        "digit moved by 5) validation does not flag.",
        "# Generated by `python -m bench.mutation --write-residue`, then reviewed by "
        "hand: `why` says why the figure legitimately escapes",
        "# (read by no identity: stated once and in no relation; or not a figure the "
        "parser reads as a number).",
        "\t".join(RESIDUE_COLUMNS),
    ]
    body = []
    for o in rows:
        old = reviewed.get(o.figure.key, {})
        why = old.get("why") or o.why
        body.append(
            "\t".join(
                [
                    str(o.figure.line),
                    str(o.figure.index),
                    o.figure.text,
                    o.figure.kind,
                    o.status,
                    why.replace("\t", " "),
                ]
            )
        )
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    return len(body)


# --- report ---------------------------------------------------------------------------


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    """Counts by status, the changed figures and the flagged ones."""
    counts = {s: 0 for s in ("rejected", "flagged", "not_flagged", "text_only", "not_read")}
    for o in outcomes:
        counts[o.status] += 1
    counts["mutants"] = len(outcomes)
    counts["changed"] = counts["rejected"] + counts["flagged"] + counts["not_flagged"]
    return counts


def report(outcomes: list[Outcome], residue: dict, seconds: float) -> str:
    """The benchmark's text: the share flagged and every figure that is not, with why."""
    c = summary(outcomes)
    share = (c["rejected"] + c["flagged"]) / c["changed"] if c["changed"] else 0.0
    lines = [
        f"Mutation benchmark on {SOURCE}: {c['mutants']} mutants (one per printed figure, "
        f"last digit moved by 5) in {seconds:.0f} s.",
        f"Changed a figure of the clean data: {c['changed']}; flagged {c['flagged']} "
        f"+ rejected {c['rejected']} = {share:.1%}; not flagged {c['not_flagged']}.",
        f"Not a figure the data hold as a number: text only {c['text_only']}, "
        f"not read {c['not_read']}.",
    ]
    by_kind: dict[str, list[int]] = {}
    for o in outcomes:
        if o.changed:
            seen = by_kind.setdefault(o.figure.kind, [0, 0])
            seen[0] += 1
            seen[1] += o.status in ("flagged", "rejected")
    lines.append(
        "By kind (flagged / changed): "
        + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_kind.items()))
    )
    missing = unexplained(outcomes, residue)
    lines.append("")
    lines.append(f"Not flagged ({c['not_flagged']}), with why:")
    for o in outcomes:
        if o.status == "not_flagged":
            why = residue.get(o.figure.key, {}).get("why") or f"UNREVIEWED: {o.why}"
            lines.append(
                f"  line {o.figure.line} {o.figure.text} → {o.figure.mutated} "
                f"({o.figure.kind}): {why}"
            )
    lines.append("")
    lines.append(f"Not in the reviewed residue ({RESIDUE.relative_to(ROOT)}): {len(missing)}")
    for o in missing:
        lines.append(
            f"  line {o.figure.line} #{o.figure.index} {o.figure.text} ({o.status}): {o.why}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the mutants; print the share and the residue and write them to `--out`; exit 1
    if a mutant is neither flagged nor explained in the reviewed residue."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write-residue",
        action="store_true",
        help=f"rewrite {RESIDUE.relative_to(ROOT)} (review it afterwards)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=None,
        help="only this many figures, drawn at random (default: every one)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--out", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args(argv)
    if args.write_residue and args.sample is not None:
        parser.error("--write-residue needs every figure (no --sample)")
    doc = read_document(RAW, SOURCE)
    figs = figures(doc)
    if args.sample is not None:
        figs = random.Random(args.seed).sample(figs, min(args.sample, len(figs)))
    start = time.perf_counter()
    outcomes = judge(doc, figs, args.batch)
    seconds = time.perf_counter() - start
    residue = read_residue()
    if args.write_residue:
        n = write_residue(outcomes, reviewed=residue)
        print(f"wrote {n} rows to {RESIDUE.relative_to(ROOT)}")
        residue = read_residue()
    text = report(outcomes, residue, seconds)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("# Mutation benchmark\n\n```\n" + text + "\n```\n", encoding="utf-8")
    return 1 if unexplained(outcomes, residue) else 0


if __name__ == "__main__":
    sys.exit(main())
