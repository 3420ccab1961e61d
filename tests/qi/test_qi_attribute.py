"""Attribute charts with the qicharts2 formulas (qi-rules.md, "Attribute charts").

Every expected value is worked by hand in the docstring.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbook.qi import TrialLimitsWarning, c_chart, p_chart, p_prime, u_chart, u_prime

pytestmark = pytest.mark.filterwarnings("ignore::workbook.qi._inputs.TrialLimitsWarning")


def test_p_chart_with_varying_denominators():
    """events 5, 10, 15 of n 50, 100, 150: p̄ = 30/300 = 0.1; sigma_i = √(0.09/n_i) =
    0.042426, 0.03, 0.024495; UCL = 0.227279, 0.19, 0.173485; LCL = max(0, 0.1 − 3σ) =
    0, 0.01, 0.026515 (clipped at 0)."""
    r = p_chart([5, 10, 15], [50, 100, 150])
    assert r.centre == pytest.approx(0.1)
    assert r.data["ucl"].tolist() == pytest.approx([0.227279, 0.19, 0.173485], abs=1e-6)
    assert r.data["lcl"].tolist() == pytest.approx([0.0, 0.01, 0.026515], abs=1e-6)
    assert r.data["y"].tolist() == pytest.approx([0.1, 0.1, 0.1])
    assert r.n_sigma_signals == 0


def test_p_chart_upper_limit_clipped_at_one():
    """events 9 of 10 and 1 of 10: p̄ = 0.5, σ = √(0.025) = 0.158; 0.5 + 0.474 < 1 but with
    n = 2: σ = 0.354, UCL = 1.56 clipped to 1 and LCL clipped to 0."""
    r = p_chart([1, 1], [2, 2])
    assert r.data["ucl"].tolist() == [1.0, 1.0]
    assert r.data["lcl"].tolist() == [0.0, 0.0]


def test_p_chart_sigma_signal_is_strictly_outside():
    """12 points of 10/100 then one of 40/100: p̄ = 160/1300 = 0.12308; σ = √(p̄(1−p̄)/100) =
    0.032858; UCL = 0.22165 < 0.4, so the last point is a sigma signal; the others are not."""
    r = p_chart([10] * 12 + [40], [100] * 13)
    assert r.centre == pytest.approx(160 / 1300)
    assert r.data["ucl"].iloc[0] == pytest.approx(
        160 / 1300 + 3 * math.sqrt((160 / 1300) * (1 - 160 / 1300) / 100)
    )
    assert r.data["sigma_signal"].tolist() == [False] * 12 + [True]
    assert r.signal is True


def test_u_chart_with_varying_denominators():
    """events 2, 4, 6 over n 1, 2, 3: ū = 12/6 = 2; σ_i = √(2/n) = 1.41421, 1, 0.81650;
    UCL = 6.24264, 5, 4.44949; LCL = 2 − 3σ < 0, clipped to 0."""
    r = u_chart([2, 4, 6], [1, 2, 3])
    assert r.centre == pytest.approx(2)
    assert r.data["ucl"].tolist() == pytest.approx([6.242641, 5.0, 4.449490], abs=1e-6)
    assert r.data["lcl"].tolist() == [0.0, 0.0, 0.0]


def test_c_chart():
    """counts 4, 9, 2: c̄ = 5, σ = √5 = 2.23607, UCL = 11.7082, LCL = max(0, −1.7082) = 0."""
    r = c_chart([4, 9, 2])
    assert r.centre == 5
    assert r.data["ucl"].tolist() == pytest.approx([11.708204] * 3, abs=1e-6)
    assert r.data["lcl"].tolist() == [0.0] * 3


def test_p_prime_laney():
    """events 10, 20, 30, 40 of 100 each: p̄ = 0.25, σ = √(0.1875/100) = 0.0433013;
    z = −3.4641, −1.1547, 1.1547, 3.4641; moving ranges all 2.3094; σz = 2.3094/1.128 =
    2.04734; σ × σz = 0.1/1.128 exactly, so UCL = 0.25 + 0.3/1.128 = 0.515957; LCL clipped
    to 0."""
    r = p_prime([10, 20, 30, 40], [100] * 4)
    assert r.sigma_z == pytest.approx(2.0473, abs=1e-4)
    assert r.data["ucl"].tolist() == pytest.approx([0.25 + 0.3 / 1.128] * 4)
    assert r.data["lcl"].tolist() == [0.0] * 4


def test_u_prime_laney():
    """events 10, 20, 30, 40 over n 10 each: ū = 2.5, σ = √(2.5/10) = 0.5; z = −3, −1, 1, 3;
    σz = 2/1.128 = 1.77305; UCL = 2.5 + 3 × 0.5 × 1.77305 = 5.15957; LCL = 0 (clipped)."""
    r = u_prime([10, 20, 30, 40], [10] * 4)
    assert r.sigma_z == pytest.approx(2 / 1.128)
    assert r.data["ucl"].tolist() == pytest.approx([2.5 + 1.5 * 2 / 1.128] * 4)
    assert r.data["lcl"].tolist() == [0.0] * 4


def test_missing_denominator_leaves_the_point_out():
    """A missing n leaves the point out of Σy/Σn: events 5, 7, 10 of n 50, NaN, 100 give
    p̄ = 15/150 = 0.1, and the missing point has no limits."""
    r = p_chart([5, 7, 10], [50, np.nan, 100])
    assert r.centre == pytest.approx(0.1)
    assert np.isnan(r.data["ucl"].iloc[1])


def test_runs_analysis_around_the_centre_line():
    """qicharts2 runs the Anhøj analysis around the centre line of attribute charts: 20
    points, ten at 5/100 then ten at 15/100 give one crossing (< 6): a runs signal."""
    r = p_chart([5] * 10 + [15] * 10, [100] * 20)
    assert r.n_crossings == 1
    assert r.runs_signal is True


def test_trial_limits_warning_for_attribute_charts():
    with pytest.warns(TrialLimitsWarning):
        c_chart([1, 2, 3])


def test_bad_counts_and_denominators():
    """Clear messages naming the field and position."""
    with pytest.raises(ValueError, match=r"events\[1\] is -2"):
        p_chart([1, -2, 3], [10, 10, 10])
    with pytest.raises(ValueError, match=r"events\[0\] = 12 is more than n\[0\] = 10"):
        p_chart([12, 2], [10, 10])
    with pytest.raises(ValueError, match=r"n\[1\] is 0"):
        u_chart([1, 2], [5, 0])
    with pytest.raises(ValueError, match=r"n\[0\] is -5"):
        u_chart([1, 2], [-5, 3])
    with pytest.raises(ValueError, match=r"counts\[2\] is -1"):
        c_chart([1, 2, -1])
    with pytest.raises(ValueError, match="give one denominator each"):
        p_chart([1, 2], [10])
    with pytest.raises(TypeError, match="denominators"):
        p_chart([1, 2], None)
