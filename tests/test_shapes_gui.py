"""The clause shapes' facts in the wizard (pytest-qt, headless): asked only when an item
reads them, a decimal typed as a firm would, and the results the core gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from gui_helpers import fill, make_window, shown_results, walk

from clause_db.build import build
from desktop_app.core.assess import assess_facts
from desktop_app.core.clausedb import open_db
from desktop_app.core.facts import validate_profile

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_policy"
FIRM = {
    "company.name": "北京示例科技有限公司",
    "company.district": "haidian",
    "company.annual_revenue_yuan": 600000000,
    "growth.last_year_revenue_yuan": 90000000,
    "growth.rd_spend_yuan": 40000000,
    "growth.last_year_rd_spend_yuan": 30000000,
    "growth.leased_area_m2": 1200.5,
    "growth.rent_per_m2_day": 2.75,
    "growth.lease_days": 200,
    "growth.new_hires": 60,
    "growth.headcount": 110,
    "growth.last_year_headcount": 100,
}


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    path, _ = build(tmp_path_factory.mktemp("synthetic_gui") / "clauses.sqlite", FIXTURE)
    return open_db(path)


def _topics_seen(win, seen):
    return [win.topic_pages[p].topic.topic_id for p in seen if p in win.topic_pages]


def test_the_growth_page_is_not_offered_for_todays_policies(qtbot, db):
    win = make_window(qtbot, db)
    seen, _ = walk(qtbot, win, {"company.district": "mentougou",
                                "company.is_info_software": True, "assessment.year": 2025})
    assert "growth" not in _topics_seen(win, seen)
    assert "growth" not in win.relevant_topic_ids
    # not even as a greyed step: no item of today's policies reads its facts
    steps = [win.steps.item(i).text() for i in range(win.steps.count())]
    assert not any("增长、研发" in s for s in steps), steps
    assert "growth" not in [p.topic.topic_id for p in win.topic_pages.values()]


def test_a_policy_with_shapes_asks_them_and_shows_the_cores_results(qtbot, synthetic_db):
    win = make_window(qtbot, synthetic_db)
    seen, never_asked = walk(qtbot, win, FIRM)
    assert "growth" in _topics_seen(win, seen)
    assert win.answers["growth.leased_area_m2"] == 1200.5
    assert win.answers["growth.rent_per_m2_day"] == 2.75
    facts = validate_profile(FIRM, synthetic_db)
    report = assess_facts(facts, synthetic_db, date.today())
    assert shown_results(win, synthetic_db) == {r.item_id: (r.verdict, r.max_amount_yuan)
                                                for r in report.results}
    # 1000 m² (capped) × 2.75 × 200 days × 50% = 275,000
    assert shown_results(win, synthetic_db)["synthetic-02"] == ("eligible", 275000)


@pytest.mark.parametrize("typed, ok", [("1200.5", True), ("88", True), ("1.234", False),
                                       ("-3", False), ("abc", False)])
def test_a_decimal_question_checks_what_is_typed(qtbot, synthetic_db, typed, ok):
    from desktop_app.gui.fields import make_question

    q = make_question(synthetic_db.fact("growth.leased_area_m2"), synthetic_db, "zh")
    qtbot.addWidget(q)
    fill(qtbot, q, typed)
    assert q.is_valid() is ok
    assert (q.value() is not None) is ok
    assert bool(q.error_text()) is not ok
