"""帮助 → 条款库 → 导入更新包…: the menu entry; the dialog (pack_dialog.py) loads when used.

Kept apart from the dialog so that the main window's start-up does not load the
dialog's widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from desktop_app.gui.window import MainWindow

TEXT = {"menu": ("条款库(&C)", "&Clause base"),
        "import": ("导入更新包(&I)…", "&Import update pack…")}


def add_menu(win: MainWindow, help_menu: QMenu) -> QAction:
    """帮助 → 条款库 → 导入更新包…; its words follow the window's language when shown."""
    menu = help_menu.addMenu("")
    menu.setObjectName("packs_menu")
    act = QAction(win)
    act.setObjectName("import_pack")
    menu.addAction(act)

    def retitle() -> None:
        zh = win.lang == "zh"
        menu.setTitle(TEXT["menu"][0 if zh else 1])
        act.setText(TEXT["import"][0 if zh else 1])

    def open_dialog() -> None:
        from desktop_app.gui.pack_dialog import PackDialog, use_database

        dialog = PackDialog(win.lang, win)
        dialog.installed.connect(lambda db: use_database(win, db))
        dialog.exec()

    retitle()
    help_menu.aboutToShow.connect(retitle)
    act.triggered.connect(open_dialog)
    return act
