"""The wizard walked as a firm would: typing, clicking and pressing Next (headless)."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import (
    answer,
    fill,
    make_window,
    next_button,
    press_next,
    prompts,
    public_profiles,
    shown_results,
    walk,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QWizard

from desktop_app.core.assess import assess_facts
from desktop_app.core.facts import format_yuan, validate_profile
from desktop_app.gui import dialogs
from desktop_app.gui.results import ResultCard

PROFILES = public_profiles()


@pytest.mark.parametrize("name,profile", PROFILES, ids=[n for n, _ in PROFILES])
def test_walk_matches_core(qtbot, db, name, profile):
    win = make_window(qtbot, db)
    seen, never_asked = walk(qtbot, win, profile)
    facts = validate_profile(profile, db)
    # what was typed is what the core would read from the profile
    assert {k: win.answers[k] for k in win.answers} == \
        {k: v for k, v in facts.items() if k not in never_asked}
    report = assess_facts(facts, db, date.today())
    expected = {r.item_id: (r.verdict, r.max_amount_yuan) for r in report.results}
    assert shown_results(win, db) == expected
    totals = win.results.totals.text()
    if any(r.verdict == "eligible" for r in report.results):
        assert f"可申请条款合计不超过 {format_yuan(report.totals.eligible_total_yuan)} 元" in totals
    else:  # nothing to claim is said so, not "at most 0 yuan"
        assert totals.startswith("暂无可申请的条款。") and "不超过 0 元" not in totals, totals
    t = report.totals
    if t.uncertain_total_yuan:
        assert f"待确认条款合计不超过 {format_yuan(t.uncertain_total_yuan)} 元" in totals
    else:  # no "at most 0 yuan" for open items whose bounds are not known yet
        assert "待确认条款合计" not in totals, totals
    begun = t.unbounded_begun()  # (the items not begun are counted in their own line)
    assert (f"{len(begun)} 项上限未定" in totals) == bool(begun)
    # Mentougou's 从优、从高、不重复 only where one of its same-project groups is in play
    assert ("从优、从高、不重复" in totals) == bool(report.stacking), totals
    # the pages seen follow the order of the steps and skip what cannot matter
    assert seen == sorted(seen)
    for page_id, page in win.topic_pages.items():
        assert (page_id in seen) == (page.topic.topic_id in win.relevant_topic_ids)


def test_results_show_verdict_by_text_icon_and_colour(qtbot, db):
    profile = dict(PROFILES)["mentougou-ai-and-data"]
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    card = win.results.card("mentougou-03")
    assert card.findChild(QLabel, "verdict").text() == "可申请"
    assert not card.findChild(QLabel, "icon").pixmap().isNull()
    assert "#1b7f3b" in card.findChild(QLabel, "verdict").styleSheet()
    assert card.findChild(QLabel, "amount").text() == "不超过 400,000 元"
    assert card.findChild(QLabel, "met").text() == "满足 5/5 项条件"
    stacking = card.findChild(QLabel, "stacking")  # (一)(三)(四) do not stack
    assert stacking is not None and "建议选择：（三）" in stacking.text()
    assert "mentougou-" not in stacking.text()  # articles, as the titles; not the tool's ids
    notes = win.results.inner.findChild(QLabel, "stacking_notes")
    assert notes is None or "mentougou-" not in notes.text()
    uncertain = win.results.card("mentougou-10-1")
    assert uncertain.findChild(QLabel, "verdict").text() == "待确认"
    assert uncertain.findChild(QLabel, "ask") is not None
    assert "未公布" in uncertain.findChild(QLabel, "amount").text() or \
        "不超过" in uncertain.findChild(QLabel, "amount").text()
    # eligible first, then uncertain, then ineligible
    order = [c.result.verdict for c in win.results.inner.findChildren(ResultCard)]
    assert order == sorted(order, key=["eligible", "uncertain", "ineligible"].index)


def test_a_card_says_the_base_is_not_given_rather_than_not_published(qtbot, db):
    """(四)'s rate is published; the firm has not given its fees: 未填写, as `assess` says.
    (八)-1's text gives no figure at all: 未公布. The cards said 未公布 for both."""
    profile = {"company.district": "mentougou", "company.is_info_software": True,
               "assessment.year": 2025, "mentougou.quality_firm": True,
               "ai.model_api_cost_yuan": 300_000}
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    amount = {i: win.results.card(i).findChild(QLabel, "amount").text()
              for i in ("mentougou-04", "mentougou-08-1")}
    assert amount == {"mentougou-04": "未填写", "mentougou-08-1": "未公布"}


