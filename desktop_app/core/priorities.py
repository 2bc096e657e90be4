"""The answers that matter most, first: open questions ranked by what their answers settle.

An uncertain item lists the facts that would settle it (`missing_facts`). A question's
weight is the money and the number of items it bears on; a set of questions *settles* an
item when every fact the item misses is among them. The ranking is greedy: each next
question is the one that, with those chosen before it, settles the most money (then the
most items, then bears on the most). Money is counted as the totals count it: items of one
stacking group ("从优、从高、不重复") once, at the group's highest bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import ItemResult, Report
from desktop_app.core.verdicts import UNCERTAIN

TOP = 3


@dataclass
class OpenQuestion:
    fact_id: str
    items: list[str]  # uncertain items whose verdict or bound waits on this fact
    amount_yuan: int  # the most those items can bring, each stacking group once


@dataclass
class Priorities:
    questions: list[OpenQuestion] = field(default_factory=list)  # best first
    top: list[str] = field(default_factory=list)  # the first few fact ids
    top_items: list[str] = field(default_factory=list)  # items the top questions settle
    top_amount_yuan: int = 0  # the most those items can bring
    top_bears_yuan: int = 0  # the most the items the top questions bear on can bring

    def headline(self, lang: str = "zh") -> str:
        """"回答这3个问题，可确定最多 X 元的条款" (or the number of items, with no bound)."""
        n = len(self.top)
        if not n:
            return ""
        if lang == "zh":
            if self.top_amount_yuan:
                return (f"回答这{n}个问题，可确定{len(self.top_items)}项条款、"
                        f"最多 {self.top_amount_yuan:,} 元能否申请。")
            if self.top_items:
                return f"回答这{n}个问题，可确定{len(self.top_items)}项条款能否申请。"
            return f"以下{n}个问题关系到最多 {self.top_bears_yuan:,} 元的条款。" \
                if self.top_bears_yuan else f"以下{n}个问题影响待确认的条款。"
        plural = "s" if n > 1 else ""
        m = len(self.top_items)
        items = f"{m} item{'s' if m != 1 else ''}"
        if self.top_amount_yuan:
            return (f"Answering {'these' if n > 1 else 'this'} {n} question{plural} settles "
                    f"{items}, worth at most {self.top_amount_yuan:,} yuan.")
        if self.top_items:
            return (f"Answering {'these' if n > 1 else 'this'} {n} question{plural} settles "
                    f"{items}.")
        if self.top_bears_yuan:
            return (f"The {n} question{plural} below bear on items worth at most "
                    f"{self.top_bears_yuan:,} yuan.")
        return f"The {n} question{plural} below bear on the uncertain items."


def _money(items: list[ItemResult], groups: dict[str, str], unbegun: set[str]) -> int:
    best: dict[str, int] = {}
    for r in items:
        if r.item_id in unbegun:
            continue  # never summed (contract §4): caps of clauses the firm has not begun
        key = groups.get(r.item_id, r.item_id)
        best[key] = max(best.get(key, 0), r.max_amount_yuan or 0)
    return sum(best.values())


def rank_open_questions(report: Report, db: ClauseDB, facts: dict[str, Any] | None = None,
                        top: int = TOP) -> Priorities:
    """The unanswered questions of the report's uncertain items, those that settle most first.

    Facts already given in `facts` are left out (a report made from them never lists them).
    """
    known = facts or {}
    unbegun = set(getattr(report.totals, "not_started_items", None) or [])
    groups = {i: g.group_id for g in db.stacking for i in g.items}
    open_items = {r.item_id: r for r in report.results
                  if r.verdict == UNCERTAIN and r.missing_facts}
    needs = {i: {f for f in r.missing_facts if f not in known} for i, r in open_items.items()}
    needs = {i: f for i, f in needs.items() if f}
    bears: dict[str, list[str]] = {}
    for item_id, wanted in needs.items():
        for fact_id in wanted:
            bears.setdefault(fact_id, []).append(item_id)

    def question(fact_id: str) -> OpenQuestion:
        items = bears[fact_id]
        return OpenQuestion(fact_id, items, _money([open_items[i] for i in items], groups, unbegun))

    def settled(chosen: set[str]) -> list[str]:
        return [i for i, wanted in needs.items() if wanted <= chosen]

    remaining = set(bears)
    chosen: set[str] = set()
    ordered: list[OpenQuestion] = []
    while remaining:
        def gain(fact_id: str) -> tuple:
            items = [open_items[i] for i in settled(chosen | {fact_id})]
            touched = [open_items[i] for i in bears[fact_id]]
            # Money counts only for items the firm has begun (contract §4: the caps of
            # clauses it never looked at are no sum); then the number of items.
            return (_money(items, groups, unbegun), _money(touched, groups, unbegun),
                    len(items), len(touched), -db.fact_rank.get(fact_id, 0))
        best = max(remaining, key=gain)
        remaining.discard(best)
        chosen.add(best)
        ordered.append(question(best))
    head = ordered[:top]
    top_items = settled({q.fact_id for q in head})
    touched = sorted({i for q in head for i in q.items})
    return Priorities(ordered, [q.fact_id for q in head], top_items,
                      _money([open_items[i] for i in top_items], groups, unbegun),
                      _money([open_items[i] for i in touched], groups, unbegun))


@dataclass
class Contact:
    policy_id: str
    bureau: str
    bureau_en: str
    phone: str | None  # only as the text gives it
    items: list[str]  # eligible and uncertain items of this policy, to apply for or ask about
    open_items: list[str]  # the uncertain ones among them


@dataclass
class Material:
    zh: str
    en: str
    guidance: bool  # True: the tool's advice; False: the text requires it
    items: list[str]


@dataclass
class NextSteps:
    apply: list[str]  # eligible items, in the order of the texts
    ask: list[str]  # uncertain items
    prepare: list[Material]  # for the eligible items, each once (the uncertain: once settled)
    contacts: list[Contact]
    # What bars the firm: per policy, each negative-list reason once (not once per item)
    blocked: list[tuple[str, str, str]] = field(default_factory=list)  # (policy, zh, en)


def next_steps(report: Report, db: ClauseDB) -> NextSteps:
    """What to apply for, what to prepare and whom to call, from the texts' data only."""
    from desktop_app.core.verdicts import ELIGIBLE

    live = [r for r in report.results if r.verdict in (ELIGIBLE, UNCERTAIN)]
    materials: dict[str, Material] = {}
    for r in live:
        if r.verdict != ELIGIBLE:
            continue
        for m in db.item_by_id[r.item_id].materials or []:
            entry = materials.setdefault(m["zh"], Material(m["zh"], m.get("en", m["zh"]),
                                                           bool(m.get("guidance")), []))
            entry.guidance = entry.guidance and bool(m.get("guidance"))
            entry.items.append(r.item_id)
    contacts = []
    for policy in db.policies.values():
        mine = [r for r in live if r.policy == policy.policy_id]
        if mine:
            contacts.append(Contact(policy.policy_id, policy.bureau, policy.bureau_en,
                                    policy.phone, [r.item_id for r in mine],
                                    [r.item_id for r in mine if r.verdict == UNCERTAIN]))
    blocked: dict[tuple[str, str], str] = {}
    for r in report.results:
        kinds = getattr(r, "reason_kinds", None) or []
        for kind, zh, en in zip(kinds, r.reasons, r.reasons_en, strict=False):
            if kind == "barred":
                blocked.setdefault((r.policy, zh), en)
    return NextSteps([r.item_id for r in live if r.verdict == ELIGIBLE],
                     [r.item_id for r in live if r.verdict == UNCERTAIN],
                     list(materials.values()), contacts,
                     [(policy, zh, en) for (policy, zh), en in blocked.items()])


def groups_to_ask(report: Report, db: ClauseDB) -> list[tuple[str, list[str]]]:
    """Same-project groups ("从优、从高、不重复" for one project) with more than one eligible
    or uncertain item: whether they are one project or separate ones changes the totals, so
    the firm is asked (the answer is the profile fact `stacking.separate_projects`).
    (group id, its eligible and uncertain items), in the order of the clause base."""
    from desktop_app.core.stacking import SAME_PROJECT
    from desktop_app.core.verdicts import ELIGIBLE

    by_id = {r.item_id: r for r in report.results}
    out = []
    for group in db.stacking:
        if group.kind != SAME_PROJECT:
            continue
        live = [i for i in group.items if by_id[i].verdict in (ELIGIBLE, UNCERTAIN)]
        if len(live) > 1:
            out.append((group.group_id, live))
    return out
