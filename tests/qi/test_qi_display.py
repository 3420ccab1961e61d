"""Every result displays as a chart (PNG) with a text version and alt text, and plots into a
given matplotlib Axes."""

from __future__ import annotations

import base64
import warnings

import pytest

import workbook.qi as qi

pytestmark = pytest.mark.filterwarnings("ignore::workbook.qi._inputs.TrialLimitsWarning")

PNG = b"\x89PNG\r\n\x1a\n"
Y = [9.0, 11.0] * 6 + [10, 14, 12, 14, 16, 11, 11, 11, 11, 11, 11, 11]


def _results():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.TrialLimitsWarning)
        return _make()


def _make():
    return [
        qi.run_chart(Y),
        qi.run_chart(Y, rules="ihi"),
        qi.xmr(Y, improvement="decrease", target=12),
        qi.xmr(Y, improvement="neutral", rebase_at=[12]),
        qi.p_chart([5, 10, 15, 7], [50, 100, 150, 80]),
        qi.u_prime([5, 10, 15, 7], [50, 100, 150, 80]),
        qi.c_chart([4, 9, 2, 5]),
        qi.funnel([10, 30, 60], [100, 200, 300]),
        qi.pareto(["a", "b", "c"], [5, 20, 75]),
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: r.title)
def test_mimebundle_has_png_and_text(result):
    data, metadata = result._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(PNG)
    assert result.alt_text in data["text/plain"]
    assert metadata["image/png"]["alt"] == result.alt_text
    assert result._repr_png_().startswith(PNG)
    assert result.alt_text.endswith(".")
    assert len(result.summary()) > 3


@pytest.mark.parametrize("result", _results()[:3], ids=lambda r: r.title)
def test_plot_into_a_given_axes(result):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert result.plot(ax=ax) is fig
    assert ax.get_title(loc="left") == result.title


def test_xmr_alt_text_says_what_the_chart_shows():
    r = qi.xmr(Y, improvement="decrease", target=12)
    text = r.alt_text
    assert "special cause" in text
    assert "Target 12" in text
    assert r.assurance == "inconsistent"
    assert "hit and miss" in text


def test_repr_is_text_and_draws_nothing():
    r = qi.xmr(Y)
    assert repr(r).startswith("XmR chart")


def test_pareto_axis_names_the_categories():
    fig = qi.pareto(["falls", "pressure ulcers", "medication"], [12, 5, 7]).plot()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["falls", "medication", "pressure ulcers"]
