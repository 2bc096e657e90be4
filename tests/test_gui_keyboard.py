"""Keyboard only, and what a screen reader says: every page of the wizard."""

from __future__ import annotations

import re

from gui_helpers import fill, make_window, next_button, press_next, public_profiles, walk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWizard,
)

PROFILE = dict(public_profiles())["mentougou-ai-and-data"]


def _settle(qtbot):
    qtbot.wait(10)  # the page's first-field focus is placed once Qt has placed its own


def test_arrow_keys_select_in_a_yes_no_group(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    q = win.question("company.is_info_software")
    q.radios["yes"].setFocus()
    assert win.answers.get("company.is_info_software") is None
    qtbot.keyClick(q.radios["yes"], Qt.Key.Key_Right)
    assert q.radios["no"].isChecked() and win.focusWidget() is q.radios["no"]
    assert win.answers["company.is_info_software"] is False
    qtbot.keyClick(q.radios["no"], Qt.Key.Key_Left)
    assert q.radios["yes"].isChecked() and win.answers["company.is_info_software"] is True
    qtbot.keyClick(q.radios["yes"], Qt.Key.Key_Down)
    qtbot.keyClick(q.radios["no"], Qt.Key.Key_Down)
    assert q.radios["unsure"].isChecked() and "company.is_info_software" not in win.answers


def test_focus_on_the_first_field_of_each_page(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    _settle(qtbot)
    page = win.topic_pages[1]
    assert win.focusWidget() is page.shown_questions()[0].focus_target()
    fill(qtbot, win.question("company.district"), "mentougou")
    press_next(qtbot, win)
    _settle(qtbot)
    page = win.wizard.currentPage()
    assert win.focusWidget() is page.shown_questions()[0].focus_target()
    # seen: a style draws a radio button's focus frame only once the window is marked as
    # changing focus by keyboard (a topic page's first 是 showed nothing)
    assert win.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)


def test_enter_on_the_last_field_goes_next_never_back(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    press_next(qtbot, win)
    second = win.wizard.currentId()
    back = win.wizard.button(QWizard.WizardButton.BackButton)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)  # Back clicked once...
    basics = win.wizard.currentId()
    last = win.topic_pages[basics].shown_questions()[-1]
    edit = last.focus_target()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # ...Enter still goes forward
    assert win.wizard.currentId() == second
    assert next_button(win).isDefault() and not back.autoDefault()


def test_step_list_by_keyboard(qtbot, db):
    win = make_window(qtbot, db)
    assert win.steps.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert win.steps.accessibleName() == "步骤列表"
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    assert win.steps.currentRow() == win.wizard.currentId() == 1  # Tab in lands here
    win.steps.setFocus()
    ai = win.topic_page_id("ai")
    win.steps.setCurrentRow(ai - 1)
    qtbot.keyClick(win.steps, Qt.Key.Key_Down)
    qtbot.keyClick(win.steps, Qt.Key.Key_Return)  # a step not yet visited, needed: go there
    assert win.wizard.currentId() == ai
    win.steps.setCurrentRow(0)
    qtbot.keyClick(win.steps, Qt.Key.Key_Return)
    assert win.wizard.currentId() == 0


def test_change_on_review_then_one_action_back(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    win.goto_page(win.review_id)
    change = win.review.inner.findChild(QPushButton, "change:ai")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert win.wizard.currentId() == win.topic_page_id("ai")
    back = win.wizard.button(QWizard.WizardButton.CustomButton2)
    assert back.isVisible() and back.text() == "返回核对页(&V)"
    # one action: the button (Alt+V; the offscreen platform turns access keys off, so the
    # key itself is checked for clashes in test_no_shared_access_keys, and pressed here)
    back.setFocus()
    qtbot.keyClick(back, Qt.Key.Key_Space)
    assert win.wizard.currentId() == win.review_id
    assert not back.isVisible()


def test_change_on_review_shows_the_first_field_it_focuses(qtbot, db):
    """The topic page kept the scroll of its last visit: after 修改 its first field had the
    focus out of sight (a reviewer at 150 %, keyboard only)."""
    win = make_window(qtbot, db)
    win.resize(640, 440)  # the smallest window: the topic page scrolls
    walk(qtbot, win, PROFILE)
    page = win.topic_pages[win.topic_page_id("ai")]
    bar = page.scroll.verticalScrollBar()
    win.goto_page(win.topic_page_id("ai"))
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum())  # left at its foot
    win.goto_page(win.review_id)
    qtbot.mouseClick(win.review.inner.findChild(QPushButton, "change:ai"),
                     Qt.MouseButton.LeftButton)
    _settle(qtbot)
    first = page.shown_questions()[0]
    assert win.focusWidget() is first.focus_target()
    top = first.mapTo(page.scroll.widget(), first.rect().topLeft()).y()
    assert bar.value() <= top  # its first question is within the view


MNEMONIC = re.compile(r"&([^&\s])")


def _mnemonics(widgets):
    keys = []
    for w in widgets:
        text = w.text() if hasattr(w, "text") else ""
        m = MNEMONIC.search(text or "")
        if m:
            keys.append(m.group(1).lower())
    return keys


def _visible_on(win, cls_list):
    found = []
    for cls in cls_list:
        found += [w for w in win.findChildren(cls) if w.isVisibleTo(win)]
    return found


def test_no_shared_access_keys(qtbot, db):
    for lang in ("zh", "en"):
        win = make_window(qtbot, db, lang=lang)
        walk(qtbot, win, PROFILE)
        menus = _mnemonics([m.menuAction() for m in (win.file_menu, win.edit_menu,
                                                     win.lang_menu, win.help_menu)])
        for page_id in (win.results_id, win.review_id, win.topic_page_id("ai")):
            win.goto_page(page_id)
            keys = menus + _mnemonics(_visible_on(win, [QAbstractButton, QLabel]))
            assert len(keys) == len(set(keys)), (lang, page_id, sorted(keys))


def test_every_input_and_button_has_a_name(qtbot, db):
    for lang in ("zh", "en"):
        win = make_window(qtbot, db, lang=lang)
        walk(qtbot, win, PROFILE)
        for page in win.topic_pages.values():
            page.build()
        win.goto_page(win.review_id)
        nameless = []
        pages = [win.welcome, *win.topic_pages.values(), win.review, win.results]
        for page in pages:
            for w in page.findChildren(QAbstractButton) + page.findChildren(QLineEdit) \
                    + page.findChildren(QComboBox):
                if isinstance(w, QToolButton) and w.parent() is not None and \
                        isinstance(w.parent(), QComboBox):
                    continue
                name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton)
                                              else "")
                if not name.replace("&", "").strip():
                    nameless.append((page.objectName(), type(w).__name__, w.objectName()))
        assert nameless == [], nameless
        yes = win.question("company.is_info_software").radios["yes"]
        assert yes.accessibleName() == ("是" if lang == "zh" else "Yes")
        assert yes.accessibleDescription().startswith(
            db.facts["company.is_info_software"].label(lang))
        money = win.question("ai.compute_cost_yuan")
        assert money.unit.accessibleName().endswith(money.fact.label(lang))
        clear = money.edit.findChildren(QToolButton)
        assert clear and all(money.fact.label(lang) in b.accessibleName() for b in clear)
        card = win.results.card("mentougou-03")
        clause = card.findChild(QPushButton, "clause")
        assert "mentougou-03" in clause.accessibleName()


