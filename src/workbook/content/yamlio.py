"""Load YAML keeping the line of every field, so errors can point at it.

PyYAML's composer gives each node its position; we walk the node tree once and record the
line of every mapping key and sequence item by its path, e.g. ``("items", 3, "options")``.
Duplicate keys, which PyYAML would silently accept (the last one winning), are an error.

Parsing is bounded before anything is built: the event stream is scanned once (no recursion)
and a file is refused, with its line, when it nests deeper than :data:`MAX_DEPTH`, uses
anchors and aliases (``&name`` / ``*name``: an alias bomb or a recursive alias would take
minutes or never end), or is larger than :data:`MAX_BYTES`. Booleans follow YAML 1.2: only
``true`` and ``false`` are booleans; ``yes``, ``no``, ``on`` and ``off`` stay text, so
``correct: yes`` is reported instead of quietly becoming true.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from workbook.content.errors import ContentError, FieldError, first_error

__all__ = [
    "Locator",
    "MAX_BYTES",
    "MAX_DEPTH",
    "describe_pydantic_error",
    "load_model",
    "load_yaml",
    "parse_model",
    "pydantic_errors",
]


#: Deepest nesting of mappings and sequences accepted in a course file.
MAX_DEPTH = 40
#: Largest course YAML file accepted (a week's quiz is a few tens of kilobytes).
MAX_BYTES = 2_000_000


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans: only true/false (any case) are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _scan(text: str, path: Path) -> None:
    """Refuse aliases and deep nesting from the event stream (linear time, no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(
                path,
                event.start_mark.line + 1,
                None,
                "anchors and aliases (&name, *name) are not allowed in course files; "
                "write the value out in full",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(
                    path,
                    event.start_mark.line + 1,
                    None,
                    f"nested more than {MAX_DEPTH} levels deep; course files are shallow, "
                    "check the indentation and brackets",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class Locator:
    """Maps a field path to the 1-based line where it is written."""

    def __init__(self, path: Path, lines: dict[tuple, int]) -> None:
        self.path = path
        self._lines = lines

    def line(self, loc: tuple | list = ()) -> int | None:
        """The line of ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        while True:
            if loc in self._lines:
                return self._lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def error(self, loc: tuple | list, message: str) -> ContentError:
        """A :class:`ContentError` at ``loc`` in this file."""
        return ContentError(self.path, self.line(loc), tuple(loc), message)


def _walk(node: yaml.Node, loc: tuple, lines: dict[tuple, int], path: Path) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ContentError(
                    path,
                    line,
                    loc + (key,),
                    f"duplicate key {key!r} (first written on line {seen[key]}); remove one of them",
                )
            seen[key] = line
            lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[loc + (i,)] = item.start_mark.line + 1
            _walk(item, loc + (i,), lines, path)


def load_yaml(path: str | os.PathLike[str]) -> tuple[Any, Locator]:
    """Read a YAML file; return its data and a :class:`Locator` for its fields.

    Raises :class:`ContentError` when the file is missing, unreadable or not valid YAML.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a pipe would block the read for ever
            raise ContentError(path, None, None, "is not a regular file (a folder, device or pipe)")
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise ContentError(
                path, None, None, f"is larger than {MAX_BYTES // 1_000_000} MB; split it up"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ContentError(
            path, None, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ContentError(path, None, None, f"cannot read the file: {exc.strerror}") from None
    try:
        _scan(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            path, line, None, f"invalid YAML: {problem} (check indentation, colons and quotes)"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, None, None, f"invalid YAML: {exc}") from None
    except RecursionError:  # a guard: _scan refuses deep nesting before this can happen
        raise ContentError(path, None, None, "nested too deeply to read") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines, path)
    return data, Locator(path, lines)


def _lower(msg: str) -> str:
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def describe_pydantic_error(err: dict, *, union_tags: tuple[str, ...] = ()) -> str:
    """One pydantic error as an instruction a course author can act on."""
    kind = err.get("type", "")
    msg = err.get("msg") or "invalid value"
    got = err.get("input")
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling or remove it"
    if kind == "union_tag_invalid":
        return f"type must be one of {', '.join(union_tags)}, not {got!r:.40}"
    if kind == "union_tag_not_found":
        return f"each item needs a 'type' ({', '.join(union_tags)})"
    if kind == "too_short" and isinstance(got, (str, type(None))):
        return "must not be empty; write the text"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{_lower(msg)} (got {type(got).__name__} {got!r:.60})"
    return _lower(msg)


def pydantic_errors(
    exc, locator: Locator, *, union_tags: tuple[str, ...] = ()
) -> list[ContentError]:
    """Every error in a pydantic ``ValidationError`` as a :class:`ContentError` at the YAML
    line of its field.

    Pydantic puts a discriminated union's tag into the location (``items.0.single.options``);
    the tag is not a field in the file, so it is dropped. A :class:`FieldError` raised in a
    validator carries the nested field really at fault.
    """
    out = []
    for err in exc.errors():
        raw = list(err.get("loc", ()))
        loc: list[Any] = []
        for i, part in enumerate(raw):
            if isinstance(part, str) and "[" in part:
                continue
            if part in union_tags and i > 0 and isinstance(raw[i - 1], int):
                continue
            loc.append(part)
        message = describe_pydantic_error(err, union_tags=union_tags)
        if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):
            loc.append("type")  # the problem is the item's type field
        located = (err.get("ctx") or {}).get("error")
        if isinstance(located, FieldError):
            loc += list(located.loc)
            message = located.message
        out.append(locator.error(tuple(loc), message))
    return out


def parse_model(model_cls: type, data: Any, locator: Locator):
    """Validate ``data`` with a pydantic model; on failure raise :class:`ContentError`
    for the first problem (file, line, field), saying how many more there are."""
    from pydantic import ValidationError

    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        raise first_error(pydantic_errors(exc, locator)) from None


def load_model(
    path: str | os.PathLike[str],
    model_cls: type,
    *,
    not_a_mapping: str,
    union_tags: tuple[str, ...] = (),
) -> tuple[Any, Locator | None, list[ContentError]]:
    """Read a YAML file and validate it with ``model_cls``.

    Returns ``(model, locator, [])``, or ``(None, locator or None, every problem found)``.
    ``not_a_mapping`` is the message when the file's top level is not a mapping.
    """
    from pydantic import ValidationError

    path = Path(path)
    try:
        data, locator = load_yaml(path)
    except ContentError as exc:
        return None, None, [exc]
    if not isinstance(data, dict):
        return None, locator, [ContentError(path, 1, None, not_a_mapping)]
    try:
        return model_cls.model_validate(data), locator, []
    except ValidationError as exc:
        return None, locator, pydantic_errors(exc, locator, union_tags=union_tags)
