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
from docx.enum.text import WD_ALIGN_PARAGRAPH
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

    para_style("Subtitle Note", 10, GREY)
    para_style("Small", 8.5, GREY)
    para_style("List Line", 10, indent=0.4).paragraph_format.first_line_indent = Cm(-0.4)
    clause = para_style("Clause", 10, indent=0.3)
    _shade_paragraph(clause.element.get_or_add_pPr(), "F2F2F2")
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


def new_table(doc, widths_cm: list[float], header: list[str] | None = None):
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


def page_number_footer(section) -> None:
    footer = section.footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run("{{ L.title }} · {{ L.draft_mark }}{% if firm_name %} · {{ firm_name }}"
                       "{% endif %} · ")
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "16")
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    para._p.append(fld)


def build() -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(1.0)
    make_styles(doc)
    page_number_footer(section)
    add_font_table_entries(doc)
    drop_thumbnail(doc)
    full = 17.0

    doc.core_properties.title = "政策申报自评清单 / Policy self-check checklist"
    doc.core_properties.author = "Policy Self-Check"
    doc.core_properties.comments = "docxtpl template; regenerate with make_docx_template.py"

    title = p(doc, "{{ title }}", "Title")
    run = title.add_run("  【{{ L.draft_mark }}】")
    run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    p(doc, "{{ subtitle }}", "Subtitle Note")

    # Cover block
    p(doc, "{{ L.cover }}", "Heading 1")
    widths = [5.5, full - 5.5]
    table = new_table(doc, widths)
    loop_row(table, widths, "{%tr for row in cover %}")
    row = add_row(table, widths, ["{{ row.label }}", "{{ row.value }}"])
    shade_cell(row.cells[0], HEADER_FILL)
    row.cells[0].paragraphs[0].runs[0].bold = True
    loop_row(table, widths, "{%tr endfor %}")

    # Warnings: a shaded one-cell table
    p(doc, "", "Small")
    box = new_table(doc, [full])
    cell = box.add_row().cells[0]
    cell.width = Cm(full)
    shade_cell(cell, "FFF4D6")
    first = cell.paragraphs[0]
    first.add_run("{{ L.warnings }}").bold = True
    for text, style in (("{%p for w in warnings %}", "Normal"), ("• {{ w }}", "List Line"),
                        ("{%p endfor %}", "Normal")):
        cell.add_paragraph(text, style=style)
    cell.add_paragraph().add_run("{{ L.third_party }}").bold = True
    for text, style in (("{%p for t in third_party %}", "Normal"),
                        ("• {{ t.text }}{{ t.contact_note }}",
                         "List Line"),
                        ("{%p endfor %}", "Normal"), ("• {{ L.amounts_note }}", "List Line")):
        cell.add_paragraph(text, style=style)

    # Policies
    p(doc, "{{ L.policies }}", "Heading 1")
    widths = [6.0, 2.2, 4.8, full - 13.0]
    table = new_table(doc, widths, ["{{ L.policy }}", "{{ L.status }}", "{{ L.validity }}",
                                    "{{ L.bureau }}"])
    loop_row(table, widths, "{%tr for pol in policies %}")
    add_row(table, widths, ["{{ pol.title }}", "{{ pol.status }}", "{{ pol.validity }}",
                            "{{ pol.bureau }}{{ pol.phone_note }}"])
    loop_row(table, widths, "{%tr endfor %}")

    # Summary of every item
    p(doc, "{{ L.summary }}", "Heading 1")
    p(doc, "{{ totals.counts_text }}")
    widths = [2.2, 2.8, 6.4, 2.0, full - 13.4]
    table = new_table(doc, widths, ["{{ L.policy }}", "{{ L.article }}", "{{ L.benefit }}",
                                    "{{ L.verdict }}", "{{ L.amount }}"])
    loop_row(table, widths, "{%tr for s in summary %}")
    row = add_row(table, widths, ["{{ s.policy }}", "{{ s.article }}", "{{ s.benefit }}",
                                  "{% cellbg fills[s.verdict] %}{{ s.verdict_label }}",
                                  "{{ s.amount_text }}"])
    cant_split(row)
    row.cells[1].add_paragraph("{{ s.item_id }}", style="Cell Small")
    row.cells[4].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    loop_row(table, widths, "{%tr endfor %}")

    # Totals
    p(doc, "{{ L.totals }}", "Heading 1")
    widths = [8.5, full - 8.5]
    table = new_table(doc, widths)
    for label, value in (("{{ L.eligible_total }}", "{{ totals.eligible_text }}"),
                         ("{{ L.uncertain_total }}", "{{ totals.uncertain_text }}"),
                         ("{{ L.unbounded }}", "{{ totals.unbounded_text or L.none }}")):
        row = add_row(table, widths, [label, value])
        shade_cell(row.cells[0], HEADER_FILL)
        row.cells[0].paragraphs[0].runs[0].bold = True
    p(doc, "{{ L.amounts_note }}", "Small")
    p(doc, "{%p if stacking %}")
    p(doc, "{{ L.stacking }}", "Heading 3")
    p(doc, "{%p for n in stacking %}")
    p(doc, "• {{ n }}", "List Line")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")

    # Item by item
    p(doc, "{%p if details %}")
    h = p(doc, "{{ L.details }}", "Heading 1")
    h.paragraph_format.page_break_before = True
    p(doc, "{%p endif %}")
    p(doc, "{%p for d in details %}")
    p(doc, "{{ loop.index }}. {{ d.policy }} {{ d.article }} {{ d.benefit }}", "Heading 2")
    para = p(doc)
    para.add_run("{{ d.verdict_label }}").bold = True
    para.add_run(" · {{ L.amount }}{{ L.colon }}")
    para.add_run("{{ d.amount_text }}").bold = True
    small = para.add_run(" · {{ d.item_id }} · {{ d.met_count }}")
    small.font.color.rgb = GREY
    small.font.size = Pt(8.5)
    p(doc, "{{ L.clause_text }}", "Heading 3")
    p(doc, "{%p for para in d.clause_paragraphs %}")
    p(doc, "{{ para }}", "Clause")
    p(doc, "{%p endfor %}")
    p(doc, "{{ d.policy_title }} {{ d.chapter }}", "Small")
    p(doc, "{{ L.facts_used }}", "Heading 3")
    widths = [9.0, full - 9.0]
    table = new_table(doc, widths)
    loop_row(table, widths, "{%tr for f in d.facts %}")
    add_row(table, widths, ["{{ f.label }}", "{{ f.value }}"])
    loop_row(table, widths, "{%tr endfor %}")
    p(doc, "{{ L.computation }}", "Heading 3")
    para = p(doc, "{{ d.computation }} → ")
    para.add_run("{{ d.amount_text }}").bold = True
    p(doc, "{{ L.conditions }}", "Heading 3")
    p(doc, "{%p for c in d.criteria %}")
    para = p(doc, "{{ c.box }} {{ c.text }}", "Box Line")
    grey = para.add_run("{{ c.status_note }}")
    grey.font.color.rgb = GREY
    p(doc, "{%p endfor %}")
    p(doc, "{{ L.materials }}", "Heading 3")
    p(doc, "{%p for m in d.materials %}")
    para = p(doc, "☐ {{ m.text }}", "Box Line")
    grey = para.add_run("{{ m.note }}")
    grey.font.color.rgb = GREY
    p(doc, "{%p endfor %}")
    p(doc, "{%p if d.ask_bureau %}")
    p(doc, "{{ L.ask_bureau }}", "Heading 3")
    p(doc, "{%p for q in d.ask_bureau %}")
    p(doc, "？ {{ q }}", "List Line")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "{%p if d.stacking_notes %}")
    p(doc, "{{ L.stacking_notes }}", "Heading 3")
    p(doc, "{%p for n in d.stacking_notes %}")
    p(doc, "• {{ n }}", "List Line")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")
    p(doc, "{{ L.reasons }}", "Heading 3")
    p(doc, "{%p for r in d.reasons %}")
    p(doc, "• {{ r }}", "Small")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endfor %}")

    # Appendix: ineligible items
    p(doc, "{%p if appendix %}")
    h = p(doc, "{{ L.appendix }}", "Heading 1")
    h.paragraph_format.page_break_before = True
    widths = [2.2, 2.8, 4.7, full - 9.7]
    table = new_table(doc, widths, ["{{ L.policy }}", "{{ L.article }}", "{{ L.benefit }}",
                                    "{{ L.reasons }}"])
    loop_row(table, widths, "{%tr for a in appendix %}")
    row = add_row(table, widths, ["{{ a.policy }}", "{{ a.article }}", "{{ a.benefit }}",
                                  "{%p for r in a.reasons %}"])
    row.cells[1].add_paragraph("{{ a.item_id }}", style="Cell Small")
    row.cells[3].add_paragraph("{{ r }}", style="Cell")
    row.cells[3].add_paragraph("{%p endfor %}", style="Cell")
    loop_row(table, widths, "{%tr endfor %}")
    p(doc, "{%p endif %}")

    p(doc, "")
    p(doc, "{{ footer }}", "Small")
    p(doc, "{{ L.as_of }} {{ as_of }} · {{ L.clause_db_version }} {{ clause_db_version }}",
      "Small")
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    build()
