"""The firms view, driven through pytest-qt on a real library in a temporary data folder."""

from __future__ import annotations

from datetime import date

import pytest
from firm_profiles import FIRM_A, FIRM_B, USCC_A, USCC_B
from gui_helpers import answer, make_window
from PySide6.QtCore import QPoint, Qt

from desktop_app.core.assess import assess
from desktop_app.core.caselib import CaseLibrary

FIRM_C = {"company.name": "海淀尚未评估有限公司", "company.district": "haidian"}



@pytest.fixture
def stocked(db):
    lib = CaseLibrary()
    ids = {}
    for key, profile in (("a", FIRM_A), ("b", FIRM_B), ("c", FIRM_C)):
        ids[key] = lib.save_case(profile)
        if key != "c":
            lib.record(ids[key], assess(profile, db, date.today()))
    lib.close()
    return ids


@pytest.fixture
def view(qtbot, db, stocked, monkeypatch):
    answer(monkeypatch)  # any message box answers Yes at once
    win = make_window(qtbot, db)
    win.act_firms.trigger()
    view = win.firms_view
    qtbot.waitExposed(view)
    yield view
    view.library.close()


def stocked_id(view, profile) -> int:
    return next(view.model.case_id(r) for r in range(view.model.rowCount())
                if view.model.record(r)["uscc"] == profile["company.uscc"])


def shown(view, column=0):
    m = view.model
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def test_menu_entry_opens_the_view_listing_every_case(view, stocked):
    assert view.isVisible() and view.isWindow()
    assert view.main.act_firms.text() == "企业库(&K)…"
    assert sorted(shown(view)) == sorted([FIRM_A["company.name"], FIRM_B["company.name"],
                                          FIRM_C["company.name"]])
    assert view.model.headerData(5, Qt.Orientation.Horizontal) == "可申报合计上限（元）"
    row = shown(view).index(FIRM_A["company.name"])
    assert view.model.data(view.model.index(row, 2)) == "门头沟区"
    assert view.model.data(view.model.index(row, 4)) == "进行中"
    assert view.model.data(view.model.index(row, 5)) == "400,000"
    assert view.model.data(view.model.index(row, 3)) == "2025"
    # a firm that gave no year: said, not filed under the calendar year
    row_c = shown(view).index(FIRM_C["company.name"])
    assert view.model.data(view.model.index(row_c, 3)) == "未填写"
    assert "显示 3 个案例，共 3 个" == view.count.text()


def test_instant_search_and_filters(qtbot, view):
    qtbot.keyClicks(view.search, USCC_B[:9])  # typed: QTest types ASCII only
    qtbot.waitUntil(lambda: shown(view) == [FIRM_B["company.name"]], timeout=2000)
    view.search.clear()
    view.search.insert("紫金云")  # as an input method commits it
    qtbot.waitUntil(lambda: shown(view) == [FIRM_B["company.name"]], timeout=2000)
    # the one firm found is selected: its actions are at hand without a click
    assert view.selected_ids() == [stocked_id(view, FIRM_B)]
    assert view.buttons["open"].isEnabled() and view.buttons["export"].isEnabled()
    view.search.clear()
    qtbot.waitUntil(lambda: len(shown(view)) == 3, timeout=2000)
    view.district.setCurrentIndex(view.district.findData("haidian"))
    assert shown(view) == [FIRM_C["company.name"]]
    view.district.setCurrentIndex(0)
    view.status.setCurrentIndex(view.status.findData("exported"))
    assert shown(view) == []
    view.status.setCurrentIndex(0)
    assert len(shown(view)) == 3


def test_sort_by_eligible_total_with_unassessed_last(qtbot, view):
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(5) + header.sectionSize(5) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    totals = [view.model.record(r)["eligible_total"] for r in range(3)]
    assert header.sortIndicatorSection() == 5
    assert totals[2] is None  # never assessed: last, either way
    assert totals[0] is not None and totals[1] is not None
    view.model.sort(5, Qt.SortOrder.DescendingOrder)
    totals = [view.model.record(r)["eligible_total"] for r in range(3)]
    assert totals[0] >= totals[1] and totals[2] is None
    view.model.sort(0, Qt.SortOrder.AscendingOrder)
    assert shown(view) == sorted(shown(view))


