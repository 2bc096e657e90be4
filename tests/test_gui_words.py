"""Chinese all the way: Qt's own buttons, our labelled dialogs, an export that cannot open."""

from __future__ import annotations

import pytest
from gui_helpers import answer, make_window, prompts
from PySide6.QtCore import QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFrame, QMessageBox

from desktop_app.gui import session

Button = QMessageBox.StandardButton


def _standard_box():
    return QMessageBox(QMessageBox.Icon.Question, "t", "x", Button.Yes | Button.No
                       | Button.Save | Button.Discard | Button.Cancel)


def _texts(box):
    return {b: box.button(b).text() for b in (Button.Yes, Button.No, Button.Save,
                                              Button.Discard, Button.Cancel)}


def test_qt_standard_buttons_follow_the_language(qtbot, db):
    win = make_window(qtbot, db)
    texts = _texts(_standard_box())
    assert texts[Button.Yes].startswith("是") and texts[Button.No].startswith("否")
    assert texts[Button.Save] == "保存" and texts[Button.Cancel] == "取消"
    win.set_language("en")
    texts = _texts(_standard_box())
    assert texts[Button.Yes] == "&Yes" and texts[Button.Cancel] == "Cancel"
    win.set_language("zh")
    assert _texts(_standard_box())[Button.No].startswith("否")


