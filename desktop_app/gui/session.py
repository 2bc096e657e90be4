"""The user's session files: one autosave per window, and the recent-cases list (no Qt).

Every window autosaves to its own file in `<user data>/sessions/`, `<id>.json`, and holds
`<id>.lock` locked (an OS file lock, released by the OS when the process dies) for as long
as it lives. A session whose lock nobody holds is an orphan: the window that crashed or
closed with unsaved answers left it, and the next window to start may offer to resume it.
A session a running window holds is never offered, moved or deleted by another.

A discarded session (不保存, or declining to resume) is not deleted: it becomes
`<id>.discarded.json`, restorable until that window's next session is saved to a file.
An autosave that cannot be read is set aside as `<id>.unreadable.json`, never a reason not
to start, and reported once.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from pathlib import Path
from typing import IO, Any

from desktop_app.core.atomic import write_text_atomic
from desktop_app.core.case_file import read_case, write_case
from desktop_app.core.facts import ProfileError
from desktop_app.paths import user_data_dir

SESSIONS = "sessions"
LEGACY_AUTOSAVE = "autosave.json"  # the single autosave of earlier versions
RECENT = "recent.json"
MAX_RECENT = 8
DISCARDED_DAYS = 30  # discarded sessions of windows long gone are removed after this
# In a case's meta: what was typed into a field and not accepted ("12abc"), by fact id,
# kept with the case and its autosave so that it comes back with its message, not lost.
UNACCEPTED_KEY = "unaccepted"


def unaccepted(meta: dict[str, Any]) -> dict[str, str]:
    """The text typed and not accepted that a case's meta keeps (none when malformed)."""
    kept = meta.get(UNACCEPTED_KEY)
    return {f: t for f, t in kept.items() if isinstance(t, str)} if isinstance(kept, dict) \
        else {}


_counter = itertools.count(1)


def sessions_dir() -> Path:
    path = user_data_dir() / SESSIONS
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- the lock -------------------------------------------------------------------------

def _try_lock(path: Path) -> IO[str] | None:
    """The open, exclusively locked lock file; None if another holder has it."""
    try:
        f = open(path, "a+", encoding="ascii")  # noqa: SIM115 (held open while locked)
    except OSError:
        return None
    try:
        if os.name == "nt":
            import msvcrt

            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return None
    with contextlib.suppress(OSError):
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")  # for a person looking at the folder
        f.flush()
    return f


def _unlock(f: IO[str]) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    f.close()


# --- one window's session --------------------------------------------------------------

class Session:
    """A session file held by this process (its lock taken).

    Plain classes, not dataclasses: this module loads with the first window, where every
    millisecond of start-up counts (tests/test_gui_startup.py).
    """

    def __init__(self, session_id: str):
        self.session_id = session_id
        self._lock: IO[str] | None = None

    def __repr__(self) -> str:
        return f"Session({self.session_id!r}, held={self.held})"

    @property
    def path(self) -> Path:
        return sessions_dir() / f"{self.session_id}.json"

    @property
    def lock_path(self) -> Path:
        return sessions_dir() / f"{self.session_id}.lock"

    @property
    def discarded_path(self) -> Path:
        return sessions_dir() / f"{self.session_id}.discarded.json"

    @property
    def held(self) -> bool:
        return self._lock is not None

    def write(self, profile: dict[str, Any], meta: dict[str, Any],
              application: dict[str, Any] | None = None) -> None:
        write_case(self.path, profile, meta, application=application)

    def read(self) -> dict[str, Any]:
        return read_case(self.path)

    def clear(self) -> None:
        """Nothing unsaved any more (saved to a file, or never edited)."""
        self.path.unlink(missing_ok=True)

    def discard(self) -> bool:
        """Keep the autosave as this window's discarded session; True if there was one."""
        if not self.path.is_file():
            return False
        os.replace(self.path, self.discarded_path)
        return True

    def discarded(self) -> dict[str, Any] | None:
        """The case this window discarded last, if any is still kept."""
        if not self.discarded_path.is_file():
            return None
        try:
            return read_case(self.discarded_path)
        except ProfileError:
            return None

    def drop_discarded(self) -> None:
        """The next session was saved: the discarded one is no longer kept."""
        self.discarded_path.unlink(missing_ok=True)

    def release(self) -> None:
        """Let go (the window closes): an autosave left behind becomes an orphan."""
        if self._lock is not None:
            _unlock(self._lock)
            self._lock = None
            with contextlib.suppress(OSError):
                self.lock_path.unlink()


def new_session() -> Session:
    """A fresh session for a new window, its lock held (OSError if none can be made)."""
    for _ in range(100):
        sid = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{next(_counter)}"
        s = Session(sid)
        if s.path.exists() or s.lock_path.exists():
            continue
        lock = _try_lock(s.lock_path)
        if lock is not None:
            s._lock = lock
            return s
    raise OSError(f"cannot make a session file in {sessions_dir()}")


