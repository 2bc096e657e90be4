"""Questions that guard the user's work (保存/不保存/取消, resume or not), built on
gui/ask.py's labelled boxes: the default never discards, and Escape always cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.gui.ask import Button, ask
from desktop_app.gui.strings import tr

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RESUME, NOT_NOW = "resume", "not_now"


def _ask(parent: QWidget | None, title: str, text: str,
         buttons: list[tuple[str, Button, str]], default: str, escape: str,
         icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> str:
    """The key of the button chosen; each button is named `prompt:<key>` (tests, a11y)."""
    which = {key: standard for key, standard, _ in buttons}
    chosen = ask(parent, title, text, [(standard, label) for _, standard, label in buttons],
                 default=which[default], escape=which[escape], icon=icon,
                 names={standard: f"prompt:{key}" for key, standard, _ in buttons},
                 box_name="prompt")
    return next((key for key, standard in which.items() if standard == chosen), escape)


def ask_unsaved(parent: QWidget | None, lang: str) -> str:
    """SAVE (the default, Enter), DISCARD, or CANCEL (Escape, closing the box)."""
    return _ask(parent, tr("unsaved.title", lang), tr("new.discard", lang),
                [(SAVE, Button.Save, tr("btn.save", lang)),
                 (DISCARD, Button.Discard, tr("btn.dont_save", lang)),
                 (CANCEL, Button.Cancel, tr("btn.cancel", lang))],
                default=SAVE, escape=CANCEL, icon=QMessageBox.Icon.Warning)


def ask_resume(parent: QWidget | None, lang: str, text: str) -> str:
    """RESUME (the default, Enter) or NOT_NOW (Escape too): the session is then kept as a
    discarded one, restorable from the File menu."""
    return _ask(parent, tr("resume.title", lang), text,
                [(RESUME, Button.Yes, tr("btn.resume", lang)),
                 (NOT_NOW, Button.No, tr("btn.not_now", lang))],
                default=RESUME, escape=NOT_NOW)


def ask_keep_text(parent: QWidget | None, lang: str) -> str:
    """A text box closed with changes (the 项目情况说明, by Escape): SAVE (the default,
    Enter), DISCARD, or CANCEL (Escape again: back to the text)."""
    return _ask(parent, tr("describe.unsaved_title", lang), tr("describe.unsaved", lang),
                [(SAVE, Button.Save, tr("btn.save", lang)),
                 (DISCARD, Button.Discard, tr("btn.dont_save", lang)),
                 (CANCEL, Button.Cancel, tr("btn.back_to_text", lang))],
                default=SAVE, escape=CANCEL, icon=QMessageBox.Icon.Warning)
