"""The assessment report: what `assess` returns and the contract's JSON form of it (the
verdicts and a criterion's result, which evaluation alone needs, are in core/verdicts.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from desktop_app.core.cycles import cycles_left_alone
from desktop_app.core.verdicts import APPLICANT, MET, NEW_SUBSIDIARY, REVIEW, CriterionResult

AMOUNT_STATES = ("bounded", "ineligible", "not_given", "unpublished")
# What a reason says: the verdict's grounds (all_met, unmet, barred, not_registered, unknown,
# unpublished), a merit point only the bureau's review judges (review for the item's own,
# policy_review for one its policy sets for every item), who applies (beneficiary), the
# amount (amount), the policy's validity caveat (validity, the same for every item), a
# ratio or growth test left open by a zero base though every fact is given (undefined), and
# a draft edition replaced by a final one (superseded, the same for every item of the policy).
REASON_KINDS = ("all_met", "unmet", "barred", "not_registered", "unknown", "unpublished",
                "undefined", "review", "policy_review", "beneficiary", "amount", "validity",
                "superseded")
POLICY_WIDE_KINDS = ("policy_review", "validity", "superseded")


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
    # Who applies for and receives the money: "applicant" (the firm assessed) or, for
    # dongcheng-07, "new_subsidiary" (the newly cultivated firm the applicant invested in).
    beneficiary: str = APPLICANT
    # Whether max_amount_yuan is in the totals (eligible_total_yuan for an eligible item,
    # uncertain_total_yuan for an uncertain one): set by stacking.totals.
    counted_in_total: bool = False
    # One kind per reason, in the same order (REASON_KINDS): what a reason is, as data,
    # so no reader has to guess it from its opening words.
    reason_kinds: list[str] = field(default_factory=list)
    # Why max_amount_yuan is what it is (AMOUNT_STATES): a bound; 0 for an ineligible item;
    # or null because the firm has not given the base ("未填写") or because the text
    # publishes no amount or bound ("未公布"). Readers choose their words from this.
    amount_state: str = "bounded"

    def reasons_in(self, lang: str, policy_wide: bool) -> list[str]:
        """The reasons in `lang` that are the item's own (policy_wide False), or those its
        policy sets for every item (POLICY_WIDE_KINDS), which a reader may show once."""
        texts = self.reasons if lang == "zh" else self.reasons_en
        kinds = self.reason_kinds or [""] * len(texts)
        return [t for t, k in zip(texts, kinds, strict=True)
                if (k in POLICY_WIDE_KINDS) == policy_wide]

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
    # Sum of max_amount_yuan over results eligible and counted_in_total: each same-project
    # group counted once at its best item, unless the profile says its items are separate
    # projects (stacking.separate_projects).
    eligible_total_yuan: int
    # Sum of max_amount_yuan over results uncertain and counted_in_total: bounded uncertain
    # items the firm has begun to answer; a same-project group's only while none of its
    # items is eligible (one project is counted once, across both totals; the group's
    # stacking note names an open item that would give more once confirmed).
    uncertain_total_yuan: int
    unbounded_items: list[str]  # uncertain items with no published bound
    # The eligible sum as if every same-project group's items were separate projects.
    eligible_total_if_separate_yuan: int = 0
    # Uncertain items the firm has not begun to answer: listed, never summed.
    not_started_items: list[str] = field(default_factory=list)
    # The same-project groups the profile states are separate projects.
    separate_projects: list[str] = field(default_factory=list)

    def unbounded_begun(self) -> list[str]:
        """The unbounded items the firm has begun to answer (those not begun are listed
        apart, in not_started_items)."""
        not_started = set(self.not_started_items)
        return [i for i in self.unbounded_items if i not in not_started]


@dataclass
class Report:
    as_of: date
    clause_db_version: str
    results: list[ItemResult]
    stacking: list[StackingNote]
    totals: Totals
    notes: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def policy_wide_reasons(self, lang: str) -> dict[str, list[str]]:
        """Per policy, in order, the reasons its items share (policy-wide review points, the
        validity caveat, a superseded draft), from the items not ineligible, each once."""
        out: dict[str, list[str]] = {}
        for r in self.results:
            if r.verdict != "ineligible":
                seen = out.setdefault(r.policy, [])
                seen += [t for t in r.reasons_in(lang, True) if t not in seen]
        return {p: lines for p, lines in out.items() if lines}

    def result(self, item_id: str) -> ItemResult:
        return next(r for r in self.results if r.item_id == item_id)

    def to_new_subsidiary(self, verdict: str) -> list[ItemResult]:
        """The results of `verdict` counted in its total whose money another firm receives
        (dongcheng-07: the newly cultivated firm applies and is paid, contract section 4):
        every total that holds them says whose they are."""
        return [r for r in self.results if r.verdict == verdict and r.counted_in_total
                and r.max_amount_yuan and r.beneficiary == NEW_SUBSIDIARY]

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (with extra fields; none of the contract's renamed)."""
        return {key: _plain(value) for key, value in self._fields().items()}

    def json_text(self) -> str:
        """to_json as printed: a key a line, a result a line; one JSON object.

        Not json.dumps(indent=2): the standard library's indenting encoder is pure Python
        and took seconds for 5,000 results. Here one C encoder writes each result straight
        from the dataclasses (_shallow), with no plain copy made first, and the cycle
        collector waits (the records _shallow hands it form no cycles).
        """
        lines = []
        with cycles_left_alone():
            for key, value in self._fields().items():
                name = _encode(key)
                if isinstance(value, list) and value:
                    rows = ",\n    ".join(map(_encode, value))
                    lines.append(f"  {name}: [\n    {rows}\n  ]")
                else:
                    lines.append(f"  {name}: {_encode(value)}")
        return "{\n" + ",\n".join(lines) + "\n}"

    def _fields(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "clause_db_version": self.clause_db_version,
            "results": self.results,
            "stacking": self.stacking,
            "totals": self.totals,
            "notes": self.notes,
            "notes_en": self.notes_en,
        }

_ATOMS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """dataclasses.asdict without its deep copies: the JSON form of a result.

    asdict deep-copies every string and number (immutable: sharing them is safe) and
    was a third of `assess --format json` with 5,000 results.
    """
    cls = type(value)
    if cls in _ATOMS:
        return value
    if cls is list or cls is tuple:
        return cls(_plain(v) for v in value)
    if cls is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _field_names(cls)
    if names is None:
        import copy

        return copy.deepcopy(value)  # as asdict does (none today: results hold plain data)
    return {name: _plain(getattr(value, name)) for name in names}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A record's fields in order: a dataclass's, or the JSON_FIELDS a plain record names
    (verdicts.CriterionResult); None for anything else."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if hasattr(cls, "__dataclass_fields__"):
            names = tuple(f.name for f in fields(cls))
        elif hasattr(cls, "JSON_FIELDS"):
            names = tuple(cls.JSON_FIELDS)
        else:
            return None
        _FIELD_NAMES[cls] = names
    return names


def _shallow(value: Any) -> dict[str, Any]:
    """The JSON encoder's hook for a record: its fields, one level (asdict's form)."""
    names = _field_names(type(value))
    if names is None:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    own = getattr(value, "__dict__", None)
    if own is not None and tuple(own) == names:
        # A dataclass's instance dict holding exactly its fields, in their order, is the
        # form wanted: no copy (thousands of results a report).
        return own
    return {name: getattr(value, name) for name in names}


# One encoder for every result: json.dumps with options builds a new one each call.
_encode = json.JSONEncoder(ensure_ascii=False, default=_shallow).encode
