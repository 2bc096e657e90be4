"""The wizard's topics: which have pages, and which hold given facts. Apart from
core/relevance.py, which evaluates items to tell which facts still matter: the wizard's
first window needs its pages before any item is evaluated, and need not load the
evaluator (rules, amounts, logic, editions, datetime) to have them."""

from __future__ import annotations

from desktop_app.core.clausedb import ClauseDB, Topic
from desktop_app.core.facts import APPLICANT_FACTS

# Asked whatever the answers: who the firm is, where and for which year, and the
# applicant's particulars for the draft application.
ALWAYS_ASKED = ("company.name", "company.uscc", "company.district", "assessment.year",
                *APPLICANT_FACTS)


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
