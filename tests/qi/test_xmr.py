"""XmR charts in the NHS "Making Data Count" style (as NHSRplotthedots computes them).

Definitions: /work/shared/reference/qi-rules.md ("XmR (individuals) chart" and "MDC
special-cause rules"). Each expected value is worked by hand in the docstring.

Most edge tests fix the limits on a 12-point baseline [9, 11, 9, 11, ...]: mean 10, every
moving range 2, so AMR = 2 (screening keeps all: 2 < 3.267 x 2). Process limits
10 ± 2.66 x 2 = 4.68 and 15.32; near limits 10 ± (2/3) x 5.32 = 6.4533 and 13.5467.
The baseline ends on 11 (above the mean), so each test segment starts with 10, a point on the
mean, which breaks any run.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from workbook.qi import TrialLimitsWarning, xmr
from workbook.qi.spc import assurance_type

BASE = [9.0, 11.0] * 6


def chart(segment, **kw):
    kw.setdefault("improvement", "increase")
    return xmr(BASE + list(segment), baseline=12, **kw)


def rules_of(result, start=12):
    return result.data["rule"].astype(str).tolist()[start:]


def test_baseline_limits_worked_by_hand():
    """Mean 10, AMR 2, limits 4.68/15.32, near limits 6.4533/13.5467 (module docstring)."""
    r = chart([10.0])
    assert r.mean == pytest.approx(10)
    assert r.amr == pytest.approx(2)
    assert (r.lpl, r.upl) == (pytest.approx(4.68), pytest.approx(15.32))
    assert r.data["nlpl"].iloc[0] == pytest.approx(10 - 2 / 3 * 5.32)
    assert r.data["nupl"].iloc[0] == pytest.approx(10 + 2 / 3 * 5.32)
    assert set(r.data["rule"].astype(str)) == {"none"}


def test_shift_of_six_is_not_flagged_but_seven_is():
    """MDC rule 4: 7 consecutive points on one side of the mean. [10] + 6 x 11: no signal;
    [10] + 7 x 11: all seven flagged 'shift' (equal values: no trend, within near limits)."""
    assert rules_of(chart([10] + [11] * 6)) == ["none"] * 7
    r = chart([10] + [11] * 7)
    assert rules_of(r) == ["none"] + ["shift"] * 7
    assert r.data["point_type"].astype(str).iloc[-1] == "special_cause_improvement"


def test_a_point_on_the_mean_breaks_a_shift():
    """[10, 11, 11, 11, 10, 11, 11, 11]: the middle 10 lies on the mean, so there are two runs
    of three, not a shift (NHSRplotthedots: sign(y - mean) = 0 breaks the run)."""
    assert rules_of(chart([10, 11, 11, 11, 10, 11, 11, 11])) == ["none"] * 8


def test_trend_of_six_is_not_flagged_but_seven_is():
    """MDC rule 2: 7 points all rising (6 rising differences). [7.5, 8, ..., 10] (6 points):
    none. [7, 7.5, ..., 10] (7 points): all seven 'trend'. None is beyond the near limits and
    at most six lie below the mean, so no other rule applies."""
    six = chart([7.5, 8.0, 8.5, 9.0, 9.5, 10.0])
    assert rules_of(six) == ["none"] * 6
    seven = chart([7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0])
    assert rules_of(seven) == ["trend"] * 7
    # Rising data with "increase is better" is an improvement even below the mean.
    assert set(seven.data["point_type"].astype(str).iloc[12:]) == {"special_cause_improvement"}


def test_a_tie_inside_a_trend_breaks_it():
    """MDC: a repeated value (difference 0) breaks the trend. [7, 7.5, 8, 8, 8.5, 9, 10]
    (differences +,+,0,+,+,+) has rising runs of 3 and 4 points only; six points lie below
    the mean and the last is on it, so no shift either."""
    assert rules_of(chart([7.0, 7.5, 8.0, 8.0, 8.5, 9.0, 10.0])) == ["none"] * 7


def test_falling_trend_with_increase_better_is_a_concern():
    """[13, 12.5, 12, 11.5, 11, 10.5, 10]: seven falling points, so 'trend', and with
    increase better, a concern."""
    r = chart([13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0])
    assert rules_of(r) == ["trend"] * 7
    assert set(r.data["point_type"].astype(str).iloc[12:]) == {"special_cause_concern"}


def test_two_of_three_flags_only_the_close_points():
    """MDC rule 3: [10, 14, 12, 14]: window (14, 12, 14) has two points beyond the upper near
    limit 13.5467 (within 15.32) and all three above the mean: the 14s are flagged, 12 not."""
    assert rules_of(chart([10, 14, 12, 14])) == ["none", "two_of_three", "none", "two_of_three"]


def test_two_of_three_needs_all_three_on_one_side():
    """[10, 14, 9, 14]: the window (14, 9, 14) has a point below the mean, so no signal."""
    assert rules_of(chart([10, 14, 9, 14])) == ["none"] * 4


def test_points_outside_the_process_limits():
    """MDC rule 1: 16 > 15.32 and 4 < 4.68 are outside; 15 is not (close, but alone)."""
    r = chart([10, 16, 10, 4, 10, 15])
    assert rules_of(r) == ["none", "outside_limits", "none", "outside_limits", "none", "none"]
    types = r.data["point_type"].astype(str).tolist()[12:]
    assert types[1] == "special_cause_improvement"
    assert types[3] == "special_cause_concern"


def test_rule_order_outside_beats_trend():
    """First matching rule wins: a 7-point rise ending above the upper limit labels that point
    'outside_limits' and the other six 'trend'."""
    r = chart([7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 16.0])
    assert rules_of(r) == ["trend"] * 6 + ["outside_limits"]


def test_screened_and_unscreened_limits():
    """[10, 11] x 5 + [10, 30]: moving ranges ten 1s and one 20; AMR = 30/11 = 2.7273; the
    screening limit 3.267 x 2.7273 = 8.91 drops the 20, so AMR = 1. Mean = 145/12 = 12.0833.
    Screened: limits 9.4233/14.7433, near 10.3100/13.8567, so the 10s are close to the lower
    limit and two-of-three (all below the mean) wins over the shift for them; the 11s are a
    shift. Unscreened (NHS England Excel tool): limits 12.0833 ± 7.2545, the 10s are not
    close and the first eleven points are one shift. 30 is outside either way."""
    y = [10.0, 11.0] * 5 + [10.0, 30.0]
    s = xmr(y)
    assert s.mean == pytest.approx(145 / 12)
    assert s.amr == pytest.approx(1.0)
    assert (s.lpl, s.upl) == (pytest.approx(145 / 12 - 2.66), pytest.approx(145 / 12 + 2.66))
    rules = s.data["rule"].astype(str).tolist()
    assert rules[-1] == "outside_limits"
    assert rules[:11] == ["two_of_three", "shift"] * 5 + ["two_of_three"]
    u = xmr(y, screen_outliers=False)
    assert u.amr == pytest.approx(30 / 11)
    assert u.upl == pytest.approx(145 / 12 + 2.66 * 30 / 11)
    assert u.data["rule"].astype(str).tolist() == ["shift"] * 11 + ["outside_limits"]


def test_limit_factor_for_a_qicharts2_style_i_chart():
    """qicharts2's I chart uses 3 / 1.128 instead of 2.66 (qi-rules.md decision)."""
    r = xmr(BASE, limit_factor=3 / 1.128)
    assert r.upl == pytest.approx(10 + 3 / 1.128 * 2)


