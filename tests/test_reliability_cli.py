"""Issue 10 at the command line: bad files, odd install folders, tampered databases, full
disks. Each test runs the real command as a subprocess, as a user meets it."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROFILE = {
    "company.name": "北京示例智算科技有限公司",
    "company.district": "mentougou",
    "company.is_info_software": True,
    "assessment.year": 2025,
    "mentougou.quality_firm": True,
    "ai.compute_cost_yuan": 2000000,
}


def run(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120,
        stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], stdout=stdout,
                          stderr=subprocess.PIPE, cwd=cwd or ROOT, env=full_env, timeout=timeout)


def err_line(proc: subprocess.CompletedProcess) -> str:
    """stderr, which must be exactly one line and no traceback."""
    text = proc.stderr.decode("utf-8")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    monkeypatch.setenv("POLICY_SELFCHECK_DATA", str(folder))
    return folder


def install_copy(where: Path) -> Path:
    """The package and its clause database copied to `where`, as an installer would put them."""
    where.mkdir(parents=True)
    shutil.copytree(ROOT / "desktop_app", where / "desktop_app",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (where / "resources").mkdir()
    shutil.copy(ROOT / "resources" / "clauses.sqlite", where / "resources" / "clauses.sqlite")
    return where


# ---------------------------------------------------------------- 7: odd install folders

def test_install_folder_with_hash_question_mark_and_percent(tmp_path, data):
    parent = tmp_path / "Program Files"
    inst = install_copy(parent / "政策#自评?v1%20%")
    before = sorted(p.name for p in parent.iterdir())
    proc = run("clauses", "--format", "json", cwd=inst, env={"PYTHONPATH": str(inst)})
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(json.loads(proc.stdout)["items"]) == 32
    # no stray empty file where the unquoted URI would have ended ("政策")
    assert sorted(p.name for p in parent.iterdir()) == before
    assert sorted(p.name for p in (inst / "resources").iterdir()) == ["clauses.sqlite"]


# ---------------------------------------------------------------- 8: tampered database

@pytest.mark.parametrize("tamper", [
    "UPDATE items SET criteria = '[{\"text\": broken' WHERE rowid = 1",
    "UPDATE items SET formula = '" + "[" * 5000 + "' WHERE rowid = 2",
    "UPDATE facts SET options = X'00FF' WHERE rowid = 3",
    "UPDATE items SET benefit = 'more money' WHERE rowid = 1",
])
def test_tampered_clause_database_is_refused_in_one_line(tmp_path, data, tamper):
    inst = install_copy(tmp_path / "app")
    with sqlite3.connect(inst / "resources" / "clauses.sqlite") as conn:
        conn.execute(tamper)
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    proc = run("assess", str(profile), cwd=inst, env={"PYTHONPATH": str(inst)})
    assert proc.returncode == 1
    line = err_line(proc)
    assert "clause database" in line and "refusing" in line, line
    assert proc.stdout == b""


def assess_json(path: Path) -> dict:
    proc = run("assess", str(path), "--format", "json", "--as-of", "2026-11-22")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def assess_refused(path: Path, *more: str) -> str:
    proc = run("assess", str(path), *more)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == b""
    return err_line(proc)


# ---------------------------------------------------------------- 3: files from Windows

@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_profile_saved_by_windows_notepad_gives_the_same_result(tmp_path, data, encoding, bom):
    text = json.dumps(PROFILE, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    reference = tmp_path / "utf8.json"
    reference.write_text(text, encoding="utf-8")
    other = tmp_path / f"{encoding}.json"
    other.write_bytes(bom + text.encode(encoding))
    assert "门头沟" not in other.read_bytes().decode("latin-1")  # really not UTF-8 text
    assert assess_json(other) == assess_json(reference)


def test_undecodable_profile_is_one_line(tmp_path, data):
    bad = tmp_path / "bad.json"
    bad.write_bytes(codecs.BOM_UTF16_LE + b"{\x00\x22")  # odd length: not UTF-16 either
    line = assess_refused(bad)
    assert "file" in line and "encoding" in line


# ---------------------------------------------------------------- 2: nesting, huge numbers

@pytest.mark.parametrize("command", ["assess", "export"])
def test_deeply_nested_json_is_bad_input(tmp_path, data, command):
    cases = []
    for depth in (500, 1000, 100_000):
        path = tmp_path / f"deep{depth}.json"
        path.write_text('{"company.name": ' + "[" * depth + "]" * depth + "}",
                        encoding="utf-8")
        # past the decoder's own limit no fact can be named, only the file
        cases.append((path, "company.name" if depth < 900 else "file"))
    for path, named in cases:
        extra = ["-o", str(tmp_path / "out.html")] if command == "export" else []
        proc = run(command, str(path), *extra)
        assert proc.returncode == 2
        line = err_line(proc)
        assert f"error: {named}:" in line and "nested" in line, line
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("digits", [4301, 100_000])
def test_integer_over_4300_digits_is_bad_input(tmp_path, data, digits):
    path = tmp_path / "big.json"
    path.write_text('{"company.district": "mentougou", "ai.compute_cost_yuan": '
                    + "9" * digits + "}", encoding="utf-8")
    line = assess_refused(path)
    assert "ai.compute_cost_yuan" in line and "too large" in line, line
    assert len(line) < 300


# ---------------------------------------------------------------- 12: short messages

def test_a_huge_bad_value_gives_a_short_line(tmp_path, data):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"company.district": "x" * 5_000_000}), encoding="utf-8")
    line = assess_refused(path)
    assert "company.district" in line and "xxxx" in line
    assert len(line.encode("utf-8")) < 1000
    path.write_text(json.dumps({"y" * 1_000_000: 1}), encoding="utf-8")
    line = assess_refused(path)
    assert "unknown fact id" in line and len(line.encode("utf-8")) < 1000


# ---------------------------------------------------------------- 14: duplicate keys

def test_duplicate_key_is_refused_naming_the_fact(tmp_path, data):
    path = tmp_path / "dup.json"
    path.write_text('{"company.district": "mentougou", "ai.compute_cost_yuan": 1,\n'
                    ' "company.district": "dongcheng"}', encoding="utf-8")
    line = assess_refused(path)
    assert "company.district" in line and "twice" in line, line


# ---------------------------------------------------------------- 6: case file checks

@pytest.mark.parametrize("doc,named", [
    ({"format": "policy-selfcheck-case", "version": 999, "profile": PROFILE}, "version"),
    ({"format": "policy-selfcheck-case", "version": "1", "profile": PROFILE}, "version"),
    ({"format": "someone-elses-format", "version": 1, "profile": PROFILE}, "format"),
    ({"format": "someone-elses-format", "company.district": "mentougou"}, "format"),
    ({"format": "policy-selfcheck-case", "version": 1, "profile": PROFILE, "meta": [1]},
     "meta"),
    ({"format": "policy-selfcheck-case", "version": 1, "profile": PROFILE, "meta": "x"},
     "meta"),
])
def test_case_file_format_version_and_meta_are_checked(tmp_path, data, doc, named):
    path = tmp_path / "case.pscase"
    path.write_text(json.dumps(doc), encoding="utf-8")
    line = assess_refused(path)
    assert f"error: {named}:" in line, line


def test_case_file_of_this_version_still_reads(tmp_path, data):
    path = tmp_path / "case.pscase"
    path.write_text(json.dumps({"format": "policy-selfcheck-case", "version": 1,
                                "profile": PROFILE, "meta": None}), encoding="utf-8")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(PROFILE), encoding="utf-8")
    assert assess_json(path) == assess_json(plain)
