"""The welcome page's account of the clause base in use: its policies, and which are drafts
(said from the base, which a pack may change), counted by district for a large pack."""

from __future__ import annotations

import contextlib
import sqlite3

from gui_helpers import make_window

from desktop_app.core.clausedb import ClauseDB, read_tables, sqlite_uri
from desktop_app.paths import clause_db_path


def _base_with(policies: list[dict]) -> ClauseDB:
    """Today's clause base with its policies replaced (a large pack's, say)."""
    with contextlib.closing(sqlite3.connect(sqlite_uri(clause_db_path()), uri=True)) as conn:
        tables = read_tables(conn)
    tables["policies"] = policies
    return ClauseDB(tables, "test")


def _policies(db: ClauseDB, copies: int, final_every: int) -> list[dict]:
    rows = []
    for n in range(copies):
        for p in db.policies.values():
            row = p.as_dict()
            if n:  # the first copy keeps the ids the items name
                row["policy_id"] = f"{p.policy_id}-{n}"
            if n % final_every == 0:
                row["status"], row["status_en"] = "正式稿", "issued"
                row["title"] = p.title.replace("（征求意见稿）", "")
            rows.append(row)
    return rows


def test_the_welcome_lists_todays_policies_and_says_both_are_drafts(qtbot, db):
    text = make_window(qtbot, db).welcome.body.text()
    for p in db.policies.values():
        assert p.title in text
    assert "所涵盖的政策均为征求意见稿" in text


def test_a_large_base_is_counted_by_district_and_its_drafts_said(qtbot, db):
    big = _base_with(_policies(db, copies=7, final_every=3))  # 14 policies, 6 issued
    win = make_window(qtbot, big)
    text = win.welcome.body.text()
    assert "共 14 项政策（其中征求意见稿 8 项）：门头沟区 7 项、东城区 7 项。" in text
    assert "其中 8 项政策为征求意见稿" in text and "均为征求意见稿" not in text
    assert not any(p.title in text for p in big.policies.values())
    assert "两项" not in text  # what the tool does is said of the policies listed, any number
    win.set_language("en")
    text = win.welcome.body.text()
    assert "two policies" not in text
    assert "14 measures (8 of them drafts for comment): Mentougou 7, Dongcheng 7." in text
    assert "8 of these policies are drafts for comment" in text


def test_a_base_without_drafts_says_nothing_of_drafts(qtbot, db):
    issued = _base_with(_policies(db, copies=1, final_every=1))
    text = make_window(qtbot, issued).welcome.body.text()
    assert "征求意见稿" not in text


def test_a_draft_with_a_final_edition_is_not_called_a_draft_only(qtbot, db, tmp_path):
    """With a pack's final edition of Mentougou's measures, the welcome still said every
    policy covered was a draft for comment (an analyst's pack)."""
    from test_editions import _sources, _with_final

    from clause_db.build import build
    from desktop_app.core.clausedb import open_db

    path, _ = build(tmp_path / "clauses.sqlite", _sources(tmp_path, _with_final))
    text = make_window(qtbot, open_db(path)).welcome.body.text()
    assert "均为征求意见稿" not in text
    assert "其中 1 项政策为征求意见稿" in text  # Dongcheng's, with no issued text yet
    assert "正式稿 2027-01-01 起施行" in text
