"""Three-valued evaluation of the declarative tests in the clause database.

A test is true, false or unknown (None). Unknown facts only leave a result open
when they could change it: `all` with one false part is false, whatever the
unknown parts are, and `any` with one true part is true.

Besides a fact and a sum of money facts, a test may compare a quotient:
`{ratio: [numerator, denominator], ge: "5%"}` (研发投入占营收比例不低于5%) or
`{growth: [this_year, last_year], ge: "20%"}` ((this - last) / last: 营收增速不低于20%).
The reference is a decimal or percent string and the comparison is exact, in
whole numbers; a quotient is unknown while a fact is unknown or its denominator is 0.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, NamedTuple

Facts = dict[str, Any]
OPERANDS = ("fact", "sum", "ratio", "growth")
QUOTIENTS = ("ratio", "growth")


class Outcome(NamedTuple):
    """A test's value, and what keeps it open (a tuple: made thousands of times a profile)."""

    value: bool | None
    missing: tuple[str, ...] = ()  # unknown facts that keep the value open


Judge = Callable[[Facts], Outcome]


def evaluate(test: dict[str, Any], facts: Facts) -> Outcome:
    """The test's value for these facts (its compiled form, made on first use)."""
    entry = _JUDGES.get(id(test))
    if entry is None or entry[0] is not test:
        if len(_JUDGES) >= _MAX_JUDGES:
            _JUDGES.clear()
        # The test is kept with its judge, so its id cannot be reused while cached.
        entry = _JUDGES[id(test)] = (test, compile_test(test))
    return entry[1](facts)


_JUDGES: dict[int, tuple[dict[str, Any], Judge]] = {}
_MAX_JUDGES = 200_000  # a clause base of 5,000 items holds about 30,000 tests


def compile_test(test: dict[str, Any]) -> Judge:
    """The test as a function of the facts: read once, then judged for many profiles (a
    clause base of thousands of items is judged again as each answer is typed)."""
    name = test.get("fact")
    if name is not None:  # the common case first: one fact against a reference
        compare, ref = _operator(test)
        unknown = Outcome(None, (name,))

        def leaf(facts: Facts) -> Outcome:
            value = facts.get(name)
            if value is None:
                return unknown
            return _TRUE if compare(value, ref) else _FALSE
        return leaf
    for key, decisive in (("all", False), ("any", True)):
        if key in test:
            parts = [compile_test(t) for t in test[key]]
            return lambda facts: _combine([part(facts) for part in parts], decisive)
    if "not" in test:
        inner = compile_test(test["not"])

        def negated(facts: Facts) -> Outcome:
            value, missing = inner(facts)
            return Outcome(None if value is None else not value, missing)
        return negated
    if "sum" in test:
        return lambda facts: _compare_sum(test, facts)
    if "ratio" in test or "growth" in test:
        return lambda facts: _compare_quotient(test, facts)
    raise ValueError(f"unknown test: {test}")


_TRUE, _FALSE = Outcome(True), Outcome(False)


def _combine(parts: list[Outcome], decisive: bool) -> Outcome:
    if any(p.value is decisive for p in parts):
        return Outcome(decisive)
    open_parts = [p for p in parts if p.value is None]
    if open_parts:
        return Outcome(None, tuple(dict.fromkeys(f for p in open_parts for f in p.missing)))
    return Outcome(not decisive)


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq, "eq": operator.eq, "ne": operator.ne,
    "in": lambda value, ref: value in ref,
    "gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le,
}


def _operator(test: dict[str, Any]) -> tuple[Callable[[Any, Any], bool], Any]:
    """The test's comparison and its reference: its first operator (other keys are
    operands or notes)."""
    for op, ref in test.items():
        if op in _OPERATORS:
            return _OPERATORS[op], ref
    raise ValueError(f"test without operator: {test}")


def _apply(test: dict[str, Any], value: Any) -> bool:
    compare, ref = _operator(test)
    return compare(value, ref)


