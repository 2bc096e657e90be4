"""Regenerate resources/templates/checklist.docx, the Word template of the DOCX export.

    .venv/bin/python resources/templates/make_docx_template.py

The template is a real Word document (A4, styles, tables) holding docxtpl/jinja2
tags; desktop_app/export/docx.py fills it with the context of
desktop_app/export/context.py. Edit it in Word if you like, but keep the tags:
`{%tr ... %}` rows repeat table rows, `{%p ... %}` paragraphs repeat paragraphs,
`{% cellbg ... %}` sets a cell's shading.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "checklist.docx"
LATIN = "Calibri"
EAST_ASIA = "微软雅黑"  # Microsoft YaHei; Word substitutes SimSun/等线 where it is missing
NAVY = RGBColor(0x1F, 0x3B, 0x63)
GREY = RGBColor(0x66, 0x66, 0x66)
BORDER = "9AA7B8"
HEADER_FILL = "E8EDF4"


def set_fonts(rpr_owner, size: float | None = None, bold: bool | None = None,
              color: RGBColor | None = None) -> None:
    """Latin and East-Asian fonts on a style or run (w:rFonts w:eastAsia)."""
    font = rpr_owner.font
    font.name = LATIN
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN)
    rfonts.set(qn("w:eastAsia"), EAST_ASIA)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def set_defaults(doc) -> None:
    """Document defaults: fonts and Chinese as the East-Asian language."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:cs"), LATIN)
    rfonts.set(qn("w:eastAsia"), EAST_ASIA)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def make_styles(doc) -> None:
    set_defaults(doc)
    normal = doc.styles["Normal"]
    set_fonts(normal, 10)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, color in (("Title", 20, RGBColor(0x1A, 0x1A, 0x1A)),
                              ("Heading 1", 14, NAVY), ("Heading 2", 12, NAVY),
                              ("Heading 3", 10.5, RGBColor(0x1A, 0x1A, 0x1A))):
        style = doc.styles[name]
        set_fonts(style, size, bold=True, color=color)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = Pt({"Title": 0, "Heading 1": 16, "Heading 2": 14}.get(name, 8))
        fmt.space_after = Pt(4 if name != "Heading 3" else 2)
        fmt.keep_with_next = True
    # The Title style of the default template has a bottom border and a theme font.
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)

    def para_style(name: str, size: float, color: RGBColor | None = None,
                   indent: float = 0, italic: bool = False):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        set_fonts(style, size, color=color)
        style.font.italic = italic
        if indent:
            style.paragraph_format.left_indent = Cm(indent)
        return style

    label = para_style("Label", 10, NAVY)
    label.font.bold = True
    label.paragraph_format.space_before = Pt(6)
    label.paragraph_format.space_after = Pt(1)
    label.paragraph_format.keep_with_next = True
    para_style("Subtitle Note", 10, GREY)
    para_style("Basis", 10.5).font.bold = True
    para_style("Small", 8.5, GREY)
    para_style("List Line", 10, indent=0.4).paragraph_format.first_line_indent = Cm(-0.4)
    clause = para_style("Clause", 10, indent=0.3)
    _shade_paragraph(clause.element.get_or_add_pPr(), "F2F2F2")
    clause.paragraph_format.keep_together = True
    para_style("Cell", 9)
    para_style("Cell Small", 8, GREY)
    para_style("Box Line", 10, indent=0.6).paragraph_format.first_line_indent = Cm(-0.6)


def _shade_paragraph(ppr, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def shade_cell(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def table_borders(table, color: str = BORDER) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    tblpr.append(borders)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def new_table(doc, widths_cm: list[float], header: list[str] | None = None,
              header_size: float | None = None):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_borders(table)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    if header:
        row = add_row(table, widths_cm, header, style="Cell")
        repeat_header(row)
        for cell in row.cells:
            shade_cell(cell, HEADER_FILL)
            for run in cell.paragraphs[0].runs:
                run.bold = True
                if header_size:
                    run.font.size = Pt(header_size)
    return table


def add_row(table, widths_cm: list[float], texts: list[str], style: str = "Cell"):
    row = table.add_row()
    for cell, width, text in zip(row.cells, widths_cm, texts, strict=True):
        cell.width = Cm(width)
        para = cell.paragraphs[0]
        para.style = style
        if text:
            para.add_run(text)
    return row


def loop_row(table, widths_cm: list[float], tag: str):
    """A row holding only a `{%tr ... %}` tag (docxtpl removes the row itself)."""
    row = add_row(table, widths_cm, [tag] + [""] * (len(widths_cm) - 1))
    return row


def p(doc, text: str = "", style: str = "Normal", bold: bool = False):
    para = doc.add_paragraph(style=style)
    if text:
        run = para.add_run(text)
        run.bold = bold
    return para


FONT_TABLE_ENTRIES = (
    # name, alternative name, panose, charset 86 = GB2312: where the font is missing,
    # Word substitutes another Simplified Chinese font rather than a Japanese one.
    ("微软雅黑", "Microsoft YaHei", "020B0503020204020204", "swiss"),
    ("宋体", "SimSun", "02010600030101010101", "auto"),
)


def add_font_table_entries(doc) -> None:
    from lxml import etree

    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        for name, alt, panose, family in FONT_TABLE_ENTRIES:
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            for tag, val in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"),
                             ("w:family", family), ("w:pitch", "variable")):
                el = etree.SubElement(font, qn(tag))
                el.set(qn("w:val"), val)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)


