"""Properties of the core over generated profiles (hypothesis).

Arbitrary input ends in a Report or in a ProfileError naming the fact, never another
exception; on valid input every result keeps the contract's invariants, and the
three-valued logic is sound: a verdict reached with facts unknown stands whatever
those facts turn out to be, and a bound stays a bound.
"""

from __future__ import annotations

import json
import math
import os
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.assess import assess
from desktop_app.core.clausedb import open_db
from desktop_app.core.facts import MAX_MONEY, ProfileError
from desktop_app.core.report import REASON_KINDS, Report
from desktop_app.core.verdicts import ELIGIBLE, INELIGIBLE, UNCERTAIN, UNMET

# Doubled punctuation: "..", "?.", ". .", ",,", ".)." and the like; "。。", "？。", "：：".
DOUBLED_EN = re.compile(r"[.?!,;:]\s*[.,;:]|\)\s*\.\s*\.")
DOUBLED_ZH = re.compile(r"[。？！，；：][。，；：]")

DB = open_db()
FACT_IDS = list(DB.facts)
# PROPERTY_EXAMPLES=5000 for a longer search than the suite's default.
SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# ------------------------------------------------------------------ arbitrary input

json_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["mentougou", "dongcheng", "91110101MA00XYW12L", "91110101MA00XYW12X",
                     "", "1.5", "2025"]),
)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)
keys = st.one_of(st.sampled_from(FACT_IDS), st.text(max_size=20))
raw_profiles = st.one_of(
    st.dictionaries(keys, json_values, max_size=12),
    st.dictionaries(st.sampled_from(FACT_IDS), json_scalars, max_size=20),
    json_values,
)


@SETTINGS
@given(raw=raw_profiles)
def test_any_input_gives_a_report_or_a_profile_error(raw):
    try:
        report = assess(raw, DB, date(2026, 11, 24))
    except ProfileError as exc:
        if isinstance(raw, dict):
            assert exc.fact in {str(k) for k in raw}, exc.fact
        else:
            assert exc.fact == "profile"
        line = exc.line()
        assert len(line.splitlines()) == 1 and line.isprintable(), line
        assert exc.fact in line or not exc.fact.isprintable()
        return
    assert isinstance(report, Report)
    json.dumps(report.to_json(), ensure_ascii=False)


# ------------------------------------------------------------------ valid profiles

