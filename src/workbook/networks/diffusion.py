"""How a new practice spreads through a network: simple and complex contagion.

At step 0 the seeds have adopted. At each later step every person who has not yet adopted
counts ``m``, their contacts who have, and draws one random number ``u`` (uniform on [0, 1)):

- **simple contagion**: they adopt when ``u < 1 - (1 - p) ** m``, as if each adopting contact
  passed the practice on independently with probability ``p`` (with ``p = 1``, one contact is
  enough: a threshold of 1);
- **complex contagion** (Centola and Macy 2007, *Am J Sociol* 113(3):702–734,
  doi:10.1086/521848): they adopt only when enough contacts have adopted (at least ``k``, or
  at least the share ``fraction`` of their contacts) **and** ``u < 1 - (1 - p) ** m``. With
  ``p = 1`` this is the deterministic threshold model.

Both processes draw the same numbers ``u`` for the same person at the same step (one array per
run, from the run's seed). That coupling makes a property exact rather than merely likely:
from the same seeds on the same network with the same random numbers, complex contagion never
reaches anyone simple contagion has not reached by the same step. (By induction: if every
complex adopter is a simple adopter, each person has at least as many adopting contacts under
simple contagion, the chance ``1 - (1 - p) ** m`` grows with ``m``, so whoever adopts under
complex contagion also adopts under simple contagion.)

Replications follow the STARS simulation habit: one :class:`numpy.random.SeedSequence` per
comparison, one child per replication, and within a replication one stream for choosing random
seeds and another for transmission, shared by every strategy and both models (common random
numbers), so differences between strategies are not noise from different draws.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .measures import _check_graph, communities

__all__ = [
    "STRATEGIES",
    "choose_seeds",
    "compare_strategies",
    "simulate_diffusion",
    "strategy_summary",
]

STRATEGIES = ("random", "degree", "betweenness", "spread", "clustered")
MODELS = ("simple", "complex")


def _check_parameters(model: str, p: float, k: int, fraction: float | None, steps: int) -> None:
    if model not in MODELS:
        raise ValueError(f"model {model!r} is not one of {', '.join(MODELS)}")
    if not isinstance(p, (int, float)) or not 0 <= p <= 1:
        raise ValueError(f"p must be a probability between 0 and 1, got {p!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a whole number of contacts, at least 1, got {k!r}")
    if fraction is not None and (not isinstance(fraction, (int, float)) or not 0 < fraction <= 1):
        raise ValueError(f"fraction must be above 0 and at most 1 (or None), got {fraction!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number, 0 or more, got {steps!r}")


def _as_people(seeds: Any) -> Any:
    if isinstance(seeds, str):
        raise ValueError(
            f"seeds must be a list of people, got the single name {seeds!r}; write [{seeds!r}]"
        )
    return seeds


def _seed_mask(nodes: list, seeds: Any) -> np.ndarray:
    seeds = _as_people(seeds)
    index = {node: i for i, node in enumerate(nodes)}
    mask = np.zeros(len(nodes), dtype=bool)
    for s in seeds:
        if s not in index:
            raise ValueError(f"seed {s!r} is not a person in the network; check the name")
        mask[index[s]] = True
    return mask


def _run(
    adjacency: np.ndarray,
    start: np.ndarray,
    uniforms: np.ndarray,
    model: str,
    p: float,
    k: int,
    fraction: float | None,
) -> np.ndarray:
    """The step at which each person adopted (-1: never), for one run."""
    degree = adjacency.sum(axis=1)
    if fraction is None:
        needed = np.full(len(degree), k)
    else:
        # Smallest whole number of contacts that is at least the share; nobody with no
        # contacts is ever eligible.
        needed = np.where(degree > 0, np.ceil(fraction * degree - 1e-9), np.inf)
    adopted = start.copy()
    when = np.where(start, 0, -1)
    for step in range(1, uniforms.shape[0] + 1):
        exposed = adjacency @ adopted.astype(np.int64)
        chance = 1.0 - (1.0 - p) ** exposed
        new = ~adopted & (exposed > 0) & (uniforms[step - 1] < chance)
        if model == "complex":
            new &= exposed >= needed
        when[new] = step
        adopted |= new
    return when


def _curve(when: np.ndarray, steps: int) -> pd.DataFrame:
    n = len(when)
    reached = np.array([int(((when >= 0) & (when <= t)).sum()) for t in range(steps + 1)])
    new = np.diff(reached, prepend=0)
    return pd.DataFrame(
        {
            "step": np.arange(steps + 1),
            "adopted": reached,
            "new": new,
            "share": reached / n if n else np.zeros(steps + 1),
        }
    )


def simulate_diffusion(
    graph: nx.Graph,
    seeds: Any,
    *,
    model: str = "simple",
    p: float = 0.5,
    k: int = 2,
    fraction: float | None = None,
    steps: int = 20,
    seed: Any = 0,
) -> pd.DataFrame:
    """One run of simple or complex contagion from ``seeds`` (see the module docstring).

    Returns the adoption curve, one row per step from 0 to ``steps``: ``step``, ``adopted``
    (people who have adopted by then), ``new`` and ``share``. ``curve.attrs["adopted_at"]``
    maps each person to the step they adopted at (``None``: never). ``seed`` (an int, a
    SeedSequence or a Generator) fixes the random numbers: the same seed gives the same run,
    and the two models given the same seed use the same numbers.
    """
    _check_graph(graph)
    _check_parameters(model, p, k, fraction, steps)
    nodes = list(graph.nodes)
    start = _seed_mask(nodes, seeds)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None, dtype=np.int64)
    uniforms = np.random.default_rng(seed).random((steps, len(nodes)))
    when = _run(adjacency, start, uniforms, model, p, k, fraction)
    curve = _curve(when, steps)
    curve.attrs["adopted_at"] = {
        node: (int(w) if w >= 0 else None) for node, w in zip(nodes, when, strict=True)
    }
    return curve


def _top(graph: nx.Graph, score: dict, n: int, exclude: set | None = None) -> list:
    exclude = exclude or set()
    ranked = sorted((v for v in graph.nodes if v not in exclude), key=lambda v: (-score[v], str(v)))
    return ranked[:n]


def choose_seeds(
    graph: nx.Graph, strategy: str, n: int, *, seed: Any = 0, community_seed: int = 0
) -> list:
    """``n`` people to seed a new practice with, by one of the :data:`STRATEGIES`:

    - ``random``: anyone, drawn with ``seed``;
    - ``degree`` / ``betweenness``: the most connected / the best-placed brokers;
    - ``spread``: the best-connected person of each community in turn (largest community
      first), so that the seeds are far apart;
    - ``clustered``: the best-connected person and then their best-connected contacts, so that
      the seeds are close together (complex contagion needs neighbours who reinforce each other).

    Ties are broken by name, so every strategy but ``random`` is deterministic.
    """
    _check_graph(graph)
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy {strategy!r} is not one of {', '.join(STRATEGIES)}")
    size = graph.number_of_nodes()
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= size:
        raise ValueError(f"n must be a whole number from 0 to {size} (the people), got {n!r}")
    if n == 0:
        return []
    degree = dict(graph.degree())
    if strategy == "random":
        nodes = sorted(graph.nodes, key=str)
        picks = np.random.default_rng(seed).choice(len(nodes), size=n, replace=False)
        return [nodes[i] for i in sorted(picks)]
    if strategy == "degree":
        return _top(graph, degree, n)
    if strategy == "betweenness":
        return _top(graph, nx.betweenness_centrality(graph), n)
    if strategy == "spread":
        groups: dict[int, list] = {}
        for node, number in communities(graph, seed=community_seed).items():
            groups.setdefault(number, []).append(node)
        queues = [sorted(groups[g], key=lambda v: (-degree[v], str(v))) for g in sorted(groups)]
        chosen: list = []
        while len(chosen) < n:
            for queue in queues:
                if queue and len(chosen) < n:
                    chosen.append(queue.pop(0))
        return chosen
    # clustered: grow outwards from the best-connected person, best-connected first.
    chosen = []
    while len(chosen) < n:
        frontier = _top(graph, degree, 1, exclude=set(chosen))
        while frontier and len(chosen) < n:
            node = frontier.pop(0)
            if node in chosen:
                continue
            chosen.append(node)
            fresh = [v for v in graph.neighbors(node) if v not in chosen and v not in frontier]
            frontier.extend(sorted(fresh, key=lambda v: (-degree[v], str(v))))
    return chosen


def compare_strategies(
    graph: nx.Graph,
    strategies: tuple[str, ...] | list[str] = STRATEGIES,
    *,
    n_seeds: int = 3,
    models: tuple[str, ...] | list[str] = MODELS,
    replications: int = 20,
    p: float = 0.5,
    k: int = 2,
    fraction: float | None = None,
    steps: int = 20,
    seed: int = 0,
    chosen: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Adoption curves for each seeding strategy and model over seeded replications.

    ``strategies`` are names from :data:`STRATEGIES`, each seeding ``n_seeds`` people;
    ``chosen`` adds strategies of one's own, a name for each list of people (for example
    ``{"my choice": ["Dr A", "Nurse B"]}``), seeded as given. Returns a tidy table:
    ``strategy``, ``model``, ``replication`` (from 1), ``seeds`` (the people seeded, joined by
    "; "), ``step``, ``adopted``, ``new`` and ``share``. The same ``seed`` gives the same
    table. Summarise it with :func:`strategy_summary`.
    """
    _check_graph(graph)
    strategies = [strategies] if isinstance(strategies, str) else list(strategies)
    models = [models] if isinstance(models, str) else list(models)
    for model in models:
        _check_parameters(model, p, k, fraction, steps)
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications must be a whole number, at least 1, got {replications!r}")
    for strategy in strategies:
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy {strategy!r} is not one of {', '.join(STRATEGIES)}")
    nodes = list(graph.nodes)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None, dtype=np.int64)
    # Every strategy but "random" picks the same people each time: choose them once.
    fixed = {s: choose_seeds(graph, s, n_seeds) for s in strategies if s != "random"}
    for name, people in (chosen or {}).items():
        if name in STRATEGIES:
            raise ValueError(
                f"chosen: {name!r} is the name of a built-in strategy; call your own list "
                "something else"
            )
        _seed_mask(nodes, _as_people(people))
        fixed[name] = list(_as_people(people))
        strategies.append(name)
    frames = []
    children = np.random.SeedSequence(seed).spawn(replications)
    for replication, child in enumerate(children, start=1):
        seeding, transmission = child.spawn(2)
        # The numbers simulate_diffusion(..., seed=transmission) would draw: common to every
        # strategy and both models in this replication.
        uniforms = np.random.default_rng(transmission).random((steps, len(nodes)))
        for strategy in strategies:
            if strategy in fixed:
                chosen = fixed[strategy]
            else:
                chosen = choose_seeds(graph, strategy, n_seeds, seed=seeding)
            start = _seed_mask(nodes, chosen)
            for model in models:
                curve = _curve(_run(adjacency, start, uniforms, model, p, k, fraction), steps)
                curve.insert(0, "seeds", "; ".join(str(s) for s in chosen))
                curve.insert(0, "replication", replication)
                curve.insert(0, "model", model)
                curve.insert(0, "strategy", strategy)
                frames.append(curve)
    return pd.concat(frames, ignore_index=True)


def strategy_summary(curves: pd.DataFrame) -> pd.DataFrame:
    """Final reach of each strategy and model over the replications of
    :func:`compare_strategies`: ``mean_share``, ``min_share``, ``max_share`` (at the last
    step) and ``reached_half`` (the share of replications in which at least half adopted)."""
    last = curves[curves["step"] == curves["step"].max()]
    grouped = last.groupby(["strategy", "model"], sort=False)["share"]
    out = grouped.agg(
        mean_share="mean",
        min_share="min",
        max_share="max",
        reached_half=lambda s: float((s >= 0.5).mean()),
    )
    return out.reset_index()
