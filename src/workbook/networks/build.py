"""Building networks from tidy tables: contributions to a piece of work, and advice ties.

A **contribution table** has one row per contribution a person made: ``person``, ``role``,
``stage``, ``contribution`` (what was done) and ``with_whom`` (the other people who did it with
them, separated by ``;``, or blank). Rows with the same ``stage`` and ``contribution`` describe
the same joint piece of work, so it does not matter whether each partner records it or only
one does: everyone named on it worked together once. In the **contribution network** people
are nodes (with their role) and two people are tied when they contributed together; the tie's
``weight`` is the number of joint contributions.

An **advice table** is an edge list (``source`` asked ``target``), with an optional people
table giving each person's role and any other attributes (for example a hospital). Direction
is dropped: the network shows who talks to whom, and ``weight`` counts the mentions.

Bad input raises ``ValueError`` naming the table, the row (counted from 1, as in a
spreadsheet without its header) and the column, and saying what to change.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

__all__ = [
    "advice_network",
    "contribution_network",
    "contributions_table",
    "role_by_stage",
    "stage_networks",
]

CONTRIBUTION_COLUMNS = ("person", "role", "stage", "contribution", "with_whom")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _require_columns(table: Any, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{what}: column {missing[0]!r} is missing; the table needs the columns "
            f"{', '.join(columns)}"
        )
    return table


def _partners(value: Any, row: int) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, (list, tuple, set)):
        names = [str(v).strip() for v in value]
    elif isinstance(value, str):
        names = [v.strip() for v in value.split(";")]
    else:
        raise ValueError(
            f"contributions row {row}: with_whom is {value!r}; give the other people's names "
            "separated by ';', or leave it blank"
        )
    return [n for n in names if n]


def contributions_table(table: pd.DataFrame, stages: list[str] | None = None) -> pd.DataFrame:
    """Check a contribution table and return it tidied.

    The result has one row per contribution with ``row`` (its position, from 1), ``person``,
    ``role``, ``stage`` (an ordered categorical), ``contribution`` and ``with_whom`` (a tuple
    of names). ``stages`` fixes the order of the stages; by default it is the order in which
    they first appear.
    """
    _require_columns(table, CONTRIBUTION_COLUMNS, "contributions")
    if table.empty:
        raise ValueError("contributions: the table has no rows; add one row per contribution")
    records = []
    roles: dict[str, tuple[str, int]] = {}
    for position, (_, raw) in enumerate(table.iterrows(), start=1):
        for column in ("person", "role", "stage", "contribution"):
            if _blank(raw[column]):
                raise ValueError(
                    f"contributions row {position}: {column} is blank; every contribution "
                    f"needs a {column}"
                )
        person, role = str(raw["person"]).strip(), str(raw["role"]).strip()
        partners = _partners(raw["with_whom"], position)
        if person in partners:
            raise ValueError(
                f"contributions row {position}: with_whom names {person!r}, the person "
                "themselves; list only the other people"
            )
        if person in roles and roles[person][0] != role:
            first_role, first_row = roles[person]
            raise ValueError(
                f"contributions row {position}: role {role!r} for {person!r} differs from "
                f"{first_role!r} in row {first_row}; give each person one role"
            )
        roles.setdefault(person, (role, position))
        records.append(
            {
                "row": position,
                "person": person,
                "role": role,
                "stage": str(raw["stage"]).strip(),
                "contribution": str(raw["contribution"]).strip(),
                "with_whom": tuple(dict.fromkeys(partners)),
            }
        )
    tidy = pd.DataFrame.from_records(records)
    seen = list(dict.fromkeys(tidy["stage"]))
    if stages is None:
        stages = seen
    else:
        stages = [str(s) for s in stages]
        for record in records:
            if record["stage"] not in stages:
                raise ValueError(
                    f"contributions row {record['row']}: stage {record['stage']!r} is not one "
                    f"of the stages {stages}; correct the stage or add it to the list"
                )
    for record in records:
        for partner in record["with_whom"]:
            if partner not in roles:
                raise ValueError(
                    f"contributions row {record['row']}: with_whom names {partner!r}, who has "
                    "no contribution row of their own, so their role is unknown; add a row "
                    f"for {partner!r}"
                )
    tidy["stage"] = pd.Categorical(tidy["stage"], categories=stages, ordered=True)
    return tidy


def _groups(tidy: pd.DataFrame) -> list[tuple[str, str, tuple[str, ...]]]:
    """One (stage, contribution, members) per joint piece of work, in table order."""
    members: dict[tuple[str, str], dict[str, None]] = {}
    for record in tidy.itertuples(index=False):
        key = (str(record.stage), record.contribution)
        group = members.setdefault(key, {})
        group[record.person] = None
        for partner in record.with_whom:
            group[partner] = None
    return [(stage, what, tuple(people)) for (stage, what), people in members.items()]


def _graph(tidy: pd.DataFrame, only_stage: str | None = None) -> nx.Graph:
    order = list(tidy["stage"].cat.categories)
    roles = dict(zip(tidy["person"], tidy["role"], strict=True))
    graph = nx.Graph(kind="contribution", stages=order if only_stage is None else [only_stage])
    involved: Counter[str] = Counter()
    person_stages: dict[str, set[str]] = {}
    pair_stages: dict[tuple[str, str], set[str]] = {}
    weights: Counter[tuple[str, str]] = Counter()
    for stage, _what, people in _groups(tidy):
        if only_stage is not None and stage != only_stage:
            continue
        for person in people:
            involved[person] += 1
            person_stages.setdefault(person, set()).add(stage)
        for a, b in combinations(sorted(people), 2):
            weights[(a, b)] += 1
            pair_stages.setdefault((a, b), set()).add(stage)
    for person in sorted(roles if only_stage is None else person_stages):
        graph.add_node(
            person,
            role=roles[person],
            contributions=involved[person],
            stages=[s for s in order if s in person_stages.get(person, ())],
        )
    for a, b in sorted(weights):
        graph.add_edge(
            a, b, weight=weights[(a, b)], stages=[s for s in order if s in pair_stages[(a, b)]]
        )
    return graph


def contribution_network(table: pd.DataFrame, stages: list[str] | None = None) -> nx.Graph:
    """The contribution network of a contribution table (see the module docstring).

    Nodes carry ``role``, ``contributions`` (how many pieces of work they took part in) and
    ``stages`` (the stages they took part in, in order). Edges carry ``weight`` (joint
    contributions) and ``stages``. ``G.graph["stages"]`` holds the stage order. Nodes are
    added in sorted order so the same data always give the same graph.
    """
    return _graph(contributions_table(table, stages))


def stage_networks(table: pd.DataFrame, stages: list[str] | None = None) -> dict[str, nx.Graph]:
    """One contribution network per stage (in stage order), holding only the people who
    contributed at that stage and the joint work done in it."""
    tidy = contributions_table(table, stages)
    return {stage: _graph(tidy, stage) for stage in tidy["stage"].cat.categories}


def role_by_stage(table: pd.DataFrame, stages: list[str] | None = None) -> pd.DataFrame:
    """Who contributed at which stage, by role: one row per (role, stage), zeros included.

    ``contributions`` counts each person's part in each piece of work (a joint contribution
    by a nurse and a manager counts once for each role); ``people`` counts the different
    people of that role who contributed at that stage. Roles are in alphabetical order and
    ``stage`` is an ordered categorical.
    """
    tidy = contributions_table(table, stages)
    order = list(tidy["stage"].cat.categories)
    roles = dict(zip(tidy["person"], tidy["role"], strict=True))
    counts: Counter[tuple[str, str]] = Counter()
    people: dict[tuple[str, str], set[str]] = {}
    for stage, _what, members in _groups(tidy):
        for person in members:
            key = (roles[person], stage)
            counts[key] += 1
            people.setdefault(key, set()).add(person)
    rows = [
        {
            "role": role,
            "stage": stage,
            "contributions": counts[(role, stage)],
            "people": len(people.get((role, stage), ())),
        }
        for role in sorted(set(roles.values()))
        for stage in order
    ]
    out = pd.DataFrame(rows)
    out["stage"] = pd.Categorical(out["stage"], categories=order, ordered=True)
    return out


def advice_network(
    edges: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    source: str = "source",
    target: str = "target",
) -> nx.Graph:
    """An undirected advice network from an edge list (one row per "source asks target").

    ``people`` (optional) has a ``person`` and a ``role`` column and any others (for example
    ``hospital``); every column becomes a node attribute, and people with no ties are kept as
    isolated nodes. Without it every node's role is ``"not recorded"``. The weight of a tie
    is the number of rows naming the pair, in either direction.
    """
    _require_columns(edges, (source, target), "advice edges")
    known: dict[str, dict[str, Any]] = {}
    if people is not None:
        _require_columns(people, ("person", "role"), "people")
        for position, (_, raw) in enumerate(people.iterrows(), start=1):
            for column in ("person", "role"):
                if _blank(raw[column]):
                    raise ValueError(
                        f"people row {position}: {column} is blank; give every person a {column}"
                    )
            name = str(raw["person"]).strip()
            if name in known:
                raise ValueError(
                    f"people row {position}: {name!r} is listed twice; list each person once"
                )
            attrs = {k: v for k, v in raw.items() if k != "person"}
            attrs["role"] = str(attrs["role"]).strip()
            known[name] = attrs
    weights: Counter[tuple[str, str]] = Counter()
    for position, (_, raw) in enumerate(edges.iterrows(), start=1):
        ends = []
        for column in (source, target):
            if _blank(raw[column]):
                raise ValueError(
                    f"advice edges row {position}: {column} is blank; every tie needs two people"
                )
            name = str(raw[column]).strip()
            if people is not None and name not in known:
                raise ValueError(
                    f"advice edges row {position}: {column} {name!r} is not in the people "
                    "table; add them there or correct the name"
                )
            ends.append(name)
        if ends[0] == ends[1]:
            raise ValueError(
                f"advice edges row {position}: {ends[0]!r} is tied to themselves; remove the row"
            )
        weights[tuple(sorted(ends))] += 1
    graph = nx.Graph(kind="advice")
    names = set(known) | {n for pair in weights for n in pair}
    for name in sorted(names):
        graph.add_node(name, **known.get(name, {"role": "not recorded"}))
    for a, b in sorted(weights):
        graph.add_edge(a, b, weight=weights[(a, b)])
    return graph
