"""The `policy-selfcheck` command line (contract section 3). With no arguments: the GUI."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

EXIT_BAD_INPUT = 2


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


class _Parser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, like bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"错误 error: {self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog="policy-selfcheck",
        description="政策自评助手：北京区级产业政策条款自评 / offline policy self-check")
    sub = ap.add_subparsers(dest="command")
    a = sub.add_parser("assess", help="assess a profile or case file")
    a.add_argument("profile")
    a.add_argument("--as-of", type=_as_of, default=None)
    a.add_argument("--format", choices=("json", "text"), default="text")
    e = sub.add_parser("export", help="export the filled checklist")
    e.add_argument("profile")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--as-of", type=_as_of, default=None)
    e.add_argument("--lang", choices=("zh", "en"), default="zh")
    c = sub.add_parser("clauses", help="list every clause item")
    c.add_argument("--format", choices=("json", "text"), default="text")
    g = sub.add_parser("gui", help="open the wizard")
    g.add_argument("case_file", nargs="?")
    g.add_argument("--page", default=None, help="intro, a page number, or results")
    g.add_argument("--screenshot", default=None, help="render to this PNG and exit")
    g.add_argument("--lang", choices=("zh", "en"), default=None)
    return ap


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in (None, "gui"):
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
        print(f"错误 error: {exc}", file=sys.stderr)
        return 1
    if args.command == "clauses":
        from desktop_app.core.clauses import clauses_json, clauses_text

        if args.format == "json":
            print(json.dumps(clauses_json(db), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(clauses_text(db))
        return 0

    from desktop_app.core.assess import assess
    from desktop_app.core.case_file import read_profile

    as_of = args.as_of or date.today()
    try:
        report = assess(read_profile(args.profile), db, as_of)
    except ProfileError as exc:
        return _fail(exc.line())
    if args.command == "assess":
        if args.format == "json":
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            from desktop_app.core.text_report import render_text

            sys.stdout.write(render_text(report, db))
        return 0

    from desktop_app.export import FORMATS, ExportError, export_report

    suffix = args.output.rsplit(".", 1)[-1].lower()
    if suffix not in FORMATS:
        formats = ", ".join(FORMATS)
        return _fail(f"错误 error: output: 不支持的格式 .{suffix}，可用 {formats} "
                     f"/ unsupported format, use one of {formats}")

    from desktop_app.core.application import Application, ApplicationError
    from desktop_app.core.case_file import read_case

    try:
        case = read_case(args.profile)
        application = Application.from_json(case["application"])
    except ApplicationError as exc:
        return _fail(f"错误 error: application: {exc.item_id}: {exc.zh} / {exc.en}")
    try:
        export_report(report, db, case["profile"], args.output, lang=args.lang,
                      application=application)
    except ExportError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 1
    print(args.output)
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


def run() -> None:
    """Entry point that never shows a traceback for a closed pipe."""
    _utf8_output()
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)


if __name__ == "__main__":
    run()
