"""Assess a company profile against every item of the clause database."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.explain import assess_item
from desktop_app.core.facts import validate_profile
from desktop_app.core.report import Report
from desktop_app.core.stacking import stacking_notes, totals


def assess(raw_profile: dict[str, Any], db: ClauseDB, as_of: date) -> Report:
    """Validate the profile (ProfileError on bad input) and assess every item."""
    facts = validate_profile(raw_profile, db)
    return assess_facts(facts, db, as_of)


def assess_facts(facts: dict[str, Any], db: ClauseDB, as_of: date) -> Report:
    """Assess facts already validated."""
    memo: dict = {}
    results = [assess_item(item, facts, db, as_of, memo) for item in db.items]
    notes = stacking_notes(results, db, facts)
    drafts = [p for p in db.policies.values() if p.status == "征求意见稿"]
    return Report(
        as_of=as_of,
        clause_db_version=db.version,
        results=results,
        stacking=notes,
        totals=totals(results, db, facts),
        notes=[db.msg("reason.draft", "zh")] * bool(drafts) + [db.msg("app.no_third_party", "zh")],
        notes_en=[db.msg("reason.draft", "en")] * bool(drafts)
        + [db.msg("app.no_third_party", "en")],
    )
