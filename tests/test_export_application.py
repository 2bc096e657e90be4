"""The draft application read back from every format, as a bureau clerk would check it:
the applicant, the claim table and its total, the commitment and signature, only the
firm's own district, the negative list worded as the firm confirms it, no bureau quoted
for words its text does not hold; and the same amounts in all four formats."""

from __future__ import annotations

import html as htmllib
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desktop_app.core.application import Application, claim, has_claims
from desktop_app.core.assess import assess
from desktop_app.export import export_report
from desktop_app.export.context import build_context

AS_OF = date(2026, 11, 22)
MENTOUGOU_FIRM = {
    "company.name": "北京灵犀智算科技有限公司", "company.uscc": "91110109MA01ABCD1W",
    "company.district": "mentougou", "company.is_info_software": True,
    "company.is_digital_economy_core": True, "assessment.year": 2025,
    "mentougou.quality_firm": True, "company.legal_representative": "张明",
    "company.contact_person": "李华", "company.contact_phone": "010-6988 1234",
    "company.contact_email": "lihua@lingxi-ai.cn",
    "company.address": "北京市门头沟区石龙经济开发区永安路20号",
    "ai.compute_cost_yuan": 2_000_000, "ai.model_api_cost_yuan": 300_000,
    "ai.private_deployment_cost_yuan": 500_000, "ai.finetune_service_cost_yuan": 200_000,
    "data.transaction_yuan": 5_000_000,
}
CLEAN = {f"compliance.{k}": False for k in (
    "major_safety_accident", "major_pollution_accident", "serious_quality_problem",
    "serious_dishonesty", "tax_evasion_case", "on_blacklist")}
DONGCHENG_FIRM = {
    "company.name": "北京东方数智云科技有限公司", "company.uscc": "91110101MA00XYW12L",
    "company.district": "dongcheng", "company.is_info_software": True,
    "company.is_digital_economy_core": True, "assessment.year": 2025,
    "compliance.lawful_and_sound_finance": True, **CLEAN, "company.is_sme": True,
    "cloud.zijin_contract_yuan": 3_000_000, "events.hosting_cost_yuan": 600_000,
    "dongcheng.first_time_above_scale": True, "dongcheng.beijing_benchmark": True,
}
NEGATIVE_FIRM = {**DONGCHENG_FIRM, "company.name": "北京示例失信科技有限公司",
                 "compliance.tax_evasion_case": True}
FORMATS = ("docx", "pdf", "html", "xlsx")


def _application() -> Application:
    app = Application()
    app.set_requested("mentougou-05", 250_000)
    app.set_description("mentougou-03", "项目名称：工业质检行业大模型训练")
    return app


@pytest.fixture(scope="module")
def files(db, qapp, tmp_path_factory):
    """{(firm, lang): {fmt: path}} for the three firms, both languages."""
    out = tmp_path_factory.mktemp("drafts")
    found = {}
    for firm, profile in (("mentougou", MENTOUGOU_FIRM), ("dongcheng", DONGCHENG_FIRM),
                          ("negative", NEGATIVE_FIRM)):
        report = assess(profile, db, AS_OF)
        for lang in ("zh", "en"):
            found[firm, lang] = {fmt: export_report(report, db, profile,
                                                    out / f"{firm}-{lang}.{fmt}", lang=lang,
                                                    application=_application())
                                 for fmt in FORMATS}
    return found


# ---- readers ------------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_tables(path: Path) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text.strip() for c in row.cells] for row in t.rows]
            for t in Document(str(path)).tables]


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(path: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def html_text(path: Path) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def text_of(fmt: str, path: Path) -> str:
    if fmt == "docx":
        return docx_text(path)
    if fmt == "pdf":
        return "\n".join(pdf_pages(path))
    if fmt == "html":
        return html_text(path)
    return "\n".join(str(c) for row in xlsx_rows(path) for c in row if c is not None)


def _num(text) -> int | None:
    digits = re.sub(r"[,\s]", "", str(text))
    return int(digits) if digits.isdigit() else None


def _sumif(formula: str, rows: list[list]) -> int:
    """The value of the workbook's =SUMIF(H5:H7,"计入",G5:G7) total, from its rows."""
    m = re.fullmatch(r'=SUMIF\(([A-Z])(\d+):\1(\d+),"([^"]+)",([A-Z])\2:\5\3\)', formula)
    assert m, formula
    test_col, first, last, word, sum_col = m.groups()
    tc, sc = ord(test_col) - ord("A"), ord(sum_col) - ord("A")
    return sum(r[sc] for r in rows[int(first) - 1:int(last)]
               if r[tc] == word and isinstance(r[sc], int))


def claim_table(fmt: str, path: Path, lang: str = "zh") -> tuple[dict, int]:
    """{article: ((requested, counted), ...)} and the total, from a file's claim table."""
    requested_header = "申请金额（元）" if lang == "zh" else "Requested (yuan)"
    if fmt == "xlsx":
        rows = xlsx_rows(path)
        start = next(i for i, r in enumerate(rows) if requested_header in r)
        col = rows[start].index(requested_header)
        counted_col = rows[start].index("计入合计" if lang == "zh" else "In total")
        found, total = {}, None
        for r in rows[start + 1:]:
            if isinstance(r[0], int):
                amount = r[col] if isinstance(r[col], int) else None  # else why there is none
                counts = r[counted_col] in ("计入", "counted")
                found[r[1]] = found.get(r[1], ()) + ((amount, counts),)
            else:
                total = _sumif(r[col], rows)
                break
        return found, total
    tables = docx_tables(path) if fmt == "docx" else html_tables(path)
    table = next(t for t in tables if t and requested_header in t[0])
    header = table[0]
    col, counted_col = header.index(requested_header), len(header) - 1
    found, total = {}, None
    counted_word = "计入" if lang == "zh" else "counted"
    for row in table[1:]:
        if row[0].isdigit():
            found[row[1]] = found.get(row[1], ()) + (
                (_num(row[col]), row[counted_col] == counted_word),)
        elif row and row[0] != header[0]:
            total = _num(row[-2] if fmt == "html" else row[col])
    return found, total


# ---- the applicant, the claim, the signature ----------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_applicant_block(files, fmt):
    text = text_of(fmt, files["mentougou", "zh"][fmt])
    for fid in ("company.name", "company.uscc", "company.legal_representative",
                "company.contact_person", "company.contact_phone", "company.contact_email",
                "company.address"):
        assert flat(MENTOUGOU_FIRM[fid]) in flat(text), (fmt, fid)
    assert "申报单位信息" in text


def test_blank_applicant_fields_are_highlighted_fill_ins_in_the_docx(files):
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document(str(files["dongcheng", "zh"]["docx"]))
    applicant = next(t for t in doc.tables if t.rows and t.rows[0].cells[0].text == "企业名称")
    blanks = {row.cells[0].text: row.cells[1] for row in applicant.rows
              if "（请填写）" in row.cells[1].text}
    assert set(blanks) == {"法定代表人", "联系人", "联系电话", "电子邮箱", "注册地址或办公地址"}
    for cell in blanks.values():
        runs = [r for p in cell.paragraphs for r in p.runs if "请填写" in r.text]
        assert runs and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_claim_table_total_reconciles(db, files, fmt, lang):
    rows, total = claim_table(fmt, files["mentougou", lang][fmt], lang)
    report = assess(MENTOUGOU_FIRM, db, AS_OF)
    expected = claim(report, _application())
    assert total == expected.total_requested_yuan
    assert total == sum(amount for pairs in rows.values() for amount, counted in pairs
                        if counted)
    five, three, four = ("（五）", "（三）", "（四）") if lang == "zh" else ("(5)", "(3)", "(4)")
    assert rows[five] == ((250_000, True),)  # the firm's own amount, below the bound
    assert rows[three] == ((400_000, True),)
    # same project as (三): not requested (an amount there read as a second request)
    assert rows[four] == ((None, False),)
    if fmt != "pdf":
        said = "不申请（同一项目择优申请（三））" if lang == "zh" else \
            "notrequested(oneproject:(3)isclaimed)"
        assert said in flat(text_of(fmt, files["mentougou", lang][fmt]))


def test_same_amounts_in_all_four_formats(db, files):
    report = assess(MENTOUGOU_FIRM, db, AS_OF)
    expected = claim(report, _application())
    tables = {fmt: claim_table(fmt, files["mentougou", "zh"][fmt])
              for fmt in ("docx", "html", "xlsx")}
    assert tables["docx"] == tables["html"] == tables["xlsx"]
    pdf = flat("\n".join(pdf_pages(files["mentougou", "zh"]["pdf"])[:2]))
    assert f"{expected.total_requested_yuan:,}" in pdf
    shown = [row for row in expected.rows if not row.not_started]
    assert len(shown) == sum(len(pairs) for pairs in tables["docx"][0].values())
    for row in shown:
        if row.requested_yuan is not None:
            assert f"{row.requested_yuan:,}" in pdf


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_commitment_and_signature(files, fmt):
    text = flat(text_of(fmt, files["dongcheng", "zh"][fmt]))
    for words in ("五、信用承诺书", "真实、准确、完整", "监督检查、绩效评价和审计",
                  "收回已拨付资金", "申报单位（盖章）", "法定代表人（签字）", "日期",
                  "第十六条、第十七条", "模板"):
        assert flat(words) in text, (fmt, words)
    en = flat(text_of(fmt, files["dongcheng", "en"][fmt]))
    assert "Applicant(seal):" in en and "Legalrepresentative(signature):" in en


# ---- one district, the negative list, who said what ------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_other_districts_clause_text(db, files, fmt, lang):
    text = flat(text_of(fmt, files["mentougou", lang][fmt]))
    for item in db.items:
        if item.policy_id == "dongcheng":
            assert flat(item.text) not in text, item.item_id
            assert flat(item.benefit if lang == "zh" else item.benefit_en) not in text
    line = "未在东城区注册，东城区条款不适用" if lang == "zh" else \
        "NotregisteredinDongcheng;theDongchengclausesdonotapply"
    assert line not in text  # an application: nothing of another district's measures
    text = flat(text_of(fmt, files["dongcheng", lang][fmt]))
    assert not any(flat(i.text) in text for i in db.items if i.policy_id == "mentougou")
    # Nothing of Mentougou's is open to a Dongcheng firm: its application does not mention
    # the measures at all (the Mentougou firm's names Dongcheng's 第七条, still open to it).
    assert ("未在门头沟区注册" if lang == "zh" else "NotregisteredinMentougou") not in text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_negative_list_worded_as_the_firm_confirms_it(files, fmt):
    text = flat(text_of(fmt, files["dongcheng", "zh"][fmt]))
    assert "☑当年度未发生重大生产安全事故" in text
    assert "☑当年度发生" not in text
    blocked = flat(text_of(fmt, files["negative", "zh"][fmt]))
    # The bar is cited once, in the next steps, not once per item.
    assert blocked.count("第四条（四）") == 1
    assert "当年度是否因偷税漏税被税务机关立案查处：是" in blocked
    # Only the situation the firm stated, not the clause's whole list of them.
    assert "属于不予支持情形：企业填报（当年度是否因偷税漏税被税务机关立案查处：是）" in blocked
    assert "当年度发生重大生产安全事故" not in blocked
    assert "本单位当年度未发生" not in blocked  # an undertaking it could not sign


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_no_bureau_quoted_for_words_its_text_does_not_hold(db, files, fmt):
    mentougou, dongcheng = db.policies["mentougou"], db.policies["dongcheng"]
    tool_note = flat(db.msg("app.no_third_party"))
    for firm in ("mentougou", "dongcheng"):
        text = flat(text_of(fmt, files[firm, "zh"][fmt]))
        # The tool's own disclaimer is labelled as the tool's, never as a bureau's.
        label = text.index("本工具说明：")
        assert tool_note in text[label:label + 200]
        for p in (mentougou, dongcheng):
            assert flat(p.bureau + "在政策文本中提示：" + "“" + tool_note) not in text
    m_text = flat(text_of(fmt, files["mentougou", "zh"][fmt]))
    assert flat(f"{mentougou.bureau}在政策文本中提示：“{mentougou.third_party_warning}”") \
        in m_text
    d_text = flat(text_of(fmt, files["dongcheng", "zh"][fmt]))
    # Dongcheng's text has no such notice; Mentougou's goes only to Mentougou firms.
    assert flat(mentougou.third_party_warning) not in d_text
    assert "在政策文本中提示" not in d_text


# ---- layout and metadata -------------------------------------------------------------------

def test_docx_properties_headings_and_rows(files):
    from docx import Document

    path = files["mentougou", "zh"]["docx"]
    doc = Document(str(path))
    props = doc.core_properties
    # Stored in UTC, as Word does: within a day of the local date.
    assert abs((props.created.date() - date.today()).days) <= 1
    assert props.modified == props.created and props.author == MENTOUGOU_FIRM["company.name"]
    assert props.title.startswith("政策支持资金申报材料")
    text = docx_text(path)
    assert f"导出日期：{date.today().isoformat()}" in text
    assert f"评估基准日：{AS_OF.isoformat()}" in text
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) < 25
    assert all(re.match(r"^([一二三四五六]、|\d+\. |附录|提示|各申报|门头沟区不符合)", p.text)
               for p in headings), [p.text for p in headings]
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    rows = xml.count("<w:tr>") + xml.count("<w:tr ")
    assert xml.count("<w:cantSplit/>") == rows  # no row splits across a page
    assert "<w:tblHeader" in xml
    footer = "".join(zipfile.ZipFile(path).read(n).decode()
                     for n in zipfile.ZipFile(path).namelist() if "footer" in n)
    assert "NUMPAGES" in footer and MENTOUGOU_FIRM["company.name"] in footer


