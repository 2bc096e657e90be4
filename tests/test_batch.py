"""Rosters in, summaries out: `roster-template`, `batch` and `cases` run as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from firm_profiles import USCC_A, USCC_B
from openpyxl import load_workbook

from clause_db.sources import FACT_TYPES
from desktop_app.core.facts import APPLICANT_FACTS
from desktop_app.core.roster import TYPE_WORDS, column_letter, open_roster
from desktop_app.core.topics import topics_in_use

SCRIPT = Path(sys.executable).parent / "policy-selfcheck"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "desktop_app"]
AS_OF = "2026-11-24"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _this_tree(monkeypatch):
    """The command runs this tree's code: the installed script imports the package the
    environment was installed from, which for a second working tree (git worktree) of
    the repository is the first one's."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))


def run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, encoding="utf-8")


def assess_cli(tmp_path: Path, profile: dict) -> dict:
    path = tmp_path / "row-profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    done = run("assess", path, "--format", "json", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Rows as a help desk types them, with what `assess` should see for each.
GOOD = [
    ({"company.name": "北京示例智算科技有限公司", "company.uscc": USCC_A,
      "company.district": "门头沟区", "company.is_info_software": "是",
      "assessment.year": 2025, "mentougou.quality_firm": "是", "ai.compute_cost_yuan": "200万",
      "invest.project_in_key_tracking": "不确定"},
     {"company.name": "北京示例智算科技有限公司", "company.uscc": USCC_A,
      "company.district": "mentougou", "company.is_info_software": True,
      "assessment.year": 2025, "mentougou.quality_firm": True,
      "ai.compute_cost_yuan": 2000000}),
    ({"company.name": "东城紫金云数据服务有限公司", "company.uscc": USCC_B.lower(),
      "company.district": "dongcheng", "company.is_sme": "否", "assessment.year": "2025",
      "cloud.zijin_contract_yuan": 1000000, "compliance.on_blacklist": "否"},
     {"company.name": "东城紫金云数据服务有限公司", "company.uscc": USCC_B,
      "company.district": "dongcheng", "company.is_sme": False, "assessment.year": 2025,
      "cloud.zijin_contract_yuan": 1000000, "compliance.on_blacklist": False}),
]
BAD = [
    ({"company.name": "校验位错误公司", "company.uscc": USCC_A[:-1] + "X"},
     "company.uscc", "统一社会信用代码：校验不通过"),
    ({"company.name": "金额错误公司", "company.district": "东城",
      "ai.compute_cost_yuan": "-5"}, "ai.compute_cost_yuan", "不能为负数（-5）"),
    ({"company.name": "区名错误公司", "company.district": "火星区"}, "company.district",
     "未知的取值“火星区”"),
]


@pytest.fixture
def filled(tmp_path):
    """The template as written by the command, filled in with openpyxl."""
    template = tmp_path / "花名册.xlsx"
    done = run("roster-template", "-o", template)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(template)
    ws = wb["花名册"]
    col = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    rows = [cells for cells, _ in GOOD] + [cells for cells, *_ in BAD]
    for c in range(1, ws.max_column + 1):  # the example row becomes the first firm
        ws.cell(row=3, column=c).value = None
    for r, cells in enumerate(rows, start=3):
        for fact, value in cells.items():
            ws.cell(row=r, column=col[fact]).value = value
    # an empty row in between is skipped, not an error
    ws.insert_rows(5)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    return path, col


def test_template_has_labels_ids_lists_help_and_an_example(tmp_path, db):
    path = tmp_path / "t.xlsx"
    done = run("roster-template", "-o", path)
    assert done.returncode == 0 and done.stdout.strip() == str(path)
    # and what to do next, in the consultant's words (only the path was printed)
    assert done.stderr.startswith("已写入花名册模板：在“花名册”工作表中每行填一家企业")
    assert f"policy-selfcheck batch {path}" in done.stderr
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["填写说明", "花名册"]
    ws = wb["花名册"]
    ids = [c.value for c in ws[2]]
    facts = [db.facts[i] for i in ids]
    assert [c.value for c in ws[1]] == [f.zh for f in facts]
    # A column for every fact a firm can state in the wizard: every fact an item reads,
    # the applicant's particulars, and the results page's separate projects; none for a
    # topic the wizard has no page for (the growth facts no item of this base reads).
    assert len(ids) == len(set(ids))
    shown = {t.topic_id for t in topics_in_use(db)}
    assert "growth" not in shown
    wanted = {f.fact_id for f in db.facts.values() if f.topic in shown or f.topic is None}
    assert set(ids) == wanted
    assert {f.fact_id for f in db.facts.values() if f.used_by} <= wanted
    assert set(APPLICANT_FACTS) <= wanted and "stacking.separate_projects" in wanted
    assert not any(db.facts[i].topic == "growth" for i in ids)
    topic_order = [t.topic_id for t in db.topics if t.topic_id in shown]
    assert [f.topic for f in facts if f.topic] == sorted(
        [f.topic for f in facts if f.topic], key=topic_order.index)  # the wizard's order
    assert ids[-1] == "stacking.separate_projects"
    example = {ws.cell(row=2, column=c).value: ws.cell(row=3, column=c).value
               for c in range(1, ws.max_column + 1) if ws.cell(row=3, column=c).value}
    assert example["company.district"] == "门头沟区" and example["company.uscc"] == USCC_A
    letter = {f.fact_id: column_letter(i) for i, f in enumerate(facts)}
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    district = by_range[f"{letter['company.district']}3:{letter['company.district']}2002"]
    assert district.type == "list" and district.formula1.startswith("=选项!$A$1")
    lists = wb["选项"]
    assert lists.sheet_state == "hidden"
    options = db.facts["company.district"].options
    assert [lists.cell(row=i, column=1).value for i in range(1, len(options) + 1)] == \
        [o["zh"] for o in options]
    assert options[0]["zh"] == "东城区"
    assert [lists.cell(row=i, column=2).value for i in (1, 2, 3)] == ["是", "否", "不确定"]
    sme = by_range[f"{letter['company.is_sme']}3:{letter['company.is_sme']}2002"]
    assert sme.type == "list" and sme.formula1 == "=选项!$B$1:$B$3"
    assert sme.showInputMessage and "是/否/不确定" in sme.prompt
    help_ws = wb["填写说明"]
    ids = [row[2] for row in help_ws.iter_rows(values_only=True)]
    assert all(f.fact_id in ids for f in facts)


