"""The real `policy-selfcheck` command, run as a subprocess (contract section 3)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from contract_ids import CONTRACT_ITEM_IDS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ORIGINALS = ROOT / "clause_db" / "originals"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
SCRIPT = Path(sys.executable).parent / "policy-selfcheck"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "desktop_app"]

ITEM_IDS = CONTRACT_ITEM_IDS

# GB 32100-2015, written out here independently of desktop_app.core.uscc.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ...


def uscc(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_CHARS[-total % 31]


VALID_USCC = uscc("91110109MA01ABCD1")
PROFILE = {
    "company.name": "北京示例智算科技有限公司",
    "company.uscc": VALID_USCC,
    "company.district": "mentougou",
    "company.is_info_software": True,
    "assessment.year": 2025,
    "mentougou.quality_firm": True,
    "ai.compute_cost_yuan": 2000000,
    "cloud.zijin_contract_yuan": 1000000,
}


def run(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout,
                          encoding="utf-8")


def write(tmp_path: Path, profile, name: str = "profile.json") -> Path:
    path = tmp_path / name
    text = profile if isinstance(profile, str) else json.dumps(profile, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ assess

def test_assess_json_is_the_reports_json_a_result_a_line(tmp_path, db):
    from dataclasses import asdict
    from datetime import date

    from desktop_app.core.assess import assess

    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-11-22",
               "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = assess(PROFILE, db, date(2026, 11, 22))
    printed = json.loads(proc.stdout)
    assert printed == report.to_json()
    # to_json is dataclasses.asdict's form, field for field; a criterion (a plain slotted
    # record, verdicts.CriterionResult) is an object of its slots, in their order
    criterion_keys = ["text", "text_en", "status", "facts", "verbatim", "unpublished"]
    for r, shown in zip(report.results, printed["results"], strict=True):
        expected = asdict(r)
        expected["criteria"] = [{k: getattr(c, k) for k in criterion_keys} for c in r.criteria]
        assert shown == expected
        assert all(list(c) == criterion_keys for c in shown["criteria"])
    assert printed["totals"] == asdict(report.totals)
    result_lines = [line for line in proc.stdout.splitlines() if '"item_id": ' in line]
    assert len(result_lines) == len(ITEM_IDS)  # greppable: one result per line


def test_an_eligible_item_with_review_points_says_the_bureau_judges_them(tmp_path):
    """"符合条款所列全部条件" stood beside "评审要点：具有良好应用效果（由主管部门评审认定）":
    an eligible item whose text sets review points says it meets every condition the firm
    can state, the review points being the bureau's; one without says every condition."""
    firm = {"company.district": "dongcheng", "company.is_digital_economy_core": True,
            "assessment.year": 2025, "compliance.lawful_and_sound_finance": True,
            **{f: False for f in ("compliance.major_safety_accident",
                                  "compliance.major_pollution_accident",
                                  "compliance.serious_quality_problem",
                                  "compliance.serious_dishonesty",
                                  "compliance.tax_evasion_case",
                                  "compliance.on_blacklist")},
            "company.is_sme": True, "cloud.zijin_contract_yuan": 1_000_000}
    proc = run("assess", str(write(tmp_path, firm)), "--as-of", "2026-11-22",
               "--format", "json")
    assert proc.returncode == 0, proc.stderr
    by_id = {r["item_id"]: r for r in json.loads(proc.stdout)["results"]}
    first = by_id["dongcheng-08"]
    assert first["verdict"] == "eligible" and any(c["status"] == "review"
                                                  for c in first["criteria"])
    assert first["reasons"][0].startswith("符合条款所列可由企业自评的全部条件，可以申请；评审要点")
    assert first["reason_kinds"][0] == "all_met"
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-11-22",
               "--format", "json")
    plain = {r["item_id"]: r for r in json.loads(proc.stdout)["results"]}["mentougou-03"]
    assert not any(c["status"] == "review" for c in plain["criteria"])
    assert plain["reasons"][0].startswith("符合条款所列全部条件，可以申请")


