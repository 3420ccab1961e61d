"""Run charts: the Anhøj rules (qicharts2) and the IHI rules (Perla et al. 2011).

Definitions: /work/shared/reference/qi-rules.md ("Run charts"). Expected values are computed by
hand in each docstring, or by an independent implementation written here.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from workbook.qi import anhoej_limits, ihi_runs_limits, run_chart
from workbook.qi.runs import swed_eisenhart_pmf


def _qbinom_005(size: int) -> int:
    """R's qbinom(0.05, size, 0.5) by direct summation: the smallest k with P(X <= k) >= 0.05."""
    total = 0
    for k in range(size + 1):
        total += math.comb(size, k)
        if total / 2**size >= 0.05:
            return k
    return size


@pytest.mark.parametrize("n", range(10, 61))
def test_anhoej_limits_match_the_formula_for_10_to_60(n):
    """longest_run_max = round(log2 n) + 3 (Schilling 2012); n_crossings_min =
    qbinom(0.05, n - 1, 0.5) (Chen 2010), checked against scipy and exact summation."""
    from scipy.stats import binom  # here, not at the top: scipy.stats takes a second to load

    lr_max, nc_min = anhoej_limits(n)
    assert lr_max == round(math.log2(n)) + 3
    assert nc_min == int(binom.ppf(0.05, n - 1, 0.5))
    assert nc_min == _qbinom_005(n - 1)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(10, (6, 2)), (12, (7, 3)), (20, (7, 6)), (24, (8, 8)), (30, (8, 10)), (40, (8, 14))],
)
def test_anhoej_limit_spot_values(n, expected):
    """Spot values listed in qi-rules.md (Anhøj rules, examples of the limits)."""
    assert anhoej_limits(n) == expected


def test_rising_series_of_ten_has_too_few_crossings():
    """1..10: median 5.5, five points below then five above: longest run 5 (<= 6), one
    crossing (< 2) so a signal (qi-rules.md, n = 10 gives limits 6/2)."""
    r = run_chart(list(range(1, 11)))
    assert r.median == 5.5
    assert (r.n_useful, r.longest_run, r.n_crossings) == (10, 5, 1)
    assert (r.longest_run_max, r.n_crossings_min) == (6, 2)
    assert r.signal is True


def test_points_on_the_median_are_dropped_and_join_their_neighbours():
    """[1, 2, 3, 3, 3, 4, 5]: median 3; the three 3s are not useful; -,-,+,+ gives one crossing
    between 2 and 4 (neighbours on opposite sides), longest run 2 (qi-rules.md)."""
    r = run_chart([1, 2, 3, 3, 3, 4, 5])
    assert r.median == 3
    assert r.n_useful == 4
    assert r.n_crossings == 1
    assert r.longest_run == 2
    assert r.data["useful"].tolist() == [True, True, False, False, False, True, True]


def test_point_on_median_neither_breaks_nor_extends_a_run():
    """[1, 5, 3, 5, 1]: median 3; sides -, +, (dropped), +, -: the two + join into one run of
    2, so runs -, ++, - : longest 2, crossings 2."""
    r = run_chart([1, 5, 3, 5, 1])
    assert (r.n_useful, r.longest_run, r.n_crossings) == (4, 2, 2)


def test_all_equal_values_have_no_useful_points_and_no_signal():
    """Every point on the median: no useful observations, so no signal (qi-rules.md)."""
    r = run_chart([4.0] * 15)
    assert r.n_useful == 0
    assert r.longest_run is None and r.n_crossings is None
    assert r.signal is False
    assert "no runs" in r.alt_text


def test_missing_values_are_left_out():
    """[1, NaN, 5, None, 2, 6]: median of 1, 5, 2, 6 is 3.5; sides -, +, -, +: three
    crossings, longest run 1; the missing points are not useful (qicharts2 drops NA)."""
    r = run_chart([1, np.nan, 5, None, 2, 6])
    assert r.median == 3.5
    assert (r.n_useful, r.n_crossings, r.longest_run) == (4, 3, 1)
    assert r.data["useful"].tolist() == [True, False, True, False, True, True]


