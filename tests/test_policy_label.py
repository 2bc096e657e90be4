"""A policy named beside its articles: by its district while the base holds one policy
there, by district and title once a pack brings a second (core ClauseDB.policy_label)."""

from __future__ import annotations

import contextlib
import sqlite3

from gui_helpers import make_window, public_profiles, walk
from PySide6.QtWidgets import QLabel

from desktop_app.core.clausedb import ClauseDB, read_tables, sqlite_uri
from desktop_app.paths import clause_db_path

SECOND = "mentougou-b"


def _two_in_mentougou(more: tuple[dict, ...] = ()) -> ClauseDB:
    """Today's base with Mentougou's items from （九） on moved into a second Mentougou
    policy, as a pack bringing another measure of the same district would have it; with
    `more` policies (rows changed from today's) added."""
    with contextlib.closing(sqlite3.connect(sqlite_uri(clause_db_path()), uri=True)) as conn:
        tables = read_tables(conn)
    by_id = {p["policy_id"]: p for p in tables["policies"]}
    tables["policies"].append(dict(
        by_id["mentougou"], policy_id=SECOND, title="门头沟区数字经济若干措施（征求意见稿）",
        title_en="Digital Economy Measures of Mentougou (Draft for Comment)"))
    for change in more:
        tables["policies"].append(dict(by_id[change["like"]], **change))
    moved = [i for i in tables["items"] if i["policy_id"] == "mentougou"][8:]
    for item in moved:
        item["policy_id"] = SECOND
    return ClauseDB(tables, "test-two-in-mentougou")


def test_one_policy_a_district_is_named_by_its_district(db):
    assert db.policy_label("mentougou") == "门头沟区"
    assert db.policy_label("dongcheng", "en") == "Dongcheng"


def test_two_policies_of_a_district_are_named_by_their_titles_too():
    db = _two_in_mentougou()
    assert db.policy_label("mentougou") == \
        "门头沟区《门头沟区促进信息传输、软件和信息技术服务业高质量发展的若干措施》"
    assert db.policy_label(SECOND) == "门头沟区《门头沟区数字经济若干措施》"
    assert db.policy_label(SECOND, "en") == "Mentougou (Digital Economy Measures of Mentougou)"
    assert db.policy_label("dongcheng") == "东城区"  # alone in its district


def test_the_results_page_tells_the_two_apart(qtbot):
    db = _two_in_mentougou()
    win = make_window(qtbot, db)
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    page = win.results
    names = [page.policy.itemText(i) for i in range(1, page.policy.count())]
    assert len(set(names)) == len(names) == 3, names
    apply = page.findChild(QLabel, "next:apply").text()
    assert "门头沟区《门头沟区促进信息传输" in apply, apply
    titles = [w.text() for w in page.findChildren(QLabel, "title")]
    assert any(t.startswith("门头沟区《门头沟区数字经济若干措施》") for t in titles), titles


def test_the_draft_application_tells_the_two_apart_and_groups_the_rest(tmp_path):
    """In the export: the articles of two policies of one district named by policy, once
    each; one 咨询 row for their one bureau; another district's policies on one line."""
    from datetime import date

    from docx import Document

    from desktop_app.core.assess import assess
    from desktop_app.export import export_report
    from desktop_app.export.context import build_context

    db = _two_in_mentougou(({"like": "dongcheng", "policy_id": "dongcheng-b",
                             "title": "东城区另一项措施（征求意见稿）"},))
    profile = dict(public_profiles())["mentougou-ai-and-data"]
    report = assess(profile, db, date(2026, 12, 7))
    ctx = build_context(report, db, profile, "zh")
    steps = {s["label"]: s["text"] for s in ctx["next_steps"]}
    first = "门头沟区《门头沟区促进信息传输、软件和信息技术服务业高质量发展的若干措施》"
    assert steps["申请"].split("：", 1)[1].startswith(f"{first}（三）、（四）"), steps["申请"]
    assert steps["申请"].count(first) == 1
    assert [s["label"] for s in ctx["next_steps"]].count("咨询") == 1
    assert ctx["other_districts"] == []  # an application: nothing of other districts
    # A record (a Haidian firm: nothing applies) says why, one line per district, both
    # titles of a district in its line.
    haidian = {"company.district": "haidian", "assessment.year": 2025}
    lines = build_context(assess(haidian, db, date(2026, 12, 7)), db, haidian,
                          "zh")["other_districts"]
    assert any(line.startswith(
        "未在东城区注册，东城区条款不适用（北京市东城区关于推动数字经济产业高质量发展的若干措施"
        "（征求意见稿）、东城区另一项措施（征求意见稿））。") for line in lines), lines
    path = export_report(report, db, profile, tmp_path / "draft.docx")
    cells = [c.text for t in Document(path).tables for row in t.rows for c in row.cells]
    assert steps["申请"] in cells


def _split_mentougou(parts: int) -> ClauseDB:
    """Today's base with Mentougou's items dealt round into `parts` policies of that
    district (a pack bringing many measures of one district)."""
    with contextlib.closing(sqlite3.connect(sqlite_uri(clause_db_path()), uri=True)) as conn:
        tables = read_tables(conn)
    by_id = {p["policy_id"]: p for p in tables["policies"]}
    for k in range(1, parts):
        tables["policies"].append(dict(by_id["mentougou"], policy_id=f"mentougou-{k}",
                                       title=f"门头沟区第{k}项措施（征求意见稿）",
                                       title_en=f"Mentougou measures no. {k} (draft)"))
    items = [i for i in tables["items"] if i["policy_id"] == "mentougou"]
    for n, item in enumerate(items):
        if n % parts:
            item["policy_id"] = f"mentougou-{n % parts}"
    return ClauseDB(tables, "test-split-mentougou")


def test_next_steps_show_a_few_policies_and_the_rest_on_request(qtbot):
    """With many policies of its district, 下一步 shows the first apply / ask lines and a
    button for the rest, so the results are not pushed off the page; the materials line
    always shows."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from desktop_app.gui.results import CONTACT_LINES_SHOWN

    win = make_window(qtbot, _split_mentougou(6))
    walk(qtbot, win, dict(public_profiles())["mentougou-ai-and-data"])
    panel = win.results.inner.findChild(QLabel, "next:apply").parentWidget()
    contact = [w for w in panel.findChildren(QLabel)
               if w.objectName() in ("next:apply", "next:ask")]
    assert len(contact) > CONTACT_LINES_SHOWN  # (the split makes enough of them)
    assert [w.isHidden() for w in contact] == \
        [n >= CONTACT_LINES_SHOWN for n in range(len(contact))]
    assert not panel.findChild(QLabel, "next:prepare").isHidden()
    more = panel.findChild(QPushButton, "next:more")
    assert more.text() == f"显示其余 {len(contact) - CONTACT_LINES_SHOWN} 条"
    more.setFocus()
    qtbot.keyClick(more, Qt.Key.Key_Return)  # Enter on it, as a click
    assert not any(w.isHidden() for w in contact) and more.isHidden()