def test_money_as_people_type_it(qtbot, db):
    from gui_helpers import type_text

    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    q = win.question("ai.compute_cost_yuan")
    type_text(qtbot, q.edit, "1,000,000.50")
    assert win.answers["ai.compute_cost_yuan"] == 1_000_000 and q.is_valid()
    assert q.equals.text() == "已舍去角分，按 1,000,000 元计"
    q.edit.editingFinished.emit()
    assert q.edit.text() == "1,000,000.50"  # what was typed stays, with the note beside it
    q.edit.clear()
    type_text(qtbot, q.edit, "￥１００万")
    assert win.answers["ai.compute_cost_yuan"] == 1_000_000
    assert q.equals.text() == "= 1,000,000 元"
    q.edit.editingFinished.emit()
    assert q.edit.text() == "1,000,000" and q.equals.text() == ""


def _type_at_focus(qtbot, win, text: str) -> None:
    """Each key to whatever has the focus at that moment, as a keyboard delivers it."""
    from PySide6.QtWidgets import QApplication

    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget() or win, ch)
        qtbot.wait(5)


def test_typing_keeps_the_focus_in_the_field(qtbot, db):
    """Each answer makes the page tell QWizard whether it is complete, and QWizard hides
    its page area while it updates its buttons: the focus went to the step list after
    the first character of a firm's name, and the rest of the name went nowhere."""
    win = make_window(qtbot, db)
    win.activateWindow()
    press_next(qtbot, win)
    _settle(qtbot)
    name = win.question("company.name").focus_target()
    assert win.focusWidget() is name
    _type_at_focus(qtbot, win, "Walk Test Co")
    assert win.focusWidget() is name and win.answers["company.name"] == "Walk Test Co"
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    uscc = win.question("company.uscc").focus_target()
    assert win.focusWidget() is uscc
    # a credit code is invalid until its last character: the page turns incomplete at the
    # first one and complete again at the end, and the focus stays throughout
    _type_at_focus(qtbot, win, "91110109MA01ABCD1W")
    assert win.focusWidget() is uscc and win.answers["company.uscc"] == "91110109MA01ABCD1W"


