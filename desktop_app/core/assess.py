"""Assess a company profile against every item of the clause database."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.cycles import cycles_left_alone
from desktop_app.core.editions import read_as_draft
from desktop_app.core.explain import assess_item
from desktop_app.core.facts import validate_profile
from desktop_app.core.report import ItemResult, Report
from desktop_app.core.rules import evaluate_item
from desktop_app.core.stacking import stacking_notes, totals
from desktop_app.core.verdicts import APPLICANT, INELIGIBLE


def assess(raw_profile: dict[str, Any], db: ClauseDB, as_of: date) -> Report:
    """Validate the profile (ProfileError on bad input) and assess every item."""
    facts = validate_profile(raw_profile, db)
    return assess_facts(facts, db, as_of)


def assess_facts(facts: dict[str, Any], db: ClauseDB, as_of: date) -> Report:
    """Assess facts already validated."""
    memo: dict = {}
    with cycles_left_alone():
        results = [assess_item(item, facts, db, as_of, memo) for item in db.items]
    notes = stacking_notes(results, db, facts)
    summed = totals(results, db, facts)
    drafts = _drafts_that_concern(results, db, facts, set(summed.not_started_items or []))
    return Report(
        as_of=as_of,
        clause_db_version=db.version,
        results=results,
        stacking=notes,
        totals=summed,
        notes=[db.msg("reason.draft", "zh")] * bool(drafts) + [db.msg("app.no_third_party", "zh")],
        notes_en=[db.msg("reason.draft", "en")] * bool(drafts)
        + [db.msg("app.no_third_party", "en")],
    )


def assess_verdicts(profile: dict[str, Any], db: ClauseDB, as_of: date) -> Report:
    """What `assess` gives for verdicts, bounds, missing facts and totals, without the
    words (reasons, workings, questions for the bureau), which are most of its cost and
    which a summary, the library and a re-assessment do not show. The same evaluation
    (rules.evaluate_item) and the same totals (stacking.totals); ProfileError likewise.
    """
    facts = validate_profile(profile, db)
    memo: dict = {}
    results = []
    for item in db.items:
        ev = evaluate_item(item, facts, db, as_of, memo)
        results.append(ItemResult(
            item_id=item.item_id, policy=item.policy_id, article=item.article,
            benefit=item.benefit, benefit_en=item.benefit_en, verdict=ev.verdict,
            max_amount_yuan=0 if ev.verdict == INELIGIBLE else ev.amount.bound,
            reasons=[], reasons_en=[], missing_facts=ev.missing, criteria=ev.criteria,
            computation="", computation_en="", ask_bureau=[], ask_bureau_en=[],
            beneficiary=item.beneficiary or APPLICANT))  # (who applies: not words)
    return Report(as_of=as_of, clause_db_version=db.version, results=results, stacking=[],
                  totals=totals(results, db, facts))


def _drafts_that_concern(results: list[ItemResult], db: ClauseDB, facts: dict[str, Any],
                         not_started: set[str]) -> list[str]:
    """The policies read in a draft edition that concern the firm: its own district's, and
    any other with an item it may claim and has begun to answer (dongcheng-07, for a
    headquarters elsewhere). A Chaoyang firm under issued measures was told
    "本政策为征求意见稿" because another district's measures were a draft."""
    district = facts.get("company.district")
    used = {r.policy: r.edition for r in results if r.edition}
    claimable = {r.policy for r in results
                 if r.verdict != INELIGIBLE and r.item_id not in not_started}
    return [p.policy_id for p in db.policies.values()
            if (not district or p.district == district or p.policy_id in claimable)
            and read_as_draft(p, used.get(p.policy_id))]
