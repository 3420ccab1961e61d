"""Network drawings and role-by-stage charts that read on a phone and in print.

Role is shown by marker **shape** and colour together (the Okabe–Ito palette, distinguishable
with the common forms of colour blindness), so a greyscale print or a reader who cannot tell
the colours apart still sees the roles; every node is labelled with the person's name; node
size shows a chosen measure. Layouts are seeded and computed on a copy of the graph with its
people and ties in sorted order, so the same data always give the same picture. Each picture
has an alt-text function saying what it shows. matplotlib is imported only when drawing.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

from .measures import MEASURES, _check_graph, _role, node_measures

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "draw_network",
    "draw_role_by_stage",
    "network_alt_text",
    "network_layout",
    "role_by_stage_alt_text",
    "role_styles",
]

# Okabe & Ito's colour-blind-safe palette (black last: it is reserved for outlines and text).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
# Nine shapes: with eight colours the (colour, shape) pairs stay distinct for 72 roles.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h", "*")


def _order(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def _join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def role_styles(roles: Any) -> dict[str, tuple[str, str]]:
    """Role -> (colour, marker), roles in sorted order; the same roles always get the same
    style, and no two roles share both."""
    ordered = sorted({str(r) for r in roles}, key=_order)
    return {
        role: (OKABE_ITO[i % len(OKABE_ITO)], MARKERS[i % len(MARKERS)])
        for i, role in enumerate(ordered)
    }


def network_layout(graph: nx.Graph, *, seed: int = 0) -> dict:
    """Person -> (x, y), from a seeded spring layout of the graph with its people and ties in
    sorted order: the same data (in any row order) give the same positions."""
    _check_graph(graph)
    canonical = nx.Graph()
    canonical.add_nodes_from(sorted(graph.nodes, key=str))
    canonical.add_edges_from(sorted((tuple(sorted(e, key=str)) for e in graph.edges), key=str))
    if canonical.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(canonical, seed=seed, weight=None)
    return {node: (round(float(x), 6), round(float(y), 6)) for node, (x, y) in pos.items()}


def _sizes(values: pd.Series, smallest: float = 120.0, largest: float = 900.0) -> pd.Series:
    values = values.astype(float).fillna(0.0)
    span = values.max() - values.min()
    if span <= 0:
        return pd.Series(smallest + (largest - smallest) / 3, index=values.index)
    return smallest + (largest - smallest) * (values - values.min()) / span


def draw_network(
    graph: nx.Graph,
    *,
    size_by: str = "betweenness",
    measures: pd.DataFrame | None = None,
    pos: dict | None = None,
    seed: int = 0,
    ax: Any = None,
    labels: bool = True,
    highlight: Any = (),
    title: str | None = None,
) -> Any:
    """Draw the network and return the matplotlib Figure.

    ``size_by`` is one of the measures of :func:`~workbook.networks.measures.node_measures`
    (``measures`` may pass them in, to avoid computing them twice). ``highlight`` names people
    to ring in black (for example the seeds of a diffusion run). ``pos`` defaults to
    :func:`network_layout` with ``seed``.
    """
    _check_graph(graph)
    if size_by not in MEASURES:
        raise ValueError(f"size_by {size_by!r} is not one of {', '.join(MEASURES)}")
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if ax is None:
        fig = Figure(figsize=(7.0, 7.5), layout="constrained")
        ax = fig.add_subplot()
    if measures is None:
        measures = node_measures(graph)
    pos = network_layout(graph, seed=seed) if pos is None else pos
    sizes = _sizes(measures.set_index("person")[size_by])
    styles = role_styles(_role(graph, n) for n in graph.nodes)
    for a, b, data in graph.edges(data=True):
        width = 0.6 + 0.8 * min(float(data.get("weight", 1)), 5.0)
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="#8c8c8c", lw=width, zorder=1)
    ringed = set(highlight)
    for role, (colour, marker) in styles.items():
        people = [n for n in graph.nodes if _role(graph, n) == role]
        ax.scatter(
            [pos[n][0] for n in people],
            [pos[n][1] for n in people],
            s=[sizes[n] for n in people],
            c=colour,
            marker=marker,
            edgecolors=["black" if n in ringed else "#333333" for n in people],
            linewidths=[2.5 if n in ringed else 0.8 for n in people],
            zorder=2,
        )
    if labels:
        halo = [patheffects.withStroke(linewidth=3, foreground="white")]
        for node in graph.nodes:
            ax.annotate(
                str(node),
                pos[node],
                xytext=(0, math.sqrt(sizes[node]) / 2 + 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                zorder=3,
                path_effects=halo,
            )
    handles = [
        Line2D(
            [],
            [],
            ls="none",
            marker=m,
            markersize=9,
            markerfacecolor=c,
            markeredgecolor="#333333",
            label=role,
        )
        for role, (c, m) in styles.items()
    ]
    ax.legend(
        handles=handles,
        title=f"Role (marker size: {size_by.replace('_', ' ')})",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=min(3, max(1, len(handles))),
        frameon=False,
        fontsize=9,
    )
    ax.set_axis_off()
    ax.margins(0.12)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax.figure


def _people_list(records: list[tuple[str, str]]) -> str:
    return _join([f"{name} ({role})" for name, role in records])


def network_alt_text(
    graph: nx.Graph,
    *,
    size_by: str = "betweenness",
    measures: pd.DataFrame | None = None,
    top: int = 3,
) -> str:
    """A description of :func:`draw_network`'s picture: how many people and ties, the roles,
    the most central people by ``size_by``, the components and the cut vertices."""
    _check_graph(graph)
    n, ties = graph.number_of_nodes(), graph.number_of_edges()
    if n == 0:
        return "Network drawing with no people."
    if measures is None:
        measures = node_measures(graph)
    roles = Counter(_role(graph, v) for v in graph.nodes)
    role_text = ", ".join(f"{r} {roles[r]}" for r in sorted(roles, key=_order))
    parts = nx.number_connected_components(graph)
    groups = "one connected group" if parts == 1 else f"{parts} separate groups"
    ranked = measures.assign(_name=measures["person"].astype(str)).sort_values(
        [size_by, "_name"], ascending=[False, True], kind="mergesort"
    )
    leaders = [(str(r.person), str(r.role)) for r in ranked.head(top).itertuples(index=False)]
    cuts = sorted(nx.articulation_points(graph), key=str)
    measure = size_by.replace("_", " ")
    text = (
        f"Network drawing of {n} {'person' if n == 1 else 'people'} in {len(roles)} "
        f"{'role' if len(roles) == 1 else 'roles'} ({role_text}) with {ties} "
        f"{'tie' if ties == 1 else 'ties'}, in {groups}. Each role has its own marker shape "
        f"and colour; larger markers mean higher {measure}. "
        f"Highest {measure}: {_people_list(leaders)}. "
    )
    if cuts:
        names = ", ".join(str(c) for c in cuts)
        text += f"People whose leaving would split the network: {names}."
    else:
        text += "No single person's leaving would split the network."
    return text


def _check_summary(summary: pd.DataFrame, value: str) -> None:
    missing = [c for c in ("role", "stage", value) if c not in summary.columns]
    if missing:
        raise ValueError(
            f"role-by-stage chart: column {missing[0]!r} is missing; pass the result of "
            "role_by_stage"
        )


def _stage_order(summary: pd.DataFrame) -> list:
    if isinstance(summary["stage"].dtype, pd.CategoricalDtype):
        return list(summary["stage"].cat.categories)
    return list(dict.fromkeys(summary["stage"]))


def draw_role_by_stage(
    summary: pd.DataFrame,
    *,
    value: str = "contributions",
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """A dot chart of :func:`~workbook.networks.build.role_by_stage`: roles down the side,
    stages along the bottom, dot area proportional to ``value`` and the number printed beside
    each dot (so nothing depends on reading colour or estimating area). Returns the Figure."""
    _check_summary(summary, value)
    from matplotlib.figure import Figure

    stages = _stage_order(summary)
    roles = sorted({str(r) for r in summary["role"]}, key=_order, reverse=True)
    if ax is None:
        fig = Figure(figsize=(7.0, 0.9 + 0.45 * len(roles)), layout="constrained")
        ax = fig.add_subplot()
    biggest = max(float(summary[value].max()), 1.0)
    for record in summary.itertuples(index=False):
        x, y = stages.index(record.stage), roles.index(str(record.role))
        amount = float(getattr(record, value))
        if amount <= 0:
            ax.plot(x, y, marker="_", color="#8c8c8c", ms=8)
            continue
        area = 40 + 360 * amount / biggest
        ax.scatter(x, y, s=area, color="#0072B2", edgecolors="#333333")
        ax.annotate(
            f"{amount:g}",
            (x, y),
            xytext=(math.sqrt(area) / 2 + 3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_xticks(range(len(stages)), [str(s) for s in stages], rotation=20, ha="right")
    ax.set_yticks(range(len(roles)), roles)
    ax.set_xlim(-0.5, len(stages) - 0.3)
    ax.set_ylim(-0.7, len(roles) - 0.3)
    ax.grid(color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(
        title or f"{value.replace('_', ' ').capitalize()} by role and stage",
        loc="left",
        fontsize=11,
    )
    return ax.figure


def role_by_stage_alt_text(summary: pd.DataFrame, *, value: str = "contributions") -> str:
    """A description of :func:`draw_role_by_stage`'s chart: its layout, the leading role at
    each stage and each role's total."""
    _check_summary(summary, value)
    stages = _stage_order(summary)
    roles = sorted({str(r) for r in summary["role"]}, key=_order)
    measure = value.replace("_", " ")
    leads = []
    for stage in stages:
        rows = summary[summary["stage"] == stage]
        best = rows[value].max() if len(rows) else 0
        if not best or best <= 0:
            leads.append(f"{stage}: none")
            continue
        names = sorted((str(r) for r in rows.loc[rows[value] == best, "role"]), key=_order)
        leads.append(f"{stage}: {_join(names)} ({best:g})")
    totals = summary.groupby("role", observed=True)[value].sum()
    total_text = ", ".join(f"{r} {totals.get(r, 0):g}" for r in roles)
    return (
        f"Dot chart of {measure} by role (rows, {len(roles)} roles) and stage (columns, "
        f"{len(stages)} stages); dot area and the printed number give the count. "
        f"Most {measure} at each stage: {'; '.join(leads)}. "
        f"Totals by role: {total_text}."
    )
