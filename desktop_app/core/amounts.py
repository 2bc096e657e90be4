"""The money formula of an item: rate × base, per unit, or a fixed bound; capped, floored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.facts import format_yuan
from desktop_app.core.logic import Facts, evaluate


@dataclass
class Amount:
    bound: int | None  # the upper bound in whole yuan; None where the text gives none
    missing: list[str] = field(default_factory=list)  # unknown facts the bound depends on
    how_zh: str = ""
    how_en: str = ""
    cap_zh: str | None = None  # the cap that bit, in the clause's words
    cap_en: str | None = None
    published: bool = True  # False where the text leaves the amount unpublished
    base_known: bool = True  # False while the facts the amount is computed from are unknown


def _ratio(rate: str) -> tuple[int, int]:
    """'0.30' -> (30, 100): exact, and cheaper to import than fractions/decimal."""
    whole, _, frac = rate.partition(".")
    return int(whole + frac), 10 ** len(frac)


def _percent(rate: str) -> str:
    num, den = _ratio(rate)
    return f"{num * 100 / den:g}%"


def _caps(formula: dict[str, Any], facts: Facts) -> tuple[list[dict[str, Any]], list[str]]:
    """The caps that may apply: the first that surely does, plus any left open by unknowns."""
    possible: list[dict[str, Any]] = []
    missing: list[str] = []
    for cap in formula.get("caps", []):
        when = cap.get("when")
        if when is None:
            possible.append(cap)
            break
        outcome = evaluate(when, facts)
        if outcome.value is True:
            possible.append(cap)
            break
        if outcome.value is None:
            possible.append(cap)
            missing += outcome.missing
    return possible, missing


def compute(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> Amount:
    kind = formula["kind"]
    if kind == "unpublished":
        return Amount(None, how_zh=formula["zh"], how_en=formula["en"], published=False)
    caps, missing = _caps(formula, facts)
    cap = max(caps, key=lambda c: c["value"]) if caps else None
    if kind == "cap_only":
        return Amount(cap["value"], missing, how_zh=cap["zh"], how_en=cap["en"],
                      cap_zh=cap["zh"], cap_en=cap["en"])

    if kind == "rate":
        base_facts = formula["base"]
        rate = formula["rate"]
        num, den = _ratio(rate)
        unknown = [f for f in base_facts if facts.get(f) is None]
        base = sum(facts[f] for f in base_facts if facts.get(f) is not None)
        raw = None if unknown else base * num // den  # rounded down to the whole yuan
        parts_zh = " + ".join(f"{db.fact(f).zh} {format_yuan(facts[f])}元" for f in base_facts
                              if facts.get(f) is not None)
        parts_en = " + ".join(f"{db.fact(f).en} {format_yuan(facts[f])}" for f in base_facts
                              if facts.get(f) is not None)
        if len(base_facts) > 1 and parts_zh:
            parts_zh, parts_en = f"（{parts_zh}）", f"({parts_en})"
        share = formula.get("share")
        if raw is None:
            calc_zh = calc_en = ""
        elif share:
            # A share the text does not publish, of a base it names: the base is the bound,
            # not "× 100%", which the text never says.
            calc_zh = f"{parts_zh} × {share['zh']}，不超过{format_yuan(raw)}元"
            calc_en = f"{parts_en} × {share['en']}, at most {format_yuan(raw)}"
        else:
            calc_zh = f"{parts_zh} × {_percent(rate)} = {format_yuan(raw)}元"
            calc_en = f"{parts_en} × {_percent(rate)} = {format_yuan(raw)}"
    else:  # per_unit
        share = None
        unit_fact = formula["unit_fact"]
        unknown = [unit_fact] if facts.get(unit_fact) is None else []
        raw = None if unknown else formula["unit_amount"] * facts[unit_fact]
        unit = format_yuan(formula["unit_amount"])
        n = facts.get(unit_fact)
        calc_zh = f"{n} × {unit}元 = {format_yuan(raw)}元" if raw is not None else ""
        calc_en = f"{n} × {unit} = {format_yuan(raw)}" if raw is not None else ""

    if unknown:
        bound = cap["value"] if cap else None
        return Amount(bound, unknown + missing, how_zh=formula["zh"], how_en=formula["en"],
                      cap_zh=cap["zh"] if cap else None, cap_en=cap["en"] if cap else None,
                      base_known=False)
    if cap and raw > cap["value"]:
        capped = format_yuan(cap["value"])
        if share:  # the base is above the cap: the cap alone bounds the unpublished share
            how_zh = f"{parts_zh} × {share['zh']}；按“{cap['zh']}”计{capped}元"
            how_en = f"{parts_en} × {share['en']}; capped ({cap['en']}): {capped}"
        else:
            how_zh = f"{calc_zh}，超过上限，按“{cap['zh']}”计{capped}元"
            how_en = f"{calc_en}, above the cap ({cap['en']}): {capped}"
        return Amount(cap["value"], missing, how_zh=how_zh, how_en=how_en,
                      cap_zh=cap["zh"], cap_en=cap["en"])
    if missing and raw <= min(c["value"] for c in caps):
        missing = []  # whichever cap applies, this amount is under it
    return Amount(raw, missing, how_zh=calc_zh, how_en=calc_en)
