"""The case library on a real SQLite file in a temporary data folder."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from firm_profiles import FIRM_A, FIRM_B, USCC_B

from desktop_app.core.assess import assess
from desktop_app.core.caselib import CaseLibrary, CaseLibraryError, library_path
from desktop_app.core.clausedb import ClauseDB, read_tables
from desktop_app.paths import clause_db_path

AS_OF = date(2026, 11, 24)


@pytest.fixture
def lib(db):
    lib = CaseLibrary()
    yield lib
    lib.close()


def _firm_b(db):
    # the applicant facts of contract section 5 may not be in this clause base yet
    firm = dict(FIRM_B, **{"company.contact_person": "王小明"})
    return {k: v for k, v in firm.items() if k in db.facts}


def test_library_lives_in_the_data_folder_in_wal_mode(lib, tmp_path):
    assert lib.path == library_path() == tmp_path / "userdata" / "cases.sqlite"
    assert lib.path.is_file()
    mode = sqlite3.connect(lib.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_save_record_and_read_back(lib, db):
    case_id = lib.save_case(FIRM_A)
    report = assess(FIRM_A, db, AS_OF)
    lib.record(case_id, report)
    case = lib.case(case_id)
    assert case["profile"] == FIRM_A
    assert case["year"] == 2025 and case["status"] == "open"
    assert case["clause_db_version"] == db.version
    assert case["eligible_total"] == report.totals.eligible_total_yuan
    assert case["results"]["mentougou-03"] == ["eligible", 400000]
    # a reopened library (another window) sees the same
    with CaseLibrary() as other:
        assert other.case(case_id)["results"] == case["results"]


def test_search_by_name_part_uscc_and_short_text(lib, db):
    a = lib.save_case(FIRM_A)
    b = lib.save_case(_firm_b(db))
    ids = lambda rows: {r[0] for r in rows}  # noqa: E731
    assert ids(lib.cases("智算科技")) == {a}
    assert ids(lib.cases("紫金云")) == {b}
    assert ids(lib.cases(USCC_B[:10])) == {b}
    assert ids(lib.cases("有限")) == {a, b}  # two characters: below the trigram, LIKE
    assert ids(lib.cases("北")) == {a}
    assert lib.cases("不存在的公司") == []
    assert ids(lib.cases('"; DROP')) == set()
    assert ids(lib.cases(None)) == {a, b}
    if "company.contact_person" in db.facts:  # contract section 5, with the draft export
        assert ids(lib.cases("王小明")) == {b}


def test_search_follows_renames(lib):
    case_id = lib.save_case(FIRM_A)
    lib.save_case(dict(FIRM_A, **{"company.name": "北京新名字信息技术有限公司"}), case_id=case_id)
    assert lib.cases("示例智算") == []
    assert [r[0] for r in lib.cases("新名字")] == [case_id]


def test_filters_by_district_and_status(lib, db):
    a = lib.save_case(FIRM_A)
    b = lib.save_case(_firm_b(db))
    lib.set_status(b, "已导出")
    assert [r[0] for r in lib.cases(district="mentougou")] == [a]
    assert [r[0] for r in lib.cases(status="exported")] == [b]
    assert [r[0] for r in lib.cases(status="进行中")] == [a]
    # search and filters together (LIKE and full-text)
    assert [r[0] for r in lib.cases("有限", district="dongcheng")] == [b]
    assert [r[0] for r in lib.cases("有限公司", district="mentougou", status="open")] == [a]
    assert lib.cases("紫金云", status="open") == []
    with pytest.raises(CaseLibraryError):
        lib.set_status(a, "done")


def test_duplicate_for_the_next_year(lib, db):
    case_id = lib.save_case(FIRM_A, meta={"note": "x"})
    lib.record(case_id, assess(FIRM_A, db, AS_OF))
    copy_id = lib.duplicate(case_id)
    new = lib.case(copy_id)
    assert new["year"] == 2026 and new["profile"]["assessment.year"] == 2026
    assert new["firm_id"] == lib.case(case_id)["firm_id"]
    assert new["results"] == {} and new["assessed_at"] is None  # not assessed yet
    assert new["meta"]["copied_from"] == case_id
    assert lib.case(case_id)["profile"] == FIRM_A  # the original untouched
    assert lib.case(lib.duplicate(case_id, 2030))["year"] == 2030


def test_delete_to_the_bin_and_restore(lib):
    case_id = lib.save_case(FIRM_A)
    lib.delete(case_id)
    assert lib.cases() == [] and lib.count() == 0
    assert [r[0] for r in lib.cases(deleted=True)] == [case_id]
    lib.restore(case_id)
    assert [r[0] for r in lib.cases()] == [case_id] and lib.count(deleted=True) == 0
    with pytest.raises(CaseLibraryError):
        lib.purge(case_id)  # only from the bin
    lib.delete(case_id)
    lib.purge(case_id)
    with pytest.raises(CaseLibraryError):
        lib.case(case_id)


def test_restore_keeps_one_case_of_a_firm_and_year(lib):
    """A case restored while another of its firm and year is in use takes its place, which
    goes to the 回收站: restoring used to leave two cases of one firm-year in the list."""
    first = lib.save_case(FIRM_A)
    lib.delete(first)
    second = lib.save_case({**FIRM_A, "ai.compute_cost_yuan": 3_000_000})
    assert lib.restore(first) == second
    assert [r[0] for r in lib.cases()] == [first]
    assert [r[0] for r in lib.cases(deleted=True)] == [second]
    assert lib.restore(second) == first  # and back again
    assert [r[0] for r in lib.cases()] == [second]


def test_import_pscase_files(lib, tmp_path, db):
    from desktop_app.core.case_file import write_case

    a = tmp_path / "a.pscase"
    write_case(a, FIRM_A, {"saved_by": "test"})
    b = tmp_path / "b.json"
    b.write_text(json.dumps(_firm_b(db), ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.pscase"
    bad.write_text("{not json", encoding="utf-8")
    out = lib.import_files([a, b, bad])
    assert [r.error is None for r in out] == [True, True, False]
    assert "bad.pscase" in out[2].error
    assert lib.case(out[0].case_id)["profile"] == FIRM_A
    assert lib.case(out[0].case_id)["meta"]["imported_from"] == "a.pscase"
    # the same file again: nothing new
    again = lib.import_files([a])
    assert again[0].case_id == out[0].case_id and lib.count() == 2
    # a changed case of the same firm and year replaces it; the earlier one is in the bin
    write_case(a, dict(FIRM_A, **{"ai.compute_cost_yuan": 3000000}))
    changed = lib.import_files([a])[0]
    assert changed.replaced == out[0].case_id
    assert lib.count() == 2 and [r[0] for r in lib.cases(deleted=True)] == [out[0].case_id]


def test_a_file_replacing_a_case_changed_since_is_asked_about_first(lib, tmp_path):
    """`replace` hears of a file that would bin a library case of its firm and year, and
    whether the library's changed after the file was saved; saying no keeps the case."""
    from desktop_app.core.case_file import write_case

    old = tmp_path / "old.pscase"
    write_case(old, FIRM_A, {"saved_at": "2026-12-01T09:00:00"})
    case_id = lib.import_files([old])[0].case_id
    lib.save_case(dict(FIRM_A, **{"mentougou.quality_firm": False}), case_id=case_id)
    asked = []
    out = lib.import_files([old], replace=lambda it: asked.append(it) or False)[0]
    assert out.case_id is None and out.kept == case_id and out.replaced is None
    assert [(a.case_id, a.newer, a.saved_at) for a in asked] == [
        (case_id, True, "2026-12-01T09:00:00")]
    assert lib.case(case_id)["profile"]["mentougou.quality_firm"] is False
    assert lib.cases(deleted=True) == []
    # A file saved after the library's last change is not newer than it: told so.
    later = tmp_path / "later.pscase"
    write_case(later, FIRM_A, {"saved_at": "2999-01-01T00:00:00"})
    out = lib.import_files([later], replace=lambda it: asked.append(it) or True)[0]
    assert asked[-1].newer is False and out.replaced == case_id


