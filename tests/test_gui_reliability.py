"""Issue 10 in the wizard: one session per window, a discard prompt that never loses work,
unreadable autosaves set aside, nothing dropped in silence (pytest-qt, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fault_helpers import fill_up, small_tmpfs
from gui_helpers import answer, fill, make_window, press_next, prompts, session_files
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.case_file import read_case
from desktop_app.gui import session

ROOT = Path(__file__).resolve().parent.parent


def _type(qtbot, win, name="北京示例科技有限公司", district="mentougou"):
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), district)
    fill(qtbot, win.question("company.name"), name)
    win.autosave_now()


def save_dialog_gives(monkeypatch, path: Path) -> None:
    """The save dialog, as if the user chose `path`."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def _sessions():
    return [p for p in session_files() if p.count(".") == 1]  # <id>.json, live or orphaned


# ---------------------------------------------------------------- 4: two windows

def test_two_windows_keep_their_own_sessions_and_never_take_the_others(qtbot, db):
    first = make_window(qtbot, db)
    _type(qtbot, first, "甲公司")
    assert len(_sessions()) == 1
    second = make_window(qtbot, db)
    seen = prompts(qtbot)
    assert not second.offer_resume()  # the first window's live session is not offered
    qtbot.wait(50)
    assert seen == []
    _type(qtbot, second, "乙公司", "dongcheng")
    assert len(_sessions()) == 2
    assert read_case(first.session.path)["profile"]["company.name"] == "甲公司"
    assert read_case(second.session.path)["profile"]["company.name"] == "乙公司"
    third = make_window(qtbot, db)
    third.close()  # idle: deletes nothing of the others
    second.close()  # with unsaved answers: its session stays, now an orphan
    assert read_case(first.session.path)["profile"]["company.name"] == "甲公司"
    assert read_case(second.session.path)["profile"]["company.name"] == "乙公司"
    fourth = make_window(qtbot, db)
    seen = prompts(qtbot, "enter")
    assert fourth.offer_resume()  # the closed window's, never the running one's
    assert "乙公司" in seen[0]["text"]
    assert fourth.answers["company.name"] == "乙公司"
    assert read_case(first.session.path)["profile"]["company.name"] == "甲公司"


