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


def _written_steps(weeks) -> tuple[set[str], dict[str, str]]:
    """Step ids whose notebook exists in the course folder, and each one's page address
    relative to a front-matter page (``book/...``), without its suffix."""
    from pathlib import Path

    from workbook.paths import project_root

    root = project_root()
    written: set[str] = set()
    pages: dict[str, str] = {}
    for w in weeks:
        slug = f"week{w.week:02d}"
        for s in w.steps:
            file = getattr(s, "file", None)
            if file and (root / "weeks" / slug / file).is_file():
                written.add(s.id)
                pages[s.id] = f"../weeks/{slug}/{Path(file).stem}"
    return written, pages


def _weeks_data(weeks, written: set[str] | None, pages: dict[str, str]) -> list[dict]:
    """Each week's steps that have a page (counted) and those still to come (not counted).

    ``written=None`` counts every step (weeks given directly, as a plan).
    """
    out = []
    for w in weeks:
        steps, coming = [], []
        for s in w.steps:
            if written is None or s.id in written:
                step = {"id": s.id, "title": s.title, "minutes": s.minutes}
                if s.id in pages:
                    step["href"] = pages[s.id]
                steps.append(step)
            else:
                coming.append({"title": s.title, "minutes": s.minutes})
        out.append(
            {
                "week": w.week,
                "title": w.title,
                "complete": not coming,
                "steps": steps,
                "coming": coming,
            }
        )
    return out


class WeekProgress(Component):
    """Every week's completed steps and the time left, with a bar chart.

    With no ``weeks`` given it reads the course: only steps whose notebook exists count
    towards a week's totals, each links to its page, and the steps still to be written are
    listed as coming.
    """

    def __init__(self, weeks=None) -> None:
        written: set[str] | None = None
        pages: dict[str, str] = {}
        if weeks is None:
            from workbook.components._files import all_week_plans

            weeks = all_week_plans()
            written, pages = _written_steps(weeks)
        self.weeks = _weeks_data(weeks, written, pages)
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

    @staticmethod
    def _step_html(step: dict, done: set[str], suffix: str) -> str:
        title = md.escape(step["title"])
        if "href" in step:
            title = f'<a href="{md.escape(step["href"] + suffix)}">{title}</a>'
        state = "Done" if step["id"] in done else "Not done"
        return (
            f'<li data-wb-step="{md.escape(step["id"])}">'
            f'<span class="wb-step-state">{state}</span> '
            f'<span class="wb-step-title">{title} ({step["minutes"]} min)</span></li>'
        )

    def table_html(self, done: set[str], suffix: str = ".ipynb") -> str:
        """The weeks as lists of steps; links end in ``suffix`` (notebooks in JupyterLab,
        ``.html`` on the published site)."""
        parts = []
        for w, line in zip(self.weeks, self.summary(done), strict=True):
            items = "".join(self._step_html(s, done, suffix) for s in w["steps"])
            items += "".join(
                f'<li class="wb-coming"><span class="wb-step-state">Coming</span> '
                f'<span class="wb-step-title">{md.escape(s["title"])} '
                f"({s['minutes']} min, not written yet)</span></li>"
                for s in w["coming"]
            )
            state = "" if w["complete"] else " (in preparation)"
            parts.append(
                f'<section class="wb-week" data-wb-week="{w["week"]}">'
                f'<p class="wb-week-title"><strong>Week {w["week"]}: '
                f"{md.escape(w['title'])}</strong>{state}</p>"
                f'<p class="wb-week-summary">{md.escape(line)}</p><ul class="wb-steps">{items}</ul>'
                "</section>"
            )
        return "".join(parts) or "<p>No weeks yet.</p>"

    def _static_html(self, dom: str) -> str:
        return (
            f'<div class="wb-component wb-progress" data-wb-id="progress" id="{dom}">'
            '<div class="wb-chart" aria-hidden="true"></div>'
            f'<div class="wb-weeks">{self.table_html(set(), ".html")}</div>'
            f'<div class="wb-actions">{download_notes_html()}</div>'
            f"{json_script({'weeks': self.weeks})}</div>"
        )

    def _make_view(self):
        from workbook.components.widgets import ProgressView

        return ProgressView(self)
