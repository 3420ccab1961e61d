"""Writing files safely: every file the tools write goes through :func:`write_atomically`."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from workbook.errors import UserError

__all__ = ["write_atomically", "clean_stale_temp_files", "STALE_TEMP_SECONDS"]

#: A temporary file left this long (seconds) by a killed run is removed by the next write.
STALE_TEMP_SECONDS = 3600


def _temp_pattern(name: str) -> re.Pattern[str]:
    # mkstemp(prefix=".NAME.", suffix=".tmp") adds 8 characters from [a-z0-9_]
    return re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")


def clean_stale_temp_files(
    target: str | os.PathLike[str], *, older_than: float | None = None
) -> int:
    """Remove ``.NAME.*.tmp`` files that an interrupted write of ``target`` left behind.

    Only regular files matching the temporary name :func:`write_atomically` uses and last
    modified more than ``older_than`` seconds ago (default an hour, so that a write still in
    progress in another process is never touched) are removed. Returns how many were.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    limit = STALE_TEMP_SECONDS if older_than is None else older_than
    pattern = _temp_pattern(target.name)
    now = time.time()
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > limit:
                os.unlink(entry.path)
                removed += 1
    return removed


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` through a temporary file and a rename.

    Readers see the old file or the new one, never half of one; on any failure the old file
    is left as it was and the temporary file is removed. A target that exists but is not a
    regular file (a folder, a device, a pipe, a socket) is refused: renaming over it would
    replace it. Temporary files left by killed runs are cleaned up first.
    """
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UserError(f"{target}: cannot write here ({exc.strerror})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UserError(f"{target} is a folder; give a file name to write to")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UserError(
            f"{target} is not a regular file (a device, pipe or socket); "
            "give the name of an ordinary file to write to"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{target}: the folder {folder} does not exist")
    clean_stale_temp_files(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"{target}: cannot write in {folder} ({exc.strerror})") from None
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if info is not None:
            os.chmod(tmp, info.st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk, a quota: name the file, keep the old one
            raise UserError(
                f"{target}: could not be written ({exc.strerror or exc}); the previous "
                "version, if any, is unchanged"
            ) from None
        raise
    return target