def test_pdf_running_footer_on_every_page(files):
    pages = pdf_pages(files["mentougou", "zh"]["pdf"])
    for n, page in enumerate(pages, 1):
        assert flat(f"{MENTOUGOU_FIRM['company.name']}·草稿·第{n}页共{len(pages)}页") in flat(page)
    en = pdf_pages(files["mentougou", "en"]["pdf"])
    assert f"page 1 of {len(en)}" in en[0]


def test_a_tables_last_row_never_goes_to_a_new_page_alone(qapp):
    """pdf.page_breaks: a table's last row ("...-last") keeps with the row before it, so a
    table carried onto a new page takes at least two rows (one materials row alone on a
    page, before the commitment's own page, read as a page left out). Laid out with the
    filler above it growing a line at a time, the table crosses the page's foot at each
    of its rows in turn."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from desktop_app.export.pdf import page_breaks

    rows = "".join(f'<tr><td><a name="r-mat-{n}{"-last" if n == 4 else ""}">☐ {n}</a></td>'
                   f"<td>材料 {n}<br>第二行</td></tr>" for n in range(1, 5))
    height = 400.0
    moved_before_last = 0
    for lines in range(5, 40):
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setHtml("<p>" + "<br>".join(["填充"] * lines) + "</p>"
                    f'<table border="1" cellspacing="0" width="100%">{rows}</table>')
        doc.setPageSize(QSizeF(300, height))
        found = page_breaks(doc, height)
        assert "r-mat-4-last" not in found, lines
        moved_before_last += "r-mat-3" in found
    assert moved_before_last  # the last row's crossing did happen, and took row 3 along


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_amounts_note_is_said_once_under_the_table(files, fmt):
    """表中金额均为条款允许的上限以内 is said where the amounts are; it stood again among
    the tool's notes after the signature."""
    text = flat(text_of(fmt, files["mentougou", "zh"][fmt]))
    assert text.count("表中金额均为条款允许的上限以内") == 1


def test_html_print_css(files):
    source = files["mentougou", "zh"]["html"].read_text(encoding="utf-8")
    assert "@page" in source and "counter(pages)" in source
    assert "break-inside: avoid" in source and "table-header-group" in source
    assert MENTOUGOU_FIRM["company.name"] in source.split("</style>")[0]


def test_xlsx_print_setup_and_dates(files):
    from openpyxl import load_workbook

    wb = load_workbook(files["mentougou", "zh"]["xlsx"])
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # the footer inside the bottom margin, not clipped by it
        assert ws.page_margins.footer < ws.page_margins.bottom - 0.3
        assert ws.print_title_rows
        assert "&P" in ws.oddFooter.center.text
    summary = wb.worksheets[0]
    dates = [c.value for row in summary.iter_rows(max_row=8) for c in row
             if getattr(c, "is_date", False)]
    assert [d.date() for d in dates] == [date.today(), AS_OF]
    items = wb.worksheets[1]
    fields = {c.value for c in items["C"]}
    assert "计入合计" in flat(str([c.value for c in items["D"]])) and "需准备的材料" in fields
    assert [ws.title for ws in wb.worksheets] == ["申报汇总", "条款明细", "材料清单", "自评明细"]
    assert "信用承诺书及签章见同时导出的 Word/PDF 草稿" in " ".join(
        str(c) for row in summary.iter_rows(values_only=True) for c in row if c)


def _units(text: str) -> int:
    """Column-width units a line of text takes (a CJK character two, as xlsx._row_height)."""
    return max(sum(2 if ord(c) > 0x2E7F else 1 for c in part) for part in text.split("\n"))


