"""python -m clause_db build | check | keygen | pack | new | lint | test"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from clause_db.sources import SourceError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m clause_db")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the bundled SQLite file from the sources")
    b.add_argument("-o", "--output", help="write here instead of resources/clauses.sqlite")
    b.add_argument("--sources", help="build from this folder instead of clause_db/sources")
    c = sub.add_parser("check", help="fail if a policy has expired or was not checked lately")
    c.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    c.add_argument("--max-age", type=int, default=180, help="days since the last check")
    from clause_db import packing
    from clause_db.authoring import register as register_authoring  # new, lint, test

    packing.register(sub)
    register_authoring(sub)
    args = ap.parse_args(argv)
    if args.cmd in packing.COMMANDS:
        return packing.run(args)
    if getattr(args, "run", None):
        return args.run(args)
    if args.cmd == "build":
        from clause_db.build import build

        try:
            path, version = build(args.output, args.sources)
        except SourceError as exc:
            print(f"clause_db: {exc}", file=sys.stderr)
            return 1
        print(f"built {path} (version {version})")
        return 0
    from clause_db.freshness import stale_policies
    from desktop_app.core.clausedb import open_db

    problems = stale_policies(open_db(), args.as_of, args.max_age)
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"all policies current as of {args.as_of}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
