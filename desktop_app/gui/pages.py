"""The wizard's pages: welcome, one page per topic of questions, and the review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.clausedb import ClauseDB, Fact, Topic
from desktop_app.core.facts import format_yuan
from desktop_app.core.topics import topics_in_use
from desktop_app.gui.strings import UI, tr

if TYPE_CHECKING:
    from desktop_app.gui.fields import Question
    from desktop_app.gui.host import Host


# PySide6 makes its `Qt` namespace (some 90 enum types, about 10 ms) the first time
# anything names it. What the first window shows sets its Qt enum properties by
# value through Qt's property system instead, so that the start does not wait for
# it; the values are Qt's own (qnamespace.h), the effect the same as the setters'.
NO_FOCUS = 0  # Qt.FocusPolicy.NoFocus
STRONG_FOCUS = 0xB  # Qt.FocusPolicy.StrongFocus
SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff
RICH_TEXT = 1  # Qt.TextFormat.RichText
ALIGN_TOP_LEFT = 0x21  # Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
SELECTABLE_BY_MOUSE = 1  # Qt.TextInteractionFlag.TextSelectableByMouse


def set_properties(widget: QWidget, **values: int) -> None:
    """widget.setProperty(name, value) for each; fails loudly on a name Qt does not know."""
    for name, value in values.items():
        if not widget.setProperty(name, value):
            raise AttributeError(f"{type(widget).__name__} has no property {name!r}")


def escape(text: str) -> str:
    """html.escape without importing `html` (and its large entity table) at start-up."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def heading(point_delta: int = 5) -> QLabel:
    label = QLabel()
    label.setObjectName("heading")
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() + point_delta)
    font.setBold(True)
    label.setFont(font)
    return label


def scrolled(inner: QWidget, focus: bool = False) -> QScrollArea:
    """A scroll area for a long page; it scrolls to the field that takes the focus, so it
    needs no tab stop of its own unless the page holds nothing focusable (`focus`)."""
    area = QScrollArea()
    if not focus:
        set_properties(area, focusPolicy=NO_FOCUS)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if focus:
        # its tab stop seen: without a frame a keyboard user's Tab seemed to go nowhere
        area.setStyleSheet("QScrollArea { border: 2px solid transparent; }"
                           " QScrollArea:focus { border: 2px solid palette(highlight); }")
    area.setWidget(inner)
    set_properties(area, horizontalScrollBarPolicy=SCROLL_BAR_ALWAYS_OFF)
    return area


class BasePage(QWizardPage):
    def __init__(self, win: Host):
        super().__init__()
        self.win = win
        self.db: ClauseDB = win.db
        self.title_label = heading()
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setObjectName("subtitle")
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(4, 0, 4, 0)
        self.outer.addWidget(self.title_label)
        self.outer.addWidget(self.subtitle)

    def retranslate(self, lang: str) -> None:
        raise NotImplementedError

    def first_focus(self) -> QWidget | None:
        """The field the focus goes to when the page opens."""
        return None


