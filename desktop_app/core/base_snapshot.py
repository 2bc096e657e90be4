"""The clause base in use, kept after its verification so that a start need not verify it
again: its cells, decoded, in the user's data folder, with the identity of the file they
came from.

open_db verifies a database by reading every cell through SQLite and hashing them (its
content_hash against its stored version). For the clause base in use (default_db: the
bundled database or the imported pack) that work was the same at every start: some 5 ms
of the wizard's first window with today's base, and 150-250 ms with a 5,000-item pack.
Once verified, the cells are kept here (marshal, Python's own format: nothing to import),
their JSON already decoded (clausedb.decode_cells: the items kept apart, read when an
item is first used, each of their cells when first read), so a start from the snapshot
imports no json, and the wizard's first window reads no item at all; with the file's
identity: its size, modification time, inode and SQLite's 100-byte file header, whose
change counter SQLite bumps at every write (so an edit that keeps the size and falls
within a coarse clock tick, as on FAT, still shows). A start whose file still has that
identity, with the same app version and schema, reads the snapshot instead. The app's own
changes (an import, a rollback, a reinstall) always write a new file, and the database is
read and verified anew.

What the snapshot guards against is what the stored hash guards against: accidental
damage. Its cells carry a CRC-32 (zlib, already loaded by every Python) and a snapshot
that does not match, cannot be read or is of another format is ignored (and remade).
Neither is a defence against someone who edits the user's files on purpose: the content
hash is unkeyed too; a pack's signature, checked at import, is that defence.

The file: 4 bytes (little-endian) giving the length of a small marshalled header (format,
app version, schema, identity, version, CRC-32 of the cells), the header, then the
marshalled tables (clausedb.decode_cells). A miss is told from the header alone.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 5  # 3: JSON cells decoded; 4: the items' cells each marshalled; 5: items apart
_SQLITE_HEADER = 100


def _snapshot_path(slot: str) -> Path:
    """One file per slot ("bundled", "installed"): a new pack replaces the last one's."""
    from desktop_app.paths import user_data_dir

    return user_data_dir() / "cache" / f"clausedb-{slot}.snapshot"


def _key(schema: int) -> list[Any]:
    from desktop_app import __version__

    return [FORMAT, __version__, schema]


def identity(path: Path) -> list[Any]:
    """What tells one file from another, or from itself after a change (taken before the
    file is read: a change while it is read then shows at the next start)."""
    st = os.stat(path)
    with open(path, "rb") as f:
        header = f.read(_SQLITE_HEADER)
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino, header]


def content_identity(path: Path) -> list[Any]:
    """What tells the bundled database from another wherever it is installed: its size and
    a CRC-32 of its bytes (an installer sets its own times, paths and inodes; reading the
    bundled file, a quarter of a megabyte, costs a fraction of a millisecond)."""
    data = path.read_bytes()
    return ["content", len(data), zlib.crc32(data)]


def shipped_path(path: Path) -> Path:
    """The snapshot made when the bundle was built, beside the bundled database it is of."""
    return path.with_suffix(".snapshot")


def load(slot: str, path: Path, schema: int) -> tuple[str, dict[str, Any]] | None:
    """The verified version and tables (JSON cells decoded) kept for `path`, or None (no
    snapshot, another file, a changed file, another app version or database schema, a
    damaged or unreadable snapshot)."""
    return _load(lambda: _snapshot_path(slot), lambda: identity(path), schema)


def load_shipped(path: Path, schema: int) -> tuple[str, dict[str, Any]] | None:
    """As load(), from the snapshot the bundle was built with (ship()), for the bundled
    database: its first start after installing need not verify it either (about 10 ms of
    the wizard's first window: sqlite3 and hashlib imported, every cell read and hashed)."""
    return _load(lambda: shipped_path(path), lambda: content_identity(path), schema)


def _load(file: Callable[[], Path], ident: Callable[[], list[Any]], schema: int
          ) -> tuple[str, dict[str, Any]] | None:
    try:
        data = file().read_bytes()
        size = int.from_bytes(data[:4], "little")
        head = marshal.loads(data[4:4 + size])
        if (type(head) is not dict or head.get("key") != _key(schema)
                or head.get("identity") != ident()):
            return None
        body = memoryview(data)[4 + size:]  # (no copy: a large pack's is megabytes)
        if zlib.crc32(body) != head["crc"]:
            return None
        raw = marshal.loads(body)
        return (head["version"], raw) if type(raw) is dict else None
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


# While held (hold()), snapshots wait in memory, each with the path it was meant for.
_held: list[tuple[Path, list[Any], str, int, Callable[[], Any]]] | None = None


def hold() -> None:
    """Keep snapshots in memory until release(): the wizard's first window need not wait
    for a cache write, whose flush to disk can take tens of milliseconds on an old
    laptop's disk. (A process killed before release() only verifies again next time.)"""
    global _held
    if _held is None:
        _held = []


def release() -> None:
    """Write the snapshots held; from now on they are written at once again."""
    global _held
    held, _held = _held or [], None
    for entry in held:
        _write(*entry)


def save(slot: str, ident: list[Any], version: str, schema: int,
         cells: Callable[[], Any]) -> None:
    """Keep a verified database's cells, as `cells()` gives them (clausedb.decode_cells,
    called now, or at release() while held); a data folder that cannot be written only
    means the next start verifies again."""
    try:
        target = _snapshot_path(slot)
    except OSError:
        return
    if _held is not None:
        _held.append((target, ident, version, schema, cells))
    else:
        _write(target, ident, version, schema, cells)


def _write(target: Path, ident: list[Any], version: str, schema: int,
           cells: Callable[[], Any], strict: bool = False) -> None:
    """`strict` (a build): fail loudly; otherwise a snapshot that cannot be made or written
    only means verifying again next time."""
    from desktop_app.core.atomic import write_bytes_atomic

    try:
        body = marshal.dumps(cells())
        head = marshal.dumps({"key": _key(schema), "identity": ident, "version": version,
                              "crc": zlib.crc32(body)})
        # The writer reads the file back and compares it with these bytes in any case;
        # there is no suffix-specific check to add (verify=None).
        write_bytes_atomic(target, len(head).to_bytes(4, "little") + head + body,
                           verify=None)
    except (ValueError, RecursionError, OSError):
        # ValueError, RecursionError: a base built wrongly, refused when the cell is read
        if strict:
            raise


def ship(path: Path, target: Path, version: str, schema: int, cells: Callable[[], Any]
         ) -> None:
    """Write the snapshot of a verified bundled database to `target`, as the bundle is
    built (build.spec puts it at shipped_path in the bundle): identified by the database's
    content, not by where it lies."""
    _write(target, content_identity(path), version, schema, cells, strict=True)


def forget(slot: str) -> None:
    """Drop a snapshot that led to a base that could not be used."""
    try:
        _snapshot_path(slot).unlink(missing_ok=True)
    except OSError:
        pass
