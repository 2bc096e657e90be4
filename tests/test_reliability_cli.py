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
from fault_helpers import fill_up, small_tmpfs

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

def assess_in(inst: Path, tmp_path: Path) -> str:
    """`assess` run from the installed copy `inst`: refused (status 1, no output); its line."""
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    proc = run("assess", str(profile), cwd=inst, env={"PYTHONPATH": str(inst)})
    assert proc.returncode == 1 and proc.stdout == b"", proc.stderr
    return err_line(proc)


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
    line = assess_in(inst, tmp_path)
    assert "clause database" in line and "refusing" in line, line


def test_content_built_wrongly_is_refused_in_one_line(tmp_path, data):
    # The stored version is the hash of content that is not JSON: open_db's hash check
    # passes, and the item's JSON, decoded as first read, is refused then, in one line.
    from desktop_app.core.clausedb import content_hash, read_raw_tables

    inst = install_copy(tmp_path / "app")
    with sqlite3.connect(inst / "resources" / "clauses.sqlite") as conn:
        conn.execute("UPDATE items SET criteria = '{not json' WHERE rowid = 1")
        version = content_hash(read_raw_tables(conn))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'clause_db_version'", (version,))
    line = assess_in(inst, tmp_path)
    assert "built wrongly" in line and "refusing" in line, line


def assess_json(path: Path) -> dict:
    proc = run("assess", str(path), "--format", "json", "--as-of", "2026-11-22")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def assess_refused(path: Path, *more: str) -> str:
    proc = run("assess", str(path), *more)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == b""
    return err_line(proc)


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage"])
def test_damaged_clause_database_file_is_refused_in_one_line(tmp_path, data, damage):
    inst = install_copy(tmp_path / "app")
    db_file = inst / "resources" / "clauses.sqlite"
    whole = db_file.read_bytes()
    db_file.write_bytes({"truncated": whole[:50000], "empty": b"",
                         "garbage": b"not a database at all" * 100}[damage])
    proc = run("clauses", cwd=inst, env={"PYTHONPATH": str(inst)})
    assert proc.returncode == 1
    line = err_line(proc)
    assert "clause database unreadable" in line, line
    assert db_file.stat().st_size == len({"truncated": whole[:50000], "empty": b"",
                                          "garbage": b"not a database at all" * 100}[damage])


# ---------------------------------------------------------------- 3: files from Windows

