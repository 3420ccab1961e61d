"""Charts of the emergency department model (matplotlib, imported only when drawing).

Each function draws into ``ax`` (or a new Figure, without touching pyplot's global state) and
returns the Figure; the matching ``*_alt_text`` function describes it in words for a screen
reader or the static page.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .scenario import FOUR_HOUR_IDEAL

__all__ = [
    "daily_chart",
    "daily_chart_alt_text",
    "value_stream_chart",
    "value_stream_chart_alt_text",
]

LABELS = {
    "arrivals": "Arrivals per day",
    "wait_mean_min": "Mean time to be seen (minutes)",
    "los_mean_h": "Mean length of stay (hours)",
    "within_4h": "Share leaving within four hours",
    "left_unseen_share": "Share leaving without being seen",
    "access_block_mean_h": "Mean access block (hours)",
    "mean_in_ed": "Mean number of patients in the department",
    "cubicle_occupancy": "Cubicle occupancy",
    "clinician_utilisation": "Clinician utilisation",
}


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def _label(measure: str) -> str:
    return LABELS.get(measure, measure.replace("_", " "))


def daily_chart(daily: pd.DataFrame | dict[str, pd.DataFrame], measure: str, ax: Any = None) -> Any:
    """A daily measure over time, one line per scenario when given ``{name: daily}``.

    For ``within_4h`` a dashed line marks the Australian ideal of about 80%
    (:data:`~workbook.lean.scenario.FOUR_HOUR_IDEAL`).
    """
    frames = daily if isinstance(daily, dict) else {"": daily}
    ax = _axes(ax, (8.0, 4.0))
    for name, frame in frames.items():
        if measure not in frame.columns:
            raise ValueError(f"measure is {measure!r}: choose one of {list(LABELS)}.")
        ax.plot(frame["date"], frame[measure], lw=1, label=name or None)
    if measure == "within_4h":
        ax.axhline(FOUR_HOUR_IDEAL, ls="--", color="0.3", lw=1, label="ideal, about 80%")
    ax.set_ylabel(_label(measure))
    if len(frames) > 1 or measure == "within_4h":
        ax.legend(frameon=False)
    return ax.figure


def daily_chart_alt_text(daily: pd.DataFrame | dict[str, pd.DataFrame], measure: str) -> str:
    """Words for :func:`daily_chart`: what is plotted and each line's range and mean."""
    frames = daily if isinstance(daily, dict) else {"simulated": daily}
    parts = [f"Line chart of {_label(measure).lower()} for each simulated day."]
    for name, frame in frames.items():
        y = frame[measure]
        parts.append(
            f"{name}: {len(y)} days, mean {y.mean():.3g}, lowest {y.min():.3g}, "
            f"highest {y.max():.3g}."
        )
    if measure == "within_4h":
        parts.append("A dashed line marks the Australian ideal of about 80%.")
    return " ".join(parts)


def value_stream_chart(table: pd.DataFrame, ax: Any = None) -> Any:
    """Stacked bars of mean minutes per step for each stream: value-added steps filled,
    waiting steps hatched (``table`` from ``RunResult.value_stream()``)."""
    ax = _axes(ax, (8.0, 1.2 + 0.8 * table["stream"].nunique()))
    streams = list(dict.fromkeys(table["stream"]))
    colours = {"value-added": "#2b7bb9", "waiting": "#f4a582"}
    for y, stream in enumerate(streams):
        left = 0.0
        for row in table[table["stream"] == stream].itertuples():
            if not row.mean_min > 0:
                continue
            ax.barh(
                y,
                row.mean_min,
                left=left,
                color=colours[row.kind],
                hatch="//" if row.kind == "waiting" else None,
                edgecolor="white",
            )
            left += row.mean_min
    ax.set_yticks(range(len(streams)), streams)
    ax.set_xlabel("Mean minutes from arrival to leaving (patients seen)")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=colours["value-added"]), Patch(color=colours["waiting"], hatch="//")],
        labels=["value-added", "waiting"],
        frameon=False,
    )
    return ax.figure


def value_stream_chart_alt_text(table: pd.DataFrame) -> str:
    """Words for :func:`value_stream_chart`: each stream's lead time and its biggest wait."""
    parts = ["Stacked bar chart of the mean minutes each step takes, per stream."]
    for stream, group in table.groupby("stream", sort=False):
        lead = group["mean_min"].sum()
        added = group.loc[group["kind"] == "value-added", "mean_min"].sum()
        waits = group[group["kind"] == "waiting"]
        worst = waits.loc[waits["mean_min"].idxmax()]
        parts.append(
            f"{stream}: lead time {lead:.0f} minutes, of which {added:.0f} value-added; "
            f"the longest wait is '{worst['step']}' at {worst['mean_min']:.0f} minutes."
        )
    return " ".join(parts)