@pytest.mark.parametrize("firm", ["mentougou", "dongcheng", "negative"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_prints_readably_on_a4_landscape(files, firm, lang):
    """Every sheet is fitted to one page width, as many pages down as it needs, with
    columns that add up to what the width holds at 9 pt or more (the items sheet's fifteen
    columns printed at 4.4 pt, the claim sheet at 6.3 pt); a text runs past no column
    (LibreOffice widened the print range to hold a long unwrapped title line, and shrank
    the page); every page is headed by the document and the sheet, and numbered."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from desktop_app.export.xlsx import PRINT_WIDTH

    wb = load_workbook(files[firm, lang]["xlsx"])
    title = build_title(firm, lang)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        width = {c: ws.column_dimensions[get_column_letter(c)].width
                 for c in range(1, ws.max_column + 1)}
        assert sum(width.values()) <= PRINT_WIDTH, (ws.title, width)
        assert all(w >= 4 for w in width.values()), (ws.title, width)  # no 1-character column
        merged = {(m.min_row, m.min_col): sum(width[c] for c in range(m.min_col, m.max_col + 1))
                  for m in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.coordinate in ws.merged_cells \
                        and (cell.row, cell.column) not in merged:
                    continue
                assert cell.font.sz in (10, 12, 14), (ws.title, cell.coordinate)
                room = merged.get((cell.row, cell.column), width[cell.column])
                assert cell.alignment.wrap_text or _units(cell.value) <= room, (
                    ws.title, cell.coordinate, cell.value)
        # the header row of its table on every printed page (the appendix of a record
        # begins with its title lines, its table under them; a record's first sheet has
        # no table)
        if not (firm == "negative" and ws is wb.worksheets[0]):
            assert ws.print_title_rows, ws.title
            first = int(ws.print_title_rows.split(":")[0].lstrip("$"))
            assert ws.cell(first, 1).value in ("序号", "No.", "条款", "Article"), ws.title
        assert ws.oddHeader.left.text == title and ws.oddHeader.right.text == "&A"
        footer = ws.oddFooter.center.text
        assert ("第&P页 共&N页" if lang == "zh" else "page &P of &N") in footer
        assert build_firm(firm) in footer
        assert ws.HeaderFooter.scaleWithDoc is False  # 9 pt however the sheet is fitted
        assert ws.oddFooter.center.size >= 8


def build_title(firm: str, lang: str) -> str:
    record = firm == "negative"
    return {("zh", False): "政策支持资金申报材料（草稿）",
            ("zh", True): "政策自评结果（无可申请条款）",
            ("en", False): "Application for policy support (draft)",
            ("en", True): "Policy self-check result (nothing to apply for)"}[lang, record]


def build_firm(firm: str) -> str:
    return {"mentougou": MENTOUGOU_FIRM, "dongcheng": DONGCHENG_FIRM,
            "negative": NEGATIVE_FIRM}[firm]["company.name"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_items_sheet_reads_as_the_drafts_items_do(db, files, lang):
    """One heading a row: each item's clause verbatim, conditions, facts used, computation,
    materials and questions, the item's number and article on every row (a printed page
    may begin mid-item)."""
    from openpyxl import load_workbook

    report = assess(MENTOUGOU_FIRM, db, AS_OF)
    ctx = build_context(report, db, MENTOUGOU_FIRM, lang, application=_application())
    items = load_workbook(files["mentougou", lang]["xlsx"]).worksheets[1]
    rows = list(items.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[0], int) and r[1] and r[2] for r in rows)
    for d in ctx["items"]:
        mine = {r[2]: r[3] for r in rows if r[0] == d["no"]}
        assert {r[1] for r in rows if r[0] == d["no"]} == {d["article"]}
        assert mine[ctx["L"]["benefit"]] == d["benefit"]
        assert mine[ctx["L"]["verdict"]] == d["verdict_label"]
        assert "\n".join(d["clause_paragraphs"]) in mine[ctx["L"]["col_clause"]]
        assert d["source"] in mine[ctx["L"]["col_clause"]]
        assert d["count_text"] in mine[ctx["L"]["col_amount"]]
        if d["declined"]:  # not applied for: nothing to confirm or fill in
            assert not {ctx["L"][k] for k in ("computation", "facts_used", "description",
                                              "col_materials")} & set(mine)
            continue
        assert mine[ctx["L"]["computation"]] == d["computation"]
        for f in d["facts"]:
            assert f["label"].rstrip("?？") in mine[ctx["L"]["facts_used"]]
        if d["ask_bureau"]:
            assert mine[ctx["L"]["col_ask"]] == "\n".join(d["ask_bureau"])
    three = "（三）" if lang == "zh" else "(3)"
    described = {r[2]: r[3] for r in rows if r[1] == three}[ctx["L"]["description"]]
    assert described == "项目名称：工业质检行业大模型训练"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_lists_the_policy_wide_notes_once(db, files, lang):
    """The notes Dongcheng's policy sets for every item stood in each of the items' rows;
    the workbook's appendix lists them once, then each item's own, as the other formats."""
    from openpyxl import load_workbook

    report = assess(DONGCHENG_FIRM, db, AS_OF)
    ctx = build_context(report, db, DONGCHENG_FIRM, lang, application=_application())
    wide = [x for g in ctx["appendix_shared"] for x in g["lines"]]
    assert wide and len(ctx["items"]) > 2
    wb = load_workbook(files["dongcheng", lang]["xlsx"])
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c]
    for note in wide:
        assert sum(c.count(note) for c in cells) == 1, note
    appendix = wb.worksheets[-1]
    assert appendix.title == ctx["L"]["sheet_appendix"]
    text = "\n".join(cells)
    for a in ctx["appendix_items"]:
        for reason in a["reasons"]:
            assert reason in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_negative_list_record_lists_the_articles_that_bar_it(db, files, lang):
    """As the PDF, Word and HTML records do (their appendix): the firm's district's items,
    each by article and benefit, under the reason they share (the negative list)."""
    from openpyxl import load_workbook

    report = assess(NEGATIVE_FIRM, db, AS_OF)
    ctx = build_context(report, db, NEGATIVE_FIRM, lang)
    (group,) = ctx["appendix_ineligible"]
    assert len(group["rows"]) > 10 and group["common"]
    wb = load_workbook(files["negative", lang]["xlsx"])
    sheet = wb[ctx["L"]["sheet_appendix"]]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    texts = [c for r in rows for c in r if isinstance(c, str)]
    assert group["title"] in texts and group["common"] in texts
    listed = [(r[0], r[1]) for r in rows if r[1] and r[0] not in (ctx["L"]["article"],)]
    assert [(x["article"], x["benefit"]) for x in group["rows"]] == [
        x for x in listed if x[0] != group["title"]]
    # the same articles the PDF lists
    pdf = flat("\n".join(pdf_pages(files["negative", lang]["pdf"])))
    for x in group["rows"]:
        assert flat(x["article"]) in pdf


def test_xlsx_negative_list_firm_has_no_empty_tables(files):
    """Nothing to claim: no claim table with a 0/0 total, no sheets of headers alone."""
    from openpyxl import load_workbook

    wb = load_workbook(files["negative", "zh"]["xlsx"])
    # (a record: not 申报汇总; its appendix lists the items the negative list bars)
    assert [ws.title for ws in wb.worksheets] == ["自评结果", "自评明细"]
    values = [str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert not any(v.startswith("申请金额合计") or v.startswith("=SUMIF") for v in values)
    assert any("没有可申请" in v or "无可申请" in v or "不予支持" in v for v in values), values


@pytest.mark.parametrize("profile", [
    MENTOUGOU_FIRM, DONGCHENG_FIRM, NEGATIVE_FIRM,
    {"company.district": "mentougou"},  # nothing begun: every item open, none claimed
    {"company.district": "chaoyang"},  # no policy of its district
    {"company.district": "chaoyang", "invest.new_digital_subsidiary_paid_in_yuan": 60_000_000},
], ids=["mentougou", "dongcheng", "negative", "nothing-begun", "chaoyang", "chaoyang-07"])
def test_the_results_page_and_the_export_agree_on_whether_there_is_an_application(
        db, profile):
    """core.application.has_claims (the results page's export label) says the same as
    the export's claim table (application or record)."""
    report = assess(profile, db, AS_OF)
    assert has_claims(report) == build_context(report, db, profile, "zh")["applying"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_names_the_firms_policy_and_its_edition(db, files, lang):
    """Under the claim the clerk reads which measures it rests on, as drafted: the Excel
    summary named only the other district's policy."""
    title = db.policies["mentougou"].title if lang == "zh" else db.policies["mentougou"].title_en
    status = "征求意见稿" if lang == "zh" else "draft"
    for fmt in ("docx", "pdf", "html", "xlsx"):
        text = flat(text_of(fmt, files["mentougou", lang][fmt]))
        assert flat(title) in text and flat(status) in text, fmt


def test_xlsx_total_follows_an_edited_amount(files):
    """The requested total is a formula over the counted rows: a clerk's edit updates it."""
    from openpyxl import load_workbook

    ws = load_workbook(files["mentougou", "zh"]["xlsx"]).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    formula = next(r[6] for r in rows if str(r[6]).startswith("=SUMIF"))
    header = next(r for r in rows if "计入合计" in r)
    assert "是否计入合计" not in header  # one column says whether a row counts, not two
    before = _sumif(formula, rows)
    counted = next(i for i, r in enumerate(rows) if isinstance(r[0], int) and r[7] == "计入")
    rows[counted][6] += 1000
    assert _sumif(formula, rows) == before + 1000


def test_headquarters_elsewhere_claims_for_its_new_dongcheng_firm(db, tmp_path):
    """Contract section 4: the new firm applies; the item is in the body, not cut as
    another district's. The headquarters applies for nothing itself: its export is a
    record, with no commitment to sign (a clerk would reject a draft whose signer applies
    for nothing while the real applicant is named nowhere)."""
    profile = {"company.name": "北京朝阳总部集团有限公司", "company.district": "chaoyang",
               "company.is_hq_or_leading": True, "company.is_digital_economy_core": True,
               "assessment.year": 2025, "compliance.lawful_and_sound_finance": True, **CLEAN,
               "invest.new_digital_subsidiary_paid_in_yuan": 60_000_000}
    report = assess(profile, db, AS_OF)
    assert report.result("dongcheng-07").verdict == "eligible"
    text = flat(docx_text(export_report(report, db, profile, tmp_path / "hq.docx")))
    assert flat(db.item_by_id["dongcheng-07"].text) in text
    assert "申请主体为新涵养企业" in text
    assert "未在东城区注册，东城区条款不适用" not in text
    assert "政策自评结果" in text and "本单位自愿申报" not in text  # a record: no commitment
    # Dongcheng's other items are not listed as the firm's own ineligible ones.
    assert flat(db.item_by_id["dongcheng-08"].benefit) not in text
    # The new firm's money is not this applicant's request: its row says so, and neither
    # the requested total nor the combined materials hold it.
    rows = claim(report).rows
    row07 = next(r for r in rows if r.item_id == "dongcheng-07")
    assert row07.for_subsidiary and not row07.counted
    assert claim(report).total_requested_yuan == sum(
        r.requested_yuan or 0 for r in rows if r.counted)
    assert "不计入：由新涵养企业另行申报" in text
    sheet = xlsx_rows(export_report(report, db, profile, tmp_path / "hq.xlsx"))
    assert any("不计入：由新涵养企业另行申报" in str(c) for row in sheet for c in row if c)


def test_title_says_draft_once(files):
    for (firm, lang), paths in files.items():
        first = text_of("pdf", paths["pdf"]).split("\n", 3)[:3]
        head = " ".join(first)
        assert "【" not in head and "DRAFT" not in head, (firm, lang, head)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_nothing_to_apply_for_is_a_record_not_an_application(files, fmt, lang):
    """A firm on Dongcheng's negative list can claim nothing: what it exports says so in
    its title, and holds no credit commitment and no seal (there is nothing to sign for);
    the sections present run on without a gap, named for a record."""
    from desktop_app.export.context import LABELS

    lab = LABELS[lang]
    text = flat(text_of(fmt, files["negative", lang][fmt]))
    assert flat(lab["title_record"]) in text and flat(lab["title"]) not in text
    for key in ("commitment", "signature", "seal", "legal_sign", "xlsx_commitment"):
        assert flat(lab[key].split("、")[-1].split(". ")[-1]) not in text, key
    # its sections named for what they hold, nothing asked to be filled in, no amounts note
    for key in ("applicant", "claims"):
        assert flat(lab[key + "_record"]) in text and flat(lab[key]) not in text, key
    assert flat(lab["fill_in"]) not in text and flat(lab["amounts_note"]) not in text
    # a firm with something to claim still signs its commitment
    claiming = flat(text_of(fmt, files["dongcheng", lang][fmt]))
    assert flat(lab["title"]) in claiming
    if fmt != "xlsx":
        assert flat(lab["seal"]) in claiming


def test_command_line_export_uses_the_case_files_application(tmp_path):
    """A case saved with requested amounts and descriptions exports them; a bad entry is one
    line naming it, exit 2."""
    import json
    import os
    import subprocess
    import sys

    from desktop_app.core.case_file import write_case

    case = tmp_path / "case.json"
    write_case(case, MENTOUGOU_FIRM, None, _application().to_json())
    out = tmp_path / "draft.html"
    env = {**os.environ, "POLICY_SELFCHECK_DATA": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "desktop_app", "export", str(case), "-o", str(out),
           "--as-of", AS_OF.isoformat()]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = html_text(out)
    assert "250,000" in text and "工业质检行业大模型训练" in text
    bad = json.loads(case.read_text(encoding="utf-8"))
    bad["application"]["items"]["mentougou-05"]["requested_yuan"] = -1
    case.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and "mentougou-05" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# ---- article labels -----------------------------------------------------------------------

def test_article_labels():
    from desktop_app.core.articles import article_label, item_label, join_articles

    assert article_label("（十三）", "en") == "(13)"
    assert article_label("第十七条", "en") == "Art. 17"
    assert article_label("第四条（四）", "en") == "Art. 4(4)"
    assert article_label("第五条", "zh") == "第五条"
    assert article_label("附则", "en") == "附则"  # not an article number: left as it is
    assert item_label("第五条", "dongcheng-05-2", "zh") == "第五条-2"
    assert item_label("（二）", "mentougou-02-1", "en") == "(2)-1"
    assert item_label("（三）", "mentougou-03", "en") == "(3)"
    assert join_articles(["第十六条", "第十七条"], "en") == "Art. 16 and Art. 17"
    assert join_articles(["第十六条", "第十七条"], "zh") == "第十六条、第十七条"


@pytest.mark.parametrize("firm", ["mentougou", "dongcheng"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_articles_are_told_apart(db, firm, lang):
    """Each item of an article with several items has its own label, in the not-started
    line, the claim table and the materials' 对应条款 column."""
    profile = MENTOUGOU_FIRM if firm == "mentougou" else DONGCHENG_FIRM
    ctx = build_context(assess(profile, db, AS_OF), db, profile, lang)
    labels = [r["article"] for r in ctx["claim_rows"]]
    assert len(labels) == len(set(labels))
    if ctx["not_started"]:
        listed = re.findall(r"(?:第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）|Art\. \d+|"
                            r"\(\d+\))(?:-\d+)?", ctx["not_started"])
        assert listed and len(listed) == len(set(listed)), ctx["not_started"]
    for m in ctx["materials"]:
        names = m["for_items"].split(LABELS_SEP[lang])
        assert len(names) == len(set(names)), m["for_items"]


LABELS_SEP = {"zh": "、", "en": ", "}


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_english_draft_has_no_chinese_article_numbers(files, fmt):
    """English text numbers articles "(3)", "Art. 5"; the Chinese original clause text and
    the source's chapter title keep theirs."""
    text = text_of(fmt, files["dongcheng", "en"][fmt])
    for line in text.splitlines():
        if re.search(r"[\u4e00-\u9fff]{6}", line.replace("第", "")):
            continue  # Chinese prose (clause text, titles, names) keeps its numbering
        assert not re.search(r"第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）", line), line
    assert "Art. 16 and Art. 17" in re.sub(r"\s+", " ", text)
    mentougou = text_of(fmt, files["mentougou", "en"][fmt])
    assert "(translation): " in mentougou or "(translation):" in flat(mentougou)


def test_docx_claim_notes_are_separate_paragraphs(db, tmp_path):
    """The beneficiary note and the open facts are two lines, not one run-together string."""
    from docx import Document

    profile = {**DONGCHENG_FIRM, "company.is_hq_or_leading": True}  # dongcheng-07 begun
    report = assess(profile, db, AS_OF)
    for lang in ("zh", "en"):
        doc = Document(str(export_report(report, db, profile, tmp_path / f"{lang}.docx",
                                         lang=lang)))
        ctx = build_context(report, db, profile, lang)
        paras = {p.text for t in doc.tables for row in t.rows for c in row.cells
                 for p in c.paragraphs}
        noted = [r for r in ctx["claim_rows"] if r["beneficiary_note"]]
        assert noted
        for r in noted:
            assert r["beneficiary_note"] in paras
            if r["open_text"]:
                assert ctx["L"]["open_facts"] + ctx["L"]["colon"] + r["open_text"] in paras


def test_an_eligible_items_facts_leave_out_what_it_did_not_need(db):
    """mentougou-05 is met by a quality firm whether or not it bought from a data hub: the
    facts its section lists hold no "not given" line for the hub; an open item's do."""
    ctx = build_context(assess(MENTOUGOU_FIRM, db, AS_OF), db, MENTOUGOU_FIRM, "zh",
                        application=_application())
    section = next(s for s in ctx["items"] if s["item_id"] == "mentougou-05")
    assert section["verdict"] == "eligible"
    labels = [f["label"] for f in section["facts"]]
    assert db.fact("data.transaction_yuan").label("zh") in labels
    assert db.fact("data.bought_from_hub").label("zh") not in labels
    assert all(f["known"] for f in section["facts"])
    open_item = {**MENTOUGOU_FIRM, "mentougou.quality_firm": None}
    ctx = build_context(assess(open_item, db, AS_OF), db, open_item, "zh",
                        application=_application())
    section = next(s for s in ctx["items"] if s["item_id"] == "mentougou-05")
    assert section["verdict"] == "uncertain"
    assert any(not f["known"] for f in section["facts"])


# ---- keeping together ---------------------------------------------------------------------

@pytest.mark.parametrize("firm", ["mentougou", "dongcheng"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_headings_keep_with_what_follows(db, files, firm, lang):
    """A section heading is on the page of its first row: the materials heading with the
    first material, the claim heading with the table's header."""
    profile = MENTOUGOU_FIRM if firm == "mentougou" else DONGCHENG_FIRM
    ctx = build_context(assess(profile, db, AS_OF), db, profile, lang,
                        application=_application())
    first_material = flat(ctx["materials"][0]["text"])[:12]
    pages = [flat(t) for t in pdf_pages(files[firm, lang]["pdf"])]
    head = flat(ctx["L"]["materials_all"])
    on = [t for t in pages if head in t]
    assert len(on) == 1 and first_material in on[0].split(head, 1)[1]
    claims = flat(ctx["L"]["claims"])
    on = [t for t in pages if claims in t]
    assert on and flat(ctx["L"]["benefit"]) in on[0].split(claims, 1)[1]


@pytest.mark.parametrize("firm", ["mentougou", "dongcheng"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_text_holds_each_heading_once(files, firm, lang):
    """What is laid out just past a page's foot is drawn on the next page only: the PDF's
    text (search, copy, a screen reader) once held the next page's opening heading at the
    foot of the page before it too, clipped out of sight."""
    from desktop_app.export.context import LABELS

    text = flat("".join(pdf_pages(files[firm, lang]["pdf"])))
    for key in ("applicant", "claims", "items_title", "materials_all", "commitment",
                "signature", "appendix"):
        assert text.count(flat(LABELS[lang][key])) == 1, (key, LABELS[lang][key])


@pytest.mark.parametrize("firm", ["mentougou", "bare-mentougou", "dongcheng"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_total_row_keeps_with_the_last_row(db, tmp_path, firm, lang):
    """The claim table's total is on the page of its last row, never alone under a
    repeated header (the English draft of the firm with no particulars given had it so,
    at the top of page 2)."""
    profile = {"mentougou": MENTOUGOU_FIRM, "bare-mentougou": BARE_MENTOUGOU_FIRM,
               "dongcheng": DONGCHENG_FIRM}[firm]
    report = assess(profile, db, AS_OF)
    path = export_report(report, db, profile, tmp_path / "draft.pdf", lang=lang)
    ctx = build_context(report, db, profile, lang)
    last = flat(ctx["claim_rows"][-1]["formula"])
    total = flat(ctx["L"]["total_requested"])
    on = [t for t in (flat(t) for t in pdf_pages(path)) if total in t]
    assert len(on) == 1 and last in on[0].split(total, 1)[0], (firm, lang)


def test_docx_total_row_keeps_with_the_last_row(files):
    from docx import Document

    doc = Document(str(files["dongcheng", "zh"]["docx"]))
    table = next(t for t in doc.tables if t.rows[-1].cells[0].text.startswith("合计（"))
    *rows, last, total = table.rows

    def kept(row):
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    assert kept(last) and not any(kept(r) for r in rows[1:])


def test_docx_ineligible_table_has_no_empty_column(files):
    from docx import Document

    for firm in ("mentougou", "dongcheng", "negative"):
        for table in Document(str(files[firm, "zh"]["docx"])).tables:
            columns = list(zip(*([c.text.strip() for c in r.cells] for r in table.rows),
                               strict=True))
            assert all(any(col) for col in columns), (firm, table.rows[0].cells[0].text)


# A firm that has given no applicant particulars and no requested amounts: its English
# PDF, exported from the command line, once had an empty page (footer only) before the
# materials table's last rows, where a page break estimated from an earlier one was not
# needed after all (pdf.page_breaks).
BARE_MENTOUGOU_FIRM = {**{k: v for k, v in MENTOUGOU_FIRM.items()
                          if not k.startswith(("company.legal", "company.contact",
                                               "company.address"))},
                       "company.name": "北京示例智算科技有限公司"}

# A Dongcheng firm with its particulars and two items (the cloud voucher, events): its
# first item's conditions were laid out a fraction of a pixel above page 2's top, and the
# page break asked for them gave a blank page 2 in Chinese.
CLOUD_AND_EVENTS_FIRM = {
    "company.district": "dongcheng", "company.is_info_software": True,
    "company.is_digital_economy_core": True, "assessment.year": 2025,
    "compliance.lawful_and_sound_finance": True, "compliance.major_safety_accident": False,
    "compliance.major_pollution_accident": False, "compliance.serious_quality_problem": False,
    "compliance.serious_dishonesty": False, "compliance.tax_evasion_case": False,
    "compliance.on_blacklist": False, "company.name": "北京示例云数科技有限公司",
    "company.uscc": "91110101MA00XYW12L", "company.is_sme": True,
    "cloud.zijin_contract_yuan": 3000000, "events.hosting_cost_yuan": 600000,
    "company.legal_representative": "王建国", "company.contact_person": "李晓梅",
    "company.contact_phone": "010-6512 3456 转 802",
    "company.contact_email": "limei@shiliyun.example.com",
    "company.address": "北京市东城区东直门南大街3号国华投资大厦12层1205室"}


def _pages_with_only_a_footer(path: Path) -> list[int]:
    """Pages whose text is no more than the running footer, "企业名称 · 草稿 · 第n页 共m页"
    or "… · DRAFT · page n of m" (the firm's name, or its placeholder, before it)."""
    footer = re.compile(r"^.{0,40}·(草稿|DRAFT|自评结果|SELF-CHECKRESULT)·"
                        r"(第\d+页共\d+页|page\d+of\d+)$")
    return [n for n, text in enumerate(pdf_pages(path), 1) if footer.match(flat(text))]


def test_no_pdf_page_is_empty(files, tmp_path):
    import json
    import os
    import subprocess
    import sys

    paths = [f["pdf"] for f in files.values()]
    env = dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "data"))
    for name, firm in (("bare", BARE_MENTOUGOU_FIRM), ("cloud", CLOUD_AND_EVENTS_FIRM)):
        profile = tmp_path / f"{name}.json"
        profile.write_text(json.dumps(firm, ensure_ascii=False), encoding="utf-8")
        for lang in ("zh", "en"):
            out = tmp_path / f"{name}-{lang}.pdf"
            subprocess.run([sys.executable, "-m", "desktop_app", "export", str(profile),
                            "-o", str(out), "--as-of", AS_OF.isoformat(), "--lang", lang],
                           check=True, capture_output=True, env=env)
            paths.append(out)
    for path in paths:
        assert _pages_with_only_a_footer(path) == [], path.name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_tool_notes_stand_under_their_label(db, files, lang):
    """As in the other formats: the label on a line of its own, each note after it (in
    English the label glued to a note read "About this tool:This policy ...")."""
    from openpyxl import load_workbook

    ws = load_workbook(files["mentougou", lang]["xlsx"]).worksheets[0]
    column = [c.value for c in ws["A"] if isinstance(c.value, str)]
    label = "本工具说明：" if lang == "zh" else "About this tool:"
    at = column.index(label)
    note = db.msg("app.no_third_party", lang)
    assert f"• {note}" in column[at + 1:at + 4]
    assert not [v for v in column if v.startswith(label) and v != label]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_question_label_shown_with_its_value_drops_its_question_mark(files, fmt):
    """The negative-list firm's 下一步 names what it stated as "label: yes", as its
    reasons do (explain.value_text), not "... this year?: yes"."""
    text = flat(text_of(fmt, files["negative", "en"][fmt]))
    assert flat("Under tax-evasion investigation this year: yes") in text
    assert "?:" not in text


def test_the_commitment_promises_only_what_its_texts_hold(db):
    """The letter cites the articles its promises rest on (Dongcheng 第四条 for lawful
    operation and the barred situations, 第十六、十七条 for truth, checks and recovery);
    "no project claimed twice" only where a text says so (Mentougou's 不重复); never the
    undertaking a barred firm could not sign."""
    dongcheng = build_context(assess(DONGCHENG_FIRM, db, AS_OF), db, DONGCHENG_FIRM, "zh")
    letter = " ".join(dongcheng["commitment"]["paragraphs"])
    assert "不重复" not in letter and "未发生重大生产安全事故" in letter
    assert dongcheng["commitment"]["basis"].endswith("第四条、第十六条、第十七条。")
    mentougou = build_context(assess(MENTOUGOU_FIRM, db, AS_OF), db, MENTOUGOU_FIRM, "zh")
    assert "同一项目不重复申报" in " ".join(mentougou["commitment"]["paragraphs"])
    barred = build_context(assess(NEGATIVE_FIRM, db, AS_OF), db, NEGATIVE_FIRM, "en")
    assert not any("barred situation" in x for x in barred["commitment"]["paragraphs"])
    # it can claim nothing, so it exports a record with no commitment to speak of
    assert not barred["applying"]
    assert not any("commitment" in x for x in barred["tool_notes"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bound_on_an_unpublished_share_is_said_to_be_one(db, qapp, tmp_path, lang):
    """dongcheng-09-3 and -10 are eligible with their bound at the share's ceiling
    (contract section 4); beside the totals they are in, every format says the text
    publishes no share and the bureau sets it. A firm with no such item has no such line."""
    firm = {**DONGCHENG_FIRM, "ai.benchmark_application_investment_yuan": 30_000_000,
            "ai.municipal_voucher_yuan": 3_333_333}
    report = assess(firm, db, AS_OF)
    assert {report.result(i).verdict for i in ("dongcheng-09-3", "dongcheng-10")} \
        == {"eligible"}
    line = ("第九条-3、第十条的条款只规定了最高金额，未公布支持比例" if lang == "zh"
            else "For Art. 9-3, Art. 10 the text sets only a maximum and publishes no share")
    for fmt in FORMATS:
        path = export_report(report, db, firm, tmp_path / f"share.{fmt}", lang=lang)
        assert flat(line) in flat(text_of(fmt, path)), fmt
    steps = build_context(report, db, firm, lang)["next_steps"]
    # asked for nothing until the bureau names the share (no longer an estimate in the
    # total), or, typed by the firm, its own figure
    assert (("其中第九条-3、第十条的支持比例未公布，申请金额待向主管部门确认比例后填写，"
             "未计入申请金额合计" if lang == "zh"
             else "For Art. 9-3, Art. 10 the text does not publish the share: the amount is "
                  "to be filled in once the bureau names it")
            in steps[0]["text"]), steps[0]
    app = Application()
    app.set_requested("dongcheng-10", 100_000)
    typed = build_context(report, db, firm, lang, application=app)
    # the note under the table no longer calls a typed amount the tool's estimate
    assert (("其中第十条的申请金额为企业自填，请在项目情况说明中写明所依据的比例" if lang == "zh"
             else "the amount asked for Art. 10 is the firm's own figure: give the share")
            in typed["totals"]["share_text"]), typed["totals"]["share_text"]
    steps = typed["next_steps"]
    assert (("其中第九条-3的支持比例未公布" if lang == "zh" else "For Art. 9-3 the text")
            in steps[0]["text"]), steps[0]
    assert (("其中第十条的申请金额为企业自填" if lang == "zh"
             else "the amount asked for Art. 10 is the firm's own figure")
            in steps[0]["text"]), steps[0]
    plain = export_report(assess(DONGCHENG_FIRM, db, AS_OF), db, DONGCHENG_FIRM,
                          tmp_path / "plain.docx", lang=lang)
    assert flat(line[:12]) not in flat(text_of("docx", plain))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_draft_says_under_which_measures_and_to_whom(db, files, fmt):
    """Under the title: the firm's own measures and their bureau (the title alone named
    neither); a record with nothing to apply for has no such line."""
    policy = db.policies["dongcheng"]
    text = flat(text_of(fmt, files["dongcheng", "zh"][fmt]))
    assert flat(f"申报依据：《{policy.title}》受理部门：{policy.bureau}") in text
    assert "申报依据" not in flat(text_of(fmt, files["negative", "zh"][fmt]))


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_conditions_every_item_shares_stand_once(db, files, fmt):
    """Dongcheng 第三条、第四条 (the district, lawful operation, the negative list) and the
    answers they read are listed once, after the applicant; each item has one line for
    them (the same seven conditions and eight answers stood under every item)."""
    text = flat(text_of(fmt, files["dongcheng", "zh"][fmt]))
    items = len(build_context(assess(DONGCHENG_FIRM, db, AS_OF), db, DONGCHENG_FIRM)["items"])
    assert items >= 3
    assert text.count("申报单位基本条件（东城区各申报事项共同）") == 1
    assert text.count(flat(db.fact("compliance.major_safety_accident").zh)) == 1
    assert text.count("申报单位依法经营，具有健全的财务管理与核算体系") == 1
    assert text.count("☑申报单位基本条件（符合，见前文“申报单位基本条件”）") == items
    # the appendix too: the review points and the validity caveat once, above the items
    for line in assess(DONGCHENG_FIRM, db, AS_OF).policy_wide_reasons("zh")["dongcheng"]:
        assert text.count(flat(line)) == 1, line
    assert text.count("另有各申报事项共同的") == items


def test_a_records_footer_does_not_call_it_a_draft(files):
    """The record of a firm with nothing to apply for says it is no application: its
    running footer says 自评结果, not 草稿."""
    pages = pdf_pages(files["negative", "zh"]["pdf"])
    assert all("·自评结果·" in flat(p) and "草稿" not in flat(p).split("·")[-2] for p in pages)
    assert "·草稿·第1页" in flat(pdf_pages(files["dongcheng", "zh"]["pdf"])[0])


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_bureau_reads_articles_not_the_tools_item_ids(files, fmt):
    """The no-double-claiming rule names the items of its group by their articles alone (it
    read "建议选择：（三）（mentougou-03）"); the application states the text's rule, not
    the self-check's advice to the firm ("建议选择" read as the tool speaking to the
    bureau: what is claimed is each item's 申请金额 line)."""
    text = flat(text_of(fmt, files["mentougou", "zh"][fmt]))
    assert ("本措施规定：“同一项目符合本措施多项条款或门头沟区其他支持政策的，按照"
            "‘从优、从高、不重复’的原则执行。”本单位将（三）、（四）按同一项目，申请其中（三）。"
            ) in text
    assert "mentougou-0" not in text
    assert "建议选择" not in text
    assert "不申请（同一项目择优申请（三））" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_applications_notes_to_the_firm_say_they_are_the_firms(db, files, lang):
    """The notices after the signature (the bureau's warning about third parties, the tool's
    notes) speak to the firm: in an application they are titled as the firm's own, to remove
    when sending, as the first page's box is; a record keeps the plain heading."""
    mark = "企业自用，报送前请删去" if lang == "zh" else "for the firm; remove when sending"
    pages = pdf_pages(files["mentougou", lang]["pdf"])
    notices = [p for p in pages if ("提示（" if lang == "zh" else "Notices (") in p]
    assert notices
    assert mark in (flat(notices[0]) if lang == "zh" else " ".join(notices[0].split()))
    assert mark not in "".join(pdf_pages(files["negative", lang]["pdf"]))
    # the workbook's claim sheet: the notices under the same heading, the tool's notes after
    rows = [r[0] for r in xlsx_rows(files["mentougou", lang]["xlsx"]) if r and r[0]]
    title = "提示（企业自用，报送前请删去）" if lang == "zh" else \
        "Notices (for the firm; remove when sending)"
    heading = rows.index(title)
    tool = "本工具说明" if lang == "zh" else "About this tool"
    assert any(tool in str(v) for v in rows[heading:])
    bureau = "在政策文本中提示" if lang == "zh" else "in the policy text"
    assert all(bureau not in str(v) for v in rows[:heading])


def test_an_open_item_that_would_give_more_is_in_the_firms_box(db):
    """A data asset's booking (open, up to 30,000) beside its eligible registration (27,000)
    of the same asset: the item sections state the text's rule only, so the advice to switch
    once the open one is confirmed is in the firm's own box (择优), with both bounds."""
    firm = {"company.district": "mentougou", "company.is_info_software": True,
            "assessment.year": 2025, "mentougou.quality_firm": True,
            "company.name": "北京门四待定科技有限公司",
            "data.asset_registration_fee_yuan": 100_000, "data.asset_booked_first": True,
            "data.asset_booked_amount_yuan": 2_000_000,
            "data.asset_booking_service_fees_yuan": 90_000}
    report = assess(firm, db, AS_OF)
    ctx = build_context(report, db, firm, "zh")
    better = [s["text"] for s in ctx["next_steps"] if s["label"] == "择优"]
    assert better, [s["label"] for s in ctx["next_steps"]]
    assert "同一项目可改为申请" in better[0] and "不超过" in better[0]
    notes = [n for s in ctx["items"] for n in s["stacking_notes"]]
    assert notes and not any("建议选择" in n or "尚待确认" in n for n in notes)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_english_source_lines_hold_no_chinese_heading(files, fmt):
    """The English draft's Source line names the measures and the article, without the
    chapter's Chinese heading in the middle of an English line."""
    text = text_of(fmt, files["dongcheng", "en"][fmt])
    lines = [ln for ln in text.splitlines() if "Source:" in ln]
    assert lines and not any("支持数字经济企业做大做强项目" in ln for ln in lines)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_condition_met_by_an_amount_says_the_amount(files, fmt):
    """"☑ 数据交易额（符合：5,000,000 元）": a tick beside the clause's words alone read as
    machine-made; the amount the firm stated is the evidence."""
    text = flat(text_of(fmt, files["mentougou", "zh"][fmt]))
    assert "☑数据交易额（符合：5,000,000元）" in text
    assert "（符合：2,000,000元）" in text  # the compute cost of (三)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_english_rule_names_articles_too(files, fmt):
    """The English application states the group's rule by articles, not the tool's advice."""
    text = flat(text_of(fmt, files["mentougou", "en"][fmt]))
    assert "Theapplicanttreats(3),(4)asoneprojectandappliesfor(3)." in text
    assert "mentougou-0" not in text and "Suggestedchoice" not in text


OPEN_FIRM = {  # open items begun, in and out of the open total (a group's, not begun)
    "company.name": "北京门四待定科技有限公司", "company.district": "mentougou",
    "company.is_info_software": True, "assessment.year": 2025,
    "mentougou.quality_firm": True, "company.annual_revenue_yuan": 80_000_000,
    "scenario.funding_received_yuan": 500_000, "ai.compute_cost_yuan": 3_000_000,
    "invest.fixed_asset_yuan": 4_000_000, "mentougou.new_office_space": True,
    "finance.loan_interest_yuan": 200_000, "data.asset_registration_fee_yuan": 100_000,
    "data.asset_booked_first": True, "data.asset_booked_amount_yuan": 2_000_000,
    "data.asset_booking_service_fees_yuan": 90_000,
}


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_the_open_total_is_the_sum_of_the_rows_marked_for_it(db, qapp, tmp_path, fmt):
    """Every uncertain row read 不计入（待确认）, yet the open total under the table summed
    some of them: a clerk could not rebuild it. The rows it sums now say so."""
    report = assess(OPEN_FIRM, db, AS_OF)
    open_total = report.totals.uncertain_total_yuan
    assert open_total and any(r.verdict == "uncertain" and not r.counted_in_total
                              and r.item_id not in report.totals.not_started_items
                              for r in report.results)  # the profile shows the difference
    path = export_report(report, db, OPEN_FIRM, tmp_path / f"open.{fmt}")
    if fmt == "xlsx":
        rows = xlsx_rows(path)
        start = next(i for i, r in enumerate(rows) if "计入合计" in r)
        header, body = rows[start], rows[start + 1:]
        body = [r for r in body if isinstance(r[0], int)]
    else:
        tables = docx_tables(path) if fmt == "docx" else html_tables(path)
        table = next(t for t in tables if t and "申请金额（元）" in t[0])
        header, body = table[0], [r for r in table[1:] if r[0].isdigit()]
    col, mark = header.index("金额上限（元）"), header.index("计入合计")
    marked = [_num(r[col]) for r in body if r[mark] == "待确认，计入待确认合计"]
    assert marked and sum(marked) == open_total
    assert f"{open_total:,}" in flat(text_of(fmt, path))
    assert flat("各行金额上限之和）：不超过") in flat(text_of(fmt, path))
    # An open row asks for nothing yet: its bound under 申请金额 read as a request for
    # money the self-check could not confirm.
    asked = header.index("申请金额（元）")
    assert {r[asked] for r in body if r[mark] == "待确认，计入待确认合计"} == {"确认后填写"}
    # (十二), an open item whose group counts the open (十一), says so (it read 待确认)
    assert flat("不计入：同一项目择优，计入（十一）") in flat(text_of(fmt, path))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_open_row_shows_the_amount_the_firm_typed_and_the_open_total_says_so(db, lang):
    """An amount the firm typed for an open item is its own request and is shown; the
    open total then says it counts that row by it and the others by their bounds."""
    report = assess(OPEN_FIRM, db, AS_OF)
    rows = [r for r in claim(report).rows if r.counted_open]
    typed, other = rows[0], rows[1]
    app = Application()
    app.set_requested(typed.item_id, 100_000)
    ctx = build_context(report, db, OPEN_FIRM, lang, application=app)
    by_id = {r["item_id"]: r for r in ctx["claim_rows"]}
    assert by_id[typed.item_id]["requested_text"] == "100,000"
    assert by_id[other.item_id]["requested_text"] == (
        "确认后填写" if lang == "zh" else "to fill in once confirmed")
    total = 100_000 + sum(r.bound_yuan for r in rows[1:])
    assert ctx["totals"]["uncertain_text"].startswith(
        "待确认合计（标“待确认，计入待确认合计”的各行之和：已填申请金额的按申请金额，其余按金额上限）"
        f"：不超过 {total:,} 元" if lang == "zh" else
        "Open total (the rows marked \"open: in the open total\": the amount requested where "
        f"the firm gave one, else the upper bound): at most {total:,} yuan")


SHARE_FIRM = {**DONGCHENG_FIRM, "company.name": "北京东城标杆应用科技有限公司",
              "ai.benchmark_application_investment_yuan": 5_000_000}


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_row_whose_share_is_unpublished_asks_for_nothing_until_the_share_is_known(
        db, qapp, tmp_path, fmt):
    """第九条-3 (按项目投资一定比例支持，不超过2000万元): its bound is the investment at
    100 %, and the draft asked for all of it. Its 申请金额 now reads 确认比例后填写, and the
    total requested is the sum of the amounts asked for (the bounds' total beside it)."""
    report = assess(SHARE_FIRM, db, AS_OF)
    assert report.result("dongcheng-09-3").verdict == "eligible"
    path = export_report(report, db, SHARE_FIRM, tmp_path / f"share.{fmt}")
    tables = docx_tables(path) if fmt == "docx" else html_tables(path)
    table = next(t for t in tables if t and "申请金额（元）" in t[0])
    header = table[0]
    rows = {r[1]: r for r in table[1:] if r[0].isdigit()}
    asked, bound = header.index("申请金额（元）"), header.index("金额上限（元）")
    assert rows["第九条-3"][asked] == "确认比例后填写"
    assert rows["第九条-3"][bound] == "5,000,000"
    # 计入 beside 确认比例后填写 read as a contradiction (a clerk): the row says it counts
    # in the bounds' total only, and the total row says which rows each total sums
    assert rows["第九条-3"][-1] == "仅计入金额上限合计"
    total = next(r for r in table
                 if r[0].startswith("合计（金额上限：标“计入”和“仅计入金额上限合计”"))
    requested = [_num(r[asked]) for r in rows.values() if r[-1] == "计入"]
    assert _num(total[-2]) == sum(n for n in requested if n is not None)
    assert _num(total[-3]) == sum(_num(r[bound]) for r in rows.values()
                                  if r[-1] in ("计入", "仅计入金额上限合计"))
    assert _num(total[-2]) < _num(total[-3])
    assert flat("申请金额：确认比例后填写（金额上限：不超过 5,000,000 元）") in flat(
        text_of(fmt, path))


def test_a_firm_whose_only_item_is_its_new_firms_is_not_told_it_has_nothing(db):
    """A Chaoyang headquarters founding a Dongcheng firm (dongcheng-07): the table holds the
    new firm's 可申请 row, and 下一步 said 目前没有可申请的条款 beside it."""
    profile = {"company.district": "chaoyang", "company.is_digital_economy_core": True,
               "assessment.year": 2025, "invest.new_digital_subsidiary_paid_in_yuan":
               60_000_000, "compliance.lawful_and_sound_finance": True, **CLEAN}
    ctx = build_context(assess(profile, db, AS_OF), db, profile, "zh")
    steps = {s["label"]: s["text"] for s in ctx["next_steps"]}
    assert steps["新设企业"].startswith("第七条由本单位新涵养的企业")
    assert "不超过 6,000,000 元" in steps["新设企业"]
    assert steps["申请"] == "本单位自身目前没有可申请的条款（第七条由新涵养企业申报，见上）。"


def test_a_requested_amount_with_no_bound_is_said_to_be_the_firms_own(db):
    """Under 表中金额均为条款允许的上限以内 stood an amount asked for an item whose text
    publishes no bound (（十）-2): a line under the table says it is the firm's own."""
    profile = {**MENTOUGOU_FIRM, "company.annual_revenue_yuan": 80_000_000}
    report = assess(profile, db, AS_OF)
    unbounded = next(r.item_id for r in report.results if r.verdict == "uncertain"
                     and r.max_amount_yuan is None
                     and r.item_id not in report.totals.not_started_items)
    app = Application()
    app.set_requested(unbounded, 5_000_000)
    ctx = build_context(report, db, profile, "zh", application=app)
    assert "表中申请金额为企业自报，未经上限核对" in ctx["totals"]["share_text"]
    assert ctx["L"]["amounts_note"].startswith("除下述未公布上限的条款外")
    plain = build_context(report, db, profile, "zh")
    assert "企业自报" not in plain["totals"]["share_text"]
    assert plain["L"]["amounts_note"].startswith("表中金额均为条款允许的上限以内")
    # asked for nothing, the row's amount is to be filled in, not "未公布"
    row = next(r for r in plain["claim_rows"] if r["item_id"] == unbounded)
    assert row["requested_text"] == "（请填写）"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_amount_asked_above_the_bound_is_said_to_be_lowered_in_every_format(
        db, qapp, tmp_path, fmt):
    """99,000,000 asked for (五), whose bound is 300,000: every format says the amount was
    lowered to the bound (the workbook showed the bound alone, as if it had been asked)."""
    report = assess(MENTOUGOU_FIRM, db, AS_OF)
    app = Application()
    app.set_requested("mentougou-05", 99_000_000)
    path = export_report(report, db, MENTOUGOU_FIRM, tmp_path / f"capped.{fmt}",
                         application=app)
    text = flat(text_of(fmt, path))
    assert flat("已按上限") in text or flat("超过上限，已按上限计") in text
    if fmt != "xlsx":  # the item's line: the unit after the number, the note after both
        assert flat("申请金额：300,000 元（已按上限）") in text


def test_an_applications_checklist_box_says_it_is_the_firms(db):
    """The box on an application's first page is the firm's own checklist before sending
    (a clerk read its 待填写 and 咨询 lines as addressed to the bureau); a record keeps
    下一步, which is what it is."""
    applying = build_context(assess(MENTOUGOU_FIRM, db, AS_OF), db, MENTOUGOU_FIRM, "zh")
    record = build_context(assess(NEGATIVE_FIRM, db, AS_OF), db, NEGATIVE_FIRM, "zh")
    assert applying["applying"] and not record["applying"]
    assert applying["L"]["next_steps"] == "报送前核对（企业自用，报送前请删去本框）"
    assert record["L"]["next_steps"] == "下一步"


def test_the_no_double_claiming_line_follows_the_table(db):
    """Each item of a group the claim table pairs says so, open ones too ((十一) and (十二)
    both open, (十二) left out for (十一): no line stood under either, the report's notes
    come only once an item of a group is eligible); a group the firm stated to be separate
    projects says that instead."""
    def lines(profile, item_id):
        ctx = build_context(assess(profile, db, AS_OF), db, profile, "zh")
        return next(s for s in ctx["items"] if s["item_id"] == item_id)["stacking_notes"]

    for item_id in ("mentougou-11", "mentougou-12"):
        assert [n.split("”", 1)[1] for n in lines(OPEN_FIRM, item_id)] == [
            "本单位将（十一）、（十二）按同一项目，申请其中（十一）。"]
    separate = {**OPEN_FIRM, "stacking.separate_projects": ["mentougou-expansion"]}
    assert lines(separate, "mentougou-12")[0].endswith(
        "本单位说明：（十一）、（十二）分别涉及不同项目，分别申请。")


def test_the_separate_projects_line_speaks_of_the_rest_once_some_are_stated(db):
    """A firm that stated one group to be separate projects is told what the other groups
    would add "如其余同组条款也属于不同项目"; it read as if nothing had been stated. In an
    application it is the firm's to weigh, in its box (项目), not under the table, where it
    stood beside "本单位将（三）、（四）按同一项目" as a contradiction."""
    def line(profile):
        ctx = build_context(assess(profile, db, AS_OF), db, profile, "zh")
        assert ctx["totals"]["if_separate_text"] == ""
        return next(s["text"] for s in ctx["next_steps"] if s["label"] == "项目")

    assert "本稿将同组条款按同一项目计、择优申请。如各同组条款属于不同项目" in line(OPEN_FIRM)
    separate = {**OPEN_FIRM, "stacking.separate_projects": ["mentougou-expansion"]}
    assert "如其余同组条款也属于不同项目" in line(separate)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_firms_to_dos_are_in_its_own_parts_not_the_applications(db, tmp_path, fmt):
    """What the firm still has to do stood in the body a clerk reads: "报送前请逐项核对"
    under the title, the items not begun under the claim table, each item's questions for
    the bureau and facts still to give. They are in the box at the front and the appendix,
    both titled as the firm's own, to remove when sending."""
    report = assess(OPEN_FIRM, db, AS_OF)
    ctx = build_context(report, db, OPEN_FIRM, "zh")
    labels = [s["label"] for s in ctx["next_steps"]]
    assert {"未开始", "格式", "承诺书"} <= set(labels) and labels[-1] == "政策状态"
    # the open items' line points where their questions now are
    assert "附录“自评明细”" in next(s["text"] for s in ctx["next_steps"] if s["label"] == "待确认")
    assert ctx["not_started"] == "" and "报送前" not in ctx["subtitle"]
    assert all(not d["ask_bureau"] and not d["open_facts"] for d in ctx["items"])
    text = flat(text_of(fmt, export_report(report, db, OPEN_FIRM, tmp_path / f"o.{fmt}")))
    body, appendix = text.split("附录：自评明细（企业自用，报送前请删去）")
    box_end = body.index("一、申报单位信息")
    assert "报送前请逐项核对" not in body[box_end:] and "尚未开始填写" not in body[box_end:]
    # (an open row of the claim table still says what it waits for: why it is 待确认)
    assert "需向主管部门确认" not in body[box_end:]
    assert "模板" not in body[box_end:] and "上限合计可为" not in body[box_end:]
    assert "需向主管部门确认：" in appendix
    for q in report.result("mentougou-11").ask_bureau:
        assert flat(q) in appendix
    # a question an unpublished threshold's reason already asks is not asked again
    assert "需向主管部门确认：请向" not in appendix
    asked = flat("请向区经信局确认“一定规模”的营业收入标准")
    assert appendix.count(asked) == sum(asked in flat(" ".join(r.reasons))
                                        for r in report.results if r.item_id in
                                        {d["item_id"] for d in ctx["items"]})


def test_a_draft_not_yet_issued_is_not_ticked_as_in_force(db, qapp, tmp_path):
    """Mentougou's draft reads 自印发之日起施行: its validity condition stood as ☑ …（符合）
    in every item, telling a clerk the measures were in force (a clerk's reading). It is
    met as far as the end date goes, and says the start is the issued text's."""
    report = assess(MENTOUGOU_FIRM, db, AS_OF)
    path = export_report(report, db, MENTOUGOU_FIRM, tmp_path / "m.docx")
    text = flat(text_of("docx", path))
    assert flat("（截止日期以内；本政策为征求意见稿，施行日期以正式印发文件为准）") in text
    assert flat("有效期至2026年12月31日（基于2026年数据的兑现在次年开展）（符合）") not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_item_not_applied_for_has_no_form_to_fill_and_no_materials(db, files, fmt):
    """（四） is one project with （三）, which is claimed: its section stood as a full
    application (conditions, 项目情况说明 outline, materials) and its contracts were on the
    materials list, for money the firm does not ask for (a clerk's reading)."""
    path = files["mentougou", "zh"][fmt]
    if fmt == "xlsx":  # every sheet: the items' sections are the second
        from openpyxl import load_workbook

        text = flat("\n".join(str(c) for ws in load_workbook(path).worksheets
                               for row in ws.iter_rows(values_only=True) for c in row if c))
    else:
        text = flat(text_of(fmt, path))
    assert flat("不申请（同一项目择优申请（三））") in text
    # the clause is still quoted, so the clerk knows what is not applied for
    assert flat("采购大模型精调服务费用的20%") in text
    assert flat("API调用、私有化部署、精调服务的采购合同") not in text
    # one outline: （五）'s (（三） has its description; （四） none to fill)
    assert text.count(flat("（请企业填写，建议包括以下内容）")) == 1


def test_a_material_two_items_share_names_only_the_item_applied_for(db):
    context = build_context(assess(MENTOUGOU_FIRM, db, AS_OF), db, MENTOUGOU_FIRM,
                            application=_application(), today=AS_OF)
    shared = next(m for m in context["materials"] if m["text"].startswith("优质信软企业认定"))
    assert shared["for_items"] == "（三）"
    declined = next(d for d in context["items"] if d["item_id"] == "mentougou-04")
    assert declined["declined"] and not any(
        d["declined"] for d in context["items"] if d["item_id"] != "mentougou-04")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_clause_base_version_is_in_the_firms_appendix_not_under_the_title(files, fmt):
    """"条款库版本 9d70…" under an application's title was jargon to the firm and the
    clerk; it is the firm's to keep, in the appendix it removes before sending."""
    text = flat(text_of(fmt, files["mentougou", "zh"][fmt]))
    body, appendix = text.split(flat("附录：自评明细（企业自用，报送前请删去）"), 1)
    assert "条款库版本" not in body and "条款库版本" in appendix


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_says_the_bounds_total_under_its_table(db, files, lang):
    """The other formats say "金额上限合计（计入合计的各行）" under the table; the workbook
    did not, and a clerk summing its bound column got more than its total."""
    ctx = build_context(assess(MENTOUGOU_FIRM, db, AS_OF), db, MENTOUGOU_FIRM, lang,
                        application=_application())
    line = f"{ctx['L']['total_bound']}{ctx['L']['colon']}{ctx['totals']['bound_text']}"
    assert line in text_of("xlsx", files["mentougou", lang]["xlsx"])
