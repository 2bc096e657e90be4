"""Rule cases as data: profiles with the verdicts, bounds and totals their text implies.

The test suite runs tests/cases against the bundled clause base and the synthetic
clause-shape fixture's cases against its own; `python -m clause_db test` runs a sources
folder's cases; a policy pack carries its own, as JSON, and `packs import` runs them
against the pack's database before anything is installed. A case file holds an
optional default `as_of`, optional `bases` (YAML anchors for profiles) and `cases`, each:

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
        reasons_include: [substring, ...]      # in a Chinese or an English reason
        reasons_exclude: [substring, ...]      # in no reason, Chinese or English
        reason_kinds_include: [kind, ...]      # reasons of these kinds are given
        computation_include: [substring, ...]  # in the Chinese or the English working
        counted_in_total: true | false         # (the case is then assessed whole)
        beneficiary: applicant | new_subsidiary
        amount_state: bounded | ineligible | not_given | unpublished
        edition: ID                   # the policy edition the result used (its `id`)
    totals: {eligible_total_yuan: N, uncertain_total_yuan: N, unbounded_items: [...],
             eligible_total_if_separate_yuan: N, not_started_items: [...],
             separate_projects: [...]}
    stacking: {group_id: {best_item: ..., items: [...], note_include: [substring, ...]}}
    stacking_absent: [group_id, ...]

Every glob and item id must match at least one item, so a typo cannot pass silently.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path
from typing import Any

from desktop_app.core.assess import assess
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.facts import ProfileError

ITEM_KEYS = {"verdict", "max_amount_yuan", "missing_facts", "missing_facts_include",
             "criteria_status", "ask_bureau", "reasons_include", "reasons_exclude",
             "reason_kinds_include", "computation_include", "counted_in_total", "beneficiary",
             "amount_state", "edition"}
LIST_TOTALS = {"unbounded_items", "not_started_items", "separate_projects"}
STACKING_KEYS = {"best_item", "items", "note_include"}
CASE_KEYS = {"name", "as_of", "profile", "expect", "totals", "stacking", "stacking_absent"}


class CaseFileError(ValueError):
    """A case file is malformed; the message names the file and the case."""


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def cases_of_file(doc: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """A case file's cases, each with its own as_of (the file's default filled in)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise CaseFileError(f"{label}: needs a list under `cases`")
    default_as_of = doc.get("as_of")
    out, names = [], set()
    for case in doc["cases"]:
        where = f"{label}: {case.get('name')}"
        unknown = set(case) - CASE_KEYS
        if unknown:
            raise CaseFileError(f"{where}: unknown keys {sorted(unknown)}")
        if case["name"] in names:
            raise CaseFileError(f"{label}: repeated case name {case['name']}")
        names.add(case["name"])
        if case.get("as_of", default_as_of) is None:
            raise CaseFileError(f"{where}: no as_of (give one for the file or the case)")
        for want in (case.get("expect") or {}).values():
            for key in ("reasons_include", "reasons_exclude", "computation_include"):
                if not all(isinstance(n, str) for n in want.get(key, [])):
                    # [1,000元] in YAML is two entries; quote such text: ["1,000元"]
                    raise CaseFileError(f"{where}: {key} holds a non-text entry "
                                        f"{want[key]!r}: quote text with commas")
        out.append(dict(case, as_of=as_date(case.get("as_of", default_as_of))))
    return out


def load_case_file(path: str | Path) -> list[dict[str, Any]]:
    """The cases of one YAML file."""
    import yaml

    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{path.name}: not valid YAML: {exc}") from exc
    return cases_of_file(doc, path.name)


def run_case(case: dict[str, Any], db: ClauseDB) -> list[str]:
    """The ways the assessment differs from what the case expects (none: it passes)."""
    as_of = as_date(case["as_of"])
    try:
        # counted_in_total is set by the totals, so it needs the whole report too.
        if (case.get("totals") or case.get("stacking") or case.get("stacking_absent")
                or any("counted_in_total" in want for want in case["expect"].values())):
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
    from desktop_app.core.explain import assess_item
    from desktop_app.core.facts import validate_profile

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
        if not any(needle in r for r in got.reasons + got.reasons_en):
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
    if "edition" in want and (got.edition or {}).get("id") != want["edition"]:
        bad("edition", (got.edition or {}).get("id"), want["edition"])
    for needle in want.get("computation_include", []):
        if needle not in got.computation and needle not in got.computation_en:
            bad("computation", [got.computation, got.computation_en], f"to hold {needle!r}")
    return out


def check_report(report: Any, case: dict[str, Any]) -> list[str]:
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
        for words in want.get("note_include", []):
            if words not in note.note and words not in note.note_en:
                out.append(f"stacking {group}: the note does not say {words!r}")
        unknown = set(want) - STACKING_KEYS
        if unknown:
            out.append(f"stacking {group}: unknown keys {sorted(unknown)}")
        if note.best_item and note.best_item not in note.note:
            out.append(f"stacking {group}: the note does not name {note.best_item}")
    for group in case.get("stacking_absent", []):
        if group in notes:
            out.append(f"stacking: unexpected note for {group}")
    return out