@pytest.mark.parametrize(
    ("target", "improvement", "expected"),
    [
        (20, "increase", "consistent_fail"),
        (20, "decrease", "consistent_pass"),
        (2, "increase", "consistent_pass"),
        (2, "decrease", "consistent_fail"),
        (10, "increase", "inconsistent"),
        (10, "decrease", "inconsistent"),
        (10, "neutral", None),
        (None, "increase", None),
    ],
)
def test_assurance_table(target, improvement, expected):
    """The MDC assurance table (qi-rules.md) from the last point's limits 4.68 and 15.32."""
    r = chart([10.0], improvement=improvement, target=target)
    assert r.assurance == expected
    assert assurance_type(target, 4.68, 15.32, improvement) == expected


def test_assurance_target_on_a_limit_is_inconsistent():
    """The comparisons are strict (target > upl, target < lpl): a target equal to a limit is
    'inconsistent', as NHSRplotthedots."""
    assert assurance_type(15.32, 4.68, 15.32, "increase") == "inconsistent"


def test_variation_icon_is_the_last_points_type():
    """The variation icon shows the type of the last point."""
    assert chart([10.0]).variation == "common_cause"
    assert chart([10] + [11] * 7).variation == "special_cause_improvement"
    assert chart([10] + [11] * 7, improvement="decrease").variation == "special_cause_concern"
    assert chart([10] + [11] * 7, improvement="neutral").variation == ("special_cause_neutral_high")
    assert chart([10] + [9] * 7, improvement="neutral").variation == "special_cause_neutral_low"


