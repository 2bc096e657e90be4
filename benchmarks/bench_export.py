"""Time to export one profile's checklist in all four formats (target: under 1 s together).

    .venv/bin/python benchmarks/bench_export.py [PROFILE.json] [--repeat N]

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

    from desktop_app.core.assess import assess
    from desktop_app.core.case_file import read_profile
    from desktop_app.core.clausedb import open_db
    from desktop_app.export import export_report

    db = open_db()
    profile = read_profile(args.profile)
    report = assess(profile, db, date(2026, 11, 22))
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(1 + args.repeat):
            times = {}
            for fmt in FORMATS:
                start = time.perf_counter()
                export_report(report, db, profile, Path(tmp) / f"checklist.{fmt}")
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
