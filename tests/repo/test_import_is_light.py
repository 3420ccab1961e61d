"""``import workbook`` stays light: heavy libraries load only when a subpackage needs them."""

import json
import subprocess
import sys

HEAVY = ("pandas", "matplotlib", "ipywidgets", "networkx", "simpy", "scipy", "numpy", "pydantic")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_workbook_loads_no_heavy_library():
    loaded = _modules_after("import workbook")
    assert not [m for m in HEAVY if m in loaded]


def test_version_comes_from_package_metadata():
    import importlib.metadata

    import workbook

    assert workbook.__version__ == importlib.metadata.version("workbook")


def test_cli_parser_builds_without_heavy_imports():
    loaded = _modules_after("from workbook.cli import build_parser; build_parser()")
    assert not [m for m in HEAVY if m in loaded]
