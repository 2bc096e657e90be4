"""The case library: many firms and their cases per assessment year, in one SQLite file.

    lib = CaseLibrary()                  # <user data>/cases.sqlite (POLICY_SELFCHECK_DATA)
    case_id = lib.save_case(profile)     # a firm found by its USCC (or name), a case per year
    lib.record(case_id, report)          # the clause base version and results of an assessment
    lib.cases(search="科技")              # rows for the firms view and `cases list`
    lib.delete(case_id); lib.restore(case_id)   # 回收站

WAL mode and a busy timeout let two windows (or a window and the command line) work on
the file at once; a case open in one window is marked in the other by a row in
`opened_by` with the owner's pid and a heartbeat. `.pscase` files stay the exchange
format: `import_files` reads them with the one reader, core/case_file.py.
Qt-free; sqlite-utils is imported here only, so `assess` never pays for it.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.case_file import now_stamp
from desktop_app.core.verdicts import VERDICT_ZH
from desktop_app.exits import OneLineError

if TYPE_CHECKING:
    from desktop_app.core.clausedb import ClauseDB
    from desktop_app.core.report import Report

LIBRARY_FILE = "cases.sqlite"
SCHEMA_VERSION = 1
# Status of a case: in progress, draft exported, application submitted.
STATUSES = {"open": ("进行中", "In progress"), "exported": ("已导出", "Exported"),
            "submitted": ("已提交", "Submitted")}
LOCK_STALE_SECONDS = 90  # a window that has not beaten its heart this long is gone
CONTACT_FACTS = ("company.contact_person", "company.contact_phone", "company.contact_email",
                 "company.legal_representative")


class CaseLibraryError(OneLineError):
    """The library cannot be opened or an operation names a case that is not there."""


def library_path() -> Path:
    from desktop_app.paths import user_data_dir

    return user_data_dir() / LIBRARY_FILE


def _year_of(profile: dict[str, Any]) -> int | None:
    """The case's assessment year as the profile states it; None when it does not (the
    library filed such a case under the calendar year, a year the firm never gave, and
    `cases list` showed it as if given). A year-less case is its firm's one such case."""
    year = profile.get("assessment.year")
    if isinstance(year, int) and not isinstance(year, bool):
        return year
    return None


def firm_year(profile: dict[str, Any]) -> tuple[str, str, int | None] | None:
    """Which firm and year a profile's case is (the library keeps one case of each): by
    its credit code, else by its name; None for a profile with neither. (A case stored by
    name only is also the case of a later profile of that name with a code: _same_firm_year;
    a profile by name only of a firm stored with its code takes that code: _with_firms_code.)"""
    uscc, name = profile.get("company.uscc"), profile.get("company.name")
    if uscc:
        return ("uscc", uscc, _year_of(profile))
    if name:
        return ("name", name, _year_of(profile))
    return None


def _contact(profile: dict[str, Any]) -> str:
    return " ".join(str(profile[f]) for f in CONTACT_FACTS if profile.get(f))


def compact_results(report: Report) -> dict[str, list[Any]]:
    """{item_id: [verdict, max_amount_yuan]}: what a later re-assessment is compared with."""
    return {r.item_id: [r.verdict, r.max_amount_yuan] for r in report.results}


def summary_of(report: Report) -> dict[str, Any]:
    """The figures the firms view sorts by, from one assessment."""
    from desktop_app.core.verdicts import ELIGIBLE, UNCERTAIN

    eligible = [r for r in report.results if r.verdict == ELIGIBLE]
    best = sorted(eligible, key=lambda r: -(r.max_amount_yuan or 0))[:3]
    return {
        "eligible_total": report.totals.eligible_total_yuan,
        "uncertain_total": report.totals.uncertain_total_yuan,
        "eligible_count": len(eligible),
        "open_items": sum(r.verdict == UNCERTAIN for r in report.results),
        "best_items": ",".join(r.item_id for r in best),
    }


