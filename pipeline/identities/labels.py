"""Keys that identify a printed row whatever its ordinal prefix or stray punctuation.

Tables print labels such as "1. 一般公共预算拨款", "其中：一般财力" or
"公务用车购置及运行费（小计）".  Relations name rows by the bare label ("一般公共预算拨款"),
and table 1's income side, whose labels repeat under 本年收入 and 上年结转结余, by a path
("上年结转结余/财政拨款结转/一般公共预算拨款") computed from the template's nesting.
"""

from __future__ import annotations

import re

import polars as pl

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


# Table 1's income side: the template's nesting, top level → second level → third level.
# Labels repeat across branches (一般公共预算拨款 under 本年收入 and under 财政拨款结转),
# so a row's place is read from the nearest heading above it.
TABLE1_INCOME_TEMPLATE: dict[str, dict[str, tuple[str, ...]]] = {
    "本年收入": {
        "一般公共预算拨款": ("一般财力", "上级一般公共预算安排转移支付"),
        "政府性基金预算拨款": ("政府性基金收入", "上级政府性基金安排转移支付"),
        "国有资本经营预算拨款": ("国有资本经营收入", "上级国有资本经营预算安排转移支付"),
        "财政专户核拨": (),
        "单位资金": ("事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入",
                     "其他收入"),
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
    leaves = [f"{t}/{m}/{k}" for t, ms in TABLE1_INCOME_TEMPLATE.items()
              for m, ks in ms.items() for k in ks]
    is_top = key.is_in(tops)
    top = pl.when(is_top).then(key).forward_fill().over(over)
    top_mid = top + pl.lit("/") + key
    is_mid = ~is_top & top.is_not_null() & top_mid.is_in(mids)
    # "" marks a new top-level heading: it clears the second-level heading
    mid = (pl.when(is_top).then(pl.lit("")).when(is_mid).then(key)
           .forward_fill().over(over))
    leaf = top + pl.lit("/") + mid + pl.lit("/") + key
    is_leaf = (~is_top & ~is_mid & top.is_not_null() & mid.is_not_null() & (mid != "")
               & leaf.is_in(leaves))
    return (pl.when(is_top).then(key).when(is_mid).then(top_mid).when(is_leaf).then(leaf)
            .otherwise(key))
