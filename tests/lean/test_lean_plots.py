"""The view: charts draw from the model's tables and describe themselves in words."""

from __future__ import annotations

import pytest

from workbook.lean import Scenario, plots, single_run

RUN = single_run(Scenario(flow="streaming", run_length_days=10), seed=3)


def test_daily_chart_draws_the_four_hour_reference_line():
    daily = RUN.daily()
    fig = plots.daily_chart({"streaming": daily}, "within_4h")
    ax = fig.axes[0]
    assert len(ax.lines) == 2
    assert ax.lines[1].get_ydata()[0] == pytest.approx(0.80)
    text = plots.daily_chart_alt_text({"streaming": daily}, "within_4h")
    assert "10 days" in text and "about 80%" in text


def test_daily_chart_refuses_an_unknown_measure():
    with pytest.raises(ValueError, match="measure is 'speed'"):
        plots.daily_chart(RUN.daily(), "speed")


def test_value_stream_chart_has_a_bar_per_step_and_words():
    table = RUN.value_stream()
    fig = plots.value_stream_chart(table)
    assert len(fig.axes[0].patches) == (table["mean_min"] > 0).sum()
    text = plots.value_stream_chart_alt_text(table)
    assert "admit stream" in text and "discharge stream" in text and "lead time" in text
