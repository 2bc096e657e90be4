"""帮助 → 条款库 → 导入更新包…: the import dialog driven through pytest-qt."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import make_window
from pack_helpers import make_packs
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core import packs
from desktop_app.core.assess import assess
from desktop_app.core.clausedb import default_db, forget_default_db, open_db
from desktop_app.gui.pack_dialog import PackDialog

PROFILE = {"company.district": "mentougou", "company.is_info_software": True,
           "assessment.year": 2025, "mentougou.quality_firm": True,
           "ai.compute_cost_yuan": 1234000}


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return make_packs(tmp_path_factory.mktemp("packs"))


@pytest.fixture
def trusted(work):
    packs.trust_key(work["pub"])
    forget_default_db()
    yield
    forget_default_db()


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


def test_verify_show_diff_install_and_the_window_uses_the_new_base(qtbot, db, work, trusted):
    win = make_window(qtbot, db)
    for fact, value in PROFILE.items():
        win.answers[fact] = value
    dialog = PackDialog("zh", win)
    qtbot.addWidget(dialog)
    assert not dialog.install_button.isEnabled()
    assert dialog.cancel_button.isDefault()  # Enter does not install
    assert dialog.load(work["rate"])
    assert dialog.install_button.isEnabled()
    assert "已核验：版本 2" in dialog.status.text()
    assert packs.grouped(work["fp"]) in dialog.status.text()
    shown = dialog.diff.toPlainText()
    assert "mentougou-03：计算方式" in shown and "× 25%" in shown
    assert packs.current() is None  # nothing installed before the click

    from desktop_app.gui.pack_dialog import use_database

    dialog.installed.connect(lambda new: use_database(win, new))
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


@pytest.mark.parametrize("which, why", [("stranger", "未受信任"),
                                        ("failing", "个未通过")])
def test_a_refused_pack_cannot_be_installed(qtbot, work, trusted, which, why):
    dialog = PackDialog("zh")
    qtbot.addWidget(dialog)
    assert not dialog.load(work[which])
    assert dialog.status.text().startswith("不能导入：") and why in dialog.status.text()
    assert not dialog.install_button.isEnabled()
    assert dialog.diff.toPlainText() == ""
    assert packs.current() is None


def test_an_older_pack_needs_the_downgrade_box(qtbot, work, trusted):
    packs.import_pack(work["rate"])
    dialog = PackDialog("en")
    qtbot.addWidget(dialog)
    assert not dialog.load(work["base"])
    assert "older than the one in use" in dialog.status.text()
    dialog.downgrade.setChecked(True)
    assert dialog.install_button.isEnabled()
    assert dialog.status.text().startswith("Verified: version 1")
