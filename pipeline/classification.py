"""Reference table of Chinese government expenditure classification codes.

Why this exists: the disclosures give amounts by code (功能分类 "functional"
codes 201…234 with 款/项 sub-codes, and 经济分类 "economic" codes 301…399
with 款 sub-codes), sometimes with the name split across columns or wrapped.
Notebooks and reports need one checked place to turn a code into its standard
Chinese name and an English gloss.  The data live in
``pipeline/data/classification_codes.csv``, whose header cites the source (the
Ministry of Finance's 2024 classification of government revenue and expenditure)
and says what is listed: every 类, the 款 of the functional 类 of the general
public budget, every economic 款, and the 项 the corpus prints.  A code it does
not list is glossed with the name the document prints (`gloss`), never an error;
`pipeline.views` (`code_glossary`) lists every code the corpus prints, by year.

Levels: functional 类=1 (3 digits), 款=2 (5), 项=3 (7); economic 类=1 (3), 款=2 (5).
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

DATA_FILE = Path(__file__).parent / "data" / "classification_codes.csv"
SCHEMA = {
    "classification": pl.String,
    "code": pl.String,
    "level": pl.Int8,
    "name_zh": pl.String,
    "name_en": pl.String,
}
CLASSIFICATIONS = ("functional", "economic")


@functools.cache
def _table() -> pl.DataFrame:
    frame = pl.read_csv(DATA_FILE, schema=SCHEMA, encoding="utf8", comment_prefix="#")
    _check(frame)
    return frame


def _check(frame: pl.DataFrame) -> None:
    """Fail loudly if the CSV is inconsistent (duplicate codes, bad levels, orphans)."""
    problems: list[str] = []
    duplicated = frame.filter(pl.col("code").is_duplicated())["code"].unique().to_list()
    if duplicated:
        problems.append(f"duplicate codes {sorted(duplicated)}")
    bad_class = frame.filter(~pl.col("classification").is_in(CLASSIFICATIONS))
    if bad_class.height:
        problems.append(f"unknown classification in {bad_class['code'].to_list()}")
    expected_level = (
        pl.when(pl.col("code").str.len_chars() == 3)
        .then(1)
        .when(pl.col("code").str.len_chars() == 5)
        .then(2)
        .when(pl.col("code").str.len_chars() == 7)
        .then(3)
        .otherwise(None)
    )
    bad = frame.filter(~pl.col("code").str.contains(r"^\d+$") | (expected_level != pl.col("level")))
    if bad.height:
        problems.append(f"code/level mismatch for {bad['code'].to_list()}")
    known = set(zip(frame["classification"], frame["code"], strict=True))
    orphans = [
        code for cls, code in known if len(code) > 3 and (cls, code[: len(code) - 2]) not in known
    ]
    if orphans:
        problems.append(f"codes without a parent row: {sorted(orphans)}")
    if problems:
        raise ValueError(f"{DATA_FILE}: " + "; ".join(problems))


def classification_codes() -> pl.DataFrame:
    """All codes: columns classification, code, level, name_zh, name_en.

    >>> df = classification_codes()
    >>> df.columns
    ['classification', 'code', 'level', 'name_zh', 'name_en']
    >>> df.filter(pl.col("code") == "2080505")["name_zh"].item()
    '机关事业单位基本养老保险缴费支出'
    >>> sorted(df["classification"].unique().to_list())
    ['economic', 'functional']
    """
    return _table().clone()


def _lookup() -> dict[str, tuple[str, str]]:
    return {
        code: (zh, en) for code, zh, en in _table().select("code", "name_zh", "name_en").iter_rows()
    }


_lookup_cached = functools.cache(_lookup)


def english_name(code: str | int | None) -> str | None:
    """The English name of a code, or None when the reference table does not list it.

    >>> english_name("30231"), english_name("9999999")
    ('Operation and maintenance of official vehicles', None)
    """
    if code is None:
        return None
    entry = _lookup_cached().get(str(code).strip())
    return entry[1] if entry else None


def standard_name(code: str | int | None) -> str | None:
    """The standard Chinese name of a code, or None when the reference table does not list it.

    >>> standard_name("2010301")
    '行政运行'
    """
    if code is None:
        return None
    entry = _lookup_cached().get(str(code).strip())
    return entry[0] if entry else None


def gloss(code: str | int, printed: str | None = None) -> str:
    """``"名称 (English)"`` for a functional or economic code; never raises for a code.

    Codes are unique across the two classifications (functional codes start
    with 2, economic with 3), so no classification argument is needed.  A code the
    reference table does not list falls back to the name the document prints
    (`printed`), else to the code itself, marked as not in the reference table.

    >>> gloss("201")
    '一般公共服务支出 (General public services)'
    >>> gloss(30211)
    '差旅费 (Travel)'
    >>> gloss("2010301")
    '行政运行 (Administrative operation)'
    >>> gloss("2059999", printed="其他合成支出")
    '其他合成支出 (code 2059999: not in the reference table)'
    >>> gloss("9999")
    '9999 (not in the reference table)'
    """
    key = str(code).strip()
    entry = _lookup_cached().get(key)
    if entry is not None:
        zh, en = entry
        return f"{zh} ({en})"
    if printed:
        return f"{printed} (code {key}: not in the reference table)"
    return f"{key} (not in the reference table)"
