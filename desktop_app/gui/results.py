"""The results page: each item's verdict (colour, icon and words), bound, reasons; export."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop_app.core.articles import article_label, item_label
from desktop_app.core.assess import assess_facts
from desktop_app.core.editions import edition_label
from desktop_app.core.facts import format_yuan
from desktop_app.core.report import ItemResult, Report
from desktop_app.core.stacking import notes_by_article, open_better
from desktop_app.core.verdicts import ELIGIBLE, INELIGIBLE, NEW_SUBSIDIARY, UNCERTAIN
from desktop_app.export import FORMATS
from desktop_app.gui.dialogs import clause_dialog
from desktop_app.gui.fields import panel, tint
from desktop_app.gui.pages import BasePage, scrolled
from desktop_app.gui.strings import tr

if TYPE_CHECKING:
    from desktop_app.gui.host import Host

COLOURS = {ELIGIBLE: "#1b7f3b", UNCERTAIN: "#9a5b00", INELIGIBLE: "#a3302a"}
BACKGROUNDS = {ELIGIBLE: "#eef7f0", UNCERTAIN: "#fdf5e6", INELIGIBLE: "#f6f1f1"}
ORDER = {ELIGIBLE: 0, UNCERTAIN: 1, INELIGIBLE: 2}
# Cards drawn at a time; a button draws the next ones. Each card is some twenty widgets:
# with a 5,000-item clause base, drawing them all took 45 s and 1 GB before the page
# showed. Today's base (32 items) fits in one go.
CARDS_AT_ONCE = 50
CONTACT_LINES_SHOWN = 4  # 下一步: apply / ask lines shown before "show the other N"
ARTICLES_NAMED = 12  # 下一步: articles named per policy in a line (its count is given)


def verdict_icon(verdict: str, size: int = 20) -> QPixmap:
    """A round badge: tick (eligible), question mark (uncertain), cross (ineligible)."""
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if \
        QGuiApplication.primaryScreen() else 1.0
    pix = QPixmap(int(size * ratio), int(size * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(COLOURS[verdict]))
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    pen = QPen(QColor("white"), size / 9)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    s = size
    if verdict == ELIGIBLE:
        p.drawPolyline([QPointF(s * .28, s * .52), QPointF(s * .44, s * .68),
                        QPointF(s * .73, s * .34)])
    elif verdict == INELIGIBLE:
        p.drawLine(QPointF(s * .32, s * .32), QPointF(s * .68, s * .68))
        p.drawLine(QPointF(s * .68, s * .32), QPointF(s * .32, s * .68))
    else:
        p.drawArc(QRectF(s * .34, s * .2, s * .32, s * .3), 160 * 16, -250 * 16)
        p.drawLine(QPointF(s * .5, s * .5), QPointF(s * .5, s * .6))
        p.drawPoint(QPointF(s * .5, s * .76))
    p.end()
    return pix


def amount_text(result: ItemResult, lang: str) -> str:
    if result.verdict == INELIGIBLE:
        return tr("results.amount_zero", lang)
    if result.max_amount_yuan is None:
        # 未公布 only where the text gives no figure; a base not yet entered is 未填写
        # (contract section 4), as `assess` says (the cards said 未公布 for both)
        if getattr(result, "amount_state", None) == "not_given":
            return tr("results.amount_not_given", lang)
        return tr("results.amount_none", lang)
    return tr("results.amount", lang, amount=format_yuan(result.max_amount_yuan))


def item_article(db: Any, item_id: str, lang: str) -> str:
    """An item as a card's title names it: its article, the items of one article told
    apart (（二）-1; "(2)-1")."""
    return item_label(db.item_by_id[item_id].article, item_id, lang)


def contact_text(policy: Any, lang: str) -> str:
    """Whom to ask: the bureau, and its phone only where the policy's text gives one."""
    bureau = policy.bureau if lang == "zh" else policy.bureau_en
    if policy.phone:
        return tr("results.contact", lang, bureau=bureau, phone=policy.phone)
    return tr("results.contact_none", lang, bureau=bureau)


