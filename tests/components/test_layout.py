"""The components package's shape: no import cycle (lazy imports inside functions count
too), views only in widgets.py, the names notebooks use unchanged, and data-side classes
named apart from the components that display them."""

from __future__ import annotations

import ast
import inspect
from importlib import resources
from pathlib import Path

import workbook.components as components_pkg

PKG = "workbook.components"


def _modules(package: str) -> dict[str, Path]:
    root = Path(str(resources.files(package)))
    return {
        f"{package}.{p.stem}" if p.stem != "__init__" else package: p
        for p in sorted(root.glob("*.py"))
    }


def _imports(path: Path, modules: set[str]) -> list[tuple[str, bool]]:
    """Modules ``path`` imports (absolute names) and whether at module level.

    ``from package import submodule`` counts as importing the submodule (as Python's own
    cycle errors see it), ``from module import name`` as importing the module.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            subs = [f"{node.module}.{a.name}" for a in node.names]
            targets = [t for t in subs if t in modules] or [node.module]
        else:
            continue
        out += [(t, id(node) in top) for t in targets]
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules(PKG)
    return {
        name: {t for t, _ in _imports(path, set(mods)) if t in mods and t != name}
        for name, path in mods.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_walk_sees_the_package():
    graph = _graph()
    assert f"{PKG}.widgets" in graph and f"{PKG}.quiz" in graph
    assert f"{PKG}.widgets" in graph[f"{PKG}.quiz"]  # the lazy import is seen
    assert f"{PKG}.grading" in graph[f"{PKG}.widgets"]


def test_no_import_cycle_inside_components():
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()))


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_only_widgets_imports_ipywidgets_and_component_modules_import_it_lazily():
    mods = _modules(PKG)
    for name, path in mods.items():
        imports = _imports(path, set(mods))
        uses_ipywidgets = [top for t, top in imports if t.split(".")[0] == "ipywidgets"]
        if name == f"{PKG}.widgets":
            assert uses_ipywidgets and all(uses_ipywidgets)
        else:
            assert not uses_ipywidgets, name
            assert not [t for t, top in imports if top and t.startswith(f"{PKG}.widgets")], name


def test_public_names_notebooks_use():
    from workbook.components import MarkComplete, Quiz, Reflection, Transcript, WeekProgress

    for cls in (Quiz, Reflection, Transcript, MarkComplete, WeekProgress):
        assert inspect.isclass(cls) and cls.__module__.startswith(PKG)
        assert callable(cls._repr_mimebundle_)
    assert set(components_pkg.__all__) >= {
        "Quiz",
        "Reflection",
        "Transcript",
        "MarkComplete",
        "WeekProgress",
    }


def _class_names(package: str) -> set[str]:
    names = set()
    for _, path in _modules(package).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    return names


def test_content_models_are_named_apart_from_components():
    clash = _class_names("workbook.content") & _class_names(PKG)
    assert not clash, f"the same class name on the data and the view side: {sorted(clash)}"
    assert "QuizModel" in _class_names("workbook.content")
