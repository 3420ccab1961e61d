"""The China primary-care case (weeks 2 and 6): why patients bypass primary care.

SYNTHETIC patients choosing among four levels of care by a logit over attributes a published
discrete-choice experiment measured, calibrated to a published primary-care share. See
:mod:`workbook.cases.china_primary_care.model` for every source and calibration choice.
"""

from __future__ import annotations

from workbook.cases.china_primary_care.model import (
    BETA,
    CALIBRATION_PRIMARY_SHARE,
    LEVELS,
    PRIMARY_LEVELS,
    SEVERITIES,
    TARGET_PRIMARY_SHARE,
    ChoiceModel,
    ChoiceResult,
    Facilities,
    Policy,
    Population,
    calibrate,
    load_facilities,
    make_population,
)
from workbook.cases.china_primary_care.scenarios import (
    SCENARIOS,
    Scenario,
    baseline_model,
    scenario_table,
)

__all__ = [
    "BETA",
    "CALIBRATION_PRIMARY_SHARE",
    "LEVELS",
    "PRIMARY_LEVELS",
    "SEVERITIES",
    "TARGET_PRIMARY_SHARE",
    "ChoiceModel",
    "ChoiceResult",
    "Facilities",
    "Policy",
    "Population",
    "SCENARIOS",
    "Scenario",
    "baseline_model",
    "calibrate",
    "load_facilities",
    "make_population",
    "scenario_table",
]
