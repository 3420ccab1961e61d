"""The China facility-choice model: probabilities, levers, calibration and degenerate cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbook.cases import china_primary_care as cpc
from workbook.cases.china_primary_care import (
    LEVELS,
    ChoiceModel,
    Facilities,
    Policy,
    calibrate,
    load_facilities,
    make_population,
    scenario_table,
)
from workbook.errors import LocatedError


@pytest.fixture(scope="module")
def population():
    return make_population(5_000, seed=7)


@pytest.fixture(scope="module")
def model(population):
    return calibrate(population=population)


def _identical_facilities() -> Facilities:
    table = load_facilities().table.copy()
    for column, value in {
        "effect": 0.5,
        "near_rural": 0.5,
        "near_urban": 0.5,
        "communication": 0.5,
        "cost_yuan": 100.0,
        "reimbursement": 0.5,
    }.items():
        table[column] = value
    return Facilities(table)


def test_probabilities_sum_to_one_for_every_patient(model, population):
    for policy in (
        Policy(),
        Policy(gatekeeping=1.0),
        Policy(contracting=1.0, primary_effect_gain=0.5),
    ):
        probs = model.predict(population, policy).probabilities
        assert probs.shape == (len(population), len(LEVELS))
        assert np.allclose(probs.sum(axis=1), 1.0)
        assert (probs >= 0).all()


def test_calibration_reproduces_the_published_primary_care_share(model, population):
    result = model.predict(population)
    assert result.primary_share() == pytest.approx(cpc.CALIBRATION_PRIMARY_SHARE, abs=1e-6)
    # One seeded draw of every patient's choice lands within 2 points of the expected share.
    counts = result.simulate()
    assert counts.sum() == len(population)
    simulated = counts[["village", "township"]].sum() / len(population)
    assert abs(simulated - 0.59) < 0.02


def test_same_seed_same_result_and_another_seed_differs():
    a, b, c = (
        make_population(2_000, seed=1),
        make_population(2_000, seed=1),
        make_population(2_000, seed=2),
    )
    assert np.array_equal(a.severity, b.severity) and np.array_equal(a.choice_draw, b.choice_draw)
    assert not np.array_equal(a.severity, c.severity)
    model = ChoiceModel(hospital_constant=0.3)
    assert model.predict(a).simulate().equals(model.predict(b).simulate())


def test_changing_the_severity_mix_keeps_the_other_streams(population):
    other = make_population(5_000, seed=7, severity_mix=(0.2, 0.3, 0.5))
    assert np.array_equal(other.contract_draw, population.contract_draw)
    assert np.array_equal(other.choice_draw, population.choice_draw)


@pytest.mark.parametrize(
    ("policy", "levels"),
    [
        (Policy(primary_effect_gain=0.2), ("village", "township")),
        (Policy(contracting=0.8), ("village", "township")),
        (Policy(reimbursement={"township": 0.9}), ("township",)),
        (Policy(reimbursement={"city": 0.9}), ("city",)),
        (Policy(near={"county": 1.0}), ("county",)),
    ],
)
def test_a_lever_that_makes_a_level_better_never_lowers_its_share(
    model, population, policy, levels
):
    before = model.predict(population).probabilities
    after = model.predict(population, policy).probabilities
    idx = [LEVELS.index(lv) for lv in levels]
    # Per patient, not only on average: a logit share rises with its own utility.
    assert (after[:, idx].sum(axis=1) >= before[:, idx].sum(axis=1) - 1e-12).all()
    assert after[:, idx].sum(axis=1).mean() > before[:, idx].sum(axis=1).mean()


def test_a_surcharge_or_a_referral_rule_never_raises_hospital_use(model, population):
    hospital = [LEVELS.index("county"), LEVELS.index("city")]
    base = model.predict(population).probabilities[:, hospital].sum(axis=1)
    for policy in (Policy(referral_surcharge_yuan=50), Policy(gatekeeping=0.5)):
        after = model.predict(population, policy).probabilities[:, hospital].sum(axis=1)
        assert (after <= base + 1e-12).all()


def test_full_gatekeeping_sends_every_non_severe_first_visit_to_primary_care(model, population):
    result = model.predict(population, Policy(gatekeeping=1.0))
    by_severity = result.shares_by_severity()
    assert by_severity.loc["minor", ["county", "city"]].sum() == 0
    assert by_severity.loc["chronic", ["county", "city"]].sum() == 0
    assert by_severity.loc["severe", ["county", "city"]].sum() > 0.5


def test_identical_levels_share_visits_by_their_stated_constants(population):
    constants = {"village": 0.0, "township": math.log(2), "county": 0.0, "city": math.log(3)}
    model = ChoiceModel(_identical_facilities(), constants=constants)
    shares = model.predict(population).shares()
    expected = pd.Series([1, 2, 1, 3], index=list(LEVELS)) / 7
    assert np.allclose(shares.to_numpy(), expected.to_numpy())


def test_an_infinite_cost_at_a_level_means_no_visits_there(model, population):
    facilities = model.facilities.replace(cost_yuan={"city": math.inf})
    closed = ChoiceModel(facilities, hospital_constant=model.hospital_constant)
    result = closed.predict(population)
    assert result.shares()["city"] == 0
    assert result.simulate()["city"] == 0
    assert np.allclose(result.probabilities.sum(axis=1), 1.0)


def test_no_open_level_is_a_clear_error(population):
    facilities = load_facilities().replace(cost_yuan={lv: math.inf for lv in LEVELS})
    with pytest.raises(ValueError, match="keep at least one level open"):
        ChoiceModel(facilities).predict(population)


def test_scenarios_show_quality_moving_more_than_price(model, population):
    table = scenario_table(model, population).set_index("scenario")
    base = table.loc["Baseline (calibrated)", "primary_share"]
    price = table.loc["Wider reimbursement gap", "primary_share"] - base
    quality = table.loc["Better-trained primary-care doctors", "primary_share"] - base
    assert 0 < price < quality
    assert table.loc["Baseline (calibrated)", "city_crowding_index"] == pytest.approx(100)
    assert np.allclose(table[list(LEVELS)].sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"gatekeeping": 1.5}, "gatekeeping"),
        ({"contracting": -0.1}, "contracting"),
        ({"reimbursement": {"hospital": 0.5}}, "reimbursement"),
        ({"near": {"city": 2}}, "near"),
        ({"referral_surcharge_yuan": -5}, "referral_surcharge_yuan"),
    ],
)
def test_bad_levers_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=field):
        Policy(**kwargs)


def test_bad_population_arguments_are_clear():
    with pytest.raises(ValueError, match="severity_mix"):
        make_population(10, severity_mix=(0.5, 0.5, 0.5))
    with pytest.raises(ValueError, match="whole number"):
        make_population(0)


def test_a_bad_facility_file_names_the_line_and_column(tmp_path):
    source = load_facilities().table.to_csv(index=False).splitlines()
    cells = source[3].split(",")
    cells[4] = "lots"  # the effect column of the third data row, line 4 of the file
    source[3] = ",".join(cells)
    path = tmp_path / "facilities.csv"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    with pytest.raises(LocatedError) as info:
        load_facilities(path)
    assert info.value.line == 4 and info.value.field == "effect"
    assert "'lots' is not a proportion from 0 to 1" in str(info.value)
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(LocatedError, match="UTF-8"):
        load_facilities(path)


def test_a_facility_table_missing_a_row_is_refused():
    table = load_facilities().table.iloc[1:]
    with pytest.raises(ValueError, match="exactly one row"):
        Facilities(table)
