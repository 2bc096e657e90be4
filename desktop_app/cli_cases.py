"""Command line for many firms (contract section 7): roster-template, batch, cases.

    policy-selfcheck roster-template -o ROSTER.xlsx
    policy-selfcheck batch ROSTER.(xlsx|csv) [-o SUMMARY.xlsx] [--format jsonl|text]
                           [--as-of D] [--drafts DIR] [--store]
    policy-selfcheck cases list [--search TEXT] [--deleted] [--format json|text]
    policy-selfcheck cases import FILE...
    policy-selfcheck cases reassess [--as-of D] [--format json|text]
    policy-selfcheck cases delete|restore CASE_ID...
    policy-selfcheck cases export CASE_ID -o OUT.(docx|pdf|html|xlsx) [--as-of D] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from desktop_app.cli_args import case_id_arg, date_arg
from desktop_app.exits import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED

MAX_NOTES = 20  # lines naming repeated rows; a roster of one firm 1,500 times gives 1,499


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommands; each sets `handler`, which cli.main calls."""
    t = sub.add_parser("roster-template", help=(
        "生成待填写的企业花名册（XLSX，每行一家） / "
        "write an XLSX roster to fill in"))
    t.add_argument("-o", "--output", required=True)
    t.set_defaults(handler=_template)

    b = sub.add_parser("batch", help=(
        "评估花名册中的每家企业 / "
        "assess every firm of a roster (XLSX or CSV)"))
    b.add_argument("roster")
    b.add_argument("-o", "--output", default=None, help="汇总表 / summary workbook (.xlsx)")
    b.add_argument("--format", choices=("text", "jsonl"), default="text")
    b.add_argument("--as-of", type=date_arg, default=None)
    b.add_argument("--drafts", default=None, help=(
        "各企业申报草稿的文件夹 / "
        "folder for each firm's draft (.docx)"))
    b.add_argument("--store", action="store_true", help=(
        "存入企业库 / "
        "store the firms in the case library"))
    b.set_defaults(handler=_batch)

    c = sub.add_parser("cases", help="企业库 / the case library")
    csub = c.add_subparsers(dest="cases_command", required=True)
    lst = csub.add_parser("list", help="列出案例 / list stored cases")
    lst.add_argument("--search", default=None)
    lst.add_argument("--deleted", action="store_true", help="列出回收站 / list the recycle bin")
    lst.add_argument("--format", choices=("json", "text"), default="text")
    lst.set_defaults(handler=_list)
    imp = csub.add_parser(
        "import", help="导入案例或档案文件 / take in .pscase or profile files",
        description="导入案例或档案文件；无效的文件逐个报告并跳过，其余照常导入；"
                    "有任何文件无效时退出状态为2 / take in case or profile files; each "
                    "invalid file is reported in one line and skipped, the rest are taken "
                    "in; the exit status is 2 when any file was invalid")
    imp.add_argument("files", nargs="+")
    imp.set_defaults(handler=_import)
    rea = csub.add_parser("reassess", help="按现用条款库重新评估全部案例 / reassess every case")
    rea.add_argument("--as-of", type=date_arg, default=None)
    rea.add_argument("--format", choices=("json", "text"), default="text")
    rea.set_defaults(handler=_reassess)
    exp = csub.add_parser("export", help=(
        "导出案例的申报草稿 / "
        "a stored case's draft application, assessed afresh"))
    exp.add_argument("case_id", type=case_id_arg)
    exp.add_argument("-o", "--output", required=True)
    exp.add_argument("--as-of", type=date_arg, default=None)
    exp.add_argument("--lang", choices=("zh", "en"), default="zh")
    exp.set_defaults(handler=_export)
    for name, text in (("delete", "移入回收站 / move cases to the recycle bin"),
                       ("restore", "从回收站恢复 / bring cases back from the recycle bin")):
        p = csub.add_parser(name, help=text)
        p.add_argument("case_ids", nargs="+", type=case_id_arg)
        p.set_defaults(handler=_delete if name == "delete" else _restore)


