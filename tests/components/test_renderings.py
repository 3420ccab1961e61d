"""The three renderings: one mimebundle, stable ids, the DOM contract, escaping, size."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from workbook.components import MarkComplete, Quiz, Reflection, Transcript, WeekProgress
from workbook.components._base import asset_bytes, reset_page
from workbook.content.quiz import load_quiz
from workbook.content.reflections import load_reflections

WIDGET = "application/vnd.jupyter.widget-view+json"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [go](javascript:alert(1))"


@pytest.fixture
def quiz(quiz_file):
    return Quiz(load_quiz(quiz_file))


@pytest.fixture
def reflection(reflections_file):
    return Reflection(load_reflections(reflections_file).prompt("t-r1"))


@pytest.fixture
def transcript(write):
    path = write(
        "talk.vtt",
        """
        WEBVTT

        00:00:01.000 --> 00:00:05.000
        Welcome to the talk about flow.

        00:01:05.500 --> 00:01:09.000
        Queues grow when demand exceeds capacity.
        """,
    )
    return Transcript.from_file(path, title="A talk")


def all_components(quiz, reflection, transcript):
    weeks = [
        type(
            "W",
            (),
            {
                "week": 1,
                "title": "Week one",
                "steps": [
                    type("S", (), {"id": "w01-s01", "title": "Overview", "minutes": 10})(),
                    type("S", (), {"id": "w01-s02", "title": "Welcome", "minutes": 20})(),
                ],
            },
        )()
    ]
    return [quiz, reflection, transcript, MarkComplete("w01-s02"), WeekProgress(weeks)]


def test_bundle_has_three_renderings(quiz, reflection, transcript, learner_home):
    for comp in all_components(quiz, reflection, transcript):
        bundle = comp._repr_mimebundle_()
        assert set(bundle) >= {WIDGET, "text/html", "text/plain"}
        assert bundle[WIDGET]["model_id"] == comp.view.model_id
        assert bundle["text/html"].count('class="wb-component') == 1
        assert bundle["text/plain"].strip()


def test_import_does_not_load_ipywidgets():
    code = (
        "import sys, workbook.components as c; c.Quiz; "
        "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_html_is_stable_across_runs_and_has_no_random_ids(quiz_file, reflections_file):
    def render():
        reset_page()
        return (
            Quiz(load_quiz(quiz_file)).to_html()
            + Reflection(load_reflections(reflections_file).prompt("t-r1")).to_html()
            + MarkComplete("w01-s02").to_html()
        )

    first, second = render(), render()
    assert first == second
    ids = re.findall(r'(?<![\w-])id="([^"]+)"', first)
    assert ids and all(i.startswith("wb-") for i in ids)
    assert len(ids) == len(set(ids))
    assert not re.search(r"[0-9a-f]{16,}", " ".join(ids))


def test_assets_once_per_page_and_second_copy_gets_new_ids(quiz_file):
    a, b = Quiz(load_quiz(quiz_file)).to_html(), Quiz(load_quiz(quiz_file)).to_html()
    assert a.count('<script id="wb-script">') == 1 and "wb-script" not in b
    assert 'id="wb-t-quiz"' in a and 'id="wb-t-quiz-2"' in b
    reset_page()
    assert "wb-script" in MarkComplete("w01-s01").to_html()


def test_quiz_dom_contract(quiz):
    page = quiz.to_html()
    assert '<div class="wb-component wb-quiz" data-wb-id="t-quiz"' in page
    for item_id in ("t-q1", "t-q2", "t-q3", "t-q4"):
        assert f'<fieldset class="wb-item" data-wb-item="{item_id}"' in page
    assert page.count('<button type="button" class="wb-check">Check answer</button>') == 4
    assert page.count('<div class="wb-feedback" aria-live="polite">') == 4
    assert page.count('type="radio"') == 3 and page.count('type="checkbox"') == 3
    assert 'inputmode="decimal"' in page and 'class="wb-score"' in page
    # every input has a label pointing at it
    for input_id in re.findall(r'<input type="(?:radio|checkbox|text)" id="([^"]+)"', page):
        assert f'<label for="{input_id}">' in page
    assert page.count('class="wb-up"') == 4 and page.count('class="wb-down"') == 4
    data = json.loads(
        re.search(r'<script type="application/json" class="wb-data">(.*?)</script>', page).group(1)
    )
    assert data["quiz_id"] == "t-quiz"
    assert data["items"]["t-q1"]["options"][1]["feedback"] == "<p>Beta is right because B.</p>"
    assert data["items"]["t-q3"]["answer"] == 12.5


def test_reflection_complete_transcript_progress_dom(reflection, transcript, quiz):
    page = reflection.to_html()
    assert 'class="wb-component wb-reflection" data-wb-id="t-r1"' in page
    tid = re.search(r'<textarea id="([^"]+)"', page).group(1)
    assert f'<label for="{tid}">Your reflection</label>' in page
    assert '<button type="button" class="wb-save">Save</button>' in page
    assert 'class="wb-status" aria-live="polite"' in page
    assert '<button type="button" class="wb-download-notes">Download my notes</button>' in page
    done = MarkComplete("w01-s02").to_html()
    assert (
        '<button type="button" class="wb-complete-button" aria-pressed="false" '
        'data-wb-step="w01-s02">'
    ) in done
    assert 'class="wb-component wb-complete" data-wb-id="w01-s02"' in done
    tr = transcript.to_html()
    assert 'class="wb-component wb-transcript" data-wb-id="talk"' in tr
    assert '<span class="wb-time">[01:05]</span>' in tr and 'type="search"' in tr


def test_transcript_video_links():
    from workbook.components.transcript import timestamp, video_link

    assert video_link("https://www.youtube.com/watch?v=abc", 65.5) == (
        "https://www.youtube.com/watch?v=abc&t=65"
    )
    assert video_link("https://youtu.be/abc?t=3", 7) == "https://youtu.be/abc?t=7"
    assert video_link("https://media.example.org/talk.mp4", 90) == (
        "https://media.example.org/talk.mp4#t=90"
    )
    assert timestamp(3725) == "[1:02:05]" and timestamp(5) == "[00:05]"


def test_transcript_with_video_url(write):
    path = write("v.vtt", "WEBVTT\n\n00:00:30.000 --> 00:00:35.000\nHello.\n")
    t = Transcript.from_file(path, video_url="https://www.youtube.com/watch?v=x")
    assert 'href="https://www.youtube.com/watch?v=x&amp;t=30"' in t.to_html()
    with pytest.raises(ValueError, match="http"):
        Transcript.from_file(path, video_url="javascript:alert(1)")


def test_text_renderings(quiz, reflection, transcript):
    text = quiz.to_text()
    assert text.startswith("Test quiz\n")
    assert "1. Pick one" in text and "   a) Alpha" in text and "   c) Gamma" in text
    assert "(Answer with a number in %.)" in text and "   - first" in text
    # no answers revealed
    for secret in ("right because", "feedback", "12.5", "correct", "Right amount"):
        assert secret not in text
    assert reflection.to_text().startswith("Reflection: Your setting\n\nDescribe your setting.")
    assert transcript.to_text() == (
        "A talk\n\n[00:01] Welcome to the talk about flow.\n"
        "[01:05] Queues grow when demand exceeds capacity.\n"
    )
    assert MarkComplete("w01-s02").to_text().strip() == "[ ] Mark step w01-s02 as complete"


def hostile_quiz(write):
    text = f"""
        id: evil-quiz
        title: '{HOSTILE}'
        items:
          - id: e-q1
            type: single
            stem: '{HOSTILE}'
            options:
              - text: '{HOSTILE}'
                correct: true
                feedback: '{HOSTILE} </script><script>alert(2)</script>'
              - text: 'Plain'
                feedback: 'Plain feedback'
            explanation: '</script>'
        """
    return Quiz.from_file(write("evil.yaml", text))


def assert_no_live_markup(out: str):
    assert "<script>alert" not in out and "<img" not in out
    assert "javascript:" not in out.lower() or 'href="javascript' not in out.lower()
    assert 'href="javascript' not in out.lower()
    assert "</script><script>" not in out


def test_course_content_injection_is_escaped(write, learner_home):
    quiz = hostile_quiz(write)
    page = quiz.to_html()
    body = page.split('<script id="wb-script">')[0] + page.split("</script>", 1)[1]
    assert_no_live_markup(body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # the JSON block cannot be closed by content: exactly one closing tag per script block
    json_block = re.search(
        r'<script type="application/json" class="wb-data">(.*?)</script>', page, re.S
    ).group(1)
    assert "<" not in json_block and ">" not in json_block
    data = json.loads(json_block)
    assert "</script><script>" in html.unescape(data["items"]["e-q1"]["options"][0]["feedback"])
    # the widget view too
    view = quiz.view
    c = view._controls["e-q1"]
    c.input.value = 0
    c.check.click()
    assert_no_live_markup(c.feedback.value)
    assert_no_live_markup(view.children[0].value)
    assert "&lt;img src=x" in c.feedback.value


def test_learner_text_is_escaped_in_widgets(reflection, learner_home, write):
    view = reflection.view
    view._text.value = HOSTILE
    view._save.click()
    assert "<img" not in view._status.value and "<script" not in view._status.value
    path = write("t.vtt", f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{HOSTILE}\n")
    t = Transcript.from_file(path)
    assert_no_live_markup(t.to_html())
    t.view._search.value = "<img"
    assert_no_live_markup(t.view._segments.value + t.view._status.value)
    assert "<mark>&lt;img</mark>" in t.view._segments.value


def test_unicode_round_trip(write, learner_home):
    words = "Ünïcödé café – naïve 患者安全 🙂 ‘quotes’"
    quiz = Quiz.from_file(
        write(
            "u.yaml",
            f"""
        id: u-quiz
        title: "{words}"
        items:
          - id: u-q1
            type: single
            stem: "{words}?"
            options:
              - text: "{words}"
                correct: true
                feedback: "{words}!"
              - text: "other"
                feedback: "no"
        """,
        )
    )
    assert words in quiz.to_text() and html.escape(words) in quiz.to_html()
    data = re.search(r'class="wb-data">(.*?)</script>', quiz.to_html()).group(1)
    assert json.loads(data)["items"]["u-q1"]["options"][0]["text"] == words
    prompt = load_reflections(
        write(
            "r.yaml",
            f"""
        prompts:
          - id: u-r1
            step: s
            title: "{words}"
            prompt: "{words}"
        """,
        )
    ).prompt("u-r1")
    view = Reflection(prompt).view
    view._text.value = words + "\n" + words
    view._save.click()
    from workbook.journal import Journal

    assert Journal().latest_reflection("u-r1") == words + "\n" + words
    assert Reflection(prompt).view._text.value == words + "\n" + words


def test_size_budget():
    """The script and style a page carries stay under 30 KB (measured, not timed)."""
    assert asset_bytes() < 30 * 1024
    page = "".join(c.to_html() for c in [MarkComplete("a"), MarkComplete("b")])
    assert len(page.encode()) - asset_bytes() < 1024  # the second component adds no assets


def test_constructors_validate():
    with pytest.raises(ValueError):
        MarkComplete("")
    with pytest.raises(ValueError):
        MarkComplete("<x>")
    with pytest.raises(TypeError):
        Quiz({"id": "q"})
    with pytest.raises(TypeError):
        Reflection("w01-r01")


def test_from_file_subset_and_unknown_item(quiz_file):
    quiz = Quiz.from_file(quiz_file, items=["t-q3", "t-q1"])
    assert [i.id for i in quiz.model.items] == ["t-q3", "t-q1"]
    assert quiz.to_text().splitlines()[2].startswith("1. How much?")
    with pytest.raises(ValueError, match="no item 't-q9'"):
        Quiz.from_file(quiz_file, items=["t-q9"])


def test_for_week_resolves_from_the_project_root(repo_root, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # not inside the project: paths still resolve
    monkeypatch.setenv("WORKBOOK_ROOT", str(repo_root))
    quiz = Quiz.for_week(1, items=["w01-q01"])
    assert quiz.model.id == "w01-quiz" and len(quiz.model.items) == 1
    assert Reflection.for_prompt("w01-r01").prompt.step == "w01-s02"
    assert Transcript.for_week(1, "welcome").id == "w01-welcome"
    tour = Quiz.from_file("book/tour-quiz.yaml")
    assert len(tour.model.items) == 4
    with pytest.raises(ValueError, match="week prefix"):
        Reflection.for_prompt("r01")
