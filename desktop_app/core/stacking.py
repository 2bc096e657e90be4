"""“从优、从高、不重复”: which items one project cannot stack, and totals that reconcile.

Every total is the sum of the bounds of the results marked `counted_in_total` (contract
section 4), so any reader can rebuild it from the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from desktop_app.core.clausedb import ClauseDB, Item, StackingGroup
from desktop_app.core.logic import facts_read
from desktop_app.core.report import ItemResult, Report, StackingNote, Totals
from desktop_app.core.verdicts import ELIGIBLE, INELIGIBLE, UNCERTAIN

SEPARATE_FACT = "stacking.separate_projects"
SAME_PROJECT = "same_project"
# Facts that place the firm rather than answer an item: whether a firm has begun an item is
# read from the item's own facts, beyond these and the policy-wide conditions (section 4).
# The 优质信软企业 status is the firm's standing across Mentougou (三)-(八), like its
# industry, not an answer to any one item.
BACKGROUND_FACTS = frozenset({"company.district", "company.is_info_software",
                              "company.is_digital_economy_core", "company.is_digital_economy",
                              "mentougou.quality_firm", "assessment.year"})


def _rank(result: ItemResult) -> tuple[int, int]:
    # An eligible item beats an uncertain one; then the higher bound wins.
    return (result.verdict == ELIGIBLE, result.max_amount_yuan or 0)


def separate_groups(facts: dict[str, Any]) -> set[str]:
    """The same-project groups the profile states are separate projects."""
    return set(facts.get(SEPARATE_FACT) or [])


@lru_cache(maxsize=4096)  # an item is a read-only record: the same answer for every profile
def own_facts(item: Item) -> tuple[str, ...]:
    """The facts that are the item's own questions: its own conditions and its amount's base,
    not the district, the industry, the validity year or the policy-wide conditions.

    Nor the facts that only choose among its caps: a firm that says it is (or is not) in
    Mentougou's key tracking has said nothing about a fixed-asset investment, and (十二)'s
    500,000 or 700,000 filled the pending total of a firm that never mentioned one."""
    common: set[str] = set()
    own: list[str] = []
    for spec in item.criteria:
        (common.update if spec.get("common") else own.extend)(facts_read(spec.get("test")))
    formula = item.formula or {}
    own += formula.get("base", [])
    if formula.get("unit_fact"):
        own.append(formula["unit_fact"])
    return tuple(f for f in dict.fromkeys(own) if f not in common and f not in BACKGROUND_FACTS)


def begun(item: Item, facts: dict[str, Any]) -> bool:
    """Whether the firm has given at least one of the item's own facts."""
    return any(facts.get(f) is not None for f in own_facts(item))


def stacking_notes(results: list[ItemResult], db: ClauseDB,
                   facts: dict[str, Any] | None = None) -> list[StackingNote]:
    """One note per group with two or more items in play, one of them eligible (before that,
    the choice is not yet a real one); notes also go on the items."""
    by_id = {r.item_id: r for r in results}
    separate = separate_groups(facts or {})
    notes = []
    for group in db.stacking:
        live = [by_id[i] for i in group.items if by_id[i].verdict != INELIGIBLE]
        if len(live) < 2 or not any(r.verdict == ELIGIBLE for r in live):
            continue
        best = max(live, key=_rank)  # eligible, so it has a bound
        amount = f"{best.max_amount_yuan:,}"
        key = "stacking.note_separate" if _is_separate(group, separate) else "stacking.note"
        zh = db.msg(key, "zh", note=group.zh, best=_named(db, best), amount=amount)
        en = db.msg(key, "en", note=group.en, best=best.item_id, amount=amount)
        higher = _higher_if_confirmed(live, best)
        if higher and key == "stacking.note":
            # The totals count the eligible item alone (one project, counted once); the firm
            # is told an open item of the group would give more once confirmed.
            higher_amount = f"{higher.max_amount_yuan:,}"
            zh += db.msg("stacking.note_higher", "zh", item=_named(db, higher),
                         amount=higher_amount)
            en += " " + db.msg("stacking.note_higher", "en", item=higher.item_id,
                               amount=higher_amount)
        notes.append(StackingNote(group.group_id, group.kind, [r.item_id for r in live],
                                  best.item_id, zh, en))
        for r in live:
            r.stacking_notes.append(zh)
            r.stacking_notes_en.append(en)
    return notes


def _named(db: ClauseDB, result: ItemResult) -> str:
    return f"{db.item_by_id[result.item_id].article}（{result.item_id}）"


