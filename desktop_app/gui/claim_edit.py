"""The results page's editing: one project or separate ones per same-project group, and per
item the requested amount and the 项目情况说明 of the draft application.

The rules live in the core: which groups to ask (priorities.groups_to_ask), what they do to
the totals (assess), the requested amount's bounds and the description's length
(application.Application); these widgets only read and write them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.application import ApplicationError, blank_means, outline_text
from desktop_app.core.facts import format_yuan, parse_money_detail
from desktop_app.core.report import ItemResult, Report
from desktop_app.gui.fields import WrapCheckBox, name_clear_button, panel, tint
from desktop_app.gui.strings import tr

if TYPE_CHECKING:
    from desktop_app.gui.host import ResultsHost

SEPARATE_FACT = "stacking.separate_projects"


def projects_box(page: ResultsHost, report: Report, lang: str) -> QFrame | None:
    """同一项目还是不同项目？ One check box per same-project group with two or more items."""
    from desktop_app.core.priorities import groups_to_ask

    groups = groups_to_ask(report, page.db)
    if not groups:
        return None
    separate = set(page.win.answers.get(SEPARATE_FACT) or [])
    texts = {g.group_id: g for g in page.db.stacking}
    box, lay = panel("projects", tr("projects.title", lang))
    intro = QLabel(tr("projects.intro", lang))
    intro.setWordWrap(True)
    tint(intro, "help")
    lay.addWidget(intro)
    sep = "、" if lang == "zh" else ", "
    for group_id, items in groups:
        group = texts[group_id]
        names = sep.join(page.db.item_name(i, lang) for i in items)
        check = WrapCheckBox(tr("projects.separate", lang, items=names))
        check.setObjectName(f"separate:{group_id}")
        check.setChecked(group_id in separate)
        check.setToolTip(group.zh if lang == "zh" else group.en)
        check.setAccessibleDescription(check.toolTip())
        check.toggled.connect(lambda on, g=group_id: set_separate(page, g, on))
        lay.addWidget(check)
    return box


def set_separate(page: ResultsHost, group_id: str, separate: bool) -> None:
    """Store the answer as the profile fact and show the totals it gives, at once."""
    win = page.win
    groups = [g for g in (win.answers.get(SEPARATE_FACT) or []) if g != group_id]
    if separate:
        groups.append(group_id)
    if groups:
        win.answers[SEPARATE_FACT] = sorted(groups)
    else:
        win.answers.pop(SEPARATE_FACT, None)
    win.changed()
    again = page.inner.findChild(QCheckBox, f"separate:{group_id}")
    if again is not None:  # the page was drawn anew: the focus stays where it was
        again.setFocus()


class ClaimRow(QWidget):
    """申请金额 and 项目情况说明 of one item, under its card."""

    def __init__(self, page: ResultsHost, result: ItemResult, lang: str):
        super().__init__()
        self.page, self.result, self.lang = page, result, lang
        self.setObjectName("claim")
        name = page.db.item_name(result.item_id, lang)
        entry = page.win.application.entry(result.item_id)
        # The note goes under the amount, the full width: beside it, it was squeezed to a
        # column two characters wide once the button read 修改项目情况说明…（已填写）.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        outer.addLayout(row)
        label = QLabel(tr("claim.requested", lang))
        row.addWidget(label)
        self.edit = QLineEdit()
        self.edit.setObjectName("requested")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 18))
        bound = result.max_amount_yuan
        self._blank = blank_means(result, page.db)
        self.edit.setPlaceholderText(tr(f"claim.placeholder_{self._blank}", lang)
                                     if self._blank else format_yuan(bound) if bound is not None
                                     else tr("claim.no_bound", lang))
        if entry.requested_yuan is not None:
            self.edit.setText(format_yuan(entry.requested_yuan))
        self.edit.setAccessibleName(tr("claim.requested_name", lang, item=name))
        name_clear_button(self.edit, self.edit.accessibleName(), lang)
        label.setBuddy(self.edit)
        self.edit.editingFinished.connect(self.store_amount)
        row.addWidget(self.edit)
        self.note = QLabel()
        self.note.setObjectName("requested_note")
        self.note.setWordWrap(True)
        tint(self.note, "help")
        self.describe = QPushButton()
        self.describe.setObjectName("describe")
        self.describe.setAutoDefault(True)  # Enter on it, focused, opens the editor
        self.describe.clicked.connect(self.edit_description)
        row.addWidget(self.describe)
        row.addStretch(1)
        outer.addWidget(self.note)
        self._name = name
        self._label_describe()
        self._show_default()

    def _show_default(self) -> None:
        bound = self.result.max_amount_yuan
        if not self.edit.text().strip() and bound is not None:
            key = f"claim.default_{self._blank}" if self._blank else "claim.default"
            self.note.setText(tr(key, self.lang, amount=format_yuan(bound)))

    def _label_describe(self) -> None:
        written = bool(self.page.win.application.entry(self.result.item_id).description)
        self.describe.setText(tr("claim.describe_done" if written else "claim.describe",
                                 self.lang))
        self.describe.setAccessibleName(tr("claim.describe_name", self.lang, item=self._name))

    def store_amount(self) -> None:
        """Read the amount as the wizard reads money; the core keeps it within the bound."""
        text, lang = self.edit.text().strip(), self.lang
        item_id, bound = self.result.item_id, self.result.max_amount_yuan
        application = self.page.win.application
        before = application.entry(item_id).requested_yuan
        try:
            amount, rounded = parse_money_detail(text) if text else (None, False)
            stored = application.set_requested(item_id, amount, bound)
        except (ValueError, ApplicationError) as exc:
            message = (exc.zh if lang == "zh" else exc.en) if isinstance(exc, ApplicationError) \
                else (str(exc) if lang == "zh" else tr("err.money_en", "en"))
            tint(self.note, "error")
            self.note.setText(message)
            self.edit.setAccessibleDescription(message)
            return
        tint(self.note, "help")
        notes = []
        if stored is not None and amount is not None and stored < amount:
            notes.append(tr("claim.capped", lang, amount=format_yuan(stored)))
        elif rounded:
            notes.append(tr("money.rounded", lang, amount=format_yuan(stored)))
        self.note.setText(" ".join(notes))
        self.edit.setAccessibleDescription(self.note.text())
        if stored is not None and self.edit.text() != format_yuan(stored):
            self.edit.setText(format_yuan(stored))
        self._show_default()
        if stored != before:
            self.page.win.changed(reassess=False)
            self.page.show_totals()

    def edit_description(self) -> None:
        dialog = DescriptionDialog(self.page, self.result, self._name, self.lang)
        if dialog.exec() == QDialog.DialogCode.Accepted.value:
            self.store_description(dialog.text.toPlainText())

    def store_description(self, text: str) -> bool:
        application = self.page.win.application
        item_id = self.result.item_id
        before = application.entry(item_id).description
        try:
            stored = application.set_description(item_id, text)
        except ApplicationError as exc:
            self.note.setText(exc.zh if self.lang == "zh" else exc.en)
            tint(self.note, "error")
            return False
        self._label_describe()
        if stored != before:
            self.page.win.changed(reassess=False)
        return True


class DescriptionDialog(QDialog):
    """项目情况说明: a text box that starts, when empty, with the outline of what it should
    cover as text to write after (as a placeholder it vanished at the first key, and
    with it the headings still to fill in); the outline alone is stored as empty."""

    def __init__(self, page: ResultsHost, result: ItemResult, name: str, lang: str):
        super().__init__(page)
        self.setObjectName("description_dialog")
        self.setWindowTitle(tr("claim.describe_title", lang, item=name))
        lay = QVBoxLayout(self)
        benefit = result.benefit if lang == "zh" else result.benefit_en
        head = QLabel(f"{name} · {benefit}")
        head.setWordWrap(True)
        lay.addWidget(head)
        self.text = QPlainTextEdit()
        self.text.setObjectName("description")
        stored = page.win.application.entry(result.item_id).description
        self.text.setPlainText(stored or outline_text("zh" if lang == "zh" else "en"))
        if not stored:  # the cursor after the first heading's colon, to type the name
            cursor = self.text.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
            self.text.setTextCursor(cursor)
        self.text.setAccessibleName(tr("claim.describe_name", lang, item=name))
        self.text.setTabChangesFocus(True)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("btn.ok", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("btn.cancel", lang))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 360)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.lang = lang
        self._initial = self.text.toPlainText()

    def reject(self) -> None:
        """Escape, 取消 or the window's close: typing was lost without a word. A changed
        text is asked about (保存 the default; Escape again returns to the text)."""
        if self.text.toPlainText() == self._initial:
            super().reject()
            return
        from desktop_app.gui.prompts import CANCEL, DISCARD, ask_keep_text

        choice = ask_keep_text(self, self.lang)
        if choice == DISCARD:
            super().reject()
        elif choice != CANCEL:
            self.accept()
