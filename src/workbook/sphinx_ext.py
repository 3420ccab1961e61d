"""A small Sphinx extension for the published book (listed in ``_config.yml``).

- sphinx-thebe registers its inline configuration script on every ``env-before-read-docs``
  event, which Jupyter Book's build fires more than once, so each page declared
  ``const THEBE_JS_URL`` twice and the browser reported a script error on every page. We drop
  exact duplicate script entries from each page's context before it is rendered.
- :mod:`workbook.site` makes the theme work for phones and screen readers (template
  overrides, page markup fixes), drops unused widget state and writes a ``404.html``.
"""

from __future__ import annotations

from workbook import site

__all__ = ["setup"]


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        # The same inline script is registered once with filename None and once with "".
        filename = getattr(script, "filename", script) or ""
        key = (str(filename), tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def _use_site_files(app, config) -> None:
    # First in the search path, so these win over the themes' templates of the same name.
    path = str(site.TEMPLATES)
    if path not in config.templates_path:
        config.templates_path.insert(0, path)
    static = str(site.STATIC)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def setup(app):
    app.connect("config-inited", _use_site_files)
    app.add_css_file(site.STYLESHEET)
    app.connect("builder-inited", site.add_template_filters)
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", _dedupe_scripts, priority=10)
    app.connect("html-page-context", site.fix_page_markup, priority=10)
    # Late: MyST-NB adds a page's widget state in its own handler (default priority 500).
    app.connect("html-page-context", site.drop_widget_state, priority=900)
    app.connect("build-finished", site.write_not_found_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
