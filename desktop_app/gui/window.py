"""The main window: menus, the step list and the wizard; answers, autosave and files.

Start-up matters here (benchmarks/bench_bundle.py, tests/test_gui_startup.py): what only
a later page, a dialog or a menu command needs is imported where it is used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop_app.core.case_file import AS_OF_KEY, meta_as_of, now_stamp, read_case, write_case
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.facts import ProfileError, check_value, short_value
from desktop_app.core.topics import topics_in_use, topics_of
from desktop_app.gui import prefs, session
from desktop_app.gui.pages import (
    STRONG_FOCUS,
    ReviewPage,
    TopicPage,
    WelcomePage,
    set_properties,
)
from desktop_app.gui.qtlang import install_qt_translation
from desktop_app.gui.strings import tr

if TYPE_CHECKING:  # the results page (and its imports) is built on the way to it
    from datetime import date

    from desktop_app.gui.fields import Question
    from desktop_app.gui.results import ResultsPage

AUTOSAVE_DELAY_MS = 300
RELEVANCE_DELAY_MS = 50  # after the window's first paint, the first relevance pass
MAX_PROBLEMS_SHOWN = 15
UNSURE_KEY = "unsure"  # in a case's meta: the yes/no questions answered 不确定
LINE_TYPES = ("money", "year", "count", "decimal", "text")
UNACCEPTED_KEY = session.UNACCEPTED_KEY
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole (see pages.set_properties)
ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole
CASE_SUFFIX = ".pscase"  # JSON, as `policy-selfcheck assess` reads it; the installer
# associates the extension with the application


class Wizard(QWizard):
    """The wizard, embedded in the main window; it never closes itself."""

    def __init__(self, win: MainWindow):
        super().__init__(win)
        self.win = win
        self.setObjectName("wizard")
        # Embedded: the layout that takes it makes it a child widget (QWidget.setParent
        # with one argument clears a dialog's window type), no setWindowFlags needed.
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        W = QWizard.WizardButton
        self.setButtonLayout([W.Stretch, W.BackButton, W.NextButton])
        self.customButtonClicked.connect(self._custom)
        # Back is the step before in the step list, not QWizard's history: a case opened
        # at its review page (or a jump from the step list) would go back to 开始.
        back = self.button(W.BackButton)
        back.clicked.disconnect()
        back.clicked.connect(lambda _=False: self.win.go_back())

    def _custom(self, which: int) -> None:
        which = getattr(which, "value", which)
        if which == QWizard.WizardButton.CustomButton1.value:
            self.win.new_assessment()
        elif which == QWizard.WizardButton.CustomButton2.value:
            self.win.return_from_change()

    def nextId(self) -> int:  # noqa: N802 (Qt's name)
        return self.win.next_page_id(self.currentId())

    def reject(self) -> None:  # Escape must not hide the embedded wizard
        pass

    def accept(self) -> None:
        pass


class MainWindow(QMainWindow):
    def __init__(self, db: ClauseDB, lang: str = "zh", interactive: bool = True):
        super().__init__()
        self.setObjectName("main")
        self.db, self.lang, self.interactive = db, lang, interactive
        install_qt_translation(lang)  # Qt's own buttons and menus in the app's language
        self.answers: dict[str, Any] = {}
        self.unsure: set[str] = set()  # yes/no questions answered 不确定 (see question_changed)
        # values from a file that did not pass the checks, for pages not built yet
        self.invalid_values: dict[str, Any] = {}
        self.case_path: str | None = None
        self.case_meta: dict[str, Any] = {}
        # the assessment date the user set (编辑 → 评估日期…), kept with the case; None:
        # today, as the command line's --as-of defaults
        self.as_of: date | None = None
        # the firm's requested amounts and 项目情况说明 (core/application.py): the opened
        # case's entries, edited on the results page, autosaved and written back on save;
        # made when first needed: the first window does without it
        self._application = None
        # this window's autosave, its lock held while the window lives (made when first
        # needed: a window that is never edited leaves nothing behind)
        self.session: session.Session | None = None
        self.dirty = False
        self._last_folder: str | None = prefs.last_folder() if interactive else None
        self._jump: int | None = None
        # the review or results page a 修改 / question link came from: one action goes back
        self.return_to: int | None = None
        # Which facts and topics still matter (core/relevance.py): worked out when first
        # needed, and at the latest just after the window is painted (RELEVANCE_DELAY_MS):
        # the pass reads every item, which the first window otherwise does without.
        self._relevant: set[str] | None = None
        self._relevant_topic_ids: list[str] | None = None
        self._provisional = False
        self._painted = False  # the first paint starts the relevance pass (paintEvent)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)

        self.wizard = Wizard(self)
        self.welcome = WelcomePage(self)
        self.wizard.setPage(0, self.welcome)
        # Topic pages get their questions on first visit (TopicPage.build); the results
        # page is made on the way to it (ensure_page): the window shows up sooner.
        self.topic_pages: dict[int, TopicPage] = {}
        self.fact_page: dict[str, int] = {}
        page_of_topic: dict[str, int] = {}
        topics = topics_in_use(db)  # no page for a topic whose facts no item reads
        for i, topic in enumerate(topics, start=1):
            page = TopicPage(self, topic)
            self.topic_pages[i] = page
            page_of_topic[topic.topic_id] = i
            self.wizard.setPage(i, page)
        for fact in db.facts.values():
            if fact.topic in page_of_topic:
                self.fact_page[fact.fact_id] = page_of_topic[fact.topic]
        self.review_id = len(topics) + 1
        self.results_id = self.review_id + 1
        self.review = ReviewPage(self)
        self.wizard.setPage(self.review_id, self.review)
        self._results: ResultsPage | None = None
        self.wizard.setStartId(0)
        self.wizard.currentIdChanged.connect(self._page_changed)

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        # Reachable by Tab; arrows move, Enter or Space goes to the step (itemActivated).
        set_properties(self.steps, focusPolicy=STRONG_FOCUS)
        self.steps.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps.itemClicked.connect(self._step_clicked)
        self.steps.itemActivated.connect(self._step_clicked)
        self.steps.setWordWrap(True)
        for _ in range(self.results_id + 1):
            self.steps.addItem(QListWidgetItem())
        self.steps_title = QLabel()
        self.steps_title.setObjectName("steps_title")
        side = QWidget()
        side.setObjectName("side")
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(6, 8, 0, 6)
        side_lay.addWidget(self.steps_title)
        side_lay.addWidget(self.steps, 1)
        self.side = side

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(side)
        lay.addWidget(self.wizard, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.retranslate()
        # restart asks for the next page only to label its buttons (there is always one
        # after the welcome page): that must not work out relevance before the first paint
        self._provisional = True
        self.wizard.restart()
        self._provisional = False
        self._initial_size()

    @property
    def application(self):
        """The draft application's entries (desktop_app.core.application.Application)."""
        if self._application is None:
            from desktop_app.core.application import Application

            self._application = Application()
        return self._application

    def set_application(self, data: Any) -> str | None:
        """Load the case file's application object; the problem, if it is malformed."""
        from desktop_app.core.application import Application, ApplicationError

        try:
            self._application = Application.from_json(data)
        except ApplicationError as exc:
            self._application = Application()
            return exc.zh if self.lang == "zh" else exc.en
        return None

    def application_json(self) -> dict[str, Any] | None:
        return self._application.to_json() if self._application is not None else None

    def assessment_date(self) -> date:
        """The date the answers are assessed on: the one set, else today."""
        from datetime import date  # (not before the first paint: tests/test_gui_startup.py)

        return self.as_of or date.today()

    def choose_as_of(self) -> None:
        """编辑 → 评估日期…: assess on another date (a final edition in force from next year,
        a claim made for last year's round); kept with the case, said on the results page."""
        from datetime import date

        from desktop_app.gui.dialogs import ask_date

        chosen = ask_date(self, self.lang, self.assessment_date())
        if chosen is None:
            return
        chosen_as_of = None if chosen == date.today() else chosen
        if chosen_as_of == self.as_of:
            return
        self.as_of = chosen_as_of
        self.refresh_relevance()
        self.changed()

    def changed(self, reassess: bool = True) -> None:
        """An edit outside the question pages (results page): mark, autosave, re-assess."""
        self.dirty = True
        self.autosave_timer.start()
        self.update_title()
        if reassess and self._results is not None:
            self._results.reassess()

    @property
    def last_folder(self) -> str | None:
        """The folder last opened, saved or exported to; remembered across restarts."""
        return self._last_folder

    @last_folder.setter
    def last_folder(self, folder: str | None) -> None:
        self._last_folder = folder
        if folder and self.interactive:
            try:
                prefs.set_last_folder(folder)
            except OSError:
                pass

    # --- layout and words -----------------------------------------------------------
    def _initial_size(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1040, 740
        if screen is not None:
            width = min(width, int(screen.width() * 0.95))
            height = min(height, int(screen.height() * 0.92))
        self.resize(width, height)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.act_new = self._action(self.file_menu, QKeySequence.StandardKey.New,
                                    self.new_assessment)
        self.act_open = self._action(self.file_menu, QKeySequence.StandardKey.Open,
                                     self.open_dialog)
        self.act_save = self._action(self.file_menu, QKeySequence.StandardKey.Save, self.save)
        self.act_save_as = self._action(self.file_menu, QKeySequence.StandardKey.SaveAs,
                                        self.save_as)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_firms = self._action(self.file_menu, None, self.show_firms)  # many firms
        self.act_restore = self._action(self.file_menu, None, self.restore_discarded)
        self.file_menu.addSeparator()
        self.act_quit = self._action(self.file_menu, QKeySequence.StandardKey.Quit, self.close)
        self.edit_menu = bar.addMenu("")
        self.act_undo = self._action(self.edit_menu, QKeySequence.StandardKey.Undo,
                                     lambda: self._line_edit_call("undo"))
        self.act_redo = self._action(self.edit_menu, QKeySequence.StandardKey.Redo,
                                     lambda: self._line_edit_call("redo"))
        self.edit_menu.addSeparator()
        self.act_as_of = self._action(self.edit_menu, None, self.choose_as_of)
        self.lang_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.lang_actions = {}
        for code, name in (("zh", "中文"), ("en", "English")):
            act = QAction(name, self, checkable=True)
            act.setObjectName(f"lang:{code}")
            act.setChecked(code == self.lang)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[code] = act
        self.help_menu = bar.addMenu("")
        self.act_glossary = self._action(self.help_menu, None, lambda: self.show_glossary(None))
        from desktop_app.gui.pack_menu import add_menu  # 帮助 → 条款库 → 导入更新包…

        self.act_import_pack = add_menu(self, self.help_menu)
        self.act_about = self._action(self.help_menu, None, self.about)

    def _action(self, menu, shortcut, slot) -> QAction:
        act = QAction(self)
        if shortcut is not None:
            act.setShortcuts(shortcut)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def retranslate(self) -> None:
        lang = self.lang
        for menu, key in ((self.file_menu, "menu.file"), (self.edit_menu, "menu.edit"),
                          (self.lang_menu, "menu.language"), (self.help_menu, "menu.help"),
                          (self.recent_menu, "menu.recent")):
            menu.setTitle(tr(key, lang))
        for act, key in ((self.act_new, "menu.new"), (self.act_open, "menu.open"),
                         (self.act_save, "menu.save"), (self.act_save_as, "menu.save_as"),
                         (self.act_quit, "menu.quit"), (self.act_undo, "menu.undo"),
                         (self.act_restore, "menu.restore"),
                         (self.act_redo, "menu.redo"), (self.act_glossary, "menu.glossary"),
                         (self.act_about, "menu.about"), (self.act_firms, "menu.firms"),
                         (self.act_as_of, "menu.as_of")):
            act.setText(tr(key, lang))
        from desktop_app.gui.pack_menu import retitle

        retitle(self)
        W = QWizard.WizardButton
        self.wizard.setButtonText(W.NextButton, tr("btn.next", lang))
        self.wizard.setButtonText(W.BackButton, tr("btn.back", lang))
        self.steps_title.setText(tr("steps.title", lang))
        self.steps.setAccessibleName(tr("a11y.steps", lang))
        self._fit_side()
        pages = [self.welcome, *self.topic_pages.values(), self.review]
        if self._results is not None:
            pages.append(self._results)
        for page in pages:
            page.retranslate(lang)
        self._page_changed(self.wizard.currentId())  # the button row's words
        self.update_title()

    def _fit_side(self) -> None:
        """The step list wide enough for its longest title in this language (within reason:
        a longer one wraps)."""
        metrics = self.steps.fontMetrics()
        bold = QFont(self.steps.font())
        bold.setBold(True)
        # Wide enough for any step marked skipped: the width does not jump while answering.
        skipped = " " + tr("step.skipped", self.lang)
        widest = max(QFontMetrics(bold).horizontalAdvance(f"▶ {n + 1}. {self.step_title(n)}"
                                                          + (skipped if n in self.topic_pages
                                                             else ""))
                     for n in range(self.results_id + 1))
        low = metrics.horizontalAdvance("中" * 13) + 24
        natural = max(190, low, min(widest + 36, int(low * 1.6)))
        # On a narrow window at most a third of it (a quarter, at 150 % on 1366×768, wrapped
        # the titles marked 无需填写 and the longer English ones, unindented).
        room = max(190, low, self.width() // 3) if self.width() > 0 else natural
        self.side.setFixedWidth(min(natural, room))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_side()

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        install_qt_translation(lang)
        if self.interactive:
            prefs.set_language(lang)
        self.lang_actions[lang].setChecked(True)
        self.retranslate()

    def update_title(self) -> None:
        name = self.answers.get("company.name")
        if self.case_path:
            where = Path(self.case_path).name
        elif (self.case_meta or {}).get("library_case") is not None:
            where = tr("app.library_case", self.lang)  # kept in the library as typed
        else:
            where = tr("app.untitled", self.lang)
        parts = [p for p in (name, where) if p]
        self.setWindowTitle(f"{'*' if self.dirty else ''}{' · '.join(parts)} — "
                            f"{tr('app.title', self.lang)}")

    # --- navigation -----------------------------------------------------------------
    @property
    def results(self) -> ResultsPage:
        """The results page, made when first needed."""
        if self._results is None:
            from desktop_app.gui.results import ResultsPage

            page = self._results = ResultsPage(self)
            page.setFinalPage(True)
            page.retranslate(self.lang)
            self.wizard.setPage(self.results_id, page)
        return self._results

    def ensure_page(self, page_id: int) -> int:
        """Make sure the wizard holds the page `page_id` (the results page is made late)."""
        if page_id == self.results_id:
            self.results  # noqa: B018 (made on first use)
        return page_id

    def topic_page_id(self, topic_id: str) -> int:
        return next(i for i, p in self.topic_pages.items() if p.topic.topic_id == topic_id)

    def page_needed(self, page_id: int) -> bool:
        page = self.topic_pages.get(page_id)
        return page is None or page.topic.topic_id in self.relevant_topic_ids

    def _step_needed(self, page_id: int) -> bool:
        """As the step list shows it: until relevance is worked out (the moment after the
        window first shows, with nothing answered), every topic in use is needed, as
        relevance then finds too unless an item has expired."""
        return self._relevant_topic_ids is None or self.page_needed(page_id)

    def next_page_id(self, current: int) -> int:
        if self._jump is not None:
            return self.ensure_page(self._jump)
        if current >= self.results_id:
            return -1
        if current >= self.review_id:
            return self.ensure_page(self.results_id)
        needed = self._step_needed if self._provisional else self.page_needed
        for page_id in range(current + 1, self.review_id):
            if needed(page_id):
                return page_id
        return self.review_id

    def previous_page_id(self, current: int) -> int:
        """The step before `current` that the firm still needs (the welcome page at least)."""
        return next((p for p in range(current - 1, 0, -1) if self.page_needed(p)), 0)

    def go_back(self) -> None:
        current = self.wizard.currentId()
        if current > 0:
            self.goto_page(self.previous_page_id(current))

    def goto_page(self, page_id: int) -> None:
        """Go to a page: back along the way taken, or straight there."""
        wiz = self.wizard
        if page_id == wiz.currentId():
            return
        if page_id in wiz.visitedIds():
            while wiz.currentId() != page_id:
                wiz.back()
            return
        # The history stays in step order: QWizard refuses a Next to a page it holds, so a
        # jump back to a page not yet visited first leaves the visited pages after it.
        while wiz.currentId() > page_id and len(wiz.visitedIds()) > 1:
            wiz.back()
        self._jump = page_id
        try:
            wiz.next()
        finally:
            self._jump = None

    def goto_fact(self, fact_id: str) -> None:
        """Go to a question's page and put the focus in it; one action comes back here."""
        here = self.wizard.currentId()
        page_id = self.fact_page[fact_id]
        q = self.question(fact_id)
        self.goto_page(page_id)
        if here in (self.review_id, self.results_id):
            self.return_to = here
            self._page_changed(self.wizard.currentId())
        if not q.isHidden():
            self.topic_pages[page_id].scroll.ensureWidgetVisible(q)
            q.focus_target().setFocus()

    def change_topic(self, page_id: int) -> None:
        """The review page's 修改: that page, with a button straight back to the review."""
        self.goto_page(page_id)
        self.return_to = self.review_id
        self._page_changed(self.wizard.currentId())
        page = self.topic_pages.get(page_id)
        if page is not None and page.shown_questions():
            # at the top of the page, visibly: the page kept the scroll of its last visit,
            # its first field focused out of sight
            q = page.shown_questions()[0]
            page.scroll.ensureWidgetVisible(q)
            self._show_focus(q.focus_target())

    def return_from_change(self) -> None:
        target, self.return_to = self.return_to, None
        if target is not None:
            self.goto_page(self.ensure_page(target))
        self._page_changed(self.wizard.currentId())

    def _page_changed(self, page_id: int) -> None:
        W = QWizard.WizardButton
        if page_id in (self.review_id, self.results_id):
            self.return_to = None
        if page_id == self.results_id:  # the last page: no Next (nor Finish) at all
            self.wizard.setButtonLayout([W.CustomButton1, W.Stretch, W.BackButton])
        elif self.return_to is not None:
            key = "btn.return_review" if self.return_to == self.review_id else \
                "btn.return_results"
            self.wizard.setButtonText(W.CustomButton2, tr(key, self.lang))
            self.wizard.setButtonLayout([W.Stretch, W.CustomButton2, W.BackButton,
                                         W.NextButton])
        else:
            self.wizard.setButtonLayout([W.Stretch, W.BackButton, W.NextButton])
        # Enter on a field presses Next, never Back (an auto-default Back that was clicked
        # would otherwise become the default button).
        self.wizard.button(W.BackButton).setAutoDefault(False)
        self.wizard.button(W.CustomButton1).setAutoDefault(False)
        self.wizard.button(W.CustomButton2).setAutoDefault(False)
        next_button = self.wizard.button(W.NextButton)
        next_button.setDefault(page_id != self.results_id)
        self.update_steps()
        if self.dirty:  # the autosave remembers the page too: a resume comes back here
            self.autosave_timer.start()
        page = self.wizard.page(page_id)
        if page is not None and hasattr(page, "first_focus"):
            QTimer.singleShot(0, lambda p=page: self._focus_first(p))

    def _focus_first(self, page) -> None:
        """Focus, visibly, on the page's first field (after Qt has placed its own)."""
        if self.wizard.currentPage() is not page or self.return_to is not None and \
                page.isAncestorOf(self.focusWidget()):
            return
        target = page.first_focus()
        if target is None:
            return
        if page is self.welcome:  # the first window: Qt's `Qt` namespace is not built yet
            target.setFocus()
            return
        if isinstance(page, TopicPage):
            # a page left scrolled down at its last visit: its first field back in view
            # (not the results page: it opens at its top, the totals and 下一步, whatever
            # its first focus further down)
            page.scroll.ensureWidgetVisible(target)
        self._show_focus(target)

    @staticmethod
    def _show_focus(target: QWidget) -> None:
        """The focus on `target` as by Tab, so that its focus frame is drawn. Given again to
        a widget that has it, Qt sends no focus event and draws no frame: a topic page's
        first 是 had the focus (initializePage gave it) but showed nothing."""
        from PySide6.QtCore import Qt

        if target.hasFocus():
            target.clearFocus()
        target.setFocus(Qt.FocusReason.TabFocusReason)
        # Styles draw a radio button's focus frame only once the window has seen keyboard
        # focus changes, which a focus given by the program (a page opened by Alt+N) is not
        target.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)

    def _step_clicked(self, item: QListWidgetItem) -> None:
        """A step the firm needs goes there; a skipped one says why it is skipped."""
        page_id = self.steps.row(item)
        if not self.page_needed(page_id):
            why = tr("step.why_skipped", self.lang, step=self.step_title(page_id))
            self.statusBar().showMessage(why, 8000)
            return
        page = self.wizard.currentPage()
        if page is not None and not page.isComplete() and page_id > self.wizard.currentId():
            self.statusBar().showMessage(tr("err.block", self.lang), 8000)
            return
        self.goto_page(self.ensure_page(page_id))

    def step_title(self, page_id: int) -> str:
        if page_id == 0:
            return tr("step.welcome", self.lang)
        if page_id == self.review_id:
            return tr("step.review", self.lang)
        if page_id == self.results_id:
            return tr("step.results", self.lang)
        topic = self.topic_pages[page_id].topic
        return topic.zh if self.lang == "zh" else topic.en

    def update_steps(self) -> None:
        current = self.wizard.currentId()
        for page_id in range(self.results_id + 1):
            item = self.steps.item(page_id)
            needed = self._step_needed(page_id)
            text = f"{page_id + 1}. {self.step_title(page_id)}"
            if not needed:
                text += " " + tr("step.skipped", self.lang)
            item.setText(("▶ " if page_id == current else "   ") + text)
            font = QFont(self.steps.font())
            font.setBold(page_id == current)
            item.setFont(font)
            # = item.setForeground(QBrush(...)), which would make PySide6 build `Qt`
            item.setData(FOREGROUND_ROLE, QColor("#000000" if needed else "#767676"))
            # A skipped step stays enabled: a click or Enter on it says why it is skipped.
            why = "" if needed else tr("step.why_skipped", self.lang,
                                       step=self.step_title(page_id))
            item.setData(ACCESSIBLE_TEXT_ROLE, why or text)
            item.setToolTip(why)  # (a step turned grey, said why only on a click)
        if not self.steps.hasFocus():  # Tab into the list lands on the step one is at
            self.steps.setCurrentRow(current)

    # --- answers --------------------------------------------------------------------
    def questions(self) -> dict[str, Question]:
        """The question widgets of the pages built so far."""
        out: dict[str, Question] = {}
        for page in self.topic_pages.values():
            out.update(page.questions)
        return out

    def question(self, fact_id: str) -> Question:
        """A fact's question widget (building its page if it was not yet)."""
        page = self.topic_pages[self.fact_page[fact_id]]
        page.build()
        return page.questions[fact_id]

    def shown_value(self, fact_id: str) -> Any:
        """What a question shows when its page is built: the answer, or a bad value."""
        return self.answers.get(fact_id, self.invalid_values.get(fact_id))

    def question_changed(self, q: Question) -> None:
        fact_id, value = q.fact.fact_id, q.value()
        before = self.answers.get(fact_id)
        was_unsure = fact_id in self.unsure
        typed_before = self.invalid_values.get(fact_id)
        if value is None:
            self.answers.pop(fact_id, None)
        else:
            self.answers[fact_id] = value
        if not q.is_valid() and q.fact.type in LINE_TYPES:
            self.invalid_values[fact_id] = q.text()  # kept, and saved, with its message
        else:
            self.invalid_values.pop(fact_id, None)
        # 不确定 leaves the fact unknown, as the contract has it; the window remembers that
        # it was given (saved in the case's meta), so that it comes back as chosen.
        if q.unsure():
            self.unsure.add(fact_id)
        else:
            self.unsure.discard(fact_id)
        if (value != before or type(value) is not type(before)
                or was_unsure != (fact_id in self.unsure)
                or typed_before != self.invalid_values.get(fact_id)):
            self.dirty = True
            self.autosave_timer.start()
            self.refresh_relevance()
            self.update_title()

    @property
    def relevant(self) -> set[str]:
        """The facts whose answer could still change a verdict or an amount."""
        if self._relevant is None:
            self._work_out_relevance()
        return self._relevant

    @property
    def relevant_topic_ids(self) -> list[str]:
        if self._relevant_topic_ids is None:
            self._work_out_relevance()
        return self._relevant_topic_ids

    def _work_out_relevance(self) -> None:
        # The evaluator loads here, not with the window: the first window needs none of it.
        from desktop_app.core.relevance import relevant_facts

        self._relevant = relevant_facts(self.answers, self.db, self.assessment_date())
        self._relevant_topic_ids = topics_of(self._relevant, self.db)

    def _offer_recent(self) -> None:
        """The welcome's links to the cases last saved or opened (none for a screenshot:
        it leaves the user's files alone)."""
        if self.interactive and self.wizard.currentId() == 0:
            self.welcome.show_recent(session.recent_cases())

    def _first_relevance(self) -> None:
        if self._relevant is None:  # (an answer or an opened case may have come first)
            self.refresh_relevance()

    def refresh_relevance(self) -> None:
        self._work_out_relevance()
        for page in self.topic_pages.values():
            page.set_relevant(self._relevant)
        self.update_steps()

    def load_profile(self, profile: dict[str, Any], meta: dict[str, Any] | None = None
                     ) -> list[str]:
        """Show a profile's answers, and the 不确定 its case's `meta` recorded; return the
        problems (invalid values are left blank)."""
        valid: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in profile.items():
            fact = self.db.facts.get(key)
            if fact is None:
                problems.append(f"{short_value(key, quoted=False)}: "
                                + ("未知的事实编号" if self.lang == "zh" else "unknown fact id"))
                continue
            if value is None:
                continue
            try:
                valid[key] = check_value(fact, value)
            except ProfileError as exc:
                problems.append(f"{fact.label(self.lang)}: "
                                f"{exc.zh if self.lang == 'zh' else exc.en}")
                if fact.type in LINE_TYPES:
                    raw[key] = value
        # typed, not accepted, kept by a save or an autosave: shown again with its message
        raw.update({f: text for f, text in session.unaccepted(meta or {}).items()
                    if f in self.db.facts and f not in valid
                    and self.db.facts[f].type in LINE_TYPES})
        self.answers = valid
        self.invalid_values = raw
        self.as_of = meta_as_of(meta or {})
        unsure = (meta or {}).get(UNSURE_KEY)
        self.unsure = {f for f in unsure if isinstance(f, str) and f in self.db.facts
                       and self.db.facts[f].type == "bool" and f not in valid
                       } if isinstance(unsure, list) else set()
        for fact_id, q in self.questions().items():
            q.load(valid.get(fact_id, raw.get(fact_id)))
            if fact_id in self.unsure:
                q.load_unsure()
        if self._results is not None:
            self._results.report = None
        self.refresh_relevance()
        if len(problems) > MAX_PROBLEMS_SHOWN:  # a dialog that still fits on the screen
            more = len(problems) - MAX_PROBLEMS_SHOWN
            problems = problems[:MAX_PROBLEMS_SHOWN] + [
                f"……另有 {more} 项" if self.lang == "zh" else f"… and {more} more"]
        return problems

    # --- files ----------------------------------------------------------------------
    def _confirm_discard(self) -> bool:
        """May the current answers be replaced? Asks 保存/不保存/取消 when they are unsaved
        (保存 the default, Escape cancels); 不保存 keeps them as the discarded session."""
        if not self.dirty or not (self.answers or self.invalid_values):
            return True
        from desktop_app.gui.prompts import DISCARD, SAVE, ask_unsaved

        choice = ask_unsaved(self, self.lang)
        if choice == SAVE:
            return self.save()
        if choice == DISCARD:
            self._discard_session()
            return True
        return False

    def _discard_session(self) -> None:
        """Keep what is being discarded, restorable until the next session is saved."""
        self.autosave_timer.stop()
        if self._write_autosave():  # what is on screen now, not the last debounced state
            try:
                self._own_session().discard()
            except OSError as exc:
                self.statusBar().showMessage(str(exc), 5000)
        self.dirty = False

    def new_assessment(self) -> None:
        if not self._confirm_discard():
            return
        self.autosave_timer.stop()
        self.load_profile({})
        self.set_application(None)
        self.case_path, self.case_meta, self.dirty = None, {}, False
        if self.session is not None:
            self.session.clear()
        self.wizard.restart()
        self.update_title()

    def restore_discarded(self) -> bool:
        """Bring back the answers last discarded (this window's, or a closed window's)."""
        found = session.latest_discarded(self.session)
        if found is None:
            self._warn(tr("app.title", self.lang), tr("restore.none", self.lang))
            return False
        owner, case = found
        if not self._confirm_discard():
            if owner is not self.session:
                owner.release()
            return False
        if owner is not self.session:
            # taken: the answers live on in this window and its autosave from here
            owner.drop_discarded()
            owner.release()
        # this window's own discarded file stays: it holds what 不保存 just discarded
        # (a swap), or the restored answers, until the next session is saved
        self._resume_case(case)
        self.autosave_now()
        return True

    def open_dialog(self) -> None:
        if not self._confirm_discard():
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, tr("file.open_title", self.lang),
                                              self.last_folder or str(Path.home()),
                                              tr("file.filter", self.lang))
        if path:
            self.open_case(path)

    def open_case(self, path: str, goto: int | None = None) -> bool:
        """Load a case or profile file; go to the review page (or `goto`)."""
        try:
            case = read_case(path)
        except ProfileError as exc:
            self._warn(tr("file.open_failed", self.lang), exc.zh if self.lang == "zh" else exc.en)
            return False
        self.autosave_timer.stop()
        problems = self.load_profile(case["profile"], case["meta"])
        problem = self.set_application(case["application"])
        if problem:
            problems.append(problem)
        self.case_path = str(Path(path).resolve())
        self.case_meta = dict(case["meta"])
        self.dirty = False
        self.last_folder = str(Path(path).resolve().parent)
        self._remember(path)
        self.wizard.restart()
        self.goto_page(self.review_id if goto is None else goto)
        self.update_title()
        if problems:
            self._warn(tr("file.open_failed", self.lang),
                       tr("file.bad_values", self.lang) + "\n" + "\n".join(problems))
        return True

    def save(self) -> bool:
        if not self.case_path:
            return self.save_as()
        return self.save_to(self.case_path)

    def save_as(self) -> bool:
        name = self.answers.get("company.name") or tr("export.basename", self.lang)
        start = self.case_path or str(Path(self.last_folder or Path.home())
                                      / f"{name}{CASE_SUFFIX}")
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, tr("file.save_title", self.lang), start,
                                              tr("file.filter", self.lang))
        if not path:
            return False
        if Path(path).suffix.lower() not in (CASE_SUFFIX, ".json"):
            path += CASE_SUFFIX
        return self.save_to(path)

    def meta_to_save(self, meta: dict[str, Any]) -> dict[str, Any]:
        """`meta` with the questions answered 不确定 and the text typed but not accepted
        (each key left out when there is none)."""
        out = {k: v for k, v in meta.items() if k not in (UNSURE_KEY, UNACCEPTED_KEY)}
        if self.unsure:
            out[UNSURE_KEY] = sorted(self.unsure)
        unaccepted = {f: str(v) for f, v in self.invalid_values.items()
                      if f not in self.answers and str(v).strip()}
        if unaccepted:
            out[UNACCEPTED_KEY] = unaccepted
        out.pop(AS_OF_KEY, None)
        if self.as_of is not None:
            out[AS_OF_KEY] = self.as_of.isoformat()
        return out

    def save_to(self, path: str) -> bool:
        meta = self.meta_to_save(self.case_meta)
        meta.update({"saved_by": "policy-selfcheck gui",
                     "saved_at": now_stamp()})
        try:
            write_case(path, dict(self.answers), meta, application=self.application_json())
        except OSError as exc:
            from desktop_app.core.atomic import os_error_text
            from desktop_app.core.textfile import shown_path

            zh, en = os_error_text(exc)
            self._warn(tr("file.save_failed", self.lang),
                       f"{zh if self.lang == 'zh' else en}\n{shown_path(path)}")
            return False
        self.case_path, self.case_meta, self.dirty = str(Path(path).resolve()), meta, False
        self.last_folder = str(Path(path).resolve().parent)
        self.autosave_timer.stop()
        if self.session is not None:
            self.session.clear()
            self.session.drop_discarded()  # the next session is saved: no longer kept
        self._remember(path)
        self.update_title()
        kept = len(session.unaccepted(meta))
        self.statusBar().showMessage(
            tr("file.saved_unaccepted", self.lang, path=path, n=kept) if kept
            else tr("file.saved", self.lang, path=path), 8000 if kept else 5000)
        return True

    def _remember(self, path: str) -> None:
        try:
            session.add_recent(path)
        except OSError:
            pass

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = session.recent_cases()
        if not paths:
            act = self.recent_menu.addAction(tr("menu.recent_none", self.lang))
            act.setEnabled(False)
        for i, p in enumerate(paths, start=1):
            act = self.recent_menu.addAction(f"&{i} {p}")
            act.triggered.connect(lambda _=False, path=p: self._open_recent(path))

    def _open_recent(self, path: str) -> None:
        if self._confirm_discard():
            self.open_case(path)

    def _warn(self, title: str, text: str) -> None:
        if self.interactive:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, title, text)
        else:
            print(f"{title}: {text}", file=sys.stderr)

    # --- autosave -------------------------------------------------------------------
    def _own_session(self) -> session.Session:
        if self.session is None:
            self.session = session.new_session()
        return self.session

    def _write_autosave(self) -> bool:
        if not self.interactive:  # a screenshot leaves the user's sessions alone
            return False
        meta = self.meta_to_save({"dirty": True, "case_path": self.case_path,
                                  "lang": self.lang, "page": self.wizard.currentId(),
                                  "saved_at": now_stamp()})
        try:
            self._own_session().write(dict(self.answers), meta,
                                      application=self.application_json())
        except OSError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return False
        return True

    def autosave_now(self) -> None:
        self.autosave_timer.stop()
        if not self.interactive:
            return
        if not self.dirty:
            if self.session is not None:
                self.session.clear()
            return
        if self._write_autosave():
            self.statusBar().showMessage(tr("file.autosaved", self.lang), 2000)

    def offer_resume(self) -> bool:
        """Offer to resume a session no running window holds; True when it was resumed.

        Declining keeps it as a discarded session (File > Restore discarded answers);
        an autosave that cannot be read is set aside and the user told, once.
        """
        orphan, set_aside = session.claim_orphan()
        for aside in set_aside:
            problem = aside.problem
            self._warn(tr("resume.title", self.lang),
                       tr("resume.set_aside", self.lang, path=str(aside.path),
                          why=problem.zh if self.lang == "zh" else problem.en))
        if orphan is None:
            return False
        meta, profile = orphan.case["meta"], orphan.case["profile"]
        name = profile.get("company.name")
        if not isinstance(name, str) or not name.strip():
            name = tr("resume.noname", self.lang)
        from desktop_app.gui.prompts import RESUME, ask_resume

        when = short_value(str(meta.get("saved_at", "?")), quoted=False).replace("T", " ")
        text = tr("resume.text", self.lang, name=short_value(name, quoted=False),
                  n=len(profile) + len(session.unaccepted(meta)), when=when)
        if ask_resume(self, self.lang, text) != RESUME:
            try:
                orphan.session.discard()
            except OSError:
                pass
            orphan.session.release()
            return False
        if self.session is not None:  # this window's own (empty) session gives way
            self.session.clear()
            self.session.release()
        self.session = orphan.session
        self._resume_case(orphan.case)
        return True

    def _resume_case(self, case: dict[str, Any]) -> None:
        meta, profile = case["meta"], case["profile"]
        problems = self.load_profile(profile, meta)
        problem = self.set_application(case["application"])
        if problem:
            problems.append(problem)
        path = meta.get("case_path")
        self.case_path = path if isinstance(path, str) else None
        # not the meta of the case on screen before (a library case's id among them: the
        # firms view would write the resumed answers over that firm's case)
        self.case_meta = {}
        self.dirty = True
        self.wizard.restart()
        page = meta.get("page")
        if isinstance(page, int) and not isinstance(page, bool) and 0 < page <= self.results_id:
            self.goto_page(self.ensure_page(page))
        self.update_title()
        if problems:  # never dropped in silence
            self._warn(tr("resume.title", self.lang),
                       tr("resume.dropped", self.lang) + "\n" + "\n".join(problems))

    def use_database(self, db: ClauseDB) -> None:
        """Assess with `db` from now on: every page, the results page (recomputed) and the
        firms view."""
        self.db = db
        for page_id in self.wizard.pageIds():
            page = self.wizard.page(page_id)
            if hasattr(page, "db"):
                page.db = db
        if self._results is not None and self.wizard.currentId() == self.results_id:
            self._results.initializePage()
        view = getattr(self, "firms_view", None)
        if view is not None:
            view.use_database(db)

    def exported(self, path: str) -> None:
        """A draft written from the wizard: a firms-library case open here is marked 已导出,
        as the library's own export marks it (it stayed 进行中)."""
        case_id = (self.case_meta or {}).get("library_case")
        view = getattr(self, "firms_view", None)
        if case_id is not None and view is not None:
            view.mark_exported(case_id)

    def refresh_db(self) -> None:
        """Change to the clause base in use if another process (the command line's `packs
        import` or `rollback`) changed it while this window was open, and say so."""
        from desktop_app.core.clausedb import changed_default_db

        db = changed_default_db(self.db)
        if db is not None:
            from desktop_app.core.pack_state import current

            self.use_database(db)
            # named as `packs list` names it: a pack by its number (a bare hash told a firm
            # nothing), or the bundled base
            entry = current()
            which = (tr("file.base_pack", self.lang, pack=entry["pack_version"])
                     if entry and entry.get("clause_db_version") == db.version
                     else tr("file.base_bundled", self.lang))
            self.statusBar().showMessage(tr("file.base_changed", self.lang, which=which,
                                            version=db.version), 10000)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Coming back to the window (from a terminal, say) is when a change made elsewhere
        # is taken up; the firms view asks again before it assesses anything.
        # (Not before the first paint: the base was loaded for this window a moment ago,
        # and reading the pack state again would only delay the first window.)
        if (event.type() == event.Type.ActivationChange and self._painted
                and self.isActiveWindow()):
            self.refresh_db()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            # Timed from the first paint, not from building the window: on a slow laptop,
            # or with a large pack, the window's own start may outlast any fixed delay,
            # and the pass (which reads every item) must not hold the first paint back.
            self._painted = True
            QTimer.singleShot(RELEVANCE_DELAY_MS, self, self._first_relevance)  # (not if closed)
            QTimer.singleShot(RELEVANCE_DELAY_MS, self, self._offer_recent)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.autosave_timer.stop()
        if self.interactive:
            if self.dirty and (self.answers or self.invalid_values):
                self.autosave_now()  # left for the next start to offer
            elif self.session is not None:
                self.session.clear()
            if self.session is not None:
                self.session.release()
        event.accept()

    def show_firms(self) -> None:
        from desktop_app.gui.firms import show_firms

        show_firms(self)

    # --- help -----------------------------------------------------------------------
    def show_glossary(self, terms: list[str] | None) -> None:
        from desktop_app.gui.dialogs import glossary_dialog

        glossary_dialog(self.db, self.lang, terms, self).exec()

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("policy-selfcheck")
        except PackageNotFoundError:
            v = ""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, tr("app.title", self.lang),
                          tr("about.text", self.lang, version=v, db=self.db.version))

    def _line_edit_call(self, name: str) -> None:
        from PySide6.QtWidgets import QLineEdit

        widget = self.focusWidget()  # this window's focus, active or not
        if isinstance(widget, QLineEdit):
            getattr(widget, name)()
