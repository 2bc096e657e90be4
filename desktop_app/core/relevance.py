"""Which questions still matter: a fact is asked only while some verdict depends on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.rules import evaluate_item
from desktop_app.core.topics import ALWAYS_ASKED, topics_of
from desktop_app.core.verdicts import INELIGIBLE


def relevant_facts(facts: dict[str, Any], db: ClauseDB, as_of: date) -> set[str]:
    """Facts whose answer could still change some item's verdict or amount.

    A fact matters to an item when, with that fact left open, the item is not
    already ineligible on the other answers. The facts that identify the firm
    and the applicant's particulars for the draft application are always asked.
    """
    relevant = set(ALWAYS_ASKED)
    # An unanswered fact left open changes nothing: the item as answered tells. One
    # evaluation per item for those (a memo per profile for the policy-wide criteria),
    # instead of one per fact: the wizard asks this at start and after every answer.
    answered_memo: dict = {}
    left_open: dict[str, tuple[dict[str, Any], dict]] = {}  # fact -> (profile without, memo)
    for item in db.items:
        as_answered = None
        for fact_id in item.facts:
            if fact_id in relevant:
                continue
            if fact_id in facts:
                if fact_id not in left_open:
                    left_open[fact_id] = ({k: v for k, v in facts.items() if k != fact_id}, {})
                without, memo = left_open[fact_id]
                verdict = evaluate_item(item, without, db, as_of, memo).verdict
            else:
                if as_answered is None:
                    as_answered = evaluate_item(item, facts, db, as_of, answered_memo).verdict
                verdict = as_answered
            if verdict != INELIGIBLE:
                relevant.add(fact_id)
    return relevant


def relevant_topics(facts: dict[str, Any], db: ClauseDB, as_of: date) -> list[str]:
    """Topic ids, in order, that hold at least one relevant fact."""
    return topics_of(relevant_facts(facts, db, as_of), db)