def test_the_wizards_firm_with_its_code_replaces_its_case_by_name_only(lib):
    """The window's 存入企业库 (take_in, asked first): a firm stored by name only, then
    with its code, is the same firm-year case; asked about, and binned, as one is."""
    by_name = {k: v for k, v in FIRM_A.items() if k != "company.uscc"}
    first = lib.save_case(by_name)
    asked = []
    got = lib.take_in(FIRM_A, {}, None, "wizard",
                      replace=lambda it: asked.append(it.case_id) or True)
    assert asked == [first] and got.replaced == first
    assert [r[0] for r in lib.cases(deleted=True)] == [first] and lib.count() == 1
    # another code is another firm, whatever its name
    lib.take_in(dict(FIRM_A, **{"company.uscc": USCC_B}), {}, None, "wizard",
                replace=lambda it: asked.append(it.case_id) or True)
    assert asked == [first] and lib.count() == 2


def test_a_firm_given_by_name_only_after_its_code_is_the_same_firm(lib, db):
    """A firm stored with its code, then (a roster without the code column, a file, the
    wizard) by its name only: a second firm and a second case of the year stood beside the
    first, and the draft of the later had no credit code. Now it is the firm's case of the
    year, given the firm's code; with two coded firms of the name it cannot say which."""
    first = lib.take_in(FIRM_A, {}, None, "a.json").case_id
    by_name = {k: v for k, v in FIRM_A.items() if k != "company.uscc"}
    again = lib.take_in(by_name, {}, None, "b.json")
    assert again.case_id == first and lib.count() == 1  # the same answers: the same case
    changed = lib.store_assessed([({**by_name, "ai.compute_cost_yuan": 3_000_000},
                                   assess(by_name, db, AS_OF))])[0]
    assert lib.count() == 1 and [r[0] for r in lib.cases(deleted=True)] == [first]
    assert lib.case(changed)["profile"]["company.uscc"] == FIRM_A["company.uscc"]
    typed = lib.save_case(by_name)  # the wizard's new case: the firm keeps its code
    assert lib.conn.execute("SELECT COUNT(*) FROM firms").fetchone()[0] == 1
    assert lib.conn.execute("SELECT uscc FROM firms").fetchone()[0] == FIRM_A["company.uscc"]
    lib.delete(typed)
    lib.take_in(dict(FIRM_A, **{"company.uscc": USCC_B}), {}, None, "c.json")
    other = lib.take_in({**by_name, "assessment.year": 2024}, {}, None, "d.json")
    assert "company.uscc" not in lib.case(other.case_id)["profile"]  # which of two codes?
    assert lib.conn.execute("SELECT COUNT(*) FROM firms").fetchone()[0] == 3


