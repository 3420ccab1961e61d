"""Who holds a network together: centrality, brokerage and communities, one row per person.

Measures (all from networkx unless said otherwise):

- ``degree``: number of people tied to the person; ``weighted_degree``: the sum of their ties'
  weights (joint contributions, or advice mentions).
- ``betweenness``: the share of shortest paths between other people that pass through the
  person (normalised to 0–1; paths count ties, not weights).
- ``closeness``: how near the person is to everyone they can reach (Wasserman and Faust's
  version, which scales down people in small components; ties count as distance 1).
- ``constraint`` and ``effective_size``: Burt's structural-holes measures (Burt 1992, *Structural
  Holes*), with tie weights as tie strength. Low constraint and a large effective size mark a
  broker whose contacts are not tied to each other. Both are undefined (NaN) for an isolated
  person.
- ``community``: a numbered group from Louvain modularity optimisation with a fixed seed, so the
  same data always give the same groups (1 is the largest).
- brokerage roles (Gould and Fernandez 1989, *Sociological Methodology* 19): for each pair of
  the person's contacts who are not tied to each other, the roles of the three people decide
  the kind of brokerage: ``coordinator`` (all in one role), ``itinerant`` (the two contacts
  share a role the broker does not), ``gatekeeper_representative`` (the broker shares a role
  with one contact only; in an undirected network gatekeeper and representative cannot be told
  apart) and ``liaison`` (three different roles).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from .build import stage_networks

__all__ = [
    "MEASURES",
    "brokerage_roles",
    "communities",
    "leadership_by_stage",
    "leadership_moves",
    "node_measures",
]

MEASURES = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "constraint",
    "effective_size",
)
BROKERAGE = ("coordinator", "itinerant", "gatekeeper_representative", "liaison")


def _check_graph(graph: Any) -> nx.Graph:
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise TypeError(
            "expected an undirected networkx Graph (as made by contribution_network or "
            f"advice_network), got {type(graph).__name__}"
        )
    return graph


def _role(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("role", "not recorded"))


def communities(graph: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> dict:
    """Person -> community number (1 = the largest), by Louvain with a fixed seed.

    Ties in size are ordered by the community's first member in sorted order, so the numbers
    depend only on the data and the seed.
    """
    _check_graph(graph)
    if graph.number_of_nodes() == 0:
        return {}
    groups = nx.community.louvain_communities(graph, weight=weight, seed=seed)
    groups = sorted(groups, key=lambda g: (-len(g), min(str(n) for n in g)))
    return {node: number for number, group in enumerate(groups, start=1) for node in group}


def brokerage_roles(graph: nx.Graph, group: str = "role") -> pd.DataFrame:
    """Gould–Fernandez brokerage counts per person (see the module docstring).

    ``group`` names the node attribute that defines the groups (``role`` by default, or for
    example ``hospital``). ``brokerage`` is the total: the number of pairs of the person's
    contacts who are not tied to each other.
    """
    _check_graph(graph)
    rows = []
    for node in graph.nodes:
        own = graph.nodes[node].get(group)
        counts = dict.fromkeys(BROKERAGE, 0)
        for a, b in combinations(sorted(graph.neighbors(node), key=str), 2):
            if graph.has_edge(a, b):
                continue
            ga, gb = graph.nodes[a].get(group), graph.nodes[b].get(group)
            if ga == gb == own:
                counts["coordinator"] += 1
            elif ga == gb:
                counts["itinerant"] += 1
            elif own in (ga, gb):
                counts["gatekeeper_representative"] += 1
            else:
                counts["liaison"] += 1
        rows.append({"person": node, **counts, "brokerage": sum(counts.values())})
    return pd.DataFrame(rows, columns=["person", *BROKERAGE, "brokerage"])


def node_measures(
    graph: nx.Graph, *, seed: int = 0, weight: str | None = "weight", group: str = "role"
) -> pd.DataFrame:
    """One row per person: ``person``, ``role``, the :data:`MEASURES`, ``community`` and the
    brokerage counts. ``weight`` names the edge attribute used as tie strength (``None`` to
    treat every tie alike); ``seed`` fixes the community detection."""
    _check_graph(graph)
    nodes = list(graph.nodes)
    if not nodes:
        columns = ["person", "role", *MEASURES, "community", *BROKERAGE, "brokerage"]
        return pd.DataFrame(columns=columns)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    closeness = nx.closeness_centrality(graph)
    constraint = nx.constraint(graph, weight=weight)
    effective = nx.effective_size(graph, weight=weight)
    community = communities(graph, seed=seed, weight=weight)
    table = pd.DataFrame(
        {
            "person": nodes,
            "role": [_role(graph, n) for n in nodes],
            "degree": [graph.degree(n) for n in nodes],
            "weighted_degree": [graph.degree(n, weight=weight) for n in nodes],
            "betweenness": [betweenness[n] for n in nodes],
            "closeness": [closeness[n] for n in nodes],
            "constraint": [float(constraint[n]) for n in nodes],
            "effective_size": [float(effective[n]) for n in nodes],
            "community": [community[n] for n in nodes],
        }
    )
    return table.merge(brokerage_roles(graph, group), on="person", how="left")


def _ranked(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    # Highest first; equal values in name order, so the ranking never depends on row order.
    return table.assign(_name=table["person"].astype(str)).sort_values(
        [measure, "_name"], ascending=[False, True], kind="mergesort"
    )


def leadership_by_stage(
    table: pd.DataFrame,
    stages: list[str] | None = None,
    *,
    measure: str = "weighted_degree",
    top: int = 3,
) -> pd.DataFrame:
    """The most central people at each stage of a piece of work.

    Each stage's network holds only the joint work done in that stage
    (:func:`~workbook.networks.build.stage_networks`). Returns ``stage``, ``rank`` (1 = most
    central), ``person``, ``role``, ``measure``, ``value`` and ``contributions`` (pieces of work
    the person took part in at that stage) and ``tied_with`` (how many others at that stage
    have exactly the same value: ranks among equals follow name order, so a lead shared with
    others should be read as shared), ``top`` rows per stage at most.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    if measure in ("constraint",):
        raise ValueError("measure 'constraint' ranks brokers lowest; choose effective_size")
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number of at least 1, got {top!r}")
    rows = []
    for stage, graph in stage_networks(table, stages).items():
        if graph.number_of_nodes() == 0:
            continue
        everyone = node_measures(graph)
        measures = _ranked(everyone, measure).head(top)
        for rank, record in enumerate(measures.itertuples(index=False), start=1):
            rows.append(
                {
                    "stage": stage,
                    "rank": rank,
                    "person": record.person,
                    "role": record.role,
                    "measure": measure,
                    "value": float(getattr(record, measure)),
                    "contributions": graph.nodes[record.person]["contributions"],
                    "tied_with": int((everyone[measure] == getattr(record, measure)).sum() - 1),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "stage",
            "rank",
            "person",
            "role",
            "measure",
            "value",
            "contributions",
            "tied_with",
        ],
    )


def leadership_moves(by_stage: pd.DataFrame) -> pd.DataFrame:
    """How leadership moves from stage to stage: the first-ranked person of each stage next to
    the next stage's, with ``same_person`` and ``same_role``.

    ``by_stage`` is the result of :func:`leadership_by_stage`.
    """
    missing = [c for c in ("stage", "rank", "person", "role") if c not in by_stage.columns]
    if missing:
        raise ValueError(
            f"leadership_moves: column {missing[0]!r} is missing; pass the result of "
            "leadership_by_stage"
        )
    leaders = by_stage[by_stage["rank"] == 1].reset_index(drop=True)
    rows = []
    for before, after in zip(
        leaders.iloc[:-1].itertuples(index=False),
        leaders.iloc[1:].itertuples(index=False),
        strict=True,
    ):
        rows.append(
            {
                "from_stage": before.stage,
                "to_stage": after.stage,
                "leader_before": before.person,
                "role_before": before.role,
                "leader_after": after.person,
                "role_after": after.role,
                "same_person": before.person == after.person,
                "same_role": before.role == after.role,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "from_stage",
            "to_stage",
            "leader_before",
            "role_before",
            "leader_after",
            "role_after",
            "same_person",
            "same_role",
        ],
    )
