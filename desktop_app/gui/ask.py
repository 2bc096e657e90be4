"""Questions whose buttons say what they do (继续上次 / 重新开始), not Yes / No.

Each button is a standard one underneath, so `ask` returns a QMessageBox.StandardButton
and Escape picks the button marked as the escape one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def question_box(parent: QWidget | None, title: str, text: str,
                 buttons: list[tuple[Button, str]], default: Button,
                 escape: Button | None = None) -> QMessageBox:
    """A question box whose standard `buttons` carry the given labels."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, Button.NoButton, parent)
    box.setObjectName("question")
    for which, label in buttons:
        box.addButton(which)
        box.button(which).setText(label)
        box.button(which).setAccessibleName(label.replace("&", ""))
    box.setDefaultButton(default)
    box.setEscapeButton(escape if escape is not None else default)
    return box


def ask(parent: QWidget | None, title: str, text: str, buttons: list[tuple[Button, str]],
        default: Button, escape: Button | None = None) -> Button:
    """Show the question; the standard button chosen (the escape one if closed)."""
    box = question_box(parent, title, text, buttons, default, escape)
    return Button(box.exec())
