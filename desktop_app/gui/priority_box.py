"""The answers that matter most, first: a box of links to the open questions that settle
most (core/priorities.py), shown on the review and the results pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel

from desktop_app.core.facts import format_yuan
from desktop_app.core.priorities import Priorities, rank_open_questions
from desktop_app.core.report import Report
from desktop_app.gui.fields import LINK_STYLE, WrapButton, panel
from desktop_app.gui.strings import tr

if TYPE_CHECKING:
    from desktop_app.gui.host import Host


def priority_box(win: Host, report: Report) -> QFrame | None:
    """The box for a report, or None when no question the firm could answer is open."""
    ranked: Priorities = rank_open_questions(report, win.db, win.answers)
    if not ranked.top:
        return None
    lang, db = win.lang, win.db
    box, lay = panel("priorities", tr("priorities.title", lang))
    line = QLabel(ranked.headline(lang))
    line.setObjectName("headline")
    line.setWordWrap(True)
    lay.addWidget(line)
    for n, fact_id in enumerate(ranked.top, start=1):
        q = next(x for x in ranked.questions if x.fact_id == fact_id)
        label = db.facts[fact_id].label(lang)
        if q.amount_yuan:
            weight = tr("priorities.weight", lang, n=len(q.items),
                        amount=format_yuan(q.amount_yuan))
        else:
            weight = tr("priorities.weight_items", lang, n=len(q.items))
        button = WrapButton(f"{n}. {label} — {weight}")
        button.setObjectName(f"ask:{fact_id}")
        button.setFlat(True)
        button.setAutoDefault(True)  # Enter on a focused link follows it (else: Next)
        button.setStyleSheet(LINK_STYLE)
        button.setAccessibleName(tr("priorities.link", lang, question=label))
        button.setAccessibleDescription(weight)
        button.clicked.connect(lambda _=False, f=fact_id: win.goto_fact(f))
        lay.addWidget(button)
    if any(db.facts[f].type == "money" for f in ranked.top):
        # a blank amount reads as "not known": a firm with none had left it blank, and was
        # sent back to these questions without being told that 0 answers them
        zero = QLabel(tr("priorities.zero", lang))
        zero.setObjectName("zero")
        zero.setWordWrap(True)
        lay.addWidget(zero)
    rest = len(ranked.questions) - len(ranked.top)
    if rest > 0:
        more = QLabel(tr("priorities.more", lang, n=rest))
        more.setObjectName("more")
        more.setWordWrap(True)
        lay.addWidget(more)
    return box
