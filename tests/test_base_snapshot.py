"""The clause base in use is verified once and then read from its snapshot while its file
is unchanged (core/base_snapshot.py); any change to the file means verifying again."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core import base_snapshot
from desktop_app.core.clausedb import SCHEMA_VERSION, ClauseDBError, open_db
from desktop_app.paths import clause_db_path


def _kept(path: Path):
    """What the snapshot of the bundled slot holds for `path` (None: nothing usable)."""
    return base_snapshot.load("bundled", path, SCHEMA_VERSION)


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "base.sqlite"
    shutil.copyfile(clause_db_path(), path)
    return path


def _snapshot() -> Path:
    return base_snapshot._snapshot_path("bundled")


def _overwrite_keeping_identity(path: Path) -> None:
    """Zero everything after SQLite's 100-byte header in place (same inode, same size) and
    put the times back: what base_snapshot.identity sees stays the same."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.seek(100)
        f.write(b"\0" * (st.st_size - 100))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _rewrite_head(change) -> None:
    """Change the snapshot's header (base_snapshot's file layout), its cells kept."""
    import marshal

    data = _snapshot().read_bytes()
    size = int.from_bytes(data[:4], "little")
    head = marshal.loads(data[4:4 + size])
    change(head)
    new = marshal.dumps(head)
    _snapshot().write_bytes(len(new).to_bytes(4, "little") + new + data[4 + size:])


def test_a_verified_base_is_kept_and_then_read_from_its_snapshot(copy):
    first = open_db(copy, snapshot="bundled")
    assert _snapshot().is_file()
    # The file is made unreadable as a database but keeps its size, inode, time and
    # header: only the snapshot can still give the base, so it is what is read.
    _overwrite_keeping_identity(copy)
    again = open_db(copy, snapshot="bundled")
    assert again.version == first.version
    assert [i.item_id for i in again.items] == [i.item_id for i in first.items]
    assert again.item_by_id["mentougou-03"].formula == first.item_by_id["mentougou-03"].formula
    with pytest.raises(ClauseDBError):
        open_db(copy)  # without the snapshot the file is read, and refused


def test_the_snapshot_gives_every_record_as_the_file_does(copy):
    """The snapshot keeps the cells decoded (the items' each marshalled, decoded as first
    read): every record, every field, equals what decoding the file's JSON gives."""
    from_file = open_db(copy)
    open_db(copy, snapshot="bundled")  # verified, kept
    _overwrite_keeping_identity(copy)  # from here only the snapshot can give the base
    kept = open_db(copy, snapshot="bundled")
    for table in ("items", "topics", "glossary", "stacking"):
        assert ([r.as_dict() for r in getattr(kept, table)]
                == [r.as_dict() for r in getattr(from_file, table)]), table
    for table in ("policies", "facts"):
        assert ({k: r.as_dict() for k, r in getattr(kept, table).items()}
                == {k: r.as_dict() for k, r in getattr(from_file, table).items()}), table
    assert kept.messages == from_file.messages and kept.items


