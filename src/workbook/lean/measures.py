"""Measures computed from a run's per-patient table and event log (pure functions, no plots).

Definitions:

* **time to be seen**: arrival until a clinician starts the assessment (patients seen only);
* **length of stay**: arrival until the patient leaves (every presentation, including those
  who left without being seen);
* **within four hours**: share of presentations with a length of stay of 240 minutes or less,
  to read against :data:`~workbook.lean.scenario.FOUR_HOUR_IDEAL`;
* **access block**: decision to admit (end of treatment) until the move to a ward bed;
* **occupancy / utilisation**: busy server-minutes over available server-minutes in the
  period (cubicles, clinicians, triage nurses), and the time-average number in the department.

Value-stream measures (the vocabulary of lean value-stream mapping): **lead time** is the
mean time from arrival to leaving; **value-added time** the mean time spent being triaged,
assessed or treated; **process-cycle efficiency** their ratio (ratio of means); **takt time**
the available time (24 hours a day: the department never closes) divided by the stream's
demand per day.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .scenario import MINUTES_PER_DAY, Scenario

__all__ = [
    "VALUE_STREAM_STEPS",
    "busy_time",
    "daily_results",
    "event_log",
    "run_summary",
    "value_stream",
    "value_stream_summary",
    "wide_from_log",
    "wide_from_patients",
]

FOUR_HOURS = 240.0

_EVENTS = (
    "arrival",
    "triage_start",
    "triage_end",
    "cubicle_start",
    "assessment_start",
    "assessment_end",
    "treatment_end",
)

#: (step, kind, event that starts it, event that ends it) for the value-stream table.
VALUE_STREAM_STEPS = (
    ("wait for triage", "waiting", "arrival", "triage_start"),
    ("triage", "value-added", "triage_start", "triage_end"),
    ("wait for cubicle", "waiting", "triage_end", "cubicle_start"),
    ("wait for clinician", "waiting", "cubicle_start", "assessment_start"),
    ("assessment", "value-added", "assessment_start", "assessment_end"),
    ("treatment", "value-added", "assessment_end", "treatment_end"),
    ("wait for ward bed", "waiting", "treatment_end", "exit"),
)


def event_log(patients: pd.DataFrame) -> pd.DataFrame:
    """One row per patient and event, in time order: patient, stream, event, time.

    The last event says how the patient left: ``departure`` (home), ``ward_transfer``
    (admitted, after any access block) or ``left_unseen``.
    """
    frame = patients[["patient", "stream", *_EVENTS]].copy()
    frame["exit"] = patients["departure"]
    long = frame.melt(id_vars=["patient", "stream"], var_name="event", value_name="time")
    long = long.dropna(subset=["time"])
    exit_name = np.where(
        patients["left_unseen"],
        "left_unseen",
        np.where(patients["admitted"], "ward_transfer", "departure"),
    )
    names = pd.Series(exit_name, index=patients["patient"].to_numpy())
    is_exit = long["event"].to_numpy() == "exit"
    long.loc[is_exit, "event"] = names.loc[long.loc[is_exit, "patient"]].to_numpy()
    order = {
        name: k for k, name in enumerate([*_EVENTS, "departure", "ward_transfer", "left_unseen"])
    }
    long["_order"] = long["event"].map(order)
    long = long.sort_values(["time", "patient", "_order"], kind="stable").drop(columns="_order")
    return long.reset_index(drop=True)


def busy_time(start: np.ndarray, end: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Busy minutes of intervals [start, end) inside each period between ``bounds``.

    Uses sum_i clip(B - s_i, 0, e_i - s_i) = sum_{s_i<B} (B - s_i) - sum_{e_i<B} (B - e_i),
    so a year of patients costs two sorts, not a loop.
    """
    keep = ~(np.isnan(start) | np.isnan(end))
    s = np.sort(start[keep])
    e = np.sort(end[keep])
    cs = np.concatenate([[0.0], np.cumsum(s)])
    ce = np.concatenate([[0.0], np.cumsum(e)])
    ks = np.searchsorted(s, bounds, side="left")
    ke = np.searchsorted(e, bounds, side="left")
    upto = (ks * bounds - cs[ks]) - (ke * bounds - ce[ke])
    return np.diff(upto)


def _times(patients: pd.DataFrame) -> dict[str, np.ndarray]:
    p = {c: patients[c].to_numpy() for c in patients.columns}
    p["wait"] = p["assessment_start"] - p["arrival"]
    p["los"] = p["departure"] - p["arrival"]
    p["block"] = np.where(p["admitted"], p["departure"] - p["treatment_end"], np.nan)
    return p