def test_a_case_is_found_and_opened_from_the_keyboard(qtbot, view, stocked):
    """Type, Enter: the one case found opens. Several found: Enter selects the first and
    the arrows move from there; Enter on a row opens it."""
    qtbot.keyClicks(view.search, USCC_B[:9])
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # before the search timer fires, too
    win = view.main
    assert win.case_meta.get("library_case") == stocked["b"]
    view.search.clear()
    qtbot.keyClicks(view.search, "9111")  # every firm's code starts so
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert len(view.model.rows) > 1 and view.selected_rows() == [0]
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    chosen = view.model.case_id(view.selected_rows()[0])
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert win.case_meta.get("library_case") == chosen


def test_open_in_wizard_and_edits_saved_as_typed(qtbot, view, stocked):
    view.select_case(stocked["a"])
    qtbot.mouseClick(view.buttons["open"], Qt.MouseButton.LeftButton)
    win = view.main
    assert win.answers["company.name"] == FIRM_A["company.name"]
    assert win.case_meta["library_case"] == stocked["a"]
    assert win.wizard.currentId() == win.review_id
    assert win.windowTitle().startswith(f"{FIRM_A['company.name']} · 企业库中的案例 — ")
    # another window (another library connection) sees the case marked as open
    other = CaseLibrary()
    try:
        assert other.opened_elsewhere() == {stocked["a"]}
    finally:
        other.close()
    # an edit through the wizard's widget goes to the library on the autosave beat
    q = win.question("ai.compute_cost_yuan")
    q.edit.setText("3000000")
    qtbot.waitUntil(lambda: CaseLibrary().case(stocked["a"])["profile"].get(
        "ai.compute_cost_yuan") == 3000000, timeout=3000)
    assert not win.dirty


def test_library_case_keeps_its_draft_application_entries(qtbot, view, stocked):
    """A library case's requested amounts and descriptions come into the wizard, edits on
    the results page go back to the library, and the next case opened brings its own."""
    lib = CaseLibrary()
    lib.save_case(FIRM_A, case_id=stocked["a"], application={
        "items": {"mentougou-03": {"requested_yuan": 250000, "description": "算力项目"}}})
    lib.close()
    view.select_case(stocked["a"])
    qtbot.mouseClick(view.buttons["open"], Qt.MouseButton.LeftButton)
    win = view.main
    assert win.application.entry("mentougou-03").requested_yuan == 250000
    win.goto_page(win.ensure_page(win.results_id))
    row = win.results.card("mentougou-03").claim
    assert row.edit.text() == "250,000"
    row.edit.setText("120000")
    row.edit.editingFinished.emit()
    qtbot.waitUntil(lambda: (CaseLibrary().case(stocked["a"])["application"] or {}).get(
        "items", {}).get("mentougou-03", {}).get("requested_yuan") == 120000, timeout=3000)
    assert CaseLibrary().case(stocked["a"])["application"]["items"]["mentougou-03"][
        "description"] == "算力项目"
    view.select_case(stocked["b"])
    qtbot.mouseClick(view.buttons["open"], Qt.MouseButton.LeftButton)
    assert win.case_meta["library_case"] == stocked["b"]
    assert win.application_json() == {"items": {}}  # not the previous firm's entries


def test_restored_answers_do_not_overwrite_the_library_case(qtbot, view, stocked):
    """文件 → 恢复放弃的答案 over an open library case: the restored answers are a case of
    their own, never written into the firm's case on the autosave beat."""
    from desktop_app.gui import session

    left = session.new_session()
    left.write({"company.district": "haidian", "company.name": "别的公司"}, {"dirty": True})
    left.discard()
    left.release()
    view.select_case(stocked["a"])
    qtbot.mouseClick(view.buttons["open"], Qt.MouseButton.LeftButton)
    win = view.main
    assert win.case_meta["library_case"] == stocked["a"]
    assert win.restore_discarded()
    assert win.answers["company.name"] == "别的公司"
    assert "library_case" not in win.case_meta
    win.autosave_timer.timeout.emit()  # the beat: autosave, and the firms view's sync
    assert CaseLibrary().case(stocked["a"])["profile"] == FIRM_A


