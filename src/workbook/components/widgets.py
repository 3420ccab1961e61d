"""The live ipywidgets views. Imported only when a view is first needed, never at import.

Views are thin: the models grade and format; the views hold widgets and save to the
learner's journal. This module imports the content models and the pure helpers
(grading, Markdown), never the component modules that build these views, so there is no
import cycle: ``quiz.py`` -> ``widgets.py`` -> ``grading.py``, never back. Feedback goes into ``HTML.value`` (widget state), never into an Output
widget, so it shows in every frontend and tests can read it.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from types import SimpleNamespace

import ipywidgets as widgets

from workbook.components import _markdown as md
from workbook.components._files import journal as _open_journal
from workbook.components.grading import (
    Feedback,
    answer_text,
    grade,
    option_order,
    ordering_start,
    summarise,
)
from workbook.content.quiz import MultipleItem, NumericItem, SingleItem
from workbook.errors import UserError

__all__ = [
    "QuizView",
    "ReflectionView",
    "TranscriptView",
    "MarkCompleteView",
    "ProgressView",
    "feedback_html",
]

# what may go wrong when saving; feedback is still shown, with a note
_SAVE_ERRORS = (ImportError, OSError, sqlite3.Error, ValueError, UserError)


def _save_note(exc: Exception) -> str:
    return (
        f'<p class="wb-note">Not saved to your journal ({md.escape(type(exc).__name__)}: '
        f"{md.escape(exc)}). Your work on this page is still here.</p>"
    )


def feedback_html(fb: Feedback) -> str:
    """Feedback as safe HTML, marked correct/incorrect in words as well as colour."""
    state = "wb-correct" if fb.correct else ("wb-incorrect" if fb.answered else "wb-hint")
    colour = {"wb-correct": "#2e7d32", "wb-incorrect": "#c62828"}.get(state, "#777")
    # inline style: widget HTML in JupyterLab does not see the static site's wb.css
    return (
        f'<div class="wb-fb {state}" style="border-left:4px solid {colour};padding-left:.7em">'
        f"{md.render(fb.message)}</div>"
    )


class _JournalMixin:
    _journal = None

    def _get_journal(self):
        if self._journal is None:
            self._journal = _open_journal()
        return self._journal


def _short_time(iso: str | None) -> str:
    if not iso:
        return ""
    text = str(iso).replace("T", " ")
    return text[:16] + (" UTC" if text.endswith(("Z", "+00:00")) else "")


class QuizView(_JournalMixin, widgets.VBox):
    """A quiz as widgets: each item with its inputs, a Check button and feedback."""

    def __init__(self, model, journal=None) -> None:
        super().__init__()
        self._model = model
        self._journal = journal
        self._results: dict = {}
        self._controls: dict[str, SimpleNamespace] = {}
        children = [widgets.HTML(f"<strong>{md.escape(model.title)}</strong>")]
        for n, item in enumerate(model.items, 1):
            children.append(self._item_box(n, item))
        self._score = widgets.HTML(self._score_html())
        children.append(self._score)
        self.children = children
        self.add_class("wb-quiz-view")

    def _item_box(self, n: int, item) -> widgets.VBox:
        c = SimpleNamespace(item=item)
        stem = widgets.HTML(f"<p><strong>{n}.</strong> {md.render_inline(item.stem)}</p>")
        parts: list = [stem]
        seed = self._model.shuffle_seed
        if isinstance(item, SingleItem):
            c.order = option_order(item, seed)
            c.input = widgets.RadioButtons(
                options=[(md.to_plain(item.options[i].text), i) for i in c.order],
                value=None,
                layout=widgets.Layout(width="auto"),
                description="",
            )
            parts.append(c.input)
        elif isinstance(item, MultipleItem):
            c.order = option_order(item, seed)
            c.boxes = {
                i: widgets.Checkbox(
                    value=False,
                    indent=False,
                    description=md.to_plain(item.options[i].text),
                    layout=widgets.Layout(width="auto"),
                )
                for i in c.order
            }
            parts.extend(c.boxes[i] for i in c.order)
        elif isinstance(item, NumericItem):
            unit = f" ({item.unit})" if item.unit else ""
            c.input = widgets.Text(
                value="",
                placeholder="a number, e.g. 12.5",
                description=f"Answer{unit}",
                style={"description_width": "initial"},
            )
            parts.append(c.input)
        else:
            c.keys = ordering_start(item, seed)
            c.rows = widgets.VBox()
            self._draw_rows(c)
            parts.append(c.rows)
        c.check = widgets.Button(description="Check answer", tooltip="Check answer")
        c.check.on_click(partial(self._on_check_click, item.id))
        c.feedback = widgets.HTML("")
        parts.extend([c.check, c.feedback])
        self._controls[item.id] = c
        return widgets.VBox(parts)

    def _draw_rows(self, c) -> None:
        rows = []
        for pos, k in enumerate(c.keys):
            up = widgets.Button(
                description="Up",
                tooltip=f"Move up: {c.item.sequence[k]}",
                disabled=pos == 0,
                layout=widgets.Layout(width="4em"),
            )
            down = widgets.Button(
                description="Down",
                tooltip=f"Move down: {c.item.sequence[k]}",
                disabled=pos == len(c.keys) - 1,
                layout=widgets.Layout(width="5em"),
            )
            up.on_click(partial(self._on_move_click, c.item.id, pos, -1))
            down.on_click(partial(self._on_move_click, c.item.id, pos, 1))
            label = widgets.HTML(f"{pos + 1}. {md.escape(c.item.sequence[k])}")
            rows.append(widgets.HBox([up, down, label]))
        c.rows.children = rows

    def _on_move_click(self, item_id: str, pos: int, step: int, _button=None) -> None:
        c = self._controls[item_id]
        other = pos + step
        if 0 <= other < len(c.keys):
            c.keys[pos], c.keys[other] = c.keys[other], c.keys[pos]
            self._draw_rows(c)

    def _answer(self, c):
        item = c.item
        if isinstance(item, SingleItem):
            return c.input.value
        if isinstance(item, MultipleItem):
            return [i for i, box in c.boxes.items() if box.value]
        if isinstance(item, NumericItem):
            return c.input.value
        return list(c.keys)

    def _on_check_click(self, item_id: str, _button=None) -> None:
        c = self._controls[item_id]
        answer = self._answer(c)
        fb = grade(c.item, answer)
        note = ""
        if fb.answered:
            try:
                self._get_journal().record_attempt(
                    self._model.id, item_id, answer_text(c.item, answer), fb.correct
                )
            except _SAVE_ERRORS as exc:
                note = _save_note(exc)
        if fb.answered:  # a slip (nothing chosen, not a number) keeps the last result
            self._results[item_id] = fb
        c.feedback.value = feedback_html(fb) + note
        self._score.value = self._score_html()

    def _score_html(self) -> str:
        return f'<p class="wb-score">{md.escape(summarise(self._results, len(self._model.items)).text)}</p>'


class ReflectionView(_JournalMixin, widgets.VBox):
    """A prompt, a text box showing the last saved text, Save, and a status line."""

    def __init__(self, prompt, journal=None) -> None:
        super().__init__()
        self._prompt = prompt
        self._journal = journal
        head = f"<p><strong>{md.escape(prompt.title)}</strong></p>{md.render(prompt.prompt)}"
        if prompt.guidance:
            head += (
                f"<details><summary>What a good answer covers</summary>"
                f"{md.render(prompt.guidance)}</details>"
            )
        self._head = widgets.HTML(head)
        self._text = widgets.Textarea(
            value="",
            description="Your reflection",  # a real <label> tied to the text box
            style={"description_width": "initial"},
            placeholder="Write your reflection here",
            layout=widgets.Layout(width="100%", height="10em"),
        )
        self._save = widgets.Button(description="Save", tooltip="Save to your journal")
        self._save.on_click(self._on_save_click)
        self._status = widgets.HTML("")
        try:
            history = self._get_journal().reflection_history(prompt.id)
        except _SAVE_ERRORS as exc:
            history, self._status.value = [], _save_note(exc)
        if history:
            self._text.value = history[-1]["text"]
            self._status.value = self._status_html("Last saved", history)
        self.children = [self._head, self._text, self._save, self._status]

    @staticmethod
    def _status_html(verb: str, history: list) -> str:
        n = len(history)
        return (
            f'<p class="wb-status">{verb} {md.escape(_short_time(history[-1]["saved_at"]))}'
            f" ({n} version{'s' if n != 1 else ''} kept in your journal).</p>"
        )

    def _on_save_click(self, _button=None) -> None:
        text = self._text.value
        if not text.strip():
            self._status.value = '<p class="wb-status">Write something before saving.</p>'
            return
        try:
            j = self._get_journal()
            j.save_reflection(self._prompt.id, text)
            history = j.reflection_history(self._prompt.id)
        except _SAVE_ERRORS as exc:
            self._status.value = _save_note(exc)
            return
        self._status.value = self._status_html("Saved", history)


class TranscriptView(widgets.VBox):
    """Timestamped segments with a search box that filters and highlights them."""

    def __init__(self, transcript) -> None:
        super().__init__()
        self._transcript = transcript
        self._title = widgets.HTML(f"<strong>{md.escape(transcript.title)}</strong>")
        self._search = widgets.Text(
            value="",
            placeholder="a word or phrase",
            description="Search the transcript",
            style={"description_width": "initial"},
            continuous_update=True,
        )
        self._search.observe(self._on_search_change, names="value")
        self._status = widgets.HTML("")
        self._segments = widgets.HTML("")
        self._on_search_change()
        self.children = [self._title, self._search, self._status, self._segments]

    def _on_search_change(self, _change=None) -> None:
        html, shown = self._transcript.segments_html(self._search.value)
        total = len(self._transcript.segments)
        q = self._search.value.strip()
        self._status.value = (
            f'<p class="wb-status">{shown} of {total} segments match “{md.escape(q)}”.</p>'
            if q
            else ""
        )
        self._segments.value = html


class MarkCompleteView(_JournalMixin, widgets.VBox):
    """A toggle button saving a step's completion to the journal."""

    def __init__(self, step_id: str, journal=None) -> None:
        super().__init__()
        self._step_id = step_id
        self._journal = journal
        self._button = widgets.Button(tooltip=f"Mark step {step_id} as complete")
        self._button.on_click(self._on_complete_click)
        self._status = widgets.HTML("")
        try:
            self._done = step_id in self._get_journal().completed_steps()
        except _SAVE_ERRORS as exc:
            self._done, self._status.value = False, _save_note(exc)
        self._draw()
        self.children = [self._button, self._status]

    def _draw(self) -> None:
        self._button.description = "Completed ✓" if self._done else "Mark as complete"
        self._button.button_style = "success" if self._done else ""

    def _on_complete_click(self, _button=None) -> None:
        new = not self._done
        try:
            self._get_journal().set_complete(self._step_id, new)
        except _SAVE_ERRORS as exc:
            self._status.value = _save_note(exc)
            return
        self._done = new
        self._draw()
        self._status.value = (
            '<p class="wb-status">Marked as complete in your journal.</p>'
            if new
            else '<p class="wb-status">Marked as not complete.</p>'
        )


class ProgressView(_JournalMixin, widgets.VBox):
    """Each week's completed steps and time remaining, with a bar chart, from the journal."""

    def __init__(self, progress, journal=None) -> None:
        super().__init__()
        self._progress = progress
        self._journal = journal
        self._chart = widgets.HTML("")
        self._table = widgets.HTML("")
        self._refresh = widgets.Button(description="Refresh", tooltip="Read the journal again")
        self._refresh.on_click(self._on_refresh_click)
        self._on_refresh_click()
        self.children = [self._chart, self._table, self._refresh]

    def _on_refresh_click(self, _button=None) -> None:
        try:
            done = self._get_journal().completed_steps()
            note = ""
        except _SAVE_ERRORS as exc:
            done, note = set(), _save_note(exc)
        self._chart.value = self._progress.chart_html(done)
        self._table.value = self._progress.table_html(done) + note