def test_assess_json_has_the_contract_shape(tmp_path):
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-11-22",
               "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["as_of"] == "2026-11-22"
    assert re.fullmatch(r"[0-9a-f]{16}", report["clause_db_version"])
    assert [r["item_id"] for r in report["results"]] == ITEM_IDS
    for r in report["results"]:
        assert r["verdict"] in ("eligible", "uncertain", "ineligible")
        amount = r["max_amount_yuan"]
        assert amount is None or (isinstance(amount, int) and amount >= 0)
        if r["verdict"] == "ineligible":
            assert amount == 0
        assert r["reasons"] and all(isinstance(x, str) for x in r["reasons"])
        assert any(re.search(r"[\u4e00-\u9fff]", x) for x in r["reasons"])
        assert isinstance(r["missing_facts"], list)
        assert r["criteria"]
        for c in r["criteria"]:
            assert isinstance(c["text"], str) and c["text"]
            assert c["status"] in ("met", "unmet", "unknown", "review")
    by_id = {r["item_id"]: r for r in report["results"]}
    # Contract section 4: who receives the money, what the totals count, and totals that
    # reconcile with the rows.
    for r in report["results"]:
        assert r["beneficiary"] == ("new_subsidiary" if r["item_id"] == "dongcheng-07"
                                    else "applicant")
        assert isinstance(r["counted_in_total"], bool)
        assert len(r["reason_kinds"]) == len(r["reasons"])
    totals = report["totals"]
    assert totals["eligible_total_yuan"] == sum(
        r["max_amount_yuan"] for r in report["results"]
        if r["verdict"] == "eligible" and r["counted_in_total"])
    assert totals["eligible_total_if_separate_yuan"] >= totals["eligible_total_yuan"]
    assert isinstance(totals["not_started_items"], list)
    assert by_id["mentougou-03"]["verdict"] == "eligible"
    assert by_id["mentougou-03"]["max_amount_yuan"] == 400000
    assert by_id["dongcheng-08"]["verdict"] == "ineligible"


def test_separate_projects_count_every_item_of_the_group(tmp_path):
    profile = {**PROFILE, "scenario.funding_received_yuan": 1000000}
    one = json.loads(run("assess", str(write(tmp_path, profile)), "--as-of", "2026-11-22",
                         "--format", "json").stdout)
    two = json.loads(run("assess", str(write(tmp_path, {
        **profile, "stacking.separate_projects": ["mentougou-ai-project"]})),
        "--as-of", "2026-11-22", "--format", "json").stdout)
    # (一) 300,000 and (三) 400,000: one project gets the better one, two projects both.
    assert one["totals"]["eligible_total_yuan"] == 400000
    assert one["totals"]["eligible_total_if_separate_yuan"] == 700000
    assert two["totals"]["eligible_total_yuan"] == 700000
    assert two["totals"]["separate_projects"] == ["mentougou-ai-project"]
    note = next(n for n in two["stacking"] if n["group_id"] == "mentougou-ai-project")
    assert "不同项目" in note["note"] and "分别计算" in note["note"]
    by_id = {r["item_id"]: r for r in two["results"]}
    assert by_id["mentougou-01"]["counted_in_total"] and by_id["mentougou-03"]["counted_in_total"]


def test_separate_projects_may_name_a_group_of_alternatives(tmp_path):
    """Every group id `assess` prints in `stacking` may be named (contract section 4); the
    first-set group is "或" (one way of (二) or the other) whatever the projects, so naming
    it changes nothing. It used to exit 2 ("未知的条款组")."""
    profile = {**PROFILE, "first_set.certified_year": 2024, "first_set.items": 3,
               "first_set.first_three_sales_yuan": 3000000}
    base = run("assess", str(write(tmp_path, profile)), "--as-of", "2026-11-22",
               "--format", "json")
    assert any(n["group_id"] == "mentougou-first-set" for n in json.loads(base.stdout)["stacking"])
    named = run("assess", str(write(tmp_path, {
        **profile, "stacking.separate_projects": ["mentougou-first-set"]})),
        "--as-of", "2026-11-22", "--format", "json")
    assert named.returncode == 0, named.stderr
    assert json.loads(named.stdout)["totals"] == json.loads(base.stdout)["totals"]
    unknown = run("assess", str(write(tmp_path, {
        **profile, "stacking.separate_projects": ["no-such-group"]})), "--as-of", "2026-11-22")
    assert unknown.returncode == 2 and "stacking.separate_projects" in unknown.stderr


