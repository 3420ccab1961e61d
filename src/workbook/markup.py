"""Learner text made safe for the formats it is exported to.

:func:`md_escape` is the one routine that turns learner text into Markdown that shows it
literally; the website's script (``components/static/wb.js``) mirrors it for the notes a reader
downloads, and a test feeds the same payloads through both.
"""

from __future__ import annotations

import re

__all__ = ["md_escape"]

_MD_INLINE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "~": "\\~",
        "|": "\\|",
        "$": "\\$",
    }
)
_MD_LINE_START = re.compile(r"^([ \t]*)([#+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape text for Markdown so that it shows literally and never becomes HTML or a link.

    Angle brackets and ampersands become entities (no raw HTML, no autolinks), brackets and
    emphasis characters are backslash-escaped (no links, images or formatting), and a
    leading ``#``, ``-``, ``+``, ``=`` or ``1.`` cannot start a heading or a list.
    """
    out = []
    for line in text.split("\n"):
        line = line.translate(_MD_INLINE)
        line = _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2], line, count=1)
        out.append(line)
    return "\n".join(out)
