"""Where things live: the course's project root, its weeks, and the learner's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from workbook.errors import UserError

__all__ = ["project_root", "week_dir", "workbook_home", "ROOT_MARKER"]

#: The file that marks the top of the course project.
ROOT_MARKER = "_config.yml"


def _looks_like_root(path: Path) -> bool:
    return (path / ROOT_MARKER).is_file() and (path / "weeks").is_dir()


def project_root(start: str | os.PathLike[str] | None = None) -> Path:
    """Return the course project's root folder (the one holding ``_config.yml`` and ``weeks/``).

    Looked up, in order: ``$WORKBOOK_ROOT``; ``start`` (default: the current directory) and
    its parents; the folders above this package (an editable install from a clone).
    """
    env = os.environ.get("WORKBOOK_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not _looks_like_root(root):
            raise UserError(
                f"WORKBOOK_ROOT is set to {root}, which has no {ROOT_MARKER} and weeks/ folder; "
                "point it at the course folder or unset it."
            )
        return root
    here = Path(start if start is not None else os.getcwd()).resolve()
    for candidate in (here, *here.parents):
        if _looks_like_root(candidate):
            return candidate
    for candidate in Path(__file__).resolve().parents:
        if _looks_like_root(candidate):
            return candidate
    raise UserError(
        f"cannot find the course folder (one holding {ROOT_MARKER} and weeks/) from {here}; "
        "run the command inside your clone of the workbook or set WORKBOOK_ROOT."
    )


def week_dir(week: int, root: Path | None = None) -> Path:
    """The folder of week ``week`` (1-6), e.g. ``weeks/week01``."""
    if isinstance(week, bool) or not isinstance(week, int):
        raise TypeError(f"week must be a whole number from 1 to 6, not {week!r}")
    if not 1 <= week <= 6:
        raise ValueError(f"week must be from 1 to 6, not {week}")
    return (root or project_root()) / "weeks" / f"week{week:02d}"


def workbook_home() -> Path:
    """The learner's data folder: ``$WORKBOOK_HOME``, else the platform's user data folder.

    Not created here; the journal creates it when it first writes.
    """
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here to keep ``import workbook`` light

    return Path(platformdirs.user_data_path("workbook", appauthor=False))
