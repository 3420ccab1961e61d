"""Measures against networkx on known small graphs, and against values worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from workbook.networks import (
    brokerage_roles,
    communities,
    leadership_by_stage,
    leadership_moves,
    node_measures,
)


@pytest.mark.parametrize("name", ["star", "path", "bridge"])
def test_measures_agree_with_networkx(request, name):
    graph = request.getfixturevalue(name)
    table = node_measures(graph).set_index("person")
    expected = {
        "degree": dict(graph.degree()),
        "betweenness": nx.betweenness_centrality(graph, normalized=True),
        "closeness": nx.closeness_centrality(graph),
        "constraint": nx.constraint(graph),
        "effective_size": nx.effective_size(graph),
    }
    for column, values in expected.items():
        for node, value in values.items():
            assert table.loc[node, column] == pytest.approx(value), (column, node)


def test_star_by_hand(star):
    """Burt's constraint of i is the sum over contacts j of (p_ij + sum_q p_iq p_qj)^2, where
    p_ij is the share of i's ties that go to j.

    Hub with 4 contacts: p = 1/4 for each; the contacts are not tied to each other, so every
    indirect term p_iq p_qj is 0. Constraint = 4 x (1/4)^2 = 1/4 = 0.25.
    A leaf: one contact (the hub), p = 1, no indirect path: constraint = 1^2 = 1.
    Effective size (Burt: n - 2t/n, t = ties among the contacts): hub 4 - 0 = 4; leaf 1.
    Betweenness of the hub: all 6 pairs of leaves pass through it; normalised by the
    (n-1)(n-2)/2 = 6 pairs not involving it: 6/6 = 1. Closeness of the hub: 4 / (1+1+1+1) = 1;
    of a leaf: 4 / (1+2+2+2) = 4/7.
    """
    table = node_measures(star).set_index("person")
    assert table.loc["hub", "constraint"] == pytest.approx(0.25)
    assert table.loc["a", "constraint"] == pytest.approx(1.0)
    assert table.loc["hub", "effective_size"] == pytest.approx(4.0)
    assert table.loc["a", "effective_size"] == pytest.approx(1.0)
    assert table.loc["hub", "betweenness"] == pytest.approx(1.0)
    assert table.loc["a", "betweenness"] == 0
    assert table.loc["hub", "closeness"] == pytest.approx(1.0)
    assert table.loc["a", "closeness"] == pytest.approx(4 / 7)


def test_triangle_by_hand():
    """In a triangle each person has p = 1/2 to each contact, and one indirect path through
    the third person worth 1/2 x 1/2 = 1/4: each local constraint is (1/2 + 1/4)^2 = 9/16 and
    the constraint is 2 x 9/16 = 9/8 = 1.125. Effective size: 2 - 2 x 1 / 2 = 1."""
    graph = nx.complete_graph(["x", "y", "z"])
    table = node_measures(graph).set_index("person")
    assert table.loc["x", "constraint"] == pytest.approx(9 / 8)
    assert table.loc["x", "effective_size"] == pytest.approx(1.0)


def test_bridge_by_hand(bridge):
    """Node 2 (in triangle 0-1-2, tied to 3): p = 1/3 to each of 0, 1 and 3.
    To 0: 1/3 + p_21 p_10 = 1/3 + 1/3 x 1/2 = 1/2, squared 1/4; the same for 1;
    to 3: 1/3 (no shared contact), squared 1/9. Constraint = 1/4 + 1/4 + 1/9 = 11/18.
    Effective size: 3 contacts, 1 tie among them (0-1): 3 - 2 x 1 / 3 = 7/3.
    Betweenness: the 6 pairs between {0, 1} and {3, 4, 5} pass through 2, out of the
    5 x 4 / 2 = 10 pairs not involving it: 0.6.
    Brokerage with roles A = {0, 1, 2}, B = {3, 4, 5}: node 2's open pairs are (0, 3) and
    (1, 3), each with one contact in its own role: two gatekeeper/representative pairs."""
    table = node_measures(bridge).set_index("person")
    assert table.loc[2, "constraint"] == pytest.approx(11 / 18)
    assert table.loc[2, "effective_size"] == pytest.approx(7 / 3)
    assert table.loc[2, "betweenness"] == pytest.approx(0.6)
    assert table.loc[0, "betweenness"] == 0
    assert table.loc[2, "gatekeeper_representative"] == 2
    assert table.loc[2, "brokerage"] == 2
    assert table.loc[0, "brokerage"] == 0
    assert table.loc[2, "community"] != table.loc[3, "community"]
    assert table.loc[0, "community"] == table.loc[1, "community"] == table.loc[2, "community"]


def test_each_brokerage_role_is_recognised():
    # b brokers between pairs of contacts who are not tied; roles decide the kind.
    graph = nx.Graph([("b", "x1"), ("b", "x2"), ("b", "y1"), ("b", "y2"), ("b", "z")])
    roles = {"b": "X", "x1": "X", "x2": "X", "y1": "Y", "y2": "Y", "z": "Z"}
    nx.set_node_attributes(graph, roles, "role")
    counts = brokerage_roles(graph).set_index("person").loc["b"]
    assert counts["coordinator"] == 1  # x1-x2
    assert counts["itinerant"] == 1  # y1-y2
    assert counts["gatekeeper_representative"] == 6  # x1 or x2 with y1, y2 or z
    assert counts["liaison"] == 2  # y1-z, y2-z
    assert counts["brokerage"] == math.comb(5, 2)


def test_isolated_people_have_undefined_brokerage_measures():
    graph = nx.Graph([("a", "b")])
    graph.add_node("alone", role="nurse")
    table = node_measures(graph).set_index("person")
    assert math.isnan(table.loc["alone", "constraint"])
    assert table.loc["alone", "degree"] == 0
    assert table.loc["a", "role"] == "not recorded"


def test_communities_are_the_same_every_time_and_numbered_by_size(bridge):
    bridge.add_edge(5, 6)
    first = communities(bridge, seed=3)
    assert first == communities(bridge, seed=3)
    sizes = [list(first.values()).count(c) for c in sorted(set(first.values()))]
    assert sizes == sorted(sizes, reverse=True)


def test_weighted_degree_uses_joint_contributions(contributions):
    from workbook.networks import contribution_network

    table = node_measures(contribution_network(contributions)).set_index("person")
    assert table.loc["Cat", "degree"] == 2  # Bob and Dan
    assert table.loc["Cat", "weighted_degree"] == 3  # Bob once, Dan twice


def test_leadership_moves_between_people_and_roles(contributions):
    by_stage = leadership_by_stage(contributions, top=2)
    leaders = by_stage[by_stage["rank"] == 1].set_index("stage")["person"].to_dict()
    # noticed: Ann and Bob tie (one joint piece each): name order. proposal: Bob, Cat and Dan
    # worked together once (2 each). pilot: Cat and Dan tie, Eve worked alone. spread: Ann and
    # Eve tie; Cat's board report was solo.
    assert leaders == {"noticed": "Ann", "proposal": "Bob", "pilot": "Cat", "spread": "Ann"}
    assert by_stage.groupby("stage", observed=True).size().max() == 2
    # Every stage's lead here is shared: the table says so rather than crowning one person.
    firsts = by_stage[by_stage["rank"] == 1].set_index("stage")["tied_with"].to_dict()
    assert firsts == {"noticed": 1, "proposal": 2, "pilot": 1, "spread": 1}
    moves = leadership_moves(by_stage)
    assert list(moves["role_after"]) == ["consultant", "manager", "nurse"]
    assert not moves["same_person"].any()


def test_leadership_rejects_an_unknown_measure(contributions):
    with pytest.raises(ValueError, match="measure 'fame' is not one of"):
        leadership_by_stage(contributions, measure="fame")


def test_a_directed_graph_is_refused_with_a_reason():
    with pytest.raises(TypeError, match="undirected networkx Graph"):
        node_measures(nx.DiGraph([(1, 2)]))


def test_weighted_structural_holes_agree_with_networkx(contributions):
    from workbook.networks import contribution_network

    graph = contribution_network(contributions)
    table = node_measures(graph).set_index("person")
    for node, value in nx.constraint(graph, weight="weight").items():
        assert table.loc[node, "constraint"] == pytest.approx(value)
    for node, value in nx.effective_size(graph, weight="weight").items():
        assert table.loc[node, "effective_size"] == pytest.approx(value)
    # The weights matter: Cat's twice-repeated work with Dan constrains her more.
    unweighted = node_measures(graph, weight=None).set_index("person")
    assert table.loc["Cat", "constraint"] != pytest.approx(unweighted.loc["Cat", "constraint"])