class WelcomePage(BasePage):
    def __init__(self, win: Host):
        super().__init__(win)
        self.setObjectName("page:welcome")
        self.body = QLabel()
        self.body.setObjectName("body")
        self.body.setWordWrap(True)
        set_properties(self.body, textFormat=RICH_TEXT, alignment=ALIGN_TOP_LEFT,
                       textInteractionFlags=SELECTABLE_BY_MOUSE)
        inner = QWidget()
        self._lay = lay = QVBoxLayout(inner)
        lay.setContentsMargins(0, 0, 8, 0)
        lay.addWidget(self.body)
        lay.addStretch(1)
        self.area = scrolled(inner, focus=True)
        self.outer.addWidget(self.area, 1)
        self.recent: QWidget | None = None  # the cases to go on with (show_recent)
        self._recent_paths: list[str] = []

    def first_focus(self) -> QWidget | None:
        return self.area

    def show_recent(self, paths: list[str]) -> None:
        """继续上次的自评: the cases last saved or opened, one link each, above the account
        of the tool (a returning firm found its case only under 文件 → 最近的自评). Made
        after the first paint; none, nothing."""
        self._recent_paths = paths
        if self.recent is not None:
            self.recent.hide()
            self.recent.setParent(None)
            self.recent.deleteLater()
            self.recent = None
        if not paths:
            return
        from pathlib import Path

        from desktop_app.gui.fields import LINK_STYLE, WrapButton, panel

        lang = self.win.lang
        box, lay = panel("recent", tr("welcome.recent", lang))
        for path in paths[:RECENT_SHOWN]:
            button = WrapButton(f"{Path(path).stem}　（{path}）" if lang == "zh"
                                else f"{Path(path).stem} ({path})")
            button.setObjectName("recent_case")
            button.setFlat(True)
            button.setAutoDefault(True)  # Enter on it opens it
            button.setStyleSheet(LINK_STYLE)
            button.setAccessibleName(tr("welcome.recent_open", lang, name=Path(path).stem))
            button.clicked.connect(lambda _=False, p=path: self.win._open_recent(p))
            lay.addWidget(button)
        self._lay.insertWidget(0, box)
        self.recent = box

    def retranslate(self, lang: str) -> None:
        db = self.db
        if self.recent is not None:  # its words in the new language
            self.show_recent(self._recent_paths)
        self.title_label.setText(tr("welcome.title", lang))
        self.subtitle.setText(tr("welcome.subtitle", lang))
        policies = "".join(f"<li>{escape(line)}</li>" for line in policy_lines(db, lang))
        drafts = sum(_draft_only(p) for p in db.policies.values())
        draft = "" if not drafts else "<p><b>{}</b></p>".format(escape(
            tr("welcome.draft_all", lang) if drafts == len(db.policies)
            else tr("welcome.draft_some", lang, n=drafts)))
        warnings = [db.msg("app.no_third_party", lang)]
        for p in db.policies.values():
            text = p.third_party_warning if lang == "zh" else p.third_party_warning_en
            if text:
                bureau = p.bureau if lang == "zh" else p.bureau_en
                warnings.append(f"{bureau}：{text}" if lang == "zh" else f"{bureau}: {text}")
        warn = "".join(f"<p>{escape(w)}</p>" for w in warnings)
        self.body.setText(
            f"<p><b>{escape(tr('welcome.does', lang))}</b> {escape(tr('welcome.does_list', lang))}"
            f"</p><p><b>{escape(tr('welcome.doesnt', lang))}</b> "
            f"{escape(tr('welcome.doesnt_list', lang))}</p>"
            f"<p><b>{escape(tr('welcome.policies', lang))}</b></p><ul>{policies}</ul>"
            f"{draft}"
            f"<p>{escape(tr('welcome.offline', lang))}</p>"
            f"<p><b>{escape(tr('welcome.third_party', lang))}</b></p>"
            f"<div style='color:#8a3b00'>{warn}</div>"
            f"<p>{escape(tr('welcome.start', lang))}</p>")


RECENT_SHOWN = 3  # cases the welcome offers to go on with
POLICIES_LISTED = 12  # more (a large pack): the welcome counts them by district
DRAFT = "征求意见稿"  # a policy's status as the clause base states it (as core/assess.py)


def policy_lines(db: ClauseDB, lang: str) -> list[str]:
    """The welcome's list of policies: each title with its status, or, for a clause base
    of more than POLICIES_LISTED, a count by district (150 titles made the first window
    take 90 ms more to lay out and paint, and a list nobody reads)."""
    policies = list(db.policies.values())
    if len(policies) > POLICIES_LISTED:
        return _by_district(db, policies, lang)
    lines = []
    for p in policies:
        title = p.title if lang == "zh" else p.title_en
        status = p.status if lang == "zh" else p.status_en
        if status.lower() not in title.lower():
            title += f"（{status}）" if lang == "zh" else f" ({status})"
        issued = _issued(p)
        if issued is not None:  # a pack's final edition: "（征求意见稿）" alone read as if none
            label = issued.get("label" if lang == "zh" else "label_en") or issued.get("label")
            since = issued.get("valid_from")
            title += (f"；{label}{f' {since} 起施行' if since else ''}" if lang == "zh"
                      else f"; {label}{f' in force from {since}' if since else ''}")
        lines.append(title)
    return lines


def _issued(p: Any) -> dict[str, Any] | None:
    """A policy's last edition that is not a draft (a final text, an amendment), if its
    editions hold one. Read from the record: the editions module, with the evaluator, loads
    after the first paint (tests/test_gui_startup.py)."""
    return next((e for e in reversed(p.editions or []) if e.get("status") != "draft"), None)


def _draft_only(p: Any) -> bool:
    """A draft with no issued edition yet: the welcome's caveat is for these."""
    return p.status == DRAFT and _issued(p) is None


