"""``import workbook.networks`` stays light: networkx, pandas and matplotlib load on first use."""

import json
import subprocess
import sys

import pytest

HEAVY = ("networkx", "matplotlib", "pandas", "numpy", "scipy")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_package_loads_no_heavy_library():
    loaded = _modules_after("import workbook.networks")
    assert [m for m in HEAVY if m in loaded] == []


def test_measures_do_not_load_matplotlib():
    loaded = _modules_after("from workbook.networks import node_measures, simulate_diffusion")
    assert "networkx" in loaded
    assert "matplotlib" not in loaded


def test_every_public_name_resolves():
    import workbook.networks as nw

    for name in nw.__all__:
        assert getattr(nw, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        nw.nothing  # noqa: B018