def drop_thumbnail(doc) -> None:
    """python-docx's blank template carries a thumbnail that would stand for every export."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            rels.pop(rid)


def field(para, instr: str, size_half_points: int = 16) -> None:
    """A simple field (PAGE, NUMPAGES) Word and LibreOffice update on opening/printing."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(size_half_points))
    rpr.append(sz)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "666666")
    rpr.append(color)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    para._p.append(fld)


def grey_run(para, text: str, size: float = 8):
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = GREY
    return run


def running_footer(section) -> None:
    """ "企业名称 · 草稿 · 第X页 共Y页" / "... · page X of Y" on every page."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    grey_run(para, "{{ running }} · {% if lang == 'zh' %}第{% else %}page {% endif %}")
    field(para, "PAGE")
    grey_run(para, "{% if lang == 'zh' %}页 共{% else %} of {% endif %}")
    field(para, "NUMPAGES")
    grey_run(para, "{% if lang == 'zh' %}页{% endif %}")


def highlight(run) -> None:
    """A fill-in field: yellow, as Word marks text to complete."""
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def fill_cell(cell, value: str, blank: str, style: str = "Cell") -> None:
    """A cell holding `value`, or, where it is blank, a highlighted "（请填写）"."""
    para = cell.paragraphs[0]
    para.style = style
    para.add_run(value)
    highlight(para.add_run(blank))


def conditions_and_facts(doc, name: str, full: float, facts_label: str | None = None) -> None:
    """`name`.conditions as ☑/☐/☒/○ lines, then `name`.facts as a two-column table (an
    item's, and the policy-wide block's once after the applicant)."""
    p(doc, f"{{%p for c in {name}.conditions %}}")
    para = p(doc, "{{ c.box }} {{ c.text }}", "Box Line")
    para.paragraph_format.keep_with_next = True
    grey_run(para, "{{ c.status_note }}", 9)
    p(doc, "{%p endfor %}")
    if facts_label:
        p(doc, facts_label, "Label")
    widths = [9.0, full - 9.0]
    table = new_table(doc, widths)
    loop_row(table, widths, f"{{%tr for f in {name}.facts %}}")
    add_row(table, widths, ["{{ f.label }}", "{{ f.value }}"])
    loop_row(table, widths, "{%tr endfor %}")
    keep_rows(table)


def claim_row(table, widths: list[float], keep_with_next: bool) -> None:
    """One row of the claim table; the last one keeps with the total row after it (so a
    page never starts with the total alone under the repeated header)."""
    row = add_row(table, widths, ["{{ r.no }}", "{{ r.article }}", "{{ r.benefit }}",
                                  "{{ r.formula }}",
                                  "{% cellbg fills[r.verdict] %}{{ r.verdict_label }}",
                                  "{{ r.bound_text }}", "", "{{ r.count_text }}"])
    fill_cell(row.cells[6], "{{ r.requested_text }}", "")
    # the beneficiary note and the open facts each on their own line
    row.cells[2].add_paragraph("{%p if r.beneficiary_note %}", style="Cell")
    row.cells[2].add_paragraph("{{ r.beneficiary_note }}", style="Cell Small")
    row.cells[2].add_paragraph("{%p endif %}", style="Cell")
    row.cells[2].add_paragraph("{%p if r.open_text %}", style="Cell")
    row.cells[2].add_paragraph("{{ L.open_facts + L.colon + r.open_text }}", style="Cell Small")
    row.cells[2].add_paragraph("{%p endif %}", style="Cell")
    for c in (5, 6):
        row.cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if keep_with_next:
        for c in row.cells:
            for para in c.paragraphs:
                para.paragraph_format.keep_with_next = True


def keep_rows(table) -> None:
    for row in table.rows:
        cant_split(row)


def labelled_list(doc, items: str, label: str, line: str, style: str) -> None:
    """A label and one paragraph per element `x` of the context list `items`, if any."""
    p(doc, f"{{%p if {items} %}}")
    p(doc, label, "Label")
    p(doc, f"{{%p for x in {items} %}}")
    p(doc, line, style)
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")


def build() -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(1.0)
    make_styles(doc)
    running_footer(section)
    add_font_table_entries(doc)
    drop_thumbnail(doc)
    full = 17.0

    doc.core_properties.title = "政策支持资金申报材料（草稿） / Application (draft)"
    doc.core_properties.author = "Policy Self-Check"
    doc.core_properties.comments = "docxtpl template; regenerate with make_docx_template.py"

    # The title says 草稿 / draft itself: no second mark beside it.
    p(doc, "{{ title }}", "Title")
    p(doc, "{%p for line in basis_lines %}")
    p(doc, "{{ line }}", "Basis")
    p(doc, "{%p endfor %}")
    p(doc, "{% if firm_name %}{{ firm_name }} · {% endif %}{{ subtitle }}", "Subtitle Note")
    p(doc, "{{ meta_line }}", "Small")

    # Next steps: a bordered box
    widths = [3.1, full - 3.1]  # "Commitment" and "Policy status" on one line
    box = new_table(doc, widths)
    row = box.add_row()
    cell = row.cells[0].merge(row.cells[1])
    cell.paragraphs[0].style = "Label"
    cell.paragraphs[0].add_run("{{ L.next_steps }}")
    loop_row(box, widths, "{%tr for s in next_steps %}")
    row = add_row(box, widths, ["{{ s.label }}", "{{ s.text }}"])
    row.cells[0].paragraphs[0].runs[0].bold = True
    loop_row(box, widths, "{%tr endfor %}")
    for r in box.rows:
        for c in r.cells:
            shade_cell(c, "F3F6FA")
    keep_rows(box)

    # 1 applicant
    p(doc, "{{ L.applicant }}", "Heading 1")
    widths = [5.0, full - 5.0]
    table = new_table(doc, widths)
    loop_row(table, widths, "{%tr for a in applicant %}")
    row = add_row(table, widths, ["{{ a.label }}", ""])
    fill_cell(row.cells[1], "{{ a.value }}", "{{ L.fill_in if a.blank else '' }}")
    shade_cell(row.cells[0], HEADER_FILL)
    row.cells[0].paragraphs[0].runs[0].bold = True
    loop_row(table, widths, "{%tr endfor %}")
    keep_rows(table)
    p(doc, "{%p for pol in own_policies %}")
    p(doc, "{{ pol.line }}", "Small")
    p(doc, "{%p endfor %}")
    p(doc, "{%p for line in other_districts %}")
    p(doc, "{{ line }}", "Small")
    p(doc, "{%p endfor %}")
    # the conditions every item of a policy shares, once (the items each have one line)
    p(doc, "{%p for g in common_conditions %}")
    p(doc, "{{ g.title }}", "Label")
    conditions_and_facts(doc, "g", full)
    p(doc, "{%p endfor %}")

    # 2 claim table
    p(doc, "{{ L.claims }}", "Heading 1")
    p(doc, "{%p if claim_rows %}")
    # wide enough for whole English words ("Uncertain", "unpublished") and for a bold
    # eight-digit total in either amount column ("36,750,616" wrapped at 2.2 cm)
    widths = [1.1, 1.9, 2.8, 2.6, 2.0, 2.4, 2.4, full - 15.2]
    table = new_table(doc, widths, ["{{ L.no }}", "{{ L.article }}", "{{ L.benefit }}",
                                    "{{ L.formula }}", "{{ L.verdict }}", "{{ L.bound }}",
                                    "{{ L.requested }}", "{{ L.in_total }}"], header_size=8)
    loop_row(table, widths, "{%tr for r in claim_rows %}")
    loop_row(table, widths, "{%tr if not loop.last %}")
    claim_row(table, widths, keep_with_next=False)
    loop_row(table, widths, "{%tr else %}")
    claim_row(table, widths, keep_with_next=True)
    loop_row(table, widths, "{%tr endif %}")
    loop_row(table, widths, "{%tr endfor %}")
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[4])
    merged.paragraphs[0].style = "Cell"
    merged.paragraphs[0].add_run("{{ L.total_requested }}").bold = True
    for c, text in ((5, "{{ totals.bound_text }}"), (6, "{{ totals.requested_text }}")):
        para = row.cells[c].paragraphs[0]
        para.style = "Cell"
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run(text).bold = True
    row.cells[7].paragraphs[0].style = "Cell"
    for c in row.cells:
        shade_cell(c, HEADER_FILL)
    keep_rows(table)
    p(doc, "{{ L.total_bound }}{{ L.colon }}{{ totals.bound_text }} · {{ L.amounts_note }}",
      "Small")
    p(doc, "{%p if totals.share_text %}")
    p(doc, "{{ totals.share_text }}", "Small")
    p(doc, "{%p endif %}")
    p(doc, "{%p if totals.if_separate_text %}")
    p(doc, "{{ totals.if_separate_text }}", "Small")
    p(doc, "{%p endif %}")
    p(doc, "{%p if totals.uncertain_text %}")
    p(doc, "{{ totals.uncertain_text }}", "Small")
    p(doc, "{%p endif %}")
    p(doc, "{%p else %}")
    p(doc, "{{ L.no_claims }}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if not_started %}")
    p(doc, "{{ not_started }}", "Small")
    p(doc, "{%p endif %}")

    # 3 item by item
    p(doc, "{%p if items %}")
    p(doc, "{{ L.items_title }}", "Heading 1")
    p(doc, "{%p endif %}")
    p(doc, "{%p for d in items %}")
    p(doc, "{{ d.heading }}", "Heading 2")
    para = p(doc)
    para.paragraph_format.keep_with_next = True
    para.add_run("{{ d.verdict_label }}").bold = True
    para.add_run(" · {{ d.requested_line }} · {{ d.count_text }}"
                 "{{ ' · ' + d.beneficiary_note if d.beneficiary_note else '' }}")
    p(doc, "{{ L.clause_text }}", "Label")
    p(doc, "{%p for para in d.clause_paragraphs %}")
    p(doc, "{{ para }}", "Clause")
    p(doc, "{%p endfor %}")
    p(doc, "{{ L.source }}{{ L.colon }}{{ d.source }}", "Small")
    # Not applied for (its group's better item is): the status line says which; no
    # conditions, outline or materials for the firm to fill in.
    p(doc, "{%p if not d.declined %}")
    p(doc, "{{ L.conditions }}", "Label")
    conditions_and_facts(doc, "d", full, facts_label="{{ L.facts_used }}")
    p(doc, "{{ L.computation }}", "Label")
    p(doc, "{{ d.computation }}").paragraph_format.keep_with_next = True
    para = p(doc)
    para.add_run("{{ d.requested_line }}").bold = True
    p(doc, "{{ L.description }}", "Label")
    p(doc, "{%p if d.description_paragraphs %}")
    p(doc, "{%p for para in d.description_paragraphs %}")
    p(doc, "{{ para }}")
    p(doc, "{%p endfor %}")
    p(doc, "{%p else %}")
    para = p(doc, "", "Small")
    highlight(para.add_run("{{ L.outline_note }}"))
    para.paragraph_format.keep_with_next = True
    p(doc, "{%p for o in d.outline %}")
    para = p(doc, "{{ o }}{{ L.colon }}", "List Line")
    para.paragraph_format.keep_with_next = True
    highlight(para.add_run("{{ L.fill_in }}"))
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "{{ L.materials }}", "Label")
    p(doc, "{%p for m in d.materials %}")
    para = p(doc, "☐ {{ m.text }}", "Box Line")
    grey_run(para, "{{ m.note }}", 9)
    p(doc, "{%p endfor %}")
    p(doc, "{%p if d.open_facts %}")
    p(doc, "{{ L.open_facts }}", "Label")
    p(doc, "{{ d.open_facts | join(L.sep) }}")
    p(doc, "{%p endif %}")
    labelled_list(doc, "d.ask_bureau", "{{ L.ask_bureau }}", "{{ L.ask_mark }} {{ x }}",
                  "List Line")
    p(doc, "{%p endif %}")
    labelled_list(doc, "d.stacking_notes", "{{ L.stacking_notes }}", "• {{ x }}", "List Line")
    p(doc, "{%p endfor %}")

    # 4 materials
    p(doc, "{%p if materials %}")
    p(doc, "{{ L.materials_all }}", "Heading 1")
    widths = [1.3, 8.2, 4.0, full - 13.5]
    table = new_table(doc, widths, ["{{ L.no }}", "{{ L.material }}", "{{ L.kind }}",
                                    "{{ L.for_items }}"])
    loop_row(table, widths, "{%tr for m in materials %}")
    add_row(table, widths, ["☐ {{ loop.index }}", "{{ m.text }}", "{{ m.kind }}",
                            "{{ m.for_items }}"])
    loop_row(table, widths, "{%tr endfor %}")
    keep_rows(table)
    p(doc, "{%p endif %}")

    # 5 commitment, 6 signature (none where there is nothing to apply for)
    p(doc, "{%p if applying %}")
    h = p(doc, "{{ L.commitment }}", "Heading 1")
    h.paragraph_format.page_break_before = True
    p(doc, "{%p if commitment.to %}")
    p(doc, "{{ commitment.to }}")
    p(doc, "{%p endif %}")
    p(doc, "{%p for para in commitment.paragraphs %}")
    para = p(doc, "{{ para }}")
    para.paragraph_format.keep_with_next = True
    p(doc, "{%p endfor %}")
    p(doc, "{%p if commitment.basis %}")
    p(doc, "{{ commitment.basis }}", "Small")
    p(doc, "{%p endif %}")
    p(doc, "{{ L.signature }}", "Heading 1")
    widths = [full / 2, full / 2]
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    row = add_row(table, widths, ["{{ L.seal }}", "{{ L.legal_sign }}"], style="Normal")
    row = add_row(table, widths, ["", ""], style="Normal")
    fill_cell(row.cells[0], "{{ firm_name }}", "{{ '' if firm_name else L.fill_in }}", "Normal")
    fill_cell(row.cells[1], "{{ legal_rep }}", "{{ '' if legal_rep else L.fill_in }}", "Normal")
    row = add_row(table, widths, ["", ""], style="Normal")
    for c in row.cells:
        c.paragraphs[0].paragraph_format.space_before = Pt(18)
        highlight(c.paragraphs[0].add_run("{{ L.sign_blank }}"))
    row = add_row(table, widths, ["{{ L.date_line }}", ""], style="Normal")
    row.cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    keep_rows(table)
    p(doc, "{%p endif %}")

    # notices
    p(doc, "{{ L.notices }}", "Heading 2")
    p(doc, "{%p for n in notices %}")
    para = p(doc)
    para.add_run("{{ n.source }}").bold = True
    para.add_run("{{ n.text }}")
    p(doc, "{%p endfor %}")
    p(doc, "{{ L.tool_says }}", "Label")
    p(doc, "{%p for t in tool_notes %}")
    p(doc, "• {{ t }}", "Small")
    p(doc, "{%p endfor %}")

    # appendix
    p(doc, "{%p if appendix_items or appendix_ineligible %}")
    h = p(doc, "{{ L.appendix }}", "Heading 1")
    h.paragraph_format.page_break_before = True
    p(doc, "{%p endif %}")
    p(doc, "{%p if version_line %}")
    p(doc, "{{ version_line }}", "Small")
    p(doc, "{%p endif %}")
    p(doc, "{%p if appendix_items %}")
    p(doc, "{{ L.appendix_items }}", "Heading 2")
    p(doc, "{%p for g in appendix_shared %}")
    labelled_list(doc, "g.lines", "{{ g.title }}", "• {{ x }}", "Small")
    p(doc, "{%p endfor %}")
    p(doc, "{%p for a in appendix_items %}")
    labelled_list(doc, "a.reasons", "{{ a.heading }}", "• {{ x }}", "Small")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "{%p for g in appendix_ineligible %}")
    p(doc, "{{ g.title }}", "Heading 2")
    p(doc, "{%p if g.common %}")
    p(doc, "{{ g.common }}")
    p(doc, "{%p endif %}")
    # With reasons: three columns; without (the group's common reason stands above): two,
    # never an empty third column.
    p(doc, "{%p if g.has_reasons %}")
    widths = [2.2, 9.0, full - 11.2]
    table = new_table(doc, widths, ["{{ L.article }}", "{{ L.benefit }}", "{{ L.reasons }}"])
    loop_row(table, widths, "{%tr for a in g.rows %}")
    row = add_row(table, widths, ["{{ a.article }}", "{{ a.benefit }}",
                                  "{%p for r in a.reasons %}"])
    row.cells[2].add_paragraph("{{ r }}", style="Cell")
    row.cells[2].add_paragraph("{%p endfor %}", style="Cell")
    loop_row(table, widths, "{%tr endfor %}")
    keep_rows(table)
    p(doc, "{%p else %}")
    widths = [2.2, full - 2.2]
    table = new_table(doc, widths, ["{{ L.article }}", "{{ L.benefit }}"])
    loop_row(table, widths, "{%tr for a in g.rows %}")
    add_row(table, widths, ["{{ a.article }}", "{{ a.benefit }}"])
    loop_row(table, widths, "{%tr endfor %}")
    keep_rows(table)
    p(doc, "{%p endif %}")
    p(doc, "{%p endfor %}")

    p(doc, "")
    p(doc, "{{ footer }}", "Small")
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    build()