def test_the_totals_name_an_open_item_that_would_give_the_project_more(qtbot, db):
    """(一) eligible at 150,000 is counted for the AI project; (三), begun but open on the
    quality-firm question, would give it 2,000,000. The totals line said only that 13
    other items had no facts yet (a firm could miss the larger one)."""
    profile = {"company.district": "mentougou", "company.is_info_software": True,
               "assessment.year": 2025, "scenario.funding_received_yuan": 500_000,
               "ai.compute_cost_yuan": 10_000_000}
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    text = win.results.totals.text()
    assert "可申请条款合计不超过 150,000 元" in text
    assert "（三）尚待确认：如确认符合，同一项目的上限可从 150,000 元增至 2,000,000 元" in text


def test_the_totals_say_which_money_the_new_firm_receives(qtbot, db):
    """A Chaoyang headquarters founding a Dongcheng firm: dongcheng-07's up to 6,000,000
    is the new firm's (contract section 4). The totals line counted it as the
    headquarters' own pending money without a word, where `assess --format text` says it."""
    profile = {"company.district": "chaoyang", "company.is_hq_or_leading": True,
               "invest.new_digital_subsidiary_paid_in_yuan": 60_000_000,
               "assessment.year": 2025}
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    text = win.results.totals.text()
    assert "待确认条款合计不超过 6,000,000 元" in text
    assert "其中第七条的不超过 6,000,000 元由新涵养的企业申请并获得，不由本企业领取。" in text
    # and 下一步 says who applies for it (it read 申请：向东城区经济和信息化局申请 1 项)
    eligible = {**profile, "compliance.lawful_and_sound_finance": True,
                **{f"compliance.{k}": False for k in (
                    "major_safety_accident", "major_pollution_accident",
                    "serious_quality_problem", "serious_dishonesty", "tax_evasion_case",
                    "on_blacklist")}}
    win = make_window(qtbot, db)
    walk(qtbot, win, eligible)
    box = win.results.findChild(QFrame, "next_steps")
    shown = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "东城区第七条由新涵养的企业（新设立、获得实收资本投资的企业）以其自身名义" in shown
    assert "申请 1 项" not in shown


def test_results_filters(qtbot, db):
    profile = dict(PROFILES)["mentougou-ai-and-data"]
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    page = win.results
    page.hide_ineligible.setChecked(True)
    shown = [r.verdict for r in page.visible_results()]
    assert "ineligible" not in shown and shown
    assert all(c.result.verdict != "ineligible"
               for c in page.inner.findChildren(ResultCard) if not c.isHidden()
               and c.parent() is page.inner)
    page.hide_ineligible.setChecked(False)
    page.policy.setCurrentIndex(page.policy.findData("dongcheng"))
    assert {r.policy for r in page.visible_results()} == {"dongcheng"}
    page.sort.setCurrentIndex(page.sort.findData("clause"))
    assert [r.item_id for r in page.visible_results()] == \
        [i.item_id for i in db.items if i.policy_id == "dongcheng"]


def test_clause_text_is_one_click_away(qtbot, db, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs.TextDialog, "exec", lambda self: shown.append(self) or 0)
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["mentougou-ai-and-data"])
    from PySide6.QtWidgets import QPushButton

    button = win.results.card("mentougou-05").findChild(QPushButton, "clause")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown and db.item_by_id["mentougou-05"].text[:30] in shown[0].browser.toPlainText()
    # named as its card is, not by its id (an English word in the Chinese window)
    assert shown[0].windowTitle() == "条款原文 · 门头沟区（五）"


def test_a_credit_code_being_typed_is_counted_not_refused(qtbot, db):
    """"应为18位，现为17位" stood in red under the field at every key. While the field
    has the focus the characters are counted; leaving it short says what is wrong."""
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    q = win.question("company.uscc")
    q.edit.setFocus()
    qtbot.keyClicks(q.edit, "91110109MA01ABCD1")
    assert q.error.text() == "已输入 17/18 位"
    assert not next_button(win).isEnabled()  # still waiting for the 18th
    q.edit.editingFinished.emit()  # left the field (offscreen, no window is active)
    assert "18" in q.error.text() and "已输入" not in q.error.text()


