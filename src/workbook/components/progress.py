"""Marking steps complete and seeing progress through the weeks."""

from __future__ import annotations

import re

from workbook.components import _markdown as md
from workbook.components._base import Component, dom_id, json_script
from workbook.components.reflection import download_notes_html

__all__ = ["MarkComplete", "WeekProgress"]

_STEP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class MarkComplete(Component):
    """A "Mark as complete" button for a step id from ``week.yaml`` (e.g. ``"w01-s02"``)."""

    def __init__(self, step_id: str) -> None:
        if not isinstance(step_id, str) or not _STEP_ID.match(step_id):
            raise ValueError(f"MarkComplete needs a step id such as 'w01-s02', not {step_id!r}")
        self.step_id = step_id
        self._dom_base = dom_id("complete", step_id)

    def to_text(self) -> str:
        return f"[ ] Mark step {self.step_id} as complete\n"

    def _static_html(self, dom: str) -> str:
        sid = md.escape(self.step_id)
        return (
            f'<div class="wb-component wb-complete" data-wb-id="{sid}" id="{dom}">'
            f'<button type="button" class="wb-complete-button" aria-pressed="false" '
            f'data-wb-step="{sid}">Mark as complete</button> '
            '<span class="wb-status" aria-live="polite"></span></div>'
        )

    def _make_view(self):
        from workbook.components.widgets import MarkCompleteView

        return MarkCompleteView(self.step_id)


def _weeks_data(weeks) -> list[dict]:
    return [
        {
            "week": w.week,
            "title": w.title,
            "steps": [{"id": s.id, "title": s.title, "minutes": s.minutes} for s in w.steps],
        }
        for w in weeks
    ]


class WeekProgress(Component):
    """Every week's completed steps and the time left, with a bar chart."""

    def __init__(self, weeks=None) -> None:
        if weeks is None:
            from workbook.components._files import all_week_plans

            weeks = all_week_plans()
        self.weeks = _weeks_data(weeks)
        self._dom_base = dom_id("progress")

    @staticmethod
    def _week_numbers(week: dict, done: set[str]) -> tuple[int, int, int]:
        n_done = sum(1 for s in week["steps"] if s["id"] in done)
        left = sum(s["minutes"] for s in week["steps"] if s["id"] not in done)
        return n_done, len(week["steps"]), left

    def summary(self, done: set[str] | frozenset = frozenset()) -> list[str]:
        """One sentence per week (the text alternative to the chart)."""
        out = []
        for w in self.weeks:
            n_done, n, left = self._week_numbers(w, done)
            out.append(f"Week {w['week']}: {n_done} of {n} steps done, about {left} minutes left.")
        return out

    def to_text(self) -> str:
        if not self.weeks:
            return "Your progress: no weeks yet.\n"
        lines = ["Your progress", ""]
        for w, line in zip(self.weeks, self.summary(), strict=True):
            lines.append(f"{line} ({w['title']})")
        return "\n".join(lines) + "\n"

    def chart_html(self, done: set[str]) -> str:
        """A bar chart in HTML: share of each week's minutes done, labelled in words."""
        rows = []
        for w in self.weeks:
            total = sum(s["minutes"] for s in w["steps"]) or 1
            n_done, n, left = self._week_numbers(w, done)
            pct = round(100 * (total - left) / total)
            rows.append(
                f'<div class="wb-bar-row"><span class="wb-bar-label">Week {w["week"]}</span>'
                f'<span class="wb-bar" style="display:inline-block;width:12em;height:0.9em;'
                f'border:1px solid #555;vertical-align:middle">'
                f'<span style="display:block;height:100%;width:{pct}%;background:#2b6cb0">'
                f"</span></span> {pct}% ({n_done} of {n} steps)</div>"
            )
        return (
            '<div class="wb-chart" role="img" aria-label="Share of each week done">'
            + "".join(rows)
            + "</div>"
        )

    def table_html(self, done: set[str]) -> str:
        parts = []
        for w, line in zip(self.weeks, self.summary(done), strict=True):
            items = "".join(
                f'<li data-wb-step="{md.escape(s["id"])}">'
                f'<span class="wb-step-state">{"Done" if s["id"] in done else "Not done"}</span> '
                f"{md.escape(s['title'])} ({s['minutes']} min)</li>"
                for s in w["steps"]
            )
            parts.append(
                f'<section class="wb-week" data-wb-week="{w["week"]}">'
                f'<p class="wb-week-title"><strong>Week {w["week"]}: '
                f"{md.escape(w['title'])}</strong></p>"
                f'<p class="wb-week-summary">{md.escape(line)}</p><ul class="wb-steps">{items}</ul>'
                "</section>"
            )
        return "".join(parts) or "<p>No weeks yet.</p>"

    def _static_html(self, dom: str) -> str:
        return (
            f'<div class="wb-component wb-progress" data-wb-id="progress" id="{dom}">'
            '<div class="wb-chart" aria-hidden="true"></div>'
            f'<div class="wb-weeks">{self.table_html(set())}</div>'
            f'<div class="wb-actions">{download_notes_html()}</div>'
            f"{json_script({'weeks': self.weeks})}</div>"
        )

    def _make_view(self):
        from workbook.components.widgets import ProgressView

        return ProgressView(self)
