"""The tables pages share (`pipeline.page_tables`, `pipeline.analysis.present.Table`): what
the HTML carries, and the script's order and filters in Chromium on a small table."""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl
import pytest
from report_helpers import launch_chromium

from pipeline.analysis.present import Table, table
from pipeline.page_tables import filter_form, script_tag, select_filter, text_filter, unit_name

D = Decimal
FULL = "新疆维吾尔自治区喀什地区财政局"


def _units() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit": [FULL, "新疆维吾尔自治区喀什地区教育局", "合成单位00001（synthetic）"],
            "unit_id": ["u0000000001", "u0000000002", "u0000000003"],
            "unit_short": ["财政局", "教育局", "合成单位00001（synthetic）"],
            "year": [2024, 2023, 2024],
            "total": [D("1962.00"), None, D("-5.50")],
            "note": ["<b>x</b>", None, "y"],
        },
        schema_overrides={"total": pl.Decimal(18, 2), "year": pl.Int32},
    )


def test_a_plain_table_has_no_script_and_no_controls():
    page = table(_units())._repr_html_()
    assert "<script" not in page and "<form" not in page and "data-sort" not in page
    assert "kashgar-sortable" not in page


def test_a_unit_table_hides_keys_titles_short_names_and_marks_numeric_columns():
    page = Table(
        _units(),
        {"unit_short": "单位 unit", "total": "支出总计 total (万元)"},
        hidden=["unit", "unit_id"],
        titles={"unit_short": "unit"},
        sortable=True,
        find=["unit", "unit_id"],
        choices=["year"],
    )._repr_html_()
    heads = re.findall(r"<th\b[^>]*>(.*?)</th>", page)
    assert heads == ["单位 unit", "year", "支出总计 total (万元)", "note"]
    assert re.findall(r"<th\b[^>]*data-sort=\"num\"[^>]*>(.*?)</th>", page) == [
        "year",
        "支出总计 total (万元)",
    ]
    assert f'<td title="{FULL}">财政局</td>' in page
    assert f'<tr data-find="{FULL}|u0000000001">' in page  # the filter finds name and id
    assert "<td>—</td>" in page  # a missing figure is a dash, never 0
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    # the year drop-down offers each year once, matching the year column (the 2nd shown)
    assert '<select data-column="1"><option value="">all</option><option value="2023">' in page
    assert re.search(r"<form class=\"kashgar-filters\"[^>]* hidden>", page)  # until JS runs
    root = re.search(r'<div id="(kashgar-table-[0-9a-f]+)">', page).group(1)
    assert page.endswith(script_tag(root)) and f'data-for="{root}-rows"' in page


def test_columns_that_do_not_exist_are_an_error():
    with pytest.raises(KeyError, match="no column"):
        Table(_units(), titles={"unit_short": "full_name"})
    with pytest.raises(KeyError, match="no column"):
        Table(_units(), hidden=["year"], choices=["year"])
    with pytest.raises(ValueError, match="either a data key or a column"):
        select_filter("x", [], "all")


def test_document_text_is_escaped_in_names_titles_and_filters():
    assert unit_name("<b>局", "喀什地区<b>局") == (
        '<span title="喀什地区&lt;b&gt;局">&lt;b&gt;局</span>'
    )
    page = Table(
        pl.DataFrame({"unit": ['"><script>'], "unit_short": ["x"]}),
        hidden=["unit"],
        titles={"unit_short": "unit"},
        find=["unit"],
    )._repr_html_()
    assert '"><script>' not in page and "&quot;&gt;&lt;script&gt;" in page
    assert "<script>" not in text_filter("k", "<script>") + filter_form("t", [], count_text="<")


@pytest.mark.browser
def test_the_script_orders_exactly_and_filters(tmp_path, chromium):
    """Exact decimal order (no float), blanks last both ways, text filters fold case and
    width, select filters match a column's text, and nothing is fetched."""
    values = ["10.00", "9.99", "-0.05", "-0.50", "0.00", "—", "1,000,000,000,000.01", "", "n/a"]
    values += ["1,000,000,000,000.00", "-0.00", "007"]
    frame = pl.DataFrame(
        {
            "name": [f"单位{i}" for i in range(len(values))],
            "find": [f"ＡＢ{i}" if i % 2 else f"cd {i}" for i in range(len(values))],
            "value": values,
            "group": ["甲" if i < 4 else "乙" for i in range(len(values))],
        }
    )
    page = Table(frame, hidden=["find"], sortable=True, find=["find"], choices=["group"])
    # the value column holds text here (blanks of every sort): mark it numeric as a
    # Decimal column would be
    html = page._repr_html_().replace('">value</th>', '" data-sort="num">value</th>')
    assert html.count('data-sort="num"') == 1
    path = tmp_path / "t.html"
    path.write_text(f"<!doctype html><meta charset=utf-8><body>{html}", encoding="utf-8")
    from playwright.sync_api import sync_playwright

    column = "els => els.filter(e => !e.parentNode.hidden).map(e => e.textContent)"
    with sync_playwright() as pw:
        context = launch_chromium(pw, chromium, tmp_path / "profile")
        try:
            fetched: list[str] = []
            context.on("request", lambda r: r.url.startswith("file:") or fetched.append(r.url))
            page_ = context.new_page()
            page_.goto(path.as_uri())
            page_.click("th:nth-child(2)")
            up = page_.eval_on_selector_all("tbody td:nth-child(2)", column)
            page_.click("th:nth-child(2)")
            down = page_.eval_on_selector_all("tbody td:nth-child(2)", column)
            compare = page_.evaluate(
                "() => [['-0.00', '0'], ['0.1', '0.10'], ['-1', '-0.999'], ['12', '9']]"
                ".map(p => window.kashgarTables.compareDecimal(p[0], p[1]))"
            )
            page_.fill("input[type=search]", "ab")  # full-width ＡＢ, typed half-width
            folded = page_.eval_on_selector_all("tbody td:nth-child(1)", column)
            page_.fill("input[type=search]", " 1  ab ")  # every word, anywhere
            words = page_.eval_on_selector_all("tbody td:nth-child(1)", column)
            page_.fill("input[type=search]", "ab")
            page_.select_option("select", "甲")
            both = page_.eval_on_selector_all("tbody td:nth-child(1)", column)
            count = page_.inner_text(".kashgar-count")
        finally:
            context.close()
    assert fetched == []
    known = ["-0.50", "-0.05", "0.00", "-0.00", "007", "9.99", "10.00"]
    known += ["1,000,000,000,000.00", "1,000,000,000,000.01"]
    blanks = ["—", "", "n/a"]  # in the order they came, after every figure, either way
    assert up == known + blanks
    assert down[: len(known)] == sorted(known, key=lambda t: D(t.replace(",", "")), reverse=True)
    assert down[len(known) :] == blanks
    assert compare == [0, 0, -1, 1]
    assert sorted(folded) == sorted(f"单位{i}" for i in range(len(values)) if i % 2)
    assert sorted(both) == ["单位1", "单位3"] and count == "2"
    assert sorted(words) == ["单位1", "单位11"]  # ＡＢ1, ＡＢ11
