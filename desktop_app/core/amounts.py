"""The money formula of an item, interpreted from its declarative shape.

Shapes (`kind`): rate × base; per unit (optionally at most N units counted); a fixed
bound (cap_only); unpublished; tiered by thresholds reached; rent (area × days ×
price per m² a day, each capped); a rate or per-unit amount on an increment (this
year minus last); the higher of alternatives (从高). Any shape may carry caps.
Arithmetic is exact, in whole numbers and fractions of them, rounded down to the
whole yuan only at the end. docs/AUTHORING.md describes each shape for analysts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.facts import format_yuan
from desktop_app.core.logic import Facts, evaluate, exact, facts_read

Text = Callable[[], tuple[str, str]]  # the working out, in Chinese and English, on demand


class Amount:
    """An item's upper bound and how it was reached.

    The working out (`how_zh`, `how_en`) is written only when read: the wizard's
    relevance and the totals need bounds for every item, the reasons only for some.
    """

    __slots__ = ("bound", "missing", "cap_zh", "cap_en", "published", "base_known", "_how",
                 "_text")

    def __init__(self, bound: int | None, missing: list[str] | None = None, how_zh: str = "",
                 how_en: str = "", cap_zh: str | None = None, cap_en: str | None = None,
                 published: bool = True, base_known: bool = True, text: Text | None = None):
        self.bound = bound  # the upper bound in whole yuan; None where the text gives none
        self.missing = missing if missing is not None else []  # unknown facts it depends on
        self.cap_zh = cap_zh  # the cap that bit, in the clause's words
        self.cap_en = cap_en
        self.published = published  # False where the text leaves the amount unpublished
        self.base_known = base_known  # False while the facts it is computed from are unknown
        self._how = None if text is not None else (how_zh, how_en)
        self._text = text

    def _working(self) -> tuple[str, str]:
        if self._how is None:
            self._how = self._text()
        return self._how

    @property
    def how_zh(self) -> str:
        return self._working()[0]

    @property
    def how_en(self) -> str:
        return self._working()[1]

    def __repr__(self) -> str:
        return (f"Amount(bound={self.bound!r}, missing={self.missing!r}, "
                f"how_zh={self.how_zh!r}, base_known={self.base_known!r})")


class _Raw:
    """A shape's amount before the item's caps."""

    __slots__ = ("value", "text", "unknown", "ceiling", "depends", "at_least", "capped_text")

    def __init__(self, value: int | None, text: Text | None = None,
                 unknown: list[str] | None = None, ceiling: int | None = None,
                 depends: list[str] | None = None, at_least: int | None = None,
                 capped_text: Text | None = None):
        self.value = value  # whole yuan; None while a fact it needs is unknown
        self.text = text  # the working out, while the value is known
        self.unknown = [] if unknown is None else unknown  # facts whose answer would settle it
        self.ceiling = ceiling  # while unknown: the most it could be (None: no bound)
        self.depends = [] if depends is None else depends  # open facts of caps in the shape
        self.at_least = at_least  # while unknown: what it surely reaches (从高's known side)
        self.capped_text = capped_text  # the working to show when a cap bounds it instead


def _ratio(rate: str) -> tuple[int, int]:
    """'0.30' -> (30, 100): exact, and cheaper to import than fractions/decimal."""
    return exact(rate)


def _percent(rate: str) -> str:
    num, den = _ratio(rate)
    return f"{num * 100 / den:g}%"


def _number(value: Any) -> str:
    """A count or a decimal as written: 1,000 or 3.5 (no float noise, no trailing zeros)."""
    if isinstance(value, int):
        return f"{value:,}"
    num, den = exact(value)
    whole, rest = divmod(num, den)
    if not rest:
        return f"{whole:,}"
    text = repr(value) if isinstance(value, float) else str(value)
    return f"{whole:,}" + "." + text.partition(".")[2]


def _floor(num: int, den: int) -> int:
    return num // den  # money is never negative here, so this rounds down to the yuan


def _caps(formula: dict[str, Any], facts: Facts) -> tuple[list[dict[str, Any]], list[str]]:
    """The caps that may apply: the first that surely does, plus any left open by unknowns."""
    caps = formula.get("caps")
    if not caps or "when" not in caps[0]:  # most items: one plain cap, or none
        return caps[:1] if caps else [], []
    possible: list[dict[str, Any]] = []
    missing: list[str] = []
    for cap in caps:
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
    cap = (caps[0] if len(caps) == 1 else max(caps, key=lambda c: c["value"])) if caps else None
    if kind == "cap_only":
        return Amount(cap["value"], missing, how_zh=cap["zh"], how_en=cap["en"],
                      cap_zh=cap["zh"], cap_en=cap["en"])

    raw = SHAPES[kind](formula, facts, db)
    if raw.unknown and cap and not missing and (raw.at_least or 0) > cap["value"]:
        # Whatever the open facts are, the amount is already above the only cap.
        raw = _Raw(raw.at_least, raw.text, depends=raw.depends, capped_text=raw.capped_text)
    if raw.unknown:
        missing += raw.depends
        limits = [v for v in (raw.ceiling, cap["value"] if cap else None) if v is not None]
        bound = min(limits) if limits else None
        capped = cap is not None and bound == cap["value"]
        return Amount(bound, list(dict.fromkeys(raw.unknown + missing)),
                      how_zh=formula["zh"], how_en=formula["en"],
                      cap_zh=cap["zh"] if capped else None, cap_en=cap["en"] if capped else None,
                      base_known=False)
    value = raw.value
    if cap and value > cap["value"]:
        def capped_text(raw: _Raw = raw, cap: dict[str, Any] = cap) -> tuple[str, str]:
            limit = format_yuan(cap["value"])
            if raw.capped_text is not None:  # the shape words its capped amount itself
                zh, en = raw.capped_text()
                return (f"{zh}；按“{cap['zh']}”计{limit}元",
                        f"{en}; capped ({cap['en']}): {limit}")
            zh, en = raw.text()
            return (f"{zh}，超过上限，按“{cap['zh']}”计{limit}元",
                    f"{en}, above the cap ({cap['en']}): {limit}")

        return Amount(cap["value"], missing + raw.depends, cap_zh=cap["zh"], cap_en=cap["en"],
                      text=capped_text)
    if missing and value <= min(c["value"] for c in caps):
        missing = []  # whichever cap applies, this amount is under it
    return Amount(value, missing + raw.depends, text=raw.text)


# ------------------------------------------------------------------ the shapes

def _rate(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    base_facts = formula["base"]
    rate = formula["rate"]
    num, den = _ratio(rate)
    unknown = [f for f in base_facts if facts.get(f) is None]
    share = formula.get("share")

    def parts() -> tuple[str, str]:
        def shown(f: str, zh: bool) -> str:
            if facts.get(f) is None:
                return "未填写" if zh else "not given"
            return f"{format_yuan(facts[f])}元" if zh else format_yuan(facts[f])

        parts_zh = " + ".join(f"{db.fact(f).zh} {shown(f, True)}" for f in base_facts)
        parts_en = " + ".join(f"{db.fact(f).en} {shown(f, False)}" for f in base_facts)
        if len(base_facts) > 1:
            parts_zh, parts_en = f"（{parts_zh}）", f"({parts_en})"
        return parts_zh, parts_en

    if unknown:
        # Money is never negative: the parts given are a floor. Above the item's cap, the
        # parts not given cannot change the amount (compute settles it; (十一) with its
        # interest alone over 2,000,000 was left open on its fees).
        known = sum(facts[f] for f in base_facts if facts.get(f) is not None)
        floor = _floor(known * num, den) if known else None

        def at_least() -> tuple[str, str]:
            parts_zh, parts_en = parts()
            if share:
                return f"{parts_zh} × {share['zh']}", f"{parts_en} × {share['en']}"
            return (f"{parts_zh} × {_percent(rate)} ≥ {format_yuan(floor or 0)}元",
                    f"{parts_en} × {_percent(rate)} ≥ {format_yuan(floor or 0)}")

        return _Raw(None, at_least, unknown=unknown, at_least=floor, capped_text=at_least)
    raw = _floor(sum(facts[f] for f in base_facts) * num, den)

    if share:
        # A share the text does not publish, of a base it names: the base is the bound,
        # not "× 100%", which the text never says.
        def share_of() -> tuple[str, str]:
            parts_zh, parts_en = parts()
            return f"{parts_zh} × {share['zh']}", f"{parts_en} × {share['en']}"

        def bounded() -> tuple[str, str]:
            zh, en = share_of()
            return f"{zh}，不超过{format_yuan(raw)}元", f"{en}, at most {format_yuan(raw)}"

        # Above a cap, the cap alone bounds the unpublished share.
        return _Raw(raw, bounded, capped_text=share_of)

    def text() -> tuple[str, str]:
        parts_zh, parts_en = parts()
        return (f"{parts_zh} × {_percent(rate)} = {format_yuan(raw)}元",
                f"{parts_en} × {_percent(rate)} = {format_yuan(raw)}")

    return _Raw(raw, text)


def _per_unit(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    """An amount per unit (per head, per item), optionally for at most `unit_cap` units."""
    unit_fact = formula["unit_fact"]
    per = formula["unit_amount"]
    limit = formula.get("unit_cap")
    n = facts.get(unit_fact)
    if n is None:
        return _Raw(None, unknown=[unit_fact], ceiling=None if limit is None else limit * per)
    counted = n if limit is None else min(n, limit)
    raw = counted * per

    def text() -> tuple[str, str]:
        shown_zh = shown_en = f"{n:,}"
        if counted != n:
            shown_zh = f"{n:,}（按上限{limit:,}计）"
            shown_en = f"{n:,} (counted up to {limit:,})"
        return (f"{shown_zh} × {format_yuan(per)}元 = {format_yuan(raw)}元",
                f"{shown_en} × {format_yuan(per)} = {format_yuan(raw)}")

    return _Raw(raw, text)


def _value_zh(db: ClauseDB, fact_id: str, value: Any) -> str:
    fact = db.fact(fact_id)
    return f"{format_yuan(value)}元" if fact.type == "money" else _number(value)


def _value_en(db: ClauseDB, fact_id: str, value: Any) -> str:
    return format_yuan(value) if db.fact(fact_id).type == "money" else _number(value)


def _tiered(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    """Thresholds reached (首次突破1亿、5亿、10亿元分别给予…): the highest tier reached, or
    each tier reached (`pay: each`); with `previous`, only tiers crossed this year count."""
    tiers = formula["tiers"]
    each = formula.get("pay", "highest") == "each"
    fact_id, prev_id = formula["fact"], formula.get("previous")

    def pay(reached: list[dict[str, Any]]) -> int:
        amounts = [t["amount"] for t in reached]
        return (sum(amounts) if each else max(amounts)) if amounts else 0

    value = facts.get(fact_id)
    if value is None:
        return _Raw(None, unknown=[fact_id] + ([prev_id] if prev_id and facts.get(prev_id)
                                               is None else []), ceiling=pay(tiers))
    vn, vd = exact(value)
    reached = [t for t in tiers if vn * exact(t["at_least"])[1] >= exact(t["at_least"])[0] * vd]
    if prev_id is not None and facts.get(prev_id) is None:
        return _Raw(None, unknown=[prev_id], ceiling=pay(reached))
    prev = facts.get(prev_id) if prev_id else None
    if prev is not None:
        pn, pd = exact(prev)
        reached = [t for t in reached
                   if pn * exact(t["at_least"])[1] < exact(t["at_least"])[0] * pd]
    raw = pay(reached)

    def text() -> tuple[str, str]:
        label = db.fact(fact_id)
        head_zh = f"{label.zh} {_value_zh(db, fact_id, value)}"
        head_en = f"{label.en} {_value_en(db, fact_id, value)}"
        if prev is not None:
            prev_label = db.fact(prev_id)
            head_zh += f"（{prev_label.zh} {_value_zh(db, prev_id, prev)}）"
            head_en += f" ({prev_label.en} {_value_en(db, prev_id, prev)})"
        if not reached:
            return (f"{head_zh}，未{'新' if prev is not None else ''}达到任何一档：0元",
                    f"{head_en}: no tier {'newly ' if prev is not None else ''}reached: 0")
        tiers_zh = "、".join(f"{t['zh']}（{format_yuan(t['amount'])}元）" for t in reached)
        tiers_en = "; ".join(f"{t['en']} ({format_yuan(t['amount'])})" for t in reached)
        rule_zh = "各档合计" if each else "按最高档"
        rule_en = "the tiers added up" if each else "the highest tier"
        return (f"{head_zh}，达到：{tiers_zh}；{rule_zh}计{format_yuan(raw)}元",
                f"{head_en}; reached: {tiers_en}; {rule_en}: {format_yuan(raw)}")

    return _Raw(raw, text)


def _rent(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    """元/平方米/天 × area × days × share, with the area, the days and the price each capped."""
    unknown: list[str] = []
    num, den = exact(formula.get("share", 1))
    ceiling: tuple[int, int] | None = (num, den)  # the most it could be, part by part
    shown: list[tuple[str, Any, Any]] = []  # (part, value, the cap it was counted at or None)
    for part in RENT_PARTS:
        fact_id = formula.get(f"{part}_fact")
        limit = formula.get(f"{part}_cap")
        value = formula.get(part) if fact_id is None else facts.get(fact_id)
        ln, ld = exact(limit) if limit is not None else (0, 1)
        if value is None:
            unknown.append(fact_id)
            if limit is None:
                ceiling = None
            elif ceiling is not None:
                ceiling = (ceiling[0] * ln, ceiling[1] * ld)
            continue
        vn, vd = exact(value)
        capped = limit is not None and vn * ld > ln * vd
        if capped:
            vn, vd = ln, ld
        num, den = num * vn, den * vd
        if ceiling is not None:
            ceiling = (ceiling[0] * vn, ceiling[1] * vd)
        shown.append((part, value, limit if capped else None))
    if unknown:
        return _Raw(None, unknown=unknown,
                    ceiling=None if ceiling is None else _floor(*ceiling))
    raw = _floor(num, den)

    def text() -> tuple[str, str]:
        zh: list[str] = []
        en: list[str] = []
        for part, value, limit in shown:
            # Short words, not the facts' labels: the labels already carry the units.
            word_zh, unit_zh, word_en, unit_en = RENT_PARTS[part]
            zh.append(f"{word_zh} {_number(value)}{unit_zh}".strip())
            en.append(f"{word_en} {_number(value)}{unit_en}".strip())
            if limit is not None:
                zh[-1] += f"（按上限{_number(limit)}{unit_zh}计）"
                en[-1] += f" (counted up to {_number(limit)}{unit_en})"
        share = formula.get("share")
        if share is not None:
            zh.append(_percent(str(share)))
            en.append(_percent(str(share)))
        return (" × ".join(zh) + f" = {format_yuan(raw)}元",
                " × ".join(en) + f" = {format_yuan(raw)}")

    return _Raw(raw, text)


RENT_PARTS = {  # part: its word and unit in Chinese, then in English
    "area": ("面积", "平方米", "area", " m²"),
    "price": ("单价", "元/平方米/天", "rent", " yuan/m²/day"),
    "days": ("", "天", "", " days"),
}


def _increment(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    """A rate (money) or an amount per unit (counts) on this year's increase over last year's;
    no increase gives 0. While only last year is unknown, the increase is at most this year."""
    current, previous = formula["current"], formula["previous"]
    rate = formula.get("rate")
    num, den = _ratio(rate) if rate is not None else (formula["unit_amount"], 1)
    now, before = facts.get(current), facts.get(previous)
    if now is None:
        return _Raw(None, unknown=[current] + ([previous] if before is None else []))
    if before is None:
        return _Raw(None, unknown=[previous], ceiling=_floor(now * num, den))
    increase = max(now - before, 0)
    raw = _floor(increase * num, den)

    def text() -> tuple[str, str]:
        cur, prev = db.fact(current), db.fact(previous)
        if rate is not None:
            factor_zh = factor_en = _percent(rate)
        else:
            factor_zh, factor_en = f"{format_yuan(num)}元", format_yuan(num)
        return (
            f"（{cur.zh} {_value_zh(db, current, now)} − {prev.zh} "
            f"{_value_zh(db, previous, before)}，增量{_value_zh(db, current, increase)}）"
            f"× {factor_zh} = {format_yuan(raw)}元",
            f"({cur.en} {_value_en(db, current, now)} − {prev.en} "
            f"{_value_en(db, previous, before)}, an increase of "
            f"{_value_en(db, current, increase)}) × {factor_en} = {format_yuan(raw)}")

    return _Raw(raw, text)


def _higher_of(formula: dict[str, Any], facts: Facts, db: ClauseDB) -> _Raw:
    """从高: each alternative computed as its own formula; the highest is given."""
    options = [compute(o, facts, db) for o in formula["options"]]
    known = [a for a in options if a.base_known]
    open_ = [a for a in options if not a.base_known]
    best = max((a.bound for a in known), default=None)
    depends = [f for a in known for f in a.missing]

    def rows() -> tuple[str, str]:
        return ("；".join(f"{n}. {a.how_zh}" for n, a in enumerate(options, 1) if a.base_known),
                "; ".join(f"{n}. {a.how_en}" for n, a in enumerate(options, 1) if a.base_known))

    if open_:
        ceilings = [a.bound for a in open_]
        settled = best is not None and None not in ceilings and best >= max(ceilings)
        if not settled:
            def partial() -> tuple[str, str]:  # shown once the known side passes every cap
                zh, en = rows()
                return (f"从高：{zh}；其余方式尚缺数据",
                        f"the higher of: {en}; the other ways lack data")

            ceiling = None if None in ceilings else max(ceilings + [best or 0])
            return _Raw(None, partial, unknown=[f for a in open_ for f in a.missing],
                        ceiling=ceiling, depends=depends, at_least=best)

    def text() -> tuple[str, str]:
        zh, en = rows()
        return (f"从高：{zh}；取较高者{format_yuan(best)}元",
                f"the higher of: {en}; the higher is {format_yuan(best)}")

    return _Raw(best, text, depends=depends)


SHAPES = {
    "rate": _rate,
    "per_unit": _per_unit,
    "tiered": _tiered,
    "rent": _rent,
    "increment": _increment,
    "higher_of": _higher_of,
}
FORMULA_KINDS = frozenset(SHAPES) | {"cap_only", "unpublished"}


def share_unpublished(formula: dict[str, Any]) -> bool:
    """Whether the text leaves the share of a rate unpublished (按项目投资一定比例): the
    formula's `share` is then words, and its bound takes the base at 100 %. A rent's
    `share` ("50%") is a published number, in its working like any rate."""
    return formula.get("kind") == "rate" and isinstance(formula.get("share"), dict)


def formula_facts(formula: dict[str, Any]) -> list[str]:
    """Fact ids a formula reads, each once: what the wizard must ask for its amount."""
    found: list[str] = list(formula.get("base", []))
    for key in ("unit_fact", "fact", "previous", "current", "area_fact", "price_fact",
                "days_fact"):
        if formula.get(key):
            found.append(formula[key])
    for option in formula.get("options", []):
        found += formula_facts(option)
    for cap in formula.get("caps", []):
        found += facts_read(cap.get("when"))
    return list(dict.fromkeys(found))
