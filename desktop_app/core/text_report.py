"""The assessment as a readable Chinese table for a person at a terminal."""

from __future__ import annotations

import unicodedata

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import Report

VERDICT_MARK = {"eligible": "✔", "uncertain": "?", "ineligible": "✘"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def render_text(report: Report, db: ClauseDB) -> str:
    lines = [f"政策自评结果（评估日期 {report.as_of.isoformat()}，条款库版本 {report.clause_db_version}）", ""]
    header = f"{pad('条款', 16)}{pad('条', 10)}{pad('结论', 10)}{pad('金额上限（元）', 18)}理由"
    lines += [header, "-" * width(header)]
    for r in report.results:
        verdict = f"{VERDICT_MARK[r.verdict]} {db.msg('verdict.' + r.verdict)}"
        amount = "未公布" if r.max_amount_yuan is None else f"≤{r.max_amount_yuan:,}"
        if r.verdict == "ineligible":
            amount = "0"
        reason = r.reasons[0] if r.reasons else ""
        lines.append(f"{pad(r.item_id, 16)}{pad(r.article, 10)}{pad(verdict, 10)}"
                     f"{pad(amount, 18)}{reason}")
        for extra in r.reasons[1:]:
            lines.append(" " * 54 + extra)
    t = report.totals
    lines += ["", f"可申请合计（同一项目不重复计算）：不超过 {t.eligible_total_yuan:,} 元",
              f"待确认项目上限合计：不超过 {t.uncertain_total_yuan:,} 元"]
    if t.unbounded_items:
        lines.append(f"金额未公布的待确认项目：{'、'.join(t.unbounded_items)}")
    for note in report.stacking:
        lines.append(f"不重复享受：{note.note}")
    lines += ["", *report.notes]
    return "\n".join(lines) + "\n"
