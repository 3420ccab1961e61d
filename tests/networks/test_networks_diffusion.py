"""Diffusion of a new practice: reproducible, sensible at the edges, complex <= simple."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.networks import (
    STRATEGIES,
    choose_seeds,
    compare_strategies,
    simulate_diffusion,
    strategy_summary,
)


@pytest.fixture
def village() -> nx.Graph:
    return nx.connected_watts_strogatz_graph(30, 4, 0.2, seed=7)


@pytest.mark.parametrize("model", ["simple", "complex"])
def test_the_same_seed_gives_the_same_run(village, model):
    a = simulate_diffusion(village, [0, 1, 2], model=model, seed=11)
    b = simulate_diffusion(village, [0, 1, 2], model=model, seed=11)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["adopted_at"] == b.attrs["adopted_at"]


def test_different_seeds_give_different_runs(village):
    runs = {tuple(simulate_diffusion(village, [0], p=0.3, seed=s)["adopted"]) for s in range(5)}
    assert len(runs) > 1


@pytest.mark.parametrize("model", ["simple", "complex"])
def test_no_seeds_means_nobody_adopts(village, model):
    curve = simulate_diffusion(village, [], model=model, p=1.0)
    assert (curve["adopted"] == 0).all()


@pytest.mark.parametrize("model", ["simple", "complex"])
def test_everyone_seeded_means_everyone_adopted_at_step_0(village, model):
    curve = simulate_diffusion(village, list(village.nodes), model=model)
    assert curve.loc[0, "share"] == 1.0
    assert (curve["new"].iloc[1:] == 0).all()


@pytest.mark.parametrize("model", ["simple", "complex"])
def test_an_isolated_unseeded_person_never_adopts(village, model):
    village.add_node("alone")
    curve = simulate_diffusion(village, [0, 1, 2, 3], model=model, p=1.0, k=1, steps=40)
    assert curve.attrs["adopted_at"]["alone"] is None
    assert curve["adopted"].iloc[-1] == 30  # everyone else in the connected village


def test_simple_contagion_with_certain_transmission_moves_one_step_at_a_time(path):
    curve = simulate_diffusion(path, ["a"], p=1.0, steps=6)
    assert curve.attrs["adopted_at"] == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
    assert list(curve["adopted"]) == [1, 2, 3, 4, 5, 5, 5]


def test_complex_contagion_needs_several_adopting_contacts(star, path):
    # Two seeded leaves give the hub two adopting contacts; each other leaf has only the hub.
    curve = simulate_diffusion(star, ["a", "b"], model="complex", p=1.0, k=2)
    assert curve.attrs["adopted_at"] == {"hub": 1, "a": 0, "b": 0, "c": None, "d": None}
    # On a path nobody ever has two adopting contacts from one end.
    assert simulate_diffusion(path, ["a"], model="complex", p=1.0, k=2)["adopted"].max() == 1


def test_a_fraction_threshold_counts_the_share_of_contacts(star):
    # A leaf's only contact is the hub (share 1); the hub needs half of its 4 contacts.
    curve = simulate_diffusion(star, ["a"], model="complex", p=1.0, fraction=0.5)
    assert curve.attrs["adopted_at"]["hub"] is None
    curve = simulate_diffusion(star, ["a", "b"], model="complex", p=1.0, fraction=0.5)
    assert curve["adopted"].iloc[-1] == 5


@st.composite
def runs(draw):
    n = draw(st.integers(1, 12))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pair for pair, keep in zip(pairs, chosen, strict=True) if keep)
    seeds = draw(st.sets(st.integers(0, n - 1), max_size=n))
    p = draw(st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]))
    threshold = draw(
        st.one_of(
            st.integers(1, 4).map(lambda k: {"k": k}),
            st.sampled_from([0.3, 0.5, 1.0]).map(lambda f: {"fraction": f}),
        )
    )
    return graph, seeds, p, threshold, draw(st.integers(0, 2**32 - 1))


@settings(max_examples=150, deadline=None)
@given(runs())
def test_complex_contagion_never_reaches_anyone_simple_contagion_has_not(run):
    graph, seeds, p, threshold, seed = run
    simple = simulate_diffusion(graph, seeds, p=p, steps=8, seed=seed)
    complex_ = simulate_diffusion(
        graph, seeds, model="complex", p=p, steps=8, seed=seed, **threshold
    )
    assert (complex_["adopted"] <= simple["adopted"]).all()
    for person, step in complex_.attrs["adopted_at"].items():
        if step is not None:
            assert simple.attrs["adopted_at"][person] is not None
            assert simple.attrs["adopted_at"][person] <= step


def test_complex_contagion_with_a_threshold_of_one_is_simple_contagion(village):
    simple = simulate_diffusion(village, [5], p=0.4, seed=2)
    complex_ = simulate_diffusion(village, [5], model="complex", k=1, p=0.4, seed=2)
    pd.testing.assert_frame_equal(simple, complex_)


def test_seeding_strategies(bridge):
    assert choose_seeds(bridge, "degree", 2) == [2, 3]
    assert choose_seeds(bridge, "betweenness", 1) == [2]
    spread = choose_seeds(bridge, "spread", 2)
    assert {n < 3 for n in spread} == {True, False}  # one in each triangle
    clustered = choose_seeds(bridge, "clustered", 3)
    assert clustered[0] == 2 and set(clustered) <= {0, 1, 2, 3}
    assert choose_seeds(bridge, "random", 3, seed=4) == choose_seeds(bridge, "random", 3, seed=4)
    assert choose_seeds(bridge, "degree", 0) == []
    for strategy in STRATEGIES:
        assert len(set(choose_seeds(bridge, strategy, 6))) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strategy": "loudest", "n": 1}, "strategy 'loudest' is not one of"),
        ({"strategy": "degree", "n": 7}, "n must be a whole number from 0 to 6"),
    ],
)
def test_bad_seeding_requests_are_explained(bridge, kwargs, message):
    with pytest.raises(ValueError, match=message):
        choose_seeds(bridge, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seeds": ["nobody"]}, "seed 'nobody' is not a person"),
        ({"seeds": [0], "p": 1.5}, "p must be a probability"),
        ({"seeds": [0], "k": 0}, "k must be a whole number"),
        ({"seeds": [0], "model": "viral"}, "model 'viral' is not one of"),
        ({"seeds": [0], "fraction": 0}, "fraction must be above 0"),
        ({"seeds": "ab"}, "got the single name 'ab'; write \\['ab'\\]"),
    ],
)
def test_bad_simulation_settings_are_explained(bridge, kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate_diffusion(bridge, **kwargs)


def test_strategy_comparison_is_tidy_reproducible_and_coupled(village):
    curves = compare_strategies(village, n_seeds=3, replications=4, steps=10, seed=5)
    again = compare_strategies(village, n_seeds=3, replications=4, steps=10, seed=5)
    pd.testing.assert_frame_equal(curves, again)
    assert len(curves) == len(STRATEGIES) * 2 * 4 * 11
    final = curves[curves["step"] == 10].pivot_table(
        index=["strategy", "replication"], columns="model", values="adopted"
    )
    assert (final["complex"] <= final["simple"]).all()
    summary = strategy_summary(curves)
    assert len(summary) == len(STRATEGIES) * 2
    assert summary["mean_share"].between(0, 1).all()
    # Deterministic strategies seed the same people in every replication.
    assert curves[curves["strategy"] == "degree"]["seeds"].nunique() == 1


def test_each_replication_is_the_run_simulate_diffusion_gives_with_its_stream(village):
    import numpy as np

    curves = compare_strategies(
        village, ["random", "degree"], n_seeds=2, replications=3, steps=6, p=0.3, seed=9
    )
    child = np.random.SeedSequence(9).spawn(3)[1]
    seeding, transmission = child.spawn(2)
    for strategy in ("random", "degree"):
        chosen = choose_seeds(village, strategy, 2, seed=seeding)
        for model in ("simple", "complex"):
            one = curves[
                (curves["strategy"] == strategy)
                & (curves["model"] == model)
                & (curves["replication"] == 2)
            ]
            assert one["seeds"].iloc[0] == "; ".join(str(s) for s in chosen)
            alone = simulate_diffusion(
                village, chosen, model=model, p=0.3, steps=6, seed=transmission
            )
            assert list(one["adopted"]) == list(alone["adopted"])


def test_an_unknown_strategy_is_refused_before_any_run(village):
    with pytest.raises(ValueError, match="strategy 'loudest' is not one of"):
        compare_strategies(village, ["degree", "loudest"])


def test_a_learners_own_choice_of_seeds_runs_beside_the_strategies(village):
    curves = compare_strategies(
        village, "degree", replications=2, steps=4, chosen={"my choice": [3, 17]}, seed=1
    )
    assert list(dict.fromkeys(curves["strategy"])) == ["degree", "my choice"]
    mine = curves[curves["strategy"] == "my choice"]
    assert set(mine["seeds"]) == {"3; 17"}
    assert (mine[mine["step"] == 0]["adopted"] == 2).all()
    with pytest.raises(ValueError, match="'random' is the name of a built-in strategy"):
        compare_strategies(village, chosen={"random": [1]})
    with pytest.raises(ValueError, match="seed 99 is not a person"):
        compare_strategies(village, chosen={"mine": [99]})