def test_template_says_how_to_fill_every_type_of_fact():
    """A pack may bring items that read any type of fact (the growth facts' decimals): the
    template then has its columns, each with its input help."""
    assert set(TYPE_WORDS) == FACT_TYPES


def test_template_example_row_batches_cleanly(tmp_path):
    path = tmp_path / "t.xlsx"
    run("roster-template", "-o", path)
    done = run("batch", path, "--format", "jsonl", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["row"], r["error"], r["uscc"]) for r in rows] == [(3, None, USCC_A)]


def test_roster_rows_equal_assess_on_each_profile(filled, tmp_path):
    path, col = filled
    summary = tmp_path / "汇总.xlsx"
    done = run("batch", path, "--format", "jsonl", "--as-of", AS_OF, "-o", summary)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    # row 5 was left empty; the rest keep their spreadsheet numbers
    assert [r["row"] for r in rows] == [3, 4, 6, 7, 8]
    for r, (_, profile) in zip(rows[:2], GOOD, strict=True):
        assert r["error"] is None
        assert (r["name"], r["uscc"]) == (profile["company.name"], profile["company.uscc"])
        expected = assess_cli(tmp_path, profile)
        assert r["totals"] == expected["totals"]
        assert r["results"] == expected["results"]
    for r, (_, fact, words) in zip(rows[2:], BAD, strict=True):
        assert r["totals"] is None and r["results"] is None
        letter = column_letter(col[fact] - 1)
        assert r["error"].startswith(f"第{r['row']}行 {letter}列 "), r["error"]
        assert words in r["error"]
        assert "\n" not in r["error"]
    # the summary workbook, read back
    wb = load_workbook(summary, read_only=True)
    assert wb.sheetnames == ["汇总", "明细", "问题"]
    totals = list(wb["汇总"].iter_rows(values_only=True))
    assert totals[0][:7] == ("行号", "企业名称", "统一社会信用代码", "注册所在区", "评估年度",
                             "可申报合计上限（元，明细中“可申报*”之和）",
                             "待确认项可能增加（元，明细中“待确认*”之和）")
    assert [t[0] for t in totals[1:]] == [3, 4, 6, 7, 8]
    first = totals[1]
    assert first[1] == "北京示例智算科技有限公司" and first[3] == "门头沟区"
    assert first[5] == rows[0]["totals"]["eligible_total_yuan"]
    # the items counted named as the results page names them, one a line
    assert first[10].splitlines()[0] == "门头沟区（三）（400,000）"
    assert "校验不通过" in totals[3][11]
    detail = list(wb["明细"].iter_rows(values_only=True))
    head = detail[0]
    i = head.index("门头沟区（三）\n结论\nmentougou-03")
    assert head[i + 1] == "门头沟区（三）\n上限（元）\nmentougou-03"
    assert detail[1][i:i + 2] == ("可申报*", 400000)
    assert len(detail) == 3  # the good rows
    for t, d in zip(totals[1:], detail[1:], strict=False):  # each total rebuilt from 明细
        pairs = list(zip(d[2::2], d[3::2], strict=True))
        assert t[5] == sum(v for k, v in pairs if k == "可申报*")
        assert t[6] == sum(v or 0 for k, v in pairs if k == "待确认*")
    problems = list(wb["问题"].iter_rows(values_only=True))
    assert [(p[0], p[2]) for p in problems[1:]] == [(6, "company.uscc"),
                                                    (7, "ai.compute_cost_yuan"),
                                                    (8, "company.district")]
    wb.close()


def column_widths(ws) -> list[float]:
    """A sheet's column widths as written, in order (openpyxl groups equal neighbours)."""
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min, dim.max + 1):
            widths[c] = dim.width
    return [widths[c] for c in range(1, ws.max_column + 1)]


def test_the_summary_prints_readable_with_each_row_named_on_every_page(filled, tmp_path, db):
    """A consultant printed the summary: 汇总, fitted to one page wide, printed at 5 pt;
    明细's later pages did not say whose rows they were; its columns were headed by item
    ids broken mid-word ("mentougou-" / "07 结论"); amounts ran into the next column's text
    ("0 不符合", "17mentougou-03（400,000）"); the English problem was cut off; and a
    refused credit code left its cell empty, the value typed nowhere to be seen."""
    path, _ = filled
    summary = tmp_path / "s.xlsx"
    done = run("batch", path, "--as-of", AS_OF, "-o", summary)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(summary)
    assert wb.sheetnames == ["汇总", "明细", "问题"]
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # A4
        # printed at a set scale, never shrunk to the page width: 11 pt at 82 % is 9 pt
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert 80 <= setup.scale <= 100 and not setup.fitToWidth
        # every page: the header row, and 行号 and 企业名称 (问题: 行号 and 列)
        assert (ws.print_title_rows, ws.print_title_cols) == ("$1:$1", "$A:$B"), ws.title
    # What a landscape A4 page holds at that scale, in Calibri's unit (about 5.55 pt with
    # LibreOffice's Carlito; Excel's 7 px is 5.25 pt, a little more to the page):
    totals, detail, problems = wb["汇总"], wb["明细"], wb["问题"]
    margins = totals.page_margins
    room = (11.69 - margins.left - margins.right) * 72 / (totals.page_setup.scale / 100) / 5.55
    assert sum(column_widths(totals)) <= room  # 汇总: one page wide
    widths = column_widths(detail)
    assert sum(widths[:2]) + sum(widths[2:10]) <= room  # 明细: four items a page, beside A:B
    assert sum(column_widths(problems)) <= room

    # 明细: each item's two columns named as the results page names it, then its id
    head = [c.value for c in detail[1]]
    assert head[:2] == ["行号", "企业名称"]
    assert head[2:] == [f"{db.item_name(i.item_id)}\n{kind}\n{i.item_id}"
                        for i in db.items for kind in ("结论", "上限（元）")]
    assert "门头沟区（七）\n结论\nmentougou-07" in head
    assert "东城区第九条-1\n上限（元）\ndongcheng-09-1" in head
    from desktop_app.core.batch import text_lines

    for name, width in zip(head[2:], widths[2:], strict=True):  # not broken mid-name
        assert text_lines(name.split("\n")[0], width) == 1, name
    assert all(c.alignment.wrap_text for c in detail[1])
    assert detail.row_dimensions[1].height >= 3 * 15
    # amounts kept clear of the next column's text
    money = [c for c in detail[2] if isinstance(c.value, int) and c.column > 2]
    assert money and all(c.number_format.endswith("_)") for c in money)

    # 汇总: the items counted named, one a line; counts centred; each cell at the top
    rows = list(totals.iter_rows(min_row=2))
    first = [c.value for c in rows[0]]
    assert first[1] == "北京示例智算科技有限公司" and first[2] == USCC_A
    lines = first[10].split("\n")
    assert lines[0] == "门头沟区（三）（400,000）" and 1 <= len(lines) <= 3
    assert not any("mentougou" in line for line in lines)
    assert rows[0][5].number_format.endswith("_)") and rows[0][5].value == first[5]
    assert all(rows[0][c].alignment.horizontal == "center" for c in (7, 8, 9))
    assert all(c.alignment.vertical == "top" for c in rows[0] if c.value is not None)
    assert rows[0][10].alignment.wrap_text
    assert (totals.row_dimensions[2].height or 15) >= 15 * len(lines)
    # a refused value shown as typed, marked: the credit code (row 6), the district (row 8)
    by_row = {r[0].value: [c.value for c in r] for r in rows}
    assert by_row[6][1] == "校验位错误公司"
    assert by_row[6][2] == USCC_A[:-1] + "X （有误）"
    assert by_row[8][3] == "火星区 （有误）"
    assert by_row[7][3] == "东城区"  # (its refused cell is an amount, not shown here)
    assert "校验不通过" in by_row[6][11]

    # 问题: both texts wrapped, the row as tall as the longer (the English was cut off)
    prob = list(problems.iter_rows(min_row=2))[0]
    assert prob[2].value == "company.uscc"
    assert prob[4].alignment.wrap_text and prob[5].alignment.wrap_text
    en_width = column_widths(problems)[5]
    words, line, en_lines = prob[5].value.split(), 0, 1
    for word in words:  # greedy wrapping of the English words
        if line and line + 1 + len(word) > en_width - 1:
            en_lines, line = en_lines + 1, 0
        line += (1 if line else 0) + len(word)
    assert en_lines >= 3
    assert problems.row_dimensions[2].height >= 15 * en_lines
    wb.close()