@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""),
])
def test_profile_saved_by_windows_notepad_gives_the_same_result(tmp_path, data, encoding, bom):
    text = json.dumps(PROFILE, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    reference = tmp_path / "utf8.json"
    reference.write_text(text, encoding="utf-8")
    other = tmp_path / f"{encoding}{len(bom)}.json"
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


# ---------------------------------------------------------------- full disks

class Disk:
    """A folder whose file system is full: a real tmpfs when this user may mount one, else
    the OS's own file-size limit (RLIMIT_FSIZE) on the command, which fails writes the same
    way (EFBIG instead of ENOSPC) below Python, Qt and every library."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder, self.limited = kind, folder, False

    def fill(self) -> None:
        if self.kind == "tmpfs":
            fill_up(self.folder)
        else:
            self.limited = True

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess:
        if self.limited:
            kw["preexec_fn"] = _limit_file_size
        return _run_with(args, **kw)


def _limit_file_size() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, no signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def _run_with(args, preexec_fn=None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], stdout=stdout,
                          stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ),
                          timeout=120, preexec_fn=preexec_fn)


@pytest.fixture(params=["tmpfs", "rlimit"])
def disk(request, tmp_path, data):
    folder = tmp_path / "disk"
    folder.mkdir()
    if request.param == "rlimit":
        if sys.platform == "win32":
            pytest.skip("no RLIMIT_FSIZE on Windows")
        yield Disk("rlimit", folder)
        return
    with small_tmpfs(folder):
        yield Disk("tmpfs", folder)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("suffix", ["pdf", "docx", "xlsx", "html"])
def test_export_to_a_full_disk_fails_and_keeps_the_old_file(tmp_path, disk, suffix):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    target = disk.folder / f"清单.{suffix}"
    first = disk.run("export", str(profile), "-o", str(target))
    assert first.returncode == 0, first.stderr.decode()
    old = target.read_bytes()
    disk.fill()
    changed = dict(PROFILE, **{"company.name": "另一家公司"})
    profile.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    proc = disk.run("export", str(profile), "-o", str(target))
    assert proc.returncode == 1
    line = err_line(proc)  # one line: no ZipFile.__del__ traceback beside it (defect 10)
    assert "清单" in line and ("disk is full" in line or "cannot write" in line
                            or "export failed" in line), line
    assert proc.stdout == b""
    assert target.read_bytes() == old
    assert temporaries(disk.folder) == []


def test_screenshot_to_a_full_disk_fails_and_keeps_the_old_png(disk):
    target = disk.folder / "window.png"
    assert disk.run("gui", "--screenshot", str(target)).returncode == 0
    old = target.read_bytes()
    assert old.startswith(b"\x89PNG")
    disk.fill()
    proc = disk.run("gui", "--page", "results", "--screenshot", str(target))
    assert proc.returncode == 1
    assert "window.png" in err_line(proc)
    assert target.read_bytes() == old
    assert temporaries(disk.folder) == []


@pytest.mark.parametrize("disk", ["tmpfs"], indirect=True)  # stdout ignores the size limit
@pytest.mark.parametrize("args", [("clauses",), ("clauses", "--format", "json"),
                                  ("assess", "{profile}"), ("assess", "{profile}", "--format",
                                                            "json")])
def test_stdout_on_a_full_disk_is_one_line(tmp_path, disk, args):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    args = [a.format(profile=profile) for a in args]
    disk.fill()
    with open(disk.folder / "out.txt", "wb") as out:
        proc = disk.run(*args, stdout=out)
    assert proc.returncode == 1
    assert "cannot write the output" in err_line(proc)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("clauses",), ("assess", "{profile}"),
                                  ("export", "{profile}", "-o", "{out}")])
def test_stdout_to_dev_full_is_one_line(tmp_path, data, args):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    args = [a.format(profile=profile, out=tmp_path / "x.html") for a in args]
    with open("/dev/full", "wb") as full:
        proc = run(*args, stdout=full)
    assert proc.returncode == 1
    assert "cannot write the output" in err_line(proc)


@pytest.mark.parametrize("args", [("export", "{profile}", "-o", "{long}.pdf"),
                                  ("gui", "--screenshot", "{long}.png"),
                                  ("assess", "{long}.json")])
def test_over_long_file_name_is_one_short_line(tmp_path, data, args):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    long = str(tmp_path / ("名" * 200))
    proc = run(*[a.format(profile=profile, long=long) for a in args])
    assert proc.returncode in (1, 2)
    line = err_line(proc)
    assert "too long" in line and len(line) < 400, line


# ---------------------------------------------------------------- 11: killed writes

KILLED_WRITER = """
import sys, time
from desktop_app.core.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    tmp.write_bytes(b"%PDF-1.4 half")
    print("writing", flush=True)
    time.sleep(60)
"""


def test_temporaries_of_killed_writes_are_removed_by_the_next_write(tmp_path, data):
    target = tmp_path / "清单.pdf"
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)],
                                stdout=subprocess.PIPE, cwd=ROOT)
        assert proc.stdout.readline() == b"writing\n"
        proc.kill()
        proc.wait()
    # each write already removed the one killed before it: one is left
    assert len(temporaries(tmp_path)) == 1
    (tmp_path / ".other.pdf.abcdefgh.tmp").write_bytes(b"not ours to remove")
    (tmp_path / "notes.tmp").write_bytes(b"the user's")
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    proc = run("export", str(profile), "-o", str(target))
    assert proc.returncode == 0, proc.stderr.decode()
    assert target.read_bytes().startswith(b"%PDF-")
    assert temporaries(tmp_path) == [".other.pdf.abcdefgh.tmp", "notes.tmp"]


# ---------------------------------------------------------------- the case library, Ctrl-C

@pytest.mark.parametrize("command", [("cases", "list"), ("cases", "reassess"),
                                     ("cases", "import", "x.json")])
def test_a_damaged_case_library_is_one_line(tmp_path, data, command):
    """Every `cases` command on a library that is not a database: it printed the library's
    own good message under a traceback."""
    data.mkdir(parents=True)
    (data / "cases.sqlite").write_bytes(b"garbage, not SQLite\n")
    (tmp_path / "x.json").write_text(json.dumps(PROFILE), encoding="utf-8")
    proc = run(*command, cwd=tmp_path)
    assert proc.returncode == 1
    assert "案例库无法打开" in err_line(proc)


@pytest.mark.skipif(sys.platform == "win32", reason="a FIFO and SIGINT are POSIX")
def test_ctrl_c_is_one_line_and_exit_130(tmp_path, data):
    """Interrupted while reading its input (blocked on a FIFO, so the signal lands in the
    command, not in the interpreter's start): one line, status 130, no traceback."""
    import signal
    import time

    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "assess", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=dict(os.environ))
    deadline = time.monotonic() + 60
    while True:  # until the command has opened the FIFO for reading
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
    time.sleep(0.2)  # (now blocked in its read)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    os.close(writer)
    text = err.decode("utf-8")
    assert proc.returncode == 130, text
    assert "Traceback" not in text and text.strip() == "已中断 / interrupted"


@pytest.mark.parametrize("magic, says", [(b"PK\x03\x04", "Word 或 Excel"), (b"%PDF-1.7", "PDF"),
                                         (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word")])
def test_a_document_given_as_a_text_file_is_named_as_one(tmp_path, data, magic, says):
    """A Word, Excel or PDF file picked where a profile, case or CSV roster is read: it
    was told to re-save the file as UTF-8."""
    doc = tmp_path / "draft.json"
    doc.write_bytes(magic + bytes(range(256)) * 4)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(doc.read_bytes())
    for argv in (("assess", str(doc)), ("cases", "import", str(doc)), ("batch", str(roster))):
        proc = run(*argv)
        assert proc.returncode == 2, argv
        line = err_line(proc)
        assert says in line and "不是文本文件" in line and "UTF-8" not in line, line


def test_ctrl_c_while_a_pdf_export_loads_qt_is_an_interruption_not_a_crash(tmp_path):
    """SIGINT while PySide6 was loading for a PDF aborted the interpreter ("Fatal Python
    error: libshiboken", exit 134) or was told as a failed export (a reviewer's Ctrl-C).
    Whenever it comes, the command ends in one line: done (0) or interrupted (130)."""
    import signal
    import time

    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "POLICY_SELFCHECK_DATA": str(tmp_path / "data")}
    # (Qt, once loaded, may take the signal itself: the export then ends done, whole)
    for delay in (0.4, 0.55, 0.7, 0.9, 1.2):
        out = tmp_path / f"draft-{delay}.pdf"
        proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "export", str(profile),
                                 "-o", str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT, env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        text = err.decode("utf-8", "replace")
        # (-SIGINT, silent: the signal came as the interpreter was closing down, when
        # Python gives SIGINT back its default action; the work was done)
        assert proc.returncode in (0, 130, -signal.SIGINT), (delay, proc.returncode,
                                                             text[-400:])
        if proc.returncode == -signal.SIGINT:
            assert text == "" and out.is_file()
        assert "Fatal" not in text and "Traceback" not in text
        if proc.returncode == 130:
            assert text.strip() == "已中断 / interrupted"


def test_ctrl_c_inside_held_work_takes_effect_once_it_is_done():
    """The export's and the batch's hold on Ctrl-C (core.interrupts): the signal arrives in
    the middle, the work runs to its end, then the interruption is raised."""
    import signal

    from desktop_app.core.interrupts import ctrl_c_after

    done = []
    with pytest.raises(KeyboardInterrupt):
        with ctrl_c_after():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("after the signal")
    assert done == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_file_where_the_data_folder_should_be(tmp_path):
    """With a file in the data folder's place, assess warned that an imported pack could
    not be read (none was ever imported), and cases list said "File exists" in English."""
    blocked = tmp_path / "data"
    blocked.write_text("not a folder", encoding="utf-8")
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    done = run("assess", str(profile), env={"POLICY_SELFCHECK_DATA": str(blocked)})
    assert done.returncode == 0 and done.stderr == b""
    listed = run("cases", "list", env={"POLICY_SELFCHECK_DATA": str(blocked)})
    assert listed.returncode == 1
    line = listed.stderr.decode("utf-8").strip()
    assert line == (f"错误 error: 路径中有同名的文件，不是文件夹 / a file of that name is in "
                    f"the way, not a folder: {blocked}")
