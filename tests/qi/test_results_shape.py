"""The shared result shape (workbook.results) that qi charts use: three renderings, alt text,
and a funnel plot legend that names its centre line for what it is."""

from __future__ import annotations

import base64
import html
import re

import numpy as np
import pytest

import workbook.qi as qi
from workbook.results import AnalysisResult, figure_png, png_img_html

PNG = b"\x89PNG\r\n\x1a\n"
EVENTS = [10, 30, 60, 12, 45]
DENOMS = [100, 200, 300, 150, 250]


def _legend(result) -> list[str]:
    fig = result.plot()
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_every_qi_result_is_an_analysis_result():
    assert isinstance(qi.funnel(EVENTS, DENOMS), AnalysisResult)
    assert isinstance(qi.run_chart([1, 2, 3, 4, 5, 6]), AnalysisResult)


def test_funnel_legend_says_overall_rate_unless_a_target_is_given():
    plain = qi.funnel(EVENTS, DENOMS)
    labels = _legend(plain)
    assert any(t.startswith("Overall rate ") for t in labels), labels
    assert not any("Target" in t for t in labels)
    assert "around the overall rate of" in plain.alt_text
    targeted = qi.funnel(EVENTS, DENOMS, target=0.2)
    assert any(t == "Target 20%" for t in _legend(targeted))
    assert "around the target of 20%" in targeted.alt_text


def test_adjusted_funnel_says_so():
    # rates 5% .. 35% at these sizes vary far more than binomial chance would make them
    r = qi.funnel([5, 70, 30, 100], [100, 200, 300, 400], overdispersion=True)
    assert r.phi_used > 1
    assert "widened for over-dispersion" in r.alt_text
    assert "widened" not in qi.funnel([5, 70, 30, 100], [100, 200, 300, 400]).alt_text


def test_drawn_limits_are_the_limits_in_the_table_when_phi_is_below_one():
    # identical rates: phi = 0, so the limits are not narrowed (phi_used = 1), and the chart
    # must draw those limits, not zero-width ones
    r = qi.funnel([10, 20, 30, 40], [100, 200, 300, 400], overdispersion=True)
    assert r.phi < 1 and r.phi_used == 1
    line = r.plot().axes[0].get_lines()[2]  # the upper 99.8% limit
    x, y = line.get_xdata(), line.get_ydata()
    row = r.data.iloc[1]  # n = 200, inside the plotted grid
    drawn = float(np.interp(row["n"], x, y))
    assert drawn == pytest.approx(row["upper_998"] * 100, abs=0.05)


def test_three_renderings_agree():
    r = qi.funnel(EVENTS, DENOMS, labels=list("ABCDE"))
    out = r.renderings()
    assert set(out) == {"image/png", "text/plain", "text/html"}
    assert out["image/png"].startswith(PNG)
    assert r.alt_text in out["text/plain"]
    page = out["text/html"]
    assert "<script" not in page and "widget" not in page
    alt = re.search(r'alt="([^"]*)"', page).group(1)
    assert html.unescape(alt) == r.alt_text
    src = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(src).startswith(PNG)
    assert "<th scope=row>n_providers</th><td>5</td>" in page


def test_palette_png_is_smaller_and_still_a_png():
    fig = qi.funnel(EVENTS, DENOMS).plot()
    full = figure_png(fig, 150)
    small = figure_png(qi.funnel(EVENTS, DENOMS).plot(), 150, palette=True)
    assert small.startswith(PNG) and len(small) < len(full)


def test_alt_text_is_escaped_in_img_html():
    out = png_img_html(PNG, 'a "quoted" <b>alt</b>')
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in out


@pytest.mark.parametrize("dpi", [100, 150])
def test_png_width_follows_dpi(dpi):
    import struct

    png = qi.funnel(EVENTS, DENOMS).to_png(dpi)
    width = struct.unpack(">I", png[16:20])[0]
    assert width == int(qi.funnel(EVENTS, DENOMS).figsize[0] * dpi)