def _capacity_total(scenario: Scenario, which: int) -> float:
    return float(sum(c[which] for c in scenario.streams().values()))


def _share(busy: np.ndarray | float, capacity: float, minutes: float) -> Any:
    if not np.isfinite(capacity):
        return np.nan * np.asarray(busy)
    return np.asarray(busy) / (capacity * minutes)


def _nanmean(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    return float(x.mean()) if x.size else float("nan")


def run_summary(patients: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """The run's headline measures over the patients who arrived after the warm-up."""
    p = _times(patients)
    use = p["in_results"]
    days = scenario.run_length_days - scenario.warm_up_days
    bounds = np.array([scenario.warm_up, scenario.run_length])
    minutes = bounds[1] - bounds[0]
    n = int(use.sum())
    wait = p["wait"][use]
    seen = wait[~np.isnan(wait)]
    los = p["los"][use]
    block = p["block"][use]
    block = block[~np.isnan(block)]
    return pd.Series(
        {
            "arrivals": n,
            "arrivals_per_day": n / days,
            "admitted_share": float(p["admitted"][use].mean()) if n else np.nan,
            "left_unseen_share": float(p["left_unseen"][use].mean()) if n else np.nan,
            "wait_mean_min": float(seen.mean()) if seen.size else np.nan,
            "wait_median_min": float(np.median(seen)) if seen.size else np.nan,
            "wait_p90_min": float(np.quantile(seen, 0.9)) if seen.size else np.nan,
            "los_mean_h": float(los.mean()) / 60 if n else np.nan,
            "los_median_h": float(np.median(los)) / 60 if n else np.nan,
            "within_4h": float((los <= FOUR_HOURS).mean()) if n else np.nan,
            "access_block_mean_h": float(block.mean()) / 60 if block.size else np.nan,
            "mean_in_ed": float(busy_time(p["arrival"], p["departure"], bounds)[0]) / minutes,
            "triage_utilisation": float(
                _share(
                    busy_time(p["triage_start"], p["triage_end"], bounds)[0],
                    scenario.n_triage,
                    minutes,
                )
            ),
            "clinician_utilisation": float(
                _share(
                    busy_time(p["assessment_start"], p["assessment_end"], bounds)[0],
                    _capacity_total(scenario, 0),
                    minutes,
                )
            ),
            "cubicle_occupancy": float(
                _share(
                    busy_time(p["cubicle_start"], p["departure"], bounds)[0],
                    _capacity_total(scenario, 1),
                    minutes,
                )
            ),
        },
        name="run",
    )


def daily_results(patients: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """One row per day after the warm-up: a shape ``qi.run_chart`` and ``qi.xmr`` accept.

    Patient measures are grouped by the day of arrival; occupancy by the clock. Pass a
    column as ``values`` and ``date`` as ``dates``, e.g.
    ``qi.run_chart(daily["los_mean_h"], dates=daily["date"])``.
    """
    p = _times(patients)
    first = int(np.floor(scenario.warm_up_days))
    last = int(np.ceil(scenario.run_length_days))
    n_days = last
    day = np.floor(p["arrival"] / MINUTES_PER_DAY).astype(np.int64)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(day[mask], minlength=n_days)[:n_days].astype(float)

    def mean(values: np.ndarray) -> np.ndarray:
        ok = ~np.isnan(values)
        total = np.bincount(day[ok], weights=values[ok], minlength=n_days)[:n_days]
        k = count(ok)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(k > 0, total / np.maximum(k, 1), np.nan)

    use = p["in_results"]
    arrivals = count(use)
    bounds = np.arange(n_days + 1) * MINUTES_PER_DAY
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "day": np.arange(n_days),
                "date": pd.Timestamp(scenario.start_date) + pd.to_timedelta(np.arange(n_days), "D"),
                "arrivals": arrivals,
                "admitted": count(use & p["admitted"]),
                "left_unseen": count(use & p["left_unseen"]),
                "left_unseen_share": count(use & p["left_unseen"]) / arrivals,
                "wait_mean_min": mean(np.where(use, p["wait"], np.nan)),
                "los_mean_h": mean(np.where(use, p["los"], np.nan)) / 60,
                "within_4h": count(use & (p["los"] <= FOUR_HOURS)) / arrivals,
                "access_block_mean_h": mean(np.where(use, p["block"], np.nan)) / 60,
                "mean_in_ed": busy_time(p["arrival"], p["departure"], bounds) / MINUTES_PER_DAY,
                "clinician_utilisation": _share(
                    busy_time(p["assessment_start"], p["assessment_end"], bounds),
                    _capacity_total(scenario, 0),
                    MINUTES_PER_DAY,
                ),
                "cubicle_occupancy": _share(
                    busy_time(p["cubicle_start"], p["departure"], bounds),
                    _capacity_total(scenario, 1),
                    MINUTES_PER_DAY,
                ),
            }
        )
    frame["arrivals"] = frame["arrivals"].astype(int)
    frame["admitted"] = frame["admitted"].astype(int)
    frame["left_unseen"] = frame["left_unseen"].astype(int)
    return frame.iloc[first:].reset_index(drop=True)


def wide_from_log(log: pd.DataFrame) -> pd.DataFrame:
    """One row per patient, one column per event (``exit`` for the last), ``stream`` and
    ``how`` (the name of the exit event), rebuilt from a tidy event log."""
    exits = ["departure", "ward_transfer", "left_unseen"]
    is_exit = log["event"].isin(exits)
    kind = log["event"].where(~is_exit, "exit")
    wide = log.assign(kind=kind).pivot(index="patient", columns="kind", values="time")
    wide.columns.name = None
    firsts = log.drop_duplicates("patient").set_index("patient")
    wide["stream"] = firsts["stream"]
    wide["how"] = log[is_exit].set_index("patient")["event"]
    return wide


def wide_from_patients(patients: pd.DataFrame) -> pd.DataFrame:
    """The same table as :func:`wide_from_log`, straight from the per-patient table."""
    wide = patients.set_index("patient")[["stream", *_EVENTS]].copy()
    wide["exit"] = patients["departure"].to_numpy()
    wide["how"] = np.where(
        patients["left_unseen"],
        "left_unseen",
        np.where(patients["admitted"], "ward_transfer", "departure"),
    )
    return wide


def _as_wide(log: pd.DataFrame) -> pd.DataFrame:
    return log if "how" in log.columns else wide_from_log(log)


def value_stream(log: pd.DataFrame, warm_up: float = 0.0) -> pd.DataFrame:
    """Mean minutes per step, per stream, for patients who were seen (from the event log).

    Columns: stream, step, kind ("value-added" or "waiting"), mean_min. The steps of one
    stream add up to its lead time for the patients seen. ``log`` is an event log (or the
    table :func:`wide_from_patients` makes, which gives the same numbers faster).
    """
    wide = _as_wide(log)
    wide = wide[(wide["how"] != "left_unseen") & (wide["arrival"] >= warm_up)]
    rows = []
    for stream, group in wide.groupby("stream", sort=False):
        for step, kind, start, end in VALUE_STREAM_STEPS:
            rows.append(
                {
                    "stream": stream,
                    "step": step,
                    "kind": kind,
                    "mean_min": float((group[end] - group[start]).mean()),
                }
            )
    return pd.DataFrame(rows, columns=["stream", "step", "kind", "mean_min"])


def value_stream_summary(log: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Per stream: demand, takt time, lead time, value-added time, process-cycle efficiency.

    Lead time and value-added time are means over the patients seen; demand counts every
    arrival to the stream, including those who left without being seen.
    """
    wide = _as_wide(log)
    wide = wide[wide["arrival"] >= scenario.warm_up]
    days = scenario.run_length_days - scenario.warm_up_days
    steps = value_stream(wide)
    rows = []
    for stream, group in wide.groupby("stream", sort=False):
        table = steps[steps["stream"] == stream]
        lead = float(table["mean_min"].sum())
        added = float(table.loc[table["kind"] == "value-added", "mean_min"].sum())
        demand = len(group) / days
        rows.append(
            {
                "stream": stream,
                "patients": len(group),
                "demand_per_day": demand,
                "takt_time_min": MINUTES_PER_DAY / demand if demand else np.inf,
                "lead_time_min": lead,
                "value_added_min": added,
                "process_cycle_efficiency": added / lead if lead > 0 else np.nan,
                "left_unseen_share": float((group["how"] == "left_unseen").mean()),
            }
        )
    columns = [
        "stream",
        "patients",
        "demand_per_day",
        "takt_time_min",
        "lead_time_min",
        "value_added_min",
        "process_cycle_efficiency",
        "left_unseen_share",
    ]
    return pd.DataFrame(rows, columns=columns)
