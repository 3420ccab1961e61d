"""What the published site adds to the book theme (used by :mod:`workbook.sphinx_ext`).

Each function here answers one problem a reader met on the built site; the module docstrings
of the templates say the same for the theme templates this package overrides:

- ``templates/``: the theme's top navbar removed (phone menu; empty duplicate header), and the
  search and colour-mode buttons named so that their accessible names match what they show.
- ``static/workbook-site.css``: phone-sized headings, tables that scroll in their own box.
- :func:`fix_page_markup`: markup in the page body that axe-core rejects (bibliography
  entries, "show code" toggles); every image made a link to its full-size file.
- :func:`drop_widget_state`: widget state that MyST-NB embeds although the site never loads a
  widget manager (the site shows each component's static HTML).
- :func:`without_fontawesome_js`: the theme's 1.5 MB optional icon script left out.
- :func:`write_not_found_page`: a self-contained ``404.html`` at the site's root.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

__all__ = [
    "STATIC",
    "STYLESHEET",
    "TEMPLATES",
    "drop_widget_state",
    "fix_page_markup",
    "add_template_filters",
    "not_found_html",
    "without_fontawesome_js",
    "write_not_found_page",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
STYLESHEET = "workbook-site.css"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# docutils marks each bibliography entry role="doc-biblioentry" inside a role="list": that role
# is deprecated and not a list item, so axe reports the list as having no items (critical).
_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')
# MyST-NB names its "Show code cell source" toggles "Toggle hidden content", which is not what
# they show; without the label their name is their visible text.
_TOGGLE_LABEL = re.compile(r'<summary aria-label="Toggle hidden content">')
# An image Sphinx copied to _images/ (charts from notebook outputs, figures).
_IMAGE = re.compile(r'<img [^>]*?src="(?P<src>[^"]*_images/[^"]+)"[^>]*>')


def _link_to_full_size(match: re.Match, body: str) -> str:
    before = body.rfind("<", 0, match.start())
    if body.startswith("<a ", before):  # already a link
        return match.group(0)
    return f'<a class="wb-chart-link" href="{match.group("src")}">{match.group(0)}</a>'


def fix_page_markup(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    body = _BIBLIOENTRY.sub(r'\1 role="listitem"', body)
    body = _TOGGLE_LABEL.sub("<summary>", body)
    # Each image links to its full-size file (a phone reader can open and zoom a chart).
    context["body"] = _IMAGE.sub(lambda m: _link_to_full_size(m, body), body)


def drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    """Remove embedded ipywidgets state: the site shows static HTML and has no widget manager."""
    scripts = context.get("script_files")
    if scripts:
        kept = [s for s in scripts if getattr(s, "attributes", {}).get("type") != WIDGET_STATE]
        scripts[:] = kept


_FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)


def without_fontawesome_js(html_text: str) -> str:
    """Template filter: the theme's head without its optional icon script."""
    from markupsafe import Markup

    return Markup(_FONTAWESOME_JS.sub("", str(html_text)))


def add_template_filters(app) -> None:
    if app.builder is not None and hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["wb_without_fontawesome_js"] = (
            without_fontawesome_js
        )


def not_found_html(title: str, home: str) -> str:
    """A page that needs no other file (it is served at any depth of the site)."""
    title = html.escape(title)
    home = html.escape(home, quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found: {title}</title>
<style>
  :root {{ color-scheme: light dark; }}
  body {{ font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; padding: 2rem 1rem;
         background: #fff; color: #222; }}
  main {{ max-width: 36rem; margin: 0 auto; }}
  h1 {{ font-size: 1.6rem; line-height: 1.25; }}
  a {{ color: #0a5bb5; }}
  @media (prefers-color-scheme: dark) {{
    body {{ background: #121212; color: #e8e8e8; }}
    a {{ color: #8cc4ff; }}
  }}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address in <em>{title}</em>. It may have moved when the course
was reorganised, or the address may have been mistyped.</p>
<p><a href="{home}">Go to the workbook's home page</a> and use its contents list or search.</p>
</main>
</body>
</html>
"""


def write_not_found_page(app, exception) -> None:
    """Write ``404.html`` at the root of an HTML build (GitHub Pages and others serve it)."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    # An absolute home address when the site's address is configured; otherwise the server's
    # root, which is the book's root when the book is published at a domain's top level.
    home = (app.config.html_baseurl or "/").rstrip("/") + "/"
    title = app.config.html_title or app.config.project
    Path(app.outdir, "404.html").write_text(not_found_html(title, home), encoding="utf-8")