def test_search_takes_several_words_a_district_and_a_year(lib, db):
    """"京西 智算", "东城区" and "2025" found nothing, though the list shows them."""
    from desktop_app.core.caselib import district_names

    a = lib.save_case(FIRM_A)  # Mentougou, 2025
    b = lib.save_case(FIRM_B)  # Dongcheng
    older = lib.save_case({**FIRM_A, "assessment.year": 2024})
    names = district_names(db.facts["company.district"].options)

    def found(text: str) -> set[int]:
        return {r[0] for r in lib.cases(text, districts=names)}

    name = FIRM_A["company.name"]
    assert found(f"{name[2:4]} {name[-6:-4]}") == {a, older}  # two words of the name
    assert found(f"{name[2:4]} 不在名中") == set()  # every word must match
    assert found("东城区") == found("东城") == found("dongcheng") == {b}
    assert found("门头沟区 2024") == {older}
    assert found(str(FIRM_B["assessment.year"])) >= {b}


def test_a_case_without_a_year_is_filed_under_none(lib, tmp_path):
    """A profile that gives no assessment year is filed with none (it was filed under the
    calendar year, which `cases list` then showed as if the firm had given it): taken in
    again it is the same case; with a year it is that year's case; restored, it swaps only
    with its firm's other year-less case; copied, it goes to the calendar year."""
    no_year = {k: v for k, v in FIRM_A.items() if k != "assessment.year"}
    first = lib.take_in(no_year, {}, None, "a.json").case_id
    assert lib.case(first)["year"] is None
    changed = lib.take_in({**no_year, "ai.compute_cost_yuan": 3_000_000}, {}, None, "a.json")
    assert changed.replaced == first and lib.count() == 1  # one year-less case of a firm
    dated = lib.take_in(FIRM_A, {}, None, "b.json")
    assert dated.replaced is None and lib.count() == 2
    assert lib.case(dated.case_id)["year"] == 2025
    assert lib.restore(first) == changed.case_id  # swaps with the year-less one only
    assert sorted(r[0] for r in lib.cases()) == sorted([first, dated.case_id])
    assert lib.case(lib.duplicate(first))["year"] == date.today().year