CHILD = """
import os, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop_app.core.clausedb import default_db
from desktop_app.gui.window import MainWindow
win = MainWindow(default_db())
win.show()
win.load_profile({"company.name": "另一进程的公司", "company.district": "dongcheng"})
win.dirty = True
win.autosave_now()
print("ready", flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kills with SIGKILL")
def test_a_running_process_keeps_its_session_and_a_killed_one_leaves_it_to_resume(qtbot, db):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, cwd=ROOT,
                             env=env)
    try:
        assert child.stdout.readline() == b"ready\n"
        win = make_window(qtbot, db)
        seen = prompts(qtbot)
        assert not win.offer_resume()  # held by the running process
        qtbot.wait(50)
        assert seen == [] and len(_sessions()) == 1
        win.close()
        assert len(_sessions()) == 1  # closing idle deleted nothing
    finally:
        child.kill()
        child.wait()
    again = make_window(qtbot, db)
    seen = prompts(qtbot, "enter")
    assert again.offer_resume()
    assert again.answers["company.name"] == "另一进程的公司"


# ---------------------------------------------------------------- 5: the discard prompt

@pytest.mark.parametrize("how", ["menu", "ctrl+n"])
def test_discard_prompt_defaults_to_save(qtbot, db, monkeypatch, tmp_path, how):
    from PySide6.QtCore import Qt

    win = make_window(qtbot, db)
    _type(qtbot, win)
    typed = dict(win.answers)
    target = tmp_path / "firm.pscase"
    save_dialog_gives(monkeypatch, target)
    seen = prompts(qtbot, "enter")  # one Enter: the default
    if how == "menu":
        win.act_new.trigger()
    else:
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=2000)
        qtbot.keyClick(win.focusWidget() or win, Qt.Key.Key_N,
                       Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen[0]["buttons"] == ["保存(&S)", "不保存(&D)", "取消"]
    assert seen[0]["default"] == "prompt:save"
    assert read_case(target)["profile"] == typed  # saved, not lost
    assert win.answers == {}


def test_escape_cancels_the_discard_prompt(qtbot, db):
    win = make_window(qtbot, db)
    _type(qtbot, win)
    typed = dict(win.answers)
    prompts(qtbot, "escape")
    win.act_new.trigger()
    assert win.answers == typed and win.dirty
    assert read_case(win.session.path)["profile"] == typed


def test_dont_save_keeps_the_session_restorable_until_the_next_is_saved(qtbot, db, tmp_path,
                                                                        monkeypatch):
    win = make_window(qtbot, db)
    _type(qtbot, win, "放弃的公司")
    typed = dict(win.answers)
    prompts(qtbot, "prompt:discard")
    win.act_new.trigger()
    assert win.answers == {}
    assert read_case(win.session.discarded_path)["profile"] == typed
    # a new session begun: the discarded one is still there
    _type(qtbot, win, "新公司")
    prompts(qtbot, "prompt:discard")  # the new one's answers, discarded in turn...
    win.act_restore.trigger()  # ...to restore the first: they swap, nothing is lost
    assert win.answers == typed and win.dirty
    assert read_case(win.session.discarded_path)["profile"]["company.name"] == "新公司"
    # saved to a file: nothing discarded is kept any more
    target = tmp_path / "saved.pscase"
    save_dialog_gives(monkeypatch, target)
    assert win.save()
    assert not win.session.discarded_path.exists()
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    assert not win.restore_discarded()
    assert calls and "没有可以恢复" in calls[0][1][1]


# ---------------------------------------------------------------- 6, 13: unreadable, dropped

@pytest.mark.parametrize("content", [
    json.dumps({"format": "policy-selfcheck-case", "version": 1,
                "profile": {"company.district": "haidian"}, "meta": ["not", "an", "object"]}),
    json.dumps({"format": "policy-selfcheck-case", "version": 999,
                "profile": {"company.district": "haidian"}, "meta": {}}),
    '{"format": "policy-selfcheck-case", "profile": {"company.name": "x"',
])
def test_unreadable_autosave_is_set_aside_and_told_once(qtbot, db, monkeypatch, content):
    left = session.new_session()
    left.path.write_text(content, encoding="utf-8")
    left.release()
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    win = make_window(qtbot, db)  # starts
    assert not win.offer_resume()
    assert len(calls) == 1 and "已移到一旁" in calls[0][1][1]
    assert session_files() == [f"{left.session_id}.unreadable.json"]
    assert Path(session.sessions_dir() / session_files()[0]).read_text(encoding="utf-8") \
        == content  # kept as it was
    again = make_window(qtbot, db)
    assert not again.offer_resume()
    assert len(calls) == 1  # told once


@pytest.mark.parametrize("doc,says", [
    ({"format": "policy-selfcheck-case", "version": 1, "profile": {}, "meta": [1]}, "meta"),
    ({"format": "policy-selfcheck-case", "version": 999, "profile": {}}, "较新版本"),
    ({"format": "other", "profile": {}}, "不是本程序的案例文件"),
])
def test_opening_a_bad_case_file_says_why(qtbot, db, monkeypatch, tmp_path, doc, says):
    path = tmp_path / "case.pscase"
    path.write_text(json.dumps(doc), encoding="utf-8")
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    win = make_window(qtbot, db)
    assert not win.open_case(str(path))
    assert calls and says in calls[0][1][1]


def test_resumed_session_says_what_it_dropped(qtbot, db, monkeypatch):
    left = session.new_session()
    left.write({"company.district": "mentougou", "ai.compute_cost_yuan": -5,
                "company.is_sme": "yes", "no.such_fact": 1}, {"dirty": True})
    left.release()
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    win = make_window(qtbot, db)
    prompts(qtbot, "enter")
    assert win.offer_resume()
    assert win.answers == {"company.district": "mentougou"}
    assert len(calls) == 1
    told = calls[0][1][1]
    assert "无效" in told and "负数" in told and "no.such_fact" in told
    assert db.fact("company.is_sme").zh in told


# ---------------------------------------------------------------- 12: short messages

def test_a_huge_value_makes_a_short_dialog(qtbot, db, monkeypatch, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"company.district": "x" * 5_000_000,
                                "y" * 100_000: True}), encoding="utf-8")
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    win = make_window(qtbot, db)
    win.open_case(str(path))
    assert calls and len(calls[0][1][1]) < 1000


# ---------------------------------------------------------------- 1: export to a full disk

@pytest.fixture
def full_folder(tmp_path):
    with small_tmpfs(tmp_path / "disk") as folder:
        yield folder


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_gui_export_to_a_full_disk_says_so_and_keeps_the_old_file(qtbot, db, monkeypatch,
                                                                   tmp_path, full_folder, fmt):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"company.name": "北京示例", "company.district": "mentougou",
                                   "ai.compute_cost_yuan": 2000000}), encoding="utf-8")
    target = full_folder / f"清单.{fmt}"
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.No, calls)
    save_dialog_gives(monkeypatch, target)
    win = make_window(qtbot, db)
    assert win.open_case(str(profile), goto=win.results_id)
    from PySide6.QtCore import Qt

    qtbot.mouseClick(win.results.export_buttons[fmt], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.results.is_exporting(), timeout=20000)
    assert calls[-1][0] == "question"  # exported: "open it now?"
    old = target.read_bytes()
    fill_up(full_folder)
    qtbot.mouseClick(win.results.export_buttons[fmt], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.results.is_exporting(), timeout=20000)
    assert calls[-1][0] == "critical" and "磁盘空间不足" in calls[-1][1][1]
    assert target.read_bytes() == old
    assert not [p for p in full_folder.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- 2: nesting, huge numbers

@pytest.mark.parametrize("text", [
    '{"company.name": ' + "[" * 1000 + "]" * 1000 + "}",
    '{"company.name": ' + "[" * 300 + "]" * 300 + "}",
    '{"ai.compute_cost_yuan": ' + "9" * 5000 + "}",
])
def test_gui_opens_deep_or_huge_files_with_a_message(qtbot, db, monkeypatch, tmp_path, text):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    win = make_window(qtbot, db)
    win.open_case(str(path))
    assert len(calls) == 1 and calls[0][0] == "warning"
    assert ("嵌套" in calls[0][1][1] or "金额过大" in calls[0][1][1]) and len(calls[0][1][1]) < 600
    assert "ai.compute_cost_yuan" not in win.answers


@pytest.mark.parametrize("text", ['{"company.name": ' + "[" * 1000 + "]" * 1000 + "}",
                                  '{"company.name": "a", "company.name": "b"}'])
def test_gui_command_with_a_bad_file_is_one_line(tmp_path, text):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    env = dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "gui", str(path), "--screenshot",
                           str(tmp_path / "out.png")], capture_output=True, text=True, env=env,
                          timeout=60, encoding="utf-8")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "out.png").exists()


def test_gui_command_with_a_huge_number_shows_the_field_blank(tmp_path):
    """A readable file with a bad value opens (the value left blank and reported)."""
    path = tmp_path / "case.json"
    path.write_text('{"ai.compute_cost_yuan": ' + "9" * 5000 + "}", encoding="utf-8")
    env = dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "data"))
    out = tmp_path / "out.png"
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "gui", str(path), "--screenshot",
                           str(out)], capture_output=True, text=True, env=env, timeout=60,
                          encoding="utf-8")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "金额过大" in proc.stderr and len(proc.stderr) < 400
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_autosave_into_a_read_only_folder_is_reported_not_fatal(qtbot, db):
    folder = session.sessions_dir()
    folder.chmod(0o500)
    try:
        win = make_window(qtbot, db)
        _type(qtbot, win)
        assert win.session is None and win.dirty
        assert win.statusBar().currentMessage()
    finally:
        folder.chmod(0o700)


# ---------------------------------------------------------------- 11: killed autosaves

KILLED_AUTOSAVE = """
import time
from desktop_app.core.atomic import atomic_path
from desktop_app.gui import session
s = session.new_session()
with atomic_path(s.path) as tmp:
    tmp.write_text("{half")
    print("writing", flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kills with SIGKILL")
def test_temporaries_of_killed_autosaves_are_removed_at_the_next_start(qtbot, db):
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", KILLED_AUTOSAVE],
                                 stdout=subprocess.PIPE, cwd=ROOT)
        assert child.stdout.readline() == b"writing\n"
        child.kill()
        child.wait()
    live = session.new_session()  # a running window's write in progress is left alone
    live_tmp = session.sessions_dir() / f".{live.session_id}.json.abcdefgh.tmp"
    live_tmp.write_text("{")
    folder = session.sessions_dir()
    assert len(list(folder.glob(".*.tmp"))) == 4
    win = make_window(qtbot, db)
    assert not win.offer_resume()
    assert [p.name for p in folder.glob(".*.tmp")] == [live_tmp.name]
    assert session_files() == [live_tmp.name]  # no lock files of the dead left either


