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

Bad input raises :class:`NetworkDataError` (a ``ValueError``, and the package's
``LocatedError`` so the command line prints it as one line) naming the table, the row and the
column, and saying what to change. Given ``source`` (the file the table was read from) the
message reads ``file:line: column: message``, counting the header as line 1; otherwise
``contributions row 3: column: message``, counting data rows from 1.
"""

from __future__ import annotations

import os
from collections import Counter
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from ..errors import LocatedError

__all__ = [
    "NetworkDataError",
    "advice_network",
    "contribution_network",
    "contributions_table",
    "role_by_stage",
    "stage_networks",
]

CONTRIBUTION_COLUMNS = ("person", "role", "stage", "contribution", "with_whom")
Source = str | os.PathLike[str] | None


class NetworkDataError(LocatedError, ValueError):
    """A problem in an input table, at a row (from 1) and column when known."""

    def __init__(
        self, table: str, row: int | None, field: str | None, message: str, source: Source = None
    ) -> None:
        self.table = table
        self.row = row
        line = row + 1 if (source is not None and row) else None
        super().__init__(source, line, field, message)

    def __str__(self) -> str:
        if self.file is not None:
            return super().__str__()
        where = f"{self.table} row {self.row}" if self.row else self.table
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def __reduce__(self):
        return (type(self), (self.table, self.row, self.field, self.message, self.file))


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _require_columns(
    table: Any, columns: tuple[str, ...], what: str, source: Source = None
) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise NetworkDataError(
            what,
            None,
            missing[0],
            f"this column is missing; the table needs the columns {', '.join(columns)}",
            source,
        )
    return table


def _partners(value: Any, row: int, source: Source) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, (list, tuple, set)):
        names = [str(v).strip() for v in value]
    elif isinstance(value, str):
        names = [v.strip() for v in value.split(";")]
    else:
        raise NetworkDataError(
            "contributions",
            row,
            "with_whom",
            f"{value!r} is not a list of names; give the other people's names separated by "
            "';', or leave it blank",
            source,
        )
    return [n for n in names if n]


def contributions_table(
    table: pd.DataFrame, stages: list[str] | None = None, *, source: Source = None
) -> pd.DataFrame:
    """Check a contribution table and return it tidied.

    The result has one row per contribution with ``row`` (its position, from 1), ``person``,
    ``role``, ``stage`` (an ordered categorical), ``contribution`` and ``with_whom`` (a tuple
    of names). ``stages`` fixes the order of the stages; by default it is the order in which
    they first appear. ``source`` names the file the table came from, for error messages.
    """
    _require_columns(table, CONTRIBUTION_COLUMNS, "contributions", source)
    if table.empty:
        raise NetworkDataError(
            "contributions",
            None,
            None,
            "the table has no rows; add one row per contribution",
            source,
        )
    records = []
    roles: dict[str, tuple[str, int]] = {}
    for position, (_, raw) in enumerate(table.iterrows(), start=1):
        for column in ("person", "role", "stage", "contribution"):
            if _blank(raw[column]):
                raise NetworkDataError(
                    "contributions",
                    position,
                    column,
                    f"this is blank; every contribution needs a {column}",
                    source,
                )
        person, role = str(raw["person"]).strip(), str(raw["role"]).strip()
        partners = _partners(raw["with_whom"], position, source)
        if person in partners:
            raise NetworkDataError(
                "contributions",
                position,
                "with_whom",
                f"names {person!r}, the person themselves; list only the other people",
                source,
            )
        if person in roles and roles[person][0] != role:
            first_role, first_row = roles[person]
            raise NetworkDataError(
                "contributions",
                position,
                "role",
                f"{role!r} for {person!r} differs from {first_role!r} in row {first_row}; "
                "give each person one role",
                source,
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
                raise NetworkDataError(
                    "contributions",
                    record["row"],
                    "stage",
                    f"{record['stage']!r} is not one of the stages {stages}; correct the stage "
                    "or add it to the list",
                    source,
                )
    for record in records:
        for partner in record["with_whom"]:
            if partner not in roles:
                raise NetworkDataError(
                    "contributions",
                    record["row"],
                    "with_whom",
                    f"names {partner!r}, who has no contribution row of their own, so their "
                    f"role is unknown; add a row for {partner!r}",
                    source,
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


def contribution_network(
    table: pd.DataFrame, stages: list[str] | None = None, *, source: Source = None
) -> nx.Graph:
    """The contribution network of a contribution table (see the module docstring).

    Nodes carry ``role``, ``contributions`` (how many pieces of work they took part in) and
    ``stages`` (the stages they took part in, in order). Edges carry ``weight`` (joint
    contributions) and ``stages``. ``G.graph["stages"]`` holds the stage order. Nodes are
    added in sorted order so the same data always give the same graph.
    """
    return _graph(contributions_table(table, stages, source=source))


def stage_networks(
    table: pd.DataFrame, stages: list[str] | None = None, *, source: Source = None
) -> dict[str, nx.Graph]:
    """One contribution network per stage (in stage order), holding only the people who
    contributed at that stage and the joint work done in it."""
    tidy = contributions_table(table, stages, source=source)
    return {stage: _graph(tidy, stage) for stage in tidy["stage"].cat.categories}


def role_by_stage(
    table: pd.DataFrame, stages: list[str] | None = None, *, source: Source = None
) -> pd.DataFrame:
    """Who contributed at which stage, by role: one row per (role, stage), zeros included.

    ``contributions`` counts each person's part in each piece of work (a joint contribution
    by a nurse and a manager counts once for each role); ``people`` counts the different
    people of that role who contributed at that stage. Roles are in alphabetical order and
    ``stage`` is an ordered categorical.
    """
    tidy = contributions_table(table, stages, source=source)
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
    from_column: str = "source",
    to_column: str = "target",
    source: Source = None,
    people_source: Source = None,
) -> nx.Graph:
    """An undirected advice network from an edge list (one row per "source asks target").

    ``people`` (optional) has a ``person`` and a ``role`` column and any others (for example
    ``hospital``); every column becomes a node attribute, and people with no ties are kept as
    isolated nodes. Without it every node's role is ``"not recorded"``. The weight of a tie
    is the number of rows naming the pair, in either direction. ``from_column`` and
    ``to_column`` name the edge list's two columns; ``source`` and ``people_source`` name the
    files the tables came from, for error messages.
    """
    _require_columns(edges, (from_column, to_column), "advice edges", source)
    known: dict[str, dict[str, Any]] = {}
    if people is not None:
        _require_columns(people, ("person", "role"), "people", people_source)
        for position, (_, raw) in enumerate(people.iterrows(), start=1):
            for column in ("person", "role"):
                if _blank(raw[column]):
                    raise NetworkDataError(
                        "people",
                        position,
                        column,
                        f"this is blank; give every person a {column}",
                        people_source,
                    )
            name = str(raw["person"]).strip()
            if name in known:
                raise NetworkDataError(
                    "people",
                    position,
                    "person",
                    f"{name!r} is listed twice; list each person once",
                    people_source,
                )
            attrs = {k: v for k, v in raw.items() if k != "person"}
            attrs["role"] = str(attrs["role"]).strip()
            known[name] = attrs
    weights: Counter[tuple[str, str]] = Counter()
    for position, (_, raw) in enumerate(edges.iterrows(), start=1):
        ends = []
        for column in (from_column, to_column):
            if _blank(raw[column]):
                raise NetworkDataError(
                    "advice edges",
                    position,
                    column,
                    "this is blank; every tie needs two people",
                    source,
                )
            name = str(raw[column]).strip()
            if people is not None and name not in known:
                raise NetworkDataError(
                    "advice edges",
                    position,
                    column,
                    f"{name!r} is not in the people table; add them there or correct the name",
                    source,
                )
            ends.append(name)
        if ends[0] == ends[1]:
            raise NetworkDataError(
                "advice edges",
                position,
                to_column,
                f"{ends[0]!r} is tied to themselves; remove the row",
                source,
            )
        weights[tuple(sorted(ends))] += 1
    graph = nx.Graph(kind="advice")
    names = set(known) | {n for pair in weights for n in pair}
    for name in sorted(names):
        graph.add_node(name, **known.get(name, {"role": "not recorded"}))
    for a, b in sorted(weights):
        graph.add_edge(a, b, weight=weights[(a, b)])
    return graph