class Orphan:
    """An unsaved session no window holds, now held by this process to offer it."""

    def __init__(self, session: Session, case: dict[str, Any]):
        self.session, self.case = session, case


class SetAside:
    """An autosave that could not be read, renamed so that it is never read again."""

    def __init__(self, path: Path, problem: ProfileError):
        self.path, self.problem = path, problem


def claim_orphan() -> tuple[Orphan | None, list[SetAside]]:
    """The newest orphaned session worth offering (its lock now held by the caller), and
    the unreadable autosaves set aside on the way. Sessions other windows hold are left
    alone; a claimed orphan must be `release()`d or adopted."""
    folder = sessions_dir()
    _adopt_legacy_autosave(folder)
    _remove_old_discarded(folder)
    _remove_dead_temporaries(folder)
    set_aside: list[SetAside] = []
    candidates = sorted((p for p in folder.glob("*.json") if p.stem.count(".") == 0),
                        key=_mtime, reverse=True)
    for path in candidates:
        s = Session(path.stem)
        lock = _try_lock(s.lock_path)
        if lock is None:
            continue  # a running window's own session
        s._lock = lock
        try:
            case = read_case(path)
        except ProfileError as exc:
            aside = folder / f"{s.session_id}.unreadable.json"
            with contextlib.suppress(OSError):
                os.replace(path, aside)
                set_aside.append(SetAside(aside, exc))
            s.release()
            continue
        if not case["profile"] and not unaccepted(case["meta"]):
            s.clear()
            s.release()
            continue
        return Orphan(s, case), set_aside
    _remove_stale_locks(folder)
    return None, set_aside


def _adopt_legacy_autosave(folder: Path) -> None:
    """An earlier version's single autosave becomes an orphaned session like any other."""
    legacy = user_data_dir() / LEGACY_AUTOSAVE
    if legacy.is_file():
        with contextlib.suppress(OSError):
            os.replace(legacy, folder / f"{time.strftime('%Y%m%d-%H%M%S')}-legacy.json")


def _remove_old_discarded(folder: Path) -> None:
    limit = time.time() - DISCARDED_DAYS * 86400
    for path in folder.glob("*.discarded.json"):
        if _mtime(path) < limit:
            s = Session(path.name.split(".")[0])
            lock = _try_lock(s.lock_path)
            if lock is not None:
                s._lock = lock
                path.unlink(missing_ok=True)
                s.release()


def _remove_dead_temporaries(folder: Path) -> None:
    """Temporaries of autosaves killed mid-write, of sessions no running window holds
    (each window writes only its own file, so no later write of it would remove them)."""
    from desktop_app.core.atomic import remove_stale_temporaries

    for path in folder.glob(".*.tmp"):
        s = Session(path.name[1:].split(".")[0])
        lock = _try_lock(s.lock_path)
        if lock is not None:
            s._lock = lock
            for target in (s.path, s.discarded_path):
                remove_stale_temporaries(target)
            s.release()


def _remove_stale_locks(folder: Path) -> None:
    """Lock files of windows that died with nothing unsaved."""
    for lock_path in folder.glob("*.lock"):
        s = Session(lock_path.stem)
        if s.path.exists() or s.discarded_path.exists():
            continue
        lock = _try_lock(lock_path)
        if lock is not None:
            s._lock = lock
            s.release()


def latest_discarded(own: Session | None) -> tuple[Session, dict[str, Any]] | None:
    """The discarded session to restore: this window's own, else the newest one no running
    window holds (a window closed since). Its lock is held by the caller when not `own`."""
    if own is not None:
        case = own.discarded()
        if case is not None:
            return own, case
    folder = sessions_dir()
    for path in sorted(folder.glob("*.discarded.json"), key=_mtime, reverse=True):
        s = Session(path.name.split(".")[0])
        lock = _try_lock(s.lock_path)
        if lock is None:
            continue
        s._lock = lock
        case = s.discarded()
        if case is not None:
            return s, case
        s.release()
    return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


# --- recent cases ----------------------------------------------------------------------

def recent_cases() -> list[str]:
    """Recently opened or saved case files, newest first, those still present."""
    import json  # here: the first window reads no JSON unless there is some to read

    try:
        data = json.loads((user_data_dir() / RECENT).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(data, list):
        return []
    return [p for p in data if isinstance(p, str) and Path(p).is_file()][:MAX_RECENT]


def add_recent(path: str | Path) -> list[str]:
    import json

    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_cases() if p != path]
    paths = paths[:MAX_RECENT]
    write_text_atomic(user_data_dir() / RECENT, json.dumps(paths, ensure_ascii=False, indent=1))
    return paths