def test_cases_list_says_a_year_was_not_given(tmp_path):
    no_year = {k: v for k, v in FIRM_A.items() if k != "assessment.year"}
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(no_year, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "POLICY_SELFCHECK_DATA": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "desktop_app", "cases"]
    subprocess.run(cmd + ["import", str(path)], env=env, check=True, capture_output=True)
    text = subprocess.run(cmd + ["list"], env=env, check=True, capture_output=True,
                          text=True).stdout
    assert "年度未填写" in text and str(date.today().year) not in text
    listed = json.loads(subprocess.run(cmd + ["list", "--format", "json"], env=env,
                                       check=True, capture_output=True, text=True).stdout)
    assert [c["year"] for c in listed] == [None]


def test_a_profile_without_name_or_code_is_not_stored(lib, tmp_path):
    """Neither a name nor a credit code: nobody could find the case again, and each import
    of the file added one more (batch --store already leaves such rows out); `cases
    import` says so in one line and exits 2, the others in the same call are taken in."""
    anon = {k: v for k, v in FIRM_A.items() if k not in ("company.name", "company.uscc")}
    got = lib.take_in(anon, {}, None, "anon.json")
    assert got.case_id is None and "既无企业名称也无统一社会信用代码" in got.error
    assert lib.count() == 0
    files = []
    for name, profile in (("anon.json", anon), ("a.json", FIRM_A)):
        files.append(tmp_path / name)
        files[-1].write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "POLICY_SELFCHECK_DATA": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "desktop_app", "cases", "import", *map(str, files)]
    for _ in range(2):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "anon.json" in lines[0] and "not stored" in lines[0]
        assert "a.json → 案例" in proc.stdout
    listed = subprocess.run([sys.executable, "-m", "desktop_app", "cases", "list", "--format",
                             "json"], env=env, capture_output=True, text=True, check=True)
    assert len(json.loads(listed.stdout)) == 1


def test_a_case_in_the_bin_takes_no_more_edits(lib):
    """A case binned while open in a window (deleted elsewhere, replaced by an import):
    the window's edits are refused with a line saying where they did not go."""
    case_id = lib.save_case(FIRM_A)
    lib.delete(case_id)
    with pytest.raises(CaseLibraryError, match="已移入回收站，修改未写入企业库"):
        lib.save_case(dict(FIRM_A, **{"ai.compute_cost_yuan": 1}), case_id=case_id)
    assert lib.case(case_id)["profile"] == FIRM_A


def test_two_connections_at_once(lib):
    other = CaseLibrary()
    try:
        case_id = lib.save_case(FIRM_A)
        # a write in one is seen by the other, and the other can write while one reads
        assert other.case(case_id)["profile"] == FIRM_A
        cursor = lib.conn.execute("SELECT id FROM cases")
        cursor.fetchone()  # a read in progress
        other.save_case(dict(FIRM_A, **{"ai.compute_cost_yuan": 5}), case_id=case_id)
        assert lib.case(case_id)["profile"]["ai.compute_cost_yuan"] == 5
        # the case open in one window is marked in the other, not in its own
        assert lib.claim(case_id) is None
        assert other.holder(case_id) == lib.owner
        assert other.opened_elsewhere() == {case_id}
        assert lib.opened_elsewhere() == set()
        assert other.claim(case_id) == lib.owner  # told, not taken
        lib.release(case_id)
        assert other.holder(case_id) is None
    finally:
        other.close()


