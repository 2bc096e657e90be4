"""The one writer of files: a temporary file beside the target, checked, then a rename.

    with atomic_path(target) as tmp:      # write tmp however (a library, Qt, ...)
        ...
    write_bytes_atomic(target, data)      # bytes made in memory first (preferred)

Before the rename the temporary file is flushed to disk (fsync) and read back through a
`verify` check: by default one chosen by the target's suffix (a PDF has its header and
trailer, a PNG its signature and end chunk, a DOCX/XLSX is a zip that opens and holds its
main part), so a writer that swallows a full disk (Qt's QPdfWriter does) fails here and an
earlier file stays intact. Temporaries left by a killed write (`.NAME.xxxxxxxx.tmp`) are
removed by the next write of the same target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

Verify = Callable[[bytes], None]
_TMP_SUFFIX = ".tmp"
_AUTO = object()  # verify=...: the check for the target's suffix


class TargetLockedError(OSError):
    """The target exists but cannot be replaced (open in another program, read-only)."""


class IncompleteWriteError(OSError):
    """What was written is not the whole file (a full disk that the writer did not report)."""

    def __init__(self, target: Path, why: str):
        super().__init__(errno.EIO, f"the written file is incomplete ({why}); "
                                    f"is the disk full?", str(target))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str],
                verify: Verify | None | object = _AUTO) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one step.

    `verify(data)` gets the bytes as written to disk and raises (any exception) if they are
    not a whole file; by default the check for the target's suffix (`verifier_for`).
    On any failure the temporary file is removed and an earlier `target` stays intact.
    """
    target = Path(target)
    check = verifier_for(target) if verify is _AUTO else verify
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TMP_SUFFIX,
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync(tmp)
        if check is not None:
            data = tmp.read_bytes()
            try:
                check(data)  # type: ignore[operator]
            except OSError:
                raise
            except Exception as exc:
                raise IncompleteWriteError(target, str(exc) or type(exc).__name__) from exc
        _give_mode(tmp, target)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise TargetLockedError(exc.errno, f"cannot replace {target}: {exc.strerror}",
                                    str(target)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes,
                       verify: Verify | None | object = _AUTO) -> None:
    """Write `data` to `target` atomically; the file on disk must read back as `data`."""

    def same(written: bytes) -> None:
        if written != data:
            raise ValueError(f"{len(written)} of {len(data)} bytes on disk")
        if verify is _AUTO:
            auto = verifier_for(Path(target))
            if auto is not None:
                auto(written)
        elif verify is not None:
            verify(written)  # type: ignore[operator]

    with atomic_path(target, verify=same) as tmp, open(tmp, "wb") as f:
        f.write(data)


def write_text_atomic(target: str | os.PathLike[str], text: str,
                      verify: Verify | None | object = _AUTO) -> None:
    write_bytes_atomic(target, text.encode("utf-8"), verify=verify)


def os_error_text(exc: OSError, writing: bool = True) -> tuple[str, str]:
    """Why a write (or, `writing` False, any file operation) failed, in words for the
    user: (Chinese, English)."""
    if isinstance(exc, TargetLockedError):
        return ("无法替换文件，可能正在其他程序中打开，请关闭后重试",
                "cannot replace the file; it may be open in another program")
    if isinstance(exc, IncompleteWriteError) or exc.errno in (errno.ENOSPC, errno.EFBIG,
                                                             errno.EDQUOT):
        return "磁盘空间不足", "the disk is full"
    if isinstance(exc, PermissionError):
        return "没有写入权限，请换一个文件夹", "no permission to write here; choose another folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名太长", "the file name is too long"
    if exc.errno == errno.EROFS:
        return "磁盘或文件夹为只读", "the disk or folder is read-only"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a folder to be made, a file in the way
        return "路径中有同名的文件，不是文件夹", "a file of that name is in the way, not a folder"
    reason = exc.strerror or type(exc).__name__
    if not writing:
        return f"文件操作失败（{reason}）", f"the file operation failed ({reason})"
    return f"无法写入（{reason}）", f"cannot write ({reason})"


# --- checks of what was written -----------------------------------------------------------

def verify_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise ValueError("no PDF header")
    if b"%%EOF" not in data[-1024:]:
        raise ValueError("no PDF trailer")


def verify_png(data: bytes) -> None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("no PNG signature")
    if not data.endswith(b"IEND\xaeB`\x82"):
        raise ValueError("no PNG end chunk")


def zip_verifier(main_part: str) -> Verify:
    """A check that the data is a zip archive that opens, is intact and holds `main_part`."""

    def verify(data: bytes) -> None:
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if main_part not in z.namelist():
                    raise ValueError(f"no {main_part}")
                bad = z.testzip()
        except zipfile.BadZipFile as exc:
            raise ValueError(f"not a whole zip archive: {exc}") from None
        if bad is not None:
            raise ValueError(f"damaged part {bad}")

    return verify


def verify_html(data: bytes) -> None:
    if b"</html>" not in data[-256:].lower():
        raise ValueError("no end of the HTML document")


def verifier_for(target: Path) -> Verify | None:
    """The check for a target's suffix; None where the format has no cheap check."""
    return {
        ".pdf": verify_pdf,
        ".png": verify_png,
        ".docx": zip_verifier("word/document.xml"),
        ".xlsx": zip_verifier("xl/workbook.xml"),
        ".html": verify_html,
    }.get(target.suffix.lower())


# --- housekeeping -------------------------------------------------------------------------

def temporary_pattern(target: Path) -> re.Pattern[str]:
    """The names atomic_path gives the temporaries of `target` (mkstemp's 8 random chars)."""
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}{re.escape(_TMP_SUFFIX)}")


def remove_stale_temporaries(target: Path) -> int:
    """Remove temporaries of `target` left by a write that was killed; return how many.

    Only names of our own making for this very target: another program's files are never
    touched. One still open elsewhere (Windows refuses) is left for the next time.
    """
    pattern = temporary_pattern(target)
    removed = 0
    try:
        names = [e.name for e in os.scandir(target.parent) if e.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    for name in names:
        if pattern.fullmatch(name):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()
                removed += 1
    return removed


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
    # A power cut right after the rename must not leave an empty file behind; and a full
    # disk that a writer's buffered writes hid shows up here at the latest.
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