def test_missing_values_are_left_out_of_limits_and_rules():
    """[9, NaN, 11, 9, 11, ...]: moving ranges touching the missing value are dropped (R:
    mean(mr, na.rm = TRUE)); the mean uses observed points only; the missing point has no
    rule and no type."""
    y = [9.0, np.nan] + [11.0, 9.0] * 6
    r = xmr(y)
    assert r.mean == pytest.approx((9 + 6 * 11 + 6 * 9) / 13)
    assert r.amr == pytest.approx(2)
    assert pd.isna(r.data["rule"].iloc[1])
    assert pd.isna(r.data["point_type"].iloc[1])


def test_a_shift_may_span_a_missing_value():
    """Decision (spc module docstring): rules run over the observed points in order, so seven
    points above the mean with a gap among them are still a shift."""
    r = xmr(BASE + [10, 11, 11, 11, np.nan, 11, 11, 11, 11], baseline=12)
    rules = r.data["rule"].iloc[12:]
    assert rules.isna().tolist() == [False] * 4 + [True] + [False] * 4
    assert rules.dropna().astype(str).tolist() == ["none"] + ["shift"] * 7


def test_all_equal_values():
    """A constant series: every moving range is 0, limits collapse onto the mean, every point
    lies on the mean, so nothing is flagged (the R packages give NaN limits and no flags)."""
    r = xmr([5.0] * 20)
    assert (r.mean, r.amr, r.lpl, r.upl) == (5.0, 0.0, 5.0, 5.0)
    assert set(r.data["rule"].astype(str)) == {"none"}
    assert r.variation == "common_cause"


def test_fewer_than_twelve_points_give_trial_limits_with_a_warning():
    """NHSRplotthedots warns that groups of fewer than 12 points have trial limits."""
    with pytest.warns(TrialLimitsWarning, match="trial limits"):
        xmr(BASE[:11])
    with pytest.warns(TrialLimitsWarning):
        xmr(BASE + BASE, baseline=8)
    assert issubclass(TrialLimitsWarning, UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        xmr(BASE)


def test_baseline_fixes_the_limits():
    """With baseline 12 the later points do not move the mean: 12 baseline points with mean
    10, then 100s, are outside the limits rather than dragging the mean up."""
    r = xmr(BASE + [100.0, 100.0], baseline=12)
    assert r.mean == 10
    assert rules_of(r) == ["outside_limits"] * 2


def test_rebase_gives_each_phase_its_own_limits_and_runs():
    """rebase_at=[12]: phase 1 is BASE (mean 10), phase 2 is BASE + 10 (mean 20, AMR 2).
    A run never crosses a phase boundary."""
    y = BASE + [v + 10 for v in BASE]
    r = xmr(y, rebase_at=[12])
    assert r.phases["mean"].tolist() == [10, 20]
    assert r.mean == 20 and r.amr == 2
    assert set(r.data["rule"].astype(str)) == {"none"}
    assert np.isnan(r.data["mr"].iloc[12])


def test_rebase_at_a_date():
    dates = pd.date_range("2023-01-01", periods=24, freq="MS")
    r = xmr(BASE + [v + 10 for v in BASE], rebase_at=["2024-01-01"], dates=dates)
    assert r.phases["start"].tolist() == [0, 12]
    single = xmr(BASE + [v + 10 for v in BASE], rebase_at="2024-01-01", dates=dates)
    assert single.phases["start"].tolist() == [0, 12]


def test_all_values_missing():
    """Nothing observed: no limits, no variation icon, and a clear text description."""
    with pytest.warns(TrialLimitsWarning):
        r = xmr([None, None, None])
    assert r.variation is None
    assert "no values" in r.alt_text


def test_data_columns():
    r = chart([10.0])
    for col in ("x", "y", "mean", "lpl", "upl", "nlpl", "nupl", "mr", "rule", "point_type"):
        assert col in r.data.columns


def test_bad_arguments():
    with pytest.raises(ValueError, match="improvement"):
        xmr(BASE, improvement="up")
    with pytest.raises(TypeError, match="target"):
        xmr(BASE, target="high")
    with pytest.raises(ValueError, match="rebase_at"):
        xmr(BASE, rebase_at=[40])