def _change_a_rate(path: Path) -> None:
    """Edit the database through SQLite, as a tool would: mentougou-03's rate 20% -> 90%."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE items SET formula = replace(formula, '0.20', '0.90') "
                     "WHERE item_id = 'mentougou-03'")


def test_a_changed_file_is_verified_again_and_refused(copy):
    open_db(copy, snapshot="bundled")
    _change_a_rate(copy)
    with pytest.raises(ClauseDBError, match="does not match its version"):
        open_db(copy, snapshot="bundled")


def test_an_edit_within_the_clock_tick_is_seen_by_sqlites_change_counter(copy):
    """Same size, modification time put back (a coarse clock, FAT's 2 s): SQLite's file
    header still changes, and the file is verified again."""
    open_db(copy, snapshot="bundled")
    st = copy.stat()
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE items SET text = replace(text, '给予', '给与') "
                     "WHERE item_id = 'mentougou-03'")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert copy.stat().st_size == st.st_size
    with pytest.raises(ClauseDBError, match="does not match its version"):
        open_db(copy, snapshot="bundled")


def test_a_snapshot_of_another_app_version_is_ignored(copy):
    version = open_db(copy, snapshot="bundled").version
    _rewrite_head(lambda head: head["key"].__setitem__(1, "0.0.1-older"))
    assert _kept(copy) is None
    assert open_db(copy, snapshot="bundled").version == version
    assert _kept(copy) is not None  # remade for this version


def test_a_snapshot_whose_cells_are_not_this_schema_gives_way_to_the_file(copy):
    """Its key matches, but its cells do not pass the schema check: the snapshot is
    dropped and the file, verified as at a first start, decides."""
    import marshal
    import zlib

    version = open_db(copy, snapshot="bundled").version
    data = _snapshot().read_bytes()
    size = int.from_bytes(data[:4], "little")
    raw = marshal.loads(data[4 + size:])
    columns, rows = raw["meta"]
    k, v = columns.index("key"), columns.index("value")
    raw["meta"] = (columns, [tuple("9" if r[k] == "schema_version" and n == v else c
                                   for n, c in enumerate(r)) for r in rows])
    body = marshal.dumps(raw)
    head = marshal.loads(data[4:4 + size])
    head["crc"] = zlib.crc32(body)
    new = marshal.dumps(head)
    _snapshot().write_bytes(len(new).to_bytes(4, "little") + new + body)
    assert open_db(copy, snapshot="bundled").version == version
    kept = _kept(copy)
    assert kept is not None and dict(kept[1]["meta"][1])["schema_version"] == "1"


def test_another_file_in_the_same_slot_is_verified_and_replaces_the_snapshot(copy, tmp_path):
    open_db(copy, snapshot="bundled")
    other = tmp_path / "other.sqlite"
    shutil.copyfile(copy, other)
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE meta SET value = '0000000000000000' "
                     "WHERE key = 'clause_db_version'")
    with pytest.raises(ClauseDBError):
        open_db(other, snapshot="bundled")
    assert _kept(copy) is not None  # a refused base is never kept


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "empty", "not marshal"])
def test_a_damaged_snapshot_is_ignored_and_made_again(copy, damage):
    version = open_db(copy, snapshot="bundled").version
    data = bytearray(_snapshot().read_bytes())
    if damage == "flipped byte":
        data[len(data) // 2] ^= 0x40
    elif damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"\x05\0\0\0\xffnot marshal")
    _snapshot().write_bytes(bytes(data))
    assert _kept(copy) is None
    assert open_db(copy, snapshot="bundled").version == version
    assert _kept(copy) is not None


def test_the_command_line_keeps_the_snapshot_in_the_data_folder(tmp_path):
    data = tmp_path / "data"
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"company.district": "mentougou"}), encoding="utf-8")
    env = dict(os.environ, POLICY_SELFCHECK_DATA=str(data))
    argv = [sys.executable, "-m", "desktop_app", "assess", str(profile), "--as-of",
            "2026-11-24", "--format", "json"]
    outputs = [subprocess.run(argv, env=env, capture_output=True, text=True, check=True,
                              cwd=ROOT).stdout for _ in range(2)]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[1])["results"]
    assert (data / "cache" / "clausedb-bundled.snapshot").is_file()


def test_a_held_snapshot_is_written_at_release(copy):
    """The wizard holds the snapshot while its first window is made (gui/app.run_gui)."""
    base_snapshot.hold()
    try:
        open_db(copy, snapshot="bundled")
        assert not _snapshot().exists()
    finally:
        base_snapshot.release()
    assert _kept(copy) is not None
    base_snapshot.release()  # a second release writes nothing more and fails on nothing


def test_the_wizard_writes_its_snapshot_once_its_window_is_up(tmp_path):
    """A start of the wizard (offscreen, leaving as soon as its window is shown) leaves
    the snapshot behind, so that the next start reads it."""
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POLICY_SELFCHECK_EXIT_AFTER_SHOW="1",
               POLICY_SELFCHECK_DATA=str(data))
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "gui_main.py")], env=env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("shown "), proc.stderr
    assert (data / "cache" / "clausedb-bundled.snapshot").is_file()


def _ship(path: Path) -> Path:
    """What build.spec does for the bundled base: its snapshot, beside it."""
    from desktop_app.core.clausedb import ship_snapshot

    target = base_snapshot.shipped_path(path)
    ship_snapshot(target, path)
    return target


def _open_fresh(path: Path, slot: str, data: Path) -> list[str]:
    """Open `path` in a new process with the data folder `data`: its item count, version,
    and whether it read the file through SQLite and hashed it (verified it)."""
    code = ("import sys; from desktop_app.core.clausedb import open_db; "
            f"db = open_db({str(path)!r}, snapshot={slot!r}); "
            "print(len(db.items), db.version, 'sqlite3' in sys.modules, "
            "'hashlib' in sys.modules)")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT,
                          env=dict(os.environ, POLICY_SELFCHECK_DATA=str(data))).stdout.split()


def test_a_first_start_reads_the_snapshot_shipped_with_the_bundled_base(copy, tmp_path):
    """A new data folder, the base installed elsewhere (its path, times and inode new):
    the shipped snapshot gives the base, and nothing is read through SQLite or hashed."""
    shipped = _ship(copy)
    installed = tmp_path / "Program Files" / "resources"
    installed.mkdir(parents=True)
    for file in (copy, shipped):
        shutil.copyfile(file, installed / file.name)
    data = tmp_path / "new-data"
    base = open_db(copy)
    assert (_open_fresh(installed / copy.name, "bundled", data)
            == [str(len(base.items)), base.version, "False", "False"])
    assert not (data / "cache").exists()  # nothing verified, so nothing to keep


def test_a_shipped_snapshot_serves_only_the_bundled_slot(copy, tmp_path):
    """An imported pack's database is verified at its first start, whatever lies beside it."""
    _ship(copy)
    base = open_db(copy)
    assert (_open_fresh(copy, "installed", tmp_path / "new-data")
            == [str(len(base.items)), base.version, "True", "True"])


def test_a_shipped_snapshot_of_other_content_is_ignored(copy):
    """The database beside it changed after the build: it is verified, and refused."""
    _ship(copy)
    _change_a_rate(copy)
    with pytest.raises(ClauseDBError, match="does not match its version"):
        open_db(copy, snapshot="bundled")


def test_the_build_refuses_to_ship_a_snapshot_of_a_damaged_base(copy):
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE items SET text = 'x' WHERE item_id = 'mentougou-03'")
    with pytest.raises(ClauseDBError, match="does not match its version"):
        _ship(copy)
    assert not base_snapshot.shipped_path(copy).exists()
