"""Errors a learner or educator can act on.

The command line prints a :class:`UserError` as one line (``error: ...``) and exits with
status 2; it never shows a traceback for one.
"""

__all__ = ["UserError"]


class UserError(Exception):
    """A problem with the user's input, files or environment, explained in the message."""
