"""帮助 → 条款库 → 导入更新包…: the menu entry; the dialog (pack_dialog.py) loads when used.

Kept apart from the dialog so that the main window's start-up does not load the
dialog's widgets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from desktop_app.gui.host import Window

TEXT = {"menu": ("条款库(&C)", "&Clause base"),
        "import": ("导入更新包(&I)…", "&Import update pack…"),
        "rollback": ("回退到上一个条款库(&R)…", "&Roll back to the previous clause base…"),
        "rollback_ask": ("回退后，评估和导出将改用{previous}（条款库 {version}）。\n"
                         "企业库中的案例不会自动改变：回退后可在企业库中用“重新评估全部”。",
                         "After rolling back, assessments and exports use {previous} "
                         "(clause base {version}).\nThe firms library is not changed: use "
                         "\"Reassess all\" there afterwards."),
        "previous_pack": ("更新包 {pack}", "update pack {pack}"),
        "bundled": ("随程序安装的条款库", "the clause base installed with the program"),
        "rollback_yes": ("回退(&R)", "&Roll back"),
        "rollback_no": ("不回退", "Do not roll back"),
        "rolled_back": ("已回退，现用条款库 {version}。", "Rolled back; clause base {version} "
                                                         "is in use.")}


def add_menu(win: Window, help_menu: QMenu) -> QAction:
    """帮助 → 条款库 → 导入更新包…; `retitle` puts its words in the window's language."""
    menu = help_menu.addMenu("")
    menu.setObjectName("packs_menu")
    act = QAction(win)
    act.setObjectName("import_pack")
    menu.addAction(act)

    act.triggered.connect(lambda _=False: open_pack_dialog(win))
    back = QAction(win)
    back.setObjectName("rollback_pack")
    menu.addAction(back)
    back.triggered.connect(lambda _=False: roll_back(win))
    # offered only while an imported pack is in use (asked as the menu opens: another
    # process may have imported or rolled back meanwhile)
    menu.aboutToShow.connect(lambda: back.setEnabled(_installed() is not None))
    return act


def _installed() -> dict | None:
    from desktop_app.core.pack_state import current

    return current()


def roll_back(win: Window) -> bool:
    """Back to the clause base in use before the last import, asked first (不回退 the
    default); the window assesses with it at once."""
    from desktop_app.core import packs
    from desktop_app.core.pack_state import read_state
    from desktop_app.gui.ask import Button, ask

    zh = 0 if win.lang == "zh" else 1
    history = read_state()["history"]
    if not history:
        return False
    before = history[-2] if len(history) > 1 else None
    previous = (TEXT["previous_pack"][zh].format(pack=before["pack_version"]) if before
                else TEXT["bundled"][zh])
    version = before["clause_db_version"] if before else _bundled_version()
    # what goes with it, in the diff's words (a final edition went without a word)
    change = packs.rollback_diff()
    shown = _diff_head(packs.diff_text(change)) if change else ""
    if win.interactive and ask(
            win, re.sub(r"\(&.\)|&|…", "", TEXT["rollback"][zh]),
            TEXT["rollback_ask"][zh].format(previous=previous, version=version)
            + (f"\n\n{shown}" if shown else ""),
            [(Button.No, TEXT["rollback_no"][zh]), (Button.Yes, TEXT["rollback_yes"][zh])],
            default=Button.No) != Button.Yes:
        return False
    try:
        packs.rollback()
    except packs.PackError as exc:
        win._warn(TEXT["menu"][zh].replace("(&C)", "").replace("&", ""), exc.text(win.lang))
        return False
    from desktop_app.core.clausedb import default_db

    win.use_database(default_db())
    win.statusBar().showMessage(TEXT["rolled_back"][zh].format(version=win.db.version), 10000)
    return True


DIFF_LINES_SHOWN = 12  # of the diff in the rollback question: its counts and first lines


def _diff_head(text: str) -> str:
    lines = text.rstrip("\n").splitlines()
    if len(lines) <= DIFF_LINES_SHOWN:
        return "\n".join(lines)
    return "\n".join([*lines[:DIFF_LINES_SHOWN], "……"])


def _bundled_version() -> str:
    from desktop_app.core.clausedb import open_db

    return open_db(snapshot="bundled").version


def open_pack_dialog(win: Window, path: str | Path | None = None) -> None:
    """The import dialog, modal over the window; with `path` (a double-clicked .pspack) that
    pack is checked at once. The window assesses with what gets installed."""
    from desktop_app.gui.pack_dialog import PackDialog

    win.refresh_db()  # (the diff is from the base in use now, even if changed elsewhere)
    dialog = PackDialog(win.lang, win)
    dialog.installed.connect(win.use_database)
    if path is not None:
        dialog.load(path)
    dialog.exec()


def retitle(win: Window) -> None:
    """The entry's words in the window's language (MainWindow.retranslate calls this)."""
    zh = win.lang == "zh"
    menu = win.help_menu.findChild(QMenu, "packs_menu")
    if menu is not None:
        menu.setTitle(TEXT["menu"][0 if zh else 1])
    win.act_import_pack.setText(TEXT["import"][0 if zh else 1])
    back = win.findChild(QAction, "rollback_pack")
    if back is not None:
        back.setText(TEXT["rollback"][0 if zh else 1])
