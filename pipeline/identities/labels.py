"""Keys that identify a printed row whatever its ordinal prefix or stray punctuation.

Tables print labels such as "1. 一般公共预算拨款", "其中：一般财力" or
"公务用车购置及运行费（小计）".  Relations name rows by the bare label ("一般公共预算拨款"),
and table 1's income side, whose labels repeat under 本年收入 and 上年结转结余, by a path
("上年结转结余/财政拨款结转/一般公共预算拨款") computed from the template's nesting.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache, lru_cache

import polars as pl

from pipeline.classification import classification_codes
from pipeline.text import clean_name

_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\d+[.、]|（[一二三四五六七八九十\d]+）|其中：|-)+"
)
_SUFFIX = re.compile(r"（小计）$")
_NUMBERED_VARIANT = re.compile(r"(?:项目)?\d+$")


def label_key(label: str | None) -> str | None:
    """The bare label of a row: folded, spaces removed, ordinal and 其中 prefixes dropped.

    >>> label_key("1. 一般公共预算拨款"), label_key("其中：一般财力"), label_key("二、上年结转结余")
    ('一般公共预算拨款', '一般财力', '上年结转结余')
    >>> label_key("公务用车购置及运行费(小计)")
    '公务用车购置及运行费'
    """
    if label is None:
        return None
    text = clean_name(label)
    text = _PREFIX.sub("", text)
    return _SUFFIX.sub("", text)


def project_key(name: str | None) -> str | None:
    """One key for the numbered variants of a project and its performance-table title.

    Table 7 lists "军民共建及慰问项目" and "军民共建及慰问项目 1" (one project funded
    twice); the performance table is titled "…南疆工作补贴项目" where table 7 says
    "…南疆工作补贴".  Both variants map to the same key.

    >>> project_key("军民共建及慰问项目 1") == project_key("军民共建及慰问项目")
    True
    >>> project_key("2024 年度自治区援疆干部南疆工作 补贴") == project_key(
    ...     "2024 年度自治区援疆干部南疆工作补贴项目")
    True
    >>> project_key("行署办公室拆除原 1 号楼及附属设 施项目")
    '行署办公室拆除原1号楼及附属设施'
    """
    if name is None:
        return None
    text = clean_name(name).replace(" ", "")
    text = _NUMBERED_VARIANT.sub("", text)
    return text.removesuffix("项目")


SIMILAR = 0.8
"""How alike (difflib's ratio) a name must be to a project's to stand for it."""


@lru_cache(maxsize=1 << 14)
def match_project(name: str, projects: tuple[str, ...]) -> str | None:
    """The project of `projects` that `name` stands for, or None.

    In turn: the project of the same name (spaces and punctuation width aside); the longest
    project whose name the text contains ("年初预算新增{project}预算"); the project whose key
    (`project_key`, numbered variants merged) the text's key contains, if only one is that
    long; otherwise the project whose key is most alike the name's, if it is at least
    `SIMILAR` alike and more alike than any other — a narrative may write a project's name a
    little differently from its table ("工作队员" for "工作人员"), never so differently that
    two projects could be meant.

    >>> rows = ("“驻村”工作人员生活补助项目（自治区）", "基础设施保障项目")
    >>> match_project("“驻村”工作队员生活补助项目（自治区）1", rows)
    '“驻村”工作人员生活补助项目（自治区）'
    >>> match_project("年初预算新增基础设施保障项目预算", rows)
    '基础设施保障项目'
    >>> match_project("新增工作人员工作补贴", rows) is None
    True
    >>> match_project("结转项目02", ("结转项目01", "结转项目02"))
    '结转项目02'
    """
    text = _plain(name)
    plain = {p: _plain(p) for p in projects}
    same = [p for p, n in plain.items() if n == text]
    if same:
        return same[0]
    inside = [p for p, n in plain.items() if len(n) >= 4 and n in text]
    if inside:
        return _longest(inside, plain)
    key = project_key(name) or ""
    keys = {p: project_key(p) or "" for p in projects}
    inside = [p for p, k in keys.items() if len(k) >= 4 and k in key]
    if inside:
        return _longest(inside, keys)
    scored = sorted(((_alike(key, k), p) for p, k in keys.items()), reverse=True)
    if not scored or scored[0][0] < SIMILAR or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _alike(a: str, b: str) -> float:
    """difflib's ratio of two keys, 0 when its cheap upper bounds are below `SIMILAR`."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _plain(name: str) -> str:
    return clean_name(name).replace(" ", "")


def _longest(found: list[str], text_of: dict[str, str]) -> str | None:
    """The one of `found` with the longest text, None when two are that long."""
    longest = max(len(text_of[p]) for p in found)
    top = [p for p in found if len(text_of[p]) == longest]
    return top[0] if len(set(text_of[p] for p in top)) == 1 else None


@cache
def reference_names(classification: str = "functional") -> pl.DataFrame:
    """(key, code) of the standard names of one classification
    (`pipeline.classification`) that name exactly one code.

    >>> names = reference_names()
    >>> names.filter(pl.col("key") == "一般公共服务支出")["code"].to_list()
    ['201']
    """
    ref = classification_codes().filter(pl.col("classification") == classification)
    ref = ref.with_columns(key=pl.col("name_zh").map_elements(label_key, pl.String))
    return ref.filter(pl.col("key").is_unique()).select("key", "code").sort("code")


# Table 1's income side: the template's nesting, top level → second level → third level.
# Labels repeat across branches (一般公共预算拨款 under 本年收入 and under 财政拨款结转),
# so a row's place is read from the nearest heading above it.
TABLE1_INCOME_TEMPLATE: dict[str, dict[str, tuple[str, ...]]] = {
    "本年收入": {
        "一般公共预算拨款": ("一般财力", "上级一般公共预算安排转移支付"),
        "政府性基金预算拨款": ("政府性基金收入", "上级政府性基金安排转移支付"),
        "国有资本经营预算拨款": ("国有资本经营收入", "上级国有资本经营预算安排转移支付"),
        "财政专户核拨": (),
        "单位资金": (
            "事业收入",
            "上级补助收入",
            "附属单位上缴收入",
            "事业单位经营收入",
            "其他收入",
        ),
    },
    "上年结转结余": {
        "财政拨款结转": ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款"),
        "非财政拨款结转结余": ("财政专户核拨", "单位资金"),
    },
}


def table1_income_paths(keys_in_line_order: list[str]) -> list[str]:
    """Path of each table-1 income row, given the rows' keys in printed order.

    A key that fits no branch under the current heading keeps its bare key, so a
    relation that names a path does not find it (and says so) rather than misplace it.

    >>> table1_income_paths(["本年收入", "一般公共预算拨款", "一般财力", "上年结转结余",
    ...                      "财政拨款结转", "一般公共预算拨款", "收入总计"])[-2:]
    ['上年结转结余/财政拨款结转/一般公共预算拨款', '收入总计']
    """
    paths: list[str] = []
    top: str | None = None
    mid: str | None = None
    for key in keys_in_line_order:
        if key in TABLE1_INCOME_TEMPLATE:
            top, mid = key, None
            paths.append(key)
        elif top is not None and key in TABLE1_INCOME_TEMPLATE[top]:
            mid = key
            paths.append(f"{top}/{key}")
        elif top is not None and mid is not None and key in TABLE1_INCOME_TEMPLATE[top][mid]:
            paths.append(f"{top}/{mid}/{key}")
        else:
            paths.append(key)
    return paths


def table1_income_paths_expr(key: pl.Expr, over: list[str]) -> pl.Expr:
    """`table1_income_paths` as an expression over rows in printed order, per `over` group.

    The heading in force is the last top-level key above (a forward fill); the second-level
    heading is the last second-level key under it, reset by each new top-level key.

    >>> keys = ["本年收入", "一般公共预算拨款", "一般财力", "上年结转结余", "财政拨款结转",
    ...         "一般公共预算拨款", "收入总计"]
    >>> df = pl.DataFrame({"doc": [1] * 7, "key": keys})
    >>> df.select(table1_income_paths_expr(pl.col("key"), ["doc"]))["key"].to_list() == (
    ...     table1_income_paths(keys))
    True
    """
    tops = list(TABLE1_INCOME_TEMPLATE)
    mids = [f"{t}/{m}" for t, ms in TABLE1_INCOME_TEMPLATE.items() for m in ms]
    leaves = [
        f"{t}/{m}/{k}"
        for t, ms in TABLE1_INCOME_TEMPLATE.items()
        for m, ks in ms.items()
        for k in ks
    ]
    is_top = key.is_in(tops)
    top = pl.when(is_top).then(key).forward_fill().over(over)
    top_mid = top + pl.lit("/") + key
    is_mid = ~is_top & top.is_not_null() & top_mid.is_in(mids)
    # "" marks a new top-level heading: it clears the second-level heading
    mid = pl.when(is_top).then(pl.lit("")).when(is_mid).then(key).forward_fill().over(over)
    leaf = top + pl.lit("/") + mid + pl.lit("/") + key
    is_leaf = (
        ~is_top & ~is_mid & top.is_not_null() & mid.is_not_null() & (mid != "") & leaf.is_in(leaves)
    )
    return (
        pl.when(is_top).then(key).when(is_mid).then(top_mid).when(is_leaf).then(leaf).otherwise(key)
    )
