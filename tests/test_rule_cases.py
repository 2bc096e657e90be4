"""Rule cases kept as data (tests/cases/*.yaml), in the manner of OpenFisca's YAML tests.

A case file holds an optional default `as_of`, optional `bases` (YAML anchors for
profiles) and `cases`, each:

    name: ...
    as_of: 2026-11-24            # optional, else the file's
    profile: {fact: value, ...}  # null = not known
    expect:
      <item id, or a glob such as "dongcheng-*">:
        verdict: eligible | uncertain | ineligible
        max_amount_yuan: 123 | null
        missing_facts: [...]          # exactly these (any order)
        missing_facts_include: [...]  # at least these
        criteria_status: [met, unmet, unknown, review, ...]  # in the order of the text
        ask_bureau: true | false      # a question for the bureau is (not) given
        reasons_include: [substring, ...]
        reasons_exclude: [substring, ...]     # no reason holds these
        reason_kinds_include: [kind, ...]     # reasons of these kinds are given
        counted_in_total: true | false
        beneficiary: applicant | new_subsidiary
        amount_state: bounded | ineligible | not_given | unpublished
    totals: {eligible_total_yuan: N, uncertain_total_yuan: N, unbounded_items: [...],
             eligible_total_if_separate_yuan: N, not_started_items: [...],
             separate_projects: [...]}
    stacking: {group_id: {best_item: ..., items: [...]}}
    stacking_absent: [group_id, ...]

Every glob and item id must match at least one item, so a typo cannot pass silently.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import pathlib

import pytest
import yaml

from desktop_app.core.assess import assess

CASES_DIR = pathlib.Path(__file__).parent / "cases"
ITEM_KEYS = {"verdict", "max_amount_yuan", "missing_facts", "missing_facts_include",
             "criteria_status", "ask_bureau", "reasons_include", "reasons_exclude",
             "reason_kinds_include", "counted_in_total", "beneficiary", "amount_state"}
LIST_TOTALS = {"unbounded_items", "not_started_items", "separate_projects"}
CASE_KEYS = {"name", "as_of", "profile", "expect", "totals", "stacking", "stacking_absent"}


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        default_as_of = doc.get("as_of")
        names = set()
        for case in doc["cases"]:
            assert set(case) <= CASE_KEYS, f"{path.name}: {case.get('name')}: unknown keys"
            assert case["name"] not in names, f"{path.name}: repeated case name {case['name']}"
            names.add(case["name"])
            case = dict(case, as_of=_date(case.get("as_of", default_as_of)))
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


CASES = load_cases()


def test_cases_exist():
    assert len(CASES) >= 100


def test_every_item_has_an_eligible_an_ineligible_and_an_uncertain_case(db):
    """Items the text leaves unpublished cannot be eligible; every other item has all three."""
    seen: dict[str, set[str]] = {i.item_id: set() for i in db.items}
    for param in CASES:
        for pattern, want in param.values[0]["expect"].items():
            if pattern in seen and "verdict" in want:
                seen[pattern].add(want["verdict"])
    for item in db.items:
        unpublished = (item.formula["kind"] == "unpublished"
                       or any("unpublished" in c for c in item.criteria))
        wanted = {"ineligible", "uncertain"} | (set() if unpublished else {"eligible"})
        assert wanted <= seen[item.item_id], (item.item_id, seen[item.item_id])


@pytest.mark.parametrize("case", CASES)
def test_rule_case(case, db):
    report = assess(case["profile"], db, case["as_of"])
    results = {r.item_id: r for r in report.results}
    problems: list[str] = []
    for pattern, want in case["expect"].items():
        assert set(want) <= ITEM_KEYS, f"unknown expectation keys {set(want) - ITEM_KEYS}"
        matched = [i for i in results if fnmatch.fnmatchcase(i, pattern)]
        assert matched, f"{pattern} matches no item"
        for item_id in matched:
            problems += _check_item(results[item_id], want)
    problems += _check_report(report, case)
    assert not problems, "\n".join(problems)


def _check_item(got, want: dict) -> list[str]:
    out = []
    iid = got.item_id

    def bad(key, actual, expected):
        out.append(f"{iid}: {key} {actual!r}, expected {expected!r}")

    if "verdict" in want and got.verdict != want["verdict"]:
        bad("verdict", got.verdict, want["verdict"])
    if "max_amount_yuan" in want and got.max_amount_yuan != want["max_amount_yuan"]:
        bad("max_amount_yuan", got.max_amount_yuan, want["max_amount_yuan"])
    if "missing_facts" in want and sorted(got.missing_facts) != sorted(want["missing_facts"]):
        bad("missing_facts", got.missing_facts, want["missing_facts"])
    for fact in want.get("missing_facts_include", []):
        if fact not in got.missing_facts:
            bad("missing_facts", got.missing_facts, f"to include {fact}")
    if "criteria_status" in want:
        statuses = [c.status for c in got.criteria]
        if statuses != want["criteria_status"]:
            bad("criteria_status", statuses, want["criteria_status"])
    if "ask_bureau" in want and bool(got.ask_bureau) != want["ask_bureau"]:
        bad("ask_bureau", got.ask_bureau, "questions" if want["ask_bureau"] else "none")
    for needle in want.get("reasons_include", []):
        if not any(needle in r for r in got.reasons):
            bad("reasons", got.reasons, f"a reason holding {needle!r}")
    for needle in want.get("reasons_exclude", []):
        if any(needle in r for r in got.reasons + got.reasons_en):
            bad("reasons", got.reasons, f"no reason holding {needle!r}")
    for kind in want.get("reason_kinds_include", []):
        if kind not in got.reason_kinds:
            bad("reason_kinds", got.reason_kinds, f"to include {kind}")
    for key in ("counted_in_total", "beneficiary", "amount_state"):
        if key in want and getattr(got, key) != want[key]:
            bad(key, getattr(got, key), want[key])
    return out


def _check_report(report, case: dict) -> list[str]:
    out = []
    for key, value in (case.get("totals") or {}).items():
        actual = getattr(report.totals, key)
        if key in LIST_TOTALS:
            actual, value = sorted(actual), sorted(value)
        if actual != value:
            out.append(f"totals.{key} {actual!r}, expected {value!r}")
    notes = {n.group_id: n for n in report.stacking}
    for group, want in (case.get("stacking") or {}).items():
        note = notes.get(group)
        if note is None:
            out.append(f"stacking: no note for {group}; notes: {sorted(notes)}")
            continue
        if "best_item" in want and note.best_item != want["best_item"]:
            out.append(f"stacking {group}: best {note.best_item}, expected {want['best_item']}")
        if "items" in want and sorted(note.items) != sorted(want["items"]):
            out.append(f"stacking {group}: items {note.items}, expected {want['items']}")
        if note.best_item and not any(note.best_item in n for n in [note.note]):
            out.append(f"stacking {group}: the note does not name {note.best_item}")
    for group in case.get("stacking_absent", []):
        if group in notes:
            out.append(f"stacking: unexpected note for {group}")
    return out
