"""The assessment report: what `assess` returns and the contract's JSON form of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

ELIGIBLE, UNCERTAIN, INELIGIBLE = "eligible", "uncertain", "ineligible"
MET, UNMET, UNKNOWN, REVIEW = "met", "unmet", "unknown", "review"


@dataclass(frozen=True)
class CriterionResult:
    text: str  # the clause's own words
    text_en: str
    status: str  # met | unmet | unknown | review
    facts: list[str] = field(default_factory=list)  # facts the condition reads
    verbatim: bool = True
    unpublished: bool = False  # the text leaves this threshold unpublished


@dataclass
class ItemResult:
    item_id: str
    policy: str
    article: str
    benefit: str
    benefit_en: str
    verdict: str
    max_amount_yuan: int | None
    reasons: list[str]
    reasons_en: list[str]
    missing_facts: list[str]
    criteria: list[CriterionResult]
    computation: str  # the amount written out, Chinese
    computation_en: str
    ask_bureau: list[str]
    ask_bureau_en: list[str]
    stacking_notes: list[str] = field(default_factory=list)
    stacking_notes_en: list[str] = field(default_factory=list)
    # The policy edition the result used: {id, label, label_en, status, superseded_by}.
    edition: dict[str, Any] | None = None

    def met_count(self) -> tuple[int, int]:
        """(conditions met, conditions the firm can state): "meets 5 of 6"."""
        stated = [c for c in self.criteria if c.status != REVIEW]
        return sum(c.status == MET for c in stated), len(stated)


@dataclass
class StackingNote:
    group_id: str
    kind: str  # alternative | same_project
    items: list[str]  # the group's items that are not ineligible
    best_item: str | None
    note: str
    note_en: str


@dataclass
class Totals:
    eligible_total_yuan: int  # eligible items, each stacking group counted once
    uncertain_total_yuan: int  # bounded uncertain items, likewise, beyond the eligible total
    unbounded_items: list[str]  # uncertain items with no published bound


@dataclass
class Report:
    as_of: date
    clause_db_version: str
    results: list[ItemResult]
    stacking: list[StackingNote]
    totals: Totals
    notes: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def result(self, item_id: str) -> ItemResult:
        return next(r for r in self.results if r.item_id == item_id)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (with extra fields; none of the contract's renamed)."""
        return {
            "as_of": self.as_of.isoformat(),
            "clause_db_version": self.clause_db_version,
            "results": [asdict(r) for r in self.results],
            "stacking": [asdict(s) for s in self.stacking],
            "totals": asdict(self.totals),
            "notes": self.notes,
            "notes_en": self.notes_en,
        }
