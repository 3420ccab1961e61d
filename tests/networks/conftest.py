"""Small networks whose measures can be worked out by hand."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest


@pytest.fixture
def star() -> nx.Graph:
    """A centre tied to four people who are not tied to each other."""
    graph = nx.star_graph(["hub", "a", "b", "c", "d"])
    nx.set_node_attributes(graph, "nurse", "role")
    return graph


@pytest.fixture
def path() -> nx.Graph:
    graph = nx.path_graph(["a", "b", "c", "d", "e"])
    nx.set_node_attributes(graph, "nurse", "role")
    return graph


@pytest.fixture
def bridge() -> nx.Graph:
    """Two triangles (roles A and B) joined by the tie 2–3."""
    graph = nx.Graph()
    graph.add_edges_from([(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5), (2, 3)])
    nx.set_node_attributes(graph, {n: ("A" if n < 3 else "B") for n in graph}, "role")
    return graph


@pytest.fixture
def contributions() -> pd.DataFrame:
    """A small redesign: five people, four stages."""
    rows = [
        ("Ann", "nurse", "noticed", "raised the concern", "Bob"),
        ("Bob", "consultant", "noticed", "raised the concern", ""),
        ("Cat", "manager", "proposal", "business case", "Bob; Dan"),
        ("Dan", "IT", "pilot", "built the form", "Cat"),
        ("Eve", "patient", "pilot", "feedback on the form", ""),
        ("Ann", "nurse", "spread", "trained the wards", "Eve"),
        ("Cat", "manager", "spread", "board report", ""),
    ]
    return pd.DataFrame(rows, columns=["person", "role", "stage", "contribution", "with_whom"])