def test_invalid_uscc_blocks_next(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    basics = win.wizard.currentId()
    q = win.question("company.uscc")
    qtbot.keyClicks(q.edit, "91110109MA01ABCD1X")  # one character mistyped
    # it says the code does not check out and to compare every character, not which last
    # character would pass (which invites a "fix" that hides the real typo)
    assert "校验不通过" in q.error.text() and "逐位核对" in q.error.text()
    assert "W" not in q.error.text() and "应为" not in q.error.text()
    assert not next_button(win).isEnabled()
    qtbot.keyClick(q.edit, Qt.Key.Key_Return)
    assert win.wizard.currentId() == basics
    assert "company.uscc" not in win.answers
    qtbot.keyClick(q.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(q.edit, "w")  # lower case is read as upper case
    assert q.error.text() == ""
    assert win.answers["company.uscc"] == "91110109MA01ABCD1W"
    assert next_button(win).isEnabled()
    qtbot.keyClick(q.edit, Qt.Key.Key_Return)  # Enter = Next
    assert win.wizard.currentId() != basics


def test_haidian_goes_from_basics_to_review(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "haidian")
    assert win.question("company.is_info_software").isHidden()
    # Dongcheng 第七条 pays a new Dongcheng firm whatever the investor's district (contract
    # section 4), so a Haidian firm is asked whether it is a headquarters or leading firm.
    assert not win.question("company.is_hq_or_leading").isHidden()
    fill(qtbot, win.question("company.is_hq_or_leading"), False)
    press_next(qtbot, win)
    assert win.wizard.currentId() == win.review_id
    for page_id in win.topic_pages:
        if page_id != 1:
            item = win.steps.item(page_id)
            assert "无需填写" in item.text()
            # a click on a skipped step stays put and says why
            win._step_clicked(item)
            assert win.wizard.currentId() == win.review_id
            assert "无需填写" in win.statusBar().currentMessage()
            assert "不影响" in item.data(Qt.ItemDataRole.AccessibleTextRole)
            assert "不影响" in item.toolTip()  # said on hover too, before a click


def test_money_in_wan_is_stored_as_yuan(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    q = win.question("ai.compute_cost_yuan")
    q.unit.setCurrentIndex(q.unit.findData("wan"))
    qtbot.keyClicks(q.edit, "150")
    assert win.answers["ai.compute_cost_yuan"] == 1_500_000
    assert "1,500,000" in q.equals.text()
    q.edit.clear()
    qtbot.keyClicks(q.edit, "12.5")
    assert win.answers["ai.compute_cost_yuan"] == 125_000
    q.unit.setCurrentIndex(q.unit.findData("yuan"))
    # 12.5 yuan: the 5 角 are dropped, and the note beside the field says so
    assert win.answers["ai.compute_cost_yuan"] == 12 and q.error.text() == ""
    assert "舍去角分" in q.equals.text()
    q.edit.clear()
    qtbot.keyClicks(q.edit, "1200000")
    q.edit.editingFinished.emit()
    assert q.edit.text() == "1,200,000"
    assert win.answers["ai.compute_cost_yuan"] == 1_200_000
    q.edit.undo()  # the separators were typed in as an edit: undo takes them out again
    assert q.edit.text() == "1200000"


def test_bad_money_message_beside_field(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    # On to the first page that asks for money (the compliance page may come first).
    q = None
    while q is None:
        press_next(qtbot, win)
        page = win.topic_pages[win.wizard.currentId()]
        q = next((q for q in page.questions.values()
                  if q.fact.type == "money" and not q.isHidden()), None)
    for bad in ("-5", "1.2.5", "abc"):
        q.edit.clear()
        qtbot.keyClicks(q.edit, bad)
        assert q.error.text(), bad
        assert q.fact.fact_id not in win.answers
        assert not next_button(win).isEnabled()
    q.edit.clear()
    assert next_button(win).isEnabled()


def test_not_sure_leaves_fact_unknown(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    q = win.question("company.is_info_software")
    fill(qtbot, q, True)
    assert win.answers["company.is_info_software"] is True
    fill(qtbot, q, None)
    assert "company.is_info_software" not in win.answers


def test_switching_language_keeps_answers(qtbot, db):
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    fill(qtbot, win.question("company.district"), "mentougou")
    fill(qtbot, win.question("company.is_info_software"), True)
    fill(qtbot, win.question("company.name"), "北京示例科技有限公司")
    assert win.answers["company.name"] == "北京示例科技有限公司"
    before = dict(win.answers)
    win.lang_actions["en"].trigger()
    assert win.answers == before
    q = win.question("company.is_info_software")
    assert q.label.text() == db.facts["company.is_info_software"].en
    assert q.radios["yes"].text() == "Yes" and q.radios["yes"].isChecked()
    district = win.question("company.district")
    assert district.combo.currentText() == db.facts["company.district"].option_label(
        "mentougou", "en")
    assert next_button(win).text().replace("&", "").startswith("Next")
    win.lang_actions["zh"].trigger()
    assert win.answers == before
    assert q.label.text() == db.facts["company.is_info_software"].zh


def test_results_in_english(qtbot, db):
    win = make_window(qtbot, db, lang="en")
    walk(qtbot, win, dict(PROFILES)["mentougou-ai-and-data"])
    card = win.results.card("mentougou-03")
    assert card.findChild(QLabel, "verdict").text() == "Eligible"
    assert card.findChild(QLabel, "amount").text() == "at most 400,000 yuan"
    assert win.results.card("mentougou-03").findChild(QLabel, "reasons").text() \
        .startswith("• " + win.results.report.result("mentougou-03").reasons_en[0])
    win.lang_actions["zh"].trigger()
    card = win.results.card("mentougou-03")
    assert card.findChild(QLabel, "verdict").text() == "可申请"


def test_glossary_from_a_question(qtbot, db, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs.TextDialog, "exec", lambda self: shown.append(self) or 0)
    win = make_window(qtbot, db)
    press_next(qtbot, win)
    q = win.question("company.is_info_software")
    assert q.help.text() == db.facts["company.is_info_software"].help_zh
    qtbot.mouseClick(q.glossary_button, Qt.MouseButton.LeftButton)
    text = shown[0].browser.toPlainText()
    assert "信软" in text and "门类I" in text
    assert "info-software" not in text  # the Chinese window's glossary is Chinese only
    page = win.wizard.currentId()
    q.glossary_button.setFocus()
    qtbot.keyClick(q.glossary_button, Qt.Key.Key_Return)  # Enter on it opens it, not Next
    assert len(shown) == 2 and win.wizard.currentId() == page


def test_review_lists_answers_and_jumps_back(qtbot, db):
    profile = dict(PROFILES)["mentougou-ai-and-data"]
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    win.wizard.back()
    assert win.wizard.currentId() == win.review_id
    value = win.review.inner.findChild(QLabel, "value:ai.compute_cost_yuan")
    assert value.text() == "2,000,000 元"
    from PySide6.QtWidgets import QPushButton

    button = win.review.inner.findChild(QPushButton, "change:ai")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert win.wizard.currentId() == win.topic_page_id("ai")
    q = win.question("ai.compute_cost_yuan")
    q.edit.clear()
    qtbot.keyClicks(q.edit, "1000000")
    while win.wizard.currentId() != win.results_id:
        press_next(qtbot, win)
    assert win.results.card("mentougou-03").findChild(QLabel, "amount").text() == \
        "不超过 200,000 元"


def test_export_runs_in_a_worker(qtbot, db, monkeypatch, tmp_path):
    import sys
    import types

    written = []

    class ExportError(Exception):
        pass

    def export_report(report, db_, profile, path, lang="zh", application=None):
        if path.endswith(".pdf"):
            raise ExportError("磁盘已满")
        written.append((path, lang, profile["company.name"]))
        open(path, "w").close()
        return path

    from desktop_app.export import suggested_filename

    fake = types.ModuleType("desktop_app.export")
    fake.export_report, fake.ExportError = export_report, ExportError
    fake.suggested_filename = suggested_filename  # (the real one: the dialog's name)
    monkeypatch.setitem(sys.modules, "desktop_app.export", fake)
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.No, calls)
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["mentougou-ai-and-data"])
    qtbot.mouseClick(win.results.export_buttons["html"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.results.is_exporting(), timeout=5000)
    assert written == [(str(target) + ".html", "zh", "北京示例智算科技有限公司")]
    assert calls[-1][0] == "question"  # offered to open the file (declined)
    qtbot.mouseClick(win.results.export_buttons["pdf"], Qt.MouseButton.LeftButton)
    assert not win.results.export_buttons["docx"].isEnabled()  # busy while it runs
    qtbot.waitUntil(lambda: not win.results.is_exporting(), timeout=5000)
    assert calls[-1][0] == "critical" and "磁盘已满" in calls[-1][1][1]
    assert win.results.export_buttons["docx"].isEnabled()


def test_start_again_from_the_results(qtbot, db, monkeypatch):
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["dongcheng-cloud-and-events"])
    assert not next_button(win).isVisible()  # the last page: nothing after it
    seen = prompts(qtbot, "prompt:discard")
    assert win.results.new_button.isVisible()
    qtbot.mouseClick(win.results.new_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0]["default"] == "prompt:save"  # not saved: asked first
    assert win.answers == {} and win.wizard.currentId() == 0
    assert not win.results.new_button.isVisible()


def test_glossary_from_the_help_menu(qtbot, db, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs.TextDialog, "exec", lambda self: shown.append(self) or 0)
    win = make_window(qtbot, db, lang="en")
    win.act_glossary.trigger()
    text = shown[0].browser.toPlainText()
    assert all(g.en_term in text for g in db.glossary)


def test_back_goes_to_the_step_before_even_after_a_jump(qtbot, db):
    """A case opens at its review page (open_case: restart, then straight there), so
    QWizard's own history is [开始, 核对]: Back must still go to the step before."""
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["mentougou-ai-and-data"])
    win.wizard.restart()
    win.goto_page(win.results_id)
    assert win.wizard.visitedIds() == [0, win.results_id]
    back = win.wizard.button(QWizard.WizardButton.BackButton)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert win.wizard.currentId() == win.review_id
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)  # back one step, then on again
    press_next(qtbot, win)
    assert win.wizard.currentId() == win.review_id
    needed = [p for p, page in win.topic_pages.items()
              if page.topic.topic_id in win.relevant_topic_ids]
    for expected in sorted(needed, reverse=True):
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
        assert win.wizard.currentId() == expected
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert win.wizard.currentId() == 0 and not back.isVisible()
    # and Next goes forward again through the same steps (QWizard refuses a page it holds)
    for expected in [*sorted(needed), win.review_id, win.results_id]:
        press_next(qtbot, win)
        assert win.wizard.currentId() == expected


def test_export_says_what_it_will_make(qtbot, db):
    """A firm with something to claim exports its draft application; one on Dongcheng's
    negative list, with nothing to apply for, a record of its self-check (what the file
    then calls itself), in either language."""
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["mentougou-ai-and-data"])
    assert win.results.export_label.text() == "导出申报草稿："
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["dongcheng-negative-list"])
    assert win.results.export_label.text() == "导出自评结果："
    win.set_language("en")
    assert win.results.export_label.text() == "Export the self-check result:"


