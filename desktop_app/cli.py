"""The `policy-selfcheck` command line (contract section 3). With no arguments: the GUI."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date

from desktop_app import cli_cases, cli_packs
from desktop_app.cli_args import date_arg
from desktop_app.exits import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, OneLineError


class _Parser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, like bad input, in Chinese first."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"错误 error: {self.prog}: {_usage_zh(message)}\n")


# argparse's own words (English only) and how they read in Chinese.
_OURS = re.compile(r"argument ([^:]+): (.+ / .+)")  # a type check's own "中文 / English"
_CHOICE = re.compile(r"argument ([^:]+): invalid choice: '([^']*)' \(choose from (.+)\)")
_USAGE_ZH = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
    (_CHOICE, "参数 {0} 的值 '{1}' 无效（可选：{2}）"),
    (re.compile(r"argument ([^:]+): invalid (\w+) value: (.+)"), "参数 {0} 的值 {2} 无效"),
    (re.compile(r"argument ([^:]+): expected one argument"), "参数 {0} 需要一个值"),
)


def _usage_zh(message: str) -> str:
    """argparse's message with Chinese before it. A case file given without `gui` is told
    how to open it."""
    ours = _OURS.fullmatch(message)
    if ours:
        return f"参数 {ours.group(1)}：{ours.group(2)}"
    for pattern, zh in _USAGE_ZH:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        hint_zh = hint_en = ""
        if pattern is _CHOICE and m.group(2).lower().endswith((".pscase", ".json")):
            hint_zh = f"；用向导打开案例请写 policy-selfcheck gui {m.group(2)}"
            hint_en = f"; to open a case in the wizard: policy-selfcheck gui {m.group(2)}"
        return f"{zh.format(*m.groups())}{hint_zh} / {message}{hint_en}"
    return message


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog="policy-selfcheck",
        description="政策自评助手：北京区级产业政策条款自评 / offline policy self-check")
    sub = ap.add_subparsers(dest="command")
    a = sub.add_parser("assess", help="评估企业档案或案例文件 / assess a profile or case file")
    a.add_argument("profile")
    a.add_argument("--as-of", type=date_arg, default=None)
    a.add_argument("--format", choices=("json", "text"), default="text")
    e = sub.add_parser("export", help="导出申报草稿 / export the draft application")
    e.add_argument("profile")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--as-of", type=date_arg, default=None)
    e.add_argument("--lang", choices=("zh", "en"), default="zh")
    c = sub.add_parser("clauses", help="列出全部条款 / list every clause item")
    c.add_argument("--format", choices=("json", "text"), default="text")
    g = sub.add_parser("gui", help="打开自评向导 / open the wizard")
    g.add_argument("case_file", nargs="?")
    g.add_argument("--page", default=None, help=(
        "intro、页码或 results / "
        "intro, a page number, or results"))
    g.add_argument("--screenshot", default=None, type=_png_arg, help=(
        "截图到此 PNG 后退出 / "
        "render to this PNG and exit"))
    g.add_argument("--lang", choices=("zh", "en"), default=None)
    cli_packs.register(sub)  # packs (contract section 6)
    cli_cases.register(sub)  # roster-template, batch, cases (contract section 7)
    return ap


def _png_arg(text: str) -> str:
    """--screenshot's file: a .png (x.txt silently got a PNG under its name)."""
    if not text.lower().endswith(".png"):
        raise argparse.ArgumentTypeError(
            f"截图文件名应以 .png 结尾，而不是 {text!r} / the screenshot is a PNG: name it "
            f"….png, not {text!r}")
    return text


def _page_problem(page: str | None) -> str | None:
    """What is wrong with `gui --page` (Chinese first), or None; told before Qt starts.
    The rules are gui/page_arg.py's, which the wizard reads the value with too."""
    from desktop_app.gui.page_arg import PAGE_NAMES, PageError, page_index

    if page is None or page.strip().lower() in PAGE_NAMES:
        return None
    from desktop_app.core.clausedb import ClauseDBError, default_db
    from desktop_app.core.topics import topics_in_use

    try:
        topics = topics_in_use(default_db())
    except ClauseDBError:
        return None  # the GUI says why the clause base cannot be opened
    try:
        page_index(page, [t.topic_id for t in topics])
    except PageError as exc:
        return str(exc)
    return None


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    print(message, file=sys.stderr)
    return status


class OutputError(Exception):
    """stdout could not be written (a full disk, /dev/full, a closed pipe)."""