def test_summary_cells_typed_as_formulas_stay_text(tmp_path):
    """A name typed "=HYPERLINK(…)" was written into 汇总 and 明细 as a formula (run when
    the summary is opened); a refused value as typed is text too."""
    roster = tmp_path / "r.csv"
    roster.write_text("企业名称,注册所在区,评估年度（申报所依据数据的年度）\n"
                      "=1+1,东城,2025\n=HYPERLINK(\"x\"),门头沟,=2025\n", encoding="utf-8")
    summary = tmp_path / "s.xlsx"
    done = run("batch", roster, "--as-of", AS_OF, "-o", summary)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(summary)
    totals, detail = wb["汇总"], wb["明细"]
    assert [(c.value, c.data_type) for c in (totals["B2"], detail["B2"])] == \
        [("=1+1", "s")] * 2
    assert (totals["B3"].value, totals["B3"].data_type) == ('=HYPERLINK("x")', "s")
    assert (totals["E3"].value, totals["E3"].data_type) == ("=2025 （有误）", "s")
    wb.close()


def test_text_lines_wraps_as_a_spreadsheet_does():
    from desktop_app.core.batch import text_lines

    assert text_lines("门头沟区（十一）", 17.5) == 1  # a Chinese character takes 2.1
    assert text_lines("门头沟区（十一）", 12) == 2
    assert text_lines("mentougou-03", 13) == 1
    assert text_lines("a\nb", 20) == 2 and text_lines(None, 5) == 1 and text_lines("", 5) == 1
    assert text_lines("credit code does not", 12) == 2  # words kept whole
    assert text_lines("x" * 25, 10) == 3  # a word longer than the column is broken


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_with_ids_or_labels_in_either_encoding(tmp_path, encoding):
    text = ("企业名称,company.uscc,注册所在区,是否属于信息传输、软件和信息技术服务业,"
            "评估年度（申报所依据数据的年度）,mentougou.quality_firm,ai.compute_cost_yuan,序号\n"
            f"北京示例智算科技有限公司,{USCC_A},门头沟,是,2025,是,\"2,000,000\",1\n"
            ",,,,,,,\n"
            "坏公司,,朝阳区,也许,2025,,,2\n")
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    done = run("batch", path, "--format", "jsonl", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["row"] for r in rows] == [2, 4]
    expected = assess_cli(tmp_path, GOOD[0][1] | {})
    assert rows[0]["results"] == expected["results"]
    assert rows[1]["error"] == "第4行 D列 是否属于信息传输、软件和信息技术服务业：" \
                               "应填 是、否 或 不确定，而不是“也许”"


def test_unreadable_rosters_exit_2_with_one_line(tmp_path):
    missing = run("batch", tmp_path / "none.xlsx")
    assert missing.returncode == 2 and "none.xlsx" in missing.stderr
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    done = run("batch", bad)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("企业名称,营业额度\n某公司,1\n", encoding="utf-8")
    done = run("batch", unknown)
    assert done.returncode == 2
    assert "第1行 B列 “营业额度”" in done.stderr
    txt = tmp_path / "roster.docx"
    txt.write_text("x", encoding="utf-8")
    assert run("batch", txt).returncode == 2


def test_the_summary_is_never_written_over_the_roster(filled, tmp_path):
    """`batch R.xlsx -o R.xlsx` (or by another path to it) replaced every firm's data with
    the summary, and exited 0."""
    path, _ = filled
    before = path.read_bytes()
    for output in (path, tmp_path / "sub" / ".." / path.name):
        (tmp_path / "sub").mkdir(exist_ok=True)
        done = run("batch", path, "-o", output, "--as-of", AS_OF)
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "花名册本身" in done.stderr
        assert done.stdout == ""  # refused before any row
    assert path.read_bytes() == before


def test_the_summary_replaces_only_a_summary(filled, tmp_path):
    """Another workbook at the summary's name (a second roster, filled in) is not written
    over; an earlier summary is, as a second run's output."""
    path, _ = filled
    other = tmp_path / "another-roster.xlsx"
    other.write_bytes(path.read_bytes())
    done = run("batch", path, "-o", other, "--as-of", AS_OF)
    assert done.returncode == 2 and "不是本工具写的汇总表" in done.stderr
    assert other.read_bytes() == path.read_bytes()
    summary = tmp_path / "summary.xlsx"
    for _ in range(2):
        assert run("batch", path, "-o", summary, "--as-of", AS_OF).returncode == 0


