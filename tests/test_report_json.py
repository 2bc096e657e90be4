"""The JSON `assess --format json` prints, written straight from the result records."""

import gc
import json
from datetime import date

from firm_profiles import FIRM_A, FIRM_B

from desktop_app.core.assess import assess


def test_json_text_is_the_contracts_object(db):
    for profile in (FIRM_A, FIRM_B):
        report = assess(profile, db, date(2026, 12, 7))
        assert json.loads(report.json_text()) == report.to_json()


def test_an_attribute_beyond_a_results_fields_stays_out_of_the_json(db):
    report = assess(FIRM_A, db, date(2026, 12, 7))
    report.results[0].scratch = "not a field"  # as a reader might cache on a result
    printed = json.loads(report.json_text())["results"][0]
    assert "scratch" not in printed
    assert list(printed) == list(report.to_json()["results"][0])


def test_the_cycle_collector_runs_again_after_a_report(db):
    assert gc.isenabled()
    report = assess(FIRM_B, db, date(2026, 12, 7))
    report.json_text()
    assert gc.isenabled()


def test_the_draft_note_is_for_firms_a_draft_concerns(db):
    """Another district's firm was told "本政策为征求意见稿" though no measure it could use
    was a draft (an analyst's Chaoyang firm under issued measures)."""
    draft = db.msg("reason.draft", "zh")
    assert draft in assess(FIRM_A, db, date(2026, 12, 7)).notes
    elsewhere = assess({"company.district": "haidian"}, db, date(2026, 12, 7))
    assert draft not in elsewhere.notes
    assert db.msg("reason.draft", "en") not in elsewhere.notes_en


def test_the_text_reports_id_column_fits_the_longest_id(db):
    """A pack's "chaoyang-ai-2026-02" ran into its article ("chaoyang-ai-2026-02第二条")."""
    from dataclasses import replace

    from desktop_app.core.text_report import render_text

    report = assess(FIRM_A, db, date(2026, 12, 7))
    long_id = "chaoyang-ai-2026-02"
    report.results[0] = replace(report.results[0], item_id=long_id)
    row = next(x for x in render_text(report, db).splitlines() if x.startswith(long_id))
    assert row[len(long_id):].startswith("  ")
