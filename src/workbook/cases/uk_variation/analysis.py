"""The case's analyses with :mod:`workbook.qi`: funnel plots, run charts and their wording.

Pure functions of the data (no widgets, no display): the exercise notebook, the live explorer
and the static explorer all describe a trust through these, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.cases.uk_variation.data import load_monthly, load_providers

__all__ = [
    "POSITION_WORDS",
    "funnel_figure",
    "funnel_for",
    "funnel_of",
    "funnel_positions",
    "funnel_row",
    "position_code",
    "provider_sentence",
    "run_chart_for",
    "run_figure",
    "run_of",
    "run_sentence",
    "run_table",
]

#: Where a point lies on a funnel plot, in words.
POSITION_WORDS = {
    "above_99.8": "above the 99.8% limit",
    "below_99.8": "below the 99.8% limit",
    "between_95_99.8": "between the 95% and 99.8% limits",
    "inside_95": "inside the 95% limits",
}


def funnel_of(table: pd.DataFrame, *, overdispersion: bool = False) -> Any:
    """The funnel plot of an annual table (events, denominator, provider_id)."""
    from workbook import qi

    return qi.funnel(
        table["events"],
        table["denominator"],
        labels=table["provider_id"],
        overdispersion=overdispersion,
    )


def run_of(series: pd.DataFrame) -> Any:
    """The run chart (Anhøj rules) of a monthly series, as a percentage."""
    from workbook import qi

    return qi.run_chart(series["rate"] * 100, dates=series["month"], ylabel="Rate (%)")


def funnel_for(indicator: str, *, root: str | Path | None = None) -> Any:
    """The funnel plot (``workbook.qi.funnel``) of one indicator's annual rates."""
    return funnel_of(load_providers(indicator, root=root))


def run_chart_for(indicator: str, provider: str, *, root: str | Path | None = None) -> Any:
    """The run chart (``workbook.qi.run_chart``, Anhøj rules) of one provider's monthly rate."""
    return run_of(load_monthly(indicator, provider, root=root))


def funnel_row(result: Any, provider: str) -> dict[str, Any]:
    """One provider's point on a funnel: events, denominator, rate and position code."""
    table = result.data
    match = table[table["label"] == provider]
    if match.empty:
        raise ValueError(f"unknown provider {provider!r}; it is not on this funnel plot.")
    row = match.iloc[0]
    return {
        "events": int(row["events"]),
        "denominator": int(row["n"]),
        "rate": float(row["proportion"]),
        "position": position_code(row),
    }


def position_code(row: Any) -> str:
    """``above_99.8``, ``below_99.8``, ``between_95_99.8`` or ``inside_95``."""
    if row["outside_998"] == "high":
        return "above_99.8"
    if row["outside_998"] == "low":
        return "below_99.8"
    if row["outside_95"] != "":
        return "between_95_99.8"
    return "inside_95"


def funnel_positions(result: Any) -> pd.DataFrame:
    """Where each provider lies on a funnel plot: one row per provider.

    Columns: ``provider_id``, ``events``, ``denominator``, ``rate`` (a proportion) and
    ``position``, one of ``above_99.8``, ``below_99.8`` (outside the 99.8% limits),
    ``between_95_99.8`` (outside the 95% but inside the 99.8% limits) or ``inside_95``.
    """
    d = result.data
    return pd.DataFrame(
        {
            "provider_id": d["label"].astype(str).to_numpy(),
            "events": d["events"].astype("int64").to_numpy(),
            "denominator": d["n"].astype("int64").to_numpy(),
            "rate": d["proportion"].to_numpy(),
            "position": [position_code(r) for _, r in d.iterrows()],
        }
    )


def run_sentence(result: Any) -> str:
    """What a run chart shows, in one sentence with its numbers."""
    verdict = "a signal of non-random variation" if result.signal else "no signal"
    return (
        f"median {result.median:.1f}%, longest run {result.longest_run} "
        f"(more than {result.longest_run_max} is a signal), {result.n_crossings} crossings "
        f"(fewer than {result.n_crossings_min} is a signal): {verdict}."
    )


def provider_sentence(funnel: Any, run: Any, provider: str, indicator_name: str) -> str:
    """A trust's year on the funnel and its run chart, in words (plain text)."""
    point = funnel_row(funnel, provider)
    return (
        f"{provider}, {indicator_name.lower()}: {point['events']:,} of "
        f"{point['denominator']:,} in 2017/18 ({point['rate'] * 100:.1f}%); all trusts "
        f"together {float(funnel.target) * 100:.1f}%. Funnel plot: "
        f"{POSITION_WORDS[point['position']]}. Run chart: {run_sentence(run)}"
    )


def funnel_figure(
    funnel: Any,
    title: str,
    marked: Iterable[str] = (),
    *,
    figsize: tuple[float, float] | None = None,
) -> Any:
    """The funnel plot's Figure with the ``marked`` trusts ringed and labelled."""
    ax = _axes(figsize)
    fig = funnel.plot(ax=ax, title=title) if ax is not None else funnel.plot(title=title)
    ax = fig.axes[0]
    for provider in marked:
        point = funnel_row(funnel, provider)
        # the funnel plot draws proportions as percentages
        xy = (point["denominator"], point["rate"] * 100)
        ax.plot(
            *xy,
            linestyle="none",
            marker="o",
            markersize=15,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=2,
            zorder=5,
        )
        if point["position"] in ("above_99.8", "below_99.8"):
            continue  # the funnel plot labels these already
        ax.annotate(
            provider,
            xy,
            textcoords="offset points",
            xytext=(9, -14),
            fontsize=10,
            fontweight="bold",
        )
    return fig


def _axes(figsize: tuple[float, float] | None) -> Any:
    if figsize is None:
        return None
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def run_figure(run: Any, title: str, *, figsize: tuple[float, float] | None = None) -> Any:
    """The run chart's Figure (at ``figsize`` when given)."""
    ax = _axes(figsize)
    return run.plot(ax=ax, title=title) if ax is not None else run.plot(title=title)


def run_table(result: Any) -> Any:
    """A run chart's verdict as a small table for people (no index, no internal names)."""
    from workbook.results import Table

    rows = [
        ("Median", f"{result.median:.1f}%", "(the centre line)"),
        (
            "Longest run on one side of the median",
            f"{result.longest_run} points",
            f"more than {result.longest_run_max}",
        ),
        (
            "Crossings of the median",
            f"{result.n_crossings}",
            f"fewer than {result.n_crossings_min}",
        ),
        ("Signal of non-random variation?", "yes" if result.signal else "no", "either rule"),
    ]
    frame = pd.DataFrame(rows, columns=["Rule", "This chart", "A signal if"])
    return Table(frame)
