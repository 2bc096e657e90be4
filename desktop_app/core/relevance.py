"""Which questions still matter: a fact is asked only while some verdict depends on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.rules import evaluate_item
from desktop_app.core.topics import ALWAYS_ASKED, topics_of
from desktop_app.core.verdicts import INELIGIBLE, MET, UNMET


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
    tried: dict[tuple[str, bool], tuple[dict, dict]] = {}  # (fact, 是/否) -> (profile, memo)
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
                if (verdict != INELIGIBLE and fact_id in db.facts
                        and db.facts[fact_id].type == "bool"
                        and not _yes_or_no_differ(item, fact_id, facts, db, as_of, tried)):
                    continue
            if verdict != INELIGIBLE:
                relevant.add(fact_id)
    return relevant


def _yes_or_no_differ(item: Any, fact_id: str, facts: dict[str, Any], db: ClauseDB,
                      as_of: date, tried: dict[tuple[str, bool], tuple[dict, dict]]) -> bool:
    """Whether 是 or 否 to an open yes/no question could change the item: False only where
    every condition that reads it comes out the same, met or unmet, either way, and so does
    the outcome (as "数字经济企业（含产业数字化）" once the firm has said it is in the core
    industry: the condition is met whatever the answer). A condition left open either way
    may still turn on it once other questions are answered: it keeps the question."""
    runs = []
    for value in (True, False):
        if (fact_id, value) not in tried:
            tried[fact_id, value] = ({**facts, fact_id: value}, {})
        profile, memo = tried[fact_id, value]
        runs.append(evaluate_item(item, profile, db, as_of, memo))
    yes, no = runs
    if (yes.verdict, yes.amount.bound) != (no.verdict, no.amount.bound):
        return True
    return any(fact_id in a.facts and (a.status != b.status or a.status not in (MET, UNMET))
               for a, b in zip(yes.criteria, no.criteria, strict=True))


def relevant_topics(facts: dict[str, Any], db: ClauseDB, as_of: date) -> list[str]:
    """Topic ids, in order, that hold at least one relevant fact."""
    return topics_of(relevant_facts(facts, db, as_of), db)
