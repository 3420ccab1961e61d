"""The reflection component: a prompt and a text box whose every saved version is kept
(in the journal when live, in the browser's localStorage on the static site)."""

from __future__ import annotations

import os

from workbook.components import _markdown as md
from workbook.components._base import Component, dom_id
from workbook.components._files import resolve, week_of_id, week_step_ids
from workbook.content.reflections import Prompt, load_reflections

__all__ = ["Reflection", "download_notes_html"]


def download_notes_html() -> str:
    """The "Download my notes" button and where its two links appear."""
    return (
        '<button type="button" class="wb-download-notes">Download my notes</button>'
        '<span class="wb-downloads" aria-live="polite"></span>'
    )


class Reflection(Component):
    """A reflection prompt: ``Reflection.for_prompt("w01-r01")`` or
    ``Reflection.from_file("book/tour-reflections.yaml", "tour-r01")``."""

    def __init__(self, prompt: Prompt) -> None:
        if not isinstance(prompt, Prompt):
            raise TypeError(
                "Reflection(prompt) takes a validated prompt; use "
                "Reflection.for_prompt or Reflection.from_file"
            )
        self.prompt = prompt
        self._dom_base = dom_id(prompt.id)

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], prompt_id: str, *, step_ids=None
    ) -> Reflection:
        """Prompt ``prompt_id`` from a reflections file (relative to the project root)."""
        model = load_reflections(resolve(path), step_ids=step_ids)
        try:
            return cls(model.prompt(prompt_id))
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None

    @classmethod
    def for_prompt(cls, prompt_id: str) -> Reflection:
        """Find the prompt in its week's ``reflections.yaml`` from its id (``w01-r01``)."""
        from workbook.paths import week_dir

        week = week_of_id(prompt_id)
        return cls.from_file(
            week_dir(week) / "reflections.yaml", prompt_id, step_ids=week_step_ids(week)
        )

    def to_text(self) -> str:
        p = self.prompt
        text = f"Reflection: {p.title}\n\n{md.to_plain(p.prompt)}\n"
        if p.guidance:
            text += f"\nWhat a good answer covers: {md.to_plain(p.guidance)}\n"
        return text

    def _static_html(self, dom: str) -> str:
        p = self.prompt
        guidance = (
            f'<details class="wb-guidance"><summary>What a good answer covers</summary>'
            f"{md.render(p.guidance)}</details>"
            if p.guidance
            else ""
        )
        return (
            f'<div class="wb-component wb-reflection" data-wb-id="{md.escape(p.id)}" '
            f'data-wb-title="{md.escape(p.title)}" id="{dom}">'
            f'<p class="wb-title">{md.escape(p.title)}</p>'
            f'<div class="wb-prompt" id="{dom}-prompt">{md.render(p.prompt)}</div>{guidance}'
            f'<label for="{dom}-text">Your reflection</label>'
            f'<textarea id="{dom}-text" class="wb-text" rows="8" '
            f'aria-describedby="{dom}-prompt"></textarea>'
            '<div class="wb-actions"><button type="button" class="wb-save">Save</button> '
            f"{download_notes_html()}</div>"
            '<p class="wb-status" aria-live="polite"></p>'
            '<p class="wb-where">Saved in this browser only. Use “Download my notes” to keep a '
            "copy, and <code>workbook journal import</code> to bring it into JupyterLab.</p>"
            "</div>"
        )

    def _make_view(self):
        from workbook.components.widgets import ReflectionView

        return ReflectionView(self.prompt)
