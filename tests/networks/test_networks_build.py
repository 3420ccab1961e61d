"""Building contribution and advice networks from tables, and rejecting bad tables clearly."""

from __future__ import annotations

import pandas as pd
import pytest

from workbook.networks import (
    advice_network,
    contribution_network,
    contributions_table,
    role_by_stage,
    stage_networks,
)


def test_people_are_nodes_with_roles_and_joint_work_is_weighted(contributions):
    graph = contribution_network(contributions)
    assert sorted(graph.nodes) == ["Ann", "Bob", "Cat", "Dan", "Eve"]
    assert graph.nodes["Dan"]["role"] == "IT"
    # "raised the concern" is recorded by Ann (with Bob) and by Bob: one joint piece of work.
    assert graph["Ann"]["Bob"]["weight"] == 1
    # Cat and Dan worked together on the business case and on the form.
    assert graph["Cat"]["Dan"]["weight"] == 2
    assert graph["Cat"]["Dan"]["stages"] == ["proposal", "pilot"]
    assert graph.nodes["Cat"]["contributions"] == 3
    assert graph.nodes["Ann"]["stages"] == ["noticed", "spread"]
    assert graph.graph["stages"] == ["noticed", "proposal", "pilot", "spread"]
    assert graph.number_of_edges() == 5


def test_row_order_does_not_change_the_network(contributions):
    a = contribution_network(contributions)
    b = contribution_network(contributions.iloc[::-1], stages=a.graph["stages"])
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))


def test_role_by_stage_counts_each_persons_part(contributions):
    summary = role_by_stage(contributions)
    assert len(summary) == 5 * 4  # every role at every stage, zeros included
    cell = summary.set_index(["role", "stage"])
    assert cell.loc[("manager", "spread"), "contributions"] == 1
    assert cell.loc[("consultant", "proposal"), "contributions"] == 1
    assert cell.loc[("consultant", "pilot"), "contributions"] == 0
    assert cell.loc[("nurse", "noticed"), "people"] == 1
    assert list(summary["stage"].cat.categories) == ["noticed", "proposal", "pilot", "spread"]


def test_stage_networks_hold_only_that_stages_work(contributions):
    by_stage = stage_networks(contributions)
    assert list(by_stage) == ["noticed", "proposal", "pilot", "spread"]
    assert sorted(by_stage["pilot"].nodes) == ["Cat", "Dan", "Eve"]
    assert sorted(by_stage["pilot"].edges) == [("Cat", "Dan")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.drop(columns="stage"), "contributions: stage: this column is missing"),
        (
            lambda t: t.assign(person=["Ann", "", "Cat", "Dan", "Eve", "Ann", "Cat"]),
            "contributions row 2: person: this is blank",
        ),
        (
            lambda t: t.assign(
                role=["nurse", "consultant", "manager", "IT", "patient", "doctor", "manager"]
            ),
            "row 6: role: 'doctor' for 'Ann' differs from 'nurse' in row 1",
        ),
        (
            lambda t: t.assign(with_whom=["Bob", "", "Zoe", "Cat", "", "Eve", ""]),
            "row 3: with_whom: names 'Zoe'",
        ),
        (
            lambda t: t.assign(with_whom=["Ann", "", "", "", "", "", ""]),
            "row 1: with_whom: names 'Ann', the person themselves",
        ),
        (lambda t: t.iloc[:0], "no rows"),
    ],
)
def test_bad_contribution_tables_are_named_precisely(contributions, change, message):
    with pytest.raises(ValueError, match=message):
        contribution_network(change(contributions))


def test_an_unknown_stage_is_named_with_its_row(contributions):
    with pytest.raises(ValueError, match="row 6: stage: 'spread' is not one of"):
        contributions_table(contributions, stages=["noticed", "proposal", "pilot"])


def test_advice_network_merges_directions_and_keeps_isolated_people():
    edges = pd.DataFrame({"source": ["A", "B", "A"], "target": ["B", "A", "C"]})
    people = pd.DataFrame(
        {
            "person": ["A", "B", "C", "D"],
            "role": ["paediatrician", "nurse", "nurse", "records officer"],
            "hospital": ["H1", "H1", "H2", "H2"],
        }
    )
    graph = advice_network(edges, people)
    assert graph["A"]["B"]["weight"] == 2
    assert graph.degree("D") == 0
    assert graph.nodes["C"] == {"role": "nurse", "hospital": "H2"}


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        (
            pd.DataFrame({"source": ["A"], "target": ["A"]}),
            "row 1: target: 'A' is tied to themselves",
        ),
        (
            pd.DataFrame({"source": ["A"], "target": ["Q"]}),
            "row 1: target: 'Q' is not in the people",
        ),
        (
            pd.DataFrame({"source": ["A", None], "target": ["B", "A"]}),
            "advice edges row 2: source: this is blank",
        ),
        (
            pd.DataFrame({"from": ["A"], "target": ["B"]}),
            "advice edges: source: this column is missing",
        ),
    ],
)
def test_bad_advice_tables_are_named_precisely(edges, message):
    people = pd.DataFrame({"person": ["A", "B"], "role": ["nurse", "nurse"]})
    with pytest.raises(ValueError, match=message):
        advice_network(edges, people)


def test_errors_name_the_file_and_line_when_the_source_is_given(contributions):
    import pickle

    from workbook.errors import LocatedError
    from workbook.networks import NetworkDataError

    bad = contributions.assign(stage=["noticed"] * 6 + [""])
    with pytest.raises(NetworkDataError) as caught:
        contribution_network(bad, source="contributions.csv")
    # Row 7 of the data is line 8 of the file, under its header.
    assert str(caught.value) == (
        "contributions.csv:8: stage: this is blank; every contribution needs a stage"
    )
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, LocatedError)
    assert str(pickle.loads(pickle.dumps(caught.value))) == str(caught.value)
    with pytest.raises(ValueError, match=r"^people.csv: role: this column is missing"):
        advice_network(
            pd.DataFrame({"source": ["A"], "target": ["B"]}),
            pd.DataFrame({"person": ["A", "B"]}),
            people_source="people.csv",
        )
