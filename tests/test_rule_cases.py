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
    totals: {eligible_total_yuan: N, uncertain_total_yuan: N, unbounded_items: [...]}
    stacking: {group_id: {best_item: ..., items: [...]}}
    stacking_absent: [group_id, ...]

Every glob and item id must match at least one item, so a typo cannot pass silently.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

from desktop_app.core.rule_cases import cases_of_file, run_case

CASES_DIR = pathlib.Path(__file__).parent / "cases"


def load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in cases_of_file(doc, path.name):
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
    problems = run_case(case, db)
    assert not problems, "\n".join(problems)
