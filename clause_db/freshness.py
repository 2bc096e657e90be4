"""Freshness of the policies: validity and the date each text was last checked."""

from __future__ import annotations

from datetime import date

from desktop_app.core.clausedb import ClauseDB


def stale_policies(db: ClauseDB, as_of: date, max_age_days: int = 180) -> list[str]:
    """One line per problem: an expired policy, or a text not checked for too long."""
    problems = []
    for p in db.policies.values():
        if p.valid_until and as_of > date.fromisoformat(p.valid_until):
            problems.append(f"{p.policy_id}: expired on {p.valid_until} ({p.title})")
        age = (as_of - date.fromisoformat(p.last_checked)).days
        if age > max_age_days:
            problems.append(f"{p.policy_id}: text last checked {p.last_checked}, "
                            f"{age} days ago (limit {max_age_days})")
    return problems
