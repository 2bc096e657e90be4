"""Small dialogs: the glossary and a clause's verbatim text."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.articles import article_label
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import ItemResult
from desktop_app.gui.strings import tr

if TYPE_CHECKING:
    from datetime import date


class TextDialog(QDialog):
    """A read-only rich-text dialog with a Close button."""

    def __init__(self, title: str, html: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setObjectName("text")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("btn.close", lang))
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.browser)
        box.addWidget(buttons)
        self.resize(560, 420)


def glossary_html(db: ClauseDB, lang: str, terms: list[str] | None = None) -> str:
    """The glossary as HTML: the given terms first, then (with no terms given) all of them."""
    wanted = [g for g in db.glossary if terms is None or g.term in terms]
    parts = []
    for g in wanted:
        # (the English term beside the Chinese read as English in the Chinese window; the
        # English keeps the Chinese, as the texts and the bureau use it)
        head = g.term if lang == "zh" else f"{g.en_term} ({g.term})"
        body = g.zh if lang == "zh" else g.en
        parts.append(f"<h3>{escape(head)}</h3><p>{escape(body)}</p>")
    return "".join(parts)


def glossary_dialog(db: ClauseDB, lang: str, terms: list[str] | None,
                    parent: QWidget | None = None) -> TextDialog:
    dialog = TextDialog(tr("glossary.title", lang), glossary_html(db, lang, terms), lang, parent)
    dialog.setObjectName("glossary_dialog")
    return dialog


def clause_html(db: ClauseDB, result: ItemResult, lang: str) -> str:
    from desktop_app.core.editions import edition_status, item_as_assessed, title_as_used

    item = item_as_assessed(db, result)  # as the edition the result used words it
    policy = db.policies[item.policy_id]
    title = title_as_used(policy, result.edition, lang)
    validity = tr("clause.validity", lang, date=policy.last_checked,
                  validity=edition_status(policy, result.edition, lang)[1])
    rows = []
    for c in result.criteria:
        status = db.msg(f"status.{c.status}", lang)
        text = c.text if lang == "zh" else c.text_en
        rows.append(f"<tr><td>{escape(text)}</td><td><b>{escape(status)}</b></td></tr>")
    return (f"<p>{escape(title)}</p>"
            # the chapter, then the article in it, as the text is cited (第五条 before its
            # chapter's heading read as if the article were titled by it)
            f"<h3>{escape(item.chapter)} {escape(article_label(item.article, lang))}</h3>"
            f"<p>{escape(validity)}</p>"
            f"<p><b>{escape(tr('clause.verbatim', lang))}</b></p>"
            f"<blockquote>{escape(item.text)}</blockquote>"
            f"<p><b>{escape(tr('results.criteria', lang))}</b></p>"
            f"<table cellpadding='4' border='1' cellspacing='0'>{''.join(rows)}</table>")


def clause_dialog(db: ClauseDB, result: ItemResult, lang: str,
                  parent: QWidget | None = None) -> TextDialog:
    title = f"{tr('clause.title', lang)} · {db.item_name(result.item_id, lang)}"
    dialog = TextDialog(title, clause_html(db, result, lang), lang, parent)
    dialog.setObjectName("clause_dialog")
    return dialog


class DateDialog(QDialog):
    """编辑 → 评估日期…: a date picked from a calendar or typed; 今天 sets today."""

    def __init__(self, parent: QWidget | None, lang: str, current: date):
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton

        from desktop_app.core.case_file import AS_OF_YEARS

        super().__init__(parent)
        self.setObjectName("date_dialog")
        self.setWindowTitle(tr("date.title", lang))
        text = QLabel(tr("date.text", lang))
        text.setWordWrap(True)
        self.edit = QDateEdit(QDate(current.year, current.month, current.day))
        self.edit.setObjectName("date")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        low, high = AS_OF_YEARS  # the command line's --as-of takes the same years
        self.edit.setDateRange(QDate(low, 1, 1), QDate(high, 12, 31))
        self.edit.setAccessibleName(tr("date.title", lang))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("btn.ok", lang))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("btn.cancel", lang))
        today = QPushButton(tr("date.today", lang))
        today.setObjectName("today")
        today.clicked.connect(lambda: self.edit.setDate(QDate.currentDate()))
        buttons.addButton(today, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(text)
        box.addWidget(self.edit)
        box.addWidget(buttons)
        self.edit.setFocus()

    def chosen(self) -> date:
        return self.edit.date().toPython()


def ask_date(parent: QWidget | None, lang: str, current: date) -> date | None:
    """The assessment date chosen, or None when cancelled."""
    dialog = DateDialog(parent, lang, current)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
