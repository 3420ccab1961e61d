"""Course notebooks as files: their JSON shape and their hygiene.

A notebook is committed without outputs, execution counts or execution metadata, and keeps
the ``python3`` kernelspec (DESIGN.md). :func:`notebook_errors` reports each problem as a
:class:`~workbook.content.errors.ContentError` naming the file, the JSON line where it can
and the field (``cells[3].outputs``); a file that is not JSON, or not a notebook's shape, is
one located error rather than a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbook.content.errors import ContentError

__all__ = ["read_notebook", "notebook_errors", "markdown_text", "MAX_NOTEBOOK_BYTES"]

#: The largest notebook read (a course notebook without outputs is well under 1 MB).
MAX_NOTEBOOK_BYTES = 20_000_000

_CELL_TYPES = ("markdown", "code", "raw")
_CLEAR = "clear it (Edit > Clear Outputs of All Cells, then save) before committing"


def _is_text(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


def read_notebook(path: Path) -> dict:
    """The notebook's JSON, checked for the shape the course tools rely on.

    Raises :class:`ContentError` (file, line, field) when it cannot be read, is not JSON, or
    is not a notebook: a mapping with ``cells`` (each a mapping with a known ``cell_type`` and
    text ``source``) and ``metadata``.
    """
    try:
        if not path.is_file():  # a pipe would block the read for ever
            raise ContentError(path, None, None, "is not a regular file (a folder, device or pipe)")
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise ContentError(path, None, None, "is larger than 20 MB; clear its outputs")
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, None, None, f"cannot read the file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, None, f"not UTF-8 text ({exc.reason})") from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(
            path, exc.lineno, None, f"not valid notebook JSON: {exc.msg}; open and re-save it"
        ) from None
    except RecursionError:
        raise ContentError(path, None, None, "not a notebook: JSON nested too deeply") from None
    if not isinstance(nb, dict):
        raise ContentError(
            path, 1, None, f"not a notebook: the JSON is a {type(nb).__name__}, not an object"
        )
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise ContentError(path, None, "cells", "not a notebook: 'cells' must be a list of cells")
    if not isinstance(nb.get("metadata", {}), dict):
        raise ContentError(path, None, "metadata", "must be a mapping")
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise ContentError(path, None, ("cells", i), "each cell must be a JSON object")
        if cell.get("cell_type") not in _CELL_TYPES:
            raise ContentError(
                path,
                None,
                ("cells", i, "cell_type"),
                f"must be one of {', '.join(_CELL_TYPES)}, not {str(cell.get('cell_type'))[:40]!r}",
            )
        if not _is_text(cell.get("source", "")):
            raise ContentError(
                path, None, ("cells", i, "source"), "must be text or a list of lines of text"
            )
        if not isinstance(cell.get("metadata", {}), dict):
            raise ContentError(path, None, ("cells", i, "metadata"), "must be a mapping")
    return nb


def markdown_text(nb: dict) -> str:
    """The text of a notebook's Markdown cells (for citation checks)."""
    return "\n".join(
        "".join(c.get("source", "")) for c in nb["cells"] if c.get("cell_type") == "markdown"
    )


def notebook_errors(path: Path, nb: dict) -> list[ContentError]:
    """The hygiene problems of a notebook already read with :func:`read_notebook`."""
    errors: list[ContentError] = []
    kernel = nb.get("metadata", {}).get("kernelspec")
    name = kernel.get("name") if isinstance(kernel, dict) else None
    if name != "python3":
        errors.append(
            ContentError(
                path,
                None,
                "metadata.kernelspec.name",
                f"is {name!r}; course notebooks use the 'python3' kernel (Kernel > Change Kernel)",
            )
        )
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            errors.append(
                ContentError(path, None, ("cells", i, "outputs"), f"has output; {_CLEAR}")
            )
        if cell.get("execution_count") is not None:
            errors.append(
                ContentError(path, None, ("cells", i, "execution_count"), f"is set; {_CLEAR}")
            )
        if "execution" in cell.get("metadata", {}):
            errors.append(
                ContentError(
                    path,
                    None,
                    ("cells", i, "metadata.execution"),
                    "holds timings from a run; remove them (nbstripout does) before committing",
                )
            )
    return errors
