"""Which questions still matter: a fact is asked only while some verdict depends on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB, Topic
from desktop_app.core.facts import APPLICANT_FACTS
from desktop_app.core.rules import evaluate_item
from desktop_app.core.verdicts import INELIGIBLE

ALWAYS_ASKED = ("company.name", "company.uscc", "company.district", "assessment.year",
                *APPLICANT_FACTS)


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


def topics_of(relevant: set[str], db: ClauseDB) -> list[str]:
    """Topic ids, in order, that hold at least one of the `relevant` facts."""
    topics = {db.facts[f].topic for f in relevant if f in db.facts}
    return [t.topic_id for t in db.topics if t.topic_id in topics]


def topics_in_use(db: ClauseDB) -> list[Topic]:
    """The topics the wizard has pages for: those holding a fact some item reads, or one
    always asked. A topic whose facts no item of the clause base reads (the clause shapes'
    facts until a pack brings items that use them) is not shown at all."""
    used = {f.topic for f in db.facts.values() if f.used_by or f.fact_id in ALWAYS_ASKED}
    return [t for t in db.topics if t.topic_id in used]
