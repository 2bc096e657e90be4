"""The answers that matter most, first (core/priorities.py) and their links in the wizard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from gui_helpers import make_window, public_profiles, walk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.core.assess import assess, assess_facts
from desktop_app.core.facts import validate_profile
from desktop_app.core.priorities import rank_open_questions

PROFILES = dict(public_profiles())
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
TODAY = date(2026, 11, 22)


def _any_value(fact):
    return {"bool": True, "money": 1_000_000, "count": 1, "year": 2025,
            "enum": (fact.options or [{"value": None}])[0]["value"], "text": "x"}[fact.type]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_ranked_questions_are_open_and_settle_what_they_say(db, name):
    facts = validate_profile(PROFILES[name], db)
    report = assess_facts(facts, db, TODAY)
    ranked = rank_open_questions(report, db, facts)
    missing = {f for r in report.results if r.verdict == "uncertain" for f in r.missing_facts}
    assert {q.fact_id for q in ranked.questions} == missing - set(facts)
    assert len({q.fact_id for q in ranked.questions}) == len(ranked.questions)
    assert ranked.top == [q.fact_id for q in ranked.questions[:3]]
    # answer the top questions (any value): each item they were said to settle is settled
    answered = dict(facts)
    for fact_id in ranked.top:
        answered[fact_id] = _any_value(db.facts[fact_id])
    after = assess_facts(answered, db, TODAY)
    for item_id in ranked.top_items:
        result = after.result(item_id)
        assert result.verdict != "uncertain" or not set(result.missing_facts) & \
            set(report.result(item_id).missing_facts), item_id


def test_first_question_settles_the_most_money(db):
    # mentougou-03 begun (its compute cost given), open on 优质信软企业: up to 400,000
    facts = {"company.district": "mentougou", "company.is_info_software": True,
             "ai.compute_cost_yuan": 2_000_000}
    report = assess(facts, db, TODAY)
    ranked = rank_open_questions(report, db, facts)
    first = ranked.questions[0]
    assert first.fact_id == "mentougou.quality_firm"
    assert "mentougou-03" in first.items and first.amount_yuan >= 400_000
    assert first.amount_yuan == max(q.amount_yuan for q in ranked.questions)
    assert ranked.headline("zh").startswith("回答这3个问题，可确定")
    assert f"{ranked.top_amount_yuan:,}" in ranked.headline("zh")
    assert "“" not in ranked.headline("en") and "，" not in ranked.headline("en")


def test_items_not_begun_are_never_summed(db):
    facts = validate_profile(PROFILES["mentougou-ai-and-data"], db)
    report = assess_facts(facts, db, TODAY)
    unbegun = set(report.totals.not_started_items)
    assert unbegun
    ranked = rank_open_questions(report, db, facts)
    for q in ranked.questions:
        if set(q.items) <= unbegun:
            assert q.amount_yuan == 0, q.fact_id
    assert ranked.questions[0].fact_id == "company.annual_revenue_yuan"  # two items at once


def test_stacking_group_counted_once(db):
    # (一)(三)(四) of Mentougou do not stack: a question bearing on two of them counts the best
    report = assess({"company.district": "mentougou", "company.is_info_software": True,
                     "mentougou.quality_firm": True, "ai.compute_cost_yuan": 2_000_000,
                     "ai.model_api_cost_yuan": 1_000_000}, db, TODAY)
    ranked = rank_open_questions(report, db)
    groups = {i: g.group_id for g in db.stacking for i in g.items}
    for q in ranked.questions:
        best = {}
        for item_id in q.items:
            r = report.result(item_id)
            key = groups.get(item_id, item_id)
            best[key] = max(best.get(key, 0), r.max_amount_yuan or 0)
        assert q.amount_yuan <= sum(best.values())


def test_nothing_open_nothing_ranked(db):
    report = assess(PROFILES["dongcheng-negative-list"], db, TODAY)
    ranked = rank_open_questions(report, db)
    assert ranked.questions == [] and ranked.headline() == ""


def test_links_on_results_and_review_go_to_the_field_and_back(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILES["mentougou-ai-and-data"])
    box = win.results.inner.findChild(QLabel, "headline")
    assert box is not None and box.text().startswith("回答这3个问题")
    link = win.results.inner.findChild(QPushButton, "ask:company.annual_revenue_yuan")
    label = db.facts["company.annual_revenue_yuan"].label("zh")
    assert link is not None and link.accessibleName() == f"去回答：{label}"
    assert link.text() == f"1. {label} — 关系到 2 项条款"  # not begun: items, no sum
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    q = win.question("company.annual_revenue_yuan")
    assert win.wizard.currentId() == win.fact_page["company.annual_revenue_yuan"]
    assert win.focusWidget() is q.edit
    back = win.wizard.button(win.wizard.WizardButton.CustomButton2)
    assert back.isVisible() and back.text() == "返回结果页(&V)"
    q.edit.setText("3000万")
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert win.wizard.currentId() == win.results_id
    assert "company.annual_revenue_yuan" not in \
        win.results.report.result("mentougou-10-1").missing_facts
    # the review page has the same box
    win.goto_page(win.review_id)
    assert win.review.inner.findChild(QLabel, "headline") is not None


def test_next_steps_from_the_texts_data(db):
    from desktop_app.core.priorities import next_steps

    report = assess(PROFILES["mentougou-ai-and-data"], db, TODAY)
    steps = next_steps(report, db)
    assert steps.apply == [r.item_id for r in report.results if r.verdict == "eligible"]
    assert set(steps.ask) == {r.item_id for r in report.results if r.verdict == "uncertain"}
    contact = steps.contacts[0]
    assert contact.policy_id == "mentougou" and contact.phone == "010-61801608"
    assert {c.policy_id for c in steps.contacts} <= {"mentougou", "dongcheng"}
    text = (SHARED / "policies" / db.policies["mentougou"].source_file).read_text("utf-8")
    assert "咨询和联系电话：010-61801608" in text  # the phone shown is the text's own
    wanted = [m["zh"] for i in steps.apply for m in db.item_by_id[i].materials]
    assert [m.zh for m in steps.prepare] == list(dict.fromkeys(wanted))  # each once
    dongcheng = next_steps(assess(PROFILES["dongcheng-cloud-and-events"], db, TODAY), db)
    assert {c.policy_id: c.phone for c in dongcheng.contacts}["dongcheng"] is None  # none given


def test_results_cards_and_next_panel_show_materials_and_whom_to_ask(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, PROFILES["mentougou-ai-and-data"])
    card = win.results.card("mentougou-03")
    materials = card.findChild(QLabel, "materials").text()
    assert all(m["zh"] in materials for m in db.item_by_id["mentougou-03"].materials)
    assert "010-61801608" in card.findChild(QLabel, "contact").text()
    assert card.findChild(QLabel, "ask") is not None  # questions for the bureau, eligible too
    ineligible = next(r.item_id for r in win.results.report.results
                      if r.verdict == "ineligible")
    from gui_helpers import card_of

    assert card_of(win.results, ineligible).findChild(QLabel, "materials") is None
    win.results.policy.setCurrentIndex(0)  # every policy again
    # what the draft applies for: of a same-project group, the item counted, each named
    # as its card is; the other said to be the same project, not claimed twice
    report = win.results.report
    counted = [r for r in report.results if r.verdict == "eligible" and r.counted_in_total]
    other = [r for r in report.results if r.verdict == "eligible" and not r.counted_in_total]
    assert counted and other
    apply, one = [w.text() for w in win.results.inner.findChildren(QLabel, "next:apply")]
    assert apply == (f"申请：向门头沟区经济和信息化局申请 {len(counted)} 项：门头沟区"
                     + "、".join(db.item_by_id[r.item_id].article for r in counted) + "。")
    assert one.startswith(f"另有门头沟区{db.item_by_id[other[0].item_id].article}与所列条款"
                          "按同一项目择优，不重复申请")
    assert "010-61801608" in win.results.inner.findChild(QLabel, "next:ask").text()
    assert "准备" in win.results.inner.findChild(QLabel, "next:prepare").text()
    win.set_language("en")
    panel = win.results.inner.findChild(QLabel, "next:apply").text()
    assert panel.startswith(f"Apply: {len(counted)} items to the Mentougou")


def test_the_apply_line_names_as_many_items_as_it_counts(qtbot, db):
    """"申请 3 项：东城区第九条、第十条" named two articles for three items (第九条-1 and
    -3 stood once): each item is named as its card names it."""
    profile = {"company.district": "dongcheng", "company.is_digital_economy_core": True,
               "company.is_sme": True, "assessment.year": 2025,
               "compliance.lawful_and_sound_finance": True,
               **{f"compliance.{k}": False for k in (
                   "major_safety_accident", "major_pollution_accident",
                   "serious_quality_problem", "serious_dishonesty", "tax_evasion_case",
                   "on_blacklist")},
               "ai.genai_model_filed": True, "ai.benchmark_application_investment_yuan": 5_000_000,
               "ai.municipal_voucher_yuan": 200_000}
    win = make_window(qtbot, db)
    walk(qtbot, win, profile)
    apply = win.results.inner.findChild(QLabel, "next:apply").text()
    assert apply == "申请：向东城区经济和信息化局申请 3 项：东城区第九条-1、第九条-3、第十条。"


def test_a_barred_firm_is_told_once_what_bars_it(qtbot, db):
    from desktop_app.core.priorities import next_steps

    report = assess(PROFILES["dongcheng-negative-list"], db, TODAY)
    steps = next_steps(report, db)
    assert steps.apply == [] and steps.ask == []
    assert [p for p, _, _ in steps.blocked] == ["dongcheng"]  # once, not once per item
    assert "不予支持" in steps.blocked[0][1]
    win = make_window(qtbot, db)
    assert win.open_case(str(next(p for p in (SHARED / "acceptance" / "examples").glob("*.json")
                                  if p.stem == "dongcheng-negative-list")), goto=win.results_id)
    labels = [w.text() for w in win.results.inner.findChildren(QLabel)
              if w.objectName() == "next:blocked"]
    assert len(labels) == 1 and labels[0].startswith("受阻：东城区的条款均不能申请")
    # nothing to claim is said so, not "可申请条款合计不超过 0 元" under a stacking rule
    assert win.results.totals.text() == "暂无可申请的条款。"
