"""``ModelAnswer``: a worked answer whose numbers are computed, hidden until the reader opens it.

Numbers a notebook computes must reach the learner as code-cell output: ``{glue:text}`` roles
in Markdown show raw placeholders in JupyterLab. A model answer is therefore displayed by a
code cell (``remove-input`` in the book) as a ``<details>`` element, closed until opened, in
both JupyterLab and the published book (HTML, no script needed), with a plain-text rendering
for nbconvert and screen readers. Its text is course Markdown (paragraphs, bullets, bold,
emphasis, code, links), rendered safely; the works it cites are listed under it in full,
from ``book/references.bib``, since citation roles do not work in outputs.
"""

from __future__ import annotations

import codecs
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from workbook.components._markdown import render, to_plain
from workbook.paths import project_root

__all__ = ["ModelAnswer", "reference_text"]

_ID = re.compile(r"^w0[1-6]-s\d{2}-[a-z0-9-]+$")


@cache
def _bibliography(path: str) -> Any:
    from workbook.content.bibliography import load_bibliography

    return load_bibliography(Path(path))[0]


def _latex(text: str) -> str:
    import latexcodec  # noqa: F401 - registers the "ulatex" codec

    return codecs.decode(text, "ulatex").replace("{", "").replace("}", "")


def reference_text(key: str, *, bib: str | Path | None = None) -> str:
    """One entry of ``book/references.bib`` as a plain-text reference (Vancouver-like)."""
    path = Path(bib) if bib is not None else project_root() / "book" / "references.bib"
    data = _bibliography(str(path))
    if key not in data.entries:
        raise ValueError(f"no entry {key!r} in {path.name}; add it there or fix the key")
    entry = data.entries[key]
    f = entry.fields
    people = entry.persons.get("author", [])
    names = []
    for person in people[:6]:
        last = _latex(" ".join(person.last_names))
        initials = "".join(
            _latex(n)[0] for n in (*person.first_names, *person.middle_names) if _latex(n)
        )
        names.append(f"{last} {initials}".strip())
    authors = ", ".join(names) + (", et al" if len(people) > 6 else "")
    parts = [f"{authors}. {_latex(f.get('title', ''))}."]
    venue = _latex(f.get("journal", "") or f.get("institution", "") or f.get("howpublished", ""))
    where = f"{venue}. " if venue else ""
    where += f.get("year", "")
    if f.get("volume"):
        where += f";{f['volume']}"
        if f.get("number"):
            where += f"({f['number']})"
        if f.get("pages"):
            where += f":{f['pages'].replace('--', '–')}"
    parts.append(where + ".")
    if f.get("doi"):
        parts.append(f"doi:{f['doi']}")
    elif f.get("url"):
        parts.append(f["url"])
    return " ".join(p for p in parts if p.strip(". "))


class ModelAnswer:
    """A model answer: ``ModelAnswer("w01-s06-q1", markdown, cite=["Spiegelhalter2005"])``.

    ``markdown`` is course text with the computed numbers already in it (an f-string).
    Displays as a closed ``<details>`` ("Model answer") with the text and its sources.
    """

    def __init__(
        self,
        answer_id: str,
        markdown: str,
        *,
        cite: list[str] | tuple[str, ...] = (),
        summary: str = "Model answer",
        bib: str | Path | None = None,
    ) -> None:
        if not _ID.match(answer_id):
            raise ValueError(
                f"answer id {answer_id!r} must look like w01-s06-q1 (week, step, then a name)"
            )
        if not markdown or not markdown.strip():
            raise ValueError(f"{answer_id}: the model answer is empty")
        self.answer_id = answer_id
        self.markdown = markdown
        self.summary = summary
        self.sources = [reference_text(key, bib=bib) for key in cite]

    def _repr_html_(self) -> str:
        e = html.escape
        sources = ""
        if self.sources:
            items = "".join(f"<li>{e(s)}</li>" for s in self.sources)
            sources = f'<p class="wb-sources-title">Sources</p><ul class="wb-sources">{items}</ul>'
        return (
            f'<details class="wb-component wb-answer" id="wb-{e(self.answer_id)}">'
            f"<summary>{e(self.summary)}</summary>{render(self.markdown)}{sources}</details>"
        )

    def to_text(self) -> str:
        lines = [f"{self.summary}:", "", to_plain(self.markdown)]
        if self.sources:
            lines += ["", "Sources:", *(f"- {s}" for s in self.sources)]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": self.to_text()}

    def __repr__(self) -> str:
        return self.to_text()
