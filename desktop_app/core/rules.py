"""Assessing one item: its criteria, its verdict, its amount and the reasons, in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core.amounts import Amount, compute
from desktop_app.core.clausedb import ClauseDB, Item
from desktop_app.core.editions import (
    edition_in_force,
    edition_json,
    editions_of,
    in_edition,
    item_for_edition,
)
from desktop_app.core.logic import Facts, compile_test, facts_read, leaves_with_value
from desktop_app.core.report import (
    APPLICANT,
    ELIGIBLE,
    INELIGIBLE,
    MET,
    REVIEW,
    UNCERTAIN,
    UNKNOWN,
    UNMET,
    CriterionResult,
    ItemResult,
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


def _value_text(fact_id: str, facts: Facts, db: ClauseDB, lang: str) -> str:
    fact = db.fact(fact_id)
    value = facts.get(fact_id)
    if isinstance(value, bool):
        shown = db.msg("value.true" if value else "value.false", lang)
    elif fact.type == "money":
        shown = f"{value:,}" + ("元" if lang == "zh" else " yuan")
    elif fact.type == "enum":
        shown = fact.option_label(value, lang)
    else:
        shown = str(value)
    colon = "：" if lang == "zh" else ": "
    # A label asked as a question ("An SME?") is shown as a name before its value.
    return f"{fact.label(lang).rstrip('?？')}{colon}{shown}"


@dataclass
class Evaluation:
    """An item's verdict and amount, before any of it is put into words."""

    item: Item
    criteria: list[CriterionResult]
    specs: list[dict[str, Any] | None]  # None for the validity check the engine adds
    missing: list[str]
    verdict: str
    amount: Amount
    edition: dict[str, Any] | None = None  # edition_json() of the edition in force


# Per assessment: the policy-wide criteria (Dongcheng 第四条, district, validity) are the
# same for every item of a policy, so each run of them is judged once per profile.
Memo = dict[tuple[str, ...], Any]


def evaluate_item(item: Item, facts: Facts, db: ClauseDB, as_of: date,
                  memo: Memo | None = None) -> Evaluation:
    memo = {} if memo is None else memo
    criteria: list[CriterionResult] = []
    specs: list[dict[str, Any] | None] = []
    missing: list[str] = []
    key = (item.policy_id, "@edition")  # segments' keys hold criterion ids, never "@..."
    if key not in memo:
        editions = editions_of(db.policies[item.policy_id])
        ed = edition_in_force(editions, as_of, facts.get("assessment.year"))
        memo[key] = ed, edition_json(editions, ed), _validity(ed, facts, as_of, db)
    ed, ed_json, validity = memo[key]
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


def assess_item(item: Item, facts: Facts, db: ClauseDB, as_of: date,
                memo: Memo | None = None) -> ItemResult:
    """An item's verdict, amount and reasons in both languages."""
    return explain(evaluate_item(item, facts, db, as_of, memo), facts, db, as_of)


def explain(ev: Evaluation, facts: Facts, db: ClauseDB, as_of: date) -> ItemResult:
    item, criteria, specs, verdict, amount = ev.item, ev.criteria, ev.specs, ev.verdict, ev.amount
    reasons = {lang: _reasons(item, criteria, specs, facts, verdict, amount, db, lang, as_of)
               + _superseded(ev.edition, db, lang) for lang in LANGS}
    asks = {lang: _asks(item, specs, criteria, verdict, db, lang) for lang in LANGS}
    reasons["en"] = [(kind, _tidy_en(text)) for kind, text in reasons["en"]]
    return ItemResult(
        item_id=item.item_id, policy=item.policy_id, article=item.article,
        benefit=item.benefit, benefit_en=item.benefit_en, verdict=verdict,
        max_amount_yuan=0 if verdict == INELIGIBLE else amount.bound,
        reasons=[text for _, text in reasons["zh"]],
        reasons_en=[text for _, text in reasons["en"]], missing_facts=ev.missing,
        criteria=criteria,  # frozen, so items may share a policy-wide criterion
        computation="" if verdict == INELIGIBLE else amount.how_zh,
        computation_en="" if verdict == INELIGIBLE else amount.how_en,
        ask_bureau=asks["zh"], ask_bureau_en=asks["en"], edition=ev.edition,
        beneficiary=item.beneficiary or APPLICANT,
        amount_state=_amount_state(verdict, amount),
        reason_kinds=[kind for kind, _ in reasons["zh"]],
    )


def _superseded(edition: dict[str, Any] | None, db: ClauseDB, lang: str
                ) -> list[tuple[str, str]]:
    """A draft's result says when a final edition has replaced the draft."""
    newer = (edition or {}).get("superseded_by")
    if not newer:
        return []
    en = lang == "en"
    return [("superseded", db.msg(
        "reason.superseded", lang, edition=edition["label_en" if en else "label"],
        newer=newer["label_en" if en else "label"],
        since=newer.get("valid_from") or ("issue" if en else "印发之日")))]


_DOUBLED_STOP = re.compile(r"([.?!])\.")


def _tidy_en(text: str) -> str:
    """No doubled stop where a quoted phrase ending in "." or "?" meets the sentence's end."""
    return _DOUBLED_STOP.sub(r"\1", text)