def _value(fact):
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        values = [o["value"] for o in fact.options]
        return st.one_of(st.sampled_from(["mentougou", "dongcheng"]), st.sampled_from(values))
    if fact.type == "money":
        return st.one_of(st.integers(0, 10**8), st.integers(0, MAX_MONEY),
                         st.sampled_from([0, 1, 999999, 1000000, 1000001, 49999999, 50000000]))
    if fact.type == "count":
        return st.integers(0, fact.max if fact.max is not None else 10**6)
    if fact.type == "groups":
        return st.lists(st.sampled_from([o["value"] for o in fact.options]), unique=True)
    if fact.type == "year":
        low, high = fact.min or 2000, fact.max or 2100
        return st.one_of(st.integers(2022, 2028), st.integers(low, high))
    if fact.format == "phone":
        return st.sampled_from(["010-6988 1234", "+86 138 0000 0000", "(010) 6988 1234 转 12"])
    if fact.format == "email":
        return st.sampled_from(["a@example.com", "zhang.san@firm.com.cn"])
    if fact.type == "decimal":  # up to two decimals, as typed: 3, 2.5, 1200.75
        top = (fact.max if fact.max is not None else 10**6) * 100
        return st.integers(0, top).map(lambda n: n // 100 if n % 100 == 0 else n / 100)
    return st.text(alphabet="北京示例科技有限公司ABC", max_size=20)


VALUES = {f: _value(DB.facts[f]) for f in FACT_IDS if f != "company.uscc"}
full_profiles = st.fixed_dictionaries(VALUES)
as_of_dates = st.one_of(
    st.sampled_from([date(2026, 11, 24), date(2026, 12, 31), date(2027, 6, 1),
                     date(2028, 1, 1)]),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
)


@st.composite
def full_and_partial(draw):
    """A complete profile, the same with some facts unknown (absent or null), and a date.

    The data year is not after the as-of date: a firm has no figures from the future.
    """
    full = draw(full_profiles)
    as_of = draw(as_of_dates)
    full["assessment.year"] = min(full["assessment.year"], as_of.year)
    hidden = draw(st.sets(st.sampled_from(sorted(full))))
    as_null = draw(st.sets(st.sampled_from(sorted(hidden)))) if hidden else set()
    partial = {k: v for k, v in full.items() if k not in hidden}
    partial.update(dict.fromkeys(as_null))
    return full, partial, hidden, as_of


@st.composite
def partial_profiles(draw):
    """A valid profile with any subset of its facts given."""
    full = draw(full_profiles)
    given_facts = draw(st.sets(st.sampled_from(sorted(full))))
    return {k: v for k, v in full.items() if k in given_facts}


def _largest_cap(item) -> int | None:
    caps = [c["value"] for c in item.formula.get("caps", [])]
    return max(caps) if caps else None


def _check_invariants(report: Report) -> None:
    assert [r.item_id for r in report.results] == [i.item_id for i in DB.items]
    for r in report.results:
        item = DB.item_by_id[r.item_id]
        assert r.verdict in (ELIGIBLE, UNCERTAIN, INELIGIBLE)
        statuses = [c.status for c in r.criteria]
        assert set(statuses) <= {"met", "unmet", "unknown", "review"}
        if r.verdict == INELIGIBLE:
            assert r.max_amount_yuan == 0 and r.missing_facts == []
            assert UNMET in statuses
        else:
            assert UNMET not in statuses
        if r.verdict == ELIGIBLE:
            assert r.missing_facts == []
            assert all(s in ("met", "review") for s in statuses)
        amount = r.max_amount_yuan
        if amount is not None:
            assert type(amount) is int and amount >= 0
            cap = _largest_cap(item)
            if cap is not None:
                assert amount <= cap, (r.item_id, amount, cap)
        elif r.verdict != UNCERTAIN:
            raise AssertionError(f"{r.item_id}: {r.verdict} without a bound")
        assert set(r.missing_facts) <= set(DB.facts)
        assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)
        assert r.amount_state == ("ineligible" if r.verdict == INELIGIBLE else
                                  "bounded" if r.max_amount_yuan is not None else
                                  "unpublished" if item.formula["kind"] == "unpublished" else
                                  "not_given"), r.item_id
        assert len(r.reason_kinds) == len(r.reasons) == len(r.reasons_en)
        assert set(r.reason_kinds) <= set(REASON_KINDS)
        for text in r.reasons_en + r.ask_bureau_en + r.stacking_notes_en:
            assert not DOUBLED_EN.search(text), (r.item_id, text)
        for text in r.reasons + r.ask_bureau + r.stacking_notes:
            assert not DOUBLED_ZH.search(text), (r.item_id, text)
    t = report.totals
    eligible = [r.max_amount_yuan for r in report.results if r.verdict == ELIGIBLE]
    assert 0 <= t.eligible_total_yuan <= sum(eligible)
    assert t.eligible_total_yuan >= max(eligible, default=0)
    assert t.uncertain_total_yuan >= 0
    _check_totals_reconcile(report)
    assert set(t.unbounded_items) == {r.item_id for r in report.results
                                      if r.verdict == UNCERTAIN and r.max_amount_yuan is None}


def _check_totals_reconcile(report: Report) -> None:
    """Contract section 4: each total is the sum of the rows it counts, exactly, and an item
    the firm has not begun is listed, never summed."""
    t = report.totals
    counted = [r for r in report.results if r.counted_in_total]
    assert t.eligible_total_yuan == sum(r.max_amount_yuan for r in counted
                                        if r.verdict == ELIGIBLE)
    assert t.uncertain_total_yuan == sum(r.max_amount_yuan for r in counted
                                         if r.verdict == UNCERTAIN)
    assert all(r.verdict != INELIGIBLE and r.max_amount_yuan is not None for r in counted)
    not_started = set(t.not_started_items)
    assert not_started <= {r.item_id for r in report.results if r.verdict == UNCERTAIN}
    assert not any(r.item_id in not_started for r in counted)
    assert t.eligible_total_yuan <= t.eligible_total_if_separate_yuan <= sum(
        r.max_amount_yuan for r in report.results if r.verdict == ELIGIBLE)
    # Every eligible item outside a stacking group is counted.
    grouped = {i for g in DB.stacking for i in g.items}
    assert all(r.counted_in_total for r in report.results
               if r.verdict == ELIGIBLE and r.item_id not in grouped)
    assert t.separate_projects == [g.group_id for g in DB.stacking
                                   if g.group_id in set(t.separate_projects)]