def test_assess_default_as_of_is_today(tmp_path):
    from datetime import date

    proc = run("assess", str(write(tmp_path, {})), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["as_of"] == date.today().isoformat()


def test_assess_reads_a_saved_case_file(tmp_path):
    case = {"format": "policy-selfcheck-case", "version": 1, "profile": PROFILE, "meta": {}}
    proc = run("assess", str(write(tmp_path, case)), "--as-of", "2026-11-22", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][3]["max_amount_yuan"] == 400000


def test_assess_text_is_chinese(tmp_path):
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-11-22",
               "--format", "text")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "政策自评结果" in out
    assert "可申请" in out and "不符合" in out
    assert "mentougou-03" in out and "400,000" in out
    assert len(re.findall(r"[\u4e00-\u9fff]", out)) > 200


def test_assess_text_shows_review_points_validity_and_totals_that_reconcile(tmp_path):
    """Issue 8: the terminal table holds every reason (review points, the validity caveat),
    says 未填写 for a base not given, and sums only what it marks as counted."""
    profile = {"company.district": "dongcheng", "assessment.year": 2025,
               "ai.genai_model_filed": True, "events.hosting_cost_yuan": None}
    proc = run("assess", str(write(tmp_path, profile)), "--as-of", "2026-11-22",
               "--format", "text")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "评审要点：具有良好应用效果" in out
    assert "有效期：本政策自发布之日起实施，试行3年" in out
    # Policy-wide points (第四条's review points, the validity caveat) once, not per row.
    assert out.count("评审要点：项目程序合法、手续齐全完备") == 1
    assert out.count("有效期：本政策自发布之日起实施") == 1
    assert "未填写，暂按条款上限不超过" in out
    mentougou = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-11-22",
                    "--format", "text").stdout.splitlines()
    row = next(line for line in mentougou if line.startswith("mentougou-05"))
    assert "未填写" in row and "未公布" not in row  # the firm has not given the amount
    row = next(line for line in mentougou if line.startswith("mentougou-08-1"))
    assert "未公布" in row  # the text gives no amount
    # 09-1 is begun (its filing given): its cap is summed; items not begun are listed only.
    assert "已开始填写的待确认项目上限合计：不超过 2,000,000 元" in out
    assert "尚未填写、未计入合计的待确认项目：" in out and "dongcheng-14" in out
    assert "78,000,000" not in out
    # no "at most 0 yuan" line where no open item begun has a bound
    ai = run("assess", str(write(tmp_path, {"company.district": "mentougou"})), "--as-of",
             "2026-11-22", "--format", "text").stdout
    assert "尚未填写、未计入合计的待确认项目：mentougou-01" in ai
    assert "已开始填写的待确认项目上限合计" not in ai


def _text(tmp_path: Path, profile: dict) -> list[str]:
    proc = run("assess", str(write(tmp_path, profile)), "--as-of", "2026-11-22",
               "--format", "text")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


COMPLIANT = {"compliance.lawful_and_sound_finance": True, "compliance.major_safety_accident":
             False, "compliance.major_pollution_accident": False,
             "compliance.serious_quality_problem": False, "compliance.serious_dishonesty": False,
             "compliance.tax_evasion_case": False, "compliance.on_blacklist": False}


