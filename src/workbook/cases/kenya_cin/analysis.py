"""What the Kenya case computes: growth, the mortality funnel, feedback signals, diffusion.

Pure functions over the loaded tables (see :mod:`workbook.cases.kenya_cin.data`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workbook.cases.kenya_cin import data

__all__ = [
    "PUBLISHED",
    "growth",
    "hospitals_at",
    "mortality_funnel",
    "adherence_by_month",
    "indicator_signals",
    "advice_graph",
    "seeding_comparison",
]

#: The published figures the synthetic data are calibrated to (sources in the data README).
PUBLISHED: Mapping[str, object] = {
    "hospitals_by_date": {"2013-09": 8, "2014-02": 14, "2018": 19, "2021": 22},
    "hospitals_undated": 16,
    "mortality_children": 30_042,
    "mortality_deaths": 1_808,
    "mortality_rate": 0.06,
    "mortality_range": (0.025, 0.111),
    "feedback_indicators": 34,
    "feedback_improved": 24,
    "feedback_admissions": 60_214,
}


def growth(hospitals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The number of hospitals in the network after each joining date."""
    hospitals = hospitals if hospitals is not None else data.load_hospitals()
    steps = (
        hospitals.groupby(["joined", "join_date_published"]).size().reset_index(name="joined_now")
    )
    steps = steps.sort_values("joined").reset_index(drop=True)
    steps["hospitals"] = steps["joined_now"].cumsum()
    return steps


def hospitals_at(date: str, hospitals: pd.DataFrame | None = None) -> list[str]:
    """The hospitals that had joined by ``date`` (``YYYY-MM-DD``)."""
    hospitals = hospitals if hospitals is not None else data.load_hospitals()
    when = pd.Timestamp(date)
    return sorted(hospitals.loc[hospitals["joined"] <= when, "hospital"])


def mortality_funnel(mortality: pd.DataFrame | None = None, *, overdispersion: bool = False):
    """A funnel plot of in-hospital child mortality by hospital (a :mod:`workbook.qi` result)."""
    from workbook import qi

    mortality = mortality if mortality is not None else data.load_mortality()
    return qi.funnel(
        mortality["deaths"],
        mortality["admissions"],
        labels=mortality["hospital"],
        overdispersion=overdispersion,
    )


def adherence_by_month(adherence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Network-wide adherence for each indicator and month (met / eligible, all hospitals)."""
    adherence = adherence if adherence is not None else data.load_adherence()
    totals = adherence.groupby(["indicator", "month"], as_index=False)[["eligible", "met"]].sum()
    totals["adherence"] = totals["met"] / totals["eligible"]
    return totals


def indicator_signals(
    adherence: pd.DataFrame | None = None, indicators: pd.DataFrame | None = None
) -> pd.DataFrame:
    """For each indicator, a run chart of its monthly network-wide adherence (Anhøj rules):
    whether it shows a signal, and the first-year and last-year mean adherence."""
    from workbook import qi

    monthly = adherence_by_month(adherence)
    indicators = indicators if indicators is not None else data.load_indicators()
    rows = []
    for indicator, frame in monthly.groupby("indicator", sort=True):
        frame = frame.sort_values("month")
        run = qi.run_chart(frame["adherence"].to_numpy() * 100)
        first = frame.loc[frame["month"] <= 6, "adherence"].mean()
        last = frame.loc[frame["month"] > len(frame) - 6, "adherence"].mean()
        rows.append(
            {
                "indicator": indicator,
                "signal": bool(run.signal),
                "first_six_months": float(first),
                "last_six_months": float(last),
                "change": float(last - first),
            }
        )
    out = pd.DataFrame(rows).merge(indicators, on="indicator", how="left")
    return out


def advice_graph(people: pd.DataFrame | None = None, advice: pd.DataFrame | None = None):
    """The invented advice network as a networkx graph (roles and hospitals as attributes)."""
    from workbook import networks

    people = people if people is not None else data.load_people()
    advice = advice if advice is not None else data.load_advice()
    return networks.advice_network(advice, people)


def seeding_comparison(
    graph=None, *, n_seeds: int = 3, replications: int = 30, seed: int = 5, chosen=None
):
    """Mean share of clinicians who have adopted a new practice after 10 steps, for each seeding
    strategy under simple and complex contagion (averaged over seeded replications)."""
    from workbook import networks

    graph = graph if graph is not None else advice_graph()
    curves = networks.compare_strategies(
        graph,
        n_seeds=n_seeds,
        replications=replications,
        p=0.4,
        k=2,
        steps=10,
        seed=seed,
        chosen=chosen,
    )
    return curves, networks.strategy_summary(curves)
