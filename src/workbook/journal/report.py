"""Exports for people: the journal as Markdown or HTML, grouped by week, with titles.

Learner text is escaped so that nothing in it becomes markup, a link or a script: Markdown
through :func:`workbook.markup.md_escape`, HTML through :func:`html.escape` on a page whose
content security policy forbids scripts and outside resources anyway.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.journal.values import dumps as _dumps
from workbook.journal.values import human_time as _human_time
from workbook.markup import md_escape

__all__ = ["ContentTitles", "content_titles", "render"]


@dataclass
class ContentTitles:
    """Titles of weeks, steps and reflection prompts, used to label exports."""

    weeks: dict[int, str] = field(default_factory=dict)
    steps: dict[str, str] = field(default_factory=dict)
    prompts: dict[str, str] = field(default_factory=dict)


def content_titles(root: Path | None = None) -> ContentTitles:
    """Read titles from the course's ``week.yaml`` and ``reflections.yaml`` files.

    Returns empty titles when the course folder cannot be found or read: an export is how a
    learner rescues their work, so it must never fail because course content is missing.
    """
    titles = ContentTitles()
    try:
        from workbook.content.reflections import load_reflections
        from workbook.content.week import load_all_weeks

        weeks = load_all_weeks(root, require_files=False)
    except Exception:  # content unavailable or invalid: export without titles
        return titles
    for week in weeks:
        titles.weeks[week.week] = week.title
        for step in week.steps:
            titles.steps[step.id] = step.title
        path = (root or _project_root()) / "weeks" / week.slug / "reflections.yaml"
        if path.is_file():
            try:
                for prompt in load_reflections(path).prompts:
                    titles.prompts[prompt.id] = prompt.title
            except Exception:  # one bad file should not hide the other weeks' titles
                continue
    return titles


def _project_root() -> Path:
    from workbook.paths import project_root

    return project_root()


_WEEK_ID = re.compile(r"^w(\d{2})-")


def _week_of(content_id: str) -> int | None:
    m = _WEEK_ID.match(content_id)
    return int(m[1]) if m else None


def _md_quote(text: str) -> str:
    """Learner text as a Markdown block quote, line breaks kept."""
    if not text:
        return "> *(empty)*"
    lines = md_escape(text).split("\n")
    # Two trailing spaces make a hard line break inside a paragraph.
    return "\n".join("> " + line + ("  " if line.strip() else "") for line in lines)


class _ExportView:
    """Groups a journal document by week for the Markdown and HTML exports."""

    def __init__(self, doc: dict, titles: ContentTitles, completed: set[str]) -> None:
        self.doc = doc
        self.titles = titles
        self.completed = completed
        self.weeks: dict[int | None, dict[str, Any]] = {}
        for entry in doc["reflections"]:
            prompts = self._week(entry["prompt_id"])["reflections"]
            prompts.setdefault(entry["prompt_id"], []).append(entry)
        for step_id in sorted(completed):
            self._week(step_id)["steps"].append(step_id)
        for attempt in doc["quiz_attempts"]:
            self._week(attempt["quiz_id"])["attempts"].append(attempt)
        self.order = sorted(self.weeks, key=lambda w: (w is None, w or 0))

    def _week(self, content_id: str) -> dict[str, Any]:
        return self.weeks.setdefault(
            _week_of(content_id), {"reflections": {}, "steps": [], "attempts": []}
        )

    def week_title(self, week: int | None) -> str:
        if week is None:
            return "Other work"
        title = self.titles.weeks.get(week)
        return f"Week {week}: {title}" if title else f"Week {week}"

    def prompt_title(self, prompt_id: str) -> str:
        return self.titles.prompts.get(prompt_id, "Reflection")

    def step_title(self, step_id: str) -> str:
        return self.titles.steps.get(step_id, step_id)

    @staticmethod
    def answer_text(answer: object) -> str:
        return answer if isinstance(answer, str) else _dumps(answer)

    # Markdown --------------------------------------------------------------------------

    def markdown(self) -> str:
        out = [
            "# My workbook journal",
            "",
            f"Exported {_human_time(self.doc['exported_at'])} by {md_escape(self.doc['generator'])}.",
            "",
        ]
        if not self.order and not self.doc["records"]:
            out += ["Nothing has been saved yet.", ""]
        for week in self.order:
            data = self.weeks[week]
            out += [f"## {md_escape(self.week_title(week))}", ""]
            for prompt_id, versions in data["reflections"].items():
                latest = versions[-1]
                out += [
                    f"### {md_escape(self.prompt_title(prompt_id))} ({md_escape(prompt_id)})",
                    "",
                    f"Saved {_human_time(latest['saved_at'])}:",
                    "",
                    _md_quote(latest["text"]),
                    "",
                ]
                if len(versions) > 1:
                    out += [f"Earlier versions ({len(versions) - 1}):", ""]
                    for old in reversed(versions[:-1]):
                        out += [
                            f"Saved {_human_time(old['saved_at'])}:",
                            "",
                            _md_quote(old["text"]),
                            "",
                        ]
            if data["steps"]:
                out += ["### Steps completed", ""]
                out += [
                    f"- {md_escape(self.step_title(s))} ({md_escape(s)})" for s in data["steps"]
                ]
                out.append("")
            if data["attempts"]:
                out += ["### Quiz answers", ""]
                for a in data["attempts"]:
                    verdict = "correct" if a["correct"] else "not correct"
                    out.append(
                        f"- {md_escape(a['item_id'])}, {_human_time(a['answered_at'])}: "
                        f"{md_escape(self.answer_text(a['answer']))} ({verdict})"
                    )
                out.append("")
        if self.doc["records"]:
            out += ["## Saved exercises and records", ""]
            for rec in self.doc["records"]:
                out += [
                    f"### {md_escape(rec['kind'])}: {md_escape(rec['key'])}",
                    "",
                    f"Saved {_human_time(rec['saved_at'])}:",
                    "",
                ]
                for key, value in rec["data"].items():
                    out.append(f"- **{md_escape(key)}**: {md_escape(self.answer_text(value))}")
                out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    # HTML ------------------------------------------------------------------------------

    def html(self) -> str:
        e = html.escape

        def text_block(text: str) -> str:
            return f'<div class="text" dir="auto">{e(text)}</div>'

        body = [
            "<h1>My workbook journal</h1>",
            f'<p class="when">Exported <time datetime="{e(self.doc["exported_at"])}">'
            f"{e(_human_time(self.doc['exported_at']))}</time> by {e(self.doc['generator'])}.</p>",
        ]
        if not self.order and not self.doc["records"]:
            body.append("<p>Nothing has been saved yet.</p>")
        for week in self.order:
            data = self.weeks[week]
            body.append(f"<section>\n<h2>{e(self.week_title(week))}</h2>")
            for prompt_id, versions in data["reflections"].items():
                latest = versions[-1]
                body.append(
                    f'<article>\n<h3>{e(self.prompt_title(prompt_id))} <span class="id">'
                    f"({e(prompt_id)})</span></h3>\n"
                    f'<p class="when">Saved <time datetime="{e(latest["saved_at"])}">'
                    f"{e(_human_time(latest['saved_at']))}</time></p>\n"
                    f"{text_block(latest['text'])}"
                )
                if len(versions) > 1:
                    body.append(
                        f"<details><summary>Earlier versions ({len(versions) - 1})</summary>"
                    )
                    for old in reversed(versions[:-1]):
                        body.append(
                            f'<p class="when">Saved <time datetime="{e(old["saved_at"])}">'
                            f"{e(_human_time(old['saved_at']))}</time></p>\n{text_block(old['text'])}"
                        )
                    body.append("</details>")
                body.append("</article>")
            if data["steps"]:
                items = "".join(
                    f'<li>{e(self.step_title(s))} <span class="id">({e(s)})</span></li>'
                    for s in data["steps"]
                )
                body.append(f"<h3>Steps completed</h3>\n<ul>{items}</ul>")
            if data["attempts"]:
                items = "".join(
                    f'<li><span class="id">{e(a["item_id"])}</span>, '
                    f"{e(_human_time(a['answered_at']))}: "
                    f'<span dir="auto">{e(self.answer_text(a["answer"]))}</span> '
                    f"({'correct' if a['correct'] else 'not correct'})</li>"
                    for a in data["attempts"]
                )
                body.append(f"<h3>Quiz answers</h3>\n<ul>{items}</ul>")
            body.append("</section>")
        if self.doc["records"]:
            body.append("<section>\n<h2>Saved exercises and records</h2>")
            for rec in self.doc["records"]:
                rows = "".join(
                    f'<dt>{e(k)}</dt><dd dir="auto">{e(self.answer_text(v))}</dd>'
                    for k, v in rec["data"].items()
                )
                body.append(
                    f"<article><h3>{e(rec['kind'])}: {e(rec['key'])}</h3>\n"
                    f'<p class="when">Saved {e(_human_time(rec["saved_at"]))}</p>\n'
                    f"<dl>{rows}</dl></article>"
                )
            body.append("</section>")
        return _HTML_PAGE.format(body="\n".join(body))


# No scripts, no external resources: the page's policy forbids both even if text got through.
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>My workbook journal</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }}
.text {{ white-space: pre-wrap; border-left: 3px solid #6b7280; padding-left: .75rem; }}
.when, .id {{ color: #4b5563; font-size: .9em; }}
article {{ margin-bottom: 1.5rem; }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def completed_in(doc: dict) -> set[str]:
    """Steps whose latest event in ``doc`` (listed in the journal's order) says complete."""
    latest: dict[str, bool] = {}
    for event in doc["step_events"]:
        latest[event["step_id"]] = event["complete"]
    return {step for step, done in latest.items() if done}


def render(doc: dict, format: str, titles: ContentTitles) -> str:
    """A journal document (see :meth:`Journal.to_dict`) as ``"md"`` or ``"html"``."""
    view = _ExportView(doc, titles, completed_in(doc))
    return view.markdown() if format == "md" else view.html()