def test_a_lock_of_a_dead_process_is_not_held(lib, tmp_path):
    case_id = lib.save_case(FIRM_A)
    code = ("from desktop_app.core.caselib import CaseLibrary\n"
            f"lib = CaseLibrary(); lib.claim({case_id}); print(lib.owner)\n"
            "import os; os._exit(0)")  # dies without releasing
    owner = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    row = lib.conn.execute("SELECT owner FROM opened_by").fetchone()
    assert row[0] == owner  # the row is there...
    assert lib.holder(case_id) is None  # ...but its process is gone


def changed_db(db: ClauseDB) -> ClauseDB:
    """The real clause base with mentougou-03's rate halved and dongcheng-08 removed."""
    with sqlite3.connect(f"file:{clause_db_path()}?mode=ro", uri=True) as conn:
        tables = copy.deepcopy(read_tables(conn))
    for row in tables["items"]:
        if row["item_id"] == "mentougou-03":
            row["formula"]["rate"] = "0.10"
    tables["items"] = [r for r in tables["items"] if r["item_id"] != "dongcheng-08"]
    return ClauseDB(tables, "test-changed")


def test_reassess_after_a_changed_clause_base(lib, db):
    a = lib.save_case(FIRM_A)
    b = lib.save_case(_firm_b(db))
    for case_id, profile in ((a, FIRM_A), (b, _firm_b(db))):
        lib.record(case_id, assess(profile, db, AS_OF))
    same = lib.reassess(db, AS_OF)
    assert [r.changed for r in same] == [[], []]
    never = lib.save_case({"company.name": "未评估过的公司"})
    new_db = changed_db(db)
    out = {r.case_id: r for r in lib.reassess(new_db, AS_OF)}
    assert [(c.item_id, c.before, c.after) for c in out[a].changed] == [
        ("mentougou-03", {"verdict": "eligible", "max_amount_yuan": 400000},
         {"verdict": "eligible", "max_amount_yuan": 200000}),
        ("dongcheng-08", {"verdict": "ineligible", "max_amount_yuan": 0}, None)]
    assert [c.item_id for c in out[b].changed] == ["dongcheng-08"]
    before_b = assess(_firm_b(db), db, AS_OF).result("dongcheng-08")
    assert out[b].changed[0].before == {"verdict": before_b.verdict,
                                        "max_amount_yuan": before_b.max_amount_yuan}
    assert before_b.verdict != "ineligible" and out[b].changed[0].after is None
    assert out[never].changed == []  # nothing to compare with
    # the new results are stored: a second run against the same base changes nothing
    assert lib.case(a)["clause_db_version"] == "test-changed"
    assert lib.case(a)["results"]["mentougou-03"] == ["eligible", 200000]
    assert all(not r.changed for r in lib.reassess(new_db, AS_OF))
    assert out[a].to_json()["changed"][0]["after"] == {"verdict": "eligible",
                                                      "max_amount_yuan": 200000}
    # A removed item that did not apply to the firm is counted, not listed; one that did
    # is listed; the case's year comes with it.
    shown, added, removed = out[a].notable()
    assert [c.item_id for c in shown] == ["mentougou-03"] and (added, removed) == (0, 1)
    assert [c.item_id for c in out[b].notable()[0]] == ["dongcheng-08"]
    assert out[a].year == FIRM_A["assessment.year"]


def test_items_a_pack_adds_that_do_not_apply_are_counted_not_listed(lib, db):
    a = lib.save_case(FIRM_A)
    lib.record(a, assess(FIRM_A, db, AS_OF))
    with sqlite3.connect(f"file:{clause_db_path()}?mode=ro", uri=True) as conn:
        tables = copy.deepcopy(read_tables(conn))
    extra = [dict(copy.deepcopy(r), item_id=f"{r['item_id']}-x") for r in tables["items"]
             if r["policy_id"] == "dongcheng"]
    tables["items"] += extra
    (r,) = lib.reassess(ClauseDB(tables, "test-more"), AS_OF)
    shown, added, removed = r.notable()
    # dongcheng-07's copy is open to a Mentougou firm (its new Dongcheng firm applies)
    assert len(r.changed) == len(extra)
    assert [c.item_id for c in shown] == ["dongcheng-07-x"]
    assert (added, removed) == (len(extra) - 1, 0)


