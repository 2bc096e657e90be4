"""Benchmarks of the consultant's workspace (issue 13), on a synthetic 10,000-firm roster.

    python benchmarks/bench_cases.py [--firms 10000] [--profile]

(a) a roster of N rows to the summary workbook (target: under 15 s for 10,000), and
    where the time goes: reading the XLSX, reading the cells as the wizard would, the
    core's evaluation, writing the workbook;
(b) the case library: storing N assessed firms, then a search over them (target: under
    100 ms);
(c) the firms view showing N firms, from the menu command to the first paint
    (target: under 1 s);
(d) reassessing N stored cases against a changed clause base (target: under 20 s),
    and where that time goes.
All in a temporary data folder (POLICY_SELFCHECK_DATA); `--profile` adds cProfile's
top functions of (a).
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import os
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_OF = date(2026, 11, 24)


def make_roster(path: Path, n: int, db) -> None:
    """N firms as a help desk fills them: about half the facts given, typed both ways."""
    from openpyxl import Workbook

    from desktop_app.core.uscc import check_char

    facts = list(db.facts.values())
    rnd = random.Random(13)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append([f.zh for f in facts])
    ws.append([f.fact_id for f in facts])
    for i in range(n):
        row: list = []
        for f in facts:
            fid = f.fact_id
            if fid == "company.name":
                row.append(f"北京测试{i:05d}科技有限公司")
            elif fid == "company.uscc":
                base = f"9111{i:013d}"
                row.append(base + check_char(base))
            elif fid == "company.district":
                row.append(rnd.choice(["门头沟区", "东城区", "dongcheng", "海淀区"]))
            elif fid == "assessment.year":
                row.append(2025)
            elif rnd.random() < 0.5:
                row.append(None)
            elif f.type == "bool":
                row.append(rnd.choice(["是", "否", "不确定"]))
            elif f.type == "money":
                row.append(rnd.choice([rnd.randrange(0, 10**7), f"{rnd.randrange(1, 500)}万"]))
            elif f.type == "year":
                row.append(rnd.choice([2023, 2024, 2025]))
            elif f.type == "count":
                row.append(rnd.randrange(0, 5))
            else:
                row.append(None)
        ws.append(row)
    wb.save(path)


def changed_db(db):
    """The real clause base with mentougou-03's rate halved (a 'new edition')."""
    from desktop_app.core.clausedb import ClauseDB, read_tables
    from desktop_app.paths import clause_db_path

    with sqlite3.connect(f"file:{clause_db_path()}?mode=ro", uri=True) as conn:
        tables = copy.deepcopy(read_tables(conn))
    for row in tables["items"]:
        if row["item_id"] == "mentougou-03":
            row["formula"]["rate"] = "0.10"
    return ClauseDB(tables, "bench-changed")


def line(label: str, seconds: float, target: float | None = None) -> None:
    verdict = "" if target is None else ("  OK" if seconds < target else "  OVER TARGET")
    shown = f"{seconds * 1000:8.1f} ms" if seconds < 1 else f"{seconds:8.2f} s "
    goal = "" if target is None else f"   (target < {target:g} s)"
    print(f"  {label:<46}{shown}{goal}{verdict}")


def bench_batch(roster: Path, out: Path, db, profile: bool) -> None:
    from desktop_app.core.assess import assess_verdicts
    from desktop_app.core.batch import SummaryWriter, run_batch
    from desktop_app.core.roster import open_roster

    print("(a) roster to summary workbook")
    cpu0, t0 = time.process_time(), time.perf_counter()
    stats = run_batch(roster, db, AS_OF, summary=out)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    line(f"{stats.rows:,} rows, run_batch wall", wall, 15)
    line("  same, CPU time of this process", cpu)
    # where the time goes, phase by phase (wall and CPU: the machine is shared)
    from desktop_app.core.batch import BatchRow

    def timed(fn):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        return out, time.perf_counter() - w, time.process_time() - c

    def read_all():
        r = open_roster(roster, db)
        raw = list(r.rows)
        r.close()
        return raw

    def parse_all():
        r = open_roster(roster, db)
        rows = list(r.profiles())
        r.close()
        return rows

    def write_all():
        w = SummaryWriter(db)
        for row, rep in zip(rows, reports, strict=True):
            w.add(BatchRow(row.row, row.profile, rep))
        w.save(out.with_name("summary-again.xlsx"))

    def evaluate_all():
        for row in rows:  # each report dropped, as run_batch does (kept, the GC costs more)
            assess_verdicts(row.profile, db, AS_OF)

    raw, read_w, read_c = timed(read_all)
    rows, parse_w, parse_c = timed(parse_all)
    _, eval_w, eval_c = timed(evaluate_all)
    reports = [assess_verdicts(row.profile, db, AS_OF) for row in rows]
    _, write_w, write_c = timed(write_all)
    per = 1000 / max(len(raw), 1)
    print("  where the time goes (each phase alone; wall, then CPU):")
    for label, w, c in (("reading the XLSX (openpyxl, read-only)", read_w, read_c),
                        ("cells read as the wizard reads them", parse_w - read_w,
                         parse_c - read_c),
                        ("the core's evaluation (verdicts, bounds)", eval_w, eval_c),
                        ("writing the workbook (write-only)", write_w, write_c)):
        print(f"    {label:<44}{w:7.2f} s wall {c:7.2f} s CPU ({c * per:.2f} ms a row)")
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        run_batch(roster, db, AS_OF, summary=out)
        prof.disable()
        print("  cProfile, top 15 by own time:")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(15)


