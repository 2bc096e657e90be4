"""An item's evaluation put into words: its reasons and the questions for the bureau, in
both languages (core/rules.py evaluates; this module and core/report.py are needed only
once results are shown, not for the wizard's first window)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop_app.core.amounts import Amount
from desktop_app.core.clausedb import ClauseDB, Item
from desktop_app.core.logic import Facts, leaves_with_value
from desktop_app.core.report import ItemResult
from desktop_app.core.rules import LANGS, Evaluation, Memo, evaluate_item
from desktop_app.core.verdicts import (
    APPLICANT,
    ELIGIBLE,
    INELIGIBLE,
    REVIEW,
    UNKNOWN,
    UNMET,
    CriterionResult,
)


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
    text = superseded_text(edition, db, lang)
    return [("superseded", text)] if text else []


def superseded_text(edition: dict[str, Any] | None, db: ClauseDB, lang: str) -> str:
    """The words for a draft a final edition has replaced (a result's `edition`); "" for
    any other."""
    newer = (edition or {}).get("superseded_by")
    if not newer:
        return ""
    en = lang == "en"
    return db.msg("reason.superseded", lang, edition=edition["label_en" if en else "label"],
                  newer=newer["label_en" if en else "label"],
                  since=newer.get("valid_from") or ("issue" if en else "印发之日"))


_DOUBLED_STOP = re.compile(r"([.?!])\.")


def _tidy_en(text: str) -> str:
    """No doubled stop where a quoted phrase ending in "." or "?" meets the sentence's end."""
    if ".." not in text and "?." not in text and "!." not in text:
        return text  # (most reasons: no pattern to look for, thousands of times a report)
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
            if spec and spec.get("id") == "district" and spec.get("common"):
                # Told in plain words, not as a failed quotation of the policy's scope.
                out.append(("not_registered", _not_registered(item, facts, db, lang)))
                continue
            if spec is None:  # the validity check, which the engine adds
                shown = [f"{db.msg('value.as_of', lang)}{colon}{as_of.isoformat()}"]
                if "assessment.year" in facts:
                    shown.append(value_text("assessment.year", facts, db, lang))
            else:
                deciding = leaves_with_value(spec.get("test"), facts, bool(spec.get("negative")))
                shown = [value_text(f, facts, db, lang) for f in dict.fromkeys(deciding)
                         if f in facts]
            values = labels_sep.join(shown)
            detail = db.msg("detail.values", lang, values=values) if values else ""
            # A negative-list criterion's words describe the barred case, not the condition.
            kind = "barred" if spec and spec.get("negative") else "unmet"
            out.append((kind, db.msg("reason." + kind, lang, text=text, detail=detail)))
        elif crit.status == UNKNOWN and crit.unpublished and spec:
            reason = db.msg("reason.unpublished", lang, text=text, ask=spec["unpublished"][lang])
            open_facts = [f for f in crit.facts if f not in facts]
            if open_facts:  # the firm's own part of it is still to give (its revenue)
                reason += db.msg("reason.also_answer", lang,
                                 facts=_quoted_labels(open_facts, db, lang))
            out.append(("unpublished", reason))
        elif crit.status == UNKNOWN and spec and not any(f not in facts for f in crit.facts):
            # Every fact is given, yet the test is open: a ratio or growth over a zero base.
            zero = [f for f in crit.facts if facts.get(f) == 0]
            names = labels_sep.join(db.fact(f).label(lang) for f in zero or crit.facts)
            out.append(("undefined", db.msg("reason.undefined", lang, text=text, facts=names)))
        elif crit.status == UNKNOWN:
            open_facts = [f for f in crit.facts if f not in facts] or ["assessment.year"]
            out.append(("unknown", db.msg("reason.unknown", lang, text=text,
                                          facts=_quoted_labels(open_facts, db, lang))))
    if verdict == INELIGIBLE:
        return out
    if verdict == ELIGIBLE:
        key = ("reason.all_met_review" if any(c.status == REVIEW for c in criteria)
               else "reason.all_met")
        out.insert(0, ("all_met", db.msg(key, lang)))
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


def _quoted_labels(fact_ids: list[str], db: ClauseDB, lang: str) -> str:
    # Quoted: a label may be a question, and its "?" must not meet the sentence's ".".
    # English quotes in English: no Chinese punctuation inside an English sentence.
    left, right = ("“", "”") if lang == "zh" else ('"', '"')
    return ("、" if lang == "zh" else ", ").join(
        f"{left}{db.fact(f).label(lang)}{right}" for f in fact_ids)


def _amount_state(verdict: str, amount: Amount) -> str:
    if verdict == INELIGIBLE:
        return "ineligible"
    if amount.bound is not None:
        return "bounded"
    return "unpublished" if not amount.published else "not_given"


def _not_registered(item: Item, facts: Facts, db: ClauseDB, lang: str) -> str:
    """"未在东城区注册（注册所在区：朝阳区）": the policy's district, and the firm's.

    Made once per pair of districts and language: with a pack of 150 policies, most of its
    thousands of items are another district's, and each says this in both languages."""
    key = ("not_registered", db.policies[item.policy_id].district,
           facts["company.district"], lang)
    text = db.rule_cache.get(key)
    if text is None:
        district = db.fact("company.district")
        here = district.option_label(key[1], lang)
        theirs = district.option_label(key[2], lang)
        text = db.rule_cache[key] = db.msg("reason.not_registered", lang, district=here,
                                           registered=theirs)
    return text


def _amount_reason(amount: Amount, db: ClauseDB, lang: str) -> str:
    how = amount.how_zh if lang == "zh" else amount.how_en
    if not amount.published:
        return db.msg("reason.amount_none", lang)
    sep = "、" if lang == "zh" else ", "
    if amount.bound is None:
        # which part of the base is open: API fees given, deployment and fine-tuning not
        # (none incurred) read as if nothing had been entered
        return db.msg("reason.amount_unbounded", lang, how=how,
                      facts=sep.join(db.fact(f).label(lang) for f in amount.missing))
    if not amount.base_known:
        # Name what is open: with part of a sum given (loan interest, not the fees) "基数未填写"
        # read as if nothing had been entered.
        return db.msg("reason.amount_unknown_base", lang, how=how, amount=f"{amount.bound:,}",
                      facts=sep.join(db.fact(f).label(lang) for f in amount.missing))
    if how.startswith(("（", "(")):  # "（（贷款利息 …" read as a slip: the working is named
        how = ("计算：" if lang == "zh" else "worked out: ") + how
    line = db.msg("reason.amount", lang, amount=f"{amount.bound:,}", how=how)
    if amount.missing:
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


def value_text(fact_id: str, facts: Facts, db: ClauseDB, lang: str) -> str:
    """A fact's label and the value the firm gave: "是否为中小企业：是", "An SME: yes"."""
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
