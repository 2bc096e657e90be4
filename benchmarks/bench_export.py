"""Time to export one profile's draft application in all four formats (target: under 1 s
together).

    .venv/bin/python benchmarks/bench_export.py [CASE_OR_PROFILE.json] [--repeat N]

The first round is cold (docxtpl, openpyxl, Qt and the bundled font load on first
use, a QGuiApplication is created); later rounds show the steady cost in the GUI.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "acceptance" / "examples" / "mentougou-ai-and-data.json"
FORMATS = ("docx", "pdf", "html", "xlsx")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from desktop_app.core.application import Application
    from desktop_app.core.assess import assess
    from desktop_app.core.case_file import read_case
    from desktop_app.core.clausedb import open_db
    from desktop_app.export import export_report

    db = open_db()
    case = read_case(args.profile)
    profile = case["profile"]
    report = assess(profile, db, date(2026, 11, 22))
    # The draft as a firm sends it: its own amounts and project descriptions where it has
    # written them (from the case file), else one description per claimed item.
    application = Application.from_json(case["application"])
    for r in report.results:
        if r.verdict == "eligible" and not application.entry(r.item_id).description:
            application.set_description(r.item_id, "项目名称：示例项目\n实施时间：2025年\n"
                                        "投入：见发票\n成效：已投入使用")
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(1 + args.repeat):
            times = {}
            for fmt in FORMATS:
                start = time.perf_counter()
                export_report(report, db, profile, Path(tmp) / f"draft.{fmt}",
                              application=application)
                times[fmt] = time.perf_counter() - start
            rounds.append(times)
    cold, warm = rounds[0], rounds[1:]

    def line(label: str, times: dict[str, float]) -> str:
        parts = "  ".join(f"{fmt} {times[fmt] * 1000:6.0f} ms" for fmt in FORMATS)
        return f"{label:<6} {parts}  total {sum(times.values()) * 1000:6.0f} ms"

    print(f"profile: {Path(args.profile).name}")
    print(line("cold", cold))
    if warm:
        median = {fmt: statistics.median(r[fmt] for r in warm) for fmt in FORMATS}
        print(line("warm", median) + f"  (median of {len(warm)})")


if __name__ == "__main__":
    main()