def test_duplicate_delete_restore(qtbot, view, stocked):
    view.select_case(stocked["a"])
    qtbot.mouseClick(view.buttons["duplicate"], Qt.MouseButton.LeftButton)
    years = sorted(view.model.record(r)["year"] for r in range(view.model.rowCount())
                   if view.model.record(r)["uscc"] == USCC_A)
    assert years == [2025, 2026]
    view.select_case(stocked["b"])
    qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
    assert FIRM_B["company.name"] not in shown(view)
    view.show_bin.setChecked(True)
    assert shown(view) == [FIRM_B["company.name"]]
    assert view.buttons["restore"].isVisible() and not view.buttons["delete"].isVisible()
    view.select_case(stocked["b"])
    qtbot.mouseClick(view.buttons["restore"], Qt.MouseButton.LeftButton)
    assert shown(view) == []
    view.show_bin.setChecked(False)
    assert FIRM_B["company.name"] in shown(view)


def test_restoring_over_a_case_of_the_same_year_says_where_that_one_went(qtbot, view,
                                                                         stocked):
    view.select_case(stocked["b"])
    qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
    newer = view.library.save_case({**FIRM_B, "cloud.zijin_contract_yuan": 1_500_000})
    view.show_bin.setChecked(True)
    view.select_case(stocked["b"])
    qtbot.mouseClick(view.buttons["restore"], Qt.MouseButton.LeftButton)
    assert f"（{newer}）已移入回收站" in view.last_message
    assert shown(view) == [FIRM_B["company.name"]]  # the newer one, in the bin now
    view.show_bin.setChecked(False)
    assert shown(view).count(FIRM_B["company.name"]) == 1