def test_a_damaged_library_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CaseLibraryError, match="cannot be opened"):
        CaseLibrary(path)


def test_drafts_of_cases_can_be_cancelled_between_firms(lib, db, tmp_path):
    from desktop_app.core.batch import export_case_drafts

    ids = [lib.save_case(FIRM_A), lib.save_case(_firm_b(db)),
           lib.save_case({"company.name": "第三家公司"})]
    lib.set_status(ids[1], "submitted")
    seen = []
    done = export_case_drafts(lib, ids, db, date(2026, 11, 24), tmp_path / "out",
                              progress=lambda n, total: seen.append((n, total)) or n < 2)
    assert seen == [(1, 3), (2, 3)] and done.cancelled and not done.errors
    assert [p.name.split("-")[0] for p in done.written] == [str(ids[0]), str(ids[1])]
    assert all(p.is_file() for p in done.written)
    # exported and assessed; a submitted case keeps its status; the third was not reached
    assert lib.case(ids[0])["status"] == "exported" and lib.case(ids[0])["assessed_at"]
    assert lib.case(ids[1])["status"] == "submitted"
    assert lib.case(ids[2])["assessed_at"] is None


def test_batch_progress_can_stop_and_keeps_what_was_done(lib, db, tmp_path):
    from desktop_app.core.batch import run_batch

    roster = tmp_path / "r.csv"
    roster.write_text("company.name,company.district\n" +
                      "".join(f"公司{i},东城区\n" for i in range(10)), encoding="utf-8")
    stats = run_batch(roster, db, date(2026, 11, 24), library=lib,
                      summary=tmp_path / "s.xlsx", progress=lambda n: n < 4)
    assert stats.cancelled and stats.rows == 4 and stats.stored == 4
    assert lib.count() == 4 and (tmp_path / "s.xlsx").is_file()


@pytest.mark.parametrize("words", [["export", "99999999999999999999999", "-o", "x.docx"],
                                   ["delete", "0"], ["restore", "abc"]])
def test_a_case_id_that_is_no_case_id_is_one_line(tmp_path, words):
    """A 23-digit id ended in SQLite's OverflowError traceback."""
    env = {**os.environ, "POLICY_SELFCHECK_DATA": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "cases", *words], env=env,
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "案例编号应为正整数" in lines[0], proc.stderr


def test_a_stored_cases_own_date_is_the_one_its_draft_is_assessed_on(lib, db, tmp_path):
    """A case the wizard kept with an assessment date (编辑 → 评估日期…) was exported
    from the library as of today; --as-of given still decides."""
    from datetime import date

    from docx import Document

    from desktop_app.core.batch import export_case

    case_id = lib.save_case(FIRM_A, meta={"as_of": "2026-11-22"})

    def dated(path) -> str:
        return "\n".join(p.text for p in Document(str(path)).paragraphs)

    out = export_case(lib, case_id, db, None, tmp_path / "own.docx").path
    assert "评估基准日：2026-11-22" in dated(out)
    out = export_case(lib, case_id, db, date(2026, 12, 1), tmp_path / "given.docx").path
    assert "评估基准日：2026-12-01" in dated(out)
    plain = lib.save_case(FIRM_B)
    out = export_case(lib, plain, db, None, tmp_path / "today.docx").path
    assert f"评估基准日：{date.today().isoformat()}" in dated(out)


def test_reassessment_keeps_each_cases_own_date(lib, db):
    """重新评估全部 assessed every case on today, a dated one too."""
    case_id = lib.save_case(FIRM_A, meta={"as_of": "2026-11-22"})
    plain = lib.save_case(FIRM_B)
    lib.reassess(db, None)
    assert lib.case(case_id)["as_of"] == "2026-11-22"
    from datetime import date

    assert lib.case(plain)["as_of"] == date.today().isoformat()
    lib.reassess(db, date(2026, 12, 1))  # a date given decides for every case
    assert lib.case(case_id)["as_of"] == "2026-12-01"
