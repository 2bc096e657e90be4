"""The firm's application entries: requested amounts, descriptions, the case file, the claim."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.core.application import Application, ApplicationError, claim
from desktop_app.core.assess import assess
from desktop_app.core.case_file import read_case, write_case
from desktop_app.core.facts import ProfileError, check_value

AS_OF = date(2026, 11, 22)
AI_FIRM = {
    "company.name": "北京灵犀智算科技有限公司", "company.district": "mentougou",
    "company.is_info_software": True, "assessment.year": 2025,
    "ai.compute_cost_yuan": 2_000_000, "ai.model_api_cost_yuan": 500_000,
    "data.transaction_yuan": 1_000_000,
    "invest.fixed_asset_yuan": 3_000_000, "invest.project_in_key_tracking": False,
}


@pytest.fixture(scope="module")
def report(db):
    return assess(AI_FIRM, db, AS_OF)


def test_requested_defaults_to_bound_and_never_exceeds_it(report):
    app = Application()
    rows = {r.item_id: r for r in claim(report, app).rows}
    bound = rows["mentougou-03"].bound_yuan
    assert bound and rows["mentougou-03"].requested_yuan == bound
    assert app.set_requested("mentougou-03", bound + 1, bound=bound) == bound
    app.set_requested("mentougou-05", 10**9)  # stored without a bound ...
    rows = {r.item_id: r for r in claim(report, app).rows}
    assert rows["mentougou-05"].requested_yuan == rows["mentougou-05"].bound_yuan  # ... capped
    assert rows["mentougou-05"].capped


def test_requested_is_whole_yuan_rounded_down():
    app = Application()
    assert app.set_requested("mentougou-03", 1234.99) == 1234
    assert app.set_requested("mentougou-03", "12,345.5") == 12345
    assert app.set_requested("mentougou-03", "") is None
    assert "mentougou-03" not in app.items
    for bad in (-1, "abc", True, float("nan")):
        with pytest.raises(ApplicationError):
            app.set_requested("mentougou-03", bad)


def test_total_reconciles_with_counted_rows(report):
    app = Application()
    app.set_requested("mentougou-03", 100_000)
    result = claim(report, app)
    assert result.total_requested_yuan == sum(r.requested_yuan or 0 for r in result.rows
                                              if r.counted)
    assert all(r.verdict == "eligible" for r in result.rows if r.counted)
    assert result.total_bound_yuan == report.totals.eligible_total_yuan
    # Eligible rows first, then uncertain; no ineligible rows.
    verdicts = [r.verdict for r in result.rows]
    assert verdicts == sorted(verdicts, key=lambda v: v != "eligible")
    assert "ineligible" not in verdicts


def test_application_round_trips_through_the_case_file(tmp_path, report):
    app = Application()
    app.set_requested("mentougou-03", 300_000)
    app.set_description("mentougou-03", "  项目名称：行业大模型训练  ")
    path = tmp_path / "case.json"
    write_case(path, AI_FIRM, {"note": 1}, app.to_json())
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["application"]["items"]["mentougou-03"] == {
        "requested_yuan": 300_000, "description": "项目名称：行业大模型训练"}
    case = read_case(path)
    again = Application.from_json(case["application"])
    assert again == app
    assert claim(report, again).rows[0].description in ("", "项目名称：行业大模型训练")
    # An empty application leaves the file as before.
    write_case(path, AI_FIRM)
    assert "application" not in json.loads(path.read_text(encoding="utf-8"))
    assert read_case(path)["application"] == {}


def test_malformed_application_names_the_item():
    with pytest.raises(ApplicationError) as err:
        Application.from_json({"items": {"mentougou-03": {"requested_yuan": -5}}})
    assert err.value.item_id == "mentougou-03"
    with pytest.raises(ApplicationError):
        Application.from_json({"items": []})


@pytest.mark.parametrize("phone", ["010-69881234", "+86 138 0000 0000", "(010) 6988-1234",
                                   "010-69881234转123", "010 6988 1234 ext 12"])
def test_phone_accepted(db, phone):
    assert check_value(db.facts["company.contact_phone"], phone) == phone


@pytest.mark.parametrize("phone", ["123456", "010-6988123a", "1" * 21, "-------"])
def test_phone_refused(db, phone):
    with pytest.raises(ProfileError) as err:
        check_value(db.facts["company.contact_phone"], phone)
    assert err.value.fact == "company.contact_phone"


def test_email_checked(db):
    fact = db.facts["company.contact_email"]
    assert check_value(fact, "zhang.san@firm.com.cn") == "zhang.san@firm.com.cn"
    for bad in ("zhang", "a@b", "a b@c.com", "a@@b.com"):
        with pytest.raises(ProfileError):
            check_value(fact, bad)


def test_applicant_facts_are_asked_on_the_basics_page(db):
    for fid in ("company.legal_representative", "company.contact_person",
                "company.contact_phone", "company.contact_email", "company.address"):
        fact = db.facts[fid]
        assert fact.topic == "basics" and fact.type == "text" and fact.help_zh and fact.help_en


def test_basics_page_checks_phone_and_email_beside_the_field(qtbot, db):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from gui_helpers import make_window, next_button, press_next

    win = make_window(qtbot, db)
    press_next(qtbot, win)
    basics = win.wizard.currentId()
    phone = win.question("company.contact_phone")
    assert win.wizard.page(basics).isAncestorOf(phone)
    qtbot.keyClicks(phone.edit, "010-6988 12x4")
    assert "电话" in phone.error.text() and not next_button(win).isEnabled()
    phone.edit.clear()
    phone.edit.setText("010-6988 1234 转 12")  # as an input method would put it
    assert phone.error.text() == "" and win.answers["company.contact_phone"] == \
        "010-6988 1234 转 12"
    email = win.question("company.contact_email")
    qtbot.keyClicks(email.edit, "lihua@lingxi")
    assert "邮箱" in email.error.text() and not next_button(win).isEnabled()
    qtbot.keyClicks(email.edit, "-ai.cn")
    assert email.error.text() == "" and next_button(win).isEnabled()
