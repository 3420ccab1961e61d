"""Many replications of one scenario, on every core, as tidy tables.

Replication *k* of any scenario uses the *k*-th child of ``np.random.SeedSequence(seed)``, so
two scenarios run with the same ``seed`` share their random numbers replication by
replication (common random numbers), and the answer does not depend on ``n_jobs``.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .measures import value_stream_summary, wide_from_patients
from .model import single_run
from .scenario import Scenario

__all__ = ["Replications", "multiple_replications"]


@dataclass
class Replications:
    """Results of ``n`` replications: tidy tables with a ``rep`` column.

    ``runs``: one row per replication (the measures of ``RunResult.summary``);
    ``daily``: one row per replication and day; ``value_stream``: one row per replication
    and stream (``RunResult.value_stream_summary``).
    """

    scenario: Scenario
    runs: pd.DataFrame
    daily: pd.DataFrame
    value_stream: pd.DataFrame

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """Mean, standard deviation and a t confidence interval of each measure across runs."""
        from scipy.stats import t

        data = self.runs.drop(columns="rep")
        n = len(data)
        mean = data.mean()
        sd = data.std(ddof=1) if n > 1 else data.mean() * np.nan
        half = t.ppf(0.5 + confidence / 2, n - 1) * sd / np.sqrt(n) if n > 1 else sd
        return pd.DataFrame(
            {"mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half, "n": n}
        )


def _one(task: tuple[Scenario, np.random.SeedSequence, int]) -> tuple:
    scenario, seed, rep = task
    result = single_run(scenario, seed)
    summary = result.summary().to_frame().T
    daily = result.daily()
    # The same numbers as RunResult.value_stream_summary(), without building the event log.
    stream = value_stream_summary(wide_from_patients(result.patients), scenario)
    for frame in (summary, daily, stream):
        frame.insert(0, "rep", rep)
    return summary, daily, stream


def multiple_replications(
    scenario: Scenario, n: int = 10, seed: int = 0, n_jobs: int | None = None
) -> Replications:
    """Run ``scenario`` ``n`` times with independent random numbers spawned from ``seed``.

    ``n_jobs`` worker processes share the work (default: every core, ``os.cpu_count()``);
    ``n_jobs=1`` runs in this process. The results are the same whatever ``n_jobs`` is.
    """
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario is {type(scenario).__name__}: give a workbook.lean.Scenario.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n is {n!r}: give a whole number of replications, at least 1.")
    if n_jobs is None:
        n_jobs = os.cpu_count() or 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise ValueError(f"n_jobs is {n_jobs!r}: give a whole number of processes, at least 1.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed is {seed!r}: give a whole number.")
    children = np.random.SeedSequence(int(seed)).spawn(int(n))
    tasks = [(scenario, child, rep) for rep, child in enumerate(children)]
    workers = min(int(n_jobs), int(n))
    if workers == 1:
        parts = [_one(task) for task in tasks]
    else:
        chunk = max(1, len(tasks) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_one, tasks, chunksize=chunk))
    runs, daily, stream = (pd.concat(p, ignore_index=True) for p in zip(*parts, strict=True))
    runs["rep"] = runs["rep"].astype(int)
    return Replications(scenario=scenario, runs=runs, daily=daily, value_stream=stream)
