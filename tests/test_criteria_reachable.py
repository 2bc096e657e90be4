"""Every stated condition can be met and can fail: a rule that can never pass is a bug.

For each criterion the candidate values of its facts are derived from the operators
of every test in the database (the reference value, one either side, zero, a large
amount; both booleans; every enum option); the search runs over their product.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from desktop_app.core.clausedb import open_db
from desktop_app.core.explain import assess_item
from desktop_app.core.logic import evaluate, facts_read
from desktop_app.core.verdicts import ELIGIBLE, MET, REVIEW, UNCERTAIN, UNMET

AS_OF = date(2026, 11, 24)
DB = open_db()
COMPARE = ("gt", "ge", "lt", "le", "eq", "ne")


def _leaves(test):
    if not test:
        return
    for key in ("all", "any"):
        for sub in test.get(key, []):
            yield from _leaves(sub)
    if "not" in test:
        yield from _leaves(test["not"])
    if "fact" in test or "sum" in test:
        yield test


def _all_tests():
    for item in DB.items:
        for c in item.criteria:
            yield from _leaves(c.get("test"))
        for cap in item.formula.get("caps", []):
            yield from _leaves(cap.get("when"))


def _candidates() -> dict[str, list]:
    refs: dict[str, set] = {f: set() for f in DB.facts}
    for leaf in _all_tests():
        names = [leaf["fact"]] if "fact" in leaf else leaf["sum"]
        for op in COMPARE:
            if op in leaf and isinstance(leaf[op], int) and not isinstance(leaf[op], bool):
                for name in names:
                    refs[name].update({leaf[op] - 1, leaf[op], leaf[op] + 1})
    out: dict[str, list] = {}
    for fid, fact in DB.facts.items():
        if fact.type == "bool":
            out[fid] = [True, False]
        elif fact.type == "enum":
            out[fid] = [o["value"] for o in fact.options]
        elif fact.type in ("money", "count"):
            # Largest first, so a satisfying base also gives a positive amount.
            out[fid] = sorted({0, 1, 10**9} | {r for r in refs[fid] if r >= 0}, reverse=True)
        elif fact.type == "year":
            low, high = fact.min or 2000, fact.max or 2100
            out[fid] = sorted({low, 2024, 2025, 2026, high} | {r for r in refs[fid]
                                                               if low <= r <= high})
        else:
            out[fid] = ["x"]
    return out


CANDIDATES = _candidates()
CRITERIA = [pytest.param(item, n, id=f"{item.item_id}#{n + 1}")
            for item in DB.items for n, c in enumerate(item.criteria) if not c.get("review")]


def _assignments(spec):
    names = facts_read(spec["test"])
    for values in itertools.product(*(CANDIDATES[n] for n in names)):
        yield dict(zip(names, values, strict=True))


def _status(item, spec, facts) -> str:
    result = assess_item(item, facts, DB, AS_OF)
    matching = [c for c in result.criteria if c.text == spec["text"]]
    assert len(matching) == 1, f"{item.item_id}: criterion texts must be unique"
    return matching[0].status


def _holding(spec) -> dict | None:
    """Facts under which the criterion's own test holds (negative: the barred case is absent)."""
    want = not spec.get("negative")
    for facts in _assignments(spec):
        if evaluate(spec["test"], facts).value is want:
            return facts
    return None


@pytest.mark.parametrize("item, n", CRITERIA)
def test_criterion_can_be_met_and_can_fail(item, n):
    spec = item.criteria[n]
    facts = _holding(spec)
    assert facts is not None, f"{item.item_id}: no value of {facts_read(spec['test'])} meets it"
    status = _status(item, spec, facts)
    # An unpublished threshold is never "met": the text does not say where it lies.
    assert status == ("unknown" if "unpublished" in spec else MET), status
    assert any(_status(item, spec, f) == UNMET for f in _assignments(spec)), (
        f"{item.item_id}: criterion {n + 1} can never fail")


@pytest.mark.parametrize("item", DB.items, ids=lambda i: i.item_id)
def test_every_item_can_be_claimed(item):
    """Meeting every criterion at once makes the item eligible (uncertain if unpublished)."""
    facts: dict = {}
    for spec in item.criteria:
        if spec.get("review"):
            continue
        found = None
        # An assignment consistent with what earlier criteria fixed.
        for cand in _assignments(spec):
            merged = {**cand, **facts}
            if evaluate(spec["test"], merged).value is (not spec.get("negative")):
                found = merged
                break
        assert found is not None, item.item_id
        facts.update(found)
    for name in item.formula.get("base", []) + [item.formula.get("unit_fact")]:
        if name and name not in facts:
            facts[name] = 1000000
    facts.setdefault("assessment.year", 2025)
    result = assess_item(item, facts, DB, AS_OF)
    unpublished = (item.formula["kind"] == "unpublished"
                   or any("unpublished" in c for c in item.criteria))
    assert result.verdict == (UNCERTAIN if unpublished else ELIGIBLE), (
        item.item_id, facts, [(c.text, c.status) for c in result.criteria])
    assert all(c.status in (MET, REVIEW) or c.unpublished for c in result.criteria)
    assert result.max_amount_yuan is None or result.max_amount_yuan > 0


@pytest.mark.parametrize("item", DB.items, ids=lambda i: i.item_id)
def test_every_cap_can_bind(item):
    """Each cap of the formula is reached by some base, and its `when` can hold."""
    formula = item.formula
    for cap in formula.get("caps", []):
        when = cap.get("when")
        if when:
            assert any(evaluate(when, dict(zip(facts_read(when), v, strict=True))).value
                       for v in itertools.product(*(CANDIDATES[n] for n in facts_read(when))))
        if formula["kind"] == "cap_only":
            continue
        assert formula["kind"] in ("rate", "per_unit")
        if formula["kind"] == "rate":
            num, _, frac = formula["rate"].partition(".")
            rate = int(num + frac) / 10 ** len(frac)
            assert cap["value"] / rate <= 10**13, "cap above any valid base"
        else:
            assert cap["value"] >= formula["unit_amount"]


def test_validity_can_be_met_and_can_fail():
    item = DB.item_by_id["mentougou-03"]
    facts = {"assessment.year": 2026}
    ok = assess_item(item, facts, DB, date(2026, 12, 31)).criteria[1]
    late = assess_item(item, facts, DB, date(2028, 1, 1)).criteria[1]
    assert (ok.status, late.status) == (MET, UNMET)
    assert ok.facts == ["assessment.year"] and not ok.verbatim
