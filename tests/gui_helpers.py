"""Driving the wizard as a user would: typing, clicking, pressing Next (pytest-qt)."""

from __future__ import annotations

import json
import pathlib
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "acceptance" \
    / "examples"


def public_profiles() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "expect_exit" not in data:
            cases.append((path.stem, data["profile"]))
    return cases


def make_window(qtbot, db, lang="zh"):
    from desktop_app.gui.window import MainWindow

    win = MainWindow(db, lang=lang)
    qtbot.addWidget(win)
    win.show()
    return win


def answer(monkeypatch, button=QMessageBox.StandardButton.Yes, calls=None):
    """Every QMessageBox question/warning/critical returns `button` at once; so does a box
    with our own labelled buttons (gui/ask.py), recorded as a "question" with its labels.
    The prompts that guard the user's work (gui/prompts.py) are left to `prompts()`."""
    def stub(kind):
        def _box(*args, **kwargs):
            if calls is not None:
                calls.append((kind, args[1:] if len(args) > 1 else args))
            return button
        return staticmethod(_box)
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, stub(kind))

    real_exec = QMessageBox.exec

    def exec_box(box):
        if box.objectName() != "question":  # the prompts guarding work: see prompts()
            return real_exec(box)
        if calls is not None:
            labels = [b.text() for b in box.buttons()]
            calls.append(("question", (box.windowTitle(), box.text(), labels)))
        return button.value
    monkeypatch.setattr(QMessageBox, "exec", exec_box)


def next_button(win):
    return win.wizard.button(QWizard.WizardButton.NextButton)


def press_next(qtbot, win):
    qtbot.mouseClick(next_button(win), Qt.MouseButton.LeftButton)


def fill(qtbot, q, value):
    """Answer one question through its widgets."""
    kind = q.fact.type
    if kind == "bool":
        name = {True: "yes", False: "no", None: "unsure"}[value]
        qtbot.mouseClick(q.radios[name], Qt.MouseButton.LeftButton)
    elif kind == "enum":
        combo = q.combo
        combo.setFocus()
        # choose the entry the way a keyboard user would: step down to it
        target = combo.findData(value)
        assert target > 0, value
        while combo.currentIndex() != target:
            key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
            qtbot.keyClick(combo, key)
    else:
        q.edit.clear()
        type_text(qtbot, q.edit, str(value))
        q.edit.editingFinished.emit()


def type_text(qtbot, widget, text):
    """keyClicks, also for Chinese (QTest's key table is ASCII only)."""
    from PySide6.QtTest import QTest

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)


def walk(qtbot, win, profile):
    """Welcome -> each page the wizard offers -> review -> results; returns the page ids seen
    and the facts that were never asked (hidden as irrelevant)."""
    seen = [win.wizard.currentId()]
    asked = set()
    press_next(qtbot, win)
    while win.wizard.currentId() != win.results_id:
        page_id = win.wizard.currentId()
        seen.append(page_id)
        page = win.topic_pages.get(page_id)
        if page is not None:
            for fact_id, q in page.questions.items():
                if fact_id in profile and not q.isHidden():
                    fill(qtbot, q, profile[fact_id])
                    asked.add(fact_id)
            assert next_button(win).isEnabled(), page.topic.topic_id
        press_next(qtbot, win)
        assert win.wizard.currentId() != page_id, "Next did not move"
    seen.append(win.results_id)
    return seen, set(profile) - asked


AMOUNT = re.compile(r"([0-9][0-9,]*)")


def when_modal(name: str, act) -> None:
    """Run act(dialog) once the modal dialog (or box) of object name `name` is up, as a
    user answers it; call before what opens it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(10, look)
            return
        act(dialog)

    QTimer.singleShot(0, look)


def card_of(page, item_id: str):
    """An item's card, as a user finds it: another district's clause, out for the district
    alone, is one line under the cards until its policy is chosen (results.elsewhere_line)."""
    card = page.card(item_id)
    if card is None:
        policy = page.db.item_by_id[item_id].policy_id
        page.policy.setCurrentIndex(page.policy.findData(policy))
        card = page.card(item_id)
    return card


def shown_results(win, db):
    """(verdict, amount) per item as the results page shows them, read from its widgets."""
    from PySide6.QtWidgets import QLabel

    verdicts = {db.msg(f"verdict.{v}", win.lang): v
                for v in ("eligible", "uncertain", "ineligible")}
    out = {}
    combo = win.results.policy
    before = combo.currentIndex()
    for item in db.items:
        card = card_of(win.results, item.item_id)
        assert card is not None, item.item_id
        verdict = verdicts[card.findChild(QLabel, "verdict").text()]
        text = card.findChild(QLabel, "amount").text()
        m = AMOUNT.search(text)
        if m:
            amount = int(m.group(1).replace(",", ""))
        elif text == "—":
            amount = 0
        else:
            amount = None
        out[item.item_id] = (verdict, amount)
    combo.setCurrentIndex(before)
    return out


def prompts(qtbot, *actions):
    """Answer the next modal boxes as a user would, one action each: a button's object name
    ("prompt:discard") to click, or "enter" / "escape" to press. Returns what each box
    showed: its text, its buttons and its default button. With no actions, a box that
    appears is only recorded (conftest's guard closes it and fails the test)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    queue = list(actions)
    seen = []
    tries = [300]  # look for a box for 3 seconds at most: never left polling for later tests

    def handle():
        box = QApplication.activeModalWidget()
        if box is None:
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, handle)
            return
        buttons = box.findChildren(QPushButton)
        default = next((b.objectName() for b in buttons if b.isDefault()), None)
        seen.append({"text": box.text() if hasattr(box, "text") else "",
                     "buttons": [b.text() for b in buttons], "default": default})
        if not queue:
            return
        action = queue.pop(0)
        if action == "enter":
            qtbot.keyClick(box, Qt.Key.Key_Return)
        elif action == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            target = box.findChild(QPushButton, action)
            assert target is not None, (action, [b.objectName() for b in buttons])
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        if queue:
            tries[0] = 300
            QTimer.singleShot(0, handle)

    QTimer.singleShot(0, handle)
    return seen


def session_files():
    """The names in the user's sessions folder, less the lock files of live windows."""
    from desktop_app.gui.session import sessions_dir

    return sorted(p.name for p in sessions_dir().iterdir() if p.suffix != ".lock")
