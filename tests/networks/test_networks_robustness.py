"""What happens if one person leaves; cut vertices; could one leader have done it alone."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.networks import cut_vertices, leader_shares, removal_impact


def test_cut_vertices_agree_with_networkx(bridge, path, star):
    assert cut_vertices(bridge) == [2, 3]
    assert cut_vertices(path) == ["b", "c", "d"]
    assert cut_vertices(star) == ["hub"]
    assert cut_vertices(nx.cycle_graph(5)) == []


def test_removing_a_cut_vertex_splits_the_network(path):
    """Path a-b-c-d-e without c: {a, b} and {d, e}. Of the 6 pairs among a, b, d, e only a-b
    and d-e stay connected, so 4 pairs are lost. Efficiency among them before:
    (1 + 1/3 + 1/4 + 1/2 + 1/3 + 1) / 6 = 3.41667 / 6 = 0.56944; after: (1 + 1) / 6 = 1/3."""
    row = removal_impact(path).set_index("person").loc["c"]
    assert row["cut_vertex"]
    assert row["pieces"] == 2
    assert row["components_after"] == 2
    assert row["largest_after"] == 2
    assert row["pairs_lost"] == 4
    assert row["connected_pairs_before"] == 1.0
    assert row["connected_pairs_after"] == pytest.approx(1 / 3)
    assert row["efficiency_before"] == pytest.approx((1 + 1 / 3 + 1 / 4 + 1 / 2 + 1 / 3 + 1) / 6)
    assert row["efficiency_after"] == pytest.approx(1 / 3)


def test_removing_an_isolated_person_changes_nothing(bridge):
    bridge.add_node("alone", role="A")
    table = removal_impact(bridge).set_index("person")
    row = table.loc["alone"]
    assert not row["cut_vertex"]
    assert row["pieces"] == 0
    assert row["pairs_lost"] == 0
    assert row["efficiency_loss"] == 0
    assert row["connected_pairs_before"] == row["connected_pairs_after"]
    assert row["components_after"] == nx.number_connected_components(bridge) - 1
    assert row["largest_after"] == 6
    # And for everyone else the counts are the same with or without the isolated person.
    # (Shares such as efficiency_loss are not: they average over every pair of the others,
    # and the isolated person adds pairs that were never connected.)
    others = list(range(6))
    without = removal_impact(bridge.subgraph(others).copy()).set_index("person").loc[others]
    for column in ("pieces", "pairs_lost", "largest_after"):
        assert list(table.loc[others, column]) == list(without[column])
    assert list(table.loc[others, "components_after"] - 1) == list(without["components_after"])


def test_a_non_cut_vertex_leaves_the_group_whole_but_longer(bridge):
    row = removal_impact(bridge).set_index("person").loc[0]
    assert row["pieces"] == 1
    assert row["pairs_lost"] == 0
    # Without 0, node 1 still reaches 2 directly: no route gets longer, so no efficiency lost.
    assert row["efficiency_loss"] == pytest.approx(0.0)


def test_the_most_damaging_removal_comes_first(bridge):
    table = removal_impact(bridge)
    assert table.loc[0, "person"] in (2, 3)
    assert table.loc[0, "pairs_lost"] == 6  # {0, 1} x {3, 4, 5}


def test_leader_shares_show_work_done_without_the_top_person(contributions):
    table = leader_shares(contributions)
    top = table.iloc[0]
    # Six pieces of work (the concern is one joint piece recorded twice); Cat took part in the
    # business case, the form and the board report.
    assert top["person"] == "Cat"
    assert top["contributions"] == 3
    assert top["share_of_contributions"] == pytest.approx(3 / 6)
    assert top["work_without"] == 3
    assert top["share_of_stages"] == pytest.approx(3 / 4)
    assert top["ties"] == 2
    assert top["share_of_people"] == pytest.approx(2 / 4)
    assert (table["share_of_contributions"] < 1).all()


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 10))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(p for p, k in zip(pairs, keep, strict=True) if k)
    return graph


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_removal_impact_agrees_with_networkx_on_random_graphs(graph):
    table = removal_impact(graph).set_index("person")
    assert len(table) == graph.number_of_nodes()
    for node in graph.nodes:
        rest = graph.copy()
        rest.remove_node(node)
        others = list(rest.nodes)
        lost = sum(
            1
            for i, a in enumerate(others)
            for b in others[i + 1 :]
            if nx.has_path(graph, a, b) and not nx.has_path(rest, a, b)
        )
        row = table.loc[node]
        assert row["pairs_lost"] == lost
        assert row["components_after"] == nx.number_connected_components(rest)
        assert row["cut_vertex"] == (node in set(nx.articulation_points(graph)))
        assert row["cut_vertex"] == (row["pieces"] >= 2)
        if len(others) > 1:
            assert row["efficiency_after"] == pytest.approx(nx.global_efficiency(rest))


def test_an_empty_network_gives_an_empty_table_with_the_columns():
    assert "pairs_lost" in removal_impact(nx.Graph()).columns