@dataclass
class Change:
    """One item whose verdict or bound moved between two assessments."""

    item_id: str
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass
class Reassessed:
    case_id: int
    name: str | None
    uscc: str | None
    changed: list[Change] = field(default_factory=list)
    error: str | None = None
    year: int | None = None  # the case's assessment year (a firm may have several)

    def notable(self) -> tuple[list[Change], int, int]:
        """The changes worth a line each; how many items a pack added that do not apply
        to the firm; how many it removed that did not apply. (With a pack of thousands of
        items, a firm's one real change stood among 37,000 lines of "（无此项） → 不符合".)"""
        def out(side: dict[str, Any] | None) -> bool:
            return side is not None and side["verdict"] == "ineligible"

        added = sum(1 for c in self.changed if c.before is None and out(c.after))
        removed = sum(1 for c in self.changed if c.after is None and out(c.before))
        shown = [c for c in self.changed if not (c.before is None and out(c.after))
                 and not (c.after is None and out(c.before))]
        return shown, added, removed

    def to_json(self) -> dict[str, Any]:
        out = {"case": self.case_id, "name": self.name, "uscc": self.uscc,
               "changed": [{"item_id": c.item_id, "before": c.before, "after": c.after}
                           for c in self.changed]}
        if self.error:
            out["error"] = self.error
        return out


@dataclass
class Imported:
    path: str
    case_id: int | None
    error: str | None = None
    replaced: int | None = None  # an earlier case of the same firm and year, now in 回收站
    kept: int | None = None  # the library's case of that firm and year, kept: file skipped


UNFINDABLE = ("{source}：既无企业名称也无统一社会信用代码，存入后无法查找，未存入企业库 / "
              "{source}: neither a firm name nor a credit code to find it again by; not "
              "stored in the library")


@dataclass
class Replacing:
    """A file about to replace the library's case of the same firm and year (the library's
    goes to the 回收站): what a caller weighs before letting it (import_files's `replace`)."""
    path: str
    case_id: int
    name: str
    year: int | None
    updated: str  # when the library's case last changed
    saved_at: str | None  # when the file was saved, where it says
    # The library's case changed after the file was saved, or the file does not say when
    # it was saved: the file may undo a correction made in the library.
    newer: bool


# Columns of `cases()` rows, in order (the firms view and `cases list` share them).
CASE_COLUMNS = ("case_id", "firm_id", "name", "uscc", "district", "contact", "year", "status",
                "eligible_total", "uncertain_total", "eligible_count", "open_items",
                "best_items", "assessed_at", "clause_db_version", "updated", "deleted_at")


