"""Drawings: the same data give the same layout; roles by shape and colour; alt text says
what the picture shows."""

from __future__ import annotations

import networkx as nx
import pytest

from workbook.networks import (
    contribution_network,
    draw_network,
    draw_role_by_stage,
    network_alt_text,
    network_layout,
    role_by_stage,
    role_by_stage_alt_text,
    role_styles,
)


def test_same_data_same_layout_whatever_the_row_order(contributions):
    a = contribution_network(contributions)
    b = contribution_network(contributions.iloc[::-1], stages=a.graph["stages"])
    assert network_layout(a) == network_layout(b)
    assert network_layout(a, seed=1) == network_layout(a, seed=1)
    assert network_layout(a, seed=1) != network_layout(a, seed=2)


def test_same_graph_built_in_another_order_gets_the_same_positions():
    one = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 1), (1, 5)])
    other = nx.Graph([(5, 1), (4, 1), (3, 4), (3, 2), (2, 1)])
    assert network_layout(one) == network_layout(other)


def test_every_role_has_its_own_shape_and_colour_pair():
    roles = [f"role {i}" for i in range(20)]
    styles = role_styles(roles)
    assert len(set(styles.values())) == 20
    # With up to nine roles every role also has its own shape, so colour is never needed.
    assert len({m for _, m in role_styles(roles[:9]).values()}) == 9
    assert role_styles(["b", "a"]) == role_styles(["a", "b", "a"])


def test_drawing_shows_every_person_with_a_label_and_a_legend_of_roles(contributions):
    graph = contribution_network(contributions)
    fig = draw_network(graph, size_by="degree", highlight=["Ann"])
    ax = fig.axes[0]
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == sorted(graph.nodes)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["consultant", "IT", "manager", "nurse", "patient"]
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == graph.number_of_nodes()


def test_drawing_rejects_an_unknown_size_measure(contributions):
    with pytest.raises(ValueError, match="size_by 'fame'"):
        draw_network(contribution_network(contributions), size_by="fame")


def test_network_alt_text_states_people_roles_leaders_and_cut_vertices(bridge):
    text = network_alt_text(bridge)
    assert "6 people in 2 roles (A 3, B 3) with 7 ties, in one connected group" in text
    assert "Highest betweenness: 2 (A), 3 (B) and 0 (A)" in text
    assert "would split the network: 2, 3" in text
    bridge.add_node("x", role="B")
    assert "in 2 separate groups" in network_alt_text(bridge)


def test_alt_text_without_cut_vertices_says_so():
    graph = nx.complete_graph(4)
    text = network_alt_text(graph)
    assert "No single person's leaving would split the network." in text
    # In a complete network nobody lies between others: the text does not pick "leaders".
    assert "Nobody stands out on betweenness: it is 0 for everyone." in text
    assert "Highest" not in text


def test_role_by_stage_chart_and_alt_text(contributions):
    summary = role_by_stage(contributions)
    fig = draw_role_by_stage(summary)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "noticed",
        "proposal",
        "pilot",
        "spread",
    ]
    numbers = sorted(float(t.get_text()) for t in ax.texts)
    assert numbers == sorted(float(v) for v in summary["contributions"])  # zeros printed too
    text = role_by_stage_alt_text(summary)
    assert "5 roles" in text and "4 stages" in text
    assert "pilot: IT, manager and patient (1)" in text
    assert "manager 3" in text


def test_role_by_stage_chart_needs_the_summary_columns(contributions):
    with pytest.raises(ValueError, match="column 'role' is missing"):
        draw_role_by_stage(role_by_stage(contributions).drop(columns="role"))


def test_stage_panels_keep_everyone_in_place_and_name_only_that_stages_people(contributions):
    from workbook.networks import draw_stage_panels, stage_panels_alt_text

    fig = draw_stage_panels(contributions, ncols=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4
    assert [ax.get_title(loc="left") for ax in visible] == [
        "noticed: 2 people, 1 tie",
        "proposal: 3 people, 3 ties",
        "pilot: 3 people, 1 tie",
        "spread: 3 people, 1 tie",
    ]
    assert sorted(t.get_text() for t in visible[2].texts) == ["Cat", "Dan", "Eve"]
    # Every panel shows all five people (named or faint) at the whole network's positions.
    pos = network_layout(contribution_network(contributions))
    for ax in visible:
        points = {tuple(round(v, 6) for v in xy) for c in ax.collections for xy in c.get_offsets()}
        assert points == set(pos.values())
    text = stage_panels_alt_text(contributions)
    assert text.startswith("4 panels, one per stage")
    assert (
        "pilot: 3 people (IT 1, manager 1, patient 1), most central Cat (manager) jointly "
        "with 1 other" in text
    )


def test_adoption_chart_has_a_panel_per_model_and_a_line_per_strategy():
    from workbook.networks import adoption_alt_text, compare_strategies, draw_adoption_curves

    graph = nx.connected_watts_strogatz_graph(20, 4, 0.1, seed=1)
    curves = compare_strategies(graph, ["degree", "spread"], replications=3, steps=5, seed=2)
    fig = draw_adoption_curves(curves)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Simple contagion",
        "Complex contagion",
    ]
    styles = {(line.get_linestyle(), line.get_marker()) for line in fig.axes[0].lines}
    assert len(styles) == 2  # told apart without colour
    text = adoption_alt_text(curves)
    assert "averaged over 3 runs, for 2 seeding strategies (degree and spread)" in text
    final = curves[curves["step"] == 5].groupby(["model", "strategy"])["share"].mean()
    assert f"degree {final[('simple', 'degree')]:.0%}" in text


def test_adoption_chart_needs_compare_strategies_output():
    import pandas as pd

    from workbook.networks import draw_adoption_curves

    with pytest.raises(ValueError, match="column 'strategy' is missing"):
        draw_adoption_curves(pd.DataFrame({"step": [0], "share": [0.1]}))


def test_alt_text_does_not_promise_a_shape_per_role_beyond_nine_roles():
    graph = nx.path_graph(10)
    nx.set_node_attributes(graph, {n: f"role {n}" for n in graph}, "role")
    assert "Each role has its own pair of marker shape and colour" in network_alt_text(graph)
    nine = graph.subgraph(range(9)).copy()
    assert "Each role has its own marker shape and colour" in network_alt_text(nine)
