"""A clause base with more items than the results page draws at once: the cards come in
batches of CARDS_AT_ONCE, the rest one button press (or keypress) away."""

from __future__ import annotations

import copy
import sqlite3

import pytest
from gui_helpers import make_window, public_profiles, walk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_app.core.clausedb import ClauseDB, read_tables
from desktop_app.gui.results import CARDS_AT_ONCE, ResultCard
from desktop_app.paths import clause_db_path

COPIES = 7


@pytest.fixture(scope="module")
def many_db() -> ClauseDB:
    """Today's Mentougou items seven times over (the copies with their own ids): more
    cards than two batches for a Mentougou firm (another district's clauses, out for the
    district alone, are one line, not cards)."""
    with sqlite3.connect(clause_db_path()) as conn:
        tables = read_tables(conn)
    items = []
    for k in range(COPIES):
        for row in tables["items"]:
            if row["policy_id"] != "mentougou":
                continue
            row = copy.deepcopy(row)
            if k:
                row["item_id"] = f"{row['item_id']}-copy{k}"
            row["seq"] = len(items) + 1
            items.append(row)
    return ClauseDB(dict(tables, items=items), "test-many")


def _cards(page) -> list[str]:
    return [c.result.item_id for c in page.inner.findChildren(ResultCard)
            if c.parent() is page.inner]


def test_results_beyond_one_batch_are_drawn_on_request(qtbot, many_db):
    total = len(many_db.items)
    assert total > 2 * CARDS_AT_ONCE
    win = make_window(qtbot, many_db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    order = [r.item_id for r in page.visible_results()]
    assert _cards(page) == order[:CARDS_AT_ONCE]
    assert f"显示 {CARDS_AT_ONCE}/{total} 项" in page.counts.text()  # the cards on the page
    more = page.findChild(QPushButton, "more_results")
    left = total - CARDS_AT_ONCE
    assert more.text() == f"再显示 {CARDS_AT_ONCE} 项（尚有 {left} 项未显示）"

    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert _cards(page) == order[:2 * CARDS_AT_ONCE]
    assert f"显示 {2 * CARDS_AT_ONCE}/{total} 项" in page.counts.text()
    # the keyboard goes on through the new cards: the first new card's button has the focus
    first_new = page.card(order[CARDS_AT_ONCE])
    assert first_new.isAncestorOf(page.focusWidget() or page)

    more = page.findChild(QPushButton, "more_results")
    more.setFocus()
    qtbot.keyClick(more, Qt.Key.Key_Space)
    assert _cards(page) == order
    assert page.findChild(QPushButton, "more_results") is None
    assert f"显示 {total}/{total} 项" in page.counts.text()


def test_a_redraw_keeps_the_cards_asked_for(qtbot, many_db):
    """A new assessment (an answer or a ticked box changed) or another language draws as
    many cards as the user had asked for; the view does not fall back to the first 50."""
    win = make_window(qtbot, many_db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    qtbot.mouseClick(page.findChild(QPushButton, "more_results"), Qt.MouseButton.LeftButton)
    drawn = _cards(page)
    assert len(drawn) == 2 * CARDS_AT_ONCE
    page.reassess()
    assert _cards(page) == drawn
    win.set_language("en")
    assert _cards(page) == drawn
    assert page.findChild(QPushButton, "more_results").text().startswith("Show ")


def test_a_filter_starts_again_from_the_first_batch(qtbot, many_db):
    win = make_window(qtbot, many_db, lang="en")
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    qtbot.mouseClick(page.findChild(QPushButton, "more_results"), Qt.MouseButton.LeftButton)
    page.hide_ineligible.setChecked(True)
    eligible_or_open = [r.item_id for r in page.visible_results()]
    assert all(r.verdict != "ineligible" for r in page.visible_results())
    assert _cards(page) == eligible_or_open[:CARDS_AT_ONCE]
    more = page.findChild(QPushButton, "more_results")
    if len(eligible_or_open) > CARDS_AT_ONCE:
        left = len(eligible_or_open) - CARDS_AT_ONCE
        assert more.text() == f"Show {min(left, CARDS_AT_ONCE)} more ({left} not shown yet)"
    else:
        assert more is None


def test_todays_base_fits_in_one_batch(qtbot, db):
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    assert len(db.items) <= CARDS_AT_ONCE
    shown = [r.item_id for r in win.results.visible_results()]
    assert _cards(win.results) == shown  # every card of the list, in one batch
    assert "dongcheng-07" in shown  # a headquarters elsewhere may found a Dongcheng firm
    assert win.results.findChild(QPushButton, "more_results") is None


def test_another_districts_clauses_out_for_the_district_are_one_line(qtbot, db):
    """A Dongcheng firm scrolled past fifteen red Mentougou cards saying 未在门头沟区注册
    (a first-time user). They are one line under the cards; choosing the policy shows them."""
    from PySide6.QtWidgets import QLabel

    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["dongcheng-cloud-and-events"])
    page = win.results
    cards = _cards(page)
    assert cards and not any(c.startswith("mentougou-") for c in cards)
    n = sum(i.policy_id == "mentougou" for i in db.items)
    line = page.inner.findChild(QLabel, "elsewhere")
    assert line.text() == (f"另有门头沟区 {n} 项条款因未在该区注册而不适用，未逐项列出"
                           f"（在“政策”中选择该政策可查看）。")
    assert f"显示 {len(cards)}/{len(db.items)} 项" in page.counts.text()
    page.policy.setCurrentIndex(page.policy.findData("mentougou"))
    assert len(_cards(page)) == n
    assert page.inner.findChild(QLabel, "elsewhere") is None
