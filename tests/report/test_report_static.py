"""Static PNG/SVG export through vl-convert: CJK fonts are required, and used."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pytest

from pipeline.report import charts
from pipeline.report.charts import (
    MissingCJKFontError,
    chart_to_bytes,
    register_cjk_fonts,
    save_chart,
)

NOTO = Path("/usr/share/fonts/opentype/noto")


def _title_chart(title: str) -> dict:
    return {
        "title": {"text": title, "fontSize": 30},
        "mark": "point",
        "data": {"values": [{"a": 1}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }


@pytest.fixture
def no_cjk_fonts(monkeypatch, tmp_path):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    (empty / "DejaVuSans.ttf").write_bytes(b"not a CJK font")
    monkeypatch.setattr(charts, "DEFAULT_CJK_FONT_DIRS", (empty,))
    monkeypatch.setenv(charts.FONT_DIR_ENV_VAR, str(tmp_path / "missing"))
    return empty


@pytest.fixture
def cjk_fonts():
    if not any(NOTO.glob("*CJK*")):
        pytest.skip(f"no Noto CJK font in {NOTO}: run `bash scripts/install-browser.sh`")
    return NOTO


def test_missing_cjk_font_is_an_error_with_a_clear_message(no_cjk_fonts):
    with pytest.raises(MissingCJKFontError) as info:
        register_cjk_fonts()
    message = str(info.value)
    assert str(no_cjk_fonts) in message
    assert "fonts-noto-cjk" in message and charts.FONT_DIR_ENV_VAR in message


def test_export_refuses_to_draw_without_cjk_font(no_cjk_fonts, tmp_path):
    target = tmp_path / "chart.png"
    with pytest.raises(MissingCJKFontError):
        save_chart(_title_chart("一般公共服务支出"), target)
    assert not target.exists()


def test_explicit_font_dir_without_cjk_font_raises(tmp_path):
    with pytest.raises(MissingCJKFontError):
        register_cjk_fonts([tmp_path])


def test_registers_noto_cjk(cjk_fonts):
    files = register_cjk_fonts([cjk_fonts])
    assert any("CJK" in f.name for f in files)


def test_png_draws_chinese_glyphs_not_boxes(cjk_fonts):
    def png(title: str) -> bytes:
        return chart_to_bytes(_title_chart(title), "png")

    # Characters no font has (Private Use Area) all draw as the same empty box,
    # so two such titles give identical images; real glyphs differ.
    assert png("\ue000\ue001\ue002\ue003") == png("\ue010\ue011\ue012\ue013")
    assert png("一般公共") != png("住房保障")


def test_save_chart_png_and_svg(cjk_fonts, tmp_path):
    chart = (
        alt.Chart(alt.Data(values=[{"类": "住房保障支出", "万元": 136.44}]))
        .mark_bar()
        .encode(x="万元:Q", y="类:N")
        .properties(title="支出")
    )
    png = save_chart(chart, tmp_path / "out" / "chart.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = save_chart(chart, tmp_path / "out" / "chart.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "住房保障支出" in svg and "Noto Sans CJK SC" in svg
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["chart.png", "chart.svg"]
    with pytest.raises(ValueError, match="unsupported"):
        save_chart(chart, tmp_path / "chart.gif")