@SETTINGS
@given(profile=partial_profiles(), as_of=as_of_dates)
def test_any_valid_profile_has_totals_that_reconcile(profile, as_of):
    report = assess(profile, DB, as_of)
    _check_totals_reconcile(report)
    # What the firm has not begun is exactly what it has given none of its own facts for.
    from desktop_app.core.stacking import own_facts
    for r in report.results:
        if r.verdict == UNCERTAIN:
            begun = any(profile.get(f) is not None for f in own_facts(DB.item_by_id[r.item_id]))
            assert (r.item_id in report.totals.not_started_items) == (not begun), r.item_id


@SETTINGS
@given(profile=full_profiles, as_of=as_of_dates)
def test_full_profiles_keep_the_invariants(profile, as_of):
    report = assess(profile, DB, as_of)
    _check_invariants(report)
    for r in report.results:
        item = DB.item_by_id[r.item_id]
        published = item.formula["kind"] != "unpublished" and not any(
            "unpublished" in c for c in item.criteria)
        if published:  # every fact given: nothing is left open
            assert r.verdict != UNCERTAIN, (r.item_id, r.missing_facts)
        else:
            assert r.verdict in (UNCERTAIN, INELIGIBLE)
            assert r.missing_facts == []
            if r.verdict == UNCERTAIN:
                assert r.ask_bureau


@SETTINGS
@given(case=full_and_partial())
def test_decided_verdicts_stand_when_unknowns_are_filled(case):
    full, partial, hidden, as_of = case
    before = assess(partial, DB, as_of)
    after = assess(full, DB, as_of)
    _check_invariants(before)
    for b, a in zip(before.results, after.results, strict=True):
        if b.verdict in (ELIGIBLE, INELIGIBLE):
            assert a.verdict == b.verdict, (b.item_id, b.verdict, a.verdict)
        assert set(b.missing_facts) <= hidden, b.item_id
        if a.verdict != INELIGIBLE and b.max_amount_yuan is not None:
            assert a.max_amount_yuan is not None and a.max_amount_yuan <= b.max_amount_yuan, (
                b.item_id, b.max_amount_yuan, a.max_amount_yuan)


@SETTINGS
@given(profile=full_profiles, fact=st.sampled_from(
    [f for f in FACT_IDS if DB.facts[f].type == "money"]),
    bad=st.one_of(st.integers(max_value=-1), st.floats().filter(
        lambda x: not (math.isfinite(x) and x.is_integer() and 0 <= x <= MAX_MONEY)),
        st.integers(min_value=MAX_MONEY + 1)))
def test_bad_money_is_refused_naming_the_fact(profile, fact, bad):
    try:
        assess({**profile, fact: bad}, DB, date(2026, 11, 24))
    except ProfileError as exc:
        assert exc.fact == fact
    else:
        raise AssertionError(f"{fact}={bad!r} accepted")


# ------------------------------------------------------------------ nesting and huge numbers

def _line_is_short(exc: ProfileError) -> None:
    line = exc.line()
    assert len(line.splitlines()) == 1 and line.isprintable(), line
    assert len(line) <= 600, len(line)


@SETTINGS
@given(fact=st.sampled_from(FACT_IDS), huge=st.one_of(
    st.integers(min_value=10**4300, max_value=10**6000),
    st.integers(min_value=-(10**6000), max_value=-(10**4300)),
    st.integers(min_value=10**30, max_value=10**60)))
def test_huge_integers_are_refused_in_a_short_line(fact, huge):
    # beyond 4,300 digits str(int) itself raises: no message may try it
    try:
        assess({fact: huge}, DB, date(2026, 11, 24))
    except ProfileError as exc:
        assert exc.fact == fact
        _line_is_short(exc)
    else:
        raise AssertionError(f"{fact} = a {huge.bit_length()}-bit integer accepted")


def _nest(value: str, depth: int, kinds: list[str]) -> str:
    opening = "".join("[" if kinds[i % len(kinds)] == "list" else '{"k": '
                      for i in range(depth))
    closing = "".join("]" if kinds[i % len(kinds)] == "list" else "}"
                      for i in reversed(range(depth)))
    return opening + value + closing


@SETTINGS
@given(fact=st.sampled_from(FACT_IDS),
       depth=st.one_of(st.integers(0, 30), st.integers(0, 3000), st.just(100_000)),
       kinds=st.lists(st.sampled_from(["list", "object"]), min_size=1, max_size=3),
       digits=st.one_of(st.integers(1, 20), st.integers(4290, 4310), st.integers(1, 50_000)),
       sign=st.sampled_from(["", "-"]), as_case=st.booleans())