def _compare_sum(test: dict[str, Any], facts: Facts) -> Outcome:
    # Money is never negative, so the known part is a lower bound of the sum.
    names = test["sum"]
    unknown = tuple(n for n in names if facts.get(n) is None)
    low = sum(facts[n] for n in names if facts.get(n) is not None)
    if not unknown:
        return Outcome(_apply(test, low))
    # The unknown parts can only raise the sum: a lower bound already above a `gt`/`ge`
    # threshold settles it true, one already above an `lt`/`le`/`eq` one settles it false
    # (and `ne` true). Anything else stays open; `eq`/`ne` below the reference could go
    # either way.
    if ("gt" in test or "ge" in test) and _apply(test, low):
        return Outcome(True)
    if ("lt" in test or "le" in test) and not _apply(test, low):
        return Outcome(False)
    if "eq" in test and low > test["eq"]:
        return Outcome(False)
    if "ne" in test and low > test["ne"]:
        return Outcome(True)
    return Outcome(None, unknown)


def exact(value: Any) -> tuple[int, int]:
    """A number as an exact fraction (numerator, denominator > 0): 3 -> (3, 1),
    "0.05" -> (5, 100), "20%" -> (20, 100), 2.5 -> (25, 10).

    Floats are read through their shortest repr, which is what was typed for the
    few decimals a fact allows; no binary rounding error enters the comparison.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value, 1
    cached = _EXACT.get(value)
    if cached is not None:
        return cached
    text = repr(value) if isinstance(value, float) else str(value).strip()
    scale = 1
    if text.endswith("%"):
        text, scale = text[:-1].strip(), 100
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("+-").partition(".")
    if not (whole or frac) or not (whole + frac).isdigit():
        raise ValueError(f"not a plain decimal number: {value!r}")
    result = sign * int(whole + frac or "0"), 10 ** len(frac) * scale
    if len(_EXACT) < 10000:
        _EXACT[value] = result  # rates, thresholds and decimal facts: each read once
    return result


_EXACT: dict[str | float, tuple[int, int]] = {}


def quotient(test: dict[str, Any], facts: Facts) -> tuple[tuple[int, int] | None, tuple[str, ...]]:
    """The exact value of a ratio or growth test's quotient, or None and the unknown facts
    (none when the denominator is 0: then the quotient is undefined, not unknown)."""
    kind = "ratio" if "ratio" in test else "growth"
    top, bottom = test[kind]
    unknown = tuple(n for n in (top, bottom) if facts.get(n) is None)
    if unknown:
        return None, unknown
    tn, td = exact(facts[top])
    bn, bd = exact(facts[bottom])
    if bn == 0:
        return None, ()
    if kind == "growth":  # (top - bottom) / bottom
        tn = tn * bd - bn * td
        td = td * bd
    num, den = tn * bd, td * bn
    return (num, den) if den > 0 else (-num, -den), ()


def _compare_quotient(test: dict[str, Any], facts: Facts) -> Outcome:
    value, unknown = quotient(test, facts)
    if value is None:
        return Outcome(None, unknown)
    num, den = value
    for op in COMPARE:
        if op in test:
            rn, rd = exact(test[op])
            return Outcome(COMPARE[op](num * rd, rn * den))
    raise ValueError(f"test without operator: {test}")


COMPARE = {
    "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
}


def facts_read(test: dict[str, Any] | None) -> list[str]:
    """Fact ids a test reads, each once, in order of appearance."""
    if not test:
        return []
    if "fact" in test:  # a leaf: nothing nested
        return [test["fact"]]
    found = list(test.get("sum", ()))
    for key in QUOTIENTS:
        if key in test:
            found += test[key]
    for key in ("all", "any"):
        for sub in test.get(key, []):
            found += facts_read(sub)
    if "not" in test:
        found += facts_read(test["not"])
    return list(dict.fromkeys(found))


def leaves_with_value(test: dict[str, Any] | None, facts: Facts, value: bool) -> list[str]:
    """Facts of the leaf tests that evaluate to `value`: what decided a failed criterion."""
    if not test:
        return []
    found: list[str] = []
    for key in ("all", "any"):
        for sub in test.get(key, []):
            found += leaves_with_value(sub, facts, value)
    if "not" in test:
        found += leaves_with_value(test["not"], facts, not value)
    if any(key in test for key in OPERANDS):
        if evaluate(test, facts).value is value:
            found += facts_read(test)
    return found
