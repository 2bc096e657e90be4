"""Editions of a policy: 征求意见稿, 正式稿, later amendments, each with its own validity.

A policy source may list its `editions` in order of publication; an item may belong to
some of them only (`editions: [ids]`) and may read differently in one (`by_edition:
{id: {text, formula, criteria, benefit, benefit_en}}`). A policy without a list has one
edition, made from its own status and validity, so every database has editions.

An assessment uses, for each policy, the edition in force for its as-of date and data
year: among the editions issued by the as-of date (valid_from not after it; none = from
issue), those whose validity covers the data year (or, with no data year, the as-of date
up to the pay-out date); the last published of them wins, since a later edition replaces
an earlier one. A draft used while a final edition exists says it has been superseded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

DRAFT, FINAL, AMENDMENT = "draft", "final", "amendment"
STATUSES = (DRAFT, FINAL, AMENDMENT)
EDITION_FIELDS = ("id", "label", "label_en", "status", "valid_from", "valid_until",
                  "payout_until", "validity_text", "validity_en")
# What an edition may word differently for an item (`by_edition`): its text, conditions
# and amount, and with them the questions for the bureau and the materials they bring.
ITEM_OVERRIDES = ("text", "formula", "criteria", "benefit", "benefit_en", "ask_bureau",
                  "materials")


def read_as_draft(policy: Any, used: dict[str, Any] | None) -> bool:
    """Whether an assessment read `policy` as a draft: the edition it used (a result's
    `edition`), else the policy's own status."""
    if used:
        return used.get("status") == DRAFT
    return "征求意见" in (policy.status or "")


def derived_edition(policy: dict[str, Any]) -> dict[str, Any]:
    """The one edition of a policy whose source lists none: its own status and validity."""
    draft = "征求意见" in (policy.get("status") or "")
    return {"id": DRAFT if draft else "current", "label": policy.get("status") or "",
            "label_en": policy.get("status_en") or "", "status": DRAFT if draft else FINAL,
            **{k: policy.get(k) for k in ("valid_from", "valid_until", "payout_until",
                                          "validity_text", "validity_en")}}


def editions_of(policy: Any) -> list[dict[str, Any]]:
    """A policy's editions (a Policy record or a source mapping), in order of publication."""
    if isinstance(policy, dict):
        row = policy
    else:
        row = policy.as_dict()
    return row.get("editions") or [derived_edition(row)]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _covers(ed: dict[str, Any], as_of: date, year: int | None) -> bool:
    start, until = _date(ed.get("valid_from")), _date(ed.get("valid_until"))
    if year is not None:
        return (start is None or start.year <= year) and (until is None or year <= until.year)
    last = _date(ed.get("payout_until")) or until
    return last is None or as_of <= last


def edition_in_force(editions: list[dict[str, Any]], as_of: date,
                     year: int | None) -> dict[str, Any]:
    """The edition an assessment on `as_of` with data of `year` uses (with no year, the
    last that could apply)."""
    return editions_possible(editions, as_of, year)[-1]


def editions_possible(editions: list[dict[str, Any]], as_of: date, year: int | None
                      ) -> list[dict[str, Any]]:
    """The editions that could apply, in order of publication: the one in force for a
    known data year; with the year unknown, each issued by `as_of` whose validity (or
    pay-out) still runs, since the year decides among them."""
    issued = [e for e in editions
              if not e.get("valid_from") or _date(e["valid_from"]) <= as_of] or editions[:1]
    fitting = [e for e in issued if _covers(e, as_of, year)] or issued
    return fitting if year is None else fitting[-1:]


def superseded_by(editions: list[dict[str, Any]], ed: dict[str, Any]) -> dict[str, Any] | None:
    """The final edition published after a draft, if any (it replaces the draft's text)."""
    if ed.get("status") != DRAFT:
        return None
    later = editions[[e["id"] for e in editions].index(ed["id"]) + 1:]
    return next((e for e in later if e.get("status") in (FINAL, AMENDMENT)), None)


def in_edition(item: Any, ed: dict[str, Any]) -> bool:
    return not item.editions or ed["id"] in item.editions


def item_for_edition(item: Any, ed: dict[str, Any]) -> Any:
    """The item as the given edition words it (the same record when nothing differs)."""
    changes = (item.by_edition or {}).get(ed["id"])
    if not changes:
        return item
    return type(item)({**item.as_dict(), **changes})


def item_as_assessed(db: Any, result: Any) -> Any:
    """The item as the edition a result used words it (text, formula, criteria, materials):
    what a reader shows beside the result's amount. A final edition's 25 % stood beside
    the draft's "× 20%" and its text in a draft."""
    item = db.item_by_id[result.item_id]
    edition = getattr(result, "edition", None)
    return item_for_edition(item, edition) if edition else item


def title_as_used(policy: Any, edition: dict[str, Any] | None, lang: str = "zh") -> str:
    """The policy's title as the edition a result used has it: a final edition's without
    the draft's "（征求意见稿）" (an application under the issued measures named the draft)."""
    if not edition or edition.get("status") == DRAFT:
        return policy.title_en if lang == "en" else policy.title
    return policy.bare_title(lang)


def edition_status(policy: Any, used: dict[str, Any] | None, lang: str = "zh"
                   ) -> tuple[str, str]:
    """The status and validity of the policy edition an assessment used (a result's
    `edition`), and, for a draft since replaced, by what: 征求意见稿（已被正式稿取代）."""
    en = lang == "en"
    validity = policy.validity_en if en else policy.validity_text
    status = policy.status_en if en else policy.status
    if not used:
        return status, validity
    ed = next((e for e in editions_of(policy) if e["id"] == used["id"]), {})
    validity = ed.get("validity_en" if en else "validity_text") or validity
    return edition_label(used, lang) or status, validity


def edition_json(editions: list[dict[str, Any]], ed: dict[str, Any]) -> dict[str, Any]:
    """What a result says about its edition: id, label, status, and what superseded it."""
    newer = superseded_by(editions, ed)
    return {"id": ed["id"], "label": ed.get("label", ""), "label_en": ed.get("label_en", ""),
            "status": ed.get("status", ""),
            "superseded_by": None if newer is None else {
                "id": newer["id"], "label": newer.get("label", ""),
                "label_en": newer.get("label_en", ""), "valid_from": newer.get("valid_from")}}


def edition_label(edition: dict[str, Any], lang: str = "zh") -> str:
    """A result's edition in words: 征求意见稿, or 征求意见稿（已被正式稿取代）."""
    en = lang == "en"
    label = edition.get("label_en" if en else "label") or edition.get("label") or ""
    newer = edition.get("superseded_by")
    if newer:
        by = newer.get("label_en" if en else "label") or newer.get("label")
        label += f" (replaced by the {by})" if en else f"（已被{by}取代）"
    return label
