"""Nothing lost: autosave and resume, case files, recent cases, New asks first."""

from __future__ import annotations

import json

from gui_helpers import (
    answer,
    fill,
    make_window,
    press_next,
    prompts,
    public_profiles,
    session_files,
    type_text,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from desktop_app.core.case_file import read_case
from desktop_app.gui import session

PROFILE = dict(public_profiles())["mentougou-ai-and-data"]


def _type_some(qtbot, win):
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    fill(qtbot, win.question("company.name"), "北京示例智算科技有限公司")
    fill(qtbot, win.question("company.is_info_software"), True)
    q = win.question("company.annual_revenue_yuan")
    q.unit.setCurrentIndex(q.unit.findData("wan"))
    type_text(qtbot, q.edit, "800")


def test_declining_resume_keeps_it_restorable(qtbot, db):
    left = session.new_session()
    left.write({"company.district": "haidian"}, {"dirty": True})
    left.release()  # its window is gone
    win = make_window(qtbot, db)
    seen = prompts(qtbot, "prompt:not_now")
    assert not win.offer_resume()
    assert seen[0]["default"] == "prompt:resume"
    assert win.answers == {}
    assert session_files() == [f"{left.session_id}.discarded.json"]
    # not lost: File > Restore discarded answers
    win.act_restore.trigger()
    assert win.answers == {"company.district": "haidian"} and win.dirty


def test_no_autosave_no_question(qtbot, db):
    win = make_window(qtbot, db)
    seen = prompts(qtbot)
    assert not win.offer_resume()
    qtbot.wait(50)
    assert seen == []


def test_save_as_open_and_recent(qtbot, db, monkeypatch, tmp_path, capsys):
    win = make_window(qtbot, db)
    _type_some(qtbot, win)
    target = tmp_path / "firm"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    win.act_save_as.trigger()
    saved = tmp_path / "firm.pscase"
    assert read_case(saved)["profile"] == win.answers
    assert not win.dirty and "*" not in win.windowTitle()
    assert session_files() == []  # saved: nothing left to resume
    assert session.recent_cases() == [str(saved.resolve())]
    # the command line reads the same file
    from desktop_app.cli import main

    assert main(["assess", str(saved), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["results"]) == len(db.items)

    win.new_assessment()  # nothing unsaved: no question
    assert win.answers == {} and win.wizard.currentId() == 0
    win._fill_recent()
    actions = [a for a in win.recent_menu.actions() if a.isEnabled()]
    assert len(actions) == 1 and str(saved.resolve()) in actions[0].text()
    actions[0].trigger()
    assert win.answers == read_case(saved)["profile"]
    assert win.wizard.currentId() == win.review_id


def test_open_a_profile_with_a_bad_value(qtbot, db, monkeypatch, tmp_path):
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"company.district": "mentougou",
                                "ai.compute_cost_yuan": -5}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    win = make_window(qtbot, db)
    win.act_open.trigger()
    assert win.answers == {"company.district": "mentougou"}
    assert calls[-1][0] == "warning" and "负数" in calls[-1][1][1]
    q = win.question("ai.compute_cost_yuan")
    assert q.edit.text() == "-5" and q.error.text()  # shown, marked, not used


def test_close_with_unsaved_answers_keeps_the_autosave(qtbot, db):
    win = make_window(qtbot, db)
    _type_some(qtbot, win)
    win.close()  # at once, before the debounce fires
    assert read_case(win.session.path)["profile"] == win.answers


def test_line_edit_undo(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    q = win.question("company.name")
    type_text(qtbot, q.edit, "abc")
    q.edit.setFocus()
    win.act_undo.trigger()
    assert q.edit.text() != "abc"
    assert win.answers.get("company.name") != "abc"


def test_not_sure_comes_back_as_chosen(qtbot, db, tmp_path):
    """不确定 leaves the fact unknown, and the window remembers it was chosen: in the saved
    case file, in the autosave that is offered back, on the review page, and on the
    question when the case is opened again (it came back blank: answered questions looked
    lost)."""
    win = make_window(qtbot, db)
    _type_some(qtbot, win)
    q = win.question("mentougou.quality_firm")
    qtbot.mouseClick(q.radios["unsure"], Qt.MouseButton.LeftButton)
    assert "mentougou.quality_firm" not in win.answers
    assert win.unsure == {"mentougou.quality_firm"} and win.dirty
    path = tmp_path / "firm.pscase"
    assert win.save_to(str(path))
    case = read_case(path)
    assert "mentougou.quality_firm" not in case["profile"]
    assert case["meta"]["unsure"] == ["mentougou.quality_firm"]
    win.goto_page(win.review_id)
    assert win.review.findChild(QLabel, "value:mentougou.quality_firm").text() == "不确定"

    again = make_window(qtbot, db)
    assert again.open_case(str(path))
    assert again.question("mentougou.quality_firm").radios["unsure"].isChecked()
    assert again.unsure == {"mentougou.quality_firm"} and not again.dirty
    # 是 replaces it; saved, the mark is gone
    qtbot.mouseClick(again.question("mentougou.quality_firm").radios["yes"],
                     Qt.MouseButton.LeftButton)
    assert again.unsure == set() and again.answers["mentougou.quality_firm"] is True
    again.save_to(str(path))
    assert "unsure" not in read_case(path)["meta"]

    # the autosave of a window closed with unsaved answers keeps it too
    third = make_window(qtbot, db)
    third.open_case(str(path))
    qtbot.mouseClick(third.question("mentougou.quality_firm").radios["unsure"],
                     Qt.MouseButton.LeftButton)
    third.autosave_now()
    (written,) = [f for f in session_files() if f.endswith(".json")]
    saved = json.loads((session.sessions_dir() / written).read_text(encoding="utf-8"))
    assert saved["meta"]["unsure"] == ["mentougou.quality_firm"]


def test_the_assessment_date_is_set_kept_with_the_case_and_said(qtbot, db, tmp_path):
    """The wizard assessed on today only: a case's date, a final edition in force next
    year, could not be seen (an analyst's check of a pack's editions). 编辑 → 评估日期…
    sets it, by keyboard; the results say it is a date set; the case keeps it."""
    from datetime import date

    from gui_helpers import when_modal
    from PySide6.QtWidgets import QDateEdit

    win = make_window(qtbot, db)
    _type_some(qtbot, win)
    picked = []

    def pick(dialog):
        edit = dialog.findChild(QDateEdit, "date")
        edit.setFocus()
        edit.setDate(edit.date().fromString("2026-06-01", "yyyy-MM-dd"))
        qtbot.keyClick(edit, Qt.Key.Key_Home)  # to the year: two years on, by the arrows
        qtbot.keyClick(edit, Qt.Key.Key_Up)
        qtbot.keyClick(edit, Qt.Key.Key_Up)
        picked.append(edit.date().toString("yyyy-MM-dd"))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    when_modal("date_dialog", pick)
    win.act_as_of.trigger()
    assert picked == ["2028-06-01"]
    assert win.as_of == date(2028, 6, 1) and win.dirty
    win.goto_page(win.results_id)
    report = win._results.report
    assert report.as_of == date(2028, 6, 1)
    assert "评估日期 2028-06-01（指定日期" in win._results.subtitle.text()
    path = tmp_path / "dated.pscase"
    assert win.save_to(str(path))
    assert read_case(path)["meta"]["as_of"] == "2028-06-01"
    again = make_window(qtbot, db)
    assert again.open_case(str(path)) and again.as_of == date(2028, 6, 1)
    again.new_assessment()  # a new assessment is on today again
    assert again.as_of is None and again.assessment_date() == date.today()


def test_an_acceptance_style_cases_date_is_the_wizards(qtbot, db, tmp_path):
    """{"name", "as_of", "profile", "expect"}: the wizard ignored its as_of."""
    from datetime import date

    path = tmp_path / "case.json"
    path.write_text(json.dumps({"name": "x", "as_of": "2026-11-22", "profile": {
        "company.district": "mentougou"}, "expect": {}}), encoding="utf-8")
    win = make_window(qtbot, db)
    assert win.open_case(str(path)) and win.as_of == date(2026, 11, 22)


def test_the_questions_that_matter_most_say_a_blank_amount_is_not_none(qtbot, db):
    """A firm with no such investment left the amount blank and was sent back to it as a
    question that matters most, not told that 0 answers it (a first-time user)."""
    from PySide6.QtWidgets import QFrame

    from desktop_app.core.assess import assess_facts
    from desktop_app.core.priorities import rank_open_questions

    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    fill(qtbot, win.question("company.is_info_software"), True)
    ranked = rank_open_questions(assess_facts(dict(win.answers), db, win.assessment_date()),
                                 db, win.answers)
    assert any(db.facts[f].type == "money" for f in ranked.top)
    win.goto_page(win.review_id)
    box = win.review.inner.findChild(QFrame, "priorities")
    zero = box.findChild(QLabel, "zero")
    assert zero is not None and zero.text() == "没有发生的金额请填 0（留空表示尚不清楚）。"


def test_the_welcome_offers_the_cases_last_saved(qtbot, db, tmp_path, monkeypatch):
    """A returning firm started on a blank assessment and found its case only under
    文件 → 最近的自评 (a first-time user's second visit)."""
    from PySide6.QtWidgets import QPushButton

    win = make_window(qtbot, db)
    _type_some(qtbot, win)
    path = tmp_path / "甲公司.pscase"
    assert win.save_to(str(path))
    again = make_window(qtbot, db)
    qtbot.waitUntil(lambda: again.welcome.recent is not None, timeout=3000)
    (link,) = again.welcome.recent.findChildren(QPushButton, "recent_case")
    assert link.text().startswith("甲公司") and str(path) in link.text()
    link.setFocus()
    qtbot.keyClick(link, Qt.Key.Key_Return)  # Enter on it opens the case
    assert again.case_path == str(path.resolve())
    assert again.answers == win.answers
