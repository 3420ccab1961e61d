"""Where things live: the course's project root, its weeks, and the learner's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from workbook.errors import UserError

__all__ = ["project_root", "course_root", "week_dir", "workbook_home", "ROOT_MARKER", "N_WEEKS"]

#: The file that marks the top of the course project.
ROOT_MARKER = "_config.yml"

#: The number of weeks in the course (``weeks/week01`` ... ``weeks/week06``).
N_WEEKS = 6


def _looks_like_root(path: Path) -> bool:
    return (path / ROOT_MARKER).is_file() and (path / "weeks").is_dir()


def course_root(path: str | os.PathLike[str], *, option: str = "the course folder") -> Path:
    """``path`` itself as the course folder, or a :class:`UserError` saying why it is not one.

    Unlike :func:`project_root` this never looks in parent folders, ``$WORKBOOK_ROOT`` or the
    package's own clone: a folder named explicitly (``--root``) is the course or an error, so
    a check can never silently check another course.
    """
    raw = os.fspath(path)
    root = Path(raw).expanduser()
    try:
        resolved = root.resolve()
        is_dir = resolved.is_dir()
    except (OSError, RuntimeError) as exc:
        raise UserError(f"{option} {raw!r} cannot be opened ({exc}).") from None
    if not is_dir:
        raise UserError(f"{option} {raw!r} is not a folder; give the course folder.")
    if not _looks_like_root(resolved):
        raise UserError(
            f"{option} {raw!r} is not a course folder: it has no {ROOT_MARKER} and weeks/ "
            "folder. Give the folder of your clone of the workbook."
        )
    return resolved


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
    """The folder of week ``week`` (1 to :data:`N_WEEKS`), e.g. ``weeks/week01``."""
    if isinstance(week, bool) or not isinstance(week, int):
        raise TypeError(f"week must be a whole number from 1 to {N_WEEKS}, not {week!r}")
    if not 1 <= week <= N_WEEKS:
        raise ValueError(f"week must be from 1 to {N_WEEKS}, not {week}")
    return (root or project_root()) / "weeks" / f"week{week:02d}"


def workbook_home() -> Path:
    """The learner's data folder: ``$WORKBOOK_HOME``, else the platform's user data folder.

    Not created here; the journal creates it when it first writes.
    """
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        try:
            env.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8, decoded with surrogateescape
            shown = env.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise UserError(
                f"WORKBOOK_HOME is set to '{shown}', which is not UTF-8 text; set it to a "
                "folder whose name is plain UTF-8 (or unset it to use the default)."
            ) from None
        return Path(env).expanduser()
    import platformdirs  # imported here to keep ``import workbook`` light

    return Path(platformdirs.user_data_path("workbook", appauthor=False))
