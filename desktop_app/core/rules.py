"""Evaluating one item: its criteria, its verdict and its amount (core/explain.py puts them
into words)."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.amounts import Amount, compute
from desktop_app.core.clausedb import ClauseDB, Item
from desktop_app.core.editions import (
    edition_json,
    editions_of,
    editions_possible,
    in_edition,
    item_for_edition,
)
from desktop_app.core.logic import Facts, compile_test, facts_read
from desktop_app.core.verdicts import (
    ELIGIBLE,
    INELIGIBLE,
    MET,
    REVIEW,
    UNCERTAIN,
    UNKNOWN,
    UNMET,
    CriterionResult,
)

LANGS = ("zh", "en")


class _Form:
    """A criterion's fixed parts: its test and its result for each status (results are
    frozen, so every item and profile may share them; each is made when first needed)."""

    __slots__ = ("spec", "test", "negative", "unpublished", "read", "by_status")

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self.test = None if spec.get("review") else compile_test(spec["test"])
        self.negative = bool(spec.get("negative"))
        self.unpublished = "unpublished" in spec
        self.read = [] if self.test is None else facts_read(spec["test"])
        self.by_status: dict[str, CriterionResult] = {}

    def result(self, status: str) -> CriterionResult:
        made = self.by_status.get(status)
        if made is None:
            spec = self.spec
            made = self.by_status[status] = CriterionResult(
                spec["text"], spec.get("en", ""), status,
                [] if status == REVIEW else self.read, spec.get("verbatim", True),
                False if status == REVIEW else self.unpublished)
        return made

    def judge(self, facts: Facts) -> tuple[CriterionResult, tuple[str, ...]]:
        """The criterion's status, and the facts that would settle it if it is open."""
        if self.test is None:
            return self.result(REVIEW), ()
        holds, missing = self.test(facts)
        if holds is None:
            status = UNKNOWN
        elif holds is self.negative:  # a negative test describes the barred situation
            status = UNMET
        else:
            status = UNKNOWN if self.unpublished else MET
        return self.result(status), missing


class _Segment:
    """A run of an item's criteria judged together: its own, or policy-wide ones (`key`
    set) whose judgement every item of the policy shares, once a profile. `district`:
    the edition's validity check follows this run (it is told after the district)."""

    __slots__ = ("forms", "key", "district")

    def __init__(self, forms: list[_Form], key: tuple[str, ...] | None, district: bool):
        self.forms, self.key, self.district = forms, key, district


def _judge(segment: _Segment, facts: Facts, validity: tuple[CriterionResult | None, list[str]],
           criteria: list[CriterionResult], specs: list[dict[str, Any] | None],
           missing: list[str]) -> tuple[bool, bool]:
    """Judges a segment's criteria onto the lists given; returns (any unmet, any unknown).
    Written flat: it runs for every item of every profile."""
    unmet = unknown = False
    for form in segment.forms:
        crit, open_facts = form.judge(facts)
        criteria.append(crit)
        specs.append(form.spec)
        if open_facts:
            missing += open_facts
        if crit.status == UNMET:
            unmet = True
        elif crit.status == UNKNOWN:
            unknown = True
    if segment.district and validity[0] is not None:
        criteria.append(validity[0])
        specs.append(None)
        missing += validity[1]
        unmet = unmet or validity[0].status == UNMET
        unknown = unknown or validity[0].status == UNKNOWN
    return unmet, unknown


def _plan(item: Item, db: ClauseDB) -> list[_Segment]:
    """The item's criteria in segments, worked out once per criteria list (the base is
    read-only): with thousands of items, most of a policy's criteria are policy-wide."""
    cached = db.rule_cache.get(id(item.criteria))
    if cached is not None and cached[0] is item.criteria:  # an id is unique only while alive
        return cached[1]
    segments: list[_Segment] = []
    for spec in item.criteria:
        common = bool(spec.get("common"))
        last = segments[-1] if segments else None
        if last is None or last.district or (last.key is not None) != common:
            last = _Segment([], (item.policy_id,) if common else None, False)
            segments.append(last)
        last.forms.append(_shared_form(spec, item.policy_id, db) if common else _Form(spec))
        if common:
            last.key += (spec["id"],)
        last.district = spec.get("id") == "district"
    db.rule_cache[id(item.criteria)] = (item.criteria, segments)
    return segments


def _shared_form(spec: dict[str, Any], policy_id: str, db: ClauseDB) -> _Form:
    """One form for a policy-wide criterion that every item of its policy repeats (each
    item's criteria are decoded apart, so equal specs are distinct dicts): compiled once,
    not once per item, which was most of a first assessment against a large base."""
    key = ("common", policy_id, spec.get("id"))
    form = db.rule_cache.get(key)
    if form is None or form.spec != spec:  # an edition may word it differently
        form = _Form(spec)
        db.rule_cache[key] = form
    return form


def _validity(edition: dict[str, Any], facts: Facts, as_of: date, db: ClauseDB
              ) -> tuple[CriterionResult | None, list[str]]:
    """The edition's validity against the as-of date, where the text dates it."""
    if not edition.get("valid_until"):
        return None, []
    until = date.fromisoformat(edition["valid_until"])
    payout = date.fromisoformat(edition["payout_until"]) if edition.get("payout_until") else until
    year = facts.get("assessment.year")
    missing: list[str] = []
    if as_of <= until:
        status = MET
    elif as_of <= payout:
        # After expiry only the last year's data is still paid out.
        if year is None:
            status, missing = UNKNOWN, ["assessment.year"]
        else:
            status = MET if year == until.year else UNMET
    else:
        status = UNMET
    if status == MET and year is not None and year > until.year:
        status = UNMET
    crit = CriterionResult(
        db.msg("criterion.validity", "zh", validity=edition.get("validity_text") or ""),
        db.msg("criterion.validity", "en", validity=edition.get("validity_en") or ""),
        status, ["assessment.year"], verbatim=False)
    return crit, missing


