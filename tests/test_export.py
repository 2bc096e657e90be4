"""The exported checklist, read back: DOCX, PDF, HTML, XLSX; atomic writes; the command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.assess import assess
from desktop_app.core.case_file import read_profile
from desktop_app.export import ExportError, export_report
from desktop_app.export.context import build_context

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "acceptance" / "examples"
AS_OF = date(2026, 11, 22)
EVIL_NAME = 'A<script>alert("x")</script> & \'Q\' "D"\x01\x0b\x1f 公司'
EVIL_CLEAN = 'A<script>alert("x")</script> & \'Q\' "D" 公司'


def _assessed(profile: dict, db):
    """The report for a profile whose name holds control characters: assess refuses those
    (a profile's text is one clean line), yet a draft must still strip them from a name
    that reaches it some other way (a case stored by an earlier version)."""
    return assess({**profile, "company.name": EVIL_CLEAN}, db, AS_OF)
CHECK_NAME = "北京自立门户科技有限公司"


def example(name: str) -> dict:
    return read_profile(EXAMPLES / f"{name}.json")


@pytest.fixture(scope="module")
def ai_profile():
    return example("mentougou-ai-and-data")


@pytest.fixture(scope="module")
def ai_report(db, ai_profile):
    return assess(ai_profile, db, AS_OF)


def _eligible(report):
    return [r for r in report.results if r.verdict == "eligible"]


# ---- the shared context ---------------------------------------------------------------------

def test_context_amounts_are_upper_bounds(db, ai_report, ai_profile):
    ctx = build_context(ai_report, db, ai_profile, "zh")
    rows = {r["item_id"]: r for r in ctx["claim_rows"]}
    # Only the firm's own district (Mentougou) is in the body.
    assert rows and all(i.startswith("mentougou-") for i in rows)
    assert rows["mentougou-03"]["bound_text"] == "400,000"
    assert rows["mentougou-03"]["requested"] == 400000  # default: the bound
    assert rows["mentougou-03"]["verdict_label"] == db.msg("verdict.eligible")
    counted = [r for r in ctx["claim_rows"] if r["counted"]]
    assert ctx["totals"]["requested"] == sum(r["requested"] for r in counted)
    assert ctx["totals"]["bound"] == ai_report.totals.eligible_total_yuan
    assert {d["item_id"] for d in ctx["items"]} == set(rows)
    # An application says nothing of another district's measures (nothing for its bureau
    # to read; dongcheng-07, still open to this firm, is on the results page).
    assert ctx["other_districts"] == []
    assert ai_report.result("dongcheng-07").verdict != "ineligible"
    assert all(g["rows"] and all(r["item_id"].startswith("mentougou-") for r in g["rows"])
               for g in ctx["appendix_ineligible"])
    d03 = next(d for d in ctx["items"] if d["item_id"] == "mentougou-03")
    assert d03["clause_paragraphs"] == [db.item_by_id["mentougou-03"].text]
    assert {"label": db.fact("ai.compute_cost_yuan").zh, "value": "2,000,000 元",
            "known": True} in d03["facts"]
    assert all(m["note"] == "（建议准备 · 条款未规定）" for m in d03["materials"])
    assert all(c["box"] in "☐☑☒○" for c in d03["conditions"])
    # an application's questions for the bureau are the firm's, in the appendix it removes
    assert d03["ask_bureau"] == []
    a03 = next(a for a in ctx["appendix_items"] if a["item_id"] == "mentougou-03")
    assert [f"需向主管部门确认：{q}" for q in ai_report.result("mentougou-03").ask_bureau] \
        == a03["reasons"][-len(ai_report.result("mentougou-03").ask_bureau):]
    mentougou = db.policies["mentougou"]
    assert any(mentougou.third_party_warning in n["text"] and mentougou.phone in n["text"]
               and n["source"].startswith(mentougou.bureau) for n in ctx["notices"])
    assert db.msg("reason.draft") in ctx["tool_notes"]


def test_context_english_keeps_clause_text(db, ai_report, ai_profile):
    ctx = build_context(ai_report, db, ai_profile, "en")
    d03 = next(d for d in ctx["items"] if d["item_id"] == "mentougou-03")
    assert d03["clause_paragraphs"] == [db.item_by_id["mentougou-03"].text]
    assert d03["benefit"] == db.item_by_id["mentougou-03"].benefit_en
    assert "at most 400,000 yuan" in d03["requested_line"]
    assert d03["verdict_label"] == "Eligible"


def test_context_strips_xml_invalid_characters(db):
    profile = {"company.name": EVIL_NAME, "company.district": "mentougou"}
    ctx = build_context(_assessed(profile, db), db, profile)
    assert ctx["firm_name"] == EVIL_CLEAN


# ---- DOCX -----------------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in doc.tables:
        cells(table)
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def test_docx_reads_back(db, ai_report, ai_profile, tmp_path):
    out = export_report(ai_report, db, ai_profile, tmp_path / "checklist.docx")
    text = docx_text(out)
    assert ai_profile["company.name"] in text
    assert ai_profile["company.uscc"] in text
    for r in _eligible(ai_report):
        assert r.article in text
        assert r.benefit in text
        assert f"不超过 {r.max_amount_yuan:,} 元" in text
        assert db.item_by_id[r.item_id].text in text
    assert f"{ai_report.totals.eligible_total_yuan:,}" in text
    assert db.msg("reason.draft") in text
    assert db.policies["mentougou"].third_party_warning in text
    assert db.msg("app.no_third_party") in text
    assert "建议准备 · 条款未规定" in text
    assert "{{" not in text and "{%" not in text
    from docx import Document

    section = Document(str(out)).sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.1 and abs(section.page_height.cm - 29.7) < 0.1


def test_docx_user_text_is_data(db, tmp_path):
    profile = {**example("mentougou-ai-and-data"), "company.name": EVIL_NAME}
    out = export_report(_assessed(profile, db), db, profile, tmp_path / "evil.docx")
    text = docx_text(out)
    assert EVIL_CLEAN in text
    assert "&amp;" not in text and "&lt;" not in text


def test_docx_english(db, ai_report, ai_profile, tmp_path):
    out = export_report(ai_report, db, ai_profile, tmp_path / "en.docx", lang="en")
    text = docx_text(out)
    assert "Eligible" in text and "at most 400,000 yuan" in text
    assert db.item_by_id["mentougou-03"].text in text  # the clause stays verbatim
    assert db.item_by_id["mentougou-03"].benefit_en in text
    assert ai_report.result("mentougou-03").ask_bureau_en[0] in text
    assert "？" not in text  # the questions' mark is an English one in English


# ---- XLSX -----------------------------------------------------------------------------------

def xlsx_values(ws) -> list:
    return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def test_xlsx_reads_back(db, ai_report, ai_profile, tmp_path):
    from openpyxl import load_workbook

    out = export_report(ai_report, db, ai_profile, tmp_path / "checklist.xlsx")
    wb = load_workbook(out)
    summary, items, materials, appendix = wb.worksheets
    values = xlsx_values(summary)
    assert ai_profile["company.name"] in values and ai_profile["company.uscc"] in values
    assert ai_report.totals.eligible_total_yuan in values
    assert db.msg("reason.draft") in " ".join(map(str, values))
    assert [c.value for c in items[1]] == ["序号", "条款", "栏目", "内容"]
    assert items.freeze_panes == "A2"
    rows = list(items.iter_rows(min_row=2, values_only=True))
    articles = {r[1] for r in rows}
    fields = {(r[1], r[2]): r[3] for r in rows}
    for r in _eligible(ai_report):
        label = next(a for a in articles if fields.get((a, "支持内容")) == r.benefit)
        assert fields[label, "自评结论"] == db.msg("verdict." + r.verdict)
        assert f"{r.max_amount_yuan:,}" in fields[label, "申请金额"]
        # the clause text beside its item (printed at 3 pt once, then on a sheet of its own)
        assert db.item_by_id[r.item_id].text.splitlines()[0] in fields[label, "条款原文"]
    # the questions for the bureau on the appendix sheet the firm removes, not the items'
    assert ("（三）", "需向主管部门确认") not in fields
    appendix_text = " ".join(map(str, xlsx_values(appendix)))
    assert all(q in appendix_text for q in ai_report.result("mentougou-03").ask_bureau)
    # one named sans font on every cell, bold ones included
    assert {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.coordinate not in ws.merged_cells} == {"Microsoft YaHei"}
    assert materials.max_row > 1


def test_xlsx_text_never_becomes_a_formula(db, tmp_path):
    from openpyxl import load_workbook

    name = '=HYPERLINK("http://example.invalid","x")\x02'
    profile = {**example("mentougou-ai-and-data"), "company.name": name}
    report = assess({**profile, "company.name": name[:-1]}, db, AS_OF)
    out = export_report(report, db, profile, tmp_path / "f.xlsx")
    ws = load_workbook(out).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if c.value == name[:-1]]
    assert cells and all(c.data_type == "s" for c in cells)


# ---- PDF ------------------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_chinese_is_embedded_and_extractable(qapp, db, tmp_path):
    from pypdf import PdfReader

    profile = {**example("mentougou-ai-and-data"), "company.name": CHECK_NAME}
    report = assess(profile, db, AS_OF)
    out = export_report(report, db, profile, tmp_path / "checklist.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSansSCSubset" in f for f in fonts), fonts
    text = pdf_text(out)
    assert CHECK_NAME in text
    flat = re.sub(r"\s+", "", text)
    assert "不超过400,000元" in flat
    assert re.sub(r"\s+", "", db.msg("reason.draft")) in flat
    for r in _eligible(report):
        assert re.sub(r"\s+", "", r.article) in flat
    # No Kangxi radicals standing in for 门 自 目 ...
    assert not re.search("[\u2e80-\u2fdf]", text)
    # Headings are not drawn twice (Qt's synthetic bold would be extracted twice).
    first_page = reader.pages[0].extract_text()
    assert first_page.count("一、申报单位信息") == 1
    assert first_page.count("政策支持资金申报材料（草稿）") == 1


def test_pdf_html_escaping(qapp, db, tmp_path):
    profile = {**example("mentougou-ai-and-data"), "company.name": EVIL_NAME}
    out = export_report(_assessed(profile, db), db, profile, tmp_path / "evil.pdf")
    assert 'A<script>alert("x")</script> & \'Q\' "D"' in pdf_text(out)


# ---- HTML -----------------------------------------------------------------------------------

def test_html_escapes_user_text_and_is_self_contained(db, tmp_path):
    profile = {**example("mentougou-ai-and-data"), "company.name": EVIL_NAME}
    out = export_report(_assessed(profile, db), db, profile, tmp_path / "evil.html")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "A&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Q&#39; &#34;D&#34;" in html
    assert "\x01" not in html and "\x0b" not in html
    assert not re.search(r"<link|<img|src=|url\(|@import|https?://", html)
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_html_content(db, ai_report, ai_profile, tmp_path):
    import html as htmllib

    out = export_report(ai_report, db, ai_profile, tmp_path / "c.html")
    text = htmllib.unescape(out.read_text(encoding="utf-8"))
    for r in _eligible(ai_report):
        assert f"不超过 {r.max_amount_yuan:,} 元" in text
        assert db.item_by_id[r.item_id].text in text
        for question in r.ask_bureau:
            assert question in text
    assert db.policies["mentougou"].phone in text


# ---- errors and atomic writes ---------------------------------------------------------------

def test_unknown_suffix_and_folder_target(db, ai_report, ai_profile, tmp_path):
    with pytest.raises(ExportError, match="unsupported"):
        export_report(ai_report, db, ai_profile, tmp_path / "x.odt")
    with pytest.raises(ExportError, match="folder"):
        export_report(ai_report, db, ai_profile, tmp_path)


def test_failed_export_leaves_earlier_file_intact(db, ai_report, ai_profile, tmp_path,
                                                  monkeypatch):
    import desktop_app.export.docx as docx_mod

    target = tmp_path / "keep.docx"
    target.write_bytes(b"earlier export")

    def broken(ctx, path):
        path.write_bytes(b"half a docx")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(docx_mod, "write_docx", broken)
    with pytest.raises(ExportError, match="export failed"):
        export_report(ai_report, db, ai_profile, target)
    assert target.read_bytes() == b"earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.docx"]  # no temp file left


def test_locked_target_gives_export_error(db, ai_report, ai_profile, tmp_path, monkeypatch):
    """Windows refuses to replace a file open in Word: atomic_path says TargetLockedError."""
    target = tmp_path / "open-in-word.xlsx"
    target.write_bytes(b"earlier")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError) as info:
        export_report(ai_report, db, ai_profile, target)
    assert "其他程序" in str(info.value) and "another program" in str(info.value)
    assert target.read_bytes() == b"earlier"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_read_only_folder_gives_export_error(db, ai_report, ai_profile, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission"):
            export_report(ai_report, db, ai_profile, folder / "x.html")
    finally:
        folder.chmod(0o755)


def test_unwritable_folder_gives_export_error(db, ai_report, ai_profile, tmp_path, monkeypatch):
    """The same path as a read-only folder, for when the tests run as root."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as info:
        export_report(ai_report, db, ai_profile, tmp_path / "x.html")
    assert "没有写入权限" in str(info.value) and "permission" in str(info.value)


def test_target_under_a_file_gives_export_error(db, ai_report, ai_profile, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        export_report(ai_report, db, ai_profile, blocker / "out.docx")


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_exported_file_gets_ordinary_mode(db, ai_report, ai_profile, tmp_path):
    out = export_report(ai_report, db, ai_profile, tmp_path / "mode.html")
    assert out.stat().st_mode & 0o044  # readable by others, not the temp file's 0600


# ---- the command line -----------------------------------------------------------------------

def _cli() -> list[str]:
    script = Path(sys.executable).with_name("policy-selfcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop_app"]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_command_line_export(fmt, db, tmp_path):
    src = EXAMPLES / "dongcheng-cloud-and-events.json"
    out = tmp_path / f"out.{fmt}"
    env = dict(os.environ)
    if fmt == "pdf" and not env.get("DISPLAY"):
        env.pop("QT_QPA_PLATFORM", None)  # the export must cope headless on its own
    proc = subprocess.run([*_cli(), "export", str(src), "-o", str(out), "--as-of", "2026-11-22"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out)
    assert "Traceback" not in proc.stderr
    name = json.loads(src.read_text(encoding="utf-8"))["profile"]["company.name"]
    if fmt == "docx":
        assert name in docx_text(out)
    elif fmt == "pdf":
        assert name in pdf_text(out)
    elif fmt == "html":
        assert name in out.read_text(encoding="utf-8")
    else:
        from openpyxl import load_workbook

        assert name in xlsx_values(load_workbook(out).worksheets[0])


def test_command_line_export_to_unwritable_place(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    src = EXAMPLES / "dongcheng-cloud-and-events.json"
    proc = subprocess.run([*_cli(), "export", str(src), "-o", str(blocker / "out.html")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "错误 error" in proc.stderr


# ---- edge cases -----------------------------------------------------------------------------

def _docx_structure_problems(path: Path) -> list[str]:
    """What Word would call unreadable content: cells without a paragraph, tables without rows."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    problems = [f"cell without paragraph: {''.join(tc.itertext())[:40]!r}"
                for tc in root.iter(f"{w}tc") if tc.find(f"{w}p") is None]
    problems += ["table without rows" for tbl in root.iter(f"{w}tbl")
                 if tbl.find(f"{w}tr") is None]
    text = "".join(root.itertext())
    problems += ["template tag left over" for tag in ("{{", "{%", "}}", "%}") if tag in text]
    return problems


@pytest.mark.parametrize("profile", [
    {},  # nothing known: every item uncertain
    {"company.district": "outside_beijing", "company.name": "外地公司"},  # nothing eligible
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_copes_with_sparse_profiles(qapp, db, tmp_path, profile, lang):
    report = assess(profile, db, AS_OF)
    for fmt in ("docx", "pdf", "html", "xlsx"):
        out = export_report(report, db, profile, tmp_path / f"sparse.{fmt}", lang=lang)
        assert out.stat().st_size > 1000
    assert not _docx_structure_problems(tmp_path / "sparse.docx")
    text = docx_text(tmp_path / "sparse.docx")
    assert db.msg("app.no_third_party", lang) in text
    # The draft-for-comment note concerns the firm's own district's policies only.
    assert (db.msg("reason.draft", lang) in text) == (profile == {})


def test_docx_structure_of_a_full_export(db, ai_report, ai_profile, tmp_path):
    out = export_report(ai_report, db, ai_profile, tmp_path / "full.docx")
    assert not _docx_structure_problems(out)


def test_english_pdf(qapp, db, ai_report, ai_profile, tmp_path):
    out = export_report(ai_report, db, ai_profile, tmp_path / "en.pdf", lang="en")
    text = pdf_text(out)
    assert "Application for policy support (draft)" in text
    assert ai_profile["company.name"] in text
    assert "at most 400,000 yuan" in re.sub(r"\s+", " ", text)


def test_suggested_filename_is_safe():
    from desktop_app.export import FILE_FILTERS, FORMATS, suggested_filename

    name = suggested_filename({"company.name": '北京/示例:公司*?<>"|\x01 '}, AS_OF, "docx")
    assert name == "申报材料草稿-北京_示例_公司-2026-11-22.docx"
    assert suggested_filename({}, AS_OF, ".PDF", "en") == "application-draft-2026-11-22.pdf"
    assert all(set(FILE_FILTERS[lang]) == set(FORMATS) for lang in ("zh", "en"))