def _by_district(db: ClauseDB, policies: list, lang: str) -> list[str]:
    counts: dict[str, int] = {}  # district -> policies, first seen first
    for p in policies:
        counts[p.district] = counts.get(p.district, 0) + 1
    district = db.facts.get("company.district")
    names = [tr("welcome.district_count", lang, n=n,
                district=district.option_label(name, lang) if district else name)
             for name, n in counts.items()]
    drafts = sum(_draft_only(p) for p in policies)
    return [tr("welcome.by_district", lang, n=len(policies),
               drafts=tr("welcome.drafts", lang, n=drafts) if drafts else "",
               districts=("、" if lang == "zh" else ", ").join(names))]


class TopicPage(BasePage):
    """The questions of one topic, generated from the facts; irrelevant ones hidden.

    The questions are made on the page's first visit (or when the window first needs
    one of them, `MainWindow.question`): until then the page holds only its title."""

    def __init__(self, win: Host, topic: Topic):
        super().__init__(win)
        self.topic = topic
        self.setObjectName(f"page:{topic.topic_id}")
        self.questions: dict[str, Question] = {}
        self.built = False

    def build(self) -> None:
        """Make the questions, showing the window's answers and what is relevant now."""
        if self.built:
            return
        self.built = True
        from desktop_app.gui.fields import make_question, tint

        win, lang = self.win, self.win.lang
        inner = QWidget()
        inner.setObjectName("questions")
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(0, 4, 12, 4)
        for fact in self.db.facts.values():
            if fact.topic != self.topic.topic_id:
                continue
            q = make_question(fact, self.db, lang, inner)
            value = win.shown_value(fact.fact_id)
            if value is not None:
                q.load(value)
            elif fact.fact_id in win.unsure:
                q.load_unsure()
            q.changed.connect(self._changed)
            q.glossary_requested.connect(win.show_glossary)
            lay.addWidget(q)
            self.questions[fact.fact_id] = q
        self.nothing = QLabel()
        self.nothing.setObjectName("nothing")
        self.nothing.setWordWrap(True)
        tint(self.nothing, "help")
        self.nothing.hide()
        lay.addWidget(self.nothing)
        lay.addStretch(1)
        self.scroll = scrolled(inner)
        self.outer.addWidget(self.scroll, 1)
        self.block = QLabel()
        self.block.setObjectName("block")
        tint(self.block, "error")
        self.block.hide()
        self.outer.addWidget(self.block)
        self._retranslate_body(lang)
        self.set_relevant(win.relevant)

    def _changed(self, fact_id: str) -> None:
        self.win.question_changed(self.questions[fact_id])
        self._update_block()
        self._complete_changed()

    def shown_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.isHidden()]

    def set_relevant(self, relevant: set[str]) -> None:
        if not self.built:
            return
        for fact_id, q in self.questions.items():
            q.setVisible(fact_id in relevant)
        self.nothing.setVisible(not self.shown_questions())
        self._update_block()
        self._complete_changed()

    def _complete_changed(self) -> None:
        """completeChanged, the focus left where it was. QWizard hides its page area while
        it updates its buttons, and Qt hands the focus of a hidden widget to the next one
        outside it (the step list): typing a firm's name lost the focus after its first
        character."""
        focused = QApplication.focusWidget()
        self.completeChanged.emit()
        if (focused is not None and QApplication.focusWidget() is not focused
                and focused.isVisible() and focused.isEnabled()):
            focused.setFocus()

    def _update_block(self) -> None:
        if self.built:
            self.block.setVisible(not self.isComplete())

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return all(q.is_valid() for q in self.shown_questions())

    def validatePage(self) -> bool:  # noqa: N802
        return self.isComplete()

    def initializePage(self) -> None:  # noqa: N802
        self.build()
        self.subtitle.setText(self._subtitle_text(self.win.lang))
        target = self.first_focus()
        if target is not None:
            target.setFocus()

    def first_focus(self) -> QWidget | None:
        shown = self.shown_questions()
        return shown[0].focus_target() if shown else None

    def retranslate(self, lang: str) -> None:
        self.title_label.setText(self.topic.zh if lang == "zh" else self.topic.en)
        self.subtitle.setText(self._subtitle_text(lang))
        if self.built:
            self._retranslate_body(lang)

    def _subtitle_text(self, lang: str) -> str:
        """The page's subtitle, with the note some topics give a firm of another district
        (strings: topic.note.<topic>): a Mentougou firm asked Dongcheng's 第四条 without a
        word of why took it for the wrong district's page."""
        text = tr("topic.subtitle", lang)
        note = f"topic.note.{self.topic.topic_id}"
        district = self.win.answers.get("company.district")
        if note not in UI or not district:
            return text
        # the districts whose measures read this page's questions
        db = self.db
        readers = {db.policies[db.item_by_id[i].policy_id].district
                   for f in db.facts.values() if f.topic == self.topic.topic_id
                   for i in f.used_by if i in db.item_by_id}
        return tr(note, lang) + "\n" + text if district not in readers else text

    def _retranslate_body(self, lang: str) -> None:
        self.nothing.setText(tr("topic.nothing", lang))
        self.block.setText(tr("err.block", lang))
        for q in self.questions.values():
            q.retranslate(lang)