def bench_library(rows_path: Path, db, n: int):
    from desktop_app.core.batch import assess_roster
    from desktop_app.core.caselib import CaseLibrary

    print("(b) case library")
    lib = CaseLibrary()
    entries = [(row.profile, row.report) for row in assess_roster(rows_path, db, AS_OF,
                                                                   words=False)]
    t = time.perf_counter()
    lib.store_assessed(entries)
    line(f"storing {len(entries):,} assessed firms", time.perf_counter() - t)
    t = time.perf_counter()
    lib.store_assessed(entries)
    line("the same again (each found, nothing new)", time.perf_counter() - t)
    for text in ("测试01234", "北京测试", "911100000000012", "科技", "不存在的企业"):
        times, listed = [], []
        for _ in range(7):
            t = time.perf_counter()
            found = lib.search_firms(text)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            lib.cases(text)
            listed.append(time.perf_counter() - t)
        line(f"search “{text}” ({len(found):,} firms)", statistics.median(times), 0.1)
        line("  with their rows for the list", statistics.median(listed))
    t = time.perf_counter()
    everything = lib.cases()
    line(f"list all {len(everything):,} cases", time.perf_counter() - t)
    return lib


def bench_view(db, n: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.window import MainWindow

    print("(c) firms view")
    app = QApplication.instance() or QApplication([])
    win = MainWindow(db, interactive=False)
    win.show()
    app.processEvents()
    t = time.perf_counter()
    win.act_firms.trigger()
    app.processEvents()  # the first paint
    first = time.perf_counter() - t
    view = win.firms_view
    line(f"menu to first paint, {view.model.rowCount():,} firms shown", first, 1)
    t = time.perf_counter()
    view.search.setText("测试0")
    view.reload()
    app.processEvents()
    line(f"search typed, {view.model.rowCount():,} shown", time.perf_counter() - t)
    view.search.setText("")
    view.reload()
    for col, name in ((5, "eligible total"), (6, "open items"), (0, "name")):
        t = time.perf_counter()
        view.model.sort(col)
        app.processEvents()
        line(f"sort by {name}", time.perf_counter() - t)
    view.library.close()
    win.close()


def bench_reassess(lib, db) -> None:
    from desktop_app.core.assess import assess_verdicts

    print("(d) reassess after the clause base changed")
    new_db = changed_db(db)
    t, c = time.perf_counter(), time.process_time()
    results = lib.reassess(new_db, AS_OF)
    total = time.perf_counter() - t
    changed = sum(bool(r.changed) for r in results)
    line(f"{len(results):,} cases, {changed:,} changed", total, 20)
    line("  same, CPU time", time.process_time() - c)
    profiles = [p for (p,) in lib.conn.execute("SELECT profile FROM cases")]
    import json

    t = time.perf_counter()
    decoded = [json.loads(p) for p in profiles]
    line("  of which: reading and decoding the profiles", time.perf_counter() - t)
    t = time.perf_counter()
    for p in decoded:
        assess_verdicts(p, new_db, AS_OF)
    line("  of which: the core's evaluation", time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=10_000)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POLICY_SELFCHECK_DATA"] = str(Path(tmp) / "data")
        from desktop_app.core.clausedb import default_db

        db = default_db()
        roster = Path(tmp) / "roster.xlsx"
        t = time.perf_counter()
        make_roster(roster, args.firms, db)
        print(f"synthetic roster: {args.firms:,} rows × {len(db.facts)} columns, "
              f"{roster.stat().st_size / 1e6:.1f} MB (made in {time.perf_counter() - t:.1f} s)"
              f"; {os.cpu_count()} CPUs, shared")
        bench_batch(roster, Path(tmp) / "summary.xlsx", db, args.profile)
        lib = bench_library(roster, db, args.firms)
        bench_view(db, args.firms)
        bench_reassess(lib, db)
        lib.close()


if __name__ == "__main__":
    main()