def test_roster_template_refuses_another_type_or_an_existing_file(filled, tmp_path):
    """A template named .csv held xlsx bytes that `batch` then could not read; one written
    over a filled-in roster emptied it without a word."""
    path, _ = filled
    before = path.read_bytes()
    done = run("roster-template", "-o", path)
    assert done.returncode == 2 and "文件已存在" in done.stderr
    assert path.read_bytes() == before
    for name in ("t.csv", "t", "t.docx"):
        done = run("roster-template", "-o", tmp_path / name)
        assert done.returncode == 2 and ".xlsx" in done.stderr, name
        assert not (tmp_path / name).exists()


def test_rows_of_one_firm_and_year_are_named_when_stored(tmp_path):
    """The library keeps one case of a firm and year: a roster with the same firm twice
    said "stored: 3" and put one row in the 回收站 without a word."""
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      f"甲公司,{USCC_A},门头沟区,2025\n"
                      f"乙公司,{USCC_B},东城区,2025\n"
                      f"甲公司（更正）,{USCC_A},门头沟区,2025\n", encoding="utf-8")
    done = run("batch", roster, "--store", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "第4行与第2行为同一企业同一年度：企业库只保留一个案例（第4行的）" in done.stderr
    assert "已存入企业库 stored: 2" in done.stderr
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert sorted(r["name"] for r in listed) == ["乙公司", "甲公司（更正）"]


def test_a_firm_stored_by_name_then_with_its_code_is_one_case(tmp_path):
    """A firm stored with its name only, then (cases import, batch --store) with the same
    name and its credit code for the same year: two cases of one firm-year stood side by
    side. Now the later takes the earlier's place (that one to the 回收站), as a same
    firm-year case does; a firm of the same name with another code stays apart."""
    def profile_file(name: str, **facts) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"company.district": "mentougou", "assessment.year": 2025,
                                    **facts}, ensure_ascii=False), encoding="utf-8")
        return path

    def listed(*extra: str) -> list[dict]:
        return json.loads(run("cases", "list", "--format", "json", *extra).stdout)

    done = run("cases", "import", profile_file("a.json", **{"company.name": "甲公司"}))
    assert done.returncode == 0, done.stderr
    roster = tmp_path / "roster.csv"
    roster.write_text(f"企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      f"甲公司,{USCC_A},门头沟区,2025\n", encoding="utf-8")
    done = run("batch", roster, "--store", "--as-of", AS_OF)
    assert "已存入企业库 stored: 1" in done.stderr
    assert [(c["name"], c["uscc"]) for c in listed()] == [("甲公司", USCC_A)]
    assert [c["case_id"] for c in listed("--deleted")] == [1]
    # by cases import, said as a same firm-year case is said
    run("cases", "import", profile_file("b.json", **{"company.name": "乙公司"}))
    done = run("cases", "import", profile_file("b2.json", **{"company.name": "乙公司",
                                                             "company.uscc": USCC_B}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("→ 案例 case 4（同年度旧案例 3 已移入回收站）")
    # never two different codes
    other = "91110108MA01ABCD2H"
    assert run("cases", "import", profile_file("c.json", **{
        "company.name": "甲公司", "company.uscc": other})).returncode == 0
    assert sorted((c["name"], c["uscc"]) for c in listed()) == [
        ("乙公司", USCC_B), ("甲公司", other), ("甲公司", USCC_A)]
    # in one roster: the row with the code is named as the same firm and year
    data = tmp_path / "fresh"
    roster.write_text(f"企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      f"丙公司,,门头沟区,2025\n丙公司,{USCC_A},门头沟区,2025\n",
                      encoding="utf-8")
    done = subprocess.run([*COMMAND, "batch", str(roster), "--store", "--as-of", AS_OF],
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env=dict(os.environ, POLICY_SELFCHECK_DATA=str(data)))
    assert "已存入企业库 stored: 1" in done.stderr
    assert "第3行与第2行为同一企业同一年度：企业库只保留一个案例（第3行的）" in done.stderr
    # and the other way round: by name only after the row with the code (the library gives
    # the later row the firm's code); two codes of one name leave it apart
    roster.write_text(f"企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      f"丁公司,{USCC_B},门头沟区,2025\n丁公司,,门头沟区,2025\n"
                      f"戊公司,{USCC_A},门头沟区,2025\n戊公司,91110108MA01ABCD2H,门头沟区,2025\n"
                      f"戊公司,,门头沟区,2025\n", encoding="utf-8")
    done = subprocess.run([*COMMAND, "batch", str(roster), "--store", "--as-of", AS_OF],
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env=dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "two")))
    assert "第3行与第2行为同一企业同一年度：企业库只保留一个案例（第3行的）" in done.stderr
    assert "已存入企业库 stored: 4" in done.stderr and "第6行与" not in done.stderr
    codes = {(c["name"], c["uscc"]) for c in json.loads(subprocess.run(
        [*COMMAND, "cases", "list", "--format", "json"], capture_output=True, text=True,
        encoding="utf-8", env=dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "two"))
    ).stdout)}
    assert ("丁公司", USCC_B) in codes and ("丁公司", None) not in codes
    assert ("戊公司", None) in codes


def test_a_row_with_every_item_open_is_not_read_as_nothing_to_claim(tmp_path):
    """A row with a name only read "可申报0项，合计上限 0 元", as if the firm could claim
    nothing, where every item is still open and its district unknown."""
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,注册所在区,assessment.year\n甲公司,,2025\n乙公司,东城区,2025\n",
                      encoding="utf-8")
    done = run("batch", roster, "--as-of", AS_OF)
    first, second = done.stdout.splitlines()
    rows = [json.loads(line) for line in run("batch", roster, "--as-of", AS_OF, "--format",
                                             "jsonl").stdout.splitlines()]
    opened = [sum(r["verdict"] == "uncertain" for r in row["results"]) for row in rows]
    assert opened[0] == len(rows[0]["results"])  # every item open
    assert first == (f"第2行 甲公司：可申报0项，合计上限 0 元；待确认{opened[0]}项"
                     "（注册所在区未填写，适用哪区政策尚不能判断）")
    assert second.startswith(f"第3行 乙公司：可申报0项，合计上限 0 元；待确认{opened[1]}项")
    assert "注册所在区未填写" not in second