def test_any_nesting_and_any_integer_literal_from_a_file(tmp_path_factory, fact, depth, kinds,
                                                          digits, sign, as_case):
    """Through the one reader of files: a report or one short line, never another error."""
    from desktop_app.core.case_file import read_case

    literal = sign + "9" * digits
    body = '{"company.district": "mentougou", "' + fact + '": ' + _nest(literal, depth, kinds) \
        + "}"
    if as_case:
        body = '{"format": "policy-selfcheck-case", "version": 1, "profile": ' + body + "}"
    path = tmp_path_factory.mktemp("doc") / "profile.json"
    path.write_text(body, encoding="utf-8")
    try:
        report = assess(read_case(path)["profile"], DB, date(2026, 11, 24))
    except ProfileError as exc:
        _line_is_short(exc)
        if depth <= 900:  # within the decoder's own limit the fact is named
            assert exc.fact in (fact, "company.district"), exc.fact
        return
    assert depth == 0 and digits <= 13 and isinstance(report, Report)


def _relevant_by_definition(facts: dict, db, as_of: date) -> set[str]:
    """relevant_facts as its docstring defines it, one evaluation per (item, fact): the
    reference the faster one (one evaluation per item for unanswered facts) must equal."""
    from desktop_app.core.rules import evaluate_item
    from desktop_app.core.topics import ALWAYS_ASKED

    relevant = set(ALWAYS_ASKED)
    for item in db.items:
        for fact_id in item.facts:
            without = {k: v for k, v in facts.items() if k != fact_id}
            if evaluate_item(item, without, db, as_of).verdict == INELIGIBLE:
                continue
            if fact_id not in facts and db.facts[fact_id].type == "bool":
                # an open yes/no question whose conditions come out the same, decided,
                # whichever answer is given cannot change the item
                yes, no = (evaluate_item(item, {**facts, fact_id: v}, db, as_of)
                           for v in (True, False))
                if (yes.verdict, yes.amount.bound) == (no.verdict, no.amount.bound) and all(
                        a.status == b.status and a.status in ("met", "unmet")
                        for a, b in zip(yes.criteria, no.criteria, strict=True)
                        if fact_id in a.facts):
                    continue
            relevant.add(fact_id)
    return relevant


@SETTINGS
@given(profile=partial_profiles(), as_of=as_of_dates)
def test_relevant_facts_are_those_whose_answer_could_change_a_verdict(profile, as_of):
    from desktop_app.core.facts import validate_profile
    from desktop_app.core.relevance import relevant_facts

    facts = validate_profile(profile, DB)
    assert relevant_facts(facts, DB, as_of) == _relevant_by_definition(facts, DB, as_of)


@SETTINGS
@given(profile=partial_profiles(), as_of=as_of_dates)
def test_a_hidden_yes_no_question_changes_nothing_whatever_the_answer(profile, as_of):
    """Sound, not only equal to its definition: an open yes/no question the wizard hides
    gives every item the same verdict and bound answered 是, answered 否, or left open."""
    from desktop_app.core.facts import validate_profile
    from desktop_app.core.relevance import relevant_facts
    from desktop_app.core.rules import evaluate_item

    facts = validate_profile(profile, DB)
    shown = relevant_facts(facts, DB, as_of)
    for fact_id, fact in DB.facts.items():
        if fact.type != "bool" or fact_id in facts or fact_id in shown:
            continue
        for item in DB.items:
            if fact_id not in item.facts:
                continue
            outcomes = {(ev.verdict, ev.amount.bound) for ev in (
                evaluate_item(item, dict(facts, **extra), DB, as_of)
                for extra in ({}, {fact_id: True}, {fact_id: False}))}
            assert len(outcomes) == 1, (fact_id, item.item_id, outcomes)


def test_digital_economy_is_not_asked_of_a_core_industry_firm(db):
    """第五条's 数字经济企业 is met by the core industry: the broader question is hidden
    once the firm says it is in the core, and asked while that is open."""
    from desktop_app.core.relevance import relevant_facts

    base = {"company.district": "dongcheng", "assessment.year": 2025}
    asked = relevant_facts(base, db, date(2026, 11, 24))
    assert "company.is_digital_economy" in asked
    core = relevant_facts({**base, "company.is_digital_economy_core": True}, db,
                          date(2026, 11, 24))
    assert "company.is_digital_economy" not in core
