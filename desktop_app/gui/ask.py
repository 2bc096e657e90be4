"""Questions whose buttons say what they do (继续这次自评 / 不恢复), not Yes / No.

Each button is a standard one underneath, so `ask` returns a QMessageBox.StandardButton
and Escape picks the button marked as the escape one. gui/prompts.py builds the questions
that guard the user's work (保存/不保存/取消, the resume offer) on this.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def question_box(parent: QWidget | None, title: str, text: str,
                 buttons: list[tuple[Button, str]], default: Button,
                 escape: Button | None = None,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Question,
                 names: dict[Button, str] | None = None,
                 box_name: str = "question") -> QMessageBox:
    """A question box whose standard `buttons` carry the given labels (and object
    `names`, when given)."""
    box = QMessageBox(icon, title, text, Button.NoButton, parent)
    box.setObjectName(box_name)
    for which, label in buttons:
        box.addButton(which)
        button = box.button(which)
        button.setText(label)
        button.setAccessibleName(label.replace("&", ""))
        if names and which in names:
            button.setObjectName(names[which])
    box.setDefaultButton(default)
    box.setEscapeButton(escape if escape is not None else default)
    return box


def ask(parent: QWidget | None, title: str, text: str, buttons: list[tuple[Button, str]],
        default: Button, escape: Button | None = None,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question,
        names: dict[Button, str] | None = None, box_name: str = "question") -> Button:
    """Show the question; the standard button chosen (the escape one if closed)."""
    box = question_box(parent, title, text, buttons, default, escape, icon, names, box_name)
    result = box.exec()
    try:
        return Button(result)
    except ValueError:  # not one of ours (cannot happen with standard buttons only)
        return escape if escape is not None else default
