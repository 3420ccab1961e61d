"""Comparing designs: scenarios side by side, and a daily series with a change part-way.

Both use common random numbers: every scenario sees the same patients arrive with the same
needs, so differences come from the design, not from the luck of the draw.
"""

from __future__ import annotations

import pandas as pd

from .model import single_run
from .replications import multiple_replications
from .scenario import Scenario

__all__ = ["before_after", "compare_scenarios"]


def compare_scenarios(
    scenarios: dict[str, Scenario], n: int = 10, seed: int = 0, n_jobs: int | None = None
) -> pd.DataFrame:
    """Replications of each scenario as one tidy table: scenario, rep and the run measures
    (as treat-sim's ``run_scenario_analysis`` does). Summarise with
    ``table.groupby("scenario").mean()``."""
    if not scenarios:
        raise ValueError("scenarios is empty: give a dictionary of name -> Scenario.")
    frames = []
    for name, scenario in scenarios.items():
        runs = multiple_replications(scenario, n, seed, n_jobs).runs
        runs.insert(0, "scenario", name)
        frames.append(runs)
    return pd.concat(frames, ignore_index=True)


def before_after(before: Scenario, after: Scenario, change_day: int, seed: int = 0) -> pd.DataFrame:
    """Daily results with the design changed on ``change_day``: days before it come from a run
    of ``before``, the rest from a run of ``after`` with the same random numbers.

    A ``phase`` column says "before" or "after". The department's state carries over from one
    day to the next for a few hours only, so splicing two runs at midnight is close to
    changing the design in one run. Read the series with ``qi.run_chart(values,
    baseline=change_day)`` or ``qi.xmr(values, rebase_at=[change_day])``.
    """
    if before.run_length_days != after.run_length_days or before.start_date != after.start_date:
        raise ValueError(
            "before and after must share run_length_days and start_date, so their days line up."
        )
    first = int(before.warm_up_days)
    if isinstance(change_day, bool) or not isinstance(change_day, int):
        raise ValueError(f"change_day is {change_day!r}: give a whole number of days.")
    if not first < change_day < int(before.run_length_days):
        raise ValueError(
            f"change_day is {change_day}: give a day after the warm-up ({first}) and before the "
            f"end of the run ({int(before.run_length_days)})."
        )
    old = single_run(before, seed).daily()
    new = single_run(after, seed).daily()
    daily = pd.concat(
        [old[old["day"] < change_day], new[new["day"] >= change_day]], ignore_index=True
    )
    daily.insert(2, "phase", (daily["day"] >= change_day).map({False: "before", True: "after"}))
    return daily