def test_a_second_run_keeps_the_drafts_of_the_first_and_repeats_are_named(tmp_path):
    """Run again the same day, `batch --drafts` wrote over the first run's drafts, which a
    consultant may have edited in Word; two rows of one firm and year gave two drafts
    without a word unless --store was given."""
    from zipfile import ZipFile

    roster = tmp_path / "roster.csv"
    roster.write_text(f"企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      f"甲公司,{USCC_A},门头沟区,2025\n甲公司,{USCC_A},门头沟区,2025\n",
                      encoding="utf-8")
    drafts = tmp_path / "drafts"
    first = run("batch", roster, "--as-of", AS_OF, "--drafts", drafts)
    assert "第3行与第2行为同一企业同一年度，请核对用哪一行" in first.stderr
    (edited,) = [p for p in drafts.iterdir() if p.name.startswith("00002-")]
    edited.write_bytes(b"edited in Word")
    again = run("batch", roster, "--as-of", AS_OF, "--drafts", drafts)
    assert again.returncode == 0, again.stderr
    assert edited.read_bytes() == b"edited in Word"
    beside = edited.with_name(f"{edited.stem} (2){edited.suffix}")
    assert f"第2行：同名草稿已存在（可能已修改），未覆盖，新草稿为 {beside.name}" in again.stderr
    with ZipFile(beside) as z:
        assert "甲公司" in z.read("word/document.xml").decode("utf-8")
    assert len(list(drafts.iterdir())) == 4


