"""“从优、从高、不重复”: which items one project cannot stack, and totals that count once."""

from __future__ import annotations

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.report import (
    ELIGIBLE,
    INELIGIBLE,
    UNCERTAIN,
    ItemResult,
    StackingNote,
    Totals,
)


def _rank(result: ItemResult) -> tuple[int, int]:
    # An eligible item beats an uncertain one; then the higher bound wins.
    return (result.verdict == ELIGIBLE, result.max_amount_yuan or 0)


def stacking_notes(results: list[ItemResult], db: ClauseDB) -> list[StackingNote]:
    """One note per group with two or more items in play, one of them eligible (before that,
    the choice is not yet a real one); notes also go on the items."""
    by_id = {r.item_id: r for r in results}
    notes = []
    for group in db.stacking:
        live = [by_id[i] for i in group.items if by_id[i].verdict != INELIGIBLE]
        if len(live) < 2 or not any(r.verdict == ELIGIBLE for r in live):
            continue
        best = max(live, key=_rank)  # eligible, so it has a bound
        amount = f"{best.max_amount_yuan:,}"
        zh = db.msg("stacking.note", "zh", note=group.zh,
                    best=f"{db.item_by_id[best.item_id].article}（{best.item_id}）", amount=amount)
        en = db.msg("stacking.note", "en", note=group.en, best=best.item_id, amount=amount)
        notes.append(StackingNote(group.group_id, group.kind, [r.item_id for r in live],
                                  best.item_id, zh, en))
        for r in live:
            r.stacking_notes.append(zh)
            r.stacking_notes_en.append(en)
    return notes


def totals(results: list[ItemResult], db: ClauseDB) -> Totals:
    """Sums of upper bounds, each stacking group counted once at its best item."""
    grouped = {i: g.group_id for g in db.stacking for i in g.items}

    def best(verdict: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for r in results:
            if r.verdict != verdict or r.max_amount_yuan is None:
                continue
            key = grouped.get(r.item_id, r.item_id)
            found[key] = max(found.get(key, 0), r.max_amount_yuan)
        return found

    eligible, uncertain = best(ELIGIBLE), best(UNCERTAIN)
    # A group already counted among the eligible adds to the uncertain total only what its
    # best uncertain item could bring on top: eligible + uncertain never counts a group twice.
    extra = sum(max(0, amount - eligible.get(key, 0)) for key, amount in uncertain.items())
    unbounded = [r.item_id for r in results if r.verdict == UNCERTAIN and r.max_amount_yuan is None]
    return Totals(sum(eligible.values()), extra, unbounded)
