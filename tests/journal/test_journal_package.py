"""The journal package's shape: every name the single module exported still imports, modules
stay small, no module imports another that imports it back, and importing it stays light."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import workbook.journal

PACKAGE = Path(workbook.journal.__file__).parent

# Every public name of the former single module workbook/journal.py (its __all__ and the
# constants callers used), so code written against it keeps working.
FORMER_NAMES = [
    "APPLICATION",
    "SCHEMA_VERSION",
    "MAX_IMPORT_BYTES",
    "ContentTitles",
    "ImportResult",
    "Journal",
    "JournalError",
    "content_titles",
    "default_path",
    "read_import_file",
    "APPLICATION_ID",
    "EXPORT_VERSION",
    "NOTES_FORMAT",
    "MAX_TEXT_CHARS",
    "normalise_timestamp",
]


def test_every_former_public_name_still_imports():
    module = importlib.import_module("workbook.journal")
    missing = [name for name in FORMER_NAMES if not hasattr(module, name)]
    assert missing == []
    assert set(module.__all__) <= set(FORMER_NAMES)
    assert module.APPLICATION_ID == 0x57424A4C


def test_no_module_is_over_six_hundred_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def _imports_of(path: Path) -> set[str]:
    """The journal's own modules that ``path`` imports (at any depth in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (PACKAGE / f"{alias.name}.py").exists() else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("workbook.journal")}


def test_the_package_modules_import_each_other_without_a_cycle():
    graph = {
        f"workbook.journal.{p.stem}": _imports_of(p)
        for p in PACKAGE.glob("*.py")
        if p.stem != "__init__"
    }
    assert all("workbook.journal" not in deps for deps in graph.values()), graph  # not via __init__
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, " -> ".join([*visiting, module])
        if module in done:
            return
        visiting.append(module)
        for dep in graph.get(module, ()):
            visit(dep)
        visiting.pop()
        done.add(module)

    for module in graph:
        visit(module)


def test_importing_the_journal_loads_no_heavy_library():
    code = "import workbook.journal, sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    heavy = {"pandas", "matplotlib", "ipywidgets", "numpy", "pydantic", "yaml"}
    assert loaded & heavy == set()
