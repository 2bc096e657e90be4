"""Three-valued evaluation of the declarative tests in the clause database.

A test is true, false or unknown (None). Unknown facts only leave a result open
when they could change it: `all` with one false part is false, whatever the
unknown parts are, and `any` with one true part is true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Facts = dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    value: bool | None
    missing: tuple[str, ...] = ()  # unknown facts that keep the value open


def evaluate(test: dict[str, Any], facts: Facts) -> Outcome:
    if "all" in test:
        return _combine([evaluate(t, facts) for t in test["all"]], decisive=False)
    if "any" in test:
        return _combine([evaluate(t, facts) for t in test["any"]], decisive=True)
    if "not" in test:
        inner = evaluate(test["not"], facts)
        return Outcome(None if inner.value is None else not inner.value, inner.missing)
    if "sum" in test:
        return _compare_sum(test, facts)
    name = test["fact"]
    value = facts.get(name)
    if value is None:
        return Outcome(None, (name,))
    return Outcome(_apply(test, value))


def _combine(parts: list[Outcome], decisive: bool) -> Outcome:
    if any(p.value is decisive for p in parts):
        return Outcome(decisive)
    open_parts = [p for p in parts if p.value is None]
    if open_parts:
        return Outcome(None, tuple(dict.fromkeys(f for p in open_parts for f in p.missing)))
    return Outcome(not decisive)


def _apply(test: dict[str, Any], value: Any) -> bool:
    for op, ref in test.items():
        if op in ("fact", "sum"):
            continue
        if op == "is" or op == "eq":
            return value == ref
        if op == "ne":
            return value != ref
        if op == "in":
            return value in ref
        if op == "gt":
            return value > ref
        if op == "ge":
            return value >= ref
        if op == "lt":
            return value < ref
        if op == "le":
            return value <= ref
    raise ValueError(f"test without operator: {test}")


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


def facts_read(test: dict[str, Any] | None) -> list[str]:
    """Fact ids a test reads, each once, in order of appearance."""
    if not test:
        return []
    found = [test["fact"]] if "fact" in test else list(test.get("sum", []))
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
    if "fact" in test or "sum" in test:
        if evaluate(test, facts).value is value:
            found += [test["fact"]] if "fact" in test else list(test["sum"])
    return found
