"""Load YAML keeping the line of every field, so errors can point at it.

PyYAML's composer gives each node its position; we walk the node tree once and record the
line of every mapping key and sequence item by its path, e.g. ``("items", 3, "options")``.
Duplicate keys, which PyYAML would silently accept (the last one winning), are an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from workbook.content.errors import ContentError, FieldError

__all__ = ["Locator", "load_yaml", "parse_model"]


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            path, line, None, f"invalid YAML: {problem} (check indentation, colons and quotes)"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, None, None, f"invalid YAML: {exc}") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines, path)
    return data, Locator(path, lines)


def _describe_pydantic_error(err: dict) -> str:
    kind = err.get("type", "")
    msg = err.get("msg", "invalid value")
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling or remove it"
    got = err.get("input")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{msg[0].lower() + msg[1:]} (got {type(got).__name__} {got!r:.60})"
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def parse_model(model_cls: type, data: Any, locator: Locator):
    """Validate ``data`` with a pydantic model; on failure raise :class:`ContentError`
    for the first problem (file, line, field), listing how many more there are."""
    from pydantic import ValidationError

    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = tuple(p for p in first.get("loc", ()) if not (isinstance(p, str) and "[" in p))
        message = _describe_pydantic_error(first)
        located = (first.get("ctx") or {}).get("error")
        if isinstance(located, FieldError):
            loc = loc + located.loc
            message = located.message
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise locator.error(loc, message) from None
