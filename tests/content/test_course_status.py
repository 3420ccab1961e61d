"""The site says what it holds: complete weeks, steps still to come, links to written steps.

Built on a copy of the course's own week files in a tmp folder, so the tests do not depend on
how far the real course has got.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbook.content.generate import course_status_markdown, stale_generated, week_is_complete
from workbook.content.week import load_all_weeks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with week 1's plan: every step written except the last two."""
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    week = tmp_path / "weeks" / "week01"
    week.mkdir(parents=True)
    shutil.copy(ROOT / "weeks" / "week01" / "week.yaml", week / "week.yaml")
    plan = load_all_weeks(tmp_path, require_files=False)[0]
    for step in plan.steps[:-2]:
        (week / step.file).write_text("{}", encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_ROOT", str(tmp_path))
    return tmp_path, plan


def test_a_week_with_unwritten_steps_is_in_preparation(course):
    root, plan = course
    assert not week_is_complete(plan, root)
    text = course_status_markdown([plan], root)
    n = len(plan.steps)
    assert f"**Week 1** ({plan.title}): in preparation ({n - 2} of {n} steps written)." in text
    for step in plan.steps[-2:]:
        (root / "weeks" / "week01" / step.file).write_text("{}", encoding="utf-8")
    assert week_is_complete(plan, root)
    assert "All 1 weeks are complete" in course_status_markdown([plan], root)


def test_progress_counts_written_steps_links_them_and_lists_the_rest_as_coming(course):
    from workbook.components import WeekProgress

    root, plan = course
    progress = WeekProgress()
    week = progress.weeks[0]
    written, unwritten = plan.steps[:-2], plan.steps[-2:]
    assert [s["id"] for s in week["steps"]] == [s.id for s in written]
    assert [s["title"] for s in week["coming"]] == [s.title for s in unwritten]
    assert not week["complete"]
    minutes = sum(s.minutes for s in written)
    assert progress.summary() == [
        f"Week 1: 0 of {len(written)} steps done, about {minutes} minutes left."
    ]
    html = progress._static_html("p")
    for step in written:
        stem = Path(step.file).stem
        assert f'<a href="../weeks/week01/{stem}.html">' in html
    assert html.count('<span class="wb-step-state">Coming</span>') == 2
    assert "(in preparation)" in html
    # In JupyterLab the same links open the notebooks.
    assert f"../weeks/week01/{Path(written[0].file).stem}.ipynb" in progress.table_html(set())


def test_home_and_progress_pages_carry_the_current_status():
    # `workbook generate` writes the status into both pages; a stale copy fails here.
    stale = [p.relative_to(ROOT).as_posix() for p in stale_generated(ROOT)]
    assert "book/welcome.ipynb" not in stale and "book/progress.ipynb" not in stale
    for page in ("book/welcome.ipynb", "book/progress.ipynb"):
        assert "What this edition holds" in (ROOT / page).read_text(encoding="utf-8")