def _from_sides(sides):
    # Values +1 and -1 in equal numbers have median exactly 0, so the sides are preserved.
    assert sum(sides) == 0
    return [float(s) for s in sides]


def test_longest_run_at_the_limit_is_not_a_signal_but_one_more_is():
    """n = 20 useful gives longest_run_max 7 (strict rule): runs 7,7,1,1,1,1,1,1 give no
    signal (crossings 7 >= 6); runs 8,8,1,1,1,1 give a long-run signal."""
    ok = run_chart(_from_sides([-1] * 7 + [1] * 7 + [-1, 1] * 3))
    assert (ok.n_useful, ok.longest_run, ok.n_crossings) == (20, 7, 7)
    assert ok.signal is False
    assert not ok.data["long_run"].any()
    bad = run_chart(_from_sides([-1] * 8 + [1] * 8 + [-1, 1] * 2))
    assert bad.longest_run == 8
    assert bad.signal is True
    assert bad.data["long_run"].sum() == 16


def test_crossings_at_the_limit_are_not_a_signal_but_one_fewer_is():
    """n = 20 useful gives n_crossings_min 6 (strict rule). Runs -2,+3,-2,+3,-3,+4,-3: six
    crossings, no signal. Runs -4,+3,-3,+4,-3,+3: five crossings, a signal."""
    sides = [-1] * 2 + [1] * 3 + [-1] * 2 + [1] * 3 + [-1] * 3 + [1] * 4 + [-1] * 3
    ok = run_chart(_from_sides(sides))
    assert (ok.n_crossings, ok.n_crossings_min, ok.signal) == (6, 6, False)
    sides = [-1] * 4 + [1] * 3 + [-1] * 3 + [1] * 4 + [-1] * 3 + [1] * 3
    bad = run_chart(_from_sides(sides))
    assert (bad.n_crossings, bad.longest_run, bad.signal) == (5, 4, True)


def test_frozen_baseline_sets_only_the_median():
    """[1, 2, 3, 4, 10, 11, 12, 13] with baseline 4: median of 1..4 is 2.5; all eight points
    are analysed: sides --++++++, longest run 6, one crossing; n = 8 gives limits
    round(3) + 3 = 6 and qbinom(0.05, 7, 0.5) = 1, so no signal."""
    r = run_chart([1, 2, 3, 4, 10, 11, 12, 13], baseline=4)
    assert r.median == 2.5
    assert (r.n_useful, r.longest_run, r.n_crossings) == (8, 6, 1)
    assert (r.longest_run_max, r.n_crossings_min) == (6, 1)
    assert r.signal is False


def test_excluded_points_are_left_out_of_everything():
    """[1, 100, 2, 3] excluding position 1: median of 1, 2, 3 is 2; the excluded point is not
    useful (qi-rules.md: excluded points are left out of everything)."""
    r = run_chart([1, 100, 2, 3], exclude=[1])
    assert r.median == 2
    assert r.n_useful == 2
    assert r.data["excluded"].tolist() == [False, True, False, False]


def test_exclude_by_date():
    """Exclusions may be given as dates when dates are given."""
    dates = pd.date_range("2024-01-01", periods=4, freq="MS")
    r = run_chart([1, 100, 2, 3], exclude=["2024-02-01"], dates=dates)
    assert r.median == 2


def test_ihi_shift_needs_six_and_ignores_points_on_the_median():
    """IHI shift: 6 or more on one side; a point on the median neither counts nor breaks.
    [1,1,1,0,1,1,1,-1x6]: median 0; six 1s around the 0 form a shift, so do the six -1s."""
    r = run_chart([1, 1, 1, 0, 1, 1, 1] + [-1] * 6, rules="ihi")
    assert r.median == 0
    assert r.shift is True
    assert r.data["shift"].sum() == 12
    assert not r.data["shift"].iloc[3]
    five = run_chart([1, 1, 0, 1, 1, 1, -1, -1, -1, -1, -1], rules="ihi")
    assert five.shift is False