def next_steps_box(page: ResultsPage, report: Report, lang: str) -> QFrame:
    """下一步: what to apply for, whom to ask (from the texts), what to prepare."""
    from desktop_app.core.priorities import next_steps

    db = page.db
    steps = next_steps(report, db)
    box, lay = panel("next_steps", tr("next.title", lang))
    sep = "、" if lang == "zh" else ", "

    def names(item_ids: list[str]) -> str:
        """门头沟区（三）、（四）: each policy once, each item by its article as its card names
        it (第九条-1、第九条-3: "申请 3 项" named two articles where one stood once)."""
        by_policy: dict[str, list[str]] = {}
        for item_id in item_ids:
            item = db.item_by_id[item_id]
            articles = by_policy.setdefault(item.policy_id, [])
            article = item_article(db, item_id, lang)
            if article not in articles:
                articles.append(article)
        out = []
        for policy_id, articles in by_policy.items():
            where = db.policy_label(policy_id, lang)
            # (the line gives the count: a policy of a large pack need not list 30 articles)
            more = len(articles) > ARTICLES_NAMED
            named = sep.join(articles[:ARTICLES_NAMED]) + (tr("next.etc", lang) if more else "")
            out.append(where + (named if lang == "zh" else " " + named))
        return ("；" if lang == "zh" else "; ").join(out)

    lines = []
    # dongcheng-07: the new firm applies, not this one (contract section 4)
    theirs = {r.item_id for r in report.results if r.beneficiary == NEW_SUBSIDIARY}
    # What the draft applies for: of a same-project group, the item counted ("可申请 3 项 /
    # 申请 3 项" stood over a draft that asked for 2)
    counted = {r.item_id for r in report.results if r.counted_in_total}
    for c in steps.contacts:
        bureau = c.bureau if lang == "zh" else c.bureau_en
        eligible = [i for i in c.items if i in steps.apply and i not in theirs]
        applying = [i for i in eligible if i in counted]
        if applying:
            lines.append(("apply", tr("next.apply", lang, bureau=bureau, n=len(applying),
                                      items=names(applying))))
        one_project = [i for i in eligible if i not in counted]
        if one_project:
            lines.append(("apply", tr("next.one_project", lang, items=names(one_project))))
        by_new_firm = [i for i in c.items if i in steps.apply and i in theirs]
        if by_new_firm:
            lines.append(("apply", tr("next.apply_new_firm", lang, bureau=bureau,
                                      items=names(by_new_firm))))
        if c.open_items:
            phone = tr("next.phone", lang, phone=c.phone) if c.phone else ""
            lines.append(("ask", tr("next.ask", lang, bureau=bureau, phone=phone,
                                    n=len(c.open_items), items=names(c.open_items))))
    if steps.prepare:
        mark = tr("next.guidance", lang)
        listed = [f"{m.zh if lang == 'zh' else m.en}" + (f"（{mark}）" if lang == "zh" and
                                                          m.guidance else
                                                          f" ({mark})" if m.guidance else "")
                  for m in steps.prepare]
        lines.append(("prepare", tr("next.prepare", lang, n=len(listed)) + "\n"
                      + "\n".join(f"• {m}" for m in listed)))
    for policy_id, zh, en in steps.blocked:
        where = db.policy_label(policy_id, lang)
        lines.append(("blocked", tr("next.blocked", lang, district=where,
                                    reason=zh if lang == "zh" else en)))
    if not lines or all(name == "blocked" for name, _ in lines):
        lines.insert(0, ("nothing", tr("next.nothing", lang)))
    # With a pack of many policies a district has a line or two per policy: the first few
    # show, the rest wait behind a button, so the cards are not pushed off the page. What
    # to prepare and what bars the firm always show.
    contact_lines = [n for n, (name, _) in enumerate(lines) if name in ("apply", "ask")]
    folded = set(contact_lines[CONTACT_LINES_SHOWN:])
    hidden: list[QLabel] = []
    for n, (name, text) in enumerate(lines):
        label = QLabel(text)
        label.setObjectName(f"next:{name}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(label)
        if n in folded:
            label.hide()
            hidden.append(label)
        if hidden and n == max(folded):
            more = QPushButton(tr("next.more", lang, n=len(hidden)))
            more.setObjectName("next:more")
            more.setAutoDefault(True)  # Enter on it shows the lines, as a click does

            def unfold(_checked: bool = False, button: QPushButton = more) -> None:
                for hidden_label in hidden:
                    hidden_label.show()
                button.hide()
            more.clicked.connect(unfold)
            lay.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
    return box


def _elsewhere(result: ItemResult) -> bool:
    """Ineligible only because the firm is not registered in the clause's district."""
    return result.verdict == INELIGIBLE and result.reason_kinds == ["not_registered"]


class ResultCard(QFrame):
    """One item: verdict with icon and words, bound, "meets N of M", reasons, clause link."""

    def __init__(self, page: ResultsPage, result: ItemResult, lang: str):
        super().__init__()
        self.result = result
        db = page.db
        item = db.item_by_id[result.item_id]
        self.setObjectName(f"result:{result.item_id}")
        colour = COLOURS[result.verdict]
        self.setStyleSheet(
            f"ResultCard {{ background: {BACKGROUNDS[result.verdict]};"
            f" border: 1px solid #d0d0d0; border-left: 5px solid {colour}; }}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 8, 6)
        lay.setSpacing(3)

        top = QHBoxLayout()
        icon = QLabel()
        icon.setObjectName("icon")
        icon.setPixmap(verdict_icon(result.verdict, 20))
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        verdict = QLabel(db.msg(f"verdict.{result.verdict}", lang))
        verdict.setObjectName("verdict")
        verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        top.addWidget(verdict, 0, Qt.AlignmentFlag.AlignTop)
        district = db.policy_label(item.policy_id, lang)
        benefit = result.benefit if lang == "zh" else result.benefit_en
        article = article_label(item.article, lang)
        title = QLabel(f"{district} {article} · {benefit}")
        title.setObjectName("title")
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title, 1)
        amount = QLabel(amount_text(result, lang))
        amount.setObjectName("amount")
        amount.setStyleSheet(f"color: {colour}; font-weight: bold;")
        amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(amount, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)

        met, of = result.met_count()
        sub = QHBoxLayout()
        met_label = QLabel(tr("results.met", lang, n=met, m=of))
        met_label.setObjectName("met")
        sub.addWidget(met_label)
        # Another district's item: "满足 1/5 项条件" read as a near miss; its reason says
        # the measures do not apply at all.
        met_label.setVisible("not_registered" not in result.reason_kinds)
        # The date the text was last checked against its source sits beside every clause.
        checked = db.policies[item.policy_id].last_checked
        text = tr("results.checked", lang, item=result.item_id, date=checked)
        if result.edition:  # the policy edition the result used (core/editions.py)
            text += (" · 版本：" if lang == "zh" else " · Edition: ") + edition_label(
                result.edition, lang)
        ident = QLabel(text)
        ident.setObjectName("checked")
        tint(ident, "help")
        # One label that wraps when the row is short of room (English, 150 %): the card is
        # never wider than the page, its right edge pushed out of sight.
        ident.setWordWrap(True)
        sub.addWidget(ident, 1)  # takes the free room: the button stays at the right
        clause = QPushButton(tr("btn.clause", lang))
        clause.setObjectName("clause")
        clause.setAutoDefault(True)  # Enter on it, focused, opens the clause
        clause.clicked.connect(lambda: page.show_clause(result))
        clause.setAccessibleName(tr("a11y.clause", lang,
                                    item=f"{district} {article} {result.item_id}"))
        sub.addWidget(clause)
        lay.addLayout(sub)

        # The points its policy sets for every item (Dongcheng 第四条's review points, the
        # validity caveat) are in one box under the cards: three of them on every card
        # filled the little room a 150 % laptop screen gives the list.
        reasons = result.reasons_in(lang, policy_wide=False)
        shared = len(result.reasons_in(lang, policy_wide=True))
        if shared:
            reasons.append(tr("results.shared_points", lang, n=shared, district=district))
        self.reasons = self._lines("reasons", reasons)
        lay.addWidget(self.reasons)
        if result.verdict != INELIGIBLE:
            asks = result.ask_bureau if lang == "zh" else result.ask_bureau_en
            if asks:
                lay.addWidget(self._lines("ask", asks, tr("results.ask", lang)))
            mark = tr("results.guidance", lang)
            materials = [m[lang] + (mark if m.get("guidance") else "")
                         for m in item.materials or []]
            if materials:
                lay.addWidget(self._lines("materials", materials, tr("results.materials", lang)))
            lay.addWidget(self._lines("contact", [contact_text(db.policies[item.policy_id],
                                                               lang)]))
        notes = result.stacking_notes if lang == "zh" else result.stacking_notes_en
        if notes:  # the items named by their articles, as the card titles name them
            lay.addWidget(self._lines("stacking", [
                notes_by_article(n, db, result.item_id, lambda i: item_article(db, i, lang))
                for n in notes]))
        if result.verdict != INELIGIBLE:  # what the firm asks for, last: the card's outcome
            from desktop_app.gui.claim_edit import ClaimRow

            self.claim = ClaimRow(page, result, lang)
            lay.addWidget(self.claim)

    @staticmethod
    def _lines(name: str, lines: list[str], head: str | None = None) -> QLabel:
        text = "\n".join(f"• {line}" for line in lines)
        label = QLabel(f"{head}\n{text}" if head else text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label


class _ExportSignals(QObject):
    done = Signal(str)
    failed = Signal(str)


class ExportWorker(QRunnable):
    """Runs export_report off the interface thread."""

    def __init__(self, export: Any, error_type: type[Exception], args: tuple, lang: str,
                 kwargs: dict[str, Any] | None = None):
        super().__init__()
        self.export, self.error_type, self.args, self.lang = export, error_type, args, lang
        self.kwargs = kwargs or {}
        self.signals = _ExportSignals()

    def run(self) -> None:
        try:
            path = self.export(*self.args, lang=self.lang, **self.kwargs)
        except self.error_type as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug in an exporter must not take the answers with it
            # said in the user's words first (a bare "AttributeError: …" told a firm
            # nothing), the technical line after it for whoever supports them
            self.signals.failed.emit(tr("export.bug", self.lang,
                                        detail=f"{type(exc).__name__}: {exc}"))
        else:
            self.signals.done.emit(str(path))


class ResultsPage(BasePage):
    def __init__(self, win: Host):
        super().__init__(win)
        self.setObjectName("page:results")
        self.report: Report | None = None
        self._worker: ExportWorker | None = None
        self._shown: list[ItemResult] = []  # the results the filters let through, in order
        self._drawn = 0  # how many of them have their card
        # How many cards a redraw gives (a new assessment, a language switch, a ticked
        # box): as many as the user had asked for, until a filter or the sort changes.
        self._want = CARDS_AT_ONCE
        self._more: QPushButton | None = None  # draws the next CARDS_AT_ONCE
        self._verdicts: dict[str, int] = {}  # results per verdict, for the counts line

        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        font = self.totals.font()
        font.setBold(True)
        self.totals.setFont(font)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)

        filters = QHBoxLayout()
        self.sort_label = QLabel()
        self.sort = QComboBox()
        self.sort.setObjectName("sort")
        # sized to the words of the language in use, also after a switch ("Eligible firs")
        self.sort.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key in ("verdict", "clause", "amount"):
            self.sort.addItem("", key)
        self.sort_label.setBuddy(self.sort)
        self.policy_label = QLabel()
        self.policy = QComboBox()
        self.policy.setObjectName("policy")
        self.policy.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.policy.addItem("", None)
        for pid in self.db.policies:
            self.policy.addItem("", pid)
        self.policy_label.setBuddy(self.policy)
        self.hide_ineligible = QCheckBox()
        self.hide_ineligible.setObjectName("hide_ineligible")
        for w in (self.sort_label, self.sort, self.policy_label, self.policy):
            filters.addWidget(w)
        filters.addSpacing(8)
        filters.addWidget(self.hide_ineligible)
        filters.addStretch(1)
        self.outer.addLayout(filters)
        self.sort.currentIndexChanged.connect(self._refilter)
        self.policy.currentIndexChanged.connect(self._refilter)
        self.hide_ineligible.toggled.connect(self._refilter)

        self.inner = QWidget()
        self.inner.setObjectName("results")
        # The totals scroll with the cards: at 150% on a 1366x768 screen they took half of
        # the little height left and showed no card at all.
        body = QVBoxLayout(self.inner)
        body.setContentsMargins(0, 0, 10, 0)
        body.setSpacing(6)
        # So does the line under the title (the firm, the date, "amounts are upper
        # bounds"): at 150 % the cards had some 300 px, a card took four Page Downs.
        self.outer.removeWidget(self.subtitle)
        body.addWidget(self.subtitle)
        body.addWidget(self.totals)
        body.addWidget(self.counts)
        self.cards = QVBoxLayout()
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(6)
        body.addLayout(self.cards, 1)
        self.scroll = scrolled(self.inner, focus=True)
        self.outer.addWidget(self.scroll, 1)

        bottom = QHBoxLayout()
        self.export_label = QLabel()
        bottom.addWidget(self.export_label)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in FORMATS:
            b = QPushButton()
            b.setObjectName(f"export:{fmt}")
            b.setAutoDefault(True)  # Enter on it, focused, exports
            b.clicked.connect(lambda _=False, f=fmt: self.start_export(f))
            bottom.addWidget(b)
            self.export_buttons[fmt] = b
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()
        bottom.addWidget(self.busy)
        bottom.addStretch(1)
        self.outer.addLayout(bottom)
        # "Start a new assessment" sits in the wizard's own button row, left of Back.
        self.new_button = win.wizard.button(QWizard.WizardButton.CustomButton1)
        self.new_button.setObjectName("new")

    # --- the assessment ------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        self.reassess()

    def reassess(self) -> None:
        """Assess the window's answers again and show the outcome."""
        self.report = assess_facts(dict(self.win.answers), self.db, self.win.assessment_date())
        self.render()

    def first_focus(self) -> QWidget | None:
        """The first of the questions that matter most, else the sort box."""
        box = self.inner.findChild(QFrame, "priorities")
        link = box.findChild(QPushButton) if box is not None else None
        return link or self.sort

    def visible_results(self) -> list[ItemResult]:
        if self.report is None:
            return []
        results = list(self.report.results)
        policy = self.policy.currentData()
        if policy:
            results = [r for r in results if r.policy == policy]
        else:
            # Another district's clauses, out only because the firm is not registered there,
            # are one line under the cards (elsewhere_line), not a card each: a Dongcheng
            # firm scrolled past eight screens of Mentougou's. Choosing the policy shows them.
            results = [r for r in results if not _elsewhere(r)]
        if self.hide_ineligible.isChecked():
            results = [r for r in results if r.verdict != INELIGIBLE]
        key = self.sort.currentData()
        if key == "verdict":
            results.sort(key=lambda r: ORDER[r.verdict])
        elif key == "amount":
            results.sort(key=lambda r: (ORDER[r.verdict] == 2, r.max_amount_yuan is None,
                                        -(r.max_amount_yuan or 0)))
        return results

    def elsewhere_line(self, report: Report, lang: str) -> QLabel | None:
        """Under the cards, the other districts' clauses left out of them: how many, and how
        to see them (None with a policy chosen, or none left out)."""
        if self.policy.currentData():
            return None
        counts: dict[str, int] = {}
        for r in report.results:
            if _elsewhere(r):
                district = self.db.policy_label(r.policy, lang)
                counts[district] = counts.get(district, 0) + 1
        if not counts:
            return None
        sep = "、" if lang == "zh" else ", "
        line = QLabel(tr("results.elsewhere", lang, districts=sep.join(
            tr("results.elsewhere_one", lang, district=d, n=n) for d, n in counts.items())))
        line.setObjectName("elsewhere")
        line.setWordWrap(True)
        tint(line, "help")
        return line

    def _refilter(self, *_: Any) -> None:
        self._want = CARDS_AT_ONCE  # another list: it starts again from its top
        self.render()

    def _label_export(self) -> None:
        """What the export is: the draft application, or, with nothing to apply for, a
        record of the self-check (what the exported file then says it is)."""
        from desktop_app.core.application import has_claims

        applying = self.report is None or has_claims(self.report)
        self.export_label.setText(tr("export.label" if applying else "export.label_record",
                                     self.win.lang))

    def render(self) -> None:
        lang = self.win.lang
        # Drawn anew (a same-project box ticked, a filter changed): the view stays where it
        # was. Without this, each removed card that holds the focus hands it to the next
        # one and the scroll area follows it to the bottom of the page.
        bar = self.scroll.verticalScrollBar()
        keep = bar.value()
        focused = QApplication.focusWidget()
        if focused is not None and self.inner.isAncestorOf(focused):
            self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        report = self.report
        if report is None:
            return
        name = self.win.answers.get("company.name")
        # a date set (编辑 → 评估日期…) is said to be one, and how to go back to today
        key = "results.subtitle_set" if self.win.as_of is not None else "results.subtitle"
        self.subtitle.setText((f"{name} · " if name else "")
                              + tr(key, lang, date=report.as_of.isoformat()))
        self.show_totals()
        self._label_export()
        n = {v: sum(r.verdict == v for r in report.results) for v in ORDER}
        shown = self.visible_results()
        from desktop_app.gui.claim_edit import projects_box
        from desktop_app.gui.priority_box import priority_box

        self.cards.addWidget(next_steps_box(self, report, lang))
        for box in (projects_box(self, report, lang), priority_box(self.win, report)):
            if box is not None:
                self.cards.addWidget(box)
        self._shown, self._drawn, self._more = shown, 0, None
        self._verdicts = n
        self._add_cards(self._want)
        self._show_counts()
        elsewhere = self.elsewhere_line(report, lang)
        if elsewhere is not None:
            self.cards.addWidget(elsewhere)
        self.cards.addWidget(self._notes_box(report, lang))
        self.cards.addStretch(1)
        self._keep_scroll(keep)
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        """Tab goes down the page as it reads: the filters, the list, each card's links,
        buttons and fields in turn, and only then the export buttons (the cards, made after
        the buttons, came after them: a keyboard user reached 导出 before 申请金额)."""
        inner = [w for w in self.inner.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(self.inner)]
        chain = [self.sort, self.policy, self.hide_ineligible, self.scroll, *inner,
                 *self.export_buttons.values()]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _add_cards(self, count: int) -> list[ResultCard]:
        """The next `count` cards where the button for them stood (at the end while the
        page is drawn), and the button for the rest, if any are left."""
        lang = self.win.lang
        at = self.cards.count()
        if self._more is not None:
            at = self.cards.indexOf(self._more)
            self._more.hide()
            self._more.setParent(None)
            self._more.deleteLater()
            self._more = None
        new = [ResultCard(self, r, lang) for r in self._shown[self._drawn:self._drawn + count]]
        for offset, card in enumerate(new):
            self.cards.insertWidget(at + offset, card)
        self._drawn += len(new)
        left = len(self._shown) - self._drawn
        if left:
            self._more = QPushButton(tr("results.more", lang, n=min(left, CARDS_AT_ONCE),
                                        left=left))
            self._more.setObjectName("more_results")
            self._more.setAutoDefault(True)  # Enter on it, focused, shows more
            self._more.clicked.connect(lambda _=False: self.draw_more())
            self.cards.insertWidget(at + len(new), self._more,
                                    alignment=Qt.AlignmentFlag.AlignLeft)
        return new

    def _show_counts(self) -> None:
        """Results per verdict, and how many cards are on the page: what the filters let
        through, or fewer while the rest wait behind the button."""
        lang, n, report = self.win.lang, self._verdicts, self.report
        sep = "；" if lang == "zh" else "; "
        self.counts.setText(tr("results.counts", lang, e=n[ELIGIBLE], u=n[UNCERTAIN],
                               i=n[INELIGIBLE]) + sep
                            + tr("results.shown", lang, n=self._drawn, m=len(report.results)))

    def draw_more(self) -> None:
        """The button's action: the next CARDS_AT_ONCE cards, the view where it was, and the
        focus on the first new card, so that the keyboard goes on through them in order."""
        keep = self.scroll.verticalScrollBar().value()
        if self._more is not None and self._more.hasFocus():
            # as in render: a hidden focused button hands the focus down the page
            self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)
        new = self._add_cards(CARDS_AT_ONCE)
        self._want = self._drawn
        self._show_counts()
        self._keep_scroll(keep)
        self._chain_tab_order()
        target = new[0].findChild(QPushButton) if new else None
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def _keep_scroll(self, value: int) -> None:
        """Scroll back to `value` now: the new cards are shown and the page given its new
        height at once, not at the next turn of the event loop, so the bar has its range."""
        for i in range(self.cards.count()):
            widget = self.cards.itemAt(i).widget()
            if widget is not None:
                widget.show()
        self.cards.activate()
        width = self.inner.width()
        height = self.inner.heightForWidth(width)
        self.inner.resize(width, max(height, self.scroll.viewport().height()))
        self.scroll.verticalScrollBar().setValue(value)

    def show_totals(self) -> None:
        """The totals line: the core's sums, and what the firm asks for in all."""
        from desktop_app.core.application import blank_means, claim

        report, lang = self.report, self.win.lang
        if report is None:
            return
        t = report.totals
        # nothing to claim is said so, not "at most 0 yuan"
        eligible = any(r.verdict == ELIGIBLE for r in report.results)
        parts = [tr("results.totals", lang, eligible=format_yuan(t.eligible_total_yuan))
                 if eligible else tr("results.totals_none", lang)]
        parts += self._new_firm_parts(report, ELIGIBLE)
        # A bound the text gives with no share (第九条-3 按项目投资一定比例) is the base at
        # 100 %: said beside the total it swells (the draft says it under its table)
        on_share = [r.item_id for r in report.results if r.verdict == ELIGIBLE
                    and r.counted_in_total and r.max_amount_yuan
                    and blank_means(r, self.db) == "share"]
        if on_share:
            sep = "、" if lang == "zh" else ", "
            parts.append(tr("results.share_note", lang, items=sep.join(
                item_article(self.db, i, lang) for i in on_share)))
        n_unbounded = len(t.unbounded_begun())  # those not begun: results.not_started
        if t.uncertain_total_yuan:
            unbounded = tr("results.unbounded", lang, n=n_unbounded) if n_unbounded else ""
            parts.append(tr("results.totals_uncertain", lang, unbounded=unbounded,
                            uncertain=format_yuan(t.uncertain_total_yuan)))
            parts += self._new_firm_parts(report, UNCERTAIN)
        elif n_unbounded:
            parts.append(tr("results.unbounded_only", lang, n=n_unbounded))
        if report.stacking:  # only where a same-project group is in play: a Dongcheng
            # firm's total was said to follow Mentougou's 从优、从高、不重复, which
            # Dongcheng's text does not hold
            parts.append(tr("results.totals_note", lang))
        for item_id, higher, best in open_better(report):  # (the totals count `best`)
            parts.append(tr("results.open_better", lang, item=item_article(self.db, item_id,
                                                                          lang),
                            higher=format_yuan(higher), best=format_yuan(best)))
        if t.not_started_items:
            parts.append(tr("results.not_started", lang, n=len(t.not_started_items)))
        if t.eligible_total_if_separate_yuan != t.eligible_total_yuan:
            parts.append(tr("results.if_separate", lang,
                            amount=format_yuan(t.eligible_total_if_separate_yuan)))
        requested = claim(report, self.win.application, db=self.db).total_requested_yuan
        if requested != t.eligible_total_yuan:
            parts.append(tr("claim.total", lang, amount=format_yuan(requested)))
        self.totals.setText(" ".join(parts))

    def _new_firm_parts(self, report: Report, verdict: str) -> list[str]:
        """What of a total another firm receives (as `assess --format text` says it)."""
        lang = self.win.lang
        return [tr("results.new_firm_part", lang, item=item_article(self.db, r.item_id, lang),
                   amount=format_yuan(r.max_amount_yuan))
                for r in report.to_new_subsidiary(verdict)]

    def _notes_box(self, report: Report, lang: str) -> QWidget:
        box = QFrame()
        box.setObjectName("notes")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(box)
        parts = []
        if report.stacking:
            head = tr("results.stacking", lang)
            lines = [notes_by_article(s.note if lang == "zh" else s.note_en, self.db,
                                      s.items[0], lambda i: item_article(self.db, i, lang))
                     for s in report.stacking]
            parts.append((head, lines, "stacking_notes"))
        for policy_id, lines in report.policy_wide_reasons(lang).items():
            head = tr("results.shared_head", lang, policy=self.db.policy_label(policy_id, lang))
            parts.append((head, lines, f"shared:{policy_id}"))
        notes = report.notes if lang == "zh" else report.notes_en
        parts.append((tr("results.notes", lang), notes, "report_notes"))
        for head, lines, name in parts:
            title = QLabel(head)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            lay.addWidget(title)
            label = ResultCard._lines(name, lines)
            lay.addWidget(label)
        return box

    def card(self, item_id: str) -> ResultCard | None:
        return self.inner.findChild(ResultCard, f"result:{item_id}")

    def show_clause(self, result: ItemResult) -> None:
        clause_dialog(self.db, result, self.win.lang, self).exec()

    # --- export ----------------------------------------------------------------------
    def start_export(self, fmt: str) -> None:
        lang = self.win.lang
        if self.report is None:
            return
        from desktop_app.core.application import has_claims
        from desktop_app.export import suggested_filename

        # named as the export is titled: an application draft, or a record of the check
        name = suggested_filename(self.win.answers, self.report.as_of, fmt, lang,
                                  record=not has_claims(self.report))
        folder = Path(self.win.last_folder or Path.home())
        path, _ = QFileDialog.getSaveFileName(self, tr("export.dialog", lang),
                                              str(folder / name),
                                              tr(f"export.filter_{fmt}", lang))
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        self.win.last_folder = str(Path(path).parent)
        try:
            from desktop_app.export import ExportError, export_report
        except ImportError:
            QMessageBox.warning(self, tr("export.failed", lang), tr("export.unavailable", lang))
            return
        worker = ExportWorker(export_report, ExportError,
                              (self.report, self.db, dict(self.win.answers), path), lang,
                              {"application": self.win.application})
        worker.signals.done.connect(self._export_done)
        worker.signals.failed.connect(self._export_failed)
        self._worker = worker
        self._set_busy(True)
        QThreadPool.globalInstance().start(worker)

    def is_exporting(self) -> bool:
        return self._worker is not None

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for b in self.export_buttons.values():
            b.setEnabled(not busy)
        self.win.statusBar().showMessage(tr("export.busy", self.win.lang) if busy else "")

    def _export_done(self, path: str) -> None:
        self._worker = None
        self._set_busy(False)
        self.win.exported(path)
        lang = self.win.lang
        from desktop_app.gui.ask import Button, ask

        answer = ask(self, tr("export.done", lang), tr("export.open", lang, path=path),
                     [(Button.Yes, tr("export.open_file", lang)),
                      (Button.Open, tr("export.open_folder", lang)),
                      (Button.Close, tr("btn.close", lang))],
                     default=Button.Yes, escape=Button.Close)
        if answer == Button.Yes:
            self.open_file(path)
        elif answer == Button.Open:
            self.open_folder(path)

    def open_file(self, path: str) -> bool:
        """Open an exported file; when the system cannot, say so and show its folder."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            return True
        lang = self.win.lang
        folder = str(Path(path).parent)
        QMessageBox.warning(self, tr("export.no_open", lang),
                            tr("export.no_open_text", lang, kind=Path(path).suffix.lstrip(".")
                               .upper(), folder=folder))
        self.open_folder(path)
        return False

    def open_folder(self, path: str) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))

    def _export_failed(self, message: str) -> None:
        self._worker = None
        self._set_busy(False)
        QMessageBox.critical(self, tr("export.failed", self.win.lang), message)

    def retranslate(self, lang: str) -> None:
        self.title_label.setText(tr("results.title", lang))
        self.sort_label.setText(tr("results.sort", lang))
        for i, key in enumerate(("verdict", "clause", "amount")):
            self.sort.setItemText(i, tr(f"results.sort_{key}", lang))
        self.policy_label.setText(tr("results.policy", lang))
        for box, key in ((self.sort, "results.sort"), (self.policy, "results.policy")):
            box.setAccessibleName(re.sub(r"\(&.\)|&|[：:]$", "", tr(key, lang)).rstrip("：:"))
        self.policy.setItemText(0, tr("results.policy_all", lang))
        for i, pid in enumerate(self.db.policies, start=1):
            self.policy.setItemText(i, self.db.policy_label(pid, lang))
        # A policy named by its title (two of one district) must not push the row past the
        # page at 150 %: the box stops at some 24 Chinese characters, its list shows all.
        chars = self.policy.fontMetrics().averageCharWidth()
        self.policy.setMaximumWidth(48 * chars)
        view = self.policy.view()
        view.setMinimumWidth(min(view.sizeHintForColumn(0) + 4 * chars, 120 * chars))
        self.hide_ineligible.setText(tr("results.hide_ineligible", lang))
        self._label_export()
        for fmt, b in self.export_buttons.items():
            b.setText(tr(f"export.{fmt}", lang))
        self.win.wizard.setButtonText(QWizard.WizardButton.CustomButton1, tr("btn.new", lang))
        self.render()
