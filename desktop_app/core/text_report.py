"""The assessment as a readable Chinese table for a person at a terminal."""

from __future__ import annotations

import unicodedata

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import POLICY_WIDE_KINDS, ItemResult, Report
from desktop_app.core.stacking import SAME_PROJECT, SEPARATE_FACT
from desktop_app.core.verdicts import ELIGIBLE, INELIGIBLE, UNCERTAIN

VERDICT_MARK = {"eligible": "✔", "uncertain": "?", "ineligible": "✘"}
COLUMNS = (16, 10, 10, 16)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def _row(cells: list[str], columns: tuple[int, ...] = COLUMNS) -> str:
    return "".join(pad(c, w) for c, w in zip(cells, columns, strict=False)) + cells[-1]


def render_text(report: Report, db: ClauseDB) -> str:
    lines = [f"政策自评结果（评估日期 {report.as_of.isoformat()}，"
             f"条款库版本 {report.clause_db_version}）", ""]
    # The id column as wide as the longest id (a pack's "chaoyang-ai-2026-02" ran into the
    # article: "chaoyang-ai-2026-02第二条")
    columns = (max(COLUMNS[0], 2 + max((width(r.item_id) for r in report.results),
                                       default=0)), *COLUMNS[1:])
    header = _row(["条款", "条", "结论", "金额上限（元）", "理由"], columns)
    lines.append("（金额上限后标 * 的计入合计）")
    lines += [header, "-" * (sum(columns) + 40)]
    indent = " " * sum(columns)
    for n, r in enumerate(report.results):
        verdict = f"{VERDICT_MARK[r.verdict]} {db.msg('verdict.' + r.verdict)}"
        # Every reason is shown: the item's own in its row; review points and the validity
        # caveat its policy sets for every item once, after the policy's last row.
        shown = [x for x, kind in _kinds(r) if kind not in POLICY_WIDE_KINDS] or [""]
        lines.append(_row([r.item_id, r.article, verdict, _amount(r), shown[0]], columns))
        lines += [indent + extra for extra in shown[1:]]
        following = report.results[n + 1] if n + 1 < len(report.results) else None
        if following is None or following.policy != r.policy:
            common = _policy_wide(report, r.policy, db)
            if common:
                # A block of its own after the table's rows: these hold for every item of
                # the policy, not for the last row's item.
                lines += ["", *common, ""] if following is not None else ["", *common]
    t = report.totals
    if any(r.verdict == ELIGIBLE for r in report.results):
        lines += ["", f"可申请合计（同一项目不重复计算，即上表标 * 的可申请项目）："
                      f"不超过 {t.eligible_total_yuan:,} 元"]
    else:  # not "at most 0 yuan"
        lines += ["", "可申请合计：暂无可申请的条款。"]
    lines += _to_new_subsidiary(report, db, ELIGIBLE)
    lines += _if_separate(report, db)
    if t.separate_projects:
        lines.append(f"已说明属于不同项目的条款组：{'、'.join(t.separate_projects)}")
    if t.uncertain_total_yuan:  # "at most 0" would read as if the open items were worth 0
        lines.append(f"已开始填写的待确认项目上限合计：不超过 {t.uncertain_total_yuan:,} 元")
    lines += _to_new_subsidiary(report, db, UNCERTAIN)
    unbounded = t.unbounded_begun()
    if unbounded:
        lines.append(f"金额未定的待确认项目：{'、'.join(unbounded)}")
    if t.not_started_items:
        lines.append(f"尚未填写、未计入合计的待确认项目：{'、'.join(t.not_started_items)}")
    lines += [f"不重复享受：{note.note}" for note in report.stacking]
    lines += ["", *report.notes]
    return "\n".join(lines) + "\n"


def _kinds(r: ItemResult) -> list[tuple[str, str]]:
    # A result built without kinds (older callers) shows every reason in its row.
    kinds = r.reason_kinds if len(r.reason_kinds) == len(r.reasons) else [""] * len(r.reasons)
    return list(zip(r.reasons, kinds, strict=True))


def _policy_wide(report: Report, policy: str, db: ClauseDB) -> list[str]:
    """The policy-wide reasons of the policy's items still in play, each once, under a
    heading naming the district."""
    found = dict.fromkeys(x for r in report.results if r.policy == policy
                          for x, kind in _kinds(r) if kind in POLICY_WIDE_KINDS)
    # A policy with editions names the one each of its results used (the final edition
    # was named nowhere in the table; only a replaced draft's note said anything).
    from desktop_app.core.editions import edition_label, editions_of

    if len(editions_of(db.policies[policy])) > 1:
        used = dict.fromkeys(edition_label(r.edition) for r in report.results
                             if r.policy == policy and r.edition)
        found = {f"依据的政策版本：{'、'.join(used)}": None, **found}
    if not found:
        return []
    district = db.policy_label(policy)
    return [f"{district}各条款共同：", *(f"  {x}" for x in found)]


def _label(item_id: str, db: ClauseDB) -> str:
    return f"{db.item_by_id[item_id].article} {item_id}"


def _to_new_subsidiary(report: Report, db: ClauseDB, verdict: str) -> list[str]:
    """Counted amounts of a total that another firm receives (dongcheng-07: the newly
    cultivated firm applies and is paid, contract section 4)."""
    return [f"  其中 {_label(r.item_id, db)} 的不超过 {r.max_amount_yuan:,} 元由新涵养的企业"
            f"（新设立、获得实收资本投资的企业）申请并获得，不由本企业领取"
            for r in report.to_new_subsidiary(verdict)]


def _if_separate(report: Report, db: ClauseDB) -> list[str]:
    """For each same-project group counted once, what the total would be if its items were
    different projects, and the group id the firm states that with."""
    t = report.totals
    by_id = {r.item_id: r for r in report.results}
    lines = []
    for group in db.stacking:
        if group.kind != SAME_PROJECT or group.group_id in t.separate_projects:
            continue
        eligible = [by_id[i] for i in group.items if i in by_id and by_id[i].verdict == ELIGIBLE
                    and by_id[i].max_amount_yuan]
        gain = sum(r.max_amount_yuan or 0 for r in eligible if not r.counted_in_total)
        if len(eligible) < 2 or gain == 0:
            continue
        items = "、".join(_label(r.item_id, db) for r in eligible)
        lines.append(f"如 {items} 为不同项目，可在档案的 {SEPARATE_FACT} 中填写 "
                     f"{group.group_id}，可申请合计为不超过 {t.eligible_total_yuan + gain:,} 元")
    if len(lines) > 1:
        lines.append(f"以上各组均为不同项目时，可申请合计：不超过 "
                     f"{t.eligible_total_if_separate_yuan:,} 元")
    return lines


def _amount(r: ItemResult) -> str:
    """The bound, marked "*" where it is counted in a total; "未公布" only where the text
    publishes none, "未填写" where the firm has not given the base."""
    if r.verdict == INELIGIBLE:
        return "0"
    if r.max_amount_yuan is None:
        return "未公布" if r.amount_state == "unpublished" else "未填写"
    return f"≤{r.max_amount_yuan:,}" + (" *" if r.counted_in_total else "")
