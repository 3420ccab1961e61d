"""The page wiring of wb.js in Chromium, on a page made of components' static HTML alone
(no book build): answers read from the DOM reach WB.grade, its result is shown, and the
"Download my notes" Markdown escapes what the learner typed."""

from __future__ import annotations

import pytest
from test_md_escape import inert_text

from workbook.components import MarkComplete, Quiz, Reflection
from workbook.content.quiz import load_quiz
from workbook.content.reflections import load_reflections

pytestmark = pytest.mark.browser


@pytest.fixture
def page(tmp_path, quiz_file, reflections_file, browser):
    body = (
        Quiz(load_quiz(quiz_file)).to_html()
        + Reflection(load_reflections(reflections_file).prompt("t-r1")).to_html()
        + MarkComplete("w01-s02").to_html()
    )
    html = tmp_path / "index.html"
    html.write_text(f"<!doctype html><html lang=en><body>{body}</body></html>", "utf-8")
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.dialogs = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(html.as_uri())
    yield page
    context.close()


def check(page, item_id: str) -> str:
    fieldset = page.locator(f'fieldset[data-wb-item="{item_id}"]')
    fieldset.locator(".wb-check").click()
    return " ".join(fieldset.locator(".wb-feedback").inner_text().split())


def test_quiz_marks_and_notes_escape_learner_text(page):
    q = lambda i: page.locator(f'fieldset[data-wb-item="{i}"]')  # noqa: E731
    q("t-q1").locator("input[value='0']").check()
    assert check(page, "t-q1").startswith("Not quite. Alpha is wrong because A.")
    q("t-q1").locator("input[value='1']").check()
    assert check(page, "t-q1").startswith("Correct. Beta is right because B.")
    q("t-q2").locator("input[value='0']").check()
    assert "1 of your 1 choice is right" in check(page, "t-q2")
    typed = "[x](https://evil.example) <img src=x onerror=alert(1)>"
    q("t-q3").locator("input").fill(typed)
    assert f"I could not read \u2018{typed}\u2019" in check(page, "t-q3")
    assert q("t-q3").locator(".wb-feedback a, .wb-feedback img").count() == 0
    q("t-q3").locator("input").fill("12,5 %")
    assert check(page, "t-q3") == "Right amount."  # feedback that affirms gets no "Correct."
    assert check(page, "t-q4").startswith("Not yet:")
    assert page.locator(".wb-score").inner_text() == "2 of 4 correct (4 answered)."

    reflection = "hello <script>alert(1)</script> https://evil.example\r# not a heading"
    page.locator(".wb-reflection textarea").fill(reflection)
    page.locator(".wb-save").click()
    page.locator(".wb-complete-button").click()
    page.locator(".wb-download-notes").first.click()
    markdown = page.evaluate(
        "() => fetch(document.querySelector('a[download=\"my-workbook-notes.md\"]').href)"
        ".then(r => r.text())"
    )
    visible = inert_text(markdown, {"h1", "h2", "h3", "p", "em", "ul", "li", "br"})
    assert "hello <script>alert(1)</script> https://evil.example" in visible
    assert "t-quiz t-q3: 12,5 % (correct" in visible
    assert not page.errors and not page.dialogs