def test_enter_on_a_focused_link_or_button_follows_it_not_next(qtbot, db):
    """Enter on a focused button of a page does what the button says (as Space does); Next
    stays the default everywhere else (test_enter_on_the_last_field_goes_next_never_back)."""
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    win.goto_page(win.review_id)
    change = win.review.inner.findChild(QPushButton, "change:ai")
    change.setFocus()
    qtbot.keyClick(change, Qt.Key.Key_Return)
    assert win.wizard.currentId() == win.topic_page_id("ai")
    # a link to a question that matters most (only the district answered: many are open)
    win2 = make_window(qtbot, db)
    press_next(qtbot, win2)
    fill(qtbot, win2.question("company.district"), "mentougou")
    win2.goto_page(win2.review_id)
    link = win2.review.first_focus()
    assert link.objectName().startswith("ask:")
    link.setFocus()
    qtbot.keyClick(link, Qt.Key.Key_Enter)
    page = win2.wizard.currentPage()
    assert page is not win2.review
    assert link.objectName().removeprefix("ask:") in page.questions
    # off the button, Enter is Next again
    win.goto_page(win.review_id)
    _settle(qtbot)
    assert next_button(win).isDefault()


def test_tab_goes_through_the_cards_before_the_export_buttons(qtbot, db):
    """From the filters, Tab reaches the list, then every card's clause button and amount
    field, and only then Word, PDF, HTML, Excel (a keyboard user met 导出 before 申请金额)."""
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    order, widget = [], page.hide_ineligible
    for _ in range(400):
        widget = widget.nextInFocusChain()
        order.append(widget)
        if widget is page.export_buttons["xlsx"]:
            break
    names = [w.objectName() for w in order]
    claim = page.card("mentougou-03").claim.edit
    assert order.index(page.scroll) < order.index(claim) < order.index(
        page.export_buttons["docx"])
    assert names.index("clause") < names.index("export:docx")
    assert names[-4:] == ["export:docx", "export:pdf", "export:html", "export:xlsx"]


def test_the_results_page_opens_at_its_top_and_gives_the_cards_the_height(qtbot, db):
    """At 150 % on a small laptop the cards had some 300 px under a fixed title, subtitle
    and filters: the subtitle now scrolls with the totals, and the page opens at its top
    (the totals and 下一步), whatever its first focus further down."""
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    _settle(qtbot)
    page = win.results
    assert page.inner.isAncestorOf(page.subtitle)
    assert page.scroll.verticalScrollBar().value() == 0
