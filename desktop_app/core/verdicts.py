"""What evaluating an item gives: the verdicts, a criterion's statuses, who applies, and a
criterion's result. Kept apart from core/report.py (the report's own classes) because the
wizard's first window evaluates items (core/relevance.py) but shows no report yet."""

from __future__ import annotations

from dataclasses import dataclass, field

ELIGIBLE, UNCERTAIN, INELIGIBLE = "eligible", "uncertain", "ineligible"
MET, UNMET, UNKNOWN, REVIEW = "met", "unmet", "unknown", "review"
APPLICANT, NEW_SUBSIDIARY = "applicant", "new_subsidiary"


@dataclass(frozen=True)
class CriterionResult:
    text: str  # the clause's own words
    text_en: str
    status: str  # met | unmet | unknown | review
    facts: list[str] = field(default_factory=list)  # facts the condition reads
    verbatim: bool = True
    unpublished: bool = False  # the text leaves this threshold unpublished
