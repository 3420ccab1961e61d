"""Network drawings that read on a phone and in print: the whole network, and stage by stage.

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

from .build import contribution_network, stage_networks
from .measures import MEASURES, _check_graph, _role, leadership_by_stage, node_measures

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "draw_network",
    "draw_stage_panels",
    "network_alt_text",
    "network_layout",
    "role_styles",
    "stage_panels_alt_text",
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


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
    # A little more room than the default (k = 1/sqrt(n)) so that labels overlap less.
    spacing = 1.6 / math.sqrt(canonical.number_of_nodes())
    pos = nx.spring_layout(canonical, seed=seed, weight=None, k=spacing, iterations=100)
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
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=(7.0, 7.5), layout="constrained")
        ax = fig.add_subplot()
    if measures is None:
        measures = node_measures(graph)
    pos = network_layout(graph, seed=seed) if pos is None else pos
    sizes = _sizes(measures.set_index("person")[size_by])
    styles = role_styles(_role(graph, n) for n in graph.nodes)
    _draw_graph(ax, graph, pos, sizes, styles, highlight=highlight, labels=labels)
    _role_legend(ax, styles, f"Role (marker size: {size_by.replace('_', ' ')})")
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax.figure


def _draw_graph(
    ax: Any,
    graph: nx.Graph,
    pos: dict,
    sizes: pd.Series,
    styles: dict,
    *,
    highlight: Any = (),
    labels: bool = True,
) -> None:
    from matplotlib import patheffects

    for a, b, data in graph.edges(data=True):
        width = 0.6 + 0.8 * min(float(data.get("weight", 1)), 5.0)
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="#8c8c8c", lw=width, zorder=1)
    ringed = set(highlight)
    for role, (colour, marker) in styles.items():
        people = [n for n in graph.nodes if _role(graph, n) == role]
        if not people:
            continue
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
    ax.set_axis_off()
    ax.margins(0.12)


def _role_legend(target: Any, styles: dict, title: str) -> None:
    """A legend of role shapes and colours below ``target`` (an Axes or a Figure)."""
    from matplotlib.lines import Line2D

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
    target.legend(
        handles=handles,
        title=title,
        loc="upper center" if hasattr(target, "plot") else "outside lower center",
        bbox_to_anchor=(0.5, -0.02) if hasattr(target, "plot") else None,
        ncol=min(3, max(1, len(handles))),
        frameon=False,
        fontsize=9,
    )


def draw_stage_panels(
    table: pd.DataFrame,
    stages: list[str] | None = None,
    *,
    size_by: str = "weighted_degree",
    seed: int = 0,
    ncols: int = 2,
) -> Any:
    """The contribution network stage by stage: one panel per stage, everyone in the same place
    in every panel (the layout of the whole network), the people who contributed at that stage
    drawn in their role's shape and colour with their names and that stage's ties, everyone
    else as a faint outline. Marker size is ``size_by`` within the stage. Returns the Figure;
    :func:`stage_panels_alt_text` describes it."""
    if size_by not in MEASURES:
        raise ValueError(f"size_by {size_by!r} is not one of {', '.join(MEASURES)}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a whole number, at least 1, got {ncols!r}")
    from matplotlib.figure import Figure

    whole = contribution_network(table, stages)
    by_stage = stage_networks(table, stages)
    pos = network_layout(whole, seed=seed)
    styles = role_styles(_role(whole, n) for n in whole.nodes)
    rows = math.ceil(len(by_stage) / ncols)
    fig = Figure(figsize=(3.6 * ncols, 3.6 * rows + 1.0), layout="constrained")
    axes = fig.subplots(rows, ncols, squeeze=False).ravel()
    for ax, (stage, graph) in zip(axes, by_stage.items(), strict=False):
        absent = [n for n in whole.nodes if n not in graph]
        for role, (_, marker) in styles.items():
            people = [n for n in absent if _role(whole, n) == role]
            ax.scatter(
                [pos[n][0] for n in people],
                [pos[n][1] for n in people],
                s=60,
                marker=marker,
                facecolors="none",
                edgecolors="#bdbdbd",
                linewidths=0.8,
                zorder=1,
            )
        if graph.number_of_nodes():
            sizes = _sizes(node_measures(graph).set_index("person")[size_by], 90.0, 500.0)
            _draw_graph(ax, graph, pos, sizes, styles)
        ax.set_axis_off()
        people, ties = graph.number_of_nodes(), graph.number_of_edges()
        ax.set_title(
            f"{stage}: {_count(people, 'person', 'people')}, {_count(ties, 'tie')}",
            loc="left",
            fontsize=10,
        )
    for ax in axes[len(by_stage) :]:
        ax.set_visible(False)
    _role_legend(fig, styles, f"Role (marker size: {size_by.replace('_', ' ')} in the stage)")
    return fig


def stage_panels_alt_text(
    table: pd.DataFrame, stages: list[str] | None = None, *, size_by: str = "weighted_degree"
) -> str:
    """A description of :func:`draw_stage_panels`: per stage, how many people of which roles
    took part and who was most central."""
    by_stage = stage_networks(table, stages)
    leaders = leadership_by_stage(table, stages, measure=size_by, top=1).set_index("stage")
    parts = []
    for stage, graph in by_stage.items():
        if graph.number_of_nodes() == 0:
            parts.append(f"{stage}: nobody")
            continue
        roles = Counter(_role(graph, n) for n in graph.nodes)
        role_text = ", ".join(f"{r} {roles[r]}" for r in sorted(roles, key=_order))
        lead = leaders.loc[stage]
        shared = int(lead["tied_with"])
        jointly = f" jointly with {_count(shared, 'other')}" if shared else ""
        parts.append(
            f"{stage}: {_count(graph.number_of_nodes(), 'person', 'people')} ({role_text}), "
            f"most central {lead['person']} ({lead['role']}){jointly}"
        )
    measure = size_by.replace("_", " ")
    return (
        f"{len(by_stage)} panels, one per stage, with everyone in the same place in each; "
        "people who contributed at that stage are drawn in their role's shape and colour and "
        f"named, the rest as faint outlines; marker size shows {measure} within the stage. "
        f"{'; '.join(parts)}."
    )


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
    highest = float(ranked[size_by].max()) if len(ranked) else 0.0
    cuts = sorted(nx.articulation_points(graph), key=str)
    measure = size_by.replace("_", " ")
    text = (
        f"Network drawing of {n} {'person' if n == 1 else 'people'} in {len(roles)} "
        f"{'role' if len(roles) == 1 else 'roles'} ({role_text}) with {ties} "
        f"{'tie' if ties == 1 else 'ties'}, in {groups}. Each role has its own "
        f"{'marker shape and colour' if len(roles) <= len(MARKERS) else 'pair of marker shape and colour'}; "
        f"larger markers mean higher {measure}. "
    )
    if highest > 0:
        text += f"Highest {measure}: {_people_list(leaders)}. "
    else:
        text += f"Nobody stands out on {measure}: it is 0 for everyone. "
    if cuts:
        names = ", ".join(str(c) for c in cuts)
        text += f"People whose leaving would split the network: {names}."
    else:
        text += "No single person's leaving would split the network."
    return text