def test_qt_file_dialog_labels_follow_the_language(qtbot, db):
    """Qt 6.11's file dialog labels carry a mnemonic ("&Look in:") its Chinese catalogue
    lacks; they must not stay English in the Chinese window."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    def labels():
        dialog = QFileDialog(None, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        dialog.deleteLater()
        return texts

    win = make_window(qtbot, db)
    zh = labels()
    assert "查找范围(&L)：" in zh and "文件类型(&T)：" in zh
    assert not any(c.isascii() and c.isalpha() and c not in "LNT" for t in zh for c in t)
    win.set_language("en")
    assert "&Look in:" in labels()
    win.set_language("zh")


def _click_in_modal(label_start, seen):
    """Once the modal box is up, note its buttons and click the one whose label starts so."""
    def click():
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, click)
            return
        box = boxes[0]
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text().startswith(label_start)).click()
    QTimer.singleShot(0, click)


def _left_session(profile, meta):
    """An unsaved session whose window is gone (an orphan the next start offers)."""
    left = session.new_session()
    left.write(profile, meta)
    left.release()
    return left


def test_resume_box_says_what_each_button_does(qtbot, db):
    _left_session({"company.district": "haidian", "company.name": "甲公司"},
                  {"dirty": True, "page": 1})
    win = make_window(qtbot, db)
    seen = []
    _click_in_modal("继续", seen)
    assert win.offer_resume()  # the real box, clicked as a user would
    assert sorted(seen) == sorted(["继续这次自评(&R)", "不恢复(&N)"])
    assert win.answers["company.name"] == "甲公司"


def test_resume_box_not_now_keeps_and_closing_keeps(qtbot, db):
    left = _left_session({"company.district": "haidian"}, {"dirty": True})
    win = make_window(qtbot, db)
    seen = []
    _click_in_modal("不恢复", seen)
    assert not win.offer_resume()
    assert not left.path.exists() and left.discarded_path.is_file()  # restorable
    from desktop_app.gui.ask import question_box

    box = question_box(win, "t", "x", [(Button.Yes, "继续"), (Button.No, "放弃")], Button.Yes)
    assert box.escapeButton() is box.button(Button.Yes)  # closing the box discards nothing
    assert box.defaultButton() is box.button(Button.Yes)


def test_resume_of_a_session_that_ended_on_results(qtbot, db):
    win = make_window(qtbot, db)
    _left_session({"company.district": "mentougou", "company.is_info_software": True},
                  {"dirty": True, "page": win.results_id})
    seen = prompts(qtbot, "prompt:resume")
    assert win.offer_resume()
    assert seen[0]["default"] == "prompt:resume"
    assert win.wizard.currentId() == win.results_id


def test_export_done_offers_file_and_folder_and_says_when_it_cannot_open(
        qtbot, db, monkeypatch, tmp_path):
    from gui_helpers import public_profiles, walk

    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    out = tmp_path / "draft.docx"
    out.write_bytes(b"x")
    opened, calls = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile())
                                     or url.toLocalFile() == str(tmp_path)))
    answer(monkeypatch, Button.Yes, calls)
    win.results._export_done(str(out))
    labels = calls[0][1][2]
    assert sorted(labels) == sorted(["打开文件(&O)", "打开所在文件夹(&F)", "关闭"])
    # the system had no program for it: said so, naming the folder, and opened the folder
    assert opened == [str(out), str(tmp_path)]
    assert calls[-1][0] == "warning" and str(tmp_path) in calls[-1][1][1]
    assert "DOCX" in calls[-1][1][1]


def test_english_boxes_fit_their_words(qtbot, db):
    from gui_helpers import public_profiles, walk

    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    win.set_language("en")  # switched after the page was first shown
    qtbot.wait(10)
    page = win.results
    for box in (page.sort, page.policy):
        widest = max(box.fontMetrics().horizontalAdvance(box.itemText(i))
                     for i in range(box.count()))
        assert box.width() >= widest + 20, (box.objectName(), box.width(), widest)
    assert page.hide_ineligible.width() >= page.hide_ineligible.sizeHint().width()


def test_no_chinese_punctuation_in_english_interface_words():
    import re

    from desktop_app.gui.strings import UI

    bad = {k: v["en"] for k, v in UI.items() if re.search(r"[（）“”‘’、，。；：]", v["en"])}
    assert bad == {}


def test_english_results_number_articles_in_english(qtbot, db):
    import re

    from gui_helpers import card_of, public_profiles, walk
    from PySide6.QtWidgets import QCheckBox, QLabel

    win = make_window(qtbot, db, lang="en")
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    texts = [card_of(page, i.item_id).findChild(QLabel, "title").text() for i in db.items]
    page.policy.setCurrentIndex(0)  # every policy again: the links and boxes below
    texts += [w.text() for w in page.inner.findChildren(QLabel)
              if w.objectName().startswith("next:")]
    texts += [w.text() for w in page.inner.findChildren(QCheckBox)]
    bad = [t for t in texts if re.search(r"[（）“”]|第.+条", t)]
    assert bad == []
    assert any("Mentougou (3)" in t for t in texts)



def test_language_change_event_number():
    from PySide6.QtCore import QEvent

    from desktop_app.gui.qtlang import LANGUAGE_CHANGE

    assert QEvent.Type.LanguageChange.value == LANGUAGE_CHANGE


def test_autosave_follows_the_page_so_resume_returns_to_results(qtbot, db):
    from gui_helpers import public_profiles, walk

    from desktop_app.core.case_file import read_case

    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    assert win.wizard.currentId() == win.results_id
    qtbot.waitUntil(lambda: win.session is not None and win.session.path.is_file() and
                    read_case(win.session.path)["meta"].get("page") == win.results_id,
                    timeout=3000)


def test_english_results_fit_the_page_width(qtbot, db):
    """No card wider than the page (its right edge would be cut off, the page does not
    scroll sideways): the row under a card's title wraps, edition included. In the app's
    own font, as users see it."""
    from gui_helpers import EXAMPLES, card_of

    from desktop_app.gui.app import apply_font

    app = QApplication.instance()
    font = app.font()
    apply_font(app)
    try:
        win = make_window(qtbot, db, lang="en")
        win.resize(1040, 740)
        assert win.open_case(str(EXAMPLES / "mentougou-ai-and-data.json"),
                             goto=win.results_id)
        page = win.results
        qtbot.waitUntil(lambda: page.inner.width() > 0)
        room = page.scroll.viewport().width()
        assert page.inner.minimumSizeHint().width() <= room
        assert all(card_of(page, r.item_id).minimumSizeHint().width() <= room
                   for r in page.report.results)
    finally:
        app.setFont(font)
        app.setProperty("policy_font", None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_results_fit_a_laptop_at_150_percent(qtbot, db, lang):
    """1366x768 at 150% leaves the window some 865x470 logical pixels: the long priority
    links and same-project boxes wrap instead of cutting the page's right edge off."""
    from desktop_app.gui.app import apply_font

    app = QApplication.instance()
    font = app.font()
    apply_font(app)
    try:
        win = make_window(qtbot, db, lang=lang)
        win.resize(865, 470)
        win.load_profile({"company.name": "测试科技有限公司", "company.district": "mentougou"})
        win.goto_page(win.results_id)
        page = win.results
        qtbot.waitUntil(lambda: page.inner.width() > 0)
        for name in ("projects", "priorities"):
            assert page.inner.findChild(QFrame, name) is not None
        assert page.inner.minimumSizeHint().width() <= page.scroll.viewport().width()
        _wrapped_words_whole(qtbot, page)
        win.goto_page(win.review_id)  # its question links, one of them two lines long
        _wrapped_words_whole(qtbot, win.review)
    finally:
        app.setFont(font)
        app.setProperty("policy_font", None)


def _wrapped_words_whole(qtbot, page) -> None:
    """Every wrapping button is as tall as its words at its width: a button's height was
    Fixed to one line, and the words past it were cut off (fields.wrap_words)."""
    from desktop_app.gui.fields import WrapButton, WrapCheckBox

    qtbot.wait(20)
    shown = [w for cls in (WrapButton, WrapCheckBox) for w in page.findChildren(cls)
             if w.isVisible()]
    assert shown
    assert any(w.heightForWidth(w.width()) > w.sizeHint().height() for w in shown), \
        "no link needs two lines here: the check below would prove nothing"
    for w in shown:
        assert w.height() >= w.heightForWidth(w.width()), w.text()


def test_english_counts_agree_with_their_nouns():
    """"1 item", "3 items": no "item(s)" in the English interface."""
    from desktop_app.gui.strings import UI, tr

    one = tr("next.apply", "en", n=1, bureau="bureau", items="(3)")
    many = tr("next.apply", "en", n=3, bureau="bureau", items="(3)")
    assert one.startswith("Apply: 1 item to") and many.startswith("Apply: 3 items to")
    assert all("{n}" in e["en"] for e in UI.values() if "(s)" in e.get("en", ""))