class Evaluation:
    """An item's verdict and amount, before any of it is put into words (a plain slotted
    class: see verdicts.CriterionResult)."""

    __slots__ = ("item", "criteria", "specs", "missing", "verdict", "amount", "edition")

    def __init__(self, item: Item, criteria: list[CriterionResult],
                 specs: list[dict[str, Any] | None], missing: list[str], verdict: str,
                 amount: Amount, edition: dict[str, Any] | None = None):
        self.item = item
        self.criteria = criteria
        self.specs = specs  # None for the validity check the engine adds
        self.missing = missing
        self.verdict = verdict
        self.amount = amount
        self.edition = edition  # edition_json() of the edition in force


# Per assessment: the policy-wide criteria (Dongcheng 第四条, district, validity) are the
# same for every item of a policy, so each run of them is judged once per profile.
Memo = dict[tuple[str, ...], Any]


def evaluate_item(item: Item, facts: Facts, db: ClauseDB, as_of: date,
                  memo: Memo | None = None) -> Evaluation:
    memo = {} if memo is None else memo
    key = (item.policy_id, "@edition")  # segments' keys hold criterion ids, never "@..."
    if key not in memo:
        editions = editions_of(db.policies[item.policy_id])
        memo[key] = [(ed, edition_json(editions, ed), _validity(ed, facts, as_of, db))
                     for ed in editions_possible(editions, as_of, facts.get("assessment.year"))]
    options = memo[key]
    if len(options) == 1:
        return _evaluate_in(item, *options[0], facts, db, memo)
    # The data year not given, and editions that differ by year could each apply (a draft
    # for 2026 data, the final for 2027's): which one is the year's to say. Each is
    # evaluated (its policy-wide judgements memoised apart); the item is open on the year,
    # bounded by the highest the editions allow, worded as the edition that allows it.
    evaluations = [_evaluate_in(item, ed, ed_json, validity, facts, db,
                                memo.setdefault((item.policy_id, "@memo", ed["id"]), {}))
                   for ed, ed_json, validity in options]
    open_ = [e for e in evaluations if e.verdict != INELIGIBLE]
    if not open_:
        return evaluations[-1]
    best = max(reversed(open_), key=lambda e: (e.amount.bound is None, e.amount.bound or 0))
    labels = {lang: "、".join(ed.get("label" if lang == "zh" else "label_en") or ed["id"]
                              for ed, _, _ in options) for lang in LANGS}
    which = CriterionResult(db.msg("criterion.edition_year", "zh", editions=labels["zh"]),
                            db.msg("criterion.edition_year", "en", editions=labels["en"]),
                            UNKNOWN, ["assessment.year"], verbatim=False)
    missing = sorted({*best.missing, "assessment.year"}, key=db.fact_rank.__getitem__)
    return Evaluation(best.item, [which, *best.criteria], [None, *best.specs], missing,
                      UNCERTAIN, best.amount, best.edition)


def _evaluate_in(item: Item, ed: dict[str, Any], ed_json: dict[str, Any],
                 validity: Any, facts: Facts, db: ClauseDB, memo: Memo) -> Evaluation:
    """The item evaluated under one edition of its policy."""
    criteria: list[CriterionResult] = []
    specs: list[dict[str, Any] | None] = []
    missing: list[str] = []
    if not in_edition(item, ed):
        label = {lang: ed.get("label" if lang == "zh" else "label_en") for lang in LANGS}
        absent = CriterionResult(db.msg("criterion.edition", "zh", edition=label["zh"]),
                                 db.msg("criterion.edition", "en", edition=label["en"]),
                                 UNMET, ["assessment.year"], verbatim=False)
        return Evaluation(item, [absent], [None], [], INELIGIBLE, Amount(0), ed_json)
    if item.by_edition:  # rare: most items read the same in every edition
        item = item_for_edition(item, ed)
    unmet = unknown = False
    for segment in _plan(item, db):
        if segment.key is None:
            seg_unmet, seg_unknown = _judge(segment, facts, validity, criteria, specs, missing)
        else:  # policy-wide: judged once a profile, then copied
            judged = memo.get(segment.key)
            if judged is None:
                lists: tuple[list, list, list] = ([], [], [])
                judged = memo[segment.key] = (*lists, *_judge(segment, facts, validity, *lists))
            seg_crits, seg_specs, seg_missing, seg_unmet, seg_unknown = judged
            criteria += seg_crits
            specs += seg_specs
            missing += seg_missing
        unmet = unmet or seg_unmet
        unknown = unknown or seg_unknown

    if unmet:
        # Nothing to compute: an ineligible item's amount is 0 and needs no working.
        return Evaluation(item, criteria, specs, [], INELIGIBLE, Amount(0), ed_json)
    amount = compute(item.formula, facts, db)
    if unknown or not amount.published or not amount.base_known:
        # An unknown part of the base (one fee of mentougou-04 or -11) leaves the bound open
        # even when the stated conditions are met: the firm must still give it.
        verdict = UNCERTAIN
        missing += amount.missing
    else:
        # A cap that hangs on an unknown fact (mentougou-12) changes the bound, not whether
        # the stated conditions are met; the bound shown is the highest cap it could be.
        verdict = ELIGIBLE
    missing = sorted(set(missing), key=db.fact_rank.__getitem__)
    return Evaluation(item, criteria, specs, missing, verdict, amount, ed_json)
