"""What happens to a network if one person leaves, and could one leader have done it alone.

For every person, :func:`removal_impact` removes them and compares the rest of the network
with and without them, always over the same set of people (everyone else), so that removing
someone who had no ties changes nothing:

- ``pieces``: how many separate groups the person's own component falls into without them
  (0 for an isolated person, 1 when their group holds together, 2 or more for a cut vertex);
- ``components_after`` and ``largest_after``: the number of components, and the size of the
  largest, once they have gone;
- ``connected_pairs_before`` / ``connected_pairs_after``: the share of pairs of the other
  people who can reach each other, with and without the person; ``pairs_lost`` counts the
  pairs that could reach each other only through them;
- ``efficiency_before`` / ``efficiency_after``: the other people's global efficiency (the mean
  of 1 / shortest distance over their pairs, Latora and Marchiori 2001), and
  ``efficiency_loss``, the difference: how much longer the remaining routes become.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .build import contributions_table
from .measures import _check_graph, _role

__all__ = ["cut_vertices", "leader_shares", "removal_impact"]


def cut_vertices(graph: nx.Graph) -> list:
    """The people whose leaving would split their part of the network (articulation points),
    in sorted order."""
    _check_graph(graph)
    return sorted(nx.articulation_points(graph), key=str)


COLUMNS = (
    "person",
    "role",
    "cut_vertex",
    "pieces",
    "components_after",
    "largest_after",
    "connected_pairs_before",
    "connected_pairs_after",
    "pairs_lost",
    "efficiency_before",
    "efficiency_after",
    "efficiency_loss",
)


def _pair_stats(distances: np.ndarray) -> tuple[int, float]:
    """(connected pairs, sum of 1/distance) over the unordered pairs of a distance matrix."""
    upper = distances[np.triu_indices(len(distances), 1)]
    finite = np.isfinite(upper)
    return int(finite.sum()), float((1.0 / upper[finite]).sum())


def removal_impact(graph: nx.Graph) -> pd.DataFrame:
    """One row per person: what the rest of the network loses if they leave (see the module
    docstring for the columns). Sorted with the most damaging removals first."""
    _check_graph(graph)
    from scipy.sparse.csgraph import connected_components, shortest_path

    nodes = list(graph.nodes)
    if not nodes:
        return pd.DataFrame(columns=COLUMNS)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    full = shortest_path(adjacency, directed=False, unweighted=True)
    _, label = connected_components(adjacency, directed=False)
    cuts = set(nx.articulation_points(graph))
    rows = []
    for i, node in enumerate(nodes):
        keep = np.array([j for j in range(len(nodes)) if j != i], dtype=int)
        pairs = len(keep) * (len(keep) - 1) // 2
        rest = adjacency[keep][:, keep]
        after = shortest_path(rest, directed=False, unweighted=True)
        before_connected, before_inverse = _pair_stats(full[np.ix_(keep, keep)])
        after_connected, after_inverse = _pair_stats(after)
        count, label_after = connected_components(rest, directed=False)
        own = label[keep] == label[i]
        rows.append(
            {
                "person": node,
                "role": _role(graph, node),
                "cut_vertex": node in cuts,
                "pieces": len(set(label_after[own])),
                "components_after": int(count),
                "largest_after": int(np.bincount(label_after).max()) if len(keep) else 0,
                "connected_pairs_before": before_connected / pairs if pairs else 1.0,
                "connected_pairs_after": after_connected / pairs if pairs else 1.0,
                "pairs_lost": before_connected - after_connected,
                "efficiency_before": before_inverse / pairs if pairs else 0.0,
                "efficiency_after": after_inverse / pairs if pairs else 0.0,
                "efficiency_loss": (before_inverse - after_inverse) / pairs if pairs else 0.0,
            }
        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["_name"] = table["person"].astype(str)
    table = table.sort_values(
        ["pairs_lost", "efficiency_loss", "_name"], ascending=[False, False, True], kind="mergesort"
    )
    return table.drop(columns="_name").reset_index(drop=True)


def leader_shares(table: pd.DataFrame, stages: list[str] | None = None) -> pd.DataFrame:
    """Could any one person have done it alone? One row per person, most involved first.

    From a contribution table (see :mod:`workbook.networks.build`): ``contributions`` (pieces
    of joint or solo work the person took part in) and ``share_of_contributions``;
    ``stages_present`` and ``share_of_stages``; ``ties`` (different people they worked with)
    and ``share_of_people`` (of everyone else); ``work_without`` (pieces of work in which they
    took no part). A person with a share of 1 everywhere would have been everywhere; anything
    less is work that happened without them.
    """
    from .build import _groups

    tidy = contributions_table(table, stages)
    groups = _groups(tidy)
    stage_order = list(tidy["stage"].cat.categories)
    people = sorted(set(tidy["person"]))
    roles = dict(zip(tidy["person"], tidy["role"], strict=True))
    rows = []
    for person in people:
        mine = [g for g in groups if person in g[2]]
        partners = {p for g in mine for p in g[2]} - {person}
        stages_in = {g[0] for g in mine}
        rows.append(
            {
                "person": person,
                "role": roles[person],
                "contributions": len(mine),
                "share_of_contributions": len(mine) / len(groups),
                "stages_present": len(stages_in),
                "share_of_stages": len(stages_in) / len(stage_order),
                "ties": len(partners),
                "share_of_people": len(partners) / (len(people) - 1) if len(people) > 1 else 0.0,
                "work_without": len(groups) - len(mine),
            }
        )
    out = pd.DataFrame(rows)
    out = out.sort_values(
        ["contributions", "ties", "person"], ascending=[False, False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)
