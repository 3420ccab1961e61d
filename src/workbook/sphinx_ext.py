"""A small Sphinx extension for the published book (listed in ``_config.yml``).

sphinx-thebe registers its inline configuration script on every ``env-before-read-docs``
event, which Jupyter Book's build fires more than once, so each page declared
``const THEBE_JS_URL`` twice and the browser reported a script error on every page. We drop
exact duplicate script entries from each page's context before it is rendered.
"""

from __future__ import annotations

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


def setup(app):
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", _dedupe_scripts, priority=10)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