class CaseLibrary:
    """One library file; cheap to open, safe to open twice (two windows, a CLI run)."""

    def __init__(self, path: str | Path | None = None):
        import sqlite_utils

        self.path = Path(path) if path is not None else library_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            self.db = sqlite_utils.Database(conn)
            self.db.enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL keeps it crash-safe
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            # "unable to open database file" in a read-only folder: say which it is
            readonly = not os.access(self.path.parent, os.W_OK)
            raise CaseLibraryError(
                f"案例库无法打开{'（所在文件夹为只读）' if readonly else ''} / the case library "
                f"cannot be opened{' (its folder is read-only)' if readonly else ''}: "
                f"{self.path}: {exc}") from exc
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.release_all()
        self.conn.close()

    def __enter__(self) -> CaseLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        db = self.db
        if "firms" in db.table_names():
            return
        with self.conn:
            db["firms"].create({"id": int, "uscc": str, "name": str, "district": str,
                                "contact": str, "created": str, "updated": str}, pk="id")
            db["firms"].create_index(["uscc"], unique=True)
            db["firms"].create_index(["name"])  # firms without a code are found by name
            db["cases"].create({
                "id": int, "firm_id": int, "year": int, "status": str, "profile": str,
                "application": str, "meta": str, "clause_db_version": str, "as_of": str,
                "results": str, "eligible_total": int, "uncertain_total": int,
                "eligible_count": int, "open_items": int, "best_items": str,
                "assessed_at": str, "created": str, "updated": str, "deleted_at": str,
            }, pk="id", foreign_keys=[("firm_id", "firms", "id")])
            db["cases"].create_index(["firm_id", "year"])
            db["opened_by"].create({"case_id": int, "owner": str, "pid": int, "host": str,
                                    "heartbeat": float}, pk="case_id")
            db["meta"].create({"key": str, "value": str}, pk="key")
            db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)})
            # Trigram: Chinese names have no spaces, so words cannot be the tokens;
            # any three characters of a name, code or contact find it.
            db["firms"].enable_fts(["name", "uscc", "contact"], create_triggers=True,
                                   tokenize="trigram")

    # --- firms and cases ------------------------------------------------------------
    # Rows are written with plain statements: sqlite-utils' insert() and update() look
    # the table up on every call, which made storing a 10,000-row roster take seconds.
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        return self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                 list(row.values())).lastrowid

    def _update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        sets = ", ".join(f"{col} = ?" for col in row)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), row_id])

    def _firm_for(self, profile: dict[str, Any]) -> int:
        """The firm of a profile, by USCC where known, else by name; created if new."""
        uscc = profile.get("company.uscc") or None
        name = profile.get("company.name") or None
        row = None
        if uscc:
            row = self.conn.execute("SELECT id FROM firms WHERE uscc = ?", (uscc,)).fetchone()
        if row is None and name:
            # A firm first stored without its code takes the code when it comes.
            row = self.conn.execute("SELECT id FROM firms WHERE name = ? AND uscc IS NULL",
                                    (name,)).fetchone()
        fields = {"uscc": uscc, "name": name, "district": profile.get("company.district"),
                  "contact": _contact(profile), "updated": now_stamp()}
        if row is None and name and not uscc:
            coded = self._coded_firm_named(name)
            if coded is not None:
                row = coded
                del fields["uscc"]  # the profile leaves the code out; the firm keeps it
        if row is None:
            return self._insert("firms", dict(fields, created=fields["updated"]))
        self._update("firms", row[0], fields)
        return row[0]

    def _with_firms_code(self, profile: dict[str, Any]) -> dict[str, Any]:
        """A profile by name only, of a firm the library holds with its code, given that
        code: a roster without the code column replaced the firm's case with one whose
        draft application had no 统一社会信用代码, and a same case read as a changed one."""
        name = profile.get("company.name")
        if profile.get("company.uscc") or not name:
            return profile
        firm = self._coded_firm_named(name)
        return profile if firm is None else {**profile, "company.uscc": firm[1]}

    def _coded_firm_named(self, name: str) -> tuple[int, str] | None:
        """The one firm stored with a code under this name, (id, code), for a later profile
        that gives the name only (a second firm of the name was made, and its case stood
        beside the first); None where two coded firms share the name: it cannot say which."""
        rows = self.conn.execute("SELECT id, uscc FROM firms WHERE name = ?"
                                 " AND uscc IS NOT NULL", (name,)).fetchall()
        return tuple(rows[0]) if len(rows) == 1 else None

    def save_case(self, profile: dict[str, Any], *, case_id: int | None = None,
                  meta: dict[str, Any] | None = None, application: Any = None,
                  status: str | None = None) -> int:
        """Store a profile: as a new case, or over `case_id` (edits as they are typed)."""
        now = now_stamp()
        with self.conn:
            firm_id = self._firm_for(profile)
            row: dict[str, Any] = {"firm_id": firm_id, "year": _year_of(profile),
                                   "profile": json.dumps(profile, ensure_ascii=False),
                                   "updated": now}
            if meta is not None:
                row["meta"] = json.dumps(meta, ensure_ascii=False)
            if application is not None:
                row["application"] = json.dumps(application, ensure_ascii=False)
            if status is not None:
                row["status"] = _check_status(status)
            if case_id is None:
                row.setdefault("status", "open")
                row["created"] = now
                return self._insert("cases", row)
            if self._require(case_id)["deleted_at"] is not None:
                # Deleted in another window, or replaced by an imported file, while open
                # here: answers written into it would go where nobody looks.
                raise CaseLibraryError(
                    f"案例 {case_id} 已移入回收站，修改未写入企业库：请从回收站恢复它，"
                    f"或用 文件 → 另存为 保存当前答案 / case {case_id} is in the 回收站 "
                    f"(recycle bin): the changes were not written to the library; restore "
                    f"it, or save the answers with File → Save as")
            self._update("cases", case_id, row)
            return case_id

    def record(self, case_id: int, report: Report) -> list[Change]:
        """Store the results of an assessment of the case (replacing the last ones); the
        items whose verdict or bound differ from the last ones (what `reassess` would have
        said of this case, had it run first: a caller that records says it instead)."""
        with self.conn:
            row = self.conn.execute("SELECT results FROM cases WHERE id = ?",
                                    (case_id,)).fetchone()
            self._update("cases", case_id, self._assessment_row(report))
        before = json.loads(row[0]) if row and row[0] else {}
        return diff_results(before, compact_results(report))

    @staticmethod
    def _assessment_row(report: Report) -> dict[str, Any]:
        return {"clause_db_version": report.clause_db_version,
                "as_of": report.as_of.isoformat(),
                "results": json.dumps(compact_results(report), separators=(",", ":")),
                "assessed_at": now_stamp(), **summary_of(report)}

    def store_assessed(self, entries: Iterable[tuple[dict[str, Any], Report | None]]
                       ) -> list[int]:
        """Store many profiles with their assessments in one transaction (batch --store).

        A firm's case of the same year is replaced, the earlier one kept in the 回收站."""
        ids = []
        with self.conn:
            for profile, report in entries:
                case_id = self._store(profile)
                if report is not None:
                    self._update("cases", case_id, self._assessment_row(report))
                ids.append(case_id)
        return ids

    def _store(self, profile: dict[str, Any], meta: dict[str, Any] | None = None,
               application: Any = None) -> int:
        """Insert a case, or keep the same firm-year case when it holds the same; a different
        one goes to the 回收站. The caller holds the transaction."""
        profile = self._with_firms_code(profile)
        same = self._same_firm_year(profile)
        if same is not None:
            if self._same_case(same, profile, application):
                return same
            if not application:
                # A bare profile (a roster row, a profile file) brings no requested amounts
                # or descriptions: the case's own come along rather than only into the bin.
                row = self.conn.execute("SELECT application FROM cases WHERE id = ?",
                                        (same,)).fetchone()
                application = json.loads(row[0]) if row and row[0] else application
            self.conn.execute("UPDATE cases SET deleted_at = ? WHERE id = ?", (now_stamp(), same))
        now = now_stamp()
        return self._insert("cases", {
            "firm_id": self._firm_for(profile), "year": _year_of(profile), "status": "open",
            "profile": json.dumps(profile, ensure_ascii=False),
            "meta": json.dumps(meta, ensure_ascii=False) if meta else None,
            "application": (json.dumps(application, ensure_ascii=False)
                            if application is not None else None),
            "created": now, "updated": now})

    def case(self, case_id: int) -> dict[str, Any]:
        """A case with its profile, meta, application and last results decoded."""
        row = self._require(case_id)
        for key in ("profile", "meta", "application", "results"):
            row[key] = json.loads(row[key]) if row.get(key) else ({} if key != "application"
                                                                    else None)
        return row

    def _require(self, case_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM cases WHERE id = ?", [case_id]))
        if not rows:
            raise CaseLibraryError(f"案例不存在 / no such case: {case_id}")
        return rows[0]

    def mark_exported(self, case_id: int) -> None:
        """A draft of the case was written: an open case becomes 已导出 (one already
        已提交 stays so)."""
        if self.case(case_id)["status"] == "open":
            self.set_status(case_id, "exported")

    def set_status(self, case_id: int, status: str) -> None:
        self._require(case_id)
        with self.conn:
            self._update("cases", case_id, {"status": _check_status(status),
                                              "updated": now_stamp()})

    def cases(self, search: str | None = None, *, district: str | None = None,
              status: str | None = None, deleted: bool = False,
              districts: dict[str, list[str]] | None = None) -> list[tuple]:
        """Rows of CASE_COLUMNS, newest year first; `deleted` lists the 回收站 instead.

        `search`: each word (split at spaces) in the firm's name, credit code or contact,
        or naming its district (its id, or a name `districts` gives for it: 东城区, 东城)
        or its year (2025): "京西 智算", "东城区 2025" found nothing, though the list
        shows both."""
        where = ["c.deleted_at IS NOT NULL" if deleted else "c.deleted_at IS NULL"]
        params: list[Any] = []
        for word in (search or "").split():
            sql, arg = _search_sql(word)
            either = [f"c.firm_id IN ({sql})"]
            params.extend(arg)
            named = [value for value, names in (districts or {}).items()
                     if word.casefold() in (n.casefold() for n in [value, *names])]
            if named or not districts:
                either.append(f"f.district IN ({', '.join('?' * max(len(named), 1))})")
                params.extend(named or [word])
            if word.isdigit() and len(word) == 4:
                either.append("c.year = ?")
                params.append(int(word))
            where.append("(" + " OR ".join(either) + ")")
        if district:
            where.append("f.district = ?")
            params.append(district)
        if status:
            where.append("c.status = ?")
            params.append(_check_status(status))
        sql = ("SELECT c.id, c.firm_id, f.name, f.uscc, f.district, f.contact, c.year, c.status,"
               " c.eligible_total, c.uncertain_total, c.eligible_count, c.open_items,"
               " c.best_items, c.assessed_at, c.clause_db_version, c.updated, c.deleted_at"
               " FROM cases c JOIN firms f ON f.id = c.firm_id WHERE " + " AND ".join(where)
               + " ORDER BY f.name, c.year DESC, c.id")
        return self.conn.execute(sql, params).fetchall()

    def assessed_with_other_base(self, version: str) -> int:
        """How many cases (not in the 回收站) hold results of a clause base other than
        `version`: after a pack, the library showed the old figures as if current."""
        return self.conn.execute(
            "SELECT COUNT(*) FROM cases WHERE deleted_at IS NULL AND results IS NOT NULL"
            " AND clause_db_version IS NOT ?", (version,)).fetchone()[0]

    def search_firms(self, text: str) -> list[int]:
        """Firm ids whose name, USCC or contact holds `text` (FTS5 trigram; shorter: LIKE)."""
        sql, args = _search_sql(text)
        return [r[0] for r in self.conn.execute(sql, args)]

    def count(self, deleted: bool = False) -> int:
        op = "IS NOT NULL" if deleted else "IS NULL"
        return self.conn.execute(f"SELECT count(*) FROM cases WHERE deleted_at {op}").fetchone()[0]

    # --- duplicate, 回收站 ------------------------------------------------------------
    def duplicate(self, case_id: int, year: int | None = None) -> int:
        """A copy of the case for another assessment year (default: the next), not assessed."""
        old = self.case(case_id)
        # (a case with no year: a copy for the calendar year, as the wizard would propose)
        year = year or (old["year"] + 1 if old["year"] else date.today().year)
        profile = dict(old["profile"])
        profile["assessment.year"] = year
        now = now_stamp()
        meta = dict(old["meta"], copied_from=case_id)
        with self.conn:
            return self._insert("cases", {
                "firm_id": old["firm_id"], "year": year, "status": "open",
                "profile": json.dumps(profile, ensure_ascii=False),
                "application": (json.dumps(old["application"], ensure_ascii=False)
                                if old["application"] is not None else None),
                "meta": json.dumps(meta, ensure_ascii=False),
                "created": now, "updated": now})

    def delete(self, case_id: int) -> None:
        """Move a case to the 回收站 (recoverable with `restore`)."""
        if self._require(case_id)["deleted_at"] is not None:
            raise CaseLibraryError(f"案例 {case_id} 已在回收站中 / case {case_id} is already "
                                   f"in the recycle bin (回收站)")
        with self.conn:
            self._update("cases", case_id, {"deleted_at": now_stamp()})

    def restore(self, case_id: int) -> int | None:
        """Bring a case back from the 回收站. The library keeps one case of a firm and year:
        the one in its place goes to the 回收站 instead (nothing lost); its id is returned."""
        row = self._require(case_id)
        if row["deleted_at"] is None:
            raise CaseLibraryError(f"案例 {case_id} 不在回收站中，无需恢复 / case {case_id} "
                                   f"is not in the recycle bin (回收站)")
        with self.conn:
            found = self.conn.execute(
                "SELECT id FROM cases WHERE firm_id = ? AND year IS ? AND deleted_at IS NULL",
                (row["firm_id"], row["year"])).fetchone()
            if found:
                self.conn.execute("UPDATE cases SET deleted_at = ? WHERE id = ?",
                                  (now_stamp(), found[0]))
            self.conn.execute("UPDATE cases SET deleted_at = NULL WHERE id = ?", (case_id,))
        return found[0] if found else None

    def purge(self, case_id: int) -> None:
        """Remove a case from the 回收站 for good (only cases already there)."""
        row = self._require(case_id)
        if row["deleted_at"] is None:
            raise CaseLibraryError(f"案例不在回收站中 / case {case_id} is not in the 回收站")
        with self.conn:
            self.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))

    # --- .pscase files ----------------------------------------------------------------
    def import_files(self, paths: Iterable[str | Path], db: ClauseDB | None = None,
                     replace: Callable[[Replacing], bool] | None = None) -> list[Imported]:
        """Take in case or profile files; an earlier case of the same firm and year goes
        to the 回收站 (nothing is lost), unless `replace`, asked first, says to keep it
        (the file is then skipped); a bad file is reported and the rest go on.

        Each profile is checked as `assess` checks it (facts.validate_profile against `db`,
        the clause base in use by default) before anything is stored: an invalid file must
        neither enter the library nor push a valid case of the same firm-year aside."""
        from desktop_app.core.application import Application, ApplicationError
        from desktop_app.core.assess import assess_verdicts
        from desktop_app.core.case_file import read_case
        from desktop_app.core.facts import ProfileError, validate_profile
        from desktop_app.core.textfile import shown_path

        if db is None:
            from desktop_app.core.clausedb import default_db

            db = default_db()
        out = []
        for path in paths:
            try:
                case = read_case(path)
                profile = validate_profile(case["profile"], db)
                # An application the drafts would refuse (a negative amount) must not be
                # stored: every later export of the case failed on it.
                Application.from_json(case.get("application"))
            except ProfileError as exc:
                line = exc.line()
                where = shown_path(Path(path))
                if where not in line:  # a fact's problem: say which file it is in
                    line = line.replace("错误 error: ", f"错误 error: {where}: ", 1)
                out.append(Imported(str(path), None, line))
                continue
            except ApplicationError as exc:
                out.append(Imported(str(path), None,
                                    f"错误 error: {shown_path(Path(path))}: application: "
                                    f"{exc.item_id}: {exc.zh} / {exc.en}"))
                continue
            meta = dict(case["meta"], imported_from=str(Path(path).name))
            got = self.take_in(profile, meta, case.get("application"), str(path), replace)
            if got.case_id is not None:
                # assessed as taken in: its row shows its totals at once (it read — until
                # a re-assessment), and a later one compares with these results
                self.record(got.case_id, assess_verdicts(profile, db, date.today()))
            out.append(got)
        return out

    def take_in(self, profile: dict[str, Any], meta: dict[str, Any], application: Any,
                source: str, replace: Callable[[Replacing], bool] | None = None) -> Imported:
        """Store a checked profile (a file's, or the wizard's answers: `source` names it) as
        a case; the library's case of the same firm and year goes to the 回收站 unless
        `replace`, asked first, says to keep it. A profile with neither a name nor a
        credit code is not stored (as `batch --store` does not store such a row): nobody
        could find the case again, and each import of it added one more."""
        if firm_year(profile) is None:
            return Imported(source, None, UNFINDABLE.format(source=source))
        profile = self._with_firms_code(profile)
        before = self._same_firm_year(profile)
        if before is not None and replace is not None and not self._same_case(
                before, profile, application) and not replace(
                    self._replacing(source, before, meta)):
            return Imported(source, None, kept=before)
        with self.conn:
            before = self._same_firm_year(profile)
            case_id = self._store(profile, meta, application)
        return Imported(source, case_id, None,
                        before if before not in (None, case_id) else None)

    def _same_case(self, case_id: int, profile: dict[str, Any], application: Any) -> bool:
        """Whether the case holds this profile and application. A file without an
        application (a bare profile) leaves the case's own; a file whose requested amounts
        or descriptions differ is a different case (it was kept as the same, and the file's
        corrected application dropped without a word)."""
        row = self.conn.execute("SELECT profile, application FROM cases WHERE id = ?",
                                (case_id,)).fetchone()
        if json.loads(row[0] or "{}") != profile:
            return False
        # (read_case gives {} for a file without one: that too leaves the case's own)
        return not application or json.loads(row[1] or "null") == application

    def _replacing(self, path: str | Path, case_id: int, meta: dict[str, Any]) -> Replacing:
        row = self.conn.execute(
            "SELECT f.name, c.year, c.updated FROM cases c JOIN firms f ON f.id = c.firm_id"
            " WHERE c.id = ?", (case_id,)).fetchone()
        saved = meta.get("saved_at")
        saved = saved if isinstance(saved, str) else None
        # Both are local times to the second in ISO form (case_file.now_stamp): they sort.
        return Replacing(str(path), case_id, row[0] or "", row[1], row[2] or "", saved,
                         newer=saved is None or (row[2] or "") > saved)

    def _same_firm_year(self, profile: dict[str, Any]) -> int | None:
        key = firm_year(profile)
        if key is None:
            return None
        by, arg, year = key
        found = self._case_of(by, arg, year)
        if found is None and by == "uscc" and profile.get("company.name"):
            # A firm first stored with its name only, now with its code (_firm_for gives
            # the firm the code): that year's case is this one's, not a second case of it.
            found = self._case_of("name", profile["company.name"], year)
        return found

    def _case_of(self, by: str, arg: str, year: int | None) -> int | None:
        """The case of a year of the firm with this code, or of the firm with this name and
        no code (never one with another code)."""
        cond = "f.uscc = ?" if by == "uscc" else "f.name = ? AND f.uscc IS NULL"
        row = self.conn.execute(
            f"SELECT c.id FROM cases c JOIN firms f ON f.id = c.firm_id WHERE {cond}"
            " AND c.year IS ? AND c.deleted_at IS NULL ORDER BY c.id DESC",  # IS: NULL too
            (arg, year)).fetchone()
        return row[0] if row else None

    # --- a case open in a window --------------------------------------------------------
    def claim(self, case_id: int) -> str | None:
        """Mark the case open here; returns the other owner that has it open, if any
        (the caller may still open it, read-only or after asking)."""
        other = self.holder(case_id)
        if other is None:
            with self.conn:
                self.conn.execute(
                    "INSERT OR REPLACE INTO opened_by (case_id, owner, pid, host, heartbeat)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (case_id, self.owner, os.getpid(), socket.gethostname(), time.time()))
        return other

    def holder(self, case_id: int) -> str | None:
        """Who else has this case open (a live owner that is not us), or None."""
        row = self.conn.execute("SELECT owner, pid, host, heartbeat FROM opened_by"
                                " WHERE case_id = ?", (case_id,)).fetchone()
        if row is None or row[0] == self.owner:
            return None
        owner, pid, host, beat = row
        if time.time() - beat > LOCK_STALE_SECONDS:
            return None
        if host == socket.gethostname() and pid != os.getpid() and not _pid_alive(pid):
            return None
        return owner

    def opened_elsewhere(self) -> set[int]:
        """Cases open in another live window (for marking them in the list)."""
        rows = self.conn.execute("SELECT case_id FROM opened_by WHERE owner != ?",
                                 (self.owner,)).fetchall()
        return {r[0] for r in rows if self.holder(r[0]) is not None}

    def heartbeat(self) -> None:
        with self.conn:
            self.conn.execute("UPDATE opened_by SET heartbeat = ? WHERE owner = ?",
                              (time.time(), self.owner))

    def release(self, case_id: int) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM opened_by WHERE case_id = ? AND owner = ?",
                              (case_id, self.owner))

    def release_all(self) -> None:
        try:
            with self.conn:
                self.conn.execute("DELETE FROM opened_by WHERE owner = ?", (self.owner,))
        except sqlite3.Error:
            pass

    # --- the rules changed ----------------------------------------------------------------
    def reassess(self, db: ClauseDB, as_of: date | None, progress=None) -> list[Reassessed]:
        """Assess every stored case (not those in the 回收站) against `db`, on `as_of` or,
        with None, on the date each case keeps (else today); report per case the items
        whose verdict or bound changed since its last assessment; store the new results.
        `progress(done, total)` may return False to stop early."""
        from desktop_app.core.assess import assess_verdicts
        from desktop_app.core.case_file import case_date
        from desktop_app.core.facts import ProfileError

        rows = self.conn.execute(
            "SELECT c.id, f.name, f.uscc, c.profile, c.results, c.year, c.meta FROM cases c"
            " JOIN firms f ON f.id = c.firm_id WHERE c.deleted_at IS NULL ORDER BY c.id"
        ).fetchall()
        out: list[Reassessed] = []
        updates: list[tuple] = []
        for n, (case_id, name, uscc, profile_json, results_json, year, meta_json) in \
                enumerate(rows, 1):
            entry = Reassessed(case_id, name, uscc, year=year)
            out.append(entry)
            try:
                day = case_date(json.loads(meta_json) if meta_json else {}, as_of)
                report = assess_verdicts(json.loads(profile_json or "{}"), db, day)
            except ProfileError as exc:
                entry.error = exc.line()
                continue
            entry.changed = diff_results(json.loads(results_json) if results_json else {},
                                         compact_results(report))
            row = self._assessment_row(report)
            updates.append((row["clause_db_version"], row["as_of"], row["results"],
                            row["assessed_at"], row["eligible_total"], row["uncertain_total"],
                            row["eligible_count"], row["open_items"], row["best_items"],
                            case_id))
            if progress is not None and progress(n, len(rows)) is False:
                break
        with self.conn:
            self.conn.executemany(
                "UPDATE cases SET clause_db_version = ?, as_of = ?, results = ?,"
                " assessed_at = ?, eligible_total = ?, uncertain_total = ?, eligible_count = ?,"
                " open_items = ?, best_items = ? WHERE id = ?", updates)
        return out


