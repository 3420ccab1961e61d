"""Patient flow in an emergency department: a discrete-event model and lean measures.

``Scenario`` holds every parameter; ``single_run`` simulates one run and returns a
:class:`RunResult` (per-patient table, event log, summary, daily results, value-stream
tables); ``multiple_replications`` runs many, in parallel, and returns tidy tables;
``mms_wait`` gives queueing theory's answer for the validation configuration.
"""

from __future__ import annotations

from .compare import before_after, compare_scenarios
from .model import STREAM_NAMES, RunResult, sample_patients, single_run
from .queueing import erlang_c, mms_scenario, mms_wait
from .replications import Replications, multiple_replications
from .scenario import (
    DEFAULT_HOURLY_PROFILE,
    FLOWS,
    FOUR_HOUR_IDEAL,
    FOUR_HOUR_IDEAL_SOURCE,
    Scenario,
    standard_scenarios,
)

__all__ = [
    "DEFAULT_HOURLY_PROFILE",
    "FLOWS",
    "FOUR_HOUR_IDEAL",
    "FOUR_HOUR_IDEAL_SOURCE",
    "STREAM_NAMES",
    "Replications",
    "RunResult",
    "Scenario",
    "before_after",
    "compare_scenarios",
    "erlang_c",
    "mms_scenario",
    "mms_wait",
    "multiple_replications",
    "sample_patients",
    "single_run",
    "standard_scenarios",
]
