"""The assessment as a readable Chinese table for a person at a terminal."""

from __future__ import annotations

import unicodedata

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import INELIGIBLE, Report

VERDICT_MARK = {"eligible": "✔", "uncertain": "?", "ineligible": "✘"}
COLUMNS = (16, 10, 10, 16)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def _row(cells: list[str]) -> str:
    return "".join(pad(c, w) for c, w in zip(cells, COLUMNS, strict=False)) + cells[-1]


def render_text(report: Report, db: ClauseDB) -> str:
    lines = [f"政策自评结果（评估日期 {report.as_of.isoformat()}，"
             f"条款库版本 {report.clause_db_version}）", ""]
    header = _row(["条款", "条", "结论", "金额上限（元）", "理由"])
    lines += [header, "-" * (sum(COLUMNS) + 40)]
    indent = " " * sum(COLUMNS)
    for r in report.results:
        verdict = f"{VERDICT_MARK[r.verdict]} {db.msg('verdict.' + r.verdict)}"
        if r.verdict == INELIGIBLE:
            amount = "0"
        else:
            amount = "未公布" if r.max_amount_yuan is None else f"≤{r.max_amount_yuan:,}"
        # The terminal shows what decides the verdict; review points and notes are in the export.
        shown = [x for x in r.reasons if not x.startswith(("评审要点", "有效期"))] or [""]
        lines.append(_row([r.item_id, r.article, verdict, amount, shown[0]]))
        lines += [indent + extra for extra in shown[1:]]
    t = report.totals
    lines += ["", f"可申请合计（同一项目不重复计算）：不超过 {t.eligible_total_yuan:,} 元",
              f"待确认项目上限合计：不超过 {t.uncertain_total_yuan:,} 元"]
    if t.unbounded_items:
        lines.append(f"金额未定的待确认项目：{'、'.join(t.unbounded_items)}")
    lines += [f"不重复享受：{note.note}" for note in report.stacking]
    lines += ["", *report.notes]
    return "\n".join(lines) + "\n"
