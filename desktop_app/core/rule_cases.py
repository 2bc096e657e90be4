"""Rule cases as data: profiles with the verdicts, bounds and totals their text implies.

The format is tests/cases/*.yaml (documented in tests/test_rule_cases.py). The test suite
runs them against the bundled clause base; a policy pack carries its own, as JSON, and
`packs import` runs them against the pack's database before anything is installed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from typing import Any

from desktop_app.core.assess import assess
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.facts import ProfileError

ITEM_KEYS = {"verdict", "max_amount_yuan", "missing_facts", "missing_facts_include",
             "criteria_status", "ask_bureau", "reasons_include"}
CASE_KEYS = {"name", "as_of", "profile", "expect", "totals", "stacking", "stacking_absent"}


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def cases_of_file(doc: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """A case file's cases, each with its own as_of (the file's default filled in)."""
    default_as_of = doc.get("as_of")
    out, names = [], set()
    for case in doc["cases"]:
        unknown = set(case) - CASE_KEYS
        if unknown:
            raise ValueError(f"{label}: {case.get('name')}: unknown keys {sorted(unknown)}")
        if case["name"] in names:
            raise ValueError(f"{label}: repeated case name {case['name']}")
        names.add(case["name"])
        out.append(dict(case, as_of=as_date(case.get("as_of", default_as_of))))
    return out


def run_case(case: dict[str, Any], db: ClauseDB) -> list[str]:
    """The ways the assessment differs from what the case expects (none: it passes)."""
    as_of = as_date(case["as_of"])
    try:
        if case.get("totals") or case.get("stacking") or case.get("stacking_absent"):
            report = assess(case["profile"], db, as_of)
            results = {r.item_id: r for r in report.results}
        else:
            # Only the items the case names: a pack of thousands of items checks its cases
            # in a fraction of the time a whole report each would take.
            report = None
            results = _named_results(case, db, as_of)
    except ProfileError as exc:
        return [f"profile refused: {exc.line()}"]
    problems: list[str] = []
    for pattern, want in case["expect"].items():
        unknown = set(want) - ITEM_KEYS
        if unknown:
            problems.append(f"{pattern}: unknown expectation keys {sorted(unknown)}")
            continue
        matched = [i for i in results if fnmatch.fnmatchcase(i, pattern)]
        if not matched:
            problems.append(f"{pattern} matches no item")
        for item_id in matched:
            problems += check_item(results[item_id], want)
    return problems + (check_report(report, case) if report is not None else [])


def _named_results(case: dict[str, Any], db: ClauseDB, as_of: dt.date) -> dict[str, Any]:
    from desktop_app.core.facts import validate_profile
    from desktop_app.core.rules import assess_item

    facts = validate_profile(case["profile"], db)
    patterns = list(case["expect"])
    memo: dict = {}
    return {item.item_id: assess_item(item, facts, db, as_of, memo) for item in db.items
            if any(fnmatch.fnmatchcase(item.item_id, p) for p in patterns)}


def check_item(got: Any, want: dict[str, Any]) -> list[str]:
    out = []
    iid = got.item_id

    def bad(key: str, actual: Any, expected: Any) -> None:
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
    return out


def check_report(report: Any, case: dict[str, Any]) -> list[str]:
    out = []
    for key, value in (case.get("totals") or {}).items():
        actual = getattr(report.totals, key)
        if key == "unbounded_items":
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
        if note.best_item and note.best_item not in note.note:
            out.append(f"stacking {group}: the note does not name {note.best_item}")
    for group in case.get("stacking_absent", []):
        if group in notes:
            out.append(f"stacking: unexpected note for {group}")
    return out
