"""Funnel plots (Spiegelhalter 2005, as in qi-rules.md) and Pareto charts, worked by hand."""

from __future__ import annotations

import math

import pytest

from workbook.qi import funnel, pareto


def test_funnel_limits_worked_by_hand():
    """events 10, 30, 60 of 100, 200, 300: p0 = 100/600 = 1/6. At n = 100 the standard error
    is √((1/6)(5/6)/100) = 0.0372678; 95% limits p0 ± 1.96 SE = 0.0936218, 0.2397116; 99.8%
    limits p0 ± 3.09 SE = 0.0515092, 0.2818241. Proportions 0.1, 0.15, 0.2 lie inside."""
    r = funnel([10, 30, 60], [100, 200, 300], labels=["A", "B", "C"])
    assert r.target == pytest.approx(1 / 6)
    row = r.data.iloc[0]
    assert (row["lower_95"], row["upper_95"]) == (
        pytest.approx(0.0936218, abs=1e-7),
        pytest.approx(0.2397116, abs=1e-7),
    )
    assert (row["lower_998"], row["upper_998"]) == (
        pytest.approx(0.0515092, abs=1e-7),
        pytest.approx(0.2818241, abs=1e-7),
    )
    assert r.data["outside_95"].tolist() == ["", "", ""]
    assert r.phi == 1.0


def test_funnel_overdispersion_factor():
    """Same data: z = −1.78885, −0.63246, 1.54919, so z² = 3.2, 0.4, 2.4 and φ = mean z² = 2.0
    (Spiegelhalter 2005, Pearson statistic / k). The limits widen by √2."""
    plain = funnel([10, 30, 60], [100, 200, 300])
    wide = funnel([10, 30, 60], [100, 200, 300], overdispersion=True)
    assert wide.phi == pytest.approx(2.0)
    assert wide.data["z"].tolist() == pytest.approx([-1.78885, -0.63246, 1.54919], abs=1e-5)
    half_plain = plain.data["upper_95"] - plain.target
    half_wide = wide.data["upper_95"] - wide.target
    assert (half_wide / half_plain).tolist() == pytest.approx([math.sqrt(2)] * 3)


def test_funnel_flags_outliers_high_and_low():
    """p0 = 0.1 given; n = 400: SE = 0.015, 99.8% limits 0.05365 and 0.14635. 80/400 = 0.2 is
    high, 10/400 = 0.025 is low, 40/400 = 0.1 is inside."""
    r = funnel([80, 10, 40], [400, 400, 400], target=0.1, labels=["hi", "lo", "mid"])
    assert r.data["outside_998"].tolist() == ["high", "low", ""]
    assert "hi" in r.alt_text


def test_funnel_bad_input():
    with pytest.raises(ValueError, match=r"events\[1\] = 30 is more than denominators\[1\] = 20"):
        funnel([1, 30], [10, 20])
    with pytest.raises(ValueError, match=r"denominators\[0\] is 0"):
        funnel([0, 3], [0, 20])
    with pytest.raises(ValueError, match="labels"):
        funnel([1, 3], [10, 20], labels=["only one"])
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        funnel([0, 0], [10, 20])


def test_pareto_from_raw_categories():
    """falls x4, meds x2, delay, other, x (1 each) of 9: cumulative 44.4, 66.7, 77.8, 88.9,
    100%; the vital few reach 80% at the fourth category; ties keep first-seen order."""
    r = pareto(["falls", "meds", "falls", "delay", "falls", "meds", "other", "falls", "x"])
    assert r.data["category"].tolist() == ["falls", "meds", "delay", "other", "x"]
    assert r.data["cumulative_percent"].tolist() == pytest.approx(
        [400 / 9, 600 / 9, 700 / 9, 800 / 9, 100]
    )
    assert r.data["vital_few"].tolist() == [True, True, True, True, False]


def test_pareto_from_counts():
    """Counts 5, 20, 75 for a, b, c: sorted c (75%), b (95%), a: c alone does not reach 80%,
    so the vital few are c and b."""
    r = pareto(["a", "b", "c"], [5, 20, 75])
    assert r.data["category"].tolist() == ["c", "b", "a"]
    assert r.data["vital_few"].tolist() == [True, True, False]
    assert r.summary()["vital_few"] == "c, b"


def test_pareto_bad_input():
    with pytest.raises(ValueError, match=r"counts\[1\] is -1"):
        pareto(["a", "b"], [3, -1])
    with pytest.raises(ValueError, match="appears twice"):
        pareto(["a", "a"], [3, 1])
    with pytest.raises(ValueError, match="empty"):
        pareto([])
