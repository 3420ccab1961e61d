"""Functional tests of the model (the STARS taxonomy): reproducibility, common random
numbers, extreme values and the bookkeeping of the event log. Short horizons keep them quick."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest

from workbook.lean import STREAM_NAMES, Scenario, sample_patients, single_run
from workbook.lean.model import triage_timeline

SHORT = Scenario(run_length_days=14)
EXITS = {"departure", "ward_transfer", "left_unseen"}


@pytest.fixture(scope="module")
def streaming_run():
    return single_run(SHORT.replace(flow="streaming"), seed=7)


def test_same_seed_gives_identical_results():
    a = single_run(SHORT, seed=3)
    b = single_run(SHORT, seed=3)
    pd.testing.assert_frame_equal(a.patients, b.patients)
    pd.testing.assert_frame_equal(a.event_log, b.event_log)


def test_different_seeds_give_different_results():
    a = single_run(SHORT, seed=3).summary()
    b = single_run(SHORT, seed=4).summary()
    assert a["arrivals"] != b["arrivals"] or a["wait_mean_min"] != b["wait_mean_min"]
    assert a["los_mean_h"] != b["los_mean_h"]


def test_each_random_element_has_its_own_stream():
    assert len(STREAM_NAMES) == len(set(STREAM_NAMES)) == 9


def test_common_random_numbers_across_staffing_scenarios():
    base = single_run(SHORT, seed=11).patients
    more = single_run(SHORT.replace(n_clinicians=8, n_cubicles=40), seed=11).patients
    np.testing.assert_array_equal(base["arrival"], more["arrival"])
    np.testing.assert_array_equal(base["admitted"], more["admitted"])
    np.testing.assert_array_equal(base["triage_time"], more["triage_time"])
    # ... and the extra staff change what happens to them.
    assert more["assessment_start"].sub(more["arrival"]).mean() < (
        base["assessment_start"].sub(base["arrival"]).mean()
    )


def test_changing_one_duration_leaves_the_other_streams_alone():
    a = sample_patients(SHORT, 5)
    b = sample_patients(SHORT.replace(assessment_mean=20.0, bed_wait_mean=60.0), 5)
    for column in ("arrival", "admitted", "triage_time", "treatment_time", "patience"):
        np.testing.assert_array_equal(a[column], b[column])
    np.testing.assert_allclose(b["assessment_time"], a["assessment_time"] * 20 / 35)


def test_flow_design_does_not_change_who_arrives():
    a = sample_patients(SHORT, 2)
    b = sample_patients(SHORT.replace(flow="streaming"), 2)
    np.testing.assert_array_equal(a["arrival"], b["arrival"])
    np.testing.assert_array_equal(a["admitted"], b["admitted"])


def test_parameters_unchanged_after_a_run():
    scenario = SHORT.replace(flow="streaming")
    before = copy.deepcopy(scenario.as_dict())
    single_run(scenario, seed=1).summary()
    assert scenario.as_dict() == before


def test_unlimited_capacity_means_no_waiting():
    s = SHORT.replace(n_triage=math.inf, n_clinicians=math.inf, n_cubicles=math.inf)
    p = single_run(s, seed=2).patients
    assert len(p) > 1000
    np.testing.assert_array_equal(p["triage_start"], p["arrival"])
    np.testing.assert_array_equal(p["cubicle_start"], p["triage_end"])
    np.testing.assert_array_equal(p["assessment_start"], p["cubicle_start"])
    assert not p["left_unseen"].any()


def test_no_arrivals_means_nothing_happens():
    result = single_run(SHORT.replace(arrivals_per_day=0), seed=1)
    assert result.patients.empty and result.event_log.empty
    summary = result.summary()
    assert summary["arrivals"] == 0 and summary["mean_in_ed"] == 0
    assert summary["clinician_utilisation"] == 0 and summary["cubicle_occupancy"] == 0
    daily = result.daily()
    assert len(daily) == 14 and (daily["arrivals"] == 0).all()


@pytest.mark.parametrize(("p_admit", "stream"), [(0.0, "discharge stream"), (1.0, "admit stream")])
def test_all_patients_in_one_stream(p_admit, stream):
    s = SHORT.replace(flow="streaming", p_admit=p_admit, triage_accuracy=1.0)
    result = single_run(s, seed=4)
    assert set(result.patients["stream"]) == {stream}
    table = result.value_stream_summary()
    assert list(table["stream"]) == [stream]
    assert table["patients"].iloc[0] == len(result.patients)


def test_nobody_leaves_unseen_without_patience_limits():
    busy = SHORT.replace(n_cubicles=12, patience_mean=math.inf)
    assert not single_run(busy, seed=1).patients["left_unseen"].any()
    assert single_run(busy.replace(patience_mean=60.0), seed=1).patients["left_unseen"].any()


def test_event_log_is_tidy_and_complete(streaming_run):
    log = streaming_run.event_log
    patients = streaming_run.patients
    assert list(log.columns) == ["patient", "stream", "event", "time"]
    assert log["time"].is_monotonic_increasing
    exits = log[log["event"].isin(EXITS)]
    assert exits["patient"].is_unique and len(exits) == len(patients)
    assert (log.groupby("patient")["event"].first() == "arrival").all()
    unseen = set(patients.loc[patients["left_unseen"], "patient"])
    assert set(log.loc[log["event"] == "left_unseen", "patient"]) == unseen
    assert not log[log["patient"].isin(unseen)]["event"].isin(["assessment_start"]).any()
    # Within each patient the events are in the order of the pathway.
    assert (log.groupby("patient")["time"].diff().dropna() >= 0).all()


def test_only_patients_who_would_go_home_leave_unseen(streaming_run):
    p = streaming_run.patients
    assert p["left_unseen"].any()
    assert not (p["left_unseen"] & p["admitted"]).any()
    assert (p.loc[p["left_unseen"], "departure"] > p.loc[p["left_unseen"], "triage_end"]).all()


def test_access_block_keeps_admitted_patients_in_their_cubicle():
    blocked = single_run(SHORT, seed=9).patients
    free = single_run(SHORT.replace(bed_wait_mean=0.0), seed=9).patients
    admitted = blocked["admitted"]
    assert (blocked.loc[admitted, "departure"] >= blocked.loc[admitted, "treatment_end"]).all()
    assert (
        free.loc[free["admitted"], "departure"] == free.loc[free["admitted"], "treatment_end"]
    ).all()
    wait = lambda p: (p["assessment_start"] - p["arrival"]).mean()  # noqa: E731
    assert wait(free) < wait(blocked)


def test_triage_timeline_is_first_come_first_served():
    start, end = triage_timeline(np.array([0.0, 1.0, 2.0, 10.0]), np.array([5.0, 5.0, 1.0, 1.0]), 2)
    np.testing.assert_array_equal(start, [0.0, 1.0, 5.0, 10.0])
    np.testing.assert_array_equal(end, [5.0, 6.0, 6.0, 11.0])


def test_seed_must_be_a_whole_number():
    with pytest.raises(ValueError, match="seed is 'a': give a whole number"):
        single_run(SHORT, seed="a")
    with pytest.raises(ValueError, match="give a workbook.lean.Scenario"):
        single_run({"flow": "streaming"}, seed=1)