def test_text_policy_wide_notes_are_a_block_of_their_own(tmp_path):
    """第四条's review points and the validity stand under a heading after the policy's rows,
    not in the reason column of its last item."""
    lines = _text(tmp_path, {"company.district": "dongcheng", "assessment.year": 2025,
                             "events.hosting_cost_yuan": 600000})
    last = max(i for i, line in enumerate(lines) if line.startswith("dongcheng-15-2"))
    head = lines.index("东城区各条款共同：")
    assert head > last and lines[head - 1] == ""
    block = lines[head + 1:lines.index("", head)]
    assert any("项目程序合法、手续齐全完备" in b for b in block)
    assert any(b.startswith("  有效期：本政策自发布之日起实施") for b in block)
    assert all(b.startswith("  ") and not b.startswith("   ") for b in block)
    assert not any("各条款共同】" in line for line in lines)
    # a Mentougou firm (dongcheng-07 still in play): the notes are not read as those of the
    # ineligible last row
    lines = _text(tmp_path, PROFILE)
    head = lines.index("东城区各条款共同：")
    assert lines[head - 1] == "" and lines[head - 2].startswith("dongcheng-15-2")
    assert "评审要点" not in lines[head - 2]
    assert not any(x.startswith("门头沟区各条款共同") for x in lines[:head])


def test_text_totals_name_the_group_to_declare_separate(tmp_path):
    lines = _text(tmp_path, {**PROFILE, "scenario.funding_received_yuan": 1000000})
    total = next(i for i, x in enumerate(lines) if x.startswith("可申请合计"))
    assert lines[total].endswith("不超过 400,000 元")
    assert lines[total + 1] == ("如 （一） mentougou-01、（三） mentougou-03 为不同项目，"
                                "可在档案的 stacking.separate_projects 中填写 "
                                "mentougou-ai-project，可申请合计为不超过 700,000 元")
    # once the firm has said so, the line is not offered again
    done = _text(tmp_path, {**PROFILE, "scenario.funding_received_yuan": 1000000,
                            "stacking.separate_projects": ["mentougou-ai-project"]})
    assert any(x.startswith("可申请合计") and x.endswith("不超过 700,000 元") for x in done)
    assert not any("中填写 mentougou-ai-project" in x for x in done)


def test_text_totals_say_what_the_new_subsidiary_receives(tmp_path):
    """dongcheng-07 counted in the total: the line says the new firm applies for it."""
    lines = _text(tmp_path, {"company.district": "chaoyang", "company.is_hq_or_leading": True,
                             "company.is_digital_economy_core": True, "assessment.year": 2025,
                             "invest.new_digital_subsidiary_paid_in_yuan": 60000000,
                             **COMPLIANT})
    total = next(i for i, x in enumerate(lines) if x.startswith("可申请合计"))
    assert lines[total].endswith("不超过 6,000,000 元")
    assert lines[total + 1] == ("  其中 第七条 dongcheng-07 的不超过 6,000,000 元由新涵养的企业"
                                "（新设立、获得实收资本投资的企业）申请并获得，不由本企业领取")
    plain = _text(tmp_path, PROFILE)
    assert not any("新涵养的企业" in x and "其中" in x for x in plain)


# ------------------------------------------------------------------ clauses

