"""Notebook hygiene (DESIGN.md): committed without outputs or execution metadata, kernelspec
kept, ids stable; and the repository layout the design card fixes."""

import json
import subprocess

import pytest


def _committed_notebooks(root):
    out = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    return [root / p for p in out]


def test_there_are_notebooks(repo_root):
    assert len(_committed_notebooks(repo_root)) >= 7


@pytest.mark.parametrize("field", ["outputs", "execution_count", "execution metadata"])
def test_no_outputs_or_execution_state(repo_root, field):
    bad = []
    for path in _committed_notebooks(repo_root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            if field == "outputs" and cell.get("outputs"):
                bad.append(f"{path.relative_to(repo_root)} cell {i}")
            if field == "execution_count" and cell.get("execution_count") is not None:
                bad.append(f"{path.relative_to(repo_root)} cell {i}")
            if field == "execution metadata" and "execution" in cell.get("metadata", {}):
                bad.append(f"{path.relative_to(repo_root)} cell {i}")
    assert bad == [], f"strip {field} from: {bad}"


def test_kernelspec_kept(repo_root):
    for path in _committed_notebooks(repo_root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", path


def test_design_card_layout(repo_root):
    for name in ("book", "weeks", "case_studies", "src/workbook", "tests", "binder", "benchmarks"):
        assert (repo_root / name).is_dir(), name
    for name in ("_config.yml", "_toc.yml", "pyproject.toml", "README.md", "LICENSE", ".ci/run"):
        assert (repo_root / name).is_file(), name


def test_ci_runs_the_readme_test_command(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [c for c in block.splitlines()[1:] if c.strip() and not c.startswith("#")]
    assert len(commands) == 2, commands
    assert commands[1] in (repo_root / ".ci" / "run").read_text(encoding="utf-8")


def test_binder_configuration(repo_root):
    runtime = (repo_root / "binder" / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    post = (repo_root / "binder" / "postBuild").read_text()
    assert "set -e" in post and "pip install" in post and "-e ." in post
