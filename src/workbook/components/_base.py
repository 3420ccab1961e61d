"""What every component shares: three renderings in one mimebundle, and page assets.

The static HTML needs one small script and style sheet per page. Each notebook page is run
in its own kernel, so the first component displayed in a kernel carries the assets and the
rest of the page relies on them (the script also guards itself with a global flag, so a
second copy does nothing). Element ids derive from content ids; a second display of the same
id on a page gets a numbered suffix, so ids stay unique and stable.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["Component", "page_assets", "reset_page", "json_script", "asset_bytes"]

_page: dict[str, object] = {"assets": False, "ids": {}}


def reset_page() -> None:
    """Forget what this kernel has already emitted (start a new page; used by tests)."""
    _page["assets"] = False
    _page["ids"] = {}


@cache
def _asset(name: str) -> str:
    return resources.files("workbook.components").joinpath("static", name).read_text("utf-8")


def asset_bytes() -> int:
    """Size in bytes of the inlined script and style (what a page carries)."""
    return len(_assets_html().encode("utf-8"))


def _assets_html() -> str:
    return (
        f'<style id="wb-style">{_asset("wb.css")}</style>'
        f'<script id="wb-script">{_asset("wb.js")}</script>'
    )


def page_assets() -> str:
    """The inline style and script, the first time they are asked for on this page."""
    if _page["assets"]:
        return ""
    _page["assets"] = True
    return _assets_html()


def claim_id(base: str) -> str:
    """A DOM id for ``base`` that is unique on this page (``base``, ``base-2``, ...)."""
    ids: dict[str, int] = _page["ids"]  # type: ignore[assignment]
    n = ids.get(base, 0) + 1
    ids[base] = n
    return base if n == 1 else f"{base}-{n}"


def dom_id(*parts: str) -> str:
    """A DOM id from content ids: ``wb-`` + parts joined, with unsafe characters replaced."""
    import re

    raw = "-".join(str(p) for p in parts)
    return "wb-" + re.sub(r"[^A-Za-z0-9_-]", "_", raw)


def json_script(data: object, cls: str = "wb-data") -> str:
    """Embed data as JSON in a script block that content cannot break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return f'<script type="application/json" class="{cls}">{text}</script>'


class Component:
    """Base class: a model that renders as a live widget, static HTML and plain text.

    Subclasses implement ``_make_view()`` (imports ipywidgets inside), ``_static_html(dom)``
    and ``to_text()``. The widget is created lazily, on first display or first access.
    """

    _view = None
    _html: str | None = None
    _dom_base: str = "wb"

    @property
    def view(self):
        """The live ipywidgets view (created on first use)."""
        if self._view is None:
            self._view = self._make_view()
        return self._view

    def _make_view(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _static_html(self, dom: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_html(self) -> str:
        """The self-contained static HTML (assets included once per page)."""
        if self._html is None:
            body = self._static_html(claim_id(self._dom_base))
            self._html = page_assets() + body
        return self._html

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.view._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.to_html()
        bundle["text/plain"] = self.to_text()
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._dom_base}>"
