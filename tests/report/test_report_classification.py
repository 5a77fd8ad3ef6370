"""The classification reference table agrees with itself and with the shipped document."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from pipeline.classification import classification_codes, gloss

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def _document_codes() -> dict[str, str]:
    """code -> name as printed in the shipped disclosure's tables (类/款/项 columns)."""
    found: dict[str, str] = {}
    for path in RAW.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            # functional rows: 201<TAB>03<TAB>01<TAB>name ; economic rows: 301<TAB>01<TAB>name
            m = re.match(r"^(2\d\d)\t(\d\d)?\t(\d\d)?\t([^\t\d][^\t]*)\t", line) or re.match(
                r"^(3\d\d)\t(\d\d)?\t()([^\t\d][^\t]*)\t", line
            )
            if m:
                code = "".join(g or "" for g in m.groups()[:3])
                found.setdefault(code, re.sub(r"\s+", "", m.group(4)))
            # table 1 lists every functional 类 as "201 一般公共服务支出"
            for code, name in re.findall(r"(?:^|\t)(2\d\d) ([^\t\d]+?支出|预备费)(?=\t|$)", line):
                found.setdefault(code, name)
    return found


def test_schema_and_levels():
    df = classification_codes()
    assert df.schema == pl.Schema(
        {
            "classification": pl.String,
            "code": pl.String,
            "level": pl.Int8,
            "name_zh": pl.String,
            "name_en": pl.String,
        }
    )
    assert df["code"].is_unique().all()
    assert df.filter(pl.col("name_en").str.len_chars() == 0).height == 0
    lengths = df.select(pl.col("code").str.len_chars().alias("n"), "level").unique()
    assert set(lengths.iter_rows()) == {(3, 1), (5, 2), (7, 3)}
    assert set(df.filter(pl.col("classification") == "economic")["code"].str.slice(0, 1)) == {"3"}
    assert set(df.filter(pl.col("classification") == "functional")["code"].str.slice(0, 1)) == {"2"}


def test_every_code_in_the_document_is_listed_with_the_documents_name():
    doc = _document_codes()
    if not doc:
        pytest.skip(f"no disclosure text in {RAW}")
    table = dict(classification_codes().select("code", "name_zh").iter_rows())
    # functional 类 from table 1, plus the 款/项 and economic codes from tables 5-7
    assert {"201", "234", "2010301", "2210201", "30101", "30399"} <= doc.keys()
    missing = sorted(set(doc) - set(table))
    assert missing == []
    wrong = {c: (doc[c], table[c]) for c in doc if doc[c] != table[c]}
    assert wrong == {}


def test_functional_classes_match_table_1():
    classes = (
        classification_codes()
        .filter((pl.col("classification") == "functional") & (pl.col("level") == 1))["code"]
        .to_list()
    )
    expected = [str(c) for c in [*range(201, 218), *range(219, 225), 227, *range(229, 235)]]
    assert classes == expected


def test_gloss():
    assert gloss("208") == "社会保障和就业支出 (Social security and employment)"
    assert gloss(" 30113 ") == "住房公积金 (Housing provident fund)"
    # a code the reference table does not list: the printed name, never a KeyError
    assert gloss("218") == "218 (not in the reference table)"
    assert gloss("2059999", printed="其他合成支出").startswith("其他合成支出 (code 2059999")
    assert gloss("2050201") == "学前教育 (Pre-school education)"


def test_every_class_has_its_kuan_listed_and_economic_kuan_are_complete():
    df = classification_codes()
    functional = df.filter(pl.col("classification") == "functional")
    parents = set(functional.filter(pl.col("level") == 2)["code"].str.slice(0, 3))
    classes = set(functional.filter(pl.col("level") == 1)["code"])
    assert classes - parents == {"209", "227", "230"}  # listed as 类 only (see the CSV header)
    economic = df.filter(pl.col("classification") == "economic", pl.col("level") == 2)
    assert {"30231", "30217", "30212", "31013", "30913", "39999"} <= set(economic["code"])


def test_returned_frame_is_a_copy():
    df = classification_codes()
    df = df.with_columns(pl.lit("x").alias("name_en"))
    assert classification_codes()["name_en"].to_list()[0] != "x"
