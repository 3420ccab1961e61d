"""Writing files safely: every file the tools write goes through :func:`write_atomically`."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from workbook.errors import UserError

__all__ = ["write_atomically"]


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` through a temporary file and a rename.

    Readers see the old file or the new one, never half of one; on any failure the old file
    is left as it was and the temporary file is removed.
    """
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name to write to")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{target}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target
