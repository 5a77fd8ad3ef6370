"""Charts and tables: exact amounts in tooltips, glossed labels, escaped document text."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.analysis import charts
from pipeline.analysis.present import esc, table

D = Decimal


def amounts():
    return pl.DataFrame(
        {
            "item": ["委托业务费", "办公费"],
            "amount": [D("1323.50"), D("30")],
            "share_pct": [D("67.46"), D("1.53")],
        },
        schema={"item": pl.String, "amount": pl.Decimal(18, 2), "share_pct": pl.Decimal(9, 2)},
    )


def test_plot_frame_keeps_the_exact_figure_as_text():
    rows = charts.plot_frame(amounts(), ["amount"])
    assert rows[0] == {
        "item": "委托业务费",
        "amount": 1323.5,
        "share_pct": "67.46",
        "amount_text": "1,323.50",
    }
    counts = charts.plot_frame(amounts(), ["amount"], places=0)
    assert counts[1]["amount_text"] == "30"


def test_bars_carry_title_and_exact_tooltip():
    spec = charts.bars(
        amounts(),
        category="item",
        amount="amount",
        title="委托业务费 67.46%",
        tooltip=[("share_pct", "share %")],
    ).to_dict()
    assert spec["title"]["text"] == "委托业务费 67.46%"
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert fields == ["item", "share_pct", "amount_text"]
    assert spec["data"]["values"][0]["amount_text"] == "1,323.50"


def test_waterfall_spans_start_to_end():
    steps = pl.DataFrame(
        {
            "step": [0, 1],
            "label": ["上年", "行政运行"],
            "code": [None, "2010301"],
            "delta": [D("10"), D("-3")],
            "start": [D("0"), D("10")],
            "end": [D("10"), D("7")],
            "kind": ["total", "decrease"],
            "reason": [None, "人员减少"],
            "line": [None, 462],
        },
        schema_overrides={
            "delta": pl.Decimal(18, 2),
            "start": pl.Decimal(18, 2),
            "end": pl.Decimal(18, 2),
            "line": pl.Int32,
        },
    )
    values = charts.waterfall_chart(steps, "t").to_dict()["data"]["values"]
    assert [(v["low"], v["high"]) for v in values] == [(0.0, 10.0), (7.0, 10.0)]
    assert values[1]["delta_text"] == "-3.00" and values[0]["line"] == ""


def test_labels_gloss_known_codes_and_keep_unknown_names():
    pytest.importorskip("pipeline.classification", reason="needs pipeline.classification")
    frame = pl.DataFrame(
        {"code": ["2010301", "9999999", None], "name": ["行政运行", "某项", "某项目"]}
    )
    assert charts.with_labels(frame)["label"].to_list() == [
        "行政运行 (Administrative operation)",
        "某项",
        "某项目",
    ]


def test_tables_escape_document_text_and_print_missing_as_dash():
    page = table(
        pl.DataFrame(
            {"unit": ["<script>alert(1)</script>"], "prior": [None]},
            schema={"unit": pl.String, "prior": pl.Decimal(18, 2)},
        ),
        {"prior": "上年"},
    )._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert ">上年</th>" in page and "<td>—</td>" in page
    assert esc(None) == "—"


def test_series_panels_have_their_own_axes_and_grey_out_units_not_named():
    from pipeline.analysis import across

    long = pl.DataFrame(
        {
            "unit": ["甲", "甲", "乙", "乙"],
            "unit_short": ["甲", "甲", "乙", "乙"],
            "year": [2023, 2024, 2023, 2024],
            "measure": [across.LABELS["total"]] * 4,
            "value": [Decimal("1.00"), Decimal("2.50"), None, Decimal("3.00")],
        }
    )
    spec = charts.series_panels(long, title="t", highlight=["甲"]).to_dict()
    assert spec["resolve"] == {
        "axis": {"x": "independent", "y": "independent"},
        "scale": {"x": "independent", "y": "independent"},
    }
    values = spec["data"]["values"] if "values" in spec["data"] else spec["datasets"]
    rows = values if isinstance(values, list) else next(iter(values.values()))
    assert {r["unit_short"]: r["shown"] for r in rows} == {"甲": "甲", "乙": charts.OTHER_UNITS}
    assert [r["value_text"] for r in rows if r["unit_short"] == "甲"] == ["1.00", "2.50"]


def test_grouped_bars_keep_the_order_given():
    frame = pl.DataFrame({"c": ["b", "a"], "g": ["x", "x"], "v": [Decimal("1"), Decimal("2")]})
    spec = charts.grouped_bars(
        frame, category="c", group="g", amount="v", title="t", category_order=["b", "a"]
    ).to_dict()
    assert spec["encoding"]["row"]["sort"] == ["b", "a"]


def test_tables_scroll_in_their_own_box_under_a_sticky_header():
    page = table(pl.DataFrame({"a": list(range(100))}))._repr_html_()
    assert page.startswith('<div class="kashgar-scroll" style="max-height:36em;overflow:auto')
    assert '<th style="position:sticky;top:0;' in page