def test_saving_to_a_full_disk_keeps_the_old_case_and_the_answers(qtbot, db, monkeypatch,
                                                                   full_folder):
    target = full_folder / "firm.pscase"
    save_dialog_gives(monkeypatch, target)
    win = make_window(qtbot, db)
    _type(qtbot, win, "第一版")
    assert win.save_as()
    old = target.read_bytes()
    fill(qtbot, win.question("company.name"), "第二版")
    fill_up(full_folder)
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Ok, calls)
    assert not win.save()
    assert calls and "磁盘空间不足" in calls[0][1][1] and "firm.pscase" in calls[0][1][1]
    assert target.read_bytes() == old
    assert win.dirty and win.answers["company.name"] == "第二版"
    win.autosave_now()  # the user's data folder is elsewhere: the work is still kept
    assert read_case(win.session.path)["profile"]["company.name"] == "第二版"


@pytest.mark.parametrize("encoding,bom", [("gbk", b""), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-8", b"\xef\xbb\xbf")])
def test_wizard_opens_a_profile_saved_by_notepad(qtbot, db, tmp_path, encoding, bom):
    """Defect 3 in the wizard: the same answers from GBK, UTF-16 and UTF-8 with a BOM."""
    profile = {"company.name": "北京示例科技有限公司", "company.district": "dongcheng"}
    path = tmp_path / "notepad.json"
    path.write_bytes(bom + json.dumps(profile, ensure_ascii=False).encode(encoding))
    win = make_window(qtbot, db)
    seen = prompts(qtbot)  # any message box would be recorded (and closed), not hang
    assert win.open_case(str(path))
    assert seen == []
    assert win.answers == profile
    assert win.question("company.name").edit.text() == "北京示例科技有限公司"



def _case_with_application(path: Path, name: str, entries: dict) -> Path:
    """A case file as issue 9 writes it: profile plus draft-application entries."""
    path.write_text(json.dumps({"format": "policy-selfcheck-case", "version": 1,
                                "profile": {"company.name": name,
                                            "company.district": "mentougou"},
                                "application": entries}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_gui_save_keeps_the_case_files_application(qtbot, db, monkeypatch, tmp_path):
    """A case opened and saved again in the wizard keeps its requested amounts and
    project descriptions (issue 9's entries are not dropped by issue 10's save path)."""
    entries = {"items": {"mentougou-03": {"requested_yuan": 120000,
                                          "description": "研发平台建设"}}}
    path = _case_with_application(tmp_path / "case.json", "甲公司", entries)
    answer(monkeypatch, QMessageBox.StandardButton.Ok)
    win = make_window(qtbot, db)
    assert win.open_case(str(path))
    saved = tmp_path / "saved.json"
    assert win.save_to(str(saved))
    assert read_case(saved)["application"] == entries


def test_gui_autosave_keeps_the_case_files_application(qtbot, db, monkeypatch, tmp_path):
    """The autosave of an opened case holds its application entries, and a window that
    resumes that session saves them again."""
    entries = {"items": {"mentougou-03": {"requested_yuan": 80000, "description": "说明"}}}
    path = _case_with_application(tmp_path / "case.json", "乙公司", entries)
    answer(monkeypatch, QMessageBox.StandardButton.Ok)
    win = make_window(qtbot, db)
    assert win.open_case(str(path))
    fill(qtbot, win.question("company.name"), "乙公司二")
    win.autosave_now()
    autosave = win.session.path
    assert read_case(autosave)["application"] == entries
    other = make_window(qtbot, db)
    other._resume_case(read_case(autosave))
    saved = tmp_path / "resumed.json"
    assert other.save_to(str(saved))
    assert read_case(saved)["application"] == entries
    assert read_case(saved)["profile"]["company.name"] == "乙公司二"


def test_a_failure_inside_an_exporter_is_said_in_the_users_words(qapp):
    """An exporter that fails unexpectedly (as after an update installed while the window
    was open) showed only "AttributeError: 'ClaimRow' object has no attribute …"."""
    from desktop_app.export import ExportError
    from desktop_app.gui.results import ExportWorker

    def broken(*args, **kwargs):
        raise AttributeError("'ClaimRow' object has no attribute 'entered'")

    said = []
    worker = ExportWorker(broken, ExportError, (), "zh")
    worker.signals.failed.connect(said.append)
    worker.run()
    assert said[0].startswith("导出时程序出错，文件没有写入；已填的答案不受影响。")
    assert said[0].endswith("技术信息：AttributeError: 'ClaimRow' object has no attribute "
                            "'entered'")


# ---------------------------------------------------------------- typed, not accepted

def test_text_typed_and_not_accepted_is_saved_and_comes_back_with_its_message(
        qtbot, db, monkeypatch, tmp_path):
    """"12abc" in a money field and a credit code with a wrong check character were
    dropped by Save (the title lost its *) and by closing: only the valid name came back
    (a reviewer's typed values were gone)."""
    win = make_window(qtbot, db)
    _type(qtbot, win, "甲公司")
    fill(qtbot, win.question("company.uscc"), "91110109MA01ABCD1X")
    fill(qtbot, win.question("ai.compute_cost_yuan"), "12abc")
    assert not win.question("ai.compute_cost_yuan").is_valid()
    assert win.dirty
    path = tmp_path / "甲公司.pscase"
    assert win.save_to(str(path))
    case = read_case(path)
    assert "ai.compute_cost_yuan" not in case["profile"]  # never assessed: not a fact yet
    assert case["meta"]["unaccepted"] == {"company.uscc": "91110109MA01ABCD1X",
                                          "ai.compute_cost_yuan": "12abc"}
    assert "2 项输入有误" in win.statusBar().currentMessage()
    again = make_window(qtbot, db)
    assert again.open_case(str(path))
    field = again.question("ai.compute_cost_yuan")
    assert field.edit.text() == "12abc" and field.error_text()
    assert again.question("company.uscc").edit.text() == "91110109MA01ABCD1X"
    again.goto_page(again.review_id)  # the review said （未填写） for what was typed
    from PySide6.QtWidgets import QLabel

    shown = again.review.findChild(QLabel, "value:company.uscc").text()
    assert shown == "（输入有误，未计入：91110109MA01ABCD1X）"
    # corrected, it is an answer, and the note of what was typed goes
    fill(qtbot, field, "2000000")
    assert again.save_to(str(path))
    case = read_case(path)
    assert case["profile"]["ai.compute_cost_yuan"] == 2_000_000
    assert case["meta"]["unaccepted"] == {"company.uscc": "91110109MA01ABCD1X"}


def test_a_window_closed_with_only_bad_text_leaves_it_to_resume(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.uscc"), "91110109MA01ABCD1X")
    assert not win.answers
    win.close()
    left = _sessions()
    assert len(left) == 1
    assert read_case(session.sessions_dir() / left[0])["meta"]["unaccepted"] == {
        "company.uscc": "91110109MA01ABCD1X"}
    later = make_window(qtbot, db)
    prompts(qtbot, "enter")
    assert later.offer_resume()
    assert later.question("company.uscc").edit.text() == "91110109MA01ABCD1X"
