"""`python -m clause_db new | lint | test` (clause_db/authoring.py), run as subprocesses on
the published texts and on copies of the sources."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clause_db.authoring import cn_number
from clause_db.sources import BOOKMARK, ORIGINALS, REPO_CASES, SOURCES

ROOT = Path(__file__).resolve().parent.parent
SHARED_POLICIES = ROOT.parent / "shared" / "policies"
FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_policy"
TEXTS = {
    "mentougou": "mentougou-infosoft-measures-draft.txt",
    "dongcheng": "dongcheng-digital-economy-measures-draft.txt",
}


def policy_text(name: str) -> Path:
    shared = SHARED_POLICIES / name
    return shared if shared.is_file() else ORIGINALS / name


def clause_db(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clause_db", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def skeletons(tmp_path_factory):
    """`new` run once on each published text, into one folder."""
    folder = tmp_path_factory.mktemp("skeletons")
    for policy_id, name in TEXTS.items():
        proc = clause_db("new", "--id", policy_id, "--text", str(policy_text(name)),
                         "--sources", str(folder))
        assert proc.returncode == 0, proc.stderr
    return folder


def _doc(folder: Path, policy_id: str) -> dict:
    return yaml.safe_load((folder / f"{policy_id}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, number", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20),
                                          ("二十三", 23), ("一百零五", 105)])
def test_chinese_numbers(text, number):
    assert cn_number(text) == number


def test_one_item_per_article_and_sub_clause(skeletons):
    mentougou = _doc(skeletons, "mentougou")["items"]
    # Mentougou numbers its measures （一）…（十三） under headings 一、…七、
    numbers = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三".split()
    assert [i["article"] for i in mentougou] == [f"（{n}）" for n in numbers]
    assert [i["id"] for i in mentougou][:2] == ["mentougou-01", "mentougou-02"]
    dongcheng = _doc(skeletons, "dongcheng")["items"]
    # Dongcheng has 第一条…第十八条; 第四条 has four sub-clauses （一）…（四）.
    articles = [i["article"] for i in dongcheng]
    assert len(articles) == 18 + 4
    assert articles[3:8] == ["第四条"] + [f"第四条（{n}）" for n in "一二三四"]
    assert articles[-1] == "第十八条"
    assert [i["id"] for i in dongcheng][4] == "dongcheng-04-1"
    assert dongcheng[0]["chapter"] == "一、总则"
    assert mentougou[-1]["chapter"] == "六、支持服务机构助力地区和企业发展"


def test_texts_are_verbatim_and_equal_the_hand_made_sources(skeletons, db):
    for policy_id, name in TEXTS.items():
        original = BOOKMARK.sub("", policy_text(name).read_text(encoding="utf-8"))
        skeleton = {i["article"]: i["text"] for i in _doc(skeletons, policy_id)["items"]}
        for text in skeleton.values():
            assert text in original
            assert not re.match(r"第.+条|（.+）", text), text  # the marker is not in the text
        for item in (i for i in db.items if i.policy_id == policy_id):
            assert skeleton[item.article] == item.text, item.item_id
    # A sub-clause that runs over two lines keeps both (第四条（四）and its list of cases).
    four = {i["article"]: i["text"] for i in _doc(skeletons, "dongcheng")["items"]}["第四条（四）"]
    assert four.startswith("申报单位有下列情形之一的") and "偷" in four and "\n" in four


def test_the_text_is_copied_beside_the_skeleton(skeletons):
    for name in TEXTS.values():
        assert (skeletons / "originals" / name).read_bytes() == policy_text(name).read_bytes()


def test_the_build_refuses_the_unfilled_skeleton(skeletons, tmp_path):
    out = tmp_path / "out.sqlite"
    proc = clause_db("build", "--sources", str(skeletons), "-o", str(out))
    assert proc.returncode == 1
    assert "TODO left in" in proc.stderr and "docs/AUTHORING.md" in proc.stderr
    assert not out.exists()


def test_lint_names_file_and_line_of_every_todo(skeletons):
    proc = clause_db("lint", "--sources", str(skeletons))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    path = skeletons / "mentougou.yaml"
    source = path.read_text(encoding="utf-8").splitlines()
    item_lines = [line for line in lines if line.startswith(f"{path}:") and "item " in line]
    assert len(item_lines) == 13
    for line in item_lines:
        number = int(line.split(":")[1])
        item_id = re.search(r"item (\S+):", line).group(1)
        assert source[number - 1].strip() == f"- id: {item_id}"
        assert "fill in benefit, benefit_en, criteria, formula" in line
    assert any(line.startswith(f"{path}:") and "policy: fill in district" in line
               for line in lines)
    assert "2 policy files: 37 errors" in proc.stdout  # 2 policies + 13 + 22 items


FILLED_POLICY = {
    "district": "mentougou", "title_en": "Test", "bureau": "门头沟区经济和信息化局",
    "bureau_en": "Mentougou bureau", "status": "征求意见稿", "status_en": "draft",
    "validity_text": "有效期至2026年12月31日", "validity_en": "until 2026-12-31",
    "interpretation": "本措施由门头沟区经济和信息化局负责解释", "last_checked": "2026-11-20",
}


def _fill_one_item(folder: Path) -> None:
    """What an analyst does: metadata, one item filled in (（十二）), the others deleted."""
    path = folder / "mentougou.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["policy"].update(FILLED_POLICY)
    item = next(i for i in doc["items"] if i["article"] == "（十二）")
    item.update(
        benefit="重点跟踪范围内的信软固定资产投资，按投资额的10%奖励",
        benefit_en="10% of fixed-asset investment",
        criteria=[{"text": "纳入我区重点跟踪范围的信软固定资产投资", "en": "In key tracking",
                   "test": {"fact": "invest.fixed_asset_yuan", "gt": 0}}],
        formula={"kind": "rate", "rate": "0.10", "base": ["invest.fixed_asset_yuan"],
                 "caps": [{"value": 500000, "zh": "不超过50万元/年", "en": "500,000 a year"}],
                 "zh": "固定资产投资额 × 10%", "en": "fixed assets × 10%"})
    doc["items"] = [item]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_filled_skeleton_lints_builds_and_tests(tmp_path):
    folder = tmp_path / "work"
    assert clause_db("new", "--id", "mentougou", "--text",
                     str(policy_text(TEXTS["mentougou"])), "--sources",
                     str(folder)).returncode == 0
    _fill_one_item(folder)
    lint = clause_db("lint", "--sources", str(folder))
    assert lint.returncode == 0, lint.stderr
    assert "no rule case names it" in lint.stdout  # a warning, not an error
    (folder / "cases").mkdir()
    (folder / "cases" / "mentougou.yaml").write_text(
        "as_of: 2026-11-24\ncases:\n"
        "  - name: 10% of 3,000,000\n"
        "    profile: {company.district: mentougou, invest.fixed_asset_yuan: 3000000}\n"
        "    expect: {mentougou-12: {verdict: eligible, max_amount_yuan: 300000}}\n"
        "  - name: a wrong expectation\n"
        "    profile: {company.district: mentougou, invest.fixed_asset_yuan: 9000000}\n"
        "    expect: {mentougou-12: {verdict: eligible, max_amount_yuan: 900000}}\n",
        encoding="utf-8")
    test = clause_db("test", "--policy", "mentougou", "--sources", str(folder))
    assert test.returncode == 1
    assert "FAIL mentougou: a wrong expectation" in test.stdout
    assert "max_amount_yuan 500000, expected 900000" in test.stdout
    assert "2 cases in 1 files: 1 passed, 1 failed" in test.stdout
    build = clause_db("build", "--sources", str(folder), "-o", str(tmp_path / "x.sqlite"))
    assert build.returncode == 0, build.stderr


def test_lint_points_at_the_line_of_a_broken_item(tmp_path):
    folder = tmp_path / "fixture"
    shutil.copytree(FIXTURE, folder)
    path = folder / "synthetic.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit_cap: 50", "unit_cap: -50"),
                    encoding="utf-8")
    proc = clause_db("lint", "--sources", str(folder))
    assert proc.returncode == 1
    line = next(x for x in proc.stderr.splitlines() if "synthetic-05" in x)
    number = int(line.split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].strip() == \
        "- id: synthetic-05"
    assert "unit_cap: -50 must not be negative" in line


def test_lint_and_test_pass_on_the_shipped_sources_and_the_fixture():
    assert clause_db("lint").returncode == 0
    proc = clause_db("test", "--sources", str(FIXTURE))
    assert proc.returncode == 0, proc.stdout
    assert "59 passed, 0 failed" in proc.stdout


def test_new_refuses_bad_input(tmp_path):
    text = str(policy_text(TEXTS["mentougou"]))
    assert clause_db("new", "--id", "Bad Id", "--text", text, "--sources",
                     str(tmp_path)).returncode == 2
    assert clause_db("new", "--id", "m", "--text", str(tmp_path / "none.txt"), "--sources",
                     str(tmp_path)).returncode == 2
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("第一条 支持企业。".encode("gbk"))
    proc = clause_db("new", "--id", "gbk", "--text", str(gbk), "--sources", str(tmp_path))
    assert proc.returncode == 2 and "not UTF-8" in proc.stderr
    assert clause_db("new", "--id", "mtg", "--text", text, "--sources",
                     str(tmp_path)).returncode == 0
    again = clause_db("new", "--id", "mtg", "--text", text, "--sources", str(tmp_path))
    assert again.returncode == 2 and "--force" in again.stderr
    assert not list(SOURCES.glob("mtg*"))


def test_a_text_saved_on_windows_gives_the_same_skeleton(tmp_path, skeletons):
    """CRLF line ends and a byte-order mark, as Notepad saves: texts still verbatim."""
    name = TEXTS["dongcheng"]
    crlf = tmp_path / name
    crlf.write_bytes(b"\xef\xbb\xbf" + policy_text(name).read_bytes().replace(b"\n", b"\r\n"))
    folder = tmp_path / "win"
    assert clause_db("new", "--id", "dongcheng", "--text", str(crlf), "--sources",
                     str(folder)).returncode == 0
    assert _doc(folder, "dongcheng")["items"] == _doc(skeletons, "dongcheng")["items"]
    _fill_all_todos(folder / "dongcheng.yaml")
    proc = clause_db("build", "--sources", str(folder), "-o", str(tmp_path / "x.sqlite"))
    assert proc.returncode == 0, proc.stderr


def _fill_all_todos(path: Path) -> None:
    """Every TODO replaced by something valid, so the build gets to the verbatim check."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["policy"].update(FILLED_POLICY, district="dongcheng")
    for item in doc["items"]:
        item.update(benefit="b", benefit_en="b",
                    criteria=[{"text": "t", "en": "t", "verbatim": False,
                               "test": {"fact": "company.is_sme", "is": True}}],
                    formula={"kind": "unpublished", "zh": "z", "en": "e"})
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_messages_that_ask_for_cases_name_where_they_are_looked_for(tmp_path):
    """lint and test named clause_db/sources/cases/ID.yaml for the shipped sources, whose
    cases are read from tests/cases (an analyst put them where the guide says and was
    told to move them)."""
    from clause_db.sources import cases_folder

    assert cases_folder(SOURCES) == REPO_CASES
    assert cases_folder(tmp_path) == tmp_path / "cases"
    proc = clause_db("test", "--policy", "nowhere")
    assert proc.returncode == 1
    assert str(REPO_CASES / "nowhere.yaml") in proc.stderr