def test_ihi_trend_counts_a_repeated_value_once():
    """IHI trend: 5 or more points all going up; a repeat neither adds nor breaks.
    [1,2,2,3,4,5] -> 1,2,3,4,5 is a trend; [1,2,2,3,4] -> 1,2,3,4 is not."""
    yes = run_chart([1, 2, 2, 3, 4, 5], rules="ihi")
    assert yes.trend is True
    assert yes.data["trend"].all()
    no = run_chart([1, 2, 2, 3, 4], rules="ihi")
    assert no.trend is False


def test_ihi_trend_down_and_broken_by_a_reversal():
    """[9,7,5,3,1] is a falling trend of 5; [9,7,8,5,3,1] has only 4 falling from 8."""
    assert run_chart([9, 7, 5, 3, 1], rules="ihi").trend is True
    assert run_chart([9, 7, 8, 5, 3, 1], rules="ihi").trend is False


def test_anhoej_signal_ignores_trends():
    """Anhøj rules have no trend rule: 1..5 then alternating is an IHI trend only."""
    y = [1, 2, 3, 4, 5, 3.5, 2.5, 3.5, 2.5, 3.5]
    assert run_chart(y, rules="ihi").trend is True
    assert run_chart(y).signal == run_chart(y).anhoej_signal


def _brute_runs_pmf(n1: int, n2: int) -> dict[int, float]:
    """Count runs over every arrangement of n1 minus and n2 plus signs."""
    counts: dict[int, int] = {}
    arrangements = 0
    for minus in itertools.combinations(range(n1 + n2), n1):
        seq = [1] * (n1 + n2)
        for i in minus:
            seq[i] = -1
        runs = 1 + sum(1 for a, b in itertools.pairwise(seq) if a != b)
        counts[runs] = counts.get(runs, 0) + 1
        arrangements += 1
    return {r: c / arrangements for r, c in counts.items()}


@pytest.mark.parametrize(("n1", "n2"), [(1, 1), (2, 2), (3, 2), (4, 4), (5, 3), (6, 6)])
def test_swed_eisenhart_pmf_matches_enumeration(n1, n2):
    """The runs distribution (Swed & Eisenhart 1943) against brute-force enumeration."""
    pmf = swed_eisenhart_pmf(n1, n2)
    brute = _brute_runs_pmf(n1, n2)
    for r, p in enumerate(pmf):
        assert p == pytest.approx(brute.get(r, 0.0), abs=1e-12)


@pytest.mark.parametrize("n", range(4, 61))
def test_ihi_runs_limits_are_two_sided_five_percent(n):
    """Limits from the exact distribution with n//2 and n - n//2 points on each side: fewer
    than runs_min has probability <= 2.5%, and so has more than runs_max; the limits cannot
    be moved inwards without exceeding 2.5% (qi-rules.md decision)."""
    lo, hi = ihi_runs_limits(n)
    pmf = swed_eisenhart_pmf(n // 2, n - n // 2)
    assert pmf[:lo].sum() <= 0.025 + 1e-12
    assert pmf[: lo + 1].sum() > 0.025
    assert pmf[hi + 1 :].sum() <= 0.025 + 1e-12
    assert pmf[hi:].sum() > 0.025


def test_ihi_too_few_runs():
    """Twenty points as -10 then +10: two runs, far fewer than the lower limit for 20."""
    r = run_chart([-1.0] * 10 + [1.0] * 10, rules="ihi")
    assert r.n_runs == 2
    assert r.too_few_runs is True
    assert r.signal is True


def test_unknown_rules_name():
    with pytest.raises(ValueError, match="rules must be"):
        run_chart([1, 2, 3], rules="westgard")


def test_ihi_astronomical_point_is_the_learners_judgement():
    """Perla et al. 2011: an astronomical point is judged, not computed; marking one makes an
    IHI signal and leaves the Anhøj analysis unchanged."""
    y = [5, 6, 5, 7, 6, 5, 30, 6, 5, 7]
    plain = run_chart(y, rules="ihi")
    marked = run_chart(y, rules="ihi", astronomical=[6])
    assert plain.ihi_signal is False
    assert marked.ihi_signal is True and marked.astronomical is True
    assert marked.data["astronomical"].tolist() == [False] * 6 + [True] + [False] * 3
    assert marked.anhoej_signal == plain.anhoej_signal
