"""The live rendering: the tour notebook in a real JupyterLab, answers saved to the journal."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest
import yaml

pytestmark = pytest.mark.browser

TOUR = "book/tour.ipynb"


def plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def tour_source(root: Path) -> str:
    path = root / TOUR
    if not path.is_file():
        pytest.fail(f"{TOUR} is missing: the tour notebook is not written yet")
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def tour_reflection_id(source: str) -> str:
    """The prompt id of the first reflection the tour displays."""
    m = re.search(r"Reflection\.for_prompt\(\s*['\"]([^'\"]+)['\"]", source) or re.search(
        r"Reflection\.from_file\(\s*['\"][^'\"]+['\"]\s*,\s*['\"]([^'\"]+)['\"]", source
    )
    if not m:
        pytest.fail(f"{TOUR} displays no Reflection.for_prompt/from_file that this test can find")
    return m.group(1)


def tour_quiz_items(root: Path, source: str) -> list[dict]:
    """Items of the quiz files the tour displays (to know the expected feedback)."""
    files = [
        root / "weeks" / f"week{int(n):02d}" / "quiz.yaml"
        for n in re.findall(r"Quiz\.for_week\(\s*(\d+)", source)
    ]
    files += [root / p for p in re.findall(r"Quiz\.from_file\(\s*['\"]([^'\"]+)['\"]", source)]
    items = []
    for f in files:
        if f.is_file():
            items += yaml.safe_load(f.read_text(encoding="utf-8")).get("items", [])
    return items


def expected_feedback(items: list[dict], option_label: str) -> tuple[bool, str] | None:
    for item in items:
        for option in item.get("options") or []:
            if plain(option["text"]) == plain(option_label):
                return bool(option.get("correct")), option["feedback"]
    return None


@pytest.fixture
def lab_page(page, lab, screenshot_dir, request):
    """The page, with a screenshot and the JupyterLab log printed if the test fails."""
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=str(screenshot_dir / "jupyterlab-failure.png"), full_page=True)
        print("JupyterLab log tail:\n" + lab.log_tail())


def test_tour_widgets_save_to_journal(lab_page, lab, lab_root, screenshot_dir):
    from workbook.journal import Journal

    page = lab_page
    source = tour_source(lab_root)
    prompt_id = tour_reflection_id(source)
    quiz_items = tour_quiz_items(lab_root, source)
    tour_file = lab_root / TOUR
    before = hashlib.sha256(tour_file.read_bytes()).hexdigest()

    page.goto(lab.tree(TOUR))
    page.locator(".jp-Notebook").first.wait_for(state="visible")
    # The kernel is connected once the status bar names it and says Idle.
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle")).first.wait_for()

    # Run > Run All Cells, through the menu bar as a learner would.
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator("#jp-mainmenu-run .lm-Menu-item").filter(
        has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))
    ).click()

    # The live widgets, not the static HTML, must render. If JupyterLab still asks which
    # kernel to use (it can, when the session was not ready), accept its default (Python 3).
    quiz = page.locator(".jp-OutputArea-output .wb-quiz-view").first
    select_kernel = page.locator(".jp-Dialog", has_text="Select Kernel").locator(
        "button.jp-mod-accept"
    )
    quiz.or_(select_kernel).first.wait_for(state="visible")
    if select_kernel.is_visible():
        select_kernel.click()
    quiz.wait_for(state="visible")
    check = quiz.locator(".widget-button", has_text="Check answer").first
    check.wait_for(state="visible")
    assert page.locator(".jp-OutputArea-output .wb-component").count() == 0, (
        "JupyterLab showed the static HTML instead of the widget"
    )

    # Answer the first item (its first option, if it has options; a number otherwise).
    first_item = check.locator("xpath=..")
    radio_labels = first_item.locator(".widget-radio-box label")
    chosen = None
    if radio_labels.count():
        chosen = radio_labels.first.inner_text()
        radio_labels.first.click()
    else:
        first_item.locator("input[type=checkbox], input[type=text]").first.click()
        if first_item.locator("input[type=text]").count():
            first_item.locator("input[type=text]").first.fill("1")
    check.click()
    feedback = first_item.locator(".wb-fb")
    feedback.wait_for(state="visible")
    shown = plain(feedback.inner_text())
    assert shown, "no feedback after Check answer"
    if chosen is not None and (expected := expected_feedback(quiz_items, chosen)):
        correct, text = expected
        assert plain(text) in shown, f"feedback {shown!r} lacks the quiz.yaml text {text!r}"
    assert "Not saved to your journal" not in shown, shown

    # Save a reflection through the widget.
    reflection_text = "Live reflection from JupyterLab: the handover checklist helped."
    area = page.locator(".jp-OutputArea-output .widget-textarea textarea").first
    area.wait_for(state="visible")
    area.fill(reflection_text)
    save = area.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]").locator(
        ".widget-button", has_text=re.compile(r"^\s*Save\s*$")
    )
    save.click()
    page.locator(".jp-OutputArea-output .wb-status", has_text="Saved").first.wait_for()

    # Mark the tour's step complete through its widget button.
    step = re.search(r"MarkComplete\(\s*['\"]([^'\"]+)['\"]", source)
    if step:
        done = page.locator(".jp-OutputArea-output .widget-button", has_text="Mark as complete")
        done.first.click()
        page.locator(".jp-OutputArea-output .widget-button", has_text="Completed").first.wait_for()

    quiz.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "jupyterlab-tour-quiz.png"))

    journal = Journal(lab.home / "journal.sqlite3")
    if step:
        assert step.group(1) in journal.completed_steps()
    assert journal.latest_reflection(prompt_id) == reflection_text
    attempts = journal.attempts()
    assert attempts, "the quiz answer was not recorded in the journal"
    if chosen is not None and (expected := expected_feedback(quiz_items, chosen)):
        assert attempts[-1]["correct"] is expected[0]

    # Nothing was written back into the committed notebook (autosave is off in the fixture).
    assert hashlib.sha256(tour_file.read_bytes()).hexdigest() == before
