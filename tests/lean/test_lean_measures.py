"""Unit tests of the measures: busy time, value-stream tables, daily results for workbook.qi."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from workbook import qi
from workbook.lean import Scenario, measures, single_run

RUN = single_run(Scenario(flow="streaming", run_length_days=21, warm_up_days=1), seed=21)


def test_busy_time_matches_a_direct_count():
    rng = np.random.default_rng(0)
    start = rng.uniform(0, 100, 200)
    end = start + rng.exponential(10, 200)
    bounds = np.arange(0, 130, 10.0)
    expected = [
        np.clip(np.minimum(end, b1) - np.maximum(start, b0), 0, None).sum()
        for b0, b1 in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    np.testing.assert_allclose(measures.busy_time(start, end, bounds), expected)


def test_value_stream_from_the_event_log_equals_the_fast_path():
    from_log = measures.value_stream_summary(RUN.event_log, RUN.scenario)
    fast = measures.value_stream_summary(measures.wide_from_patients(RUN.patients), RUN.scenario)
    pd.testing.assert_frame_equal(from_log, fast)


def test_value_stream_steps_add_up_to_the_lead_time():
    steps = RUN.value_stream()
    table = RUN.value_stream_summary().set_index("stream")
    seen = RUN.patients[~RUN.patients["left_unseen"] & RUN.patients["in_results"]]
    for stream, group in seen.groupby("stream"):
        lead = (group["departure"] - group["arrival"]).mean()
        assert steps.loc[steps["stream"] == stream, "mean_min"].sum() == pytest.approx(lead)
        assert table.loc[stream, "lead_time_min"] == pytest.approx(lead)
        added = (group["triage_time"] + group["assessment_time"] + group["treatment_time"]).mean()
        assert table.loc[stream, "value_added_min"] == pytest.approx(added)
    assert (
        table["process_cycle_efficiency"] == table["value_added_min"] / table["lead_time_min"]
    ).all()


def test_takt_time_is_available_time_over_demand():
    table = RUN.value_stream_summary()
    days = 20  # 21 simulated days minus one of warm-up
    in_results = RUN.patients[RUN.patients["in_results"]]
    for row in table.itertuples():
        demand = (in_results["stream"] == row.stream).sum() / days
        assert row.demand_per_day == pytest.approx(demand)
        assert row.takt_time_min == pytest.approx(1440 / demand)


def test_summary_measures_follow_their_definitions():
    s = RUN.summary()
    p = RUN.patients[RUN.patients["in_results"]]
    los = p["departure"] - p["arrival"]
    assert s["arrivals"] == len(p)
    assert s["within_4h"] == pytest.approx((los <= 240).mean())
    assert s["los_mean_h"] == pytest.approx(los.mean() / 60)
    assert s["left_unseen_share"] == pytest.approx(p["left_unseen"].mean())
    seen = p[~p["left_unseen"]]
    assert s["wait_mean_min"] == pytest.approx((seen["assessment_start"] - seen["arrival"]).mean())
    adm = p[p["admitted"]]
    assert s["access_block_mean_h"] == pytest.approx(
        (adm["departure"] - adm["treatment_end"]).mean() / 60
    )
    for name in ("clinician_utilisation", "cubicle_occupancy", "triage_utilisation"):
        assert 0 < s[name] < 1


def test_daily_results_cover_each_day_after_warm_up():
    daily = RUN.daily()
    assert list(daily["day"]) == list(range(1, 21))
    assert daily["arrivals"].sum() == RUN.summary()["arrivals"]
    assert daily["date"].iloc[0] == pd.Timestamp("2003-01-02")
    assert daily["within_4h"].between(0, 1).all()


def test_daily_results_feed_the_week_one_charts():
    daily = RUN.daily()
    chart = qi.run_chart(daily["los_mean_h"], dates=daily["date"], ylabel="hours")
    assert len(chart.data) == len(daily)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.TrialLimitsWarning)
        spc = qi.xmr(daily["within_4h"], dates=daily["date"], target=0.80)
    assert len(spc.data) == len(daily)


def test_model_does_not_import_plotting_or_widgets():
    code = (
        "import sys; from workbook.lean import Scenario, single_run, multiple_replications;"
        "r = single_run(Scenario(run_length_days=2), 1); r.summary(); r.daily();"
        "r.value_stream_summary();"
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