def test_a_case_file_that_cannot_be_read_is_counted_as_a_file_not_a_case(tmp_path):
    folder = tmp_path / "fixture"
    shutil.copytree(FIXTURE, folder)
    (folder / "cases" / "broken.yaml").write_text("cases: [oops\n", encoding="utf-8")
    proc = clause_db("test", "--sources", str(folder))
    assert proc.returncode == 1
    summary = proc.stdout.strip().splitlines()[-1]
    assert summary == ("59 cases in 2 files: 59 passed, 0 failed; 1 files could not be read "
                       "(above)"), summary
    assert "broken.yaml" in proc.stderr


def test_keygen_makes_the_folder_it_is_told_to_write_into(tmp_path):
    proc = clause_db("keygen", "-o", str(tmp_path / "pack-keys" / "analyst"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pack-keys" / "analyst.key").is_file()
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    proc = clause_db("keygen", "-o", str(blocked / "analyst"))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_lint_reports_every_broken_item_and_the_warnings_with_them(tmp_path):
    """It stopped at a file's first problem, warnings hidden until no error was left: six
    mistakes took an analyst six runs."""
    folder = tmp_path / "fixture"
    shutil.copytree(FIXTURE, folder)
    path = folder / "synthetic.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("unit_cap: 50", "unit_cap: -50", 1)
                    .replace('price_cap: "3"', 'price_cap: "three"', 1)
                    .replace("- {value: 500000, zh: 每家企业每年补贴不超过50万元",
                             "- {value: 50, zh: 每家企业每年补贴不超过50万元", 1),
                    encoding="utf-8")
    proc = clause_db("lint", "--sources", str(folder))
    assert proc.returncode == 1
    errors = [x for x in proc.stderr.splitlines() if ": error: " in x]
    assert len(errors) == 2, proc.stderr
    assert "synthetic-02: rent price_cap: 'three' is not a number" in errors[0]
    assert "synthetic-05: per_unit unit_cap: -50 must not be negative" in errors[1]
    assert "synthetic-02: cap 50 yuan is very small" in proc.stdout
    assert "2 errors, 1 warnings" in proc.stdout


def test_the_skeleton_takes_dates_validity_and_interpretation_from_the_text(skeletons, db,
                                                                            tmp_path):
    """valid_from and valid_until stayed null though the text gave them (an analyst's
    "自2026年1月1日起施行，有效期至2027年12月31日")."""
    text = tmp_path / "chaoyang.txt"
    text.write_text("朝阳区促进人工智能产业发展若干措施（试行）\n\n第一条 对企业给予支持，"
                    "最高不超过100万元。\n\n第二条 本措施由朝阳区经济和信息化局负责解释。\n"
                    "第三条 本措施自2026年1月1日起施行，有效期至2027年12月31日。\n",
                    encoding="utf-8")
    folder = tmp_path / "work"
    assert clause_db("new", "--id", "chaoyang-ai", "--text", str(text), "--sources",
                     str(folder)).returncode == 0
    policy = _doc(folder, "chaoyang-ai")["policy"]
    assert (str(policy["valid_from"]), str(policy["valid_until"])) == ("2026-01-01",
                                                                       "2027-12-31")
    assert policy["validity_text"] == "本措施自2026年1月1日起施行，有效期至2027年12月31日。"
    assert policy["interpretation"] == "本措施由朝阳区经济和信息化局负责解释。"
    mentougou = _doc(skeletons, "mentougou")["policy"]
    shipped = db.policies["mentougou"]
    assert mentougou["valid_from"] is None  # 自印发之日起施行: no date to take
    assert str(mentougou["valid_until"]) == str(shipped.valid_until)


def test_lint_item_by_item_reports_no_group_as_naming_unknown_items(tmp_path):
    """Read one item at a time, the stacking groups named the others as unknown
    ("stacking mentougou-first-set names unknown 'mentougou-02-1'", an analyst's lint)."""
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    shutil.copytree(REPO_CASES, folder / "cases")
    path = folder / "mentougou.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('rate: "0.20"', 'rate: "twenty"', 1), encoding="utf-8")
    proc = clause_db("lint", "--sources", str(folder))
    assert proc.returncode == 1
    errors = [x for x in proc.stderr.splitlines() if ": error: " in x]
    assert len(errors) == 1 and "mentougou-03: a rate formula" in errors[0], proc.stderr
