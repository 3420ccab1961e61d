"""``CaseExplorer``: a case's interactive charts as a component with three renderings.

* In JupyterLab (live kernel): the case's own ipywidgets view, built by a factory the case
  gives (e.g. dropdowns for indicator and trust that redraw the charts).
* On the published site (``text/html``, no kernel, no script, nothing fetched): a picker
  between PRE-RENDERED views, one for each chart the case's questions need. The picker is a
  group of radio buttons (keyboard: Tab to the group, arrow keys to choose); CSS shows the
  chosen view's panel. Browsers without CSS ``:has()`` show every panel one after another,
  so nothing is ever out of reach. Every chart is an embedded PNG with alt text and a caption.
* ``text/plain``: each view's summary and its charts' alt text, for screen readers and
  nbconvert.

The case supplies its views as :class:`ExplorerView` objects; a view's summary is plain text
and is escaped, so data never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbook.components._base import Component, dom_id
from workbook.results import png_img_html

__all__ = ["CaseExplorer", "ExplorerChart", "ExplorerView"]


@dataclass(frozen=True)
class ExplorerChart:
    """One pre-rendered chart: PNG bytes, alt text and a visible caption."""

    png: bytes
    alt: str
    caption: str


@dataclass(frozen=True)
class ExplorerView:
    """One choice in the static picker: its label, group, summary and charts."""

    key: str
    label: str
    summary: str
    charts: tuple[ExplorerChart, ...] = field(default_factory=tuple)
    group: str = ""


class CaseExplorer(Component):
    """A case's explorer: live widget in a kernel, static picker on the site, plain text.

    ``content_id`` names it on the page (e.g. ``"w01-s06-explorer"``); ``views`` returns the
    pre-rendered views (called once, when a static rendering is first needed); ``live``
    returns the ipywidgets view; ``intro`` is one plain-text sentence shown above the picker.
    """

    def __init__(
        self,
        content_id: str,
        title: str,
        *,
        views: Callable[[], Sequence[ExplorerView]],
        live: Callable[[], Any],
        intro: str = "",
    ) -> None:
        self.content_id = content_id
        self.title = title
        self.intro = intro
        self._views_factory = views
        self._live = live
        self._views: tuple[ExplorerView, ...] | None = None
        self._dom_base = dom_id(content_id)

    @property
    def views(self) -> tuple[ExplorerView, ...]:
        """The pre-rendered views of the static picker."""
        if self._views is None:
            views = tuple(self._views_factory())
            if not views:
                raise ValueError(f"{self.content_id}: a case explorer needs at least one view")
            keys = [v.key for v in views]
            if len(set(keys)) != len(keys):
                raise ValueError(f"{self.content_id}: view keys must be unique, got {keys}")
            self._views = views
        return self._views

    def _make_view(self) -> Any:
        return self._live()

    def _static_html(self, dom: str) -> str:
        e = html.escape
        views = self.views
        rules = [
            f"#{dom} .wb-case-choices{{border:0;padding:0;margin:0 0 .4em;min-width:0}}",
            f"#{dom} .wb-case-choices legend{{font-size:1rem;line-height:1.4;font-weight:600;"
            "padding:0;margin:.3em 0;float:none;width:auto}",
            f"#{dom} .wb-case-choices label{{display:inline-block;margin:.15em 1.2em .15em 0;"
            "white-space:nowrap}",
            f"#{dom} .wb-case-panel{{margin-top:.6em}}",
            f"#{dom} figure{{margin:.6em 0}}",
            f"#{dom} figcaption{{font-size:.9em}}",
        ]
        for i in range(len(views)):
            rules.append(
                f"#{dom}:has(#{dom}-v{i}:checked) .wb-case-panel:not(#{dom}-p{i}){{display:none}}"
            )
        groups: dict[str, list[int]] = {}
        for i, view in enumerate(views):
            groups.setdefault(view.group, []).append(i)
        pickers = []
        for group, members in groups.items():
            radios = "".join(
                f'<label><input type="radio" name="{dom}-choice" id="{dom}-v{i}" '
                f'value="{e(views[i].key, quote=True)}" aria-controls="{dom}-p{i}"'
                f"{' checked' if i == 0 else ''}> {e(views[i].label)}</label>"
                for i in members
            )
            legend = e(group or "Choose a view")
            pickers.append(
                f'<fieldset class="wb-case-choices"><legend>{legend}</legend>{radios}</fieldset>'
            )
        panels = []
        for i, view in enumerate(views):
            figures = "".join(
                f"<figure>{png_img_html(c.png, c.alt)}<figcaption>{e(c.caption)}</figcaption>"
                "</figure>"
                for c in view.charts
            )
            panels.append(
                f'<div class="wb-case-panel" id="{dom}-p{i}" data-wb-view="{e(view.key, quote=True)}">'
                f"<p>{e(view.summary)}</p>{figures}</div>"
            )
        intro = f"<p>{e(self.intro)}</p>" if self.intro else ""
        return (
            f'<section class="wb-component wb-case" id="{dom}" '
            f'data-wb-id="{e(self.content_id, quote=True)}" aria-label="{e(self.title, quote=True)}">'
            f"<style>{''.join(rules)}</style>"
            f'<p class="wb-title">{e(self.title)}</p>{intro}'
            f"{''.join(pickers)}{''.join(panels)}</section>"
        )

    def to_text(self) -> str:
        lines = [self.title]
        if self.intro:
            lines.append(self.intro)
        for view in self.views:
            lines += ["", view.summary]
            lines += [f"  [{c.caption}] {c.alt}" for c in view.charts]
        return "\n".join(lines)
