"""case_studies/<case>/case.yaml: the source of the case index and of the case chapters in the
table of contents. `workbook generate` writes them; `workbook check` fails (one located line,
exit 1) when they are stale or when case.yaml is wrong."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.content.case import all_cases, load_case
from workbook.content.errors import ContentError
from workbook.content.week import load_week

ROOT = Path(__file__).resolve().parents[2]
CASE_YAML = ROOT / "case_studies" / "uk-variation" / "case.yaml"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course's content (no package, no build) to break."""
    for name in ("book", "weeks", "case_studies"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbook", "check", "--root", str(root)],
        capture_output=True,
        text=True,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old  # guards the test itself
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_uk_case_says_what_it_is_and_where_it_is_used():
    case = load_case(CASE_YAML)
    assert case.provenance == "synthetic" and case.seed == 20151
    assert {c.cite for c in case.calibration} == {"NHSDigital2019Readmissions", "Tsang2017"}
    week = load_week(ROOT / "weeks" / f"week{case.week:02d}" / "week.yaml")
    step = next(s for s in week.steps if s.id == case.step)
    assert f"weeks/week{case.week:02d}/{step.file}" == case.exercise
    listed = {f.path for f in case.data}
    on_disk = {f"data/{p.name}" for p in (CASE_YAML.parent / "data").glob("*.csv")}
    assert listed == on_disk


def test_toc_and_index_come_from_the_case_files():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    index = (ROOT / "case_studies" / "index.md").read_text(encoding="utf-8")
    for slug, case in all_cases(ROOT):
        assert f"- file: case_studies/{slug}/{case.dictionary.removesuffix('.md')}" in toc
        assert f"## {case.title}" in index
        assert f"../{case.exercise}" in index
        if case.provenance == "synthetic":
            assert "**The data are synthetic**" in index
            for source in case.calibration:
                assert f"{{cite:p}}`{source.cite}`" in index


def test_check_fails_when_the_index_is_stale_and_generate_fixes_it(course):
    assert _check(course).returncode == 0
    _edit(
        course / "case_studies" / "uk-variation" / "case.yaml",
        "title: Unwarranted",
        "title: Warranted",
    )
    proc = _check(course)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "case_studies/index.md" in proc.stderr and "workbook generate" in proc.stderr
    gen = subprocess.run(
        [sys.executable, "-m", "workbook", "generate", "--root", str(course)],
        capture_output=True,
        text=True,
    )
    assert gen.returncode == 0, gen.stderr
    assert "## Warranted variation in the UK" in (course / "case_studies" / "index.md").read_text()
    assert _check(course).returncode == 0


def test_a_new_case_folder_gets_its_chapter_in_the_toc(course):
    new = course / "case_studies" / "lean-demo"
    shutil.copytree(course / "case_studies" / "uk-variation", new)
    _edit(new / "case.yaml", "title: Unwarranted variation in the UK", "title: Lean demo")
    assert _check(course).returncode == 1
    subprocess.run(
        [sys.executable, "-m", "workbook", "generate", "--root", str(course)],
        check=True,
        capture_output=True,
    )
    assert "- file: case_studies/lean-demo/data/README" in (course / "_toc.yml").read_text()
    assert "## Lean demo" in (course / "case_studies" / "index.md").read_text()


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("week: 1", "week: 9", "case.yaml:8: week:"),
        ("step: w01-s06", "step: w02-s06", "case.yaml:9: step:"),
        ("  - path: data/monthly.csv", "  - path: data/missing.csv", "case.yaml:20: data[2].path:"),
        ("seed: 20151\n", "", "case.yaml:12: generator:"),
        ("provenance: synthetic", "provenance: made-up", "case.yaml:11: provenance:"),
    ],
)
def test_a_wrong_case_yaml_is_one_located_line_from_check(course, old, new, where, capsys):
    path = course / "case_studies" / "uk-variation" / "case.yaml"
    _edit(path, old, new)
    with pytest.raises(ContentError) as exc:
        load_case(path)
    assert f"{where}" in str(exc.value).replace("\\", "/"), str(exc.value)
    assert main(["check", "--root", str(course)]) == 1
    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err, err
    assert sum(where in line for line in err.splitlines()) == 1
