"""The service-redesign case (week 3): the invented data load and validate, and the analysis
has the properties the exercise's story relies on."""

from __future__ import annotations

import importlib.util
import shutil

import networkx as nx
import pandas as pd
import pytest

import workbook.cases.service_redesign as sr
from workbook.errors import LocatedError
from workbook.paths import project_root


@pytest.fixture(scope="module")
def result():
    return sr.analyse()


def _copy_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(sr.data_dir(), folder)
    return folder


def test_data_load_with_the_planned_size_and_stages():
    people = sr.load_people()
    contributions = sr.load_contributions(people=people)
    assert 20 <= len(people) <= 30
    assert people["person"].is_unique
    assert set(contributions["stage"]) == set(sr.STAGES)
    assert {
        "consultant",
        "nursing",
        "management",
        "allied health professional",
        "IT and data",
        "patient or carer",
        "commissioner",
    } <= set(people["role"])


def test_committed_files_match_the_generator(tmp_path):
    path = project_root() / "case_studies" / "service-redesign" / "generate_data.py"
    spec = importlib.util.spec_from_file_location("generate_service_redesign", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path)
    for name in ("people.csv", "contributions.csv"):
        assert (tmp_path / name).read_text() == (sr.data_dir() / name).read_text(), name


def test_unknown_stage_names_the_file_line_and_column(tmp_path):
    folder = _copy_data(tmp_path)
    table = pd.read_csv(folder / "contributions.csv", dtype=str, keep_default_na=False)
    table.loc[4, "stage"] = "Planning"
    table.to_csv(folder / "contributions.csv", index=False)
    with pytest.raises(LocatedError) as caught:
        sr.load_contributions(folder / "contributions.csv")
    message = str(caught.value)
    assert "contributions.csv:6" in message and "stage" in message and "Planning" in message


def test_role_that_disagrees_with_people_table_is_reported(tmp_path):
    folder = _copy_data(tmp_path)
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    first = people.loc[0, "person"]
    people.loc[0, "role"] = "surgeon"
    people.to_csv(folder / "people.csv", index=False)
    with pytest.raises(LocatedError) as caught:
        sr.load_contributions(people=sr.load_people(folder / "people.csv"))
    message = str(caught.value)
    assert ": role:" in message and "surgeon" in message
    assert first in message


def test_duplicate_person_and_missing_column_are_reported(tmp_path):
    folder = _copy_data(tmp_path)
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    pd.concat([people, people.iloc[[2]]]).to_csv(folder / "people.csv", index=False)
    with pytest.raises(LocatedError, match=r"people.csv:27: person: .*already listed on line 4"):
        sr.load_people(folder / "people.csv")
    people.drop(columns="job_title").to_csv(folder / "people.csv", index=False)
    with pytest.raises(LocatedError, match="job_title: this column is missing"):
        sr.load_people(folder / "people.csv")


def test_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(LocatedError, match="the file is missing"):
        sr.load_people(tmp_path / "nope.csv")


def test_leadership_moves_between_people_and_roles(result):
    moves = result.moves
    assert len(moves) == len(sr.STAGES) - 1
    assert (~moves["same_role"]).sum() >= 2
    leaders = result.by_stage[result.by_stage["rank"] == 1]
    assert leaders["person"].nunique() >= 3
    assert leaders["role"].nunique() >= 3


def test_cut_vertices_split_the_network(result):
    assert result.cuts, "the story needs at least one person whose leaving splits the network"
    assert nx.is_connected(result.network)
    removal = result.removal.set_index("person")
    for person in result.cuts:
        rest = result.network.copy()
        rest.remove_node(person)
        assert nx.number_connected_components(rest) >= 2
        assert removal.loc[person, "pairs_lost"] > 0
    for person in set(result.network) - set(result.cuts):
        assert removal.loc[person, "pairs_lost"] == 0


def test_no_single_person_did_it_alone(result):
    assert result.shares["share_of_contributions"].max() < 0.5
    assert (result.shares["share_of_stages"] < 1).all()


def test_formal_chart_misses_the_most_central_person(result):
    formal = set(result.formal_leads())
    assert formal, "the people table names the project's formal roles"
    table = sr.formal_versus_network(result)
    top = table.loc[table["Rank by betweenness"] == 1, "Person"].item()
    assert top not in formal
    assert set(formal) <= set(table["Person"])


def test_people_tables_are_rounded_and_readable(result):
    holders = sr.holders_table(result, top=5)
    assert len(holders) == 5
    assert list(holders.index) == list(range(5))
    assert holders["Betweenness"].is_monotonic_decreasing
    assert (holders["Betweenness"] == holders["Betweenness"].round(2)).all()
    robust = sr.robustness_table(result)
    assert robust.loc[0, "Would split the network"] == "yes"
    assert robust["Pairs still connected"].str.endswith("%").all()
    leaders = sr.stage_leaders_table(result)
    assert list(leaders["Stage"]) == list(sr.STAGES)


def test_same_data_give_the_same_result():
    one, two = sr.analyse(), sr.analyse()
    pd.testing.assert_frame_equal(one.measures, two.measures)
    pd.testing.assert_frame_equal(one.by_stage, two.by_stage)
    pd.testing.assert_frame_equal(one.removal, two.removal)
    shuffled = one.contributions.sample(frac=1, random_state=3).reset_index(drop=True)
    three = sr.analyse(contributions=shuffled)
    assert sorted(three.network.edges(data="weight")) == sorted(one.network.edges(data="weight"))
    assert three.cuts == one.cuts


def test_quiz_numeric_answer_matches_the_case(result):
    from workbook.content.quiz import load_quiz

    quiz = load_quiz(project_root() / "weeks" / "week03" / "quiz.yaml")
    item = quiz.item("w03-q11")
    assert item.answer == len(result.cuts)


def test_drawing_layout_is_the_same_for_the_same_data(result):
    from workbook import networks as wn

    shuffled = result.contributions.sample(frac=1, random_state=5).reset_index(drop=True)
    again = sr.analyse(contributions=shuffled)
    assert wn.network_layout(result.network, seed=3) == wn.network_layout(again.network, seed=3)
    alt = wn.network_alt_text(result.network, size_by="betweenness", measures=result.measures)
    assert all(person in alt for person in result.cuts)
