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
from desktop_app.core.clausedb import ClauseDBError, open_db
from desktop_app.paths import clause_db_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "base.sqlite"
    shutil.copyfile(clause_db_path(), path)
    return path


def _snapshot() -> Path:
    return base_snapshot._snapshot_path("bundled")


def _overwrite_keeping_identity(path: Path, data: bytes) -> None:
    """Write the same number of bytes in place (same inode) and put the times back."""
    st = path.stat()
    assert len(data) == st.st_size
    with open(path, "r+b") as f:
        f.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_verified_base_is_kept_and_then_read_from_its_snapshot(copy):
    first = open_db(copy, snapshot="bundled")
    assert _snapshot().is_file()
    # The file is made unreadable as a database but keeps its size, inode and time: only
    # the snapshot can still give the base, so this shows the snapshot is what is read.
    _overwrite_keeping_identity(copy, b"\0" * copy.stat().st_size)
    again = open_db(copy, snapshot="bundled")
    assert again.version == first.version
    assert [i.item_id for i in again.items] == [i.item_id for i in first.items]
    assert again.item_by_id["mentougou-03"].formula == first.item_by_id["mentougou-03"].formula
    with pytest.raises(ClauseDBError):
        open_db(copy)  # without the snapshot the file is read, and refused


def test_a_changed_file_is_verified_again_and_refused(copy):
    open_db(copy, snapshot="bundled")
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE items SET formula = replace(formula, '0.20', '0.90') "
                     "WHERE item_id = 'mentougou-03'")
    with pytest.raises(ClauseDBError, match="does not match its version"):
        open_db(copy, snapshot="bundled")


def test_another_file_in_the_same_slot_is_verified_and_replaces_the_snapshot(copy, tmp_path):
    open_db(copy, snapshot="bundled")
    other = tmp_path / "other.sqlite"
    shutil.copyfile(copy, other)
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE meta SET value = '0000000000000000' "
                     "WHERE key = 'clause_db_version'")
    with pytest.raises(ClauseDBError):
        open_db(other, snapshot="bundled")
    assert base_snapshot.load("bundled", copy) is not None  # a refused base is never kept


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
        import zlib

        body = b"\xffnot marshal"
        data = bytearray(zlib.crc32(body).to_bytes(4, "little") + body)
    _snapshot().write_bytes(bytes(data))
    assert base_snapshot.load("bundled", copy) is None
    assert open_db(copy, snapshot="bundled").version == version
    assert base_snapshot.load("bundled", copy) is not None


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
