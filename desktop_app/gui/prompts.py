"""Questions that guard the user's work, with our own labelled buttons (保存/不保存/取消):
the default never discards, and Escape always cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.gui.strings import tr

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RESUME, NOT_NOW = "resume", "not_now"


def _ask(parent: QWidget | None, title: str, text: str,
         buttons: list[tuple[str, str, QMessageBox.ButtonRole]], default: str,
         escape: str, icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> str:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("prompt")
    made = {}
    for key, label, role in buttons:
        button = box.addButton(label, role)
        button.setObjectName(f"prompt:{key}")
        made[key] = button
    box.setDefaultButton(made[default])
    box.setEscapeButton(made[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in made.items() if button is clicked), escape)


def ask_unsaved(parent: QWidget | None, lang: str) -> str:
    """SAVE (the default, Enter), DISCARD, or CANCEL (Escape, closing the box)."""
    R = QMessageBox.ButtonRole
    return _ask(parent, tr("new.title", lang), tr("new.discard", lang),
                [(SAVE, tr("btn.save", lang), R.AcceptRole),
                 (DISCARD, tr("btn.dont_save", lang), R.DestructiveRole),
                 (CANCEL, tr("btn.cancel", lang), R.RejectRole)],
                default=SAVE, escape=CANCEL, icon=QMessageBox.Icon.Warning)


def ask_resume(parent: QWidget | None, lang: str, text: str) -> str:
    """RESUME (the default, Enter) or NOT_NOW (Escape too): the session is then kept as a
    discarded one, restorable from the File menu."""
    R = QMessageBox.ButtonRole
    return _ask(parent, tr("resume.title", lang), text,
                [(RESUME, tr("btn.resume", lang), R.AcceptRole),
                 (NOT_NOW, tr("btn.not_now", lang), R.DestructiveRole)],
                default=RESUME, escape=NOT_NOW)