def test_points_every_item_of_a_policy_shares_are_shown_once(qtbot, db):
    """Dongcheng 第四条's review points and the validity caveat are the same on every
    Dongcheng item: each card says how many there are, and one box under the cards
    lists them once."""
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(PROFILES)["dongcheng-cloud-and-events"])
    report = win.results.report
    shared = report.policy_wide_reasons("zh")["dongcheng"]
    assert shared
    cards = [c for c in win.results.inner.findChildren(ResultCard)
             if c.result.policy == "dongcheng" and c.result.verdict != "ineligible"]
    assert cards
    for card in cards:
        text = card.findChild(QLabel, "reasons").text()
        assert not any(line in text for line in shared), card.result.item_id
        assert "另有东城区各条款共同的" in text
    box = win.results.inner.findChild(QLabel, "shared:dongcheng")
    assert box.text() == "\n".join(f"• {line}" for line in shared)


def test_the_compliance_page_tells_a_firm_elsewhere_why_it_is_asked(qtbot, db):
    """A Mentougou firm reaches Dongcheng's 第四条 questions (第七条 does not depend on the
    investor's district): the page says so; a Dongcheng firm's page does not."""
    for district, noted in (("mentougou", True), ("dongcheng", False)):
        win = make_window(qtbot, db)
        press_next(qtbot, win)
        basics = win.topic_pages[win.wizard.currentId()]
        fill(qtbot, basics.questions["company.district"], district)
        while win.topic_pages.get(win.wizard.currentId()) is None or \
                win.topic_pages[win.wizard.currentId()].topic.topic_id != "compliance":
            press_next(qtbot, win)
        subtitle = win.topic_pages[win.wizard.currentId()].subtitle.text()
        assert ("贵单位不在东城区注册" in subtitle) is noted, district
