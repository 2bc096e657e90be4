"""帮助 → 条款库 → 导入更新包…: the menu entry; the dialog (pack_dialog.py) loads when used.

Kept apart from the dialog so that the main window's start-up does not load the
dialog's widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from desktop_app.gui.host import Window

TEXT = {"menu": ("条款库(&C)", "&Clause base"),
        "import": ("导入更新包(&I)…", "&Import update pack…")}


def add_menu(win: Window, help_menu: QMenu) -> QAction:
    """帮助 → 条款库 → 导入更新包…; `retitle` puts its words in the window's language."""
    menu = help_menu.addMenu("")
    menu.setObjectName("packs_menu")
    act = QAction(win)
    act.setObjectName("import_pack")
    menu.addAction(act)

    act.triggered.connect(lambda _=False: open_pack_dialog(win))
    return act


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
