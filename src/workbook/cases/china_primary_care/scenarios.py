"""Named policy scenarios for the China case, and the table a reader can compare them in.

The static page shows these pre-computed scenarios; the live explorer lets a learner move the
same levers freely. Each lever's size is an illustration chosen for teaching, not a value
from a published evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbook.cases.china_primary_care.model import (
    LEVELS,
    TARGET_PRIMARY_SHARE,
    ChoiceModel,
    Policy,
    Population,
    calibrate,
    make_population,
)

__all__ = ["Scenario", "SCENARIOS", "scenario_table", "baseline_model"]


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    policy: Policy
    what_changes: str


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "baseline", "Baseline (calibrated)", Policy(), "Nothing: the calibrated starting point."
    ),
    Scenario(
        "reimbursement",
        "Wider reimbursement gap",
        Policy(reimbursement={"village": 0.8, "township": 0.8, "county": 0.4, "city": 0.25}),
        "Insurance pays 80% of a primary-care visit and less of a hospital visit.",
    ),
    Scenario(
        "surcharge",
        "Referral surcharge at hospitals",
        Policy(referral_surcharge_yuan=100.0),
        "A first visit to a hospital without a referral costs 100 yuan more.",
    ),
    Scenario(
        "training",
        "Better-trained primary-care doctors",
        Policy(primary_effect_gain=0.15),
        "Patients judge a good treatment effect 15 points more likely in primary care.",
    ),
    Scenario(
        "contracting",
        "Family-doctor contracting for half of patients",
        Policy(contracting=0.5),
        "Half of patients sign with a family doctor and find communication better there.",
    ),
    Scenario(
        "gatekeeping",
        "Referral rule for half of non-severe patients",
        Policy(gatekeeping=0.5),
        "Half of patients without a severe condition need a referral to visit a hospital first.",
    ),
    Scenario(
        "package",
        "Training, contracting and a wider gap together",
        Policy(
            reimbursement={"village": 0.8, "township": 0.8, "county": 0.4, "city": 0.25},
            primary_effect_gain=0.15,
            contracting=0.5,
        ),
        "The three levers above that do not forbid a choice, combined.",
    ),
)


def baseline_model(population: Population | None = None) -> tuple[ChoiceModel, Population]:
    """The calibrated model and the synthetic population it was calibrated on."""
    population = population if population is not None else make_population()
    return calibrate(population=population), population


def scenario_table(
    model: ChoiceModel | None = None, population: Population | None = None
) -> pd.DataFrame:
    """One row per scenario: shares by level, the primary-care share against the 70% target,
    tertiary crowding (city-hospital visits as a percentage of the baseline's) and the mean
    out-of-pocket cost of a first visit."""
    if model is None or population is None:
        model, population = baseline_model(population)
    base_city = model.predict(population).shares()["city"]
    rows = []
    for scenario in SCENARIOS:
        result = model.predict(population, scenario.policy)
        shares = result.shares()
        row = {"scenario": scenario.title}
        row.update({level: float(shares[level]) for level in LEVELS})
        row["primary_share"] = result.primary_share()
        row["gap_to_target"] = TARGET_PRIMARY_SHARE - result.primary_share()
        row["city_crowding_index"] = 100.0 * float(shares["city"]) / float(base_city)
        row["mean_out_of_pocket_yuan"] = result.mean_out_of_pocket()
        rows.append(row)
    return pd.DataFrame(rows)