def test_rows_with_neither_name_nor_code_are_assessed_not_stored(tmp_path):
    """Such rows were stored again on every run of the roster, cases nobody could find.
    Now each is assessed and printed as before, and one line says it was not stored."""
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,统一社会信用代码,注册所在区,assessment.year\n"
                      ",,门头沟区,2025\n乙公司,,东城区,2025\n,,东城区,2025\n",
                      encoding="utf-8")
    plain = run("batch", roster, "--format", "jsonl", "--as-of", AS_OF)
    for _ in range(2):
        done = run("batch", roster, "--store", "--format", "jsonl", "--as-of", AS_OF)
        assert done.returncode == 0, done.stderr
        assert done.stdout == plain.stdout  # the contract's rows, unchanged by --store
        assert "已存入企业库 stored: 1" in done.stderr
        for row in (2, 4):
            assert (f"第{row}行未存入企业库：既无企业名称也无统一社会信用代码，存入后无法查找 / "
                    f"row {row} was not stored in the library: it has neither a firm name "
                    f"nor a credit code to find it again by") in done.stderr.splitlines()
        assert "第3行未存入" not in done.stderr
    rows = [json.loads(line) for line in plain.stdout.splitlines()]
    assert [(r["row"], r["name"], r["error"]) for r in rows] == [
        (2, None, None), (3, "乙公司", None), (4, None, None)]
    assert all(r["totals"] is not None and r["results"] for r in rows)
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert [c["name"] for c in listed] == ["乙公司"]
    text = run("batch", roster, "--store", "--as-of", AS_OF)  # the text lines too
    assert text.stdout.splitlines()[0].startswith("第2行 （未填企业名称）：可申报")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_ctrl_c_during_store_says_how_many_cases_were_stored(tmp_path):
    """It said only "已中断 / interrupted": had anything been stored? Now the one line says
    how many cases are in the library, and each of them is whole (assessed)."""
    import signal

    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,注册所在区,assessment.year\n" + "".join(
        f"企业{i:05d},门头沟区,2025\n" for i in range(6000)), encoding="utf-8")
    proc = subprocess.Popen([*COMMAND, "batch", str(roster), "--store", "--as-of", AS_OF],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    for line in proc.stdout:  # past the first chunk of rows stored (batch.STORE_CHUNK)
        if int(line[1:line.index("行")]) > 700:
            proc.send_signal(signal.SIGINT)
            break
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert 500 <= len(listed) < 6000
    assert err.strip() == (f"已中断：已存入企业库{len(listed)}个案例（均完整），其余行未存入 / "
                           f"interrupted: {len(listed)} cases were stored in the library, "
                           f"each whole; the other rows were not")
    assert all(c["assessed_at"] and c["eligible_total"] is not None for c in listed)


def test_values_in_a_column_with_no_name_are_said_not_read(tmp_path):
    """A note typed in a column left unnamed, a cell beyond the header: they were dropped
    without a word. The rows are still assessed; one line a column says so."""
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,注册所在区,,assessment.year\n"
                      "甲公司,门头沟区,备注内容,2025\n"
                      "乙公司,东城区,,2025,多出来\n", encoding="utf-8")
    done = run("batch", roster, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "共2行：已评估2" in done.stderr
    assert "C列有内容但没有列名，未读取（首见于第2行）" in done.stderr
    assert "E列有内容但没有列名，未读取（首见于第3行）" in done.stderr
    named = tmp_path / "named.csv"
    named.write_text("企业名称,注册所在区\n甲公司,门头沟区\n", encoding="utf-8")
    assert "未读取" not in run("batch", named, "--as-of", AS_OF).stderr


def test_a_consultants_own_columns_are_kept_by_naming_them_notes(tmp_path):
    """A column of the consultant's own (客户经理) refuses the roster, and the line says how
    to keep it: a header that begins 备注 is not read, whatever follows."""
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,注册所在区,客户经理\n甲公司,门头沟区,王五\n", encoding="utf-8")
    done = run("batch", roster, "--as-of", AS_OF)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "表头请以“备注”开头，如“备注-客户经理”" in done.stderr
    roster.write_text("企业名称,注册所在区,备注-客户经理,Notes 2\n甲公司,门头沟区,王五,x\n",
                      encoding="utf-8")
    done = run("batch", roster, "--as-of", AS_OF, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout.splitlines()[0])
    assert row["error"] is None and row["name"] == "甲公司"
    assert "未读取" not in done.stderr


def test_drafts_store_list_and_reassess(filled, tmp_path):
    path, _ = filled
    drafts = tmp_path / "drafts"
    done = run("batch", path, "--as-of", AS_OF, "--drafts", drafts, "--store")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("第3行 北京示例智算科技有限公司：可申报")
    assert lines[2].startswith("第6行 B列 统一社会信用代码")
    written = sorted(p.name for p in drafts.iterdir())
    assert len(written) == 2 and written[0].startswith("00003-") and \
        written[0].endswith(".docx")
    from zipfile import ZipFile

    with ZipFile(drafts / written[0]) as z:  # the firm's name is in its basic-facts table
        assert "北京示例智算科技有限公司" in z.read("word/document.xml").decode("utf-8")
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert sorted(c["uscc"] for c in listed) == sorted([USCC_A, USCC_B])
    found = json.loads(run("cases", "list", "--search", "紫金云", "--format", "json").stdout)
    assert [c["uscc"] for c in found] == [USCC_B]
    # the same roster again replaces nothing and adds nothing
    run("batch", path, "--as-of", AS_OF, "--store")
    assert len(json.loads(run("cases", "list", "--format", "json").stdout)) == 2
    again = run("cases", "reassess", "--as-of", AS_OF, "--format", "json")
    assert again.returncode == 0, again.stderr
    out = json.loads(again.stdout)
    assert sorted(c["uscc"] for c in out) == sorted([USCC_A, USCC_B])
    assert all(c["changed"] == [] and set(c) == {"case", "name", "uscc", "changed"}
               for c in out)


def test_cases_import_delete_restore(tmp_path):
    good = tmp_path / "firm.pscase"
    good.write_text(json.dumps({"format": "policy-selfcheck-case", "version": 1,
                                "profile": GOOD[1][1], "meta": {}}, ensure_ascii=False),
                    encoding="utf-8")
    bad = tmp_path / "bad.pscase"
    bad.write_text("[", encoding="utf-8")
    done = run("cases", "import", good, bad)
    assert done.returncode == 2  # one file was bad; the other is in
    assert "bad.pscase" in done.stderr and "firm.pscase → 案例 case 1" in done.stdout
    (row,) = json.loads(run("cases", "list", "--format", "json").stdout)
    assert row["assessed_at"] and row["eligible_total"] is not None  # assessed as taken in
    assert run("cases", "delete", "1").returncode == 0
    twice = run("cases", "delete", "1")  # said, not claimed done again
    assert twice.returncode == 2 and "案例 1 已在回收站中" in twice.stderr
    assert json.loads(run("cases", "list", "--format", "json").stdout) == []
    text = run("cases", "list", "--deleted").stdout
    assert "东城紫金云数据服务有限公司" in text
    total = f"{row['eligible_total']:,}"
    assert f"可申报合计 不超过 {total} 元" in text  # an upper bound, said as one
    assert run("cases", "restore", "1").returncode == 0
    again = run("cases", "restore", "1")
    assert again.returncode == 2 and "案例 1 不在回收站中" in again.stderr
    assert len(json.loads(run("cases", "list", "--format", "json").stdout)) == 1
    missing = run("cases", "delete", "99")
    assert missing.returncode == 2 and "99" in missing.stderr


def _case_file(path: Path, requested: int, description: str) -> Path:
    """A case file of GOOD[0]'s firm asking `requested` for mentougou-03."""
    path.write_text(json.dumps({
        "format": "policy-selfcheck-case", "version": 1, "profile": GOOD[0][1], "meta": {},
        "application": {"items": {"mentougou-03": {"requested_yuan": requested,
                                                   "description": description}}}},
        ensure_ascii=False), encoding="utf-8")
    return path


def test_cases_export_writes_a_stored_case_with_its_entries(tmp_path):
    """`cases export ID -o OUT`: the stored case's draft, assessed afresh, with its
    requested amounts and descriptions; the case marked 已导出. Bad input: one line, 2."""
    from docx import Document

    case = _case_file(tmp_path / "firm.pscase", 123456, "算力租用项目")
    assert run("cases", "import", case).returncode == 0
    out = tmp_path / "draft.docx"
    done = run("cases", "export", "1", "-o", out, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "算力租用项目" in text and "申请金额：123,456 元" in text
    (row,) = json.loads(run("cases", "list", "--format", "json").stdout)
    assert row["status"] == "exported"
    assert run("cases", "delete", "1").returncode == 0
    for argv, says in ((("99", "-o", out), "99"), (("1", "-o", tmp_path / "x.txt"), ".txt"),
                       (("1", "-o", tmp_path / "x"), "没有扩展名"),
                       (("1", "-o", out), "在回收站中，请先恢复再导出")):
        bad = run("cases", "export", *argv)
        assert bad.returncode == 2 and says in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_cases_import_takes_a_corrected_application_and_refuses_a_bad_one(tmp_path):
    """The same firm's file again with the requested amount corrected: the library's case
    gives way to it (the old one to the 回收站). It kept the old amount without a word.
    A file whose application the drafts refuse (a negative amount) is not taken in."""
    from docx import Document

    def case_file(name: str, requested: int) -> Path:
        return _case_file(tmp_path / name, requested, f"说明{requested}")

    assert run("cases", "import", case_file("a.pscase", 100000)).returncode == 0
    again = run("cases", "import", case_file("a.pscase", 100000))
    assert again.returncode == 0 and "回收站" not in again.stdout  # the same: kept as is
    done = run("cases", "import", case_file("b.pscase", 300000))
    assert done.returncode == 0, done.stderr
    assert "b.pscase → 案例 case 2（同年度旧案例 1 已移入回收站）" in done.stdout
    bad = run("cases", "import", case_file("c.pscase", -5))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "c.pscase" in bad.stderr and "mentougou-03" in bad.stderr
    (row,) = json.loads(run("cases", "list", "--format", "json").stdout)
    assert row["case_id"] == 2
    out = tmp_path / "draft.docx"
    assert run("cases", "export", "2", "-o", out, "--as-of", AS_OF).returncode == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "申请金额：300,000 元" in text and "说明300000" in text


def test_a_bare_profile_never_drops_a_cases_application(tmp_path):
    """A profile file (no application) of the same firm and year: the same profile keeps
    the case as it is; a changed one replaces it and the requested amounts come along.
    Both used to leave the case's application only in the 回收站."""
    from docx import Document

    case = _case_file(tmp_path / "a.pscase", 123456, "算力租用项目")
    assert run("cases", "import", case).returncode == 0
    same = tmp_path / "same.json"
    same.write_text(json.dumps(GOOD[0][1], ensure_ascii=False), encoding="utf-8")
    done = run("cases", "import", same)
    assert done.returncode == 0 and "回收站" not in done.stdout and "case 1" in done.stdout
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps({**GOOD[0][1], "ai.compute_cost_yuan": 3_000_000},
                                  ensure_ascii=False), encoding="utf-8")
    assert "已移入回收站" in run("cases", "import", changed).stdout
    (row,) = json.loads(run("cases", "list", "--format", "json").stdout)
    out = tmp_path / "draft.docx"
    assert run("cases", "export", str(row["case_id"]), "-o", out, "--as-of",
               AS_OF).returncode == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "申请金额：123,456 元" in text and "算力租用项目" in text


def test_cases_import_refuses_invalid_profiles_and_keeps_the_good_case(tmp_path):
    """An invalid file of the same firm and year neither enters the library nor pushes
    the valid case into the 回收站; each bad file is one line naming file and fact."""
    firm = GOOD[1][1]

    def case_file(name: str, profile: dict) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"format": "policy-selfcheck-case", "version": 1,
                                    "profile": profile}, ensure_ascii=False), encoding="utf-8")
        return path

    c1 = case_file("c1.pscase", firm)
    c2 = case_file("c2.pscase", dict(firm, **{"cloud.zijin_contract_yuan": -1}))
    negative = SHARED / "acceptance" / "examples" / "bad-negative-money.json"
    c3 = case_file("c3.pscase", dict(firm, **{"company.uscc": USCC_B.lower(),
                                              "company.name": "东城紫金云（小写代码）"}))
    done = run("cases", "import", c1, c2, negative, c3)
    assert done.returncode == 2
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 2, done.stderr
    assert "c2.pscase" in errors[0] and "cloud.zijin_contract_yuan" in errors[0]
    assert "不能为负数" in errors[0]
    assert "bad-negative-money.json" in errors[1] and "ai.compute_cost_yuan" in errors[1]
    assert "c1.pscase → 案例 case 1" in done.stdout
    # c3 is the same firm (its code in lower case is the same code): it replaces c1
    assert "c3.pscase → 案例 case 2（同年度旧案例 1 已移入回收站）" in done.stdout
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert [(c["case_id"], c["uscc"]) for c in listed] == [(2, USCC_B)]
    binned = json.loads(run("cases", "list", "--deleted", "--format", "json").stdout)
    assert [c["case_id"] for c in binned] == [1]
    # only bad files: nothing stored, exit 2; all good: exit 0
    assert run("cases", "import", c2).returncode == 2
    assert len(json.loads(run("cases", "list", "--format", "json").stdout)) == 1
    assert run("cases", "import", c1).returncode == 0
    assert "2" in run("cases", "import", "--help").stdout