def district_names(options: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """The names a search may give a district by, from company.district's options:
    {"dongcheng": ["东城区", "东城", "Dongcheng"]}."""
    return {o["value"]: [n for n in (o.get("zh", ""), o.get("zh", "").removesuffix("区"),
                                     o.get("en", "")) if n]
            for o in options}


def _search_sql(text: str) -> tuple[str, list[str]]:
    """A query of firm ids for a search text and its parameters: the FTS5 trigram index
    for three characters or more (a phrase, so no query syntax), LIKE for fewer."""
    text = text.strip()
    if len(text) >= 3:
        return ("SELECT rowid FROM firms_fts WHERE firms_fts MATCH ?",
                ['"' + text.replace('"', '""') + '"'])
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return ("SELECT id FROM firms WHERE name LIKE ? ESCAPE '\\' OR uscc LIKE ? ESCAPE '\\'"
            " OR contact LIKE ? ESCAPE '\\'", [like] * 3)


def diff_results(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[Change]:
    """Items whose verdict or bound differ; an item new or gone shows null on its other side."""
    changes = []
    for item_id in list(after) + [i for i in before if i not in after]:
        b, a = before.get(item_id), after.get(item_id)
        if b is not None and a is not None and list(b) == list(a):
            continue
        if not before:  # never assessed before: nothing to compare with
            continue
        changes.append(Change(item_id, _side(b), _side(a)))
    return changes


def side_text(side: dict[str, Any] | None, lang: str = "zh") -> str:
    """One side of a change: "可申报 ≤300,000", "待确认 无上限", "（无此项）"."""
    if side is None:
        return "（无此项）" if lang == "zh" else "(no such item)"
    verdict = VERDICT_ZH.get(side["verdict"], side["verdict"]) if lang == "zh" \
        else side["verdict"]
    bound = side["max_amount_yuan"]
    shown = ("无上限" if lang == "zh" else "no bound") if bound is None else f"≤{bound:,}"
    return f"{verdict} {shown}"


def change_text(change: Change, db: ClauseDB, lang: str = "zh") -> str:
    """"门头沟区（三）（mentougou-03）：可申报 ≤300,000 → 可申报 ≤375,000": the item as the
    results page names it (an id alone told a consultant nothing), then the id."""
    name = db.item_name(change.item_id, lang)
    head = name if name == change.item_id else (
        f"{name}（{change.item_id}）" if lang == "zh" else f"{name} ({change.item_id})")
    colon = "：" if lang == "zh" else ": "
    return (f"{head}{colon}{side_text(change.before, lang)} → "
            f"{side_text(change.after, lang)}")


def _side(pair: list[Any] | None) -> dict[str, Any] | None:
    if pair is None:
        return None
    return {"verdict": pair[0], "max_amount_yuan": pair[1]}


def _check_status(status: str) -> str:
    if status in STATUSES:
        return status
    for code, labels in STATUSES.items():
        if status in labels:
            return code
    raise CaseLibraryError(f"未知的状态“{status}” / unknown status {status!r}: "
                           + ", ".join(f"{c} ({z})" for c, (z, _) in STATUSES.items()))


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # no signal 0 there; trust the heartbeat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
