"""The analysis of the service-redesign case, built on :mod:`workbook.networks`.

:func:`analyse` returns a :class:`Redesign` holding the network and every table the exercise
shows; the ``*_table`` functions format them for people (plain column names, rounded, no
index). Nothing here draws or needs a widget, so the same results feed the live notebook, the
static book and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from workbook import networks as wn
from workbook.cases.service_redesign.data import STAGES, load_contributions, load_people

__all__ = [
    "Redesign",
    "analyse",
    "formal_versus_network",
    "holders_table",
    "robustness_table",
    "stage_leaders_table",
]


@dataclass(frozen=True)
class Redesign:
    """The case's data and results (all computed from the two tables)."""

    people: pd.DataFrame
    contributions: pd.DataFrame
    network: nx.Graph
    measures: pd.DataFrame
    role_stage: pd.DataFrame
    by_stage: pd.DataFrame
    moves: pd.DataFrame
    removal: pd.DataFrame
    cuts: list
    shares: pd.DataFrame

    @property
    def stages(self) -> list[str]:
        return list(STAGES)

    def formal_leads(self) -> list[str]:
        """People with a formal role in the project's governance, in name order."""
        formal = self.people[self.people["formal_project_role"].str.strip() != ""]
        return sorted(formal["person"])


def analyse(
    contributions: pd.DataFrame | None = None, people: pd.DataFrame | None = None
) -> Redesign:
    """Analyse the case (by default the committed data files)."""
    people = load_people() if people is None else people
    contributions = load_contributions(people=people) if contributions is None else contributions
    stages = list(STAGES)
    network = wn.contribution_network(contributions, stages)
    measures = wn.node_measures(network)
    by_stage = wn.leadership_by_stage(contributions, stages, measure="weighted_degree", top=3)
    return Redesign(
        people=people,
        contributions=contributions,
        network=network,
        measures=measures,
        role_stage=wn.role_by_stage(contributions, stages),
        by_stage=by_stage,
        moves=wn.leadership_moves(by_stage),
        removal=wn.removal_impact(network),
        cuts=wn.cut_vertices(network),
        shares=wn.leader_shares(contributions, stages),
    )


def _jobs(result: Redesign) -> dict[str, str]:
    return dict(zip(result.people["person"], result.people["job_title"], strict=True))


def holders_table(result: Redesign, top: int = 8) -> pd.DataFrame:
    """Who holds the network together: the ``top`` people by betweenness, with degree,
    betweenness, constraint and effective size, rounded and with readable column names."""
    jobs = _jobs(result)
    table = result.measures.assign(_name=result.measures["person"].astype(str))
    table = table.sort_values(
        ["betweenness", "_name"], ascending=[False, True], kind="mergesort"
    ).head(top)
    return pd.DataFrame(
        {
            "Person": table["person"],
            "Job": table["person"].map(jobs),
            "People worked with (degree)": table["degree"].astype(int),
            "Betweenness": table["betweenness"].round(2),
            "Constraint": table["constraint"].round(2),
            "Effective size": table["effective_size"].round(1),
        }
    ).reset_index(drop=True)


def stage_leaders_table(result: Redesign) -> pd.DataFrame:
    """The most central person at each stage (weighted degree within the stage), and who came
    next, with their roles."""
    jobs = _jobs(result)
    rows = []
    for stage in result.stages:
        ranked = result.by_stage[result.by_stage["stage"] == stage]
        if ranked.empty:
            continue
        first = ranked.iloc[0]
        others = ", ".join(f"{r.person} ({r.role})" for r in ranked.iloc[1:].itertuples())
        rows.append(
            {
                "Stage": stage,
                "Most central": f"{first['person']} ({jobs[first['person']]})",
                "Role": first["role"],
                "Joint contributions at this stage": int(first["contributions"]),
                "Next most central": others,
            }
        )
    return pd.DataFrame(rows)


def robustness_table(result: Redesign, top: int = 6) -> pd.DataFrame:
    """If one person left: the ``top`` most damaging departures, as people read them."""
    jobs = _jobs(result)
    table = result.removal.head(top)
    return pd.DataFrame(
        {
            "If this person left": table["person"].map(lambda p: f"{p} ({jobs[p]})"),
            "Would split the network": table["cut_vertex"].map({True: "yes", False: "no"}),
            "Separate groups left": table["components_after"].astype(int),
            "Pairs who could no longer reach each other": table["pairs_lost"].astype(int),
            "Pairs still connected": (table["connected_pairs_after"] * 100)
            .round(0)
            .astype(int)
            .astype(str)
            + "%",
        }
    ).reset_index(drop=True)


def formal_versus_network(result: Redesign, top: int = 5) -> pd.DataFrame:
    """The formal project roles beside the people the network puts at the centre: each
    formally named person and each of the ``top`` people by betweenness, with their rank."""
    jobs = _jobs(result)
    formal = dict(zip(result.people["person"], result.people["formal_project_role"], strict=True))
    ranked = result.measures.assign(_name=result.measures["person"].astype(str)).sort_values(
        ["betweenness", "_name"], ascending=[False, True], kind="mergesort"
    )
    rank = {p: i for i, p in enumerate(ranked["person"], start=1)}
    chosen = list(dict.fromkeys([*ranked["person"].head(top), *result.formal_leads()]))
    chosen.sort(key=lambda p: rank[p])
    stages = dict(zip(result.shares["person"], result.shares["stages_present"], strict=True))
    return pd.DataFrame(
        {
            "Person": chosen,
            "Job": [jobs[p] for p in chosen],
            "Formal project role": [formal[p] or "none" for p in chosen],
            "Rank by betweenness": [rank[p] for p in chosen],
            "Stages taken part in": [int(stages[p]) for p in chosen],
        }
    )