def _db():
    from desktop_app.core.clausedb import default_db

    return default_db()


def _library():
    from desktop_app.core.caselib import CaseLibrary

    return CaseLibrary()


def _template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop_app.core.roster import write_template

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        print(f"错误 error: output: 花名册模板应为 .xlsx 文件 / the template is an .xlsx file: "
              f"{args.output}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if out.exists():  # perhaps a roster already filled in: never written over unasked
        print(f"错误 error: output: 文件已存在，请换一个文件名或先移走它 / the file exists; "
              f"name another or move it first: {args.output}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        written = write_template(args.output, _db())
    except OSError as exc:
        print(f"错误 error: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(written)  # (the path alone on stdout, for scripts; what next, for the consultant)
    print(f"已写入花名册模板：在“花名册”工作表中每行填一家企业（填法见“填写说明”），然后运行 "
          f"policy-selfcheck batch {written} / roster template written: one firm a row on "
          f"the 花名册 sheet (填写说明 says how), then run batch on it", file=sys.stderr)
    return 0


def _batch(args: argparse.Namespace) -> int:
    from desktop_app.core.batch import BatchInterrupted, run_batch
    from desktop_app.core.roster import RosterError
    from desktop_app.core.verdicts import ELIGIBLE, UNCERTAIN, VERDICT_ZH

    if args.output and not args.output.lower().endswith(".xlsx"):
        print(f"错误 error: output: 汇总应为 .xlsx 文件 / the summary is an .xlsx file: "
              f"{args.output}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output and os.path.isdir(args.output):
        print(f"错误 error: output: 这是一个文件夹，请给出汇总的文件名 / this is a folder: "
              f"name the summary file: {args.output}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.drafts and os.path.exists(args.drafts) and not os.path.isdir(args.drafts):
        print(f"错误 error: --drafts: 这是一个文件，草稿需要一个文件夹 / this is a file; the "
              f"drafts need a folder: {args.drafts}", file=sys.stderr)
        return EXIT_BAD_INPUT
    db = _db()
    as_of = args.as_of or date.today()
    out = sys.stdout

    def jsonl(row) -> None:
        out.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")

    def text(row) -> None:
        if row.report is None:
            out.write(f"{row.error}\n")
            return
        name = row.profile.get("company.name") or "（未填企业名称）"
        t = row.report.totals
        n = sum(r.verdict == ELIGIBLE for r in row.report.results)
        counted = sum(r.verdict == ELIGIBLE and r.counted_in_total for r in row.report.results)
        # "4 items, 700,000" read as the sum of four when a same-project group counts one
        which = f"（择优计入{counted}项）" if counted < n else ""
        # "可申报0项，合计上限 0 元" alone read as "nothing to claim" for a firm whose every
        # item is still open (a row with its name only): the open ones are counted too.
        n_open = sum(r.verdict == UNCERTAIN for r in row.report.results)
        more = f"；待确认{n_open}项" if n_open else ""
        if t.uncertain_total_yuan:
            more += f"，可能增加不超过 {t.uncertain_total_yuan:,} 元"
        if not row.profile.get("company.district"):
            more += "（注册所在区未填写，适用哪区政策尚不能判断）"
        # dongcheng-07's money goes to the new firm, which applies itself (as `assess` says)
        theirs = sum(r.max_amount_yuan for r in row.report.to_new_subsidiary(ELIGIBLE))
        whose = f"（其中 {theirs:,} 元由新涵养企业申报）" if theirs else ""
        out.write(f"第{row.row}行 {name}：{VERDICT_ZH[ELIGIBLE]}{n}项{which}，合计上限 "
                  f"{t.eligible_total_yuan:,} 元{whose}{more}\n")

    library = _library() if args.store else None
    try:
        stats = run_batch(args.roster, db, as_of, summary=args.output, drafts=args.drafts,
                          library=library, on_row=jsonl if args.format == "jsonl" else text,
                          words=args.format == "jsonl")
    except RosterError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"错误 error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except BatchInterrupted as exc:
        if library is None and not args.drafts and not args.output:
            raise  # cli.run says it as for any command
        # What is on disk now: 67 drafts written were not mentioned, nor the summary not
        # written (a reviewer's Ctrl-C).
        zh, en = [], []
        if library is not None:  # each whole: stored a chunk at a time, Ctrl-C waits for one
            n = exc.stats.stored
            zh.append(f"已存入企业库{n}个案例（均完整），其余行未存入")
            en.append(f"{n} cases were stored in the library, each whole; the other rows "
                      f"were not")
        if args.drafts:
            zh.append(f"已写出{exc.stats.drafts}份草稿到 {args.drafts}（均完整）")
            en.append(f"{exc.stats.drafts} drafts were written to {args.drafts}, each whole")
        if args.output:
            zh.append(f"汇总表未写出（{args.output}）")
            en.append(f"the summary was not written ({args.output})")
        print(f"已中断：{'；'.join(zh)} / interrupted: {'; '.join(en)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if library is not None:
            library.close()
    lines = [f"共{stats.rows}行：已评估{stats.assessed}，有问题{stats.bad} / "
             f"{stats.rows} rows: {stats.assessed} assessed, {stats.bad} with problems",
             *stats.roster_notes]
    if args.output:
        lines.append(f"汇总 summary: {args.output}")
    if args.drafts:
        lines.append(f"草稿 drafts: {stats.drafts} → {args.drafts}")
        lines += stats.draft_errors
        lines += _capped(stats.draft_notes, "份同名草稿已存在，未覆盖",
                         "drafts existed and were kept")
    if library is not None:
        lines.append(f"已存入企业库 stored: {stats.stored}")
        lines += _capped(stats.unstored_notes, "行既无企业名称也无统一社会信用代码，未存入",
                         "rows with neither a firm name nor a credit code were not stored")
    lines += _capped(stats.store_notes, "行同一企业同一年度",
                     "rows of a firm and year already in the roster")
    print("\n".join(lines), file=sys.stderr)
    return 0


def _capped(notes: list[str], zh: str, en: str) -> list[str]:
    """The first MAX_NOTES notes, and how many more there are."""
    more = len(notes) - MAX_NOTES
    return notes[:MAX_NOTES] + ([f"……另有 {more} {zh} / … {more} more {en}"] if more > 0
                                else [])


def _list(args: argparse.Namespace) -> int:
    from desktop_app.core.caselib import CASE_COLUMNS, STATUSES, district_names

    db = _db()
    options = db.facts["company.district"].options or []
    with _library() as lib:
        rows = lib.cases(args.search, deleted=args.deleted, districts=district_names(options))
    if args.format == "json":
        print(json.dumps([dict(zip(CASE_COLUMNS, r, strict=True)) for r in rows],
                         ensure_ascii=False, indent=1))
        return 0
    names = {o["value"]: o["zh"] for o in options}

    def district(value: str | None) -> str:
        """(two firms without a name were told apart only by their district)"""
        return names.get(value, value or "—")

    for r in rows:
        c = dict(zip(CASE_COLUMNS, r, strict=True))
        # an upper bound, said as one (as assess and batch say it)
        total = "—" if c["eligible_total"] is None else f"不超过 {c['eligible_total']:,} 元"
        if c["clause_db_version"] not in (None, db.version):
            total += "（此前条款库）"  # a pack came since: these figures may have moved
        print(f"{c['case_id']:>6}  {c['name'] or '（未填名称）'}  {c['uscc'] or '—'}  "
              f"{district(c['district'])}  {c['year'] or '年度未填写'}  "
              f"{STATUSES[c['status']][0]}  "
              f"可申报合计 {total}  "
              f"待确认 {'—' if c['open_items'] is None else str(c['open_items']) + '项'}")
    print(f"共{len(rows)}个案例 / {len(rows)} cases", file=sys.stderr)
    stale = sum(1 for r in rows if r[CASE_COLUMNS.index("clause_db_version")]
                not in (None, db.version))
    if stale:
        print(f"其中{stale}个按此前的条款库评估，运行 cases reassess 查看变化并更新 / {stale} "
              f"were assessed with an earlier clause base: cases reassess shows what changed",
              file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    db = _db()
    with _library() as lib:
        results = lib.import_files(args.files, db)
    status = 0
    for r in results:
        if r.error:  # one line naming the file and the fact; the file is skipped
            print(r.error, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            extra = f"（同年度旧案例 {r.replaced} 已移入回收站）" if r.replaced else ""
            print(f"{r.path} → 案例 case {r.case_id}{extra}")
    return status


def _reassess(args: argparse.Namespace) -> int:
    from desktop_app.core.caselib import change_text

    db = _db()
    with _library() as lib:
        results = lib.reassess(db, args.as_of)  # (no --as-of: each case's own date, or today)
    if args.format == "json":
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=1))
        return 0

    changed = [r for r in results if r.changed or r.error]
    for r in changed:
        year = f" {r.year}年度" if r.year else ""
        print(f"案例 {r.case_id} {r.name or '（未填名称）'} {r.uscc or ''}".rstrip() + year)
        if r.error:
            print(f"  {r.error}")
        shown, added, removed = r.notable()
        for c in shown:
            print(f"  {change_text(c, db)}")
        if added:
            print(f"  另有 {added} 项新增条款不适用于该企业 / {added} new items do not apply")
        if removed:
            print(f"  另有 {removed} 项原本不适用的条款已删除 / {removed} items that did not "
                  f"apply were removed")
    print(f"共{len(results)}个案例重新评估（条款库 {db.version}），{len(changed)}个有变化 / "
          f"{len(results)} cases reassessed, {len(changed)} changed", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    """As the firms library's 导出所选草稿 does for one case, to the path given: assessed
    with the clause base in use, with the case's requested amounts and descriptions;
    the new results recorded."""
    from desktop_app.cli_args import export_output_problem
    from desktop_app.core.application import ApplicationError
    from desktop_app.core.batch import export_case
    from desktop_app.core.caselib import CaseLibraryError, change_text
    from desktop_app.core.facts import ProfileError
    from desktop_app.export import ExportError

    problem = export_output_problem(args.output)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with _library() as lib:
            db = _db()
            # (no --as-of: the date the case keeps, else today)
            done = export_case(lib, args.case_id, db, args.as_of, args.output,
                               lang=args.lang)
            print(done.path)
            if done.changed:  # said now: `cases reassess` compares with this assessment
                print(f"与上次评估相比有变化（条款库 {db.version}） / changed since the case's "
                      f"last assessment:", file=sys.stderr)
                for c in done.changed:
                    print(f"  {change_text(c, db)}", file=sys.stderr)
    except ProfileError as exc:
        print(exc.line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CaseLibraryError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ApplicationError as exc:
        print(f"错误 error: application: {exc.item_id}: {exc.zh} / {exc.en}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExportError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return 0


def _delete(args: argparse.Namespace) -> int:
    return _each(args, "delete", "已移入回收站 / moved to the recycle bin")


def _restore(args: argparse.Namespace) -> int:
    return _each(args, "restore", "已恢复 / restored")


def _each(args: argparse.Namespace, method: str, done: str) -> int:
    from desktop_app.core.caselib import CaseLibraryError

    status = 0
    with _library() as lib:
        for case_id in args.case_ids:
            try:
                displaced = getattr(lib, method)(case_id)
                extra = (f"（同年度案例 {displaced} 已移入回收站 / case {displaced} of the same "
                         f"year moved to the recycle bin）" if displaced else "")
                print(f"案例 case {case_id}: {done}{extra}")
            except CaseLibraryError as exc:
                print(f"错误 error: {exc}", file=sys.stderr)
                status = EXIT_BAD_INPUT
    return status
