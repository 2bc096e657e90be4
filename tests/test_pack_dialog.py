"""帮助 → 条款库 → 导入更新包…: the import dialog driven through pytest-qt."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import make_window
from pack_helpers import PROFILE
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core import packs
from desktop_app.core.assess import assess
from desktop_app.core.clausedb import default_db, open_db
from desktop_app.gui.pack_dialog import PackDialog


def _check(qtbot, dialog, action) -> bool:
    """Do what starts a check and wait for it: the dialog checks off the interface thread,
    showing a busy bar and keeping its buttons off meanwhile."""
    with qtbot.waitSignal(dialog.checked, timeout=60000) as blocker:
        action()
        assert not dialog.choose.isEnabled() and not dialog.install_button.isEnabled()
        assert dialog.progress.isVisibleTo(dialog)
    assert not dialog.progress.isVisibleTo(dialog) and dialog.choose.isEnabled()
    return blocker.args[0]


def test_the_help_menu_opens_the_dialog(qtbot, db, trusted):
    win = make_window(qtbot, db)
    titles = [a.text() for a in win.help_menu.actions()]
    assert "条款库(&C)" in titles
    assert win.act_import_pack.text() == "导入更新包(&I)…"
    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName() if dialog else None)
        if dialog:
            dialog.reject()

    QTimer.singleShot(0, close_it)
    win.act_import_pack.trigger()
    assert seen == ["pack_dialog"]
    win.set_language("en")
    win.help_menu.aboutToShow.emit()
    assert win.act_import_pack.text() == "&Import update pack…"


def test_verify_show_diff_install_and_the_window_uses_the_new_base(qtbot, db, pack_work, trusted):
    win = make_window(qtbot, db)
    for fact, value in PROFILE.items():
        win.answers[fact] = value
    dialog = PackDialog("zh", win)
    qtbot.addWidget(dialog)
    assert not dialog.install_button.isEnabled()
    assert dialog.cancel_button.isDefault()  # Enter does not install
    assert _check(qtbot, dialog, lambda: dialog.load(pack_work["rate"]))
    assert dialog.install_button.isEnabled()
    assert "已核验：版本 2" in dialog.status.text()
    assert packs.grouped(pack_work["fp"]) in dialog.status.text()
    shown = dialog.diff.toPlainText()
    assert "mentougou-03：计算方式" in shown and "× 25%" in shown
    assert packs.current() is None  # nothing installed before the click

    dialog.installed.connect(win.use_database)
    qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    assert packs.current()["pack_version"] == 2
    assert "已安装更新包 2" in dialog.status.text()
    assert not dialog.install_button.isEnabled() and dialog.cancel_button.text() == "关闭"
    assert win.db.version == default_db().version != open_db().version
    report = assess(dict(win.answers), win.db, date(2026, 11, 24))
    assert report.result("mentougou-03").max_amount_yuan == 308500
    win.goto_page(win.results_id)
    assert win.results.db is win.db
    assert win.results.report.result("mentougou-03").max_amount_yuan == 308500
    from PySide6.QtWidgets import QLabel

    card = win.results.card("mentougou-03")
    assert card.findChild(QLabel, "checked").text().endswith(" · 版本：征求意见稿")
    assert "308,500" in card.findChild(QLabel, "amount").text()


@pytest.mark.parametrize("which, why", [("stranger", "未受信任"),
                                        ("failing", "个未通过")])
def test_a_refused_pack_cannot_be_installed(qtbot, pack_work, trusted, which, why):
    dialog = PackDialog("zh")
    qtbot.addWidget(dialog)
    assert not _check(qtbot, dialog, lambda: dialog.load(pack_work[which]))
    assert dialog.status.text().startswith("不能导入：") and why in dialog.status.text()
    assert not dialog.install_button.isEnabled()
    assert dialog.diff.toPlainText() == ""
    assert packs.current() is None


def test_an_older_pack_needs_the_downgrade_box(qtbot, pack_work, trusted):
    packs.import_pack(pack_work["rate"])
    dialog = PackDialog("en")
    qtbot.addWidget(dialog)
    assert not _check(qtbot, dialog, lambda: dialog.load(pack_work["base"]))
    assert "older than the one in use" in dialog.status.text()
    assert _check(qtbot, dialog, lambda: dialog.downgrade.setChecked(True))
    assert dialog.install_button.isEnabled()
    assert dialog.status.text().startswith("Verified: version 1")


def test_a_double_clicked_pack_opens_the_import_dialog(qtbot, db, pack_work, trusted,
                                                       monkeypatch, tmp_path):
    """`PolicySelfCheck.exe rate.pspack` (the installer's file association): the start opens
    the import dialog on that pack, checked at once, and does not read it as a case."""
    import shutil

    from gui_helpers import answer

    from desktop_app.gui.app import is_pack, open_start_file

    pack = str(tmp_path / "更新包.PSPACK")  # Windows: the suffix in any case
    shutil.copyfile(pack_work["rate"], pack)
    calls = []
    answer(monkeypatch, calls=calls)  # a warning ("cannot open the case") would be noted
    win = make_window(qtbot, db)
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return

        def checked(ok):
            seen.append((dialog.objectName(), dialog.file_label.text(), ok,
                         dialog.install_button.isEnabled()))
            dialog.reject()
        dialog.checked.connect(checked)

    QTimer.singleShot(0, look)
    open_start_file(win, pack, None)
    assert seen == [("pack_dialog", pack, True, True)]
    assert calls == [] and win.answers == {} and win.case_path is None
    assert packs.current() is None  # shown, not installed: the user clicks Install
    assert is_pack("a.pspack") and not is_pack("a.pscase") and not is_pack(None)
    # the menu entry's words follow the window's language with the rest of the menus
    win.set_language("en")
    assert win.act_import_pack.text() == "&Import update pack…"
    assert win.help_menu.findChild(type(win.help_menu), "packs_menu").title() == "&Clause base"


def test_a_base_changed_elsewhere_is_taken_up_before_anything_is_assessed(
        qtbot, pack_work, trusted, monkeypatch):
    """The firms view re-assesses with the clause base in use, not the one the window
    started with: a pack imported while the window is open (here in this process), then
    rolled back from the command line (another process), each reaches the stored cases,
    and coming back to the window takes the change up and says so."""
    import os
    import subprocess
    import sys

    from gui_helpers import answer

    from desktop_app.core.caselib import CaseLibrary

    today = date(2026, 11, 24)
    win = make_window(qtbot, default_db())
    lib = CaseLibrary()
    case_id = lib.save_case(PROFILE)
    lib.record(case_id, assess(PROFILE, win.db, today))
    lib.close()
    answer(monkeypatch)
    win.act_firms.trigger()
    view = win.firms_view

    packs.import_pack(pack_work["rate"])
    assert "308,500" in view.reassess()
    # named as `packs list` names it, not by a bare hash
    assert f"现改用更新包 2（条款库版本 {default_db().version}）" in \
        win.statusBar().currentMessage()
    assert win.db.version == default_db().version != open_db().version
    assert view.library.case(case_id)["clause_db_version"] == win.db.version

    subprocess.run([sys.executable, "-m", "desktop_app", "packs", "rollback"], check=True,
                   capture_output=True, env=dict(os.environ))
    win.activateWindow()
    qtbot.waitUntil(lambda: win.db.version == open_db().version, timeout=5000)
    assert "条款库已在其他窗口或命令行中更新，现改用随程序安装的条款库" in \
        win.statusBar().currentMessage()
    assert "246,800" in view.reassess()
    assert view.library.case(case_id)["clause_db_version"] == open_db().version
    view.library.close()


def test_roll_back_from_the_menu_asks_first_and_the_window_uses_the_previous_base(
        qtbot, pack_work, trusted, monkeypatch):
    """帮助 → 条款库 → 回退到上一个条款库…: offered only while a pack is in use, asked first
    (不回退 declines), then the window assesses with the bundled base again."""
    from gui_helpers import answer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMessageBox

    from desktop_app.gui.pack_menu import roll_back

    win = make_window(qtbot, default_db())
    menu = win.help_menu.findChild(QMenu, "packs_menu")
    back = win.findChild(QAction, "rollback_pack")
    assert back.text() == "回退到上一个条款库(&R)…"
    menu.aboutToShow.emit()
    assert not back.isEnabled()  # nothing imported: nothing to roll back to
    packs.import_pack(pack_work["rate"])
    win.refresh_db()
    assert win.db.version != open_db().version
    menu.aboutToShow.emit()
    assert back.isEnabled()

    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.No, calls)
    assert not roll_back(win)
    title, text, labels = calls[-1][1]
    assert "随程序安装的条款库（条款库 " + open_db().version in text
    # and what goes with the pack: (三)'s 25 % back to the bundled 20 %
    assert "~ mentougou-03：计算方式" in text and "25%" in text
    assert sorted(labels) == sorted(["回退(&R)", "不回退"])
    assert packs.current() is not None and win.db.version != open_db().version

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert roll_back(win)
    assert packs.current() is None and win.db.version == open_db().version
    assert "已回退" in win.statusBar().currentMessage()
    report = assess(dict(PROFILE), win.db, date(2026, 11, 24))
    assert report.result("mentougou-03").max_amount_yuan == 246800


def test_an_unreadable_pack_is_said_when_the_window_opens(qtbot, pack_work, trusted,
                                                          monkeypatch):
    """The imported pack's database damaged: the window opens on the bundled base and
    a warning says so, naming how to import it again (it fell back without a word)."""
    from gui_helpers import answer

    from desktop_app.core.clausedb import forget_default_db
    from desktop_app.gui.app import say_if_pack_unreadable

    calls: list = []
    answer(monkeypatch, calls=calls)
    packs.import_pack(pack_work["rate"])
    forget_default_db()
    win = make_window(qtbot, default_db())
    assert not say_if_pack_unreadable(win, "zh") and calls == []
    installed = packs.installed_db_path()
    installed.write_bytes(installed.read_bytes()[:4096])
    forget_default_db()
    db = default_db()
    assert db.version == open_db().version  # the bundled base serves
    win = make_window(qtbot, db)
    win.interactive = True
    assert say_if_pack_unreadable(win, "zh")
    (kind, (title, text)), = calls
    assert kind == "warning" and title == "条款库更新包无法读取" and "重新导入" in text
