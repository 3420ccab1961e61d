"""Unit tests of the scenario: defaults calibrated as documented, bad values refused clearly."""

from __future__ import annotations

import dataclasses
import math

import pytest

from workbook.lean import FOUR_HOUR_IDEAL, FOUR_HOUR_IDEAL_SOURCE, Scenario


def test_defaults_follow_the_published_flinders_volumes():
    s = Scenario()
    assert s.arrivals_per_day * 365 == pytest.approx(45_000)
    assert s.p_admit == 0.40
    assert s.flow == "single_queue"


def test_four_hour_reference_line_carries_its_source():
    assert FOUR_HOUR_IDEAL == 0.80
    assert "doi:10.1071/AH17083" in FOUR_HOUR_IDEAL_SOURCE


def test_scenario_is_frozen_and_replace_validates():
    s = Scenario()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.n_clinicians = 9  # type: ignore[misc]
    assert s.replace(n_clinicians=9).n_clinicians == 9
    assert s.n_clinicians == 5
    with pytest.raises(ValueError, match="n_clinicians"):
        s.replace(n_clinicians=0)
    with pytest.raises(ValueError, match="no parameter 'n_doctors'"):
        s.replace(n_doctors=3)


def test_streams_split_the_team():
    s = Scenario(flow="streaming", n_clinicians=5, n_cubicles=28, discharge_clinicians=3,
                 discharge_cubicles=11)  # fmt: skip
    assert s.streams() == {"discharge stream": (3, 11), "admit stream": (2, 17)}
    assert list(Scenario().streams()) == ["single queue"]


@pytest.mark.parametrize(
    ("changes", "field", "advice"),
    [
        ({"flow": "fast track"}, "flow", "choose 'single_queue' or 'streaming'"),
        ({"arrivals_per_day": -1}, "arrivals_per_day", "at least 0"),
        ({"arrivals_per_day": "many"}, "arrivals_per_day", "give a number"),
        ({"arrivals_per_day": math.nan}, "arrivals_per_day", "finite"),
        ({"p_admit": 1.2}, "p_admit", "probability between 0 and 1"),
        ({"triage_accuracy": -0.1}, "triage_accuracy", "at least 0"),
        ({"n_cubicles": 2.5}, "n_cubicles", "whole number of at least 1, or math.inf"),
        ({"n_triage": 0}, "n_triage", "whole number of at least 1"),
        ({"n_clinicians": True}, "n_clinicians", "whole number"),
        ({"assessment_mean": -5}, "assessment_mean", "at least 0"),
        ({"patience_mean": 0}, "patience_mean", "math.inf for patients who never leave"),
        ({"hourly_profile": (1.0,) * 23}, "hourly_profile", "24 finite, non-negative"),
        ({"hourly_profile": (0.0,) * 24}, "hourly_profile", "at least one hour"),
        ({"seasonal_amplitude": 1.5}, "seasonal_amplitude", "share below 1"),
        ({"duration_distribution": "gamma"}, "duration_distribution", "'lognormal' or"),
        ({"run_length_days": 2, "warm_up_days": 3}, "run_length_days", "longer than warm_up"),
        ({"start_date": "1st July"}, "start_date", "YYYY-MM-DD"),
        ({"streaming_time_factor": 0}, "streaming_time_factor", "above 0"),
        (
            {"flow": "streaming", "discharge_clinicians": 5},
            "discharge_clinicians",
            "leave at least one for the admit stream",
        ),
        (
            {"flow": "streaming", "discharge_cubicles": 0},
            "discharge_cubicles",
            "whole number of at least 1",
        ),
    ],
)
def test_bad_parameters_name_the_field_and_what_to_do(changes, field, advice):
    with pytest.raises(ValueError) as info:
        Scenario(**changes)
    message = str(info.value)
    assert message.startswith(f"Scenario.{field} is ")
    assert advice in message
    assert "\n" not in message


def test_unlimited_capacity_is_allowed():
    s = Scenario(n_triage=math.inf, n_clinicians=math.inf, n_cubicles=math.inf)
    assert s.n_cubicles == math.inf


def test_standard_scenarios_differ_only_where_named():
    from workbook.lean import standard_scenarios

    found = standard_scenarios()
    assert list(found) == [
        "single queue",
        "streaming",
        "single queue, no access block",
        "streaming, no access block",
    ]
    base = found["single queue"].as_dict()
    for name, scenario in found.items():
        changed = {k for k, v in scenario.as_dict().items() if base[k] != v}
        expected = set()
        if "streaming" in name:
            expected.add("flow")
        if "no access block" in name:
            expected.add("bed_wait_mean")
        assert changed == expected, name
