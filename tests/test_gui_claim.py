"""The results page's editing: one project or separate ones; requested amounts and project
descriptions, saved in the case and read back."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import answer, make_window, public_profiles, walk
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QLineEdit, QMessageBox

from desktop_app.core.application import outline_text
from desktop_app.core.assess import assess_facts
from desktop_app.core.case_file import read_case
from desktop_app.core.facts import format_yuan

PROFILE = dict(public_profiles())["mentougou-ai-and-data"]
GROUP_ITEMS = ("mentougou-01", "mentougou-03", "mentougou-04")


def _ai_group(db):
    return next(g.group_id for g in db.stacking if set(GROUP_ITEMS) <= set(g.items))


def test_separate_projects_asked_stored_and_totals_at_once(qtbot, db, monkeypatch, tmp_path):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    page = win.results
    group = _ai_group(db)
    check = page.inner.findChild(QCheckBox, f"separate:{group}")
    assert check is not None and not check.isChecked()
    before = page.report.totals.eligible_total_yuan
    check.click()
    assert win.answers["stacking.separate_projects"] == [group]
    after = page.report.totals
    expected = assess_facts(dict(win.answers), db, date.today()).totals
    assert after.eligible_total_yuan == expected.eligible_total_yuan > before
    assert format_yuan(after.eligible_total_yuan) in page.totals.text()
    assert win.dirty
    check = page.inner.findChild(QCheckBox, f"separate:{group}")
    assert check.isChecked() and win.focusWidget() is check  # drawn anew, focus kept
    target = tmp_path / "firm.pscase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert win.save_as()
    assert read_case(target)["profile"]["stacking.separate_projects"] == [group]
    check.click()  # one project again
    assert "stacking.separate_projects" not in win.answers
    assert page.report.totals.eligible_total_yuan == before


def test_ticking_a_project_box_keeps_the_view_where_it_was(qtbot, db):
    from PySide6.QtCore import Qt

    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    page = win.results
    bar = page.scroll.verticalScrollBar()
    check = page.inner.findChild(QCheckBox, f"separate:{_ai_group(db)}")
    bar.setValue(check.mapTo(page.inner, check.rect().topLeft()).y() - 20)
    keep = bar.value()
    assert keep > 0 and bar.maximum() > keep + 200  # a long page, scrolled a little
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)  # the page is drawn anew
    check = page.inner.findChild(QCheckBox, f"separate:{_ai_group(db)}")
    assert check.isChecked() and win.focusWidget() is check
    assert bar.value() == keep  # not walked to the bottom with the focus


def _claim(page, item_id):
    return page.card(item_id).claim


def test_requested_amount_within_bound_saved_and_read_back(qtbot, db, monkeypatch, tmp_path):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    page = win.results
    row = _claim(page, "mentougou-03")
    bound = page.report.result("mentougou-03").max_amount_yuan
    assert row.edit.placeholderText() == format_yuan(bound)
    assert row.edit.accessibleName().startswith("申请金额：门头沟区")
    row.edit.setText("9,000,000")
    row.edit.editingFinished.emit()
    assert win.application.entry("mentougou-03").requested_yuan == bound  # never above
    assert "不能超过上限" in row.note.text() and row.edit.text() == format_yuan(bound)
    row.edit.setText("30万")
    row.edit.editingFinished.emit()
    assert win.application.entry("mentougou-03").requested_yuan == 300_000
    assert "申请金额合计" in page.totals.text()
    row.edit.setText("-1")
    row.edit.editingFinished.emit()
    assert row.note.text() and win.application.entry("mentougou-03").requested_yuan == 300_000

    # the description, written in its dialog: it starts with the outline as text, the
    # cursor after the first heading; OK on the outline alone stores nothing
    seen = []

    def fill_dialog(typed):
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if w.objectName() == "description_dialog" and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, lambda: fill_dialog(typed))
            return
        box = dialogs[0].text
        seen.append((box.toPlainText(), box.textCursor().position()))
        if typed:
            box.insertPlainText(typed)  # at the cursor, as typing does
        dialogs[0].accept()
    QTimer.singleShot(0, lambda: fill_dialog(""))
    row.describe.click()
    assert seen[0] == (outline_text("zh"), len("项目名称："))
    assert win.application.entry("mentougou-03").description == ""
    assert "已填写" not in row.describe.text()
    QTimer.singleShot(0, lambda: fill_dialog("行业大模型训练"))
    row.describe.click()
    described = win.application.entry("mentougou-03").description
    assert described.startswith("项目名称：行业大模型训练\n实施时间：")  # headings kept
    assert "已填写" in row.describe.text()

    target = tmp_path / "firm.pscase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    assert win.save_as()
    stored = read_case(target)["application"]["items"]["mentougou-03"]
    assert stored["requested_yuan"] == 300_000 and stored["description"].startswith("项目名称")

    again = make_window(qtbot, db)
    assert again.open_case(str(target), goto=again.results_id)
    row = _claim(again.results, "mentougou-03")
    assert row.edit.text() == "300,000"
    assert again.application.entry("mentougou-03").description.startswith("项目名称")


SHARE_FIRM = {  # 第九条-3's share is unpublished: its bound is the investment at 100 %
    "company.name": "北京东城标杆应用科技有限公司", "company.district": "dongcheng",
    "company.is_digital_economy_core": True, "company.is_sme": True, "assessment.year": 2025,
    "compliance.lawful_and_sound_finance": True, "compliance.major_safety_accident": False,
    "compliance.major_pollution_accident": False, "compliance.serious_quality_problem": False,
    "compliance.serious_dishonesty": False, "compliance.tax_evasion_case": False,
    "compliance.on_blacklist": False, "ai.genai_model_filed": True,
    "ai.benchmark_application_investment_yuan": 5_000_000,
    "cloud.zijin_contract_yuan": None,
}


def test_a_blank_amount_says_what_the_draft_asks_for_where_it_is_not_the_bound(qtbot, db):
    """Left blank, an amount asked for the bound: for 第九条-3 (一定比例, unpublished) the
    whole 5,000,000 investment, and for an open item money not yet confirmed. The note
    and the placeholder now say what the draft writes instead; the total leaves them out."""
    win = make_window(qtbot, db)
    walk(qtbot, win, {k: v for k, v in SHARE_FIRM.items() if v is not None})
    page = win.results
    share = _claim(page, "dongcheng-09-3")
    assert page.report.result("dongcheng-09-3").verdict == "eligible"
    assert share.edit.placeholderText() == "确认比例后填写"
    assert share.note.text() == ("支持比例未公布：留空则草稿中写“确认比例后填写”"
                                 "（上限 5,000,000 元按比例 100% 计）")
    plain = _claim(page, "dongcheng-09-1")
    assert plain.note.text() == "留空即按上限 2,000,000 元申请"
    open_rows = [r for r in page.report.results if r.verdict == "uncertain"
                 and r.max_amount_yuan is not None]
    assert open_rows
    opened = _claim(page, open_rows[0].item_id)
    assert opened.edit.placeholderText() == "确认后填写"
    assert opened.note.text().startswith("待确认：留空则草稿中写“确认后填写”")
    # the total says which bound takes the unpublished share at 100 %
    assert "其中第九条-3的条款未公布支持比例，上限按比例 100% 计" in page.totals.text()
    # the total requested leaves out the share row until the firm types an amount
    assert "申请金额合计 2,000,000 元" in page.totals.text()
    share.edit.setText("100万")
    share.edit.editingFinished.emit()
    assert "申请金额合计 3,000,000 元" in page.totals.text()


@pytest.mark.parametrize("choice", ["enter", "prompt:discard", "prompt:cancel"])
def test_escape_in_the_description_asks_before_dropping_what_was_typed(qtbot, db, choice):
    """Escape in the 项目情况说明 dropped the typing without a word. Now a changed text is
    asked about: 保存 is the default (Enter), 不保存 drops it, 返回修改 returns to it."""
    from gui_helpers import when_modal
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    row = _claim(win.results, "mentougou-03")
    seen = []

    def answer_prompt(box):
        default = next(b for b in box.findChildren(QPushButton) if b.isDefault())
        seen.append((box.text(), default.objectName()))
        if choice == "enter":
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(box.findChild(QPushButton, choice), Qt.MouseButton.LeftButton)

    def type_and_escape(dialog):
        dialog.text.insertPlainText("行业大模型训练")
        when_modal("prompt", answer_prompt)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
        if choice == "prompt:cancel":  # back at the text, still open: OK stores it
            assert dialog.isVisible() and "行业大模型训练" in dialog.text.toPlainText()
            dialog.accept()

    when_modal("description_dialog", type_and_escape)
    row.describe.click()
    assert seen == [("项目情况说明已修改，是否保存？", "prompt:save")]
    stored = win.application.entry("mentougou-03").description
    if choice == "prompt:discard":
        assert stored == ""
    else:
        assert stored.startswith("项目名称：行业大模型训练")


def test_autosave_keeps_the_application(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    row = _claim(win.results, "mentougou-03")
    row.edit.setText("100000")
    row.edit.editingFinished.emit()
    win.autosave_now()
    case = win.session.read()
    assert case["application"]["items"]["mentougou-03"]["requested_yuan"] == 100_000


def test_ineligible_items_have_no_claim_row(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILE)
    from gui_helpers import card_of

    for result in win.results.report.results:
        card = card_of(win.results, result.item_id)
        has_row = card.findChild(QLineEdit, "requested") is not None
        assert has_row == (result.verdict != "ineligible"), result.item_id


def test_the_export_dialog_names_the_file_as_it_is_titled(qtbot, db, monkeypatch):
    """An application draft is offered as 申报材料草稿-<firm>-<date>, a record of a firm with
    nothing to apply for as 自评结果-… (both were 政策自评结果-<firm>)."""
    from pathlib import Path

    offered = []

    def cancel(parent, title, start, *args, **kwargs):
        offered.append(Path(start).name)
        return "", ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(cancel))
    for name, prefix in (("mentougou-ai-and-data", "申报材料草稿-"),
                         ("dongcheng-negative-list", "自评结果-")):
        win = make_window(qtbot, db)
        walk(qtbot, win, dict(public_profiles())[name])
        win.results.start_export("docx")
        firm = dict(public_profiles())[name].get("company.name", "")
        assert offered[-1].startswith(prefix + firm) and offered[-1].endswith(".docx")
