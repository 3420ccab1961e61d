"""A discrete-event model of an emergency department, in simpy.

The structure follows the STARS project's treat-sim teaching model (PyPI ``treat-sim``):
one :class:`~workbook.lean.scenario.Scenario` holds every parameter; each random element owns
a generator spawned from one ``np.random.SeedSequence(seed)``; :func:`single_run` returns
tidy tables and an event log.

Two choices make it quick enough for a hundred simulated years in a lesson:

* **Random numbers are drawn up front**, one array per random element, patient by patient
  (patient *i* gets the *i*-th number of every stream). Durations use the inverse of their
  distribution function, so two scenarios that differ only in, say, staffing see the very
  same patients arrive with the very same needs (common random numbers).
* **Events only where queues interact.** Triage is a first-come, first-served queue fed by
  arrivals alone, and clinicians take the patients in cubicles first come, first served, so
  both timelines follow exactly from a running heap of the times each server comes free (the
  multi-server Lindley recursion). simpy's clock and event queue run the cubicles: a patient
  arrives in the waiting room (an event), takes a cubicle when one is free, and a cubicle
  coming free (an event) lets the next patient in. That is two simpy events a patient, rather
  than a dozen process switches. A patient who runs out of patience is struck off when they
  would have reached the head of the waiting-room queue, which for first come, first served
  gives the same waits as removing them when they leave.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import simpy
from scipy.special import ndtri

from . import measures
from .scenario import MINUTES_PER_DAY, Scenario

__all__ = [
    "STREAM_NAMES",
    "RunResult",
    "arrival_rate",
    "sample_patients",
    "single_run",
    "triage_timeline",
]

#: One random stream per stochastic element, in the order they are spawned.
STREAM_NAMES = (
    "arrival_gaps",
    "arrival_thinning",
    "admission",
    "triage_prediction",
    "triage_time",
    "assessment_time",
    "treatment_time",
    "bed_wait",
    "patience",
)


def _generators(seed: int | np.random.SeedSequence | None) -> dict[str, np.random.Generator]:
    if isinstance(seed, bool) or not (
        seed is None or isinstance(seed, (int, np.integer, np.random.SeedSequence))
    ):
        raise ValueError(f"seed is {seed!r}: give a whole number (or a numpy SeedSequence).")
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    children = root.spawn(len(STREAM_NAMES))
    return {name: np.random.default_rng(c) for name, c in zip(STREAM_NAMES, children, strict=True)}


def arrival_rate(scenario: Scenario, t: np.ndarray) -> np.ndarray:
    """Arrivals per minute at times ``t`` (minutes from the start date's midnight)."""
    profile = np.asarray(scenario.hourly_profile, dtype=float)
    profile = profile / profile.mean() if profile.sum() > 0 else profile
    hour = (np.floor(t / 60.0) % 24).astype(np.int64)
    start_doy = pd.Timestamp(scenario.start_date).day_of_year - 1
    day_of_year = start_doy + t / MINUTES_PER_DAY
    season = 1.0 + scenario.seasonal_amplitude * np.cos(
        2 * np.pi * (day_of_year - (scenario.peak_day_of_year - 1)) / 365.25
    )
    return scenario.arrivals_per_day / MINUTES_PER_DAY * profile[hour] * season


def _arrival_times(scenario: Scenario, rng: dict[str, np.random.Generator]) -> np.ndarray:
    """A non-stationary Poisson process by thinning (Lewis & Shedler 1979), vectorised."""
    horizon = scenario.run_length
    profile = np.asarray(scenario.hourly_profile, dtype=float)
    if scenario.arrivals_per_day == 0 or profile.sum() == 0:
        return np.empty(0)
    lam_max = (
        scenario.arrivals_per_day
        / MINUTES_PER_DAY
        * (profile.max() / profile.mean())
        * (1 + scenario.seasonal_amplitude)
    )
    expected = lam_max * horizon
    chunk = int(expected + 6 * np.sqrt(expected) + 16)
    gaps = rng["arrival_gaps"].exponential(1.0 / lam_max, chunk)
    times = np.cumsum(gaps)
    while times[-1] < horizon:  # rarely needed: the chunk covers six standard deviations
        more = np.cumsum(rng["arrival_gaps"].exponential(1.0 / lam_max, chunk)) + times[-1]
        times = np.concatenate([times, more])
    times = times[times < horizon]
    keep = rng["arrival_thinning"].random(times.size) * lam_max < arrival_rate(scenario, times)
    return times[keep]


def _durations(u: np.ndarray, mean: np.ndarray | float, scenario: Scenario) -> np.ndarray:
    """Durations with the given means from uniforms ``u`` by the inverse distribution."""
    mean = np.broadcast_to(np.asarray(mean, dtype=float), u.shape)
    if scenario.duration_distribution == "exponential":
        return -mean * np.log1p(-u)
    if scenario.duration_cv == 0:  # deterministic
        return mean.copy()
    sigma2 = np.log1p(scenario.duration_cv**2)
    return mean * np.exp(np.sqrt(sigma2) * ndtri(u) - sigma2 / 2)


def sample_patients(scenario: Scenario, seed: int | np.random.SeedSequence | None) -> pd.DataFrame:
    """Everything random about each patient, drawn before the simulation starts.

    Columns: arrival time, whether the patient needs admission, the stream triage sends them
    to, and their triage, assessment, treatment, bed-wait and patience times (minutes).
    """
    rng = _generators(seed)
    arrival = _arrival_times(scenario, rng)
    n = arrival.size
    admit = rng["admission"].random(n) < scenario.p_admit
    correct = rng["triage_prediction"].random(n) < scenario.triage_accuracy
    streaming = scenario.flow == "streaming"
    factor = scenario.streaming_time_factor if streaming else 1.0
    triage = _durations(rng["triage_time"].random(n), scenario.triage_mean, scenario)
    assess = factor * _durations(
        rng["assessment_time"].random(n), scenario.assessment_mean, scenario
    )
    treat_mean = np.where(
        admit, scenario.treatment_mean_admitted, scenario.treatment_mean_discharged
    )
    treat = factor * _durations(rng["treatment_time"].random(n), treat_mean, scenario)
    bed = -scenario.bed_wait_mean * np.log1p(-rng["bed_wait"].random(n)) * admit
    u_patience = rng["patience"].random(n)
    if np.isinf(scenario.patience_mean):
        patience = np.full(n, np.inf)
    else:
        patience = np.where(admit, np.inf, -scenario.patience_mean * np.log1p(-u_patience))
    if streaming:
        predicted_admit = np.where(correct, admit, ~admit)
        stream = np.where(predicted_admit, "admit stream", "discharge stream")
    else:
        stream = np.full(n, "single queue")
    return pd.DataFrame(
        {
            "patient": np.arange(n),
            "arrival": arrival,
            "admitted": admit,
            "stream": stream,
            "triage_time": triage,
            "assessment_time": assess,
            "treatment_time": treat,
            "bed_wait": bed,
            "patience": patience,
        }
    )


def triage_timeline(
    arrival: np.ndarray, duration: np.ndarray, nurses: float
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of triage for each patient: a first-come, first-served queue.

    Triage is fed by arrivals alone (nobody leaves or jumps it), so its timeline follows
    exactly from the arrival and triage times by the multi-server Lindley recursion: each
    patient starts at their arrival or when the first nurse comes free, whichever is later.
    Working it out here leaves simpy only the part of the department where queues interact.
    """
    if not np.isfinite(nurses) or arrival.size == 0:
        return arrival.copy(), arrival + duration
    free = [0.0] * int(nurses)  # a heap of the times each nurse comes free
    start = []
    append = start.append
    replace = heapq.heapreplace
    for a, d in zip(arrival.tolist(), duration.tolist(), strict=True):
        first = free[0]
        s = a if a > first else first
        append(s)
        replace(free, s + d)
    start_arr = np.asarray(start)
    return start_arr, start_arr + duration


class _Due(simpy.Timeout):
    """A simpy timeout that carries a patient number and its callback from the start."""

    def __init__(self, env: simpy.Environment, delay: float, patient: int, callback: Any):
        self.env = env
        self.callbacks = [callback]
        self._value = patient
        self._delay = delay
        self._ok = True
        env.schedule(self, simpy.events.NORMAL, delay)


class _Pool:
    """Identical servers with one first-come, first-served queue of patient numbers."""

    __slots__ = ("free", "queue")

    def __init__(self, capacity: float) -> None:
        self.free = capacity
        self.queue: deque[int] = deque()


class _Department:
    """The event logic after triage: each method is a callback on a simpy event carrying a
    patient number."""

    def __init__(self, scenario: Scenario, sampled: pd.DataFrame) -> None:
        self.env = simpy.Environment()
        n = len(sampled)
        start, end = triage_timeline(
            sampled["arrival"].to_numpy(), sampled["triage_time"].to_numpy(), scenario.n_triage
        )
        self.triage_start = start
        self.triage_end = end.tolist()
        self.order = np.argsort(end, kind="stable").tolist()
        self.assess_time = sampled["assessment_time"].tolist()
        self.treat_time = sampled["treatment_time"].tolist()
        self.bed_wait = sampled["bed_wait"].tolist()
        self.patience = sampled["patience"].tolist()
        names = list(scenario.streams())
        codes = {name: k for k, name in enumerate(names)}
        self.stream = [codes[s] for s in sampled["stream"].tolist()]
        caps = list(scenario.streams().values())
        self.cubicles = [_Pool(c[1]) for c in caps]
        self.clinician_free = [[0.0] * int(c[0]) if np.isfinite(c[0]) else None for c in caps]
        nan = float("nan")
        self.cubicle_start = [nan] * n
        self.assessment_start = [nan] * n
        self.departure = [nan] * n
        self.left_unseen = [False] * n
        self.next = 0

    def run(self) -> None:
        if self.order:
            first = self.order[0]
            _Due(self.env, self.triage_end[first], first, self._triaged)
        self.env.run()

    def _triaged(self, event: simpy.Event) -> None:
        """A patient leaves triage for the waiting room; the next one is scheduled."""
        i = event.value
        self.next += 1
        if self.next < len(self.order):
            j = self.order[self.next]
            _Due(self.env, self.triage_end[j] - self.env.now, j, self._triaged)
        pool = self.cubicles[self.stream[i]]
        if pool.free > 0:
            pool.free -= 1
            self._into_cubicle(i)
        else:
            pool.queue.append(i)

    def _into_cubicle(self, i: int) -> None:
        """Enter a cubicle; the clinician who will assess this patient, and when, follow.

        Patients in a cubicle do not leave before they are seen and clinicians take them
        first come, first served, so the assessment starts at the earliest time a clinician
        is free (a heap of the times each clinician comes free). No event is needed for it.
        """
        now = self.env.now
        self.cubicle_start[i] = now
        free = self.clinician_free[self.stream[i]]
        assess = self.assess_time[i]
        if free is None:  # unlimited clinicians
            start = now
        else:
            first = free[0]
            start = now if now > first else first
            heapq.heapreplace(free, start + assess)
        self.assessment_start[i] = start
        leave = start + assess + self.treat_time[i] + self.bed_wait[i]
        self.departure[i] = leave
        _Due(self.env, leave - now, i, self._leave_cubicle)

    def _leave_cubicle(self, event: simpy.Event) -> None:
        pool = self.cubicles[self.stream[event.value]]
        now = self.env.now
        queue = pool.queue
        while queue:
            j = queue.popleft()
            gave_up = self.triage_end[j] + self.patience[j]
            if gave_up <= now:  # left the waiting room before a cubicle came free
                self.left_unseen[j] = True
                self.departure[j] = gave_up
                continue
            self._into_cubicle(j)
            return
        pool.free += 1


@dataclass
class RunResult:
    """One run: the scenario, the seed, a per-patient table and the tables built from it.

    ``patients`` has one row per arrival (warm-up included; ``in_results`` marks the rows the
    summaries use). Times are minutes from the start; ``departure`` is when the patient left.
    """

    scenario: Scenario
    seed: Any
    patients: pd.DataFrame
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def event_log(self) -> pd.DataFrame:
        """Tidy event log: one row per patient and event (patient, stream, event, time)."""
        if "event_log" not in self._cache:
            self._cache["event_log"] = measures.event_log(self.patients)
        return self._cache["event_log"]

    def summary(self) -> pd.Series:
        """The run's headline measures (see :func:`workbook.lean.measures.run_summary`)."""
        return measures.run_summary(self.patients, self.scenario)

    def daily(self) -> pd.DataFrame:
        """One row per day of arrivals, ready for ``qi.run_chart`` and ``qi.xmr``."""
        return measures.daily_results(self.patients, self.scenario)

    def value_stream(self) -> pd.DataFrame:
        """Mean time in each step, per stream, marked value-added or waiting."""
        return measures.value_stream(self.event_log, self.scenario.warm_up)

    def value_stream_summary(self) -> pd.DataFrame:
        """Lead time, value-added time, process-cycle efficiency and takt time per stream."""
        return measures.value_stream_summary(self.event_log, self.scenario)


def single_run(scenario: Scenario, seed: int | np.random.SeedSequence | None = 0) -> RunResult:
    """Simulate ``scenario`` once with random numbers from ``seed``; return a :class:`RunResult`.

    The same scenario and seed always give the same result; arrivals stop after
    ``scenario.run_length_days`` and the patients still in the department are followed until
    they leave, so every patient's times are known.
    """
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario is {type(scenario).__name__}: give a workbook.lean.Scenario.")
    sampled = sample_patients(scenario, seed)
    department = _Department(scenario, sampled)
    department.run()
    patients = sampled[["patient", "stream", "admitted", "arrival"]].copy()
    patients["triage_start"] = department.triage_start
    patients["triage_end"] = np.asarray(department.triage_end)
    patients["cubicle_start"] = np.asarray(department.cubicle_start)
    seen_at = np.asarray(department.assessment_start)
    patients["assessment_start"] = seen_at
    patients["assessment_end"] = seen_at + sampled["assessment_time"].to_numpy()
    patients["treatment_end"] = patients["assessment_end"] + sampled["treatment_time"].to_numpy()
    patients["departure"] = np.asarray(department.departure)
    unseen = np.asarray(department.left_unseen, dtype=bool)
    patients["left_unseen"] = unseen
    patients["disposition"] = np.where(
        unseen, "left unseen", np.where(patients["admitted"], "admitted", "discharged")
    )
    patients["in_results"] = patients["arrival"].to_numpy() >= scenario.warm_up
    for name in ("triage_time", "assessment_time", "treatment_time"):
        patients[name] = np.where(unseen & (name != "triage_time"), 0.0, sampled[name])
    return RunResult(scenario=scenario, seed=seed, patients=patients)