def _out(text: str) -> None:
    """Write to stdout now, so a full disk is noticed here, not at interpreter exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "handler", None):  # subcommands registered by their own modules
        return args.handler(args)
    if args.command in (None, "gui"):
        problem = _page_problem(getattr(args, "page", None))
        if problem:
            return _fail(f"错误 error: --page: {problem}")
        from desktop_app.gui import preload

        preload()
        from desktop_app.gui.app import run_gui

        return run_gui(getattr(args, "case_file", None), page=getattr(args, "page", None),
                       screenshot=getattr(args, "screenshot", None),
                       lang=getattr(args, "lang", None))

    from desktop_app.core.clausedb import ClauseDBError, default_db
    from desktop_app.core.facts import ProfileError

    try:
        db = default_db()
    except ClauseDBError as exc:
        return _fail(f"错误 error: {exc}", EXIT_FAILED)
    if args.command == "clauses":
        from desktop_app.core.clauses import clauses_json, clauses_text

        if args.format == "json":
            _out(json.dumps(clauses_json(db), ensure_ascii=False, indent=2) + "\n")
        else:
            _out(clauses_text(db))
        return 0

    from desktop_app.core.assess import assess
    from desktop_app.core.case_file import read_case

    as_of = args.as_of or date.today()
    try:
        case = read_case(args.profile)  # one read: the profile, and the application to export
        report = assess(case["profile"], db, as_of)
    except ProfileError as exc:
        return _fail(exc.line())
    if args.command == "assess":
        if args.format == "json":
            _out(report.json_text() + "\n")
        else:
            from desktop_app.core.text_report import render_text

            _out(render_text(report, db))
        return 0

    from desktop_app.cli_args import export_output_problem
    from desktop_app.export import ExportError, export_report

    problem = export_output_problem(args.output)
    if problem:
        return _fail(problem)

    from desktop_app.core.application import Application, ApplicationError

    try:
        application = Application.from_json(case["application"])
    except ApplicationError as exc:
        return _fail(f"错误 error: application: {exc.item_id}: {exc.zh} / {exc.en}")
    from desktop_app.core.interrupts import ctrl_c_after

    try:
        with ctrl_c_after():  # (see there: Qt cut off mid-import aborts the process)
            export_report(report, db, case["profile"], args.output, lang=args.lang,
                          application=application)
    except ExportError as exc:
        return _fail(f"错误 error: {exc}", EXIT_FAILED)
    _out(args.output + "\n")
    return 0


def _utf8_output() -> None:
    # Piped output is UTF-8 on every platform (JSON readers expect it; a Windows code
    # page cannot hold ✔ or every name); a console keeps its encoding, never crashing.
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if stream.isatty():
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8")


def run(argv: list[str] | None = None) -> None:
    """Entry point: never a traceback for output that cannot be written (a closed pipe,
    a full disk, /dev/full) nor for a file system's refusal; one line, non-zero exit."""
    from desktop_app.core.clausedb import ClauseDBError

    _utf8_output()
    unraisable: list[str] = []
    sys.unraisablehook = lambda u: unraisable.append(
        f"{type(u.exc_value).__name__}: {u.exc_value}")
    try:
        status = main(argv)
        sys.stdout.flush()  # what a subcommand print()ed: fails here, not at exit
        _warn_if_fallen_back()
    except BrokenPipeError:
        status = EXIT_FAILED
    except OutputError as exc:
        status = _fail(f"错误 error: 无法写出结果 / cannot write the output: {exc}",
                       EXIT_FAILED)
    except OSError as exc:  # stdout at the final flush, or a file system refusal
        from desktop_app.core.atomic import os_error_text

        where = f": {_short(exc.filename)}" if exc.filename else ""
        zh, en = os_error_text(exc, writing=False)  # ("File exists", English only, was all)
        status = _fail(f"错误 error: {zh} / {en}{where}", EXIT_FAILED)
    except ClauseDBError as exc:  # an item's JSON, decoded as first read (clausedb.LAZY_TABLES)
        status = _fail(f"错误 error: {exc}", EXIT_FAILED)
    except RecursionError:
        status = _fail("错误 error: 输入嵌套过深 / input nested too deeply", EXIT_BAD_INPUT)
    except OneLineError as exc:  # e.g. a case library that cannot be opened, or is locked
        status = _fail(f"错误 error: {exc}", EXIT_FAILED)
    except KeyboardInterrupt:  # what was written is whole (atomic writes); say so, briefly
        status = _fail("已中断 / interrupted", EXIT_INTERRUPTED)
    _release_clause_base()
    if unraisable and status == 0:
        # A library's finaliser failed after the work succeeded: say so, in one line.
        print(f"警告 warning: {_short(unraisable[0])}", file=sys.stderr)
    # Once the command has failed and said why in one line, a library's finaliser
    # failing again on the same full disk (openpyxl's temporary files, a zip's __del__)
    # adds nothing but a traceback.
    _drop_stdout()
    sys.exit(status)


def _warn_if_fallen_back() -> None:
    """The imported pack could not be read and the bundled base served: one line."""
    clausedb = sys.modules.get("desktop_app.core.clausedb")
    warning = clausedb.fallback_warning() if clausedb else None
    if warning:
        print(warning, file=sys.stderr)


def _release_clause_base() -> None:
    """Let the clause base go before the interpreter's exit. Held to the end, the full
    collection passes its shutdown makes while clearing modules walk every object of it:
    with a 5,000-item pack some 300 ms, as long as the assessment (bench_packs.py)."""
    clausedb = sys.modules.get("desktop_app.core.clausedb")
    if clausedb:
        clausedb.forget_default_db()


def gui_main() -> None:
    """The `policy-selfcheck-gui` entry point (no console on Windows): always the wizard."""
    args = sys.argv[1:]
    sys.exit(main(["gui", *(args[1:] if args[:1] == ["gui"] else args)]))


def _short(value: object) -> str:
    from desktop_app.core.textfile import shown_path  # the same shortening as for paths

    return shown_path(str(value))


def _drop_stdout() -> None:
    """Point stdout at the null device: the interpreter's flush at exit must not fail
    again on what a full disk left in the buffer."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    try:
        sys.stdout.flush()
        return
    except OSError:
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)
    try:
        sys.stdout.flush()
    except OSError:
        pass


if __name__ == "__main__":
    run()
