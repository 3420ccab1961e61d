"""The quiz component: a live widget that marks answers and records attempts, a static HTML
quiz that gives the same feedback in the browser, and a plain-text version."""

from __future__ import annotations

import os

from workbook.components import _markdown as md
from workbook.components._base import Component, dom_id, json_script
from workbook.components._files import resolve, week_objectives
from workbook.components.grading import option_order, ordering_start
from workbook.content.quiz import MultipleItem, NumericItem, QuizModel, SingleItem, load_quiz

__all__ = ["Quiz", "static_item_data"]

_TYPE_HINT = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "ordering": "Put these in order, first at the top.",
}


def static_item_data(item) -> dict:
    """What the page script needs to mark ``item`` (``WB.grade`` in wb.js): course text
    already rendered to safe HTML by Python, the key, and the feedback per outcome."""
    entry: dict = {"type": item.type}
    if isinstance(item, (SingleItem, MultipleItem)):
        entry["options"] = [
            {"text": md.to_plain(o.text), "correct": o.correct, "feedback": md.render(o.feedback)}
            for o in item.options
        ]
    elif isinstance(item, NumericItem):
        entry.update(answer=item.answer, tolerance=item.tolerance, unit=item.unit or "")
    else:
        entry["sequence"] = list(item.sequence)
    if not isinstance(item, (SingleItem, MultipleItem)):
        entry["feedback"] = {k: md.render(v) for k, v in item.feedback.model_dump().items()}
    entry["explanation"] = md.render(item.explanation)
    return entry


class Quiz(Component):
    """A quiz from ``quiz.yaml``: ``Quiz.for_week(1)``, ``Quiz.for_week(1, items=[...])``
    or ``Quiz.from_file("book/tour-quiz.yaml")``."""

    def __init__(self, model: QuizModel) -> None:
        if not isinstance(model, QuizModel):
            raise TypeError(
                "Quiz(model) takes a validated quiz; use Quiz.for_week or "
                "Quiz.from_file to load one"
            )
        self.model = model
        self._dom_base = dom_id(model.id)

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], *, items: list[str] | None = None, objectives=None
    ) -> Quiz:
        """Load a quiz file (relative paths are taken from the project root)."""
        model = load_quiz(resolve(path), objectives=objectives)
        if items is None:
            return cls(model)
        try:
            return cls(model.subset(list(items)))
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None

    @classmethod
    def for_week(cls, week: int, *, items: list[str] | None = None) -> Quiz:
        """The week's ``quiz.yaml``, all items or the ``items`` given (in that order)."""
        from workbook.paths import week_dir

        return cls.from_file(
            week_dir(week) / "quiz.yaml", items=items, objectives=week_objectives(week)
        )

    # ------------------------------------------------------------ text
    def to_text(self) -> str:
        q = self.model
        lines = [q.title, ""]
        for n, item in enumerate(q.items, 1):
            stem = md.to_plain(item.stem).replace("\n", "\n   ")
            lines.append(f"{n}. {stem}")
            if isinstance(item, (SingleItem, MultipleItem)):
                lines.append(f"   ({_TYPE_HINT[item.type]})")
                for k, i in enumerate(option_order(item, q.shuffle_seed)):
                    lines.append(f"   {chr(97 + k)}) {md.to_plain(item.options[i].text)}")
            elif isinstance(item, NumericItem):
                unit = f" in {item.unit}" if item.unit else ""
                lines.append(f"   (Answer with a number{unit}.)")
            else:
                lines.append(f"   ({_TYPE_HINT['ordering']})")
                for k in ordering_start(item, q.shuffle_seed):
                    lines.append(f"   - {item.sequence[k]}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    # ------------------------------------------------------------ static HTML
    def _static_html(self, dom: str) -> str:
        q = self.model
        parts = [
            f'<div class="wb-component wb-quiz" data-wb-id="{md.escape(q.id)}" id="{dom}">',
            f'<p class="wb-title">{md.escape(q.title)}</p>',
        ]
        data: dict = {"quiz_id": q.id, "items": {}}
        for n, item in enumerate(q.items, 1):
            iid = f"{dom}-{dom_id(item.id)[3:]}"
            parts.append(
                f'<fieldset class="wb-item" data-wb-item="{md.escape(item.id)}" '
                f'data-wb-type="{item.type}" id="{iid}">'
            )
            parts.append(
                f'<legend><span class="wb-num">{n}.</span> {md.render_inline(item.stem)}</legend>'
            )
            if isinstance(item, (SingleItem, MultipleItem)):
                kind = "radio" if isinstance(item, SingleItem) else "checkbox"
                parts.append(
                    f'<p class="wb-hint">{_TYPE_HINT[item.type]}</p><div class="wb-options">'
                )
                for i in option_order(item, q.shuffle_seed):
                    opt = item.options[i]
                    oid = f"{iid}-o{i}"
                    parts.append(
                        f'<div class="wb-option"><input type="{kind}" id="{oid}" '
                        f'name="{iid}" value="{i}"><label for="{oid}">'
                        f"{md.render_inline(opt.text)}</label></div>"
                    )
                parts.append("</div>")
            elif isinstance(item, NumericItem):
                unit = f" ({md.escape(item.unit)})" if item.unit else ""
                parts.append(
                    f'<label for="{iid}-n">Your answer{unit}</label> '
                    f'<input type="text" inputmode="decimal" id="{iid}-n" '
                    'class="wb-number" autocomplete="off">'
                )
            else:
                parts.append(
                    f'<p class="wb-hint">{_TYPE_HINT["ordering"]} Use the Up and '
                    'Down buttons.</p><ol class="wb-order">'
                )
                for k in ordering_start(item, q.shuffle_seed):
                    text = md.escape(item.sequence[k])
                    parts.append(
                        f'<li data-wb-key="{k}"><span class="wb-entry">{text}</span> '
                        f'<button type="button" class="wb-up" aria-label="Move up: {text}">'
                        'Up</button> <button type="button" class="wb-down" '
                        f'aria-label="Move down: {text}">Down</button></li>'
                    )
                parts.append("</ol>")
            data["items"][item.id] = static_item_data(item)
            parts.append(
                '<button type="button" class="wb-check">Check answer</button>'
                '<div class="wb-feedback" aria-live="polite"></div></fieldset>'
            )
        parts.append(
            f'<p class="wb-score" aria-live="polite">{len(q.items)} question'
            f"{'s' if len(q.items) != 1 else ''}; none answered yet.</p>"
        )
        parts.append(json_script(data))
        parts.append("</div>")
        return "".join(parts)

    # ------------------------------------------------------------ live view
    def _make_view(self):
        from workbook.components.widgets import QuizView

        return QuizView(self.model)