def test_a_draft_exported_from_the_wizard_marks_the_library_case(qtbot, view, stocked,
                                                                  tmp_path, monkeypatch):
    """A case opened from the library and exported from the results page stayed 进行中,
    where the library's own export marks it 已导出."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    answer(monkeypatch, QMessageBox.StandardButton.Close)  # not opening the file
    target = tmp_path / "draft.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    assert view.open_case(stocked["a"])
    win = view.main
    for _ in range(20):  # opened at its review page: on to the results
        if win.wizard.currentId() == win.results_id:
            break
        win.wizard.next()
    assert view.library.case(stocked["a"])["status"] == "open"
    qtbot.mouseClick(win.results.export_buttons["html"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.results.is_exporting(), timeout=20000)
    assert target.is_file()
    assert view.library.case(stocked["a"])["status"] == "exported"
    row = shown(view).index(FIRM_A["company.name"])
    assert view.model.data(view.model.index(row, 4)) == "已导出"


def test_export_selected_drafts(qtbot, view, stocked, tmp_path, monkeypatch):
    from docx import Document
    from PySide6.QtWidgets import QMessageBox

    lib = CaseLibrary()
    lib.save_case(FIRM_A, case_id=stocked["a"], application={
        "items": {"mentougou-03": {"requested_yuan": 250000, "description": "工业质检大模型"}}})
    lib.close()
    view.table.selectAll()
    written = view.export_selected(str(tmp_path / "drafts"))
    assert len(written) == 3 and all(p.suffix == ".docx" and p.is_file() for p in written)
    statuses = {view.model.record(r)["status"] for r in range(view.model.rowCount())}
    assert statuses == {"exported"}
    assert "已导出 3 份草稿" in view.last_message
    # each named with its year; the case's requested amount and description are in it
    (a,) = [p for p in written if p.name.startswith(f"{stocked['a']}-")]
    assert f"-{FIRM_A['assessment.year']}年度-" in a.name
    text = "\n".join(p.text for p in Document(str(a)).paragraphs)
    assert "工业质检大模型" in text and "申请金额：250,000 元" in text
    # again into the same folder: asked first, and 取消 writes nothing
    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.Cancel, calls)
    before = a.stat().st_mtime_ns
    view.table.selectAll()
    assert view.export_selected(str(tmp_path / "drafts")) == []
    assert "3 份同名草稿" in calls[-1][1][1] and a.stat().st_mtime_ns == before


def test_import_roster_and_reassess(qtbot, view, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("企业名称,注册所在区,统一社会信用代码\n新公司甲,东城区,\n新公司乙,火星,\n",
                      encoding="utf-8")
    stats = view.import_roster(str(roster))
    assert stats.stored == 1 and stats.bad == 1
    assert "新公司甲" in shown(view)
    assert "第3行 B列 注册所在区" in view.last_message
    html = view.reassess()
    assert "无变化" in html


def test_cases_of_an_earlier_clause_base_are_marked_and_an_export_says_what_moved(
        qtbot, view, stocked, db, tmp_path):
    """After a pack the list showed the earlier base's figures as current; exporting then
    stored the new results without a word, and 重新评估全部 no longer named the firm."""
    import json
    from dataclasses import replace

    lib = view.library
    earlier = replace(assess(FIRM_A, db, date.today()), clause_db_version="0123456789abcdef")
    lib.record(stocked["a"], earlier)
    # ...whose mentougou-03 then had another bound (as under a pack's other rate)
    results = json.loads(lib.conn.execute("SELECT results FROM cases WHERE id = ?",
                                          (stocked["a"],)).fetchone()[0])
    results["mentougou-03"] = ["eligible", 1]
    with lib.conn:
        lib.conn.execute("UPDATE cases SET results = ? WHERE id = ?",
                         (json.dumps(results), stocked["a"]))
    view.reload()
    assert view.stale.isVisible()
    assert view.stale.text().startswith("1 个案例的结果按此前的条款库评估")
    row = shown(view).index(FIRM_A["company.name"])
    assert view.model.data(view.model.index(row, 7)).startswith("此前条款库 · ")
    assert view.model.data(view.model.index(row, 7), Qt.ItemDataRole.ToolTipRole) \
        .startswith("按此前的条款库评估")
    view.select_case(stocked["a"])
    written = view.export_selected(str(tmp_path))
    assert len(written) == 1
    assert "以下案例的结论或金额上限与上次评估不同" in view.last_message
    bound = assess(FIRM_A, db, date.today()).result("mentougou-03").max_amount_yuan
    assert f"门头沟区（三）（mentougou-03）：可申报 ≤1 → 可申报 ≤{bound:,}" in view.last_message
    assert not view.stale.isVisible()  # the export assessed it with the base in use


def test_english_follows_the_main_window(view):
    view.main.lang_actions["en"].trigger()
    assert view.buttons["open"].text() == "&Open in wizard"
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Firm"
    row = shown(view).index(FIRM_A["company.name"])
    assert view.model.data(view.model.index(row, 4)) == "In progress"


def test_escape_closes_the_view(qtbot, view):
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert not view.isVisible()
    view.main.act_firms.trigger()
    assert view.isVisible()


@pytest.mark.parametrize("choice", ["keep", "replace"])
def test_reimporting_an_older_file_over_an_open_case_asks_first(
        qtbot, view, stocked, tmp_path, monkeypatch, choice):
    """A firm's older case file, imported over its library case that is open in the wizard
    and changed since, is asked about (keeping the library's is the default). Replaced,
    the wizard stops writing into the case the bin now holds."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.core.case_file import write_case

    calls = []
    answer(monkeypatch, QMessageBox.StandardButton.No if choice == "keep"
           else QMessageBox.StandardButton.Yes, calls)
    old = tmp_path / "old.pscase"
    write_case(old, dict(FIRM_A, **{"ai.compute_cost_yuan": 1}),
               {"saved_at": "2026-01-01T00:00:00"})
    assert view.open_case(stocked["a"])
    view.import_cases([str(old)])
    asked = [c for c in calls if c[0] == "question"]
    assert len(asked) == 1
    title, text, labels = asked[0][1]
    assert "old.pscase" in text and "文件保存于 2026-01-01 00:00:00" in text
    assert "这个案例正在本窗口的向导中编辑" in text
    assert sorted(labels) == sorted(["保留企业库中的案例(&K)", "用文件替换(&R)"])
    win = view.main
    if choice == "keep":
        assert "未导入，保留了企业库中的案例" in view.last_message
        assert view.editing == stocked["a"] and win.case_meta["library_case"] == stocked["a"]
        assert [r[0] for r in view.library.cases(deleted=True)] == []
    else:
        assert "已移入回收站（可恢复）" in view.last_message
        assert view.editing is None and "library_case" not in win.case_meta
        assert [r[0] for r in view.library.cases(deleted=True)] == [stocked["a"]]


def test_the_wizards_firm_goes_into_the_library_and_is_edited_there(qtbot, view):
    """A firm assessed in the wizard (not opened from the library) is added as a case,
    and the wizard's later edits go to that case as they are typed."""
    win = view.main
    firm = {"company.name": "北京向导新企业有限公司", "company.district": "dongcheng",
            "assessment.year": 2025}
    win.load_profile(firm)
    view.reload()
    assert view.buttons["add_current"].isEnabled()
    case_id = view.add_current()
    assert "已存入企业库：北京向导新企业有限公司" in view.last_message
    assert view.library.case(case_id)["profile"] == firm
    assert win.case_meta["library_case"] == case_id and view.editing == case_id
    assert "北京向导新企业有限公司" in shown(view)
    assert not view.buttons["add_current"].isEnabled()  # it is a library case now
    # its row has results at once, and follows the wizard's answers
    assert view.library.case(case_id)["results"]["dongcheng-08"] == ["uncertain", 1_000_000]
    win.question("cloud.zijin_contract_yuan").edit.setText("100000")
    qtbot.waitUntil(lambda: CaseLibrary().case(case_id)["profile"].get(
        "cloud.zijin_contract_yuan") == 100000, timeout=3000)
    assert view.library.case(case_id)["results"]["dongcheng-08"] == ["uncertain", 50_000]


def test_a_firm_without_name_or_code_is_not_added_and_told_why(view):
    """存入企业库 with neither a name nor a credit code: a case nobody could find again
    (each try added one more); the firm is told what to give first."""
    win = view.main
    win.load_profile({"company.district": "dongcheng", "assessment.year": 2025})
    view.reload()
    before = view.library.count()
    assert view.add_current() is None
    assert "请先在“企业基本情况”页填写企业名称或统一社会信用代码" in view.last_message
    assert view.library.count() == before and "library_case" not in win.case_meta


def test_the_heartbeat_stops_quietly_once_the_library_is_closed(view):
    """A firms window outliving its library (quitting, a test's teardown) must not raise
    from its timer: the beat stops."""
    view.library.close()
    view._beat()
    assert not view.heartbeat.isActive()


def test_a_damaged_library_is_told_not_thrown(qtbot, db, stocked, monkeypatch):
    """文件 → 企业库… on a damaged cases.sqlite showed nothing: the error went to a console
    (a reviewer's truncated file)."""
    from desktop_app.core.caselib import library_path

    path = library_path()
    before = path.read_bytes()[:20000]
    path.write_bytes(before)
    calls = []
    answer(monkeypatch, calls=calls)
    win = make_window(qtbot, db)
    win.act_firms.trigger()
    assert getattr(win, "firms_view", None) is None
    assert len(calls) == 1 and calls[0][0] == "warning"
    title, text = calls[0][1][0], calls[0][1][1]
    assert title == "企业库无法打开" and "database disk image is malformed" in text
    assert path.read_bytes() == before  # left as it was