def _reasons(item: Item, criteria: list[CriterionResult], specs: list[dict[str, Any] | None],
             facts: Facts, verdict: str, amount: Amount, db: ClauseDB, lang: str,
             as_of: date) -> list[tuple[str, str]]:
    """The reasons, each with its kind (report.REASON_KINDS), in reading order."""
    out: list[tuple[str, str]] = []
    labels_sep = "、" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    for crit, spec in zip(criteria, specs, strict=True):
        text = crit.text if lang == "zh" or not crit.text_en else crit.text_en
        if verdict == INELIGIBLE and crit.status != UNMET:
            continue  # a failed condition is the whole story; open ones no longer matter
        if crit.status == UNMET:
            if spec is None:  # the validity check, which the engine adds
                shown = [f"{db.msg('value.as_of', lang)}{colon}{as_of.isoformat()}"]
                if "assessment.year" in facts:
                    shown.append(_value_text("assessment.year", facts, db, lang))
            else:
                deciding = leaves_with_value(spec.get("test"), facts, bool(spec.get("negative")))
                shown = [_value_text(f, facts, db, lang) for f in dict.fromkeys(deciding)
                         if f in facts]
            values = labels_sep.join(shown)
            detail = db.msg("detail.values", lang, values=values) if values else ""
            if spec and spec.get("id") == "district" and spec.get("common"):
                # Told in plain words, not as a failed quotation of the policy's scope.
                out.append(("not_registered", _not_registered(item, facts, db, lang)))
                continue
            # A negative-list criterion's words describe the barred case, not the condition.
            kind = "barred" if spec and spec.get("negative") else "unmet"
            out.append((kind, db.msg("reason." + kind, lang, text=text, detail=detail)))
        elif crit.status == UNKNOWN and crit.unpublished and spec:
            out.append(("unpublished", db.msg("reason.unpublished", lang, text=text,
                                              ask=spec["unpublished"][lang])))
        elif crit.status == UNKNOWN and spec and not any(f not in facts for f in crit.facts):
            # Every fact is given, yet the test is open: a ratio or growth over a zero base.
            zero = [f for f in crit.facts if facts.get(f) == 0]
            names = labels_sep.join(db.fact(f).label(lang) for f in zero or crit.facts)
            out.append(("undefined", db.msg("reason.undefined", lang, text=text, facts=names)))
        elif crit.status == UNKNOWN:
            open_facts = [f for f in crit.facts if f not in facts] or ["assessment.year"]
            # Quoted: a label may be a question, and its "?" must not meet the sentence's ".".
            # English quotes in English: no Chinese punctuation inside an English sentence.
            left, right = ("“", "”") if lang == "zh" else ('"', '"')
            names = labels_sep.join(f"{left}{db.fact(f).label(lang)}{right}" for f in open_facts)
            out.append(("unknown", db.msg("reason.unknown", lang, text=text, facts=names)))
    if verdict == INELIGIBLE:
        return out
    if verdict == ELIGIBLE:
        out.insert(0, ("all_met", db.msg("reason.all_met", lang)))
    if (item.beneficiary or APPLICANT) != APPLICANT:
        out.append(("beneficiary", db.msg("reason.beneficiary." + item.beneficiary, lang)))
    for crit, spec in zip(criteria, specs, strict=True):
        if crit.status == REVIEW:
            text = crit.text if lang == "zh" or not crit.text_en else crit.text_en
            # A policy-wide review point (Dongcheng 第四条（一）–（三）) is the same for every
            # item of the policy; its kind lets a reader show it once.
            kind = "policy_review" if spec and spec.get("common") else "review"
            out.append((kind, db.msg("reason.review", lang, text=text)))
    out.append(("amount", _amount_reason(amount, db, lang)))
    policy = db.policies[item.policy_id]
    if policy.valid_from is None and policy.valid_years:
        out.append(("validity", db.msg("reason.validity_unknown", lang,
                    validity=policy.validity_text if lang == "zh" else policy.validity_en)))
    return out


def _amount_state(verdict: str, amount: Amount) -> str:
    if verdict == INELIGIBLE:
        return "ineligible"
    if amount.bound is not None:
        return "bounded"
    return "unpublished" if not amount.published else "not_given"


def _not_registered(item: Item, facts: Facts, db: ClauseDB, lang: str) -> str:
    """"未在东城区注册（注册所在区：朝阳区）": the policy's district, and the firm's."""
    district = db.fact("company.district")
    here = district.option_label(db.policies[item.policy_id].district, lang)
    theirs = district.option_label(facts["company.district"], lang)
    return db.msg("reason.not_registered", lang, district=here, registered=theirs)


def _amount_reason(amount: Amount, db: ClauseDB, lang: str) -> str:
    how = amount.how_zh if lang == "zh" else amount.how_en
    if not amount.published:
        return db.msg("reason.amount_none", lang)
    if amount.bound is None:
        return db.msg("reason.amount_unbounded", lang, how=how)
    if not amount.base_known:
        return db.msg("reason.amount_unknown_base", lang, how=how, amount=f"{amount.bound:,}")
    line = db.msg("reason.amount", lang, amount=f"{amount.bound:,}", how=how)
    if amount.missing:
        sep = "、" if lang == "zh" else ", "
        line += db.msg("reason.amount_depends", lang,
                       facts=sep.join(db.fact(f).label(lang) for f in amount.missing))
    return line


def _asks(item: Item, specs: list[dict[str, Any] | None], criteria: list[CriterionResult],
          verdict: str, db: ClauseDB, lang: str) -> list[str]:
    """What to ask the bureau: the unpublished thresholds first, then the item's own questions."""
    if verdict == INELIGIBLE:
        return []
    asks = [spec["unpublished"][lang] for spec, crit in zip(specs, criteria, strict=True)
            if spec and crit.unpublished]
    asks += [q[lang] for q in item.ask_bureau]
    return list(dict.fromkeys(asks))
