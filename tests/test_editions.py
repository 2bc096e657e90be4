"""Editions of a policy: the one in force for the as-of date and data year is used, each
result names it, and a draft replaced by a final edition says so.

The sources here are a TEST FIXTURE: today's Mentougou source with an invented final
edition (正式稿, from 2027, paying 25% under (三) and dropping (十三)). Never shipped.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
import yaml

from clause_db.build import build
from clause_db.sources import SOURCES, SourceError, load_sources
from desktop_app.core import packs
from desktop_app.core.assess import assess
from desktop_app.core.clausedb import open_db
from desktop_app.core.editions import edition_in_force, editions_of

EDITIONS = [
    {"id": "draft-2025", "label": "征求意见稿", "label_en": "draft for comment",
     "status": "draft", "valid_from": None, "valid_until": "2026-12-31",
     "payout_until": "2027-12-31",
     "validity_text": "自印发之日起施行，有效期至2026年12月31日",
     "validity_en": "Until 31 December 2026"},
    {"id": "final-2027", "label": "正式稿", "label_en": "issued text",
     "status": "final", "valid_from": "2027-01-01", "valid_until": "2029-12-31",
     "validity_text": "自2027年1月1日起施行，有效期至2029年12月31日",
     "validity_en": "1 January 2027 to 31 December 2029"},
]
PROFILE = {
    "company.district": "mentougou",
    "company.is_info_software": True,
    "mentougou.quality_firm": True,
    "ai.compute_cost_yuan": 1000000,
    "platform.recognised_service_platform": True,
    "platform.cultivated_firms": 2,
}


def _sources(tmp_path, edit):
    src = tmp_path / "sources"
    shutil.copytree(SOURCES, src)
    path = src / "mentougou.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return src


def _with_final(doc):
    doc["policy"]["editions"] = EDITIONS
    items = {i["id"]: i for i in doc["items"]}
    formula = dict(items["mentougou-03"]["formula"], rate="0.25", zh="算力费用 × 25%",
                   en="compute cost × 25%")
    items["mentougou-03"]["by_edition"] = {"final-2027": {"formula": formula}}
    items["mentougou-13"]["editions"] = ["draft-2025"]


@pytest.fixture(scope="module")
def edition_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("editions")
    path, _ = build(tmp / "clauses.sqlite", _sources(tmp, _with_final))
    return open_db(path)


def _result(db, as_of, year, item="mentougou-03"):
    return assess(dict(PROFILE, **{"assessment.year": year}), db, as_of).result(item)


def test_a_policy_without_editions_has_one_made_from_its_status(db):
    (ed,) = editions_of(db.policies["mentougou"])
    assert ed["id"] == "draft" and ed["status"] == "draft" and ed["label"] == "征求意见稿"
    r = assess(dict(PROFILE, **{"assessment.year": 2025}), db, date(2026, 11, 24))
    assert r.result("mentougou-03").edition == {
        "id": "draft", "label": "征求意见稿", "label_en": "draft for comment",
        "status": "draft", "superseded_by": None}
    assert r.to_json()["results"][0]["edition"]["status"] == "draft"


def test_the_draft_is_used_for_its_own_period_and_says_it_was_replaced(edition_db):
    r = _result(edition_db, date(2026, 11, 24), 2025)
    assert r.edition["id"] == "draft-2025"
    assert r.edition["superseded_by"]["id"] == "final-2027"
    assert r.max_amount_yuan == 200000
    assert any("已被正式稿（2027-01-01起施行）取代" in x for x in r.reasons)
    assert any("replaced by the issued text" in x for x in r.reasons_en)
    assert "superseded" in r.reason_kinds  # a policy-wide kind (issue 8's reason_kinds)
    # 2026 data paid out in 2027 still follow the draft: the final starts with 2027 data.
    r = _result(edition_db, date(2027, 6, 1), 2026)
    assert r.edition["id"] == "draft-2025" and r.max_amount_yuan == 200000
    assert r.verdict == "eligible"
    # ... and the note says so: "新申报以正式稿为准" contradicted the draft's amount shown
    (note,) = [x for x, k in zip(r.reasons, r.reason_kinds, strict=True) if k == "superseded"]
    assert "本结果所依据的数据年度仍按征求意见稿评估" in note and "新申报" not in note


def test_the_terminal_table_tells_the_replaced_draft_once_for_its_policy(edition_db):
    from desktop_app.core.text_report import render_text

    report = assess(dict(PROFILE, **{"assessment.year": 2025}), edition_db, date(2026, 11, 24))
    replaced = [r for r in report.results if "superseded" in r.reason_kinds]
    assert len(replaced) > 1  # every item of the policy carries it
    text = render_text(report, edition_db)
    assert text.count("已被正式稿（2027-01-01起施行）取代") == 1


def test_the_final_edition_is_used_once_in_force_with_its_own_wording(edition_db):
    r = _result(edition_db, date(2027, 6, 1), 2027)
    assert r.edition == {"id": "final-2027", "label": "正式稿", "label_en": "issued text",
                         "status": "final", "superseded_by": None}
    assert r.verdict == "eligible" and r.max_amount_yuan == 250000
    assert "有效期至2029年12月31日" in " ".join(c.text for c in r.criteria)
    assert not any("取代" in x for x in r.reasons)


def test_an_item_not_in_the_edition_in_force_is_ineligible(edition_db):
    assert _result(edition_db, date(2026, 11, 24), 2025, "mentougou-13").verdict != "ineligible"
    r = _result(edition_db, date(2027, 6, 1), 2027, "mentougou-13")
    assert r.verdict == "ineligible" and r.max_amount_yuan == 0
    assert "正式稿" in r.criteria[0].text


def test_after_the_final_expires_its_validity_fails(edition_db):
    r = _result(edition_db, date(2030, 6, 1), 2030)
    assert r.edition["id"] == "final-2027" and r.verdict == "ineligible"


@pytest.mark.parametrize("as_of, year, want", [
    (date(2026, 1, 1), None, "a"), (date(2027, 1, 1), None, "b"), (date(2027, 1, 1), 2026, "a"),
    (date(2027, 1, 1), 2027, "b"), (date(2026, 6, 1), 2027, "a"), (date(2031, 1, 1), 2031, "b"),
])
def test_edition_in_force(as_of, year, want):
    eds = [{"id": "a", "valid_from": None, "valid_until": "2026-12-31"},
           {"id": "b", "valid_from": "2027-01-01", "valid_until": "2029-12-31"}]
    assert edition_in_force(eds, as_of, year)["id"] == want


def test_the_diff_shows_the_policy_edition_change(db, edition_db):
    diff = packs.diff_dbs(db, edition_db)
    assert diff["policies"][0]["policy_id"] == "mentougou"
    assert "edition" in diff["policies"][0]["changes"]
    changed = {c["item_id"]: c["changes"] for c in diff["items_changed"]}
    assert "mentougou-03" in changed and "mentougou-13" in changed


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["policy"].update(editions=[dict(EDITIONS[0], status="old")]), "status must"),
    (lambda d: d["items"][0].update(editions=["nope"]), "unknown edition"),
    (lambda d: (d["policy"].update(editions=EDITIONS),
                d["items"][0].update(by_edition={"final-2027": {"article": "x"}})),
     "cannot change"),
    (lambda d: d["policy"].update(editions=[EDITIONS[0], EDITIONS[0]]), "repeated edition"),
])
def test_bad_editions_are_refused_by_the_build(tmp_path, edit, message):
    with pytest.raises(SourceError, match=message):
        load_sources(_sources(tmp_path, edit))


def test_the_export_shows_the_edition_used_and_that_it_was_replaced(edition_db, tmp_path):
    from desktop_app.export import export_report
    from desktop_app.export.context import build_context

    profile = dict(PROFILE, **{"assessment.year": 2025})
    report = assess(profile, edition_db, date(2026, 11, 24))
    out = tmp_path / "draft.html"
    export_report(report, edition_db, profile, str(out), lang="zh")
    html = out.read_text(encoding="utf-8")
    assert "征求意见稿（已被正式稿取代）" in html
    draft_note = edition_db.msg("reason.draft", "zh")
    # the 政策状态 line says the draft was replaced, not only that it is a draft (a clerk
    # read "本政策为征求意见稿" beside the final's note)
    replaced = "本结果依据征求意见稿：该稿其后已被正式稿（2027-01-01起施行）取代"
    steps = [s for s in build_context(report, edition_db, profile, "zh")["next_steps"]
             if s["label"] == "政策状态"]
    assert [s["text"][:len(replaced)] for s in steps] == [replaced]
    assert replaced in html and draft_note not in html
    profile = dict(PROFILE, **{"assessment.year": 2027})
    report = assess(profile, edition_db, date(2027, 6, 1))
    export_report(report, edition_db, profile, str(out), lang="zh")
    html = out.read_text(encoding="utf-8")
    # issue 9's draft application names each policy in one line: title · status · validity
    assert " · 正式稿 · 自2027年1月1日起施行，有效期至2029年12月31日" in html
    assert draft_note not in html  # the final edition was read: no draft caveat


def _with_final_wording(doc):
    """As _with_final, and the final edition words (三) and its question anew."""
    _with_final(doc)
    item = next(i for i in doc["items"] if i["id"] == "mentougou-03")
    item["by_edition"]["final-2027"].update(
        text="对优质信软企业使用智能算力资源开展行业人工智能大模型训练和应用，按照不超过企业实际"
             "发生算力费用的25%给予资金支持。",
        benefit="优质信软企业使用智能算力开展行业大模型训练和应用，按不超过算力费用的25%支持",
        ask_bureau=[{"zh": "25%为上限，实际支持比例如何确定？",
                     "en": "25% is the ceiling; how is the actual share set?"}])


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_final_editions_result_is_shown_in_its_own_words(tmp_path, fmt):
    """A final edition's 500,000 stood beside the draft's "× 20%", its clause text and
    question, under the draft's title "…（征求意见稿）" (an analyst's export)."""
    from test_export_application import flat, text_of

    from desktop_app.export import export_report
    from desktop_app.export.context import build_context

    path, _ = build(tmp_path / "clauses.sqlite", _sources(tmp_path, _with_final_wording))
    db = open_db(path)
    profile = dict(PROFILE, **{"assessment.year": 2027})
    report = assess(profile, db, date(2027, 6, 1))
    assert report.result("mentougou-03").edition["id"] == "final-2027"
    assert report.result("mentougou-03").ask_bureau == ["25%为上限，实际支持比例如何确定？"]
    ctx = build_context(report, db, profile, "zh", today=date(2027, 6, 1))
    row = next(r for r in ctx["claim_rows"] if r["item_id"] == "mentougou-03")
    assert "25%" in row["formula"] and "20%" not in row["formula"]
    section = next(d for d in ctx["items"] if d["item_id"] == "mentougou-03")
    assert "算力费用的25%给予资金支持" in "".join(section["clause_paragraphs"])
    assert "（征求意见稿）" not in section["source"]
    assert all("（征求意见稿）" not in line for line in ctx["basis_lines"])
    out = export_report(report, db, profile, str(tmp_path / f"final.{fmt}"), lang="zh")
    text = flat(text_of(fmt, out))
    assert flat("算力费用的25%给予资金支持") in text
    assert flat("按照不超过企业实际发生算力费用的20%，按照给予") not in text


def test_with_the_data_year_unknown_the_year_is_asked_for_where_editions_differ(edition_db):
    """With no data year, on 2027-06-01 both the draft (2026 data, paid out in 2027) and
    the final (2027 data) could apply: the final was taken without a word, eligible at
    500,000 though 2026 data get the draft's amount and 2025 data nothing (an analyst's
    case). The item is open on the year, bounded by the higher of the two."""
    profile = dict(PROFILE, **{"ai.compute_cost_yuan": 2_000_000})
    r = assess(profile, edition_db, date(2027, 6, 1)).result("mentougou-03")
    assert r.verdict == "uncertain"
    assert "assessment.year" in r.missing_facts
    assert r.max_amount_yuan == 500_000  # the final's 25 %, the higher bound
    assert r.edition["id"] == "final-2027"
    assert any("适用哪一政策版本（征求意见稿、正式稿）取决于数据年度" in x for x in r.reasons)
    # given the year, the edition is settled and the item with it
    for year, edition, amount in ((2026, "draft-2025", 400_000), (2027, "final-2027", 500_000)):
        known = assess(dict(profile, **{"assessment.year": year}), edition_db,
                       date(2027, 6, 1)).result("mentougou-03")
        assert (known.verdict, known.edition["id"], known.max_amount_yuan) == (
            "eligible", edition, amount)
    # an item in the draft only: open too, since 2026 data would still reach it
    only_draft = assess(profile, edition_db, date(2027, 6, 1)).result("mentougou-13")
    assert only_draft.verdict == "uncertain" and only_draft.edition["id"] == "draft-2025"


def test_the_diff_text_shows_how_an_edition_words_an_item(db, tmp_path):
    """It showed only the final's new formula (no "20% → 25%"), a field name
    ("benefit_en") and a validity line that changed nothing ("有效期 X → X")."""
    path, _ = build(tmp_path / "clauses.sqlite", _sources(tmp_path, _with_final_wording))
    text = packs.diff_text(packs.diff_dbs(db, open_db(path)))
    lines = text.splitlines()
    policy = next(x for x in lines if x.startswith("  政策 mentougou："))
    assert "版本 " in policy and "有效期" not in policy  # the policy's own period is as it was
    assert "final-2027 版本另定：计算方式、原文、摘要、咨询事项" in text
    formula = next(x for x in lines if x.startswith("        计算方式："))
    assert "20%" in formula.split(" → ")[0] and "25%" in formula.split(" → ")[1]
    assert "算力费用的2[-0-]{+5+}%" in text  # the text, character by character
    assert "[-…-] 为删去的文字" in text  # and the marks explained
    assert "benefit_en" not in text


def test_the_terminal_table_names_the_edition_it_used(edition_db):
    """Under the final edition the text named no edition anywhere (the JSON did)."""
    from desktop_app.core.text_report import render_text

    final = assess(dict(PROFILE, **{"assessment.year": 2027}), edition_db, date(2027, 6, 1))
    assert "依据的政策版本：正式稿" in render_text(final, edition_db)
    draft = assess(dict(PROFILE, **{"assessment.year": 2025}), edition_db, date(2026, 11, 24))
    assert "依据的政策版本：征求意见稿（已被正式稿取代）" in render_text(draft, edition_db)


def test_a_rule_case_can_expect_the_edition_a_result_used(edition_db):
    """No expectation named the edition: an analyst wrote reasons_include: ["正式稿"]."""
    from desktop_app.core.rule_cases import run_case

    case = {"name": "final in 2027", "as_of": date(2027, 6, 1),
            "profile": dict(PROFILE, **{"assessment.year": 2027}),
            "expect": {"mentougou-03": {"edition": "final-2027", "max_amount_yuan": 250000}}}
    assert run_case(case, edition_db) == []
    case["expect"]["mentougou-03"]["edition"] = "draft-2025"
    assert run_case(case, edition_db) == [
        "mentougou-03: edition 'final-2027', expected 'draft-2025'"]
