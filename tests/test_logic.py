"""The three-valued evaluator and the money formula, on small hand-made tests."""

from __future__ import annotations

import pytest

from desktop_app.core.amounts import compute
from desktop_app.core.logic import evaluate, leaves_with_value

T = {"fact": "a", "is": True}
F_ = {"fact": "b", "is": True}
SUM = ["x", "y", "z"]


def ev(test, **facts):
    out = evaluate(test, facts)
    return out.value, set(out.missing)


@pytest.mark.parametrize("test, facts, value, missing", [
    (T, {}, None, {"a"}),
    (T, {"a": True}, True, set()),
    ({"all": [T, F_]}, {"a": False}, False, set()),       # one false part decides `all`
    ({"all": [T, F_]}, {"a": True}, None, {"b"}),
    ({"any": [T, F_]}, {"b": True}, True, set()),          # one true part decides `any`
    ({"any": [T, F_]}, {"a": False}, None, {"b"}),
    ({"any": [T, F_]}, {"a": False, "b": False}, False, set()),
    ({"not": T}, {}, None, {"a"}),
    ({"not": T}, {"a": True}, False, set()),
    ({"all": [{"any": [T, F_]}, {"not": {"fact": "c", "is": True}}]}, {"c": True}, False, set()),
])
def test_connectives(test, facts, value, missing):
    assert ev(test, **facts) == (value, missing)


@pytest.mark.parametrize("op, ref, facts, value", [
    ("gt", 0, {"x": 1}, True),            # a known part already above: the rest cannot undo it
    ("gt", 0, {"x": 0}, None),
    ("ge", 10, {"x": 4, "y": 6}, True),
    ("lt", 5, {"x": 5}, False),           # already at 5: the sum can only grow
    ("lt", 5, {"x": 4}, None),
    ("le", 5, {"x": 6}, False),
    ("eq", 5, {"x": 2}, None),            # the unknowns could still make it 5
    ("eq", 5, {"x": 6}, False),
    ("eq", 5, {"x": 5}, None),
    ("ne", 5, {"x": 2}, None),
    ("ne", 5, {"x": 5}, None),            # unknowns could push it past 5
    ("ne", 5, {"x": 6}, True),
])
def test_sum_with_unknown_parts(op, ref, facts, value):
    got, missing = ev({"sum": SUM, op: ref}, **facts)
    assert got is value
    assert missing == (set(SUM) - set(facts) if value is None else set())


@pytest.mark.parametrize("op, ref, total, value", [
    ("gt", 0, 0, False), ("gt", 0, 1, True), ("eq", 6, 6, True), ("ne", 6, 6, False),
    ("le", 6, 6, True), ("lt", 6, 6, False),
])
def test_sum_fully_known(op, ref, total, value):
    assert ev({"sum": SUM, op: ref}, x=total, y=0, z=0) == (value, set())


def test_leaves_with_value_names_the_deciding_facts():
    test = {"any": [{"fact": "p", "is": True}, {"fact": "q", "is": True},
                    {"fact": "r", "is": True}]}
    assert leaves_with_value(test, {"p": False, "q": True, "r": True}, True) == ["q", "r"]
    assert leaves_with_value(None, {}, True) == []


# ------------------------------------------------------------------ formulas

def test_rate_rounds_down_and_caps(db):
    formula = {"kind": "rate", "rate": "0.06", "base": ["data.transaction_yuan"],
               "zh": "", "en": ""}
    assert compute(formula, {"data.transaction_yuan": 1234567}, db).bound == 74074
    capped = dict(formula, caps=[{"value": 50000, "zh": "c", "en": "c"}])
    assert compute(capped, {"data.transaction_yuan": 1234567}, db).bound == 50000
    assert compute(capped, {"data.transaction_yuan": 833333}, db).bound == 49999
    unknown = compute(capped, {}, db)
    assert (unknown.bound, unknown.base_known, unknown.missing) == (
        50000, False, ["data.transaction_yuan"])


def test_conditional_caps(db):
    formula = {"kind": "rate", "rate": "0.10", "base": ["invest.fixed_asset_yuan"],
               "zh": "", "en": "",
               "caps": [{"value": 700000, "when": {"fact": "mentougou.key_tracking", "is": True},
                         "zh": "", "en": ""},
                        {"value": 500000, "zh": "", "en": ""}]}
    base = {"invest.fixed_asset_yuan": 9000000}
    assert compute(formula, {**base, "mentougou.key_tracking": True}, db).bound == 700000
    assert compute(formula, {**base, "mentougou.key_tracking": False}, db).bound == 500000
    open_cap = compute(formula, base, db)
    assert (open_cap.bound, open_cap.missing) == (700000, ["mentougou.key_tracking"])
    low = compute(formula, {"invest.fixed_asset_yuan": 4000000}, db)
    assert (low.bound, low.missing) == (400000, [])  # under both caps: the cap does not matter


def test_per_unit_and_unpublished(db):
    formula = {"kind": "per_unit", "unit_amount": 300000, "unit_fact": "first_set.items",
               "caps": [{"value": 600000, "zh": "", "en": ""}], "zh": "", "en": ""}
    assert [compute(formula, {"first_set.items": n}, db).bound for n in (0, 1, 2, 3)] == [
        0, 300000, 600000, 600000]
    assert compute(formula, {}, db).bound == 600000
    none = compute({"kind": "unpublished", "zh": "未公布", "en": "unpublished"}, {}, db)
    assert (none.bound, none.published) == (None, False)


@pytest.mark.parametrize("value, shown", [(10**30, "≈1e30"), (-(10**30), "-≈1e30"),
                                          (int(1e30), "≈1e30"), (10**300, "≈1e300"),
                                          (10**31 - 1, "≈1e30")])
def test_a_huge_number_is_shown_by_its_power_of_ten(value, shown):
    """1e30 was told as "≈1e29" and 1e300 as "≈1e299" (an estimate from the bits)."""
    from desktop_app.core.facts import short_value

    assert short_value(value) == shown
