"""Rule cases kept as data (tests/cases/*.yaml); the format and the checker are in
desktop_app/core/rule_cases.py, shared with `python -m clause_db test` and the
synthetic clause-shape fixture (tests/test_shapes.py)."""

from __future__ import annotations

import pathlib

import pytest

from desktop_app.core.rule_cases import load_case_file, run_case

CASES_DIR = pathlib.Path(__file__).parent / "cases"


def load_cases(directory: pathlib.Path = CASES_DIR) -> list:
    return [pytest.param(case, id=f"{path.stem}:{case['name']}")
            for path in sorted(directory.glob("*.yaml")) for case in load_case_file(path)]


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


def test_open_questions_are_quoted_in_the_reason_s_own_language(db):
    """A reason that asks for facts quotes their labels: “…” in Chinese, "…" in English (no
    Chinese quotation marks inside an English sentence)."""
    from datetime import date

    from desktop_app.core.assess import assess

    report = assess({"company.district": "mentougou"}, db, date(2026, 11, 22))
    asking = [r for r in report.results if r.verdict == "uncertain"]
    assert asking
    for r in asking:
        assert any("“" in text for text in r.reasons), r.item_id
        assert not any(c in text for text in r.reasons_en for c in "“”"), r.reasons_en
    assert any('Please answer: "' in text for r in asking for text in r.reasons_en)