def display_value(fact: Fact, value: Any, lang: str, db: ClauseDB) -> str:
    """An answer as the review page shows it."""
    if value is None:
        return tr("review.unanswered", lang)
    if fact.type == "bool":
        return db.msg("value.true" if value else "value.false", lang)
    if fact.type == "enum":
        return fact.option_label(value, lang)
    if fact.type == "money":
        return f"{format_yuan(value)} {db.msg('unit.yuan', lang)}"
    return str(value)


class ReviewPage(BasePage):
    """Every answer, grouped by topic, with a button back to each topic's page."""

    def __init__(self, win: Host):
        super().__init__(win)
        self.setObjectName("page:review")
        self.inner = QWidget()
        self.inner.setObjectName("review")
        self.grid = QVBoxLayout(self.inner)
        self.grid.setContentsMargins(0, 4, 12, 4)
        self.outer.addWidget(scrolled(self.inner), 1)

    def initializePage(self) -> None:  # noqa: N802
        self.rebuild()

    def first_focus(self) -> QWidget | None:
        """The first link of the questions that matter most, else the first 修改."""
        return self.inner.findChild(QPushButton)

    def rebuild(self) -> None:
        from desktop_app.gui.fields import tint

        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        lang, db, answers = self.win.lang, self.db, self.win.answers
        relevant = self.win.relevant

        from desktop_app.core.assess import assess_facts
        from desktop_app.gui.priority_box import priority_box

        box = priority_box(self.win, assess_facts(dict(answers), db,
                                                  self.win.assessment_date()))
        if box is not None:
            self.grid.addWidget(box)
        for topic in topics_in_use(db):
            facts = [f for f in db.facts.values() if f.topic == topic.topic_id]
            shown = [f for f in facts if f.fact_id in relevant or f.fact_id in answers]
            box = QFrame()
            box.setObjectName(f"review:{topic.topic_id}")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            lay = QGridLayout(box)
            head = QLabel(topic.zh if lang == "zh" else topic.en)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            top = QHBoxLayout()
            top.addWidget(head, 1)
            button = QPushButton(tr("btn.change", lang))
            button.setObjectName(f"change:{topic.topic_id}")
            button.setAutoDefault(True)  # Enter on it, focused, changes; else Enter = Next
            page_id = self.win.topic_page_id(topic.topic_id)
            button.clicked.connect(lambda _=False, p=page_id: self.win.change_topic(p))
            button.setAccessibleName(f"{tr('btn.change', lang)} {head.text()}")
            top.addWidget(button)
            lay.addLayout(top, 0, 0, 1, 2)
            row = 1
            if not any(f.fact_id in relevant for f in facts):
                note = QLabel(tr("review.skipped", lang))
                tint(note, "help")
                lay.addWidget(note, row, 0, 1, 2)
                row += 1
            for fact in shown:
                name = QLabel(fact.label(lang))
                name.setWordWrap(True)
                typed = self.win.invalid_values.get(fact.fact_id)
                # typed and not accepted: "（未填写）" hid it (kept with the case, shown with
                # its message on its page)
                refused = fact.fact_id not in answers and typed not in (None, "")
                if fact.fact_id in self.win.unsure:
                    text = tr("bool.unsure", lang)
                elif refused:
                    text = tr("review.unaccepted", lang, text=str(typed))
                else:
                    text = display_value(fact, answers.get(fact.fact_id), lang, db)
                value = QLabel(text)
                value.setObjectName(f"value:{fact.fact_id}")
                value.setWordWrap(True)
                set_properties(value, textInteractionFlags=SELECTABLE_BY_MOUSE)
                if refused:
                    tint(value, "error")
                elif fact.fact_id not in relevant or fact.fact_id not in answers:
                    tint(value, "help")
                lay.addWidget(name, row, 0)
                lay.addWidget(value, row, 1)
                row += 1
            lay.setColumnStretch(0, 3)
            lay.setColumnStretch(1, 2)
            self.grid.addWidget(box)
        self.grid.addStretch(1)

    def retranslate(self, lang: str) -> None:
        self.title_label.setText(tr("review.title", lang))
        self.subtitle.setText(tr("review.subtitle", lang))
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.rebuild()
