"""The published book in a real browser: static quiz, reflection, mark complete, progress, notes.

Selectors and storage keys come from the "Static site DOM and storage contract" in
the interfaces brief; expected feedback comes from the week's quiz.yaml itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

# The course folder whose book is under test (WORKBOOK_ROOT wins, as in workbook.paths).
ROOT = Path(os.environ.get("WORKBOOK_ROOT") or Path(__file__).resolve().parents[2])
TOUR = "book/tour.html"
PROGRESS = "book/progress.html"
QUIZ_PAGE = "weeks/week01/09-quiz.html"
QUIZ_YAML = ROOT / "weeks" / "week01" / "quiz.yaml"


# --------------------------------------------------------------------------- helpers


def plain(text: str) -> str:
    """Course markdown or rendered text reduced to comparable words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def open_page(page, site_url: str, rel: str):
    response = page.goto(site_url + rel, wait_until="load")
    assert response is not None and response.status == 200, f"{rel} was not served (built?)"
    return response


def storage(page, key: str):
    raw = page.evaluate("k => window.localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def quiz_data() -> dict:
    if not QUIZ_YAML.is_file():
        pytest.fail(f"{QUIZ_YAML.relative_to(ROOT)} is missing: the week 1 quiz is not written yet")
    return yaml.safe_load(QUIZ_YAML.read_text(encoding="utf-8"))


def single_item_with_wrong_option(quiz: dict) -> tuple[dict, dict, dict]:
    """First single-choice item with a wrong and a right option (item, wrong, right)."""
    for item in quiz["items"]:
        if item.get("type") != "single":
            continue
        wrong = [o for o in item["options"] if not o.get("correct")]
        right = [o for o in item["options"] if o.get("correct")]
        if wrong and right:
            return item, wrong[0], right[0]
    pytest.fail("week 1 quiz.yaml has no single-choice item with a wrong option")


def choose_option(fieldset, option_text: str) -> None:
    """Check the radio/checkbox whose label reads ``option_text``."""
    labels = fieldset.locator("label")
    wanted = plain(option_text)
    for i in range(labels.count()):
        label = labels.nth(i)
        if plain(label.inner_text()) == wanted:
            label.click()
            return
    seen = [plain(labels.nth(i).inner_text()) for i in range(labels.count())]
    pytest.fail(f"no option labelled {wanted!r} in {fieldset}; labels: {seen}")


def first_component(page, kind: str):
    root = page.locator(f".wb-component.wb-{kind}").first
    root.wait_for(state="visible")
    return root


def save_reflection(page, text: str) -> str:
    """Type ``text`` into the page's first reflection and save it; return its prompt id."""
    refl = first_component(page, "reflection")
    prompt_id = refl.get_attribute("data-wb-id")
    assert prompt_id, "reflection root has no data-wb-id"
    refl.locator("textarea").fill(text)
    refl.locator("button.wb-save").click()
    status = refl.locator(".wb-status")
    status.filter(has_text=re.compile(r"^\s*Saved")).wait_for()  # not "Last saved" on load
    return prompt_id


def mark_first_step_complete(page) -> str:
    button = page.locator("button.wb-complete-button").first
    button.wait_for(state="visible")
    step = button.get_attribute("data-wb-step")
    assert step, "mark-complete button has no data-wb-step"
    assert button.get_attribute("aria-pressed") == "false", "step starts complete in a new browser"
    button.click()
    page.wait_for_function(
        "s => document.querySelector(`button.wb-complete-button[data-wb-step='${s}']`)"
        ".getAttribute('aria-pressed') === 'true'",
        arg=step,
    )
    return step


# --------------------------------------------------------------------------- quiz


def test_quiz_feedback_wrong_then_right(page, site_url, screenshot_dir):
    quiz = quiz_data()
    item, wrong, right = single_item_with_wrong_option(quiz)
    open_page(page, site_url, QUIZ_PAGE)
    fieldset = page.locator(f'fieldset.wb-item[data-wb-item="{item["id"]}"]')
    fieldset.wait_for(state="visible")
    feedback = fieldset.locator(".wb-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    check = fieldset.locator("button.wb-check")
    assert plain(check.inner_text()) == "Check answer"

    choose_option(fieldset, wrong["text"])
    check.click()
    feedback.filter(has_text=plain(wrong["feedback"])[:40]).wait_for()
    assert plain(wrong["feedback"]) in plain(feedback.inner_text())
    fieldset.screenshot(path=str(screenshot_dir / "quiz-item-wrong-answer.png"))

    choose_option(fieldset, right["text"])
    check.click()
    feedback.filter(has_text=plain(right["feedback"])[:40]).wait_for()
    shown = plain(feedback.inner_text())
    assert plain(right["feedback"]) in shown
    assert plain(wrong["feedback"]) not in shown, "old feedback left on screen"
    fieldset.screenshot(path=str(screenshot_dir / "quiz-item-right-answer.png"))

    attempts = storage(page, f"workbook:v1:attempt:{quiz['id']}:{item['id']}")
    assert [a["correct"] for a in attempts] == [False, True]
    assert all(a.get("at") for a in attempts)


def test_quiz_with_keyboard_only(page, site_url):
    """Tab to each item, Space to choose, Tab to "Check answer", Enter; no clicks at all."""
    quiz = quiz_data()
    open_page(page, site_url, QUIZ_PAGE)
    page.locator("fieldset.wb-item").first.wait_for(state="visible")
    answered = []
    for item in quiz["items"]:
        item_id = item["id"]
        in_item = f'fieldset.wb-item[data-wb-item="{item_id}"]'
        # Tab until the focus is on this item's first control (the first option, or the
        # number box, or the first ordering button).
        tab_until(page, f"{in_item} input, {in_item} button", what=f"a control of {item_id}")
        if item["type"] in {"single", "multiple"}:
            page.keyboard.press("Space")
        elif item["type"] == "numeric":
            page.keyboard.type(format_number(item["answer"]))
        tab_until(page, f"{in_item} button.wb-check", what=f"Check answer of {item_id}")
        page.keyboard.press("Enter")
        page.locator(f"{in_item} .wb-feedback").filter(has_text=re.compile(r"\S")).wait_for()
        answered.append(item_id)

    for item in quiz["items"]:
        key = f"workbook:v1:attempt:{quiz['id']}:{item['id']}"
        assert storage(page, key), f"no attempt stored for {item['id']} via the keyboard"
    numeric = [i for i in quiz["items"] if i["type"] == "numeric"]
    for item in numeric:
        attempts = storage(page, f"workbook:v1:attempt:{quiz['id']}:{item['id']}")
        assert attempts[-1]["correct"] is True, f"typed the exact answer to {item['id']}"
    score = page.locator(".wb-quiz .wb-score").first.inner_text()
    assert f"{len(quiz['items'])} answered" in score, f"score summary: {score!r}"
    assert answered == [i["id"] for i in quiz["items"]]


def format_number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def tab_until(page, selector: str, what: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (fail after ``limit``)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {what} ({selector}) after {limit} presses")


# --------------------------------------------------------------------------- reflection


def test_reflection_survives_reload(page, site_url):
    text = "My first reflection:\nwaits in clinic B grew after the rota changed."
    open_page(page, site_url, TOUR)
    prompt_id = save_reflection(page, text)
    status = first_component(page, "reflection").locator(".wb-status")
    assert status.get_attribute("aria-live") in {"polite", "assertive"}
    label_for = page.evaluate(
        """() => { const t = document.querySelector('.wb-reflection textarea');
                   return t.labels.length ? t.labels[0].innerText.trim() : ''; }"""
    )
    assert label_for, "the reflection textarea has no visible <label>"

    page.reload(wait_until="load")
    refl = first_component(page, "reflection")
    assert refl.locator("textarea").input_value() == text
    history = storage(page, f"workbook:v1:reflection:{prompt_id}")
    assert history[-1]["text"] == text and history[-1]["saved_at"]

    # A second save keeps the first version (history, newest last).
    refl.locator("textarea").fill(text + " Update.")
    refl.locator("button.wb-save").click()
    page.wait_for_function(
        "k => JSON.parse(localStorage.getItem(k) || '[]').length === 2",
        arg=f"workbook:v1:reflection:{prompt_id}",
    )
    texts = [v["text"] for v in storage(page, f"workbook:v1:reflection:{prompt_id}")]
    assert texts == [text, text + " Update."]


def test_hostile_text_stays_text(page, site_url, watch):
    """Learner text with markup is stored and shown as text; nothing in it ever runs."""
    hostile = '<img src=x onerror=alert(1)> <script>alert(2)</script> "quotes" & <b>bold</b>'
    open_page(page, site_url, TOUR)
    prompt_id = save_reflection(page, hostile)
    page.reload(wait_until="load")
    refl = first_component(page, "reflection")
    assert refl.locator("textarea").input_value() == hostile

    # Also plant hostile history straight into storage, as a tampered import might.
    page.evaluate(
        """([k, t]) => localStorage.setItem(k, JSON.stringify([
               {text: t, saved_at: '2026-11-26T10:00:00Z'}]))""",
        [f"workbook:v1:reflection:{prompt_id}", hostile + " <svg onload=alert(3)>"],
    )
    page.reload(wait_until="load")
    refl = first_component(page, "reflection")
    assert refl.locator("textarea").input_value() == hostile + " <svg onload=alert(3)>"
    open_page(page, site_url, PROGRESS)
    first_component(page, "progress")

    # A number box echoes what it cannot read: that echo must be text too.
    quiz = quiz_data()
    numeric = next((i for i in quiz["items"] if i["type"] == "numeric"), None)
    if numeric is not None:
        open_page(page, site_url, QUIZ_PAGE)
        fieldset = page.locator(f'fieldset.wb-item[data-wb-item="{numeric["id"]}"]')
        fieldset.locator("input").first.fill("<img src=x onerror=alert(4)>")
        fieldset.locator("button.wb-check").click()
        fieldset.locator(".wb-feedback").filter(has_text=re.compile(r"\S")).wait_for()
        assert fieldset.locator(".wb-feedback img").count() == 0

    open_page(page, site_url, TOUR)
    first_component(page, "reflection")
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("svg[onload]").count() == 0
    assert not watch.dialogs, f"script from learner text ran: {watch.dialogs}"
    assert not [u for u in watch.requests if u.rstrip("/").endswith("/x")], (
        "the browser fetched 'x': an <img> from learner text was parsed as HTML"
    )
    assert not watch.page_errors, watch.page_errors
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


# --------------------------------------------------------------------------- progress


def progress_state(page, step: str) -> dict:
    """Text of the progress page and what it says about ``step``."""
    root = first_component(page, "progress")
    return page.evaluate(
        """([root, step]) => {
             const el = root.querySelector(`[data-wb-step="${step}"]`);
             return {text: root.innerText,
                     step: el ? el.outerHTML : null,
                     stepText: el ? el.innerText : null};
           }""",
        [root.element_handle(), step],
    )


def test_mark_complete_changes_progress_page(page, site_url, screenshot_dir):
    open_page(page, site_url, PROGRESS)
    before_all = first_component(page, "progress").inner_text()
    before_step = progress_state(page, "w01-s02")

    step_page = "weeks/week01/02-welcome.html"
    open_page(page, site_url, step_page)
    step = mark_first_step_complete(page)
    assert step == "w01-s02"
    saved = storage(page, f"workbook:v1:complete:{step}")
    assert saved["complete"] is True and saved["at"]

    page.reload(wait_until="load")
    button = page.locator(f'button.wb-complete-button[data-wb-step="{step}"]')
    assert button.get_attribute("aria-pressed") == "true", "completion lost on reload"

    open_page(page, site_url, PROGRESS)
    after = progress_state(page, step)
    assert after["text"] != before_all, "the progress page did not change after marking a step"
    assert after["step"] is not None, f"progress page has no element for {step}"
    assert after["stepText"] != before_step["stepText"], f"{step} looks the same on the page"
    assert "Not done" in before_step["stepText"] and "Not done" not in after["stepText"]
    assert "Done" in after["stepText"]
    week_summary = page.locator('.wb-progress [data-wb-week="1"] .wb-week-summary').inner_text()
    assert re.match(r"Week 1: 1 of \d+ steps done", week_summary), week_summary
    first_component(page, "progress").screenshot(
        path=str(screenshot_dir / "progress-one-step-done.png")
    )

    # Undo: pressing again marks it not complete, and the progress page follows.
    open_page(page, site_url, step_page)
    page.locator(f'button.wb-complete-button[data-wb-step="{step}"]').click()
    page.wait_for_function(
        "s => document.querySelector(`button.wb-complete-button[data-wb-step='${s}']`)"
        ".getAttribute('aria-pressed') === 'false'",
        arg=step,
    )
    open_page(page, site_url, PROGRESS)
    assert first_component(page, "progress").inner_text() == before_all


# --------------------------------------------------------------------------- notes


def test_download_notes_and_import_into_journal(page, site_url, tmp_path):
    quiz = quiz_data()
    item, wrong, right = single_item_with_wrong_option(quiz)
    open_page(page, site_url, QUIZ_PAGE)
    fieldset = page.locator(f'fieldset.wb-item[data-wb-item="{item["id"]}"]')
    choose_option(fieldset, right["text"])
    fieldset.locator("button.wb-check").click()
    fieldset.locator(".wb-feedback").filter(has_text=re.compile(r"\S")).wait_for()

    open_page(page, site_url, "weeks/week01/02-welcome.html")
    step = mark_first_step_complete(page)

    open_page(page, site_url, TOUR)
    text = "Notes to carry to Binder: ask the ward sister about handover."
    prompt_id = save_reflection(page, text)

    downloads = download_notes(page, tmp_path)
    assert "my-workbook-notes.json" in downloads, f"downloads offered: {sorted(downloads)}"
    notes = json.loads(downloads["my-workbook-notes.json"].read_text(encoding="utf-8"))
    assert notes["format"] == "workbook-notes" and notes["version"] == 1
    assert notes["source"] == "static-site"
    assert {"prompt_id": prompt_id, "text": text} in [
        {"prompt_id": r["prompt_id"], "text": r["text"]} for r in notes["reflections"]
    ]
    assert step in [s["step_id"] for s in notes["completed_steps"]]
    assert (quiz["id"], item["id"], True) in [
        (a["quiz_id"], a["item_id"], a["correct"]) for a in notes["quiz_attempts"]
    ]
    if "my-workbook-notes.md" in downloads:
        assert text in downloads["my-workbook-notes.md"].read_text(encoding="utf-8")

    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, WORKBOOK_HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(ROOT / "src"), env.get("PYTHONPATH", "")] if p
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbook",
            "journal",
            "import",
            str(downloads["my-workbook-notes.json"]),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"import failed:\n{done.stdout}\n{done.stderr}"

    from workbook.journal import Journal

    journal = Journal(home / "journal.sqlite3")
    assert journal.latest_reflection(prompt_id) == text
    assert step in journal.completed_steps()
    attempts = journal.attempts(quiz["id"])
    assert any(a["item_id"] == item["id"] and a["correct"] for a in attempts), attempts


def download_notes(page, folder: Path) -> dict[str, Path]:
    """Press "Download my notes", then fetch each file it offers as a real download.

    The button offers ``my-workbook-notes.md`` and ``my-workbook-notes.json`` as links next to
    it (a click on a link downloads); a file the click itself downloads is kept as well.
    """
    button = page.locator("button.wb-download-notes").first
    button.wait_for(state="visible")
    files: dict[str, Path] = {}

    def keep(download):
        target = folder / download.suggested_filename
        download.save_as(target)
        files[download.suggested_filename] = target

    page.on("download", keep)
    button.click()
    holder = button.locator("xpath=..")
    json_link = holder.locator('a[download="my-workbook-notes.json"]')
    json_link.wait_for(state="visible")
    for name in ("my-workbook-notes.json", "my-workbook-notes.md"):
        link = holder.locator(f'a[download="{name}"]')
        if name in files or not link.count():
            continue
        with page.expect_download() as got:
            link.click()
        got.value.path()  # wait until the file is complete
    page.remove_listener("download", keep)
    return files


# --------------------------------------------------------------------------- whole site


SITE_PAGES = ["", TOUR, PROGRESS, QUIZ_PAGE, "search.html?q=variation"]


@pytest.mark.parametrize("rel", SITE_PAGES)
def test_page_loads_offline_without_errors(page, site_url, watch, rel):
    """Every key page loads with all requests on 127.0.0.1 and no script errors."""
    page.goto(site_url + rel, wait_until="networkidle")
    assert not watch.page_errors, f"script errors on {rel}: {watch.page_errors}"
    assert not watch.dialogs
    # The context fixture fails the test if anything reached beyond 127.0.0.1.
    assert watch.requests, "the route guard saw no requests"
    assert not watch.offsite, watch.offsite
    # The static rendering, not a widget placeholder: no widget manager, no RequireJS.
    assert page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count() == 0
    assert page.locator('script[src*="require"], script[src*="embed-amd"]').count() == 0


@pytest.mark.parametrize("rel", [TOUR, PROGRESS, QUIZ_PAGE])
def test_component_assets_once_per_page_and_small(page, site_url, rel):
    """Inline component script and style: none repeated on a page, under 30 KB together."""
    open_page(page, site_url, rel)
    page.locator(".wb-component").first.wait_for(state="visible")
    assets = page.evaluate(
        """() => [...document.querySelectorAll('.cell_output script:not([src]), .cell_output style')]
               .filter(e => !(e.type || '').includes('json'))
               .map(e => e.textContent)"""
    )
    assert assets, f"no inline component script or style on {rel}"
    assert len(assets) == len(set(assets)), f"a component script or style is repeated on {rel}"
    size = sum(len(a.encode("utf-8")) for a in assets)
    assert size < 30_000, f"{size} bytes of inline component script and style on {rel}"
