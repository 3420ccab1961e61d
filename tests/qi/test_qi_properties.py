"""Property tests (hypothesis) for XmR charts, from the definitions in qi-rules.md:
mean and limits are location-scale equivariant (mean ± k × AMR), and the rules compare
points with the mean and limits and with each other, so shifting or scaling by a positive
factor leaves every flag unchanged. Reversing time keeps the flags (the rules are symmetric
in time) but turns rising trends into falling ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbook.qi import xmr

pytestmark = pytest.mark.filterwarnings("ignore::workbook.qi._inputs.TrialLimitsWarning")

series = st.lists(st.integers(min_value=-50, max_value=50), min_size=3, max_size=60)


def _clear_of_boundaries(r) -> bool:
    """No point within a hair of the mean or a limit, where rounding could flip a flag."""
    d = r.data
    y = d["y"].to_numpy()
    gaps = [np.abs(y - d[c].to_numpy()) for c in ("mean", "lpl", "upl", "nlpl", "nupl")]
    return bool(np.all(np.concatenate(gaps) > 1e-7 * (1 + np.abs(y).max())) or r.amr == 0)


@settings(max_examples=150, deadline=None)
@given(series, st.integers(min_value=-1000, max_value=1000))
def test_shifting_values_shifts_mean_and_limits(values, c):
    a = xmr(values)
    b = xmr([v + c for v in values])
    assert b.mean == pytest.approx(a.mean + c)
    assert b.amr == pytest.approx(a.amr, abs=1e-9)
    assert b.upl == pytest.approx(a.upl + c)
    assert b.lpl == pytest.approx(a.lpl + c)
    assume(_clear_of_boundaries(a) and _clear_of_boundaries(b))
    assert b.data["rule"].tolist() == a.data["rule"].tolist()
    assert b.data["point_type"].tolist() == a.data["point_type"].tolist()


@settings(max_examples=150, deadline=None)
@given(series, st.sampled_from([0.25, 0.5, 2.0, 8.0, 1024.0]))
def test_scaling_values_scales_mean_and_limits(values, k):
    """Powers of two scale exactly in floating point, so flags must agree exactly."""
    a = xmr(values)
    b = xmr([v * k for v in values])
    assert b.mean == pytest.approx(a.mean * k)
    assert b.amr == pytest.approx(a.amr * k)
    assert b.upl == pytest.approx(a.upl * k)
    assert b.lpl == pytest.approx(a.lpl * k)
    assert b.data["rule"].tolist() == a.data["rule"].tolist()


@settings(max_examples=200, deadline=None)
@given(series)
def test_reversing_time_swaps_trend_direction(values):
    a = xmr(values)
    b = xmr(values[::-1])
    assert b.mean == pytest.approx(a.mean)
    assert b.amr == pytest.approx(a.amr)
    ra = a.data["rule"].astype(str).to_numpy()
    rb = b.data["rule"].astype(str).to_numpy()[::-1]
    assert (ra == rb).all()
    ta = a.data["point_type"].astype(str).to_numpy()
    tb = b.data["point_type"].astype(str).to_numpy()[::-1]
    y = np.asarray(values, dtype=float)
    swap = {
        "special_cause_improvement": "special_cause_concern",
        "special_cause_concern": "special_cause_improvement",
    }
    for i in np.flatnonzero(ra == "trend"):
        # A peak or trough joining two trends takes the later trend's direction either way
        # round (NHSRplotthedots), so it is not swapped; every other trend point is.
        if 0 < i < len(y) - 1 and np.sign(y[i] - y[i - 1]) != np.sign(y[i + 1] - y[i]):
            continue
        assert tb[i] == swap[ta[i]]


def test_reversal_example():
    """A rising 7-point trend (increase better: improvement) read backwards is falling."""
    y = [9.0, 11.0] * 6 + [7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0]
    fwd = xmr(y)
    back = xmr(y[::-1])
    assert set(fwd.data["point_type"].astype(str).iloc[12:]) == {"special_cause_improvement"}
    assert set(back.data["point_type"].astype(str).iloc[:7]) == {"special_cause_concern"}
