"""multiple_replications: tidy tables, the same answer on one core or two, and common
random numbers replication by replication."""

from __future__ import annotations

import pandas as pd
import pytest

from workbook.lean import Replications, Scenario, multiple_replications, single_run

SHORT = Scenario(run_length_days=7)


@pytest.fixture(scope="module")
def serial():
    return multiple_replications(SHORT, n=4, seed=5, n_jobs=1)


def test_tables_are_tidy(serial):
    assert isinstance(serial, Replications)
    assert list(serial.runs["rep"]) == [0, 1, 2, 3]
    assert len(serial.daily) == 4 * 7 and set(serial.daily["rep"]) == {0, 1, 2, 3}
    assert list(serial.value_stream["stream"]) == ["single queue"] * 4
    summary = serial.summary()
    assert {"mean", "sd", "ci_low", "ci_high", "n"} <= set(summary.columns)
    assert (summary["ci_low"] <= summary["mean"]).all() and (summary["n"] == 4).all()


def test_two_processes_give_the_same_answer(serial):
    parallel = multiple_replications(SHORT, n=4, seed=5, n_jobs=2)
    pd.testing.assert_frame_equal(serial.runs, parallel.runs)
    pd.testing.assert_frame_equal(serial.daily, parallel.daily)


def test_replications_differ_and_match_single_runs(serial):
    assert serial.runs["los_mean_h"].nunique() == 4
    import numpy as np

    child = np.random.SeedSequence(5).spawn(4)[2]
    expected = single_run(SHORT, child).summary()
    got = serial.runs.drop(columns="rep").iloc[2]
    pd.testing.assert_series_equal(got, expected, check_names=False, check_dtype=False)


def test_common_random_numbers_across_scenarios(serial):
    other = multiple_replications(SHORT.replace(n_clinicians=7), n=4, seed=5, n_jobs=1)
    pd.testing.assert_series_equal(serial.runs["arrivals"], other.runs["arrivals"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n is 0: give a whole number of replications"),
        ({"n": 2, "n_jobs": 0}, "n_jobs is 0"),
        ({"n": 2, "seed": 1.5}, "seed is 1.5"),
    ],
)
def test_bad_arguments_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        multiple_replications(SHORT, **kwargs)
