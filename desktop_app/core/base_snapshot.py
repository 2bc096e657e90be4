"""The clause base in use, kept after its verification so that a start need not verify it
again: its raw cells in the user's data folder, with the identity of the file they came
from.

open_db verifies a database by reading every cell through SQLite and hashing them (its
content_hash against its stored version). For the clause base in use (default_db: the
bundled database or the imported pack) that work was the same at every start: some 5 ms
of the wizard's first window with today's base, and 150-250 ms with a 5,000-item pack.
Once verified, the cells are kept here (marshal, Python's own format: nothing to import)
with the file's size, modification time and inode. A start whose file still has that
identity reads the snapshot instead; any change to the file (an import, a rollback, a
reinstall, an edit) changes its identity, and the database is read and verified anew.

What the snapshot guards against is what the stored hash guards against: accidental
damage. Its own bytes carry a CRC-32 (zlib, already loaded by every Python) and a
snapshot that does not match, cannot be read or is of another format is ignored (and
remade). Neither is a defence against someone who edits the user's files on purpose: the
content hash is unkeyed too; a pack's signature, checked at import, is that defence.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1
SLOTS = ("bundled", "installed")  # at most one snapshot each: nothing piles up


def _snapshot_path(slot: str) -> Path:
    from desktop_app.paths import user_data_dir

    return user_data_dir() / "cache" / f"clausedb-{slot}.snapshot"


def identity(path: Path) -> list[Any]:
    """What tells one file from another, or from itself after a change (stat before read:
    a change while it is read then shows at the next start)."""
    st = os.stat(path)
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino]


def load(slot: str, path: Path) -> tuple[str, dict[str, Any]] | None:
    """The verified version and raw tables kept for `path`, or None (no snapshot, another
    file, a changed file, a damaged or unreadable snapshot)."""
    try:
        data = _snapshot_path(slot).read_bytes()
        stored_crc, body = int.from_bytes(data[:4], "little"), data[4:]
        if len(data) < 4 or zlib.crc32(body) != stored_crc:
            return None
        kept = marshal.loads(body)
        if (type(kept) is not dict or kept.get("format") != FORMAT
                or kept.get("identity") != identity(path)):
            return None
        return kept["version"], kept["raw"]
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def save(slot: str, ident: list[Any], version: str, raw: dict[str, Any]) -> None:
    """Keep a verified database's cells; a data folder that cannot be written only means
    the next start verifies again."""
    from desktop_app.core.atomic import write_bytes_atomic

    body = marshal.dumps({"format": FORMAT, "identity": ident, "version": version,
                          "raw": raw})
    try:
        write_bytes_atomic(_snapshot_path(slot),
                           zlib.crc32(body).to_bytes(4, "little") + body, verify=None)
    except OSError:
        pass