def test_xlsx_and_csv_rosters_read_alike(tmp_path):
    """A negative amount, a lower-case credit code: the same words from an XLSX cell (a
    number) and a CSV cell (text), and the same as `assess`; an ineligible item's bound in
    明细 is 0, as `assess` gives it."""
    from openpyxl import Workbook

    header = ["企业名称", "统一社会信用代码", "注册所在区", "assessment.year",
              "ai.compute_cost_yuan"]
    rows = [["负数公司", None, "门头沟区", 2025, -5],
            ["小写代码公司", USCC_B.lower(), "东城区", 2025, 1000000]]
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    for values in [header, *rows]:
        ws.append(values)
    xlsx = tmp_path / "r.xlsx"
    wb.save(xlsx)
    csv = tmp_path / "r.csv"
    csv.write_text("\n".join(",".join("" if v is None else str(v) for v in values)
                             for values in [header, *rows]) + "\n", encoding="utf-8")
    out = {}
    for path in (xlsx, csv):
        summary = tmp_path / f"{path.suffix[1:]}-汇总.xlsx"
        done = run("batch", path, "--format", "jsonl", "--as-of", AS_OF, "-o", summary)
        assert done.returncode == 0, done.stderr
        out[path.suffix] = [json.loads(line) for line in done.stdout.splitlines()]
        detail = list(load_workbook(summary, read_only=True)["明细"].iter_rows(values_only=True))
        i = detail[0].index("门头沟区（三）\n结论\nmentougou-03")
        assert detail[1][i:i + 2] == ("不符合", 0)  # the Dongcheng firm, in Mentougou
    xlsx_rows, csv_rows = out[".xlsx"], out[".csv"]
    assert xlsx_rows[0]["error"] == csv_rows[0]["error"]
    assert "不能为负数（-5）" in xlsx_rows[0]["error"] and "E列" in xlsx_rows[0]["error"]
    negative = tmp_path / "neg.json"
    negative.write_text(json.dumps({"ai.compute_cost_yuan": -5}), encoding="utf-8")
    assessed = run("assess", negative)
    assert assessed.returncode == 2 and "不能为负数（-5）" in assessed.stderr
    for got in (xlsx_rows[1], csv_rows[1]):
        assert got["error"] is None and got["uscc"] == USCC_B  # stored in capitals
    lower = tmp_path / "lower.json"
    lower.write_text(json.dumps({"company.uscc": USCC_B.lower()}), encoding="utf-8")
    assert run("assess", lower).returncode == 0
    lower.write_text(json.dumps({"company.uscc": "9111010" + "i" * 11}), encoding="utf-8")
    refused = run("assess", lower)
    assert refused.returncode == 2 and "不允许的字符“I”" in refused.stderr
    assert "大写" not in refused.stderr  # lower case is accepted; only I is wrong


def test_open_roster_reads_rows_lazily(tmp_path, db):
    """The reader streams rows (no list of 10,000 profiles held)."""
    path = tmp_path / "r.csv"
    path.write_text("company.name\n" + "".join(f"公司{i}\n" for i in range(5)),
                    encoding="utf-8")
    roster = open_roster(path, db)
    rows = roster.profiles()
    first = next(rows)
    assert (first.row, first.profile, first.error) == (2, {"company.name": "公司0"}, None)
    assert len(list(rows)) == 4


def test_the_batch_line_says_whose_money_the_new_firms_item_is(tmp_path):
    """A Chaoyang headquarters founding a Dongcheng firm: its total holds dongcheng-07's
    bound (as assess counts it), and the line says the new firm applies for it."""
    roster = tmp_path / "hq.csv"
    clean = ["compliance.lawful_and_sound_finance"] + [f"compliance.{k}" for k in (
        "major_safety_accident", "major_pollution_accident", "serious_quality_problem",
        "serious_dishonesty", "tax_evasion_case", "on_blacklist")]
    roster.write_text("企业名称,注册所在区,assessment.year,company.is_digital_economy_core,"
                      "company.is_hq_or_leading,"
                      "invest.new_digital_subsidiary_paid_in_yuan," + ",".join(clean) + "\n"
                      "朝阳总部集团,朝阳区,2025,是,是,60000000,是" + ",否" * 6 + "\n",
                      encoding="utf-8")
    done = run("batch", roster, "--as-of", AS_OF)
    assert "合计上限 6,000,000 元（其中 6,000,000 元由新涵养企业申报）" in done.stdout


