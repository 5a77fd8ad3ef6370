"""The offline Altair renderer: per-chart output, escaping, bundle handling, enable()."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import altair as alt
import pytest

from pipeline.report import charts
from pipeline.report.bundle import BUNDLE_TAG_RE, bundle_script_tag, vega_bundle
from pipeline.report.charts import RENDERER_NAME, chart_html, enable

SPEC_RE = re.compile(r"var divId = (.*?), spec = (.*?), opts = (.*?);\n", re.DOTALL)


@pytest.fixture
def restore_altair():
    renderer, theme = alt.renderers.active, alt.theme.active
    yield
    alt.renderers.enable(renderer)
    alt.theme.enable(theme)


def _bar() -> alt.Chart:
    data = alt.Data(values=[{"类": "一般公共服务支出", "万元": 4571.19}])
    return alt.Chart(data).mark_bar().encode(x="万元:Q", y="类:N").properties(title="支出")


def test_chart_output_is_div_plus_vega_embed_without_bundle():
    html = chart_html({"mark": "bar"}, div_id="kashgar-chart-x")
    assert html.startswith('<div id="kashgar-chart-x" class="kashgar-chart"')
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "src=" not in html  # no external script tag
    assert "window.vegaEmbed(el, spec, opts)" in html
    assert "window.vegaEmbed=" not in html  # the bundle is not repeated per chart
    assert len(html.encode()) < 4_000


def test_chart_ids_are_unique():
    first, second = chart_html({"mark": "bar"}), chart_html({"mark": "bar"})
    id_re = re.compile(r'<div id="([^"]+)"')
    assert id_re.search(first).group(1) != id_re.search(second).group(1)


def test_text_from_documents_cannot_break_out_of_the_script():
    hostile = "</script><script>alert('x')</script><!-- & \u2028"
    spec = {"mark": "bar", "title": hostile, "data": {"values": [{"单位": hostile}]}}
    html = chart_html(spec, div_id="c1")
    assert html.count("</script>") == 1
    assert "<script>alert" not in html and "<!--" not in html
    _div, embedded, _opts = SPEC_RE.search(html).groups()
    assert json.loads(embedded) == spec  # escaped, yet the same data


def test_renderer_is_registered_and_used_by_altair(restore_altair, monkeypatch):
    monkeypatch.setenv(charts.STATIC_ENV_VAR, "0")
    enable(inline_bundle=False)
    assert alt.renderers.active == RENDERER_NAME
    bundle, metadata = _bar()._repr_mimebundle_()
    assert sorted(bundle) == ["text/html", "text/plain"] and metadata == {}
    html = bundle["text/html"]
    assert 'class="kashgar-chart-pending"' in html
    assert 'class="kashgar-chart"' in html
    assert "一般公共服务支出" in html
    assert bundle["text/plain"] == "<Altair chart: 支出>"
    _div, embedded, opts = SPEC_RE.search(html).groups()
    assert json.loads(embedded)["config"]["font"].startswith('"Noto Sans CJK SC"')
    assert json.loads(opts) == {"actions": False, "renderer": "svg"}


def test_embed_options_pass_through(restore_altair, monkeypatch):
    monkeypatch.setenv(charts.STATIC_ENV_VAR, "0")
    enable(inline_bundle=False, embed_options={"renderer": "canvas"}, theme=False)
    html = _bar()._repr_mimebundle_()[0]["text/html"]
    assert json.loads(SPEC_RE.search(html).group(3))["renderer"] == "canvas"


def test_enable_outside_a_kernel_displays_nothing(restore_altair, capsys):
    enable()
    assert capsys.readouterr().out == ""


def test_enable_skips_bundle_during_report_build(restore_altair, monkeypatch):
    shown = []
    monkeypatch.setattr(charts, "_in_ipython_kernel", lambda: True)
    monkeypatch.setenv(charts.BUILD_ENV_VAR, "1")
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    enable()
    assert shown == []
    monkeypatch.delenv(charts.BUILD_ENV_VAR)
    enable()
    assert len(shown) == 1
    assert shown[0][0]["text/html"] == bundle_script_tag()


def test_bundle_is_one_guarded_classic_script():
    js = vega_bundle()
    assert js.count("window.vegaEmbed=") == 1
    assert "</script" not in js.lower()
    assert js.startswith("(function () {\nif (window.vegaEmbed) { return; }")
    tag = bundle_script_tag()
    assert BUNDLE_TAG_RE.fullmatch(tag)
    assert 700_000 < len(tag) < 2_000_000


# --- static images -----------------------------------------------------------

NOTO = Path("/usr/share/fonts/opentype/noto")


def test_each_chart_carries_a_static_png_with_cjk_glyphs(restore_altair):
    if not any(NOTO.glob("*CJK*")):
        pytest.skip(f"no Noto CJK font in {NOTO}: run `bash scripts/install-browser.sh`")
    enable(inline_bundle=False)
    bundle, metadata = _bar()._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    assert metadata["image/png"]["width"] == int.from_bytes(png[16:20], "big")
    # the same image stands in the chart's <div> until the script replaces it
    img = re.search(
        r'<div id="[^"]+" class="kashgar-chart"[^>]*>(<img [^>]*>)</div>', bundle["text/html"]
    ).group(1)
    assert f'src="data:image/png;base64,{bundle["image/png"]}"' in img
    assert 'alt="支出 (static image)"' in img
    # as many characters as _bar's label: empty boxes would give the same image
    other = (
        alt.Chart(alt.Data(values=[{"类": "社会保障就业支出", "万元": 4571.19}]))
        .mark_bar()
        .encode(x="万元:Q", y="类:N")
        .properties(title="支出")
    )
    assert other._repr_mimebundle_()[0]["image/png"] != bundle["image/png"]  # glyphs drawn


def test_a_chart_without_cjk_font_still_draws_interactively(restore_altair, monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "DEFAULT_CJK_FONT_DIRS", (tmp_path,))
    monkeypatch.setenv(charts.FONT_DIR_ENV_VAR, str(tmp_path / "missing"))
    monkeypatch.setattr(charts, "_static_warned", set())
    enable(inline_bundle=False)
    with pytest.warns(UserWarning, match="no static image: MissingCJKFontError"):
        bundle, metadata = _bar()._repr_mimebundle_()
    assert "image/png" not in bundle and metadata == {}
    assert 'class="kashgar-chart-pending"' in bundle["text/html"]