def test_clauses_json_lists_every_item_verbatim():
    proc = run("clauses", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert re.fullmatch(r"[0-9a-f]{16}", doc["clause_db_version"])
    items = doc["items"]
    assert [i["item_id"] for i in items] == ITEM_IDS
    texts = {p.name: BOOKMARK.sub("", p.read_text(encoding="utf-8"))
             for p in ORIGINALS.glob("*.txt")}
    policy_text = {"mentougou": next(t for n, t in texts.items() if n.startswith("mentougou")),
                   "dongcheng": next(t for n, t in texts.items() if n.startswith("dongcheng"))}
    for item in items:
        assert item["policy"] == item["item_id"].split("-")[0]
        assert item["article"] and item["benefit"]
        assert item["article"] in policy_text[item["policy"]]
        if item["policy"] == "mentougou":
            assert re.fullmatch(r"（[一二三四五六七八九十]+）", item["article"])
        else:
            assert re.fullmatch(r"第[一二三四五六七八九十]+条", item["article"])
        assert len(item["text"]) > 20
        assert item["text"] in policy_text[item["policy"]], item["item_id"]
        assert "[bookmark" not in item["text"]


def test_clauses_text_lists_every_item():
    proc = run("clauses", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    for item_id in ITEM_IDS:
        assert item_id in proc.stdout


# ------------------------------------------------------------------ bad input

BAD = {
    "invalid uscc check character": (
        {**PROFILE, "company.uscc": VALID_USCC[:17] + ("0" if VALID_USCC[17] != "0" else "1")},
        "company.uscc"),
    "uscc too short": ({"company.uscc": "9111010"}, "company.uscc"),
    "uscc with letter O": ({"company.uscc": "O" * 18}, "company.uscc"),
    "unknown district": ({**PROFILE, "company.district": "atlantis"}, "company.district"),
    "negative money": ({**PROFILE, "ai.compute_cost_yuan": -5}, "ai.compute_cost_yuan"),
    "non-integer money": ({**PROFILE, "cloud.zijin_contract_yuan": 1.5},
                          "cloud.zijin_contract_yuan"),
    "money as text": ({**PROFILE, "cloud.zijin_contract_yuan": "100万"},
                      "cloud.zijin_contract_yuan"),
    "year out of range": ({**PROFILE, "assessment.year": 1999}, "assessment.year"),
    "year far ahead": ({**PROFILE, "first_set.certified_year": 20250}, "first_set.certified_year"),
    "bool as text": ({**PROFILE, "company.is_sme": "yes"}, "company.is_sme"),
    "unknown fact id": ({**PROFILE, "company.favourite_colour": "blue"},
                        "company.favourite_colour"),
    "count beyond any firm": ({**PROFILE, "platform.cultivated_firms": 10**30},
                              "platform.cultivated_firms"),
    "unknown stacking group": ({**PROFILE, "stacking.separate_projects": ["mentougou-nope"]},
                               "stacking.separate_projects"),
    "stacking groups holding a list": (
        {**PROFILE, "stacking.separate_projects": [[]]}, "stacking.separate_projects"),
    "stacking groups not a list": (
        {**PROFILE, "stacking.separate_projects": "mentougou-ai-project"},
        "stacking.separate_projects"),
    "a line break in the name": ({**PROFILE, "company.name": "北京示例\n科技有限公司"},
                                 "company.name"),
    "a right-to-left override in the address": (
        {**PROFILE, "company.address": "北京市\u202e门头沟区"}, "company.address"),
    "not an object": ([1, 2, 3], "profile"),
    "a fact beside a case file's profile": (
        {"profile": PROFILE, "ai.compute_cost_yuan": -5}, "ai.compute_cost_yuan"),
    "unreadable json": ('{"company.district": "mentougou",', "profile.json"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_exits_2_with_one_line_naming_the_fact(tmp_path, name):
    profile, fact = BAD[name]
    proc = run("assess", str(write(tmp_path, profile)), "--format", "json")
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert fact in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("fact, value, says, never", [
    ("cloud.zijin_contract_yuan", True, "而不是 true", "True"),
    ("company.is_sme", {"a": None}, "{'a': null}", "None"),
    ("cloud.zijin_contract_yuan", 1.5, "应为整数（元）", None),
    ("first_set.items", 1.5, "应为整数，", "（元）"),
    ("assessment.year", 2025.5, "应为整数，", "（元）"),
])
def test_a_bad_value_is_shown_as_written_with_its_unit(tmp_path, fact, value, says, never):
    """A value in the line is the JSON the user wrote (true, null), not Python's (True,
    None); 元 is said of money only (a count or a year said 应为整数（元）)."""
    proc = run("assess", str(write(tmp_path, {**PROFILE, fact: value})))
    (line,) = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and fact in line and says in line, line
    assert never is None or never not in line, line


def test_a_district_written_as_its_name_is_told_its_id(tmp_path):
    """门头沟区 in a profile (ids are the contract's; the roster and the wizard take names):
    still bad input, and the line says how to write it."""
    proc = run("assess", str(write(tmp_path, {**PROFILE, "company.district": "门头沟区"})))
    (line,) = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and "“门头沟区”请写作 mentougou" in line


@pytest.mark.parametrize("as_of", ["0001-01-01", "2101-01-01"])
def test_an_as_of_date_far_out_is_a_usage_mistake(tmp_path, as_of):
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", as_of)
    (line,) = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and "--as-of" in line and "2000至2100" in line


def test_usage_mistake_exits_2_with_one_line(tmp_path):
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-13-01")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--as-of" in lines[0], proc.stderr


def test_missing_file_exits_2(tmp_path):
    proc = run("assess", str(tmp_path / "nowhere.json"))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "nowhere.json" in proc.stderr and "Traceback" not in proc.stderr


def test_file_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"company.name": "\xe9\xff"}')
    proc = run("assess", str(path))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_valid_uscc_is_accepted(tmp_path):
    for first17 in ("91110101MA00XYW12", "91110000100000123", "12100000400000000"):
        code = uscc(first17)
        proc = run("assess", str(write(tmp_path, {"company.uscc": code})), "--format", "json")
        assert proc.returncode == 0, (code, proc.stderr)


def test_bad_as_of_date_exits_2(tmp_path):
    proc = run("assess", str(write(tmp_path, PROFILE)), "--as-of", "2026-13-01")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def run_in(data: Path, *args: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120,
                          encoding="utf-8", env=dict(os.environ, POLICY_SELFCHECK_DATA=str(data)))


def _one_chinese_line(proc: subprocess.CompletedProcess) -> str:
    """The one stderr line of a refusal: exit 2, 错误 error:, Chinese before the English."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    line = lines[0]
    assert line.startswith("错误 error: ")
    chinese = line.split(" / ")[0][len("错误 error: "):]
    assert " / " in line and re.search(r"[\u4e00-\u9fff]", chinese), line
    return line


@pytest.mark.parametrize("args, words", [
    (("assess", "{profile}", "--as-of", "2026-13-01"), ["日期应为", "not a date", "2026-13-01"]),
    (("cases", "reassess", "--as-of", "2026-02-30"), ["日期应为", "not a date"]),
    (("gui", "--page", "99", "--screenshot", "{png}"), ["页码应为1至", "page number must be"]),
    (("gui", "--page", "nowhere", "--screenshot", "{png}"), ["未知的页面“nowhere”", "topic id"]),
    (("packs", "trust", "{missing}.pub"), ["无法读取密钥文件：找不到文件", "cannot read the key"]),
    (("packs", "import", "{missing}.pspack"), ["无法读取更新包：找不到文件", "file not found"]),
    (("packs", "diff", "{missing}.pspack"), ["无法读取更新包：找不到文件"]),
    (("packs", "diff", "{folder}"), ["这是一个文件夹", "a folder, not a file"]),
])
def test_refusals_are_chinese_first_then_english(tmp_path, args, words):
    values = {"profile": str(write(tmp_path, PROFILE)), "png": str(tmp_path / "shot.png"),
              "missing": str(tmp_path / "nosuch"), "folder": str(tmp_path)}
    line = _one_chinese_line(run_in(tmp_path / "data", *(a.format(**values) for a in args)))
    for word in words:
        assert word in line
    assert not (tmp_path / "shot.png").exists()


def test_a_folder_is_named_a_folder_by_assess_and_batch_alike(tmp_path):
    folder = tmp_path / "花名册"
    folder.mkdir()
    lines = [_one_chinese_line(run_in(tmp_path / "data", cmd, str(folder)))
             for cmd in ("assess", "batch")]
    for line in lines:
        assert "这是一个文件夹，不是文件" in line and "a folder, not a file" in line
        assert "找不到文件" not in line


@pytest.mark.parametrize("output, words", [
    ("b-dir", ["文件名“b-dir”没有扩展名", ".docx、.pdf、.html、.xlsx", "has no suffix"]),
    ("b.txt", ["不支持的格式 .txt", ".docx、.pdf、.html、.xlsx", "unsupported format .txt"]),
])
def test_export_names_a_missing_or_unknown_suffix(tmp_path, output, words):
    proc = run_in(tmp_path / "data", "export", str(write(tmp_path, PROFILE)), "-o",
                  str(tmp_path / output))
    line = _one_chinese_line(proc)
    for word in words:
        assert word in line
    assert ".b-dir" not in line and not (tmp_path / output).exists()


@pytest.mark.parametrize("output", ["d.docx", "d.docx/", "sub/"])
def test_export_to_a_folder_is_bad_input_naming_the_folder(tmp_path, output):
    """A folder named as the output (even one called d.docx): it exited 1 with the system's
    English words, or said the file name had no suffix."""
    (tmp_path / "d.docx").mkdir()
    (tmp_path / "sub").mkdir()
    proc = run_in(tmp_path / "data", "export", str(write(tmp_path, PROFILE)), "-o",
                  str(tmp_path / output))
    assert proc.returncode == 2
    line = _one_chinese_line(proc)
    assert "是一个文件夹" in line and "is a folder" in line


def test_gui_page_accepts_what_the_wizard_has(tmp_path, db):
    """The pages the check lets through are the wizard's: the last number and a topic id."""
    from desktop_app.core.topics import topics_in_use

    last = len(topics_in_use(db)) + 3  # intro, topics, review, results
    for page in (str(last), "ai"):
        shot = tmp_path / f"{page}.png"
        proc = run_in(tmp_path / "data", "gui", "--page", page, "--screenshot", str(shot))
        assert proc.returncode == 0 and shot.is_file(), proc.stderr


# ------------------------------------------------------------------ public acceptance cases

def test_public_acceptance_cases():
    runner = SHARED / "acceptance" / "run_cases.py"
    examples = SHARED / "acceptance" / "examples"
    if not runner.is_file() or not examples.is_dir():
        pytest.skip(f"the shared acceptance cases are not present at {SHARED / 'acceptance'}")
    proc = subprocess.run([sys.executable, str(runner), str(examples),
                           "--cmd", " ".join(COMMAND)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^\d+ passed, 0 failed$", proc.stdout, re.M), proc.stdout


def test_an_unknown_fact_is_said_to_be_missing_from_the_base_in_use(tmp_path):
    """A profile answering a fact a pack added is refused once the pack is rolled back or
    was never imported: the line says where the fact would come from (an analyst had no
    hint why a profile that worked a minute before stopped working)."""
    proc = run("assess", str(write(tmp_path, {**PROFILE, "chaoyang.ai_enterprise": True})))
    assert proc.returncode == 2
    assert "chaoyang.ai_enterprise" in proc.stderr
    assert "正在使用的条款库中没有" in proc.stderr and "import that pack" in proc.stderr


@pytest.mark.parametrize("args, zh", [
    (["export", "x.json"], "缺少参数：-o/--output / the following arguments"),
    (["assess", "x.json", "--lang", "fr"], "无法识别的参数：--lang fr / unrecognized"),
    (["export", "x.json", "-o", "y.docx", "--lang", "fr"], "参数 --lang 的值 'fr' 无效"),
    (["export", "x.json", "-o"], "参数 -o/--output 需要一个值 / "),
    (["x.pscase"], "用向导打开案例请写 policy-selfcheck gui x.pscase / "),
    (["assess", "x.json", "--as-of", "2026-13-01"], "参数 --as-of：日期应为有效的 年-月-日"),
    (["gui", "--screenshot", "x.txt"], "截图文件名应以 .png 结尾"),  # (a PNG named .txt)
])
def test_usage_mistakes_are_told_in_chinese_first(args, zh):
    """argparse's words stood in English only ("invalid choice: 'fr'")."""
    proc = run(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and zh in lines[0], proc.stderr


@pytest.mark.parametrize("text, zh", [
    ('{"company.district": }', "第1行第22列：此处缺少值）"),
    ("{company.district: 1}", "键名应放在英文双引号中"),
    ('{"company.name": "甲\n公司"}', "文字中有控制字符（如未转义的换行）"),
])
def test_a_json_mistake_is_told_in_chinese_in_the_chinese_half(tmp_path, text, zh):
    """The decoder's English stood inside the Chinese half, one cut short ("Invalid
    control character at")."""
    proc = run("assess", str(write(tmp_path, text)))
    assert proc.returncode == 2
    chinese, english = proc.stderr.split(" / ", 1)
    assert zh in chinese and "Expecting" not in chinese and "Invalid" not in chinese
    assert not english.rstrip().endswith(" at)")
