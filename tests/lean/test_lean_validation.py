"""Validation against queueing theory and against the published calibration figures.

M/M/s: the model reduced to Poisson arrivals and exponential assessment by ``s`` clinicians
(``mms_scenario``) must reproduce Erlang C. Tolerances: mean wait in the queue (Wq) within
10%, utilisation within 2%, probability of waiting within 5% (all relative). From 16
replications, one simulated year gives Wq with a standard error of 5-6% at these loads, so
the runs below pool 5 to 8 years, which puts 10% at about four standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest

from workbook.lean import Scenario, erlang_c, mms_scenario, mms_wait, single_run
from workbook.lean.model import arrival_rate

WQ_TOLERANCE = 0.10
UTILISATION_TOLERANCE = 0.02
P_WAIT_TOLERANCE = 0.05


def test_erlang_c_matches_a_textbook_value():
    # a = 2 erlangs on 3 servers: C = (8/6 * 3) / (1 + 2 + 2 + 8/6 * 3) = 4/9.
    assert erlang_c(2.0, 1.0, 3) == pytest.approx(4 / 9)
    assert mms_wait(2.0, 1.0, 3)["wq"] == pytest.approx((4 / 9) / (3 - 2))
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(3.0, 1.0, 3)


@pytest.mark.parametrize(
    ("servers", "arrivals_per_day", "mean_service", "days", "seed"),
    [(1, 28.8, 30.0, 2920, 101), (3, 86.4, 30.0, 1825, 202)],
    ids=["M/M/1 rho=0.6", "M/M/3 rho=0.6"],
)
def test_mms_configuration_agrees_with_erlang_c(
    servers, arrivals_per_day, mean_service, days, seed
):
    theory = mms_wait(arrivals_per_day / 1440, 1 / mean_service, servers)
    result = single_run(mms_scenario(arrivals_per_day, mean_service, servers, days), seed)
    summary = result.summary()
    p = result.patients[result.patients["in_results"]]
    p_wait = float((p["assessment_start"] > p["arrival"]).mean())
    assert summary["wait_mean_min"] == pytest.approx(theory["wq"], rel=WQ_TOLERANCE)
    assert summary["clinician_utilisation"] == pytest.approx(
        theory["utilisation"], rel=UTILISATION_TOLERANCE
    )
    assert p_wait == pytest.approx(theory["p_wait"], rel=P_WAIT_TOLERANCE)


def test_mms_configuration_has_nothing_but_the_queue():
    p = single_run(mms_scenario(50, 30, 2, days=20), 1).patients
    assert not p["admitted"].any() and not p["left_unseen"].any()
    np.testing.assert_array_equal(p["triage_end"], p["arrival"])
    np.testing.assert_array_equal(p["departure"], p["assessment_end"])


def test_default_year_matches_the_published_volumes():
    """About 45,000 arrivals a year, 40% admitted, one or two winter days a week near 140."""
    daily = single_run(Scenario(), seed=2003).daily()
    total = daily["arrivals"].sum()
    assert abs(total - 45_000) < 4 * np.sqrt(45_000)
    assert daily["admitted"].sum() / total == pytest.approx(0.40, abs=0.01)
    winter = daily[daily["date"].dt.month.isin([6, 7, 8])]
    peaks_per_week = (winter["arrivals"] >= 140).sum() / (len(winter) / 7)
    assert 0.5 <= peaks_per_week <= 2.5
    summer = daily[daily["date"].dt.month.isin([12, 1, 2])]
    assert winter["arrivals"].mean() > summer["arrivals"].mean()


def test_arrival_rate_integrates_to_the_daily_mean():
    s = Scenario(seasonal_amplitude=0.0)
    t = np.arange(0, 1440, 0.5)
    assert arrival_rate(s, t).mean() * 1440 == pytest.approx(s.arrivals_per_day)


def test_streaming_reproduces_the_published_directions():
    """King et al. 2006 reported less time in the department, fewer patients in it at once and
    fewer leaving unseen after streaming; the model's defaults show the same directions (the
    sizes are the model's). Access block is set outside the department, so it does not move."""
    base = Scenario(run_length_days=120)
    single = single_run(base, seed=15).summary()
    stream = single_run(base.replace(flow="streaming"), seed=15).summary()
    assert stream["los_mean_h"] < single["los_mean_h"]
    assert stream["mean_in_ed"] < single["mean_in_ed"]
    assert stream["left_unseen_share"] < single["left_unseen_share"]
    assert stream["within_4h"] > single["within_4h"]
    assert stream["access_block_mean_h"] == pytest.approx(single["access_block_mean_h"])