def test_verdicts_without_words_equal_assess(db):
    """The summary's and the library's quick path gives assess's verdicts, bounds, totals."""
    import dataclasses
    from datetime import date

    from desktop_app.core.assess import assess, assess_verdicts

    day = date.fromisoformat(AS_OF)
    begun = {"company.district": "mentougou", "company.is_info_software": True,
             "mentougou.quality_firm": True, "ai.compute_cost_yuan": 1000000,
             "ai.model_api_cost_yuan": 200000, "invest.fixed_asset_yuan": 3000000,
             "scenario.funding_received_yuan": 500000}
    separate = dict(begun, **{"stacking.separate_projects": ["mentougou-ai-project"]})
    profiles = [p for _, p in GOOD] + [{}, {"company.district": "dongcheng",
                                            "compliance.on_blacklist": True}, begun, separate]
    for profile in profiles:
        full, quick = assess(profile, db, day), assess_verdicts(profile, db, day)
        assert quick.totals == full.totals
        assert [(r.item_id, r.verdict, r.max_amount_yuan, r.missing_facts, r.criteria,
                 r.counted_in_total, r.beneficiary) for r in quick.results] == \
            [(r.item_id, r.verdict, r.max_amount_yuan, r.missing_facts, r.criteria,
              r.counted_in_total, r.beneficiary) for r in full.results]
        assert dataclasses.asdict(quick.totals) == full.to_json()["totals"]
    # the examples reach what the totals distinguish: begun items, separate projects
    full = assess(begun, db, day).totals
    assert full.uncertain_total_yuan > 0 and full.not_started_items
    assert assess(separate, db, day).totals.eligible_total_if_separate_yuan > 0


@pytest.mark.parametrize("fact_id, typed, value", [
    ("company.is_sme", "是", True), ("company.is_sme", "否", False),
    ("company.is_sme", "不确定", None), ("company.is_sme", 1, True),
    ("company.district", "东城区", "dongcheng"), ("company.district", "东城", "dongcheng"),
    ("company.district", "Dongcheng", "dongcheng"), ("company.district", "dongcheng", "dongcheng"),
    ("ai.compute_cost_yuan", "100万", 1000000), ("ai.compute_cost_yuan", "1,200,000", 1200000),
    ("ai.compute_cost_yuan", 1500000.0, 1500000), ("assessment.year", "2025", 2025),
    ("assessment.year", 2025.0, 2025), ("company.uscc", USCC_B.lower(), USCC_B),
    ("stacking.separate_projects", "mentougou-ai-project，mentougou-expansion",
     ["mentougou-ai-project", "mentougou-expansion"]),
])
def test_cells_read_as_the_wizard_reads_them(db, fact_id, typed, value):
    from desktop_app.core.typed import read_typed

    assert read_typed(db.facts[fact_id], typed) == value


@pytest.mark.parametrize("fact_id, typed, words", [
    ("company.is_sme", "也许", "应填 是、否 或 不确定"),
    ("company.district", "火星", "未知的取值“火星”"),
    ("ai.compute_cost_yuan", "12.345", "整元"),
    ("assessment.year", "明年", "年份"),
    ("stacking.separate_projects", "no-such-group", "no-such-group"),
])
def test_bad_cells_name_the_fact(db, fact_id, typed, words):
    from desktop_app.core.facts import ProfileError
    from desktop_app.core.typed import read_typed

    with pytest.raises(ProfileError) as err:
        read_typed(db.facts[fact_id], typed)
    assert err.value.fact == fact_id and words in err.value.zh


def test_a_renamed_roster_sheet_and_merged_labels_are_read(filled, tmp_path, db):
    """The 花名册 sheet renamed Sheet1 had the 填写说明 sheet read as the roster; labels
    merged across three columns left two of them "not read" though their fact ids stood
    in row 2, and the firms were assessed with no district (a reviewer's workbooks)."""
    from desktop_app.core.roster import open_roster

    path, col = filled
    wb = load_workbook(path)
    ws = wb["花名册"]
    ws.title = "Sheet1"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    odd = tmp_path / "odd.xlsx"
    wb.save(odd)
    wb.close()
    roster = open_roster(odd, db)
    read = {fact.fact_id for _, fact in roster.columns}
    roster.close()
    assert {ws.cell(row=2, column=c).value for c in (1, 2, 3)} <= read
    assert "company.district" in read
    done = run("batch", odd, "--as-of", AS_OF)
    assert "未读取" not in done.stderr
    assert "不是事实编号" not in done.stderr


def test_ctrl_c_with_drafts_and_a_summary_says_what_is_on_disk(tmp_path):
    """Interrupted with --drafts and -o, it said nothing of the drafts already written nor
    of the summary not written (a reviewer's 67 drafts)."""
    import signal

    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,注册所在区,assessment.year\n" + "".join(
        f"企业{i:04d},门头沟区,2025\n" for i in range(400)), encoding="utf-8")
    drafts, summary = tmp_path / "drafts", tmp_path / "汇总.xlsx"
    proc = subprocess.Popen([*COMMAND, "batch", str(roster), "--drafts", str(drafts), "-o",
                             str(summary), "--as-of", AS_OF], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    for line in proc.stdout:
        if int(line[1:line.index("行")]) > 4:
            proc.send_signal(signal.SIGINT)
            break
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    written = len(list(drafts.glob("*.docx")))
    assert written >= 1
    assert err.strip() == (f"已中断：已写出{written}份草稿到 {drafts}（均完整）；"
                           f"汇总表未写出（{summary}） / interrupted: {written} drafts were "
                           f"written to {drafts}, each whole; the summary was not written "
                           f"({summary})")
    assert not summary.exists()


def test_a_value_merged_down_several_rows_is_read_for_each_and_said(tmp_path, db):
    """注册所在区 merged over two firms' rows: the second firm was assessed as 未填写
    without a word (a reviewer's roster)."""
    from openpyxl import Workbook

    from desktop_app.core.roster import open_roster

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["企业名称", "注册所在区", "assessment.year"])
    ws.append(["甲公司", "门头沟区", 2025])
    ws.append(["乙公司", None, 2025])
    ws.append(["丙公司", "东城区", 2025])
    ws.merge_cells("B2:B3")
    ws.merge_cells("A5:C5")  # along one row: not filled down
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    roster = open_roster(path, db)
    rows = list(roster.profiles())
    roster.close()
    assert [r.profile.get("company.district") for r in rows] == [
        "mentougou", "mentougou", "dongcheng"]
    assert any(line.startswith("合并单元格 B2:B3：其值已按所跨各行分别读取")
               for line in roster.unread_lines())
    done = run("batch", path, "--as-of", AS_OF)
    assert done.returncode == 0 and "合并单元格 B2:B3" in done.stderr
