"""Atomic file writes: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class TargetLockedError(OSError):
    """The target exists but cannot be replaced (open in another program, read-only)."""


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one step.

    On any failure the temporary file is removed and an earlier `target` stays intact.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync(tmp)
        _give_mode(tmp, target)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise TargetLockedError(exc.errno, f"cannot replace {target}: {exc.strerror}",
                                    str(target)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: str | os.PathLike[str], text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def _give_mode(tmp: Path, target: Path) -> None:
    """The mode the target had, or an ordinary new file's (mkstemp makes it 0600)."""
    if os.name != "posix":
        return
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _fsync(path: Path) -> None:
    # A power cut right after the rename must not leave an empty file behind.
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
