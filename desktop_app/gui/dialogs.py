"""Small dialogs: the glossary and a clause's verbatim text."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.articles import article_label
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import ItemResult
from desktop_app.gui.strings import tr


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
