"""Comparing designs: scenarios side by side and a change part-way through a daily series."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from workbook import qi
from workbook.lean import Scenario, before_after, compare_scenarios, single_run

BASE = Scenario(run_length_days=40)


def test_compare_scenarios_is_one_tidy_table():
    table = compare_scenarios(
        {"single": BASE, "streaming": BASE.replace(flow="streaming")}, n=2, seed=3, n_jobs=1
    )
    assert list(table["scenario"]) == ["single", "single", "streaming", "streaming"]
    assert list(table["rep"]) == [0, 1, 0, 1]
    # Common random numbers: the same patients arrive under both designs.
    by = table.set_index(["scenario", "rep"])["arrivals"]
    assert by["single"].tolist() == by["streaming"].tolist()


def test_before_after_splices_two_runs_on_the_change_day():
    after = BASE.replace(flow="streaming")
    daily = before_after(BASE, after, change_day=20, seed=8)
    assert list(daily["day"]) == list(range(40))
    assert (daily["phase"] == "before").sum() == 20
    old = single_run(BASE, 8).daily()
    new = single_run(after, 8).daily()
    pd.testing.assert_series_equal(daily["los_mean_h"][:20], old["los_mean_h"][:20])
    pd.testing.assert_series_equal(
        daily["los_mean_h"][20:].reset_index(drop=True),
        new["los_mean_h"][20:].reset_index(drop=True),
    )
    chart = qi.run_chart(daily["los_mean_h"], baseline=20, dates=daily["date"])
    assert chart.data["baseline"].sum() == 20
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.TrialLimitsWarning)
        spc = qi.xmr(daily["within_4h"], rebase_at=[20], dates=daily["date"])
    assert len(spc.data) == 40


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"change_day": 0}, "change_day is 0: give a day after the warm-up"),
        ({"change_day": 40}, "before the end of the run"),
        ({"change_day": 2.5}, "whole number of days"),
        ({"change_day": 10, "after": BASE.replace(run_length_days=30)}, "share run_length_days"),
    ],
)
def test_before_after_explains_bad_arguments(kwargs, message):
    args = {"before": BASE, "after": BASE.replace(flow="streaming"), **kwargs}
    with pytest.raises(ValueError, match=message):
        before_after(**args)


def test_compare_scenarios_needs_scenarios():
    with pytest.raises(ValueError, match="scenarios is empty"):
        compare_scenarios({})
