"""Finding the course folder and the learner's data folder."""

from pathlib import Path

import pytest

from workbook.errors import UserError
from workbook.paths import project_root, week_dir, workbook_home


def test_root_found_from_a_subfolder(repo_root, monkeypatch):
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    monkeypatch.chdir(repo_root / "book")
    assert project_root() == repo_root


def test_root_found_from_package_location_outside_the_course(repo_root, tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert project_root() == repo_root  # the editable install sits inside the clone


def test_root_env_must_point_at_a_course(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_ROOT", str(tmp_path))
    with pytest.raises(UserError, match="WORKBOOK_ROOT"):
        project_root()


def test_week_dir_validates_week_number(repo_root):
    assert week_dir(3, repo_root) == repo_root / "weeks" / "week03"
    with pytest.raises(ValueError, match="1 to 6"):
        week_dir(7, repo_root)
    with pytest.raises(TypeError):
        week_dir("1", repo_root)  # type: ignore[arg-type]


def test_workbook_home_honours_env(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_HOME", str(tmp_path / "h"))
    assert workbook_home() == tmp_path / "h"


def test_workbook_home_defaults_to_platform_data_dir(monkeypatch):
    import platformdirs

    monkeypatch.delenv("WORKBOOK_HOME", raising=False)
    assert workbook_home() == Path(platformdirs.user_data_path("workbook", appauthor=False))