def _higher_if_confirmed(live: list[ItemResult], best: ItemResult) -> ItemResult | None:
    """The group's open item with the highest bound above the suggested one's, if any."""
    higher = [r for r in live if r.verdict == UNCERTAIN and r.max_amount_yuan is not None
              and r.max_amount_yuan > (best.max_amount_yuan or 0)]
    return max(higher, key=lambda r: r.max_amount_yuan or 0) if higher else None


def _is_separate(group: StackingGroup, separate: set[str]) -> bool:
    # An alternative ("or") group is one choice whatever the projects: never separate.
    return group.kind == SAME_PROJECT and group.group_id in separate


def _counted_in_group(members: list[ItemResult], separate: bool,
                      started: dict[str, bool]) -> set[str]:
    """The items of one group whose bounds the totals count: every bounded one when its
    projects are separate; else only the group's best (contract section 4), an eligible item
    before an uncertain one, then the higher bound, on a tie the first in the text."""
    candidates = [r for r in members if r.max_amount_yuan is not None and (
        r.verdict == ELIGIBLE or (r.verdict == UNCERTAIN and started[r.item_id]))]
    if separate:
        return {r.item_id for r in candidates}
    return {max(candidates, key=_rank).item_id} if candidates else set()


def totals(results: list[ItemResult], db: ClauseDB, facts: dict[str, Any] | None = None
           ) -> Totals:
    """Mark each result counted_in_total or not, and sum the counted bounds."""
    facts = facts or {}
    separate = separate_groups(facts)
    by_id = {r.item_id: r for r in results}
    # Whether begun matters only for an open item (an eligible one counts, an ineligible
    # one never does): asking it of every item read each one's criteria once more.
    started = {r.item_id: begun(db.item_by_id[r.item_id], facts) for r in results
               if r.verdict == UNCERTAIN}
    grouped: dict[str, StackingGroup] = {i: g for g in db.stacking for i in g.items}

    counted: set[str] = set()
    if_separate: set[str] = set()
    for group in db.stacking:
        members = [by_id[i] for i in group.items if i in by_id]
        counted |= _counted_in_group(members, _is_separate(group, separate), started)
        if_separate |= _counted_in_group(members, group.kind == SAME_PROJECT, started)
    for r in results:
        if r.item_id in grouped or r.max_amount_yuan is None:
            continue
        if r.verdict == ELIGIBLE or (r.verdict == UNCERTAIN and started[r.item_id]):
            counted.add(r.item_id)
            if_separate.add(r.item_id)
    for r in results:
        r.counted_in_total = r.item_id in counted

    def total(verdict: str, ids: set[str]) -> int:
        return sum(r.max_amount_yuan or 0 for r in results
                   if r.verdict == verdict and r.item_id in ids)

    return Totals(
        eligible_total_yuan=total(ELIGIBLE, counted),
        uncertain_total_yuan=total(UNCERTAIN, counted),
        unbounded_items=[r.item_id for r in results
                         if r.verdict == UNCERTAIN and r.max_amount_yuan is None],
        eligible_total_if_separate_yuan=total(ELIGIBLE, if_separate),
        not_started_items=[r.item_id for r in results
                           if r.verdict == UNCERTAIN and not started[r.item_id]],
        separate_projects=[g.group_id for g in db.stacking if _is_separate(g, separate)],
    )


def notes_by_article(note: str, db: ClauseDB, item_id: str,
                     article: Callable[[str], str]) -> str:
    """A no-double-claiming note as a reader of articles reads it: the note names the items
    of its group by their ids ("（三）（mentougou-03）", in English "mentougou-03"); the
    bureau and the firm read the article (`article(item_id)`), the id is the tool's."""
    for group in db.stacking:
        if item_id in group.items:
            for other in group.items:
                note = note.replace(f"（{other}）", "").replace(other, article(other))
    return note


def open_better(report: Report) -> list[tuple[str, int, int]]:
    """Per no-double-claiming note, an open item that would give more than the suggested
    one once confirmed: (its id, its bound, the suggested item's bound). The totals count
    the suggested item alone (one project, counted once); a firm must still see the more."""
    by_id = {r.item_id: r for r in report.results}
    out = []
    for note in report.stacking:
        if note.best_item is None or note.group_id in report.totals.separate_projects:
            continue
        best = by_id[note.best_item]
        higher = _higher_if_confirmed([by_id[i] for i in note.items], best)
        if higher is not None:
            out.append((higher.item_id, higher.max_amount_yuan or 0, best.max_amount_yuan or 0))
    return out
