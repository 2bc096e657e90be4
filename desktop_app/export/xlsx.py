"""The draft application as a workbook: the claim (applicant and claim table), the items in
detail, and the materials; each sheet set up to print (A4 landscape, fit to width, header
row repeated, running footer)."""

from __future__ import annotations

import io
from copy import copy
from datetime import date
from pathlib import Path
from typing import Any

HEADER_FILL = "DCE4EE"
TOTAL_FILL = "E8EDF4"
FILL_IN = "FFF2A8"
VERDICT_FILL = {"eligible": "E3F1E5", "uncertain": "FFF4D6", "ineligible": "F4E1E1"}
# Named on every cell: a cell with only "bold" set rendered in a serif font in LibreOffice.
# A sans-serif with CJK that Windows has; LibreOffice substitutes its own CJK sans.
FONT = "Microsoft YaHei"


def _text_cell(cell, value: Any) -> None:
    """Store text as text: a firm name starting with "=" must not become a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


# Printed on A4 landscape within these margins (inches), each sheet fitted to one page width
# with its height unlimited. A sheet's columns add up to at most PRINT_WIDTH units, so the
# fit leaves its 10 pt text at 9 pt or more: in LibreOffice, whose stand-in for Calibri
# (the unit's font) is wider than Calibri, one unit is about 7.5 pt and the 10.5" between
# the margins hold 101 units at full size; Excel's unit is narrower, and prints at 100 %.
# (The items sheet's 15 columns of prose once printed at 4.4 pt, the claim sheet at 6.3.)
MARGIN_SIDE = 0.4
PRINT_WIDTH = 112


def _print_setup(ws, ctx: dict[str, Any], title_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    # header and footer sit inside the top and bottom margins, clear of the edge and of
    # the table
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows  # the table's header on every printed page
    # Every page says whose document it is, which document and which sheet, and where it
    # stands: a page that comes loose from the pile is put back. Not scaled with the sheet
    # (fitted to width, the footer printed at 3.5 pt with it).
    ws.HeaderFooter.scaleWithDoc = False
    ws.HeaderFooter.alignWithMargins = True
    ws.oddHeader.left.text = ctx["title"].replace("&", "&&")
    ws.oddHeader.right.text = "&A"  # the sheet's name
    page = ctx["L"]["page_of"].format(page="&P", pages="&N")
    running = ctx["running"].replace("&", "&&")
    ws.oddFooter.center.text = f"{running} · {page}"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center):
        part.size = 9
        part.font = f"{FONT},Regular"


def write_xlsx(ctx: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    lab = ctx["L"]
    zh = ctx["lang"] == "zh"
    sep = "；" if zh else "; "
    colon = lab["colon"]
    bold = Font(bold=True)
    grey = Font(color="555555")
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    fill_in = PatternFill("solid", fgColor=FILL_IN)
    thin = Side(style="thin", color="9AA7B8")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def widths(ws, columns: list[tuple[str, int]]) -> None:
        for c, (_title, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width

    def table(ws, start: int, columns: list[tuple[str, int]], rows: list[list[Any]],
              fills: list[str | None] | None = None) -> int:
        """Header row at `start`, then `rows`; returns the next free row."""
        widths(ws, columns)
        for c, (title, _width) in enumerate(columns, start=1):
            cell = ws.cell(start, c, title)
            cell.font, cell.fill, cell.alignment, cell.border = bold, header_fill, wrap, border
        for r, values in enumerate(rows, start=start + 1):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c)
                if isinstance(value, int) and not isinstance(value, bool):
                    cell.value = value
                    cell.number_format = "#,##0"
                else:
                    _text_cell(cell, value if value is not None else "")
                cell.alignment, cell.border = wrap, border
            if fills and fills[r - start - 1]:
                ws.cell(r, 5).fill = PatternFill("solid", fgColor=fills[r - start - 1])
            ws.row_dimensions[r].height = _row_height(values, [w for _t, w in columns])
        ws.row_dimensions[start].height = _row_height([t for t, _w in columns],
                                                      [w for _t, w in columns])
        return start + len(rows) + 1

    def line(ws, row: int, text: str, last_col: int, font: Any = None) -> int:
        """A line over the whole width, wrapped and as tall as its text (unmerged, a long
        line ran on past the last column and LibreOffice printed the sheet smaller to
        hold it)."""
        _text_cell(ws.cell(row, 1), text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        ws.cell(row, 1).alignment = wrap
        if font is not None:
            ws.cell(row, 1).font = font
        width = sum(ws.column_dimensions[get_column_letter(c)].width
                    for c in range(1, last_col + 1))
        size = font.sz if font is not None and font.sz else 10
        ws.row_dimensions[row].height = _row_height([text], [width * 10 / size])
        return row + 1

    wb = Workbook()

    # -- sheet 1: the claim ---------------------------------------------------------------
    ws = wb.active
    ws.title = lab["sheet_summary"]
    # The columns of the claim table in the other formats (the materials, once a tenth
    # column here, are on the items and materials sheets)
    claim_cols = [(lab["no"], 4 if zh else 5), (lab["article"], 9 if zh else 11),
                  (lab["benefit"], 30 if zh else 26), (lab["formula"], 17),
                  (lab["verdict"], 7 if zh else 10), (lab["bound"], 12),
                  (lab["requested"], 12), (lab["in_total"], 20 if zh else 19)]
    ncols = len(claim_cols)
    widths(ws, claim_cols)  # with or without the table
    # the title says 草稿 / draft itself
    row = line(ws, 1, ctx["title"], ncols, Font(bold=True, size=14))
    row = line(ws, row, (ctx["firm_name"] + " · " if ctx["firm_name"] else "")
               + ctx["subtitle"], ncols, Font(italic=True, color="555555"))
    for text in ctx["basis_lines"]:  # what is applied for, and to whom
        row = line(ws, row, text, ncols, bold)
    for label, value in ((lab["export_date"], date.fromisoformat(ctx["export_date"])),
                         (lab["as_of"], _as_date(ctx["as_of"])),
                         (lab["year"], ctx["year"]),
                         (lab["clause_db_version"], ctx["clause_db_version"])):
        _text_cell(ws.cell(row, 1), label)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell = ws.cell(row, 4)
        if isinstance(value, date):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        else:
            _text_cell(cell, value)
        cell.alignment = Alignment(horizontal="left")
        row += 1

    def section(row: int, title: str, pairs: list[tuple[str, str, bool]], last_col: int) -> int:
        """A bold title, then label | value rows (a blank value highlighted); next row."""
        row = line(ws, row, title, ncols, Font(bold=True, size=12))
        label_width = sum(w for _t, w in claim_cols[:3])
        for label, value, blank in pairs:
            _text_cell(ws.cell(row, 1), label)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.cell(row, 1).font = bold
            ws.cell(row, 1).alignment = wrap  # level with its text
            cell = ws.cell(row, 4)
            _text_cell(cell, value)
            ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=last_col)
            cell.alignment = wrap
            if blank:
                cell.fill = fill_in
            ws.row_dimensions[row].height = _row_height(
                [label, value], [label_width, sum(w for _t, w in claim_cols[3:last_col])])
            row += 1
        return row

    row = section(row + 1, lab["next_steps"],
                  [(s["label"], s["text"], False) for s in ctx["next_steps"]], ncols)
    row = section(row + 1, lab["applicant"],
                  [(a["label"], a["value"] or lab["fill_in"], a["blank"])
                   for a in ctx["applicant"]], 6)
    for g in ctx["common_conditions"]:  # once, as in the other formats
        row = section(row + 1, g["title"],
                      [(f"{c['box']} {c['status_label']}", c["text"], False)  # (text wraps)
                       for c in g["conditions"]]
                      + [(f["label"], f["value"], False) for f in g["facts"]], ncols)
    row += 1
    if ctx["claim_rows"]:
        # The claim table starts a printed page: after the applicant and its conditions it
        # began at the foot of page 1, its header alone there.
        from openpyxl.worksheet.pagebreak import Break

        ws.row_breaks.append(Break(id=row - 1))
    row = line(ws, row, lab["claims"], ncols, Font(bold=True, size=12))
    header_row = row
    rows = [[r["no"], r["article"], r["benefit"]
             + (f"\n{lab['open_facts']}{colon}{r['open_text']}" if r["open_text"] else "")
             # (the amount cell stays a number, which the total sums: the note goes here)
             + (f"\n{lab['requested_capped_note']}" if r["capped"] else ""),
             r["formula"], r["verdict_label"],
             r["bound"] if r["bound"] is not None else r["bound_text"],
             r["requested"] if r["requested"] is not None else r["requested_text"],
             r["count_text"]]
            for r in ctx["claim_rows"]]
    if rows:
        row = table(ws, header_row, claim_cols, rows,
                    [VERDICT_FILL.get(r["verdict"]) for r in ctx["claim_rows"]])
        total = ctx["totals"]
        _text_cell(ws.cell(row, 1), lab["total_requested"])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.row_dimensions[row].height = _row_height(
            [lab["total_requested"]], [sum(w for _t, w in claim_cols[:5])])
        ws.cell(row, 6, total["bound"]).number_format = "#,##0"
        # The requested total sums the rows marked counted: an edited 申请金额 updates it.
        # It reads the 计入合计 column the clerk reads (a 是/否 twin of it stood beside it).
        first, last = header_row + 1, row - 1
        ws.cell(row, 7, f'=SUMIF(H{first}:H{last},"{lab["counted"]}",G{first}:G{last})')
        ws.cell(row, 7).number_format = "#,##0"
        for c in range(1, ncols + 1):
            cell = ws.cell(row, c)
            cell.font, cell.border = bold, border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
        row += 1
    else:
        header_row = None
    total = ctx["totals"]
    # the bounds' total said as the other formats say it under the table (a clerk summing
    # the bound column got 900,000 beside the 700,000 of the rows counted)
    bound_line = f"{lab['total_bound']}{lab['colon']}{total['bound_text']}" if rows else ""
    notes = [bound_line, lab["amounts_note"] if rows else lab["no_claims"],  # (L's)
             total["share_text"],
             total["if_separate_text"],
             total["uncertain_text"],
             ctx["not_started"], *(p["line"] for p in ctx["own_policies"]),
             *ctx["other_districts"]]
    for note in filter(None, notes):
        row = line(ws, row, note, ncols, grey)
    if ctx["applying"]:  # (a record of a self-check with nothing to apply for has none)
        row = line(ws, row, lab["xlsx_commitment"], ncols)
    row += 1
    # Under the heading the other formats give them: in an application 提示（企业自用，报送时
    # 可删去）, as they speak to the firm (they stood bare, as if part of the application).
    row = line(ws, row, lab["notices"], ncols, bold)
    for n in ctx["notices"]:
        row = line(ws, row, n["source"] + n["text"], ncols)
    # Labelled once, as the other formats do ("About this tool:" glued to each note read
    # "About this tool:This policy ...").
    row = line(ws, row, lab["tool_says"], ncols, grey)
    for t in ctx["tool_notes"]:
        row = line(ws, row, "• " + t, ncols, grey)
    if header_row:
        ws.freeze_panes = ws.cell(header_row + 1, 1)
    _print_setup(ws, ctx, f"{header_row}:{header_row}" if header_row else None)

    # -- sheet 2: every claimed item, as the other formats' 逐项申报说明 --------------------
    # A row a heading of an item (its clause, conditions, computation, ...), the item's
    # number and article on each: fifteen columns of prose side by side printed at 4.4 pt
    # two pages wide; one column of text, as the Word draft reads, prints at full size.
    if ctx["items"]:
        items = wb.create_sheet(lab["sheet_items"])
        cols = [(lab["no"], 5), (lab["article"], 9 if zh else 11),
                (lab["col_field"], 16), (lab["col_content"], 80 if zh else 78)]
        body: list[list[Any]] = []
        starts: list[int] = []  # rows (of body) where an item begins
        marks: dict[int, str] = {}  # body row -> fill
        for d in ctx["items"]:
            starts.append(len(body))
            entries = [
                (lab["benefit"], d["benefit"]),
                (lab["verdict"], d["verdict_label"]),
                (lab["col_amount"], f"{d['requested_line']}\n"
                                    f"{lab['in_total']}{colon}{d['count_text']}"),
                (lab["col_clause"], "\n".join(d["clause_paragraphs"])
                 + f"\n{lab['source']}{colon}{d['source']}"),
                (lab["conditions"], "\n".join(f"{c['box']} {c['text']}{c['status_note']}"
                                              for c in d["conditions"])),
                (lab["facts_used"], "\n".join(
                    # (a question's label before its answer without its mark: "…?: yes")
                    f"{f['label'].rstrip('?？')}{colon}{f['value']}" if f["value"]
                    else f["label"]
                    for f in d["facts"])),
                (lab["computation"], d["computation"]),
                (lab["description"], "\n".join(d["description_paragraphs"])
                 or "\n".join([lab["fill_in"] + ("" if zh else " ") + lab["outline_note"],
                               *(f"{o}{colon}" for o in d["outline"])])),
                (lab["col_materials"], "\n".join(m["text"] + m["note"] for m in d["materials"])),
                (lab["col_missing"], sep.join(d["open_facts"])),
                (lab["col_ask"], "\n".join(d["ask_bureau"])),
                (lab["stacking_notes"], "\n".join(d["stacking_notes"])),
            ]
            if d["declined"]:  # not applied for: as the other formats, no form to fill
                kept = (lab["benefit"], lab["verdict"], lab["col_amount"], lab["col_clause"],
                        lab["stacking_notes"])
                entries = [e for e in entries if e[0] in kept]
            for label, text in entries:
                if not text:
                    continue  # (no open facts, no questions: no empty heading)
                if label == lab["verdict"]:
                    marks[len(body)] = VERDICT_FILL[d["verdict"]]
                if label == lab["description"] and not d["description_paragraphs"]:
                    marks[len(body)] = FILL_IN
                body.append([d["no"], d["article"], label, text])
        table(items, 1, cols, body)
        for i in range(2, len(body) + 2):
            items.cell(i, 3).font = bold
            if i - 2 in starts:  # an item begins: its number, article and benefit stand out
                for c in (1, 2, 4):
                    items.cell(i, c).font = bold
                top = Side(style="medium", color="5A6B82")
                for c in range(1, len(cols) + 1):
                    cell = items.cell(i, c)
                    cell.border = Border(left=thin, right=thin, top=top, bottom=thin)
            else:  # (the number and article again, grey: a page may begin mid-item)
                for c in (1, 2):
                    items.cell(i, c).font = grey
            if i - 2 in marks:
                items.cell(i, 4).fill = PatternFill("solid", fgColor=marks[i - 2])
        items.freeze_panes = "A2"
        items.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(body) + 1}"
        _print_setup(items, ctx, "1:1")

    # -- sheet 3: materials ---------------------------------------------------------------
    if ctx["materials"]:
        mats = wb.create_sheet(lab["sheet_materials"])
        cols = [(lab["no"], 5), (lab["material"], 56 if zh else 54), (lab["kind"], 20),
                (lab["for_items"], 26 if zh else 30)]
        table(mats, 1, cols, [[n, m["text"], m["kind"], m["for_items"]]
                              for n, m in enumerate(ctx["materials"], 1)])
        mats.freeze_panes = "A2"
        _print_setup(mats, ctx, "1:1")

    # -- sheet 4: the appendix, as in the other formats ------------------------------------
    # The notes shared by every item of a policy once, then each item's own; then the
    # items of the firm's district it does not meet, with the reason they share (for a
    # firm on the negative list: the articles that bar it and why).
    if ctx["appendix_items"] or ctx["appendix_ineligible"]:
        app = wb.create_sheet(lab["sheet_appendix"])
        cols = [(lab["article"], 10 if zh else 12), (lab["benefit"], 40),
                (lab["reasons"], 58)]
        widths(app, cols)
        row = line(app, 1, lab["appendix"], 3, Font(bold=True, size=12))
        benefits = {d["item_id"]: (d["article"], d["benefit"]) for d in ctx["items"]}

        def heading(row: int, notes: bool = True) -> int:
            for c, (title, _w) in enumerate(cols, start=1):
                cell = app.cell(row, c, title)
                cell.font, cell.fill, cell.alignment, cell.border = (bold, header_fill, wrap,
                                                                    border)
            if not notes:  # (no column of notes left empty: the benefit spans it)
                app.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            return row + 1

        def entry(row: int, article: str, benefit: str, lines: list[str] | None) -> int:
            values = [article, benefit, "\n".join(lines or [])]
            for c, value in enumerate(values, start=1):
                cell = app.cell(row, c)
                _text_cell(cell, value)
                cell.alignment, cell.border = wrap, border
            spans = [w for _t, w in cols]
            if lines is None:
                app.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
                spans = [spans[0], spans[1] + spans[2]]
            app.row_dimensions[row].height = _row_height(values, spans)
            return row + 1

        title_rows = None
        if ctx["appendix_items"]:
            row = line(app, row, lab["appendix_items"], 3, bold)
            title_rows = f"{row}:{row}"
            row = heading(row)
            for g in ctx["appendix_shared"]:
                row = entry(row, g["title"], "", [f"• {x}" for x in g["lines"]])
                app.cell(row - 1, 1).font = bold
                app.merge_cells(start_row=row - 1, start_column=1, end_row=row - 1,
                                end_column=2)
                app.row_dimensions[row - 1].height = _row_height(
                    [g["title"], "\n".join(f"• {x}" for x in g["lines"])],
                    [cols[0][1] + cols[1][1], cols[2][1]])
            for a in ctx["appendix_items"]:
                article, benefit = benefits.get(a["item_id"], ("", a["heading"]))
                row = entry(row, article, benefit, [f"• {x}" for x in a["reasons"]])
        for g in ctx["appendix_ineligible"]:
            row = line(app, row + 1 if title_rows else row, g["title"], 3, bold)
            if g["common"]:
                row = line(app, row, g["common"], 3)
            if title_rows is None:
                title_rows = f"{row}:{row}"
            row = heading(row, g["has_reasons"])
            for x in g["rows"]:
                row = entry(row, x["article"], x["benefit"],
                            x["reasons"] if g["has_reasons"] else None)
        _print_setup(app, ctx, title_rows)

    for sheet in wb.worksheets:  # one named font everywhere (see FONT)
        for cells in sheet.iter_rows():
            for cell in cells:
                font = copy(cell.font)
                font.name = FONT
                if font.sz in (None, 11):  # the body size the row heights are measured for
                    font.sz = 10
                cell.font = font

    wb.properties.title = f"{ctx['title']} {ctx['firm_name']}".strip()
    wb.properties.creator = ctx["firm_name"] or "Policy Self-Check"
    wb.properties.lastModifiedBy = "Policy Self-Check"
    # in memory first: a full disk is one OSError, not a zip's __del__ traceback (issue 10)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


def _row_height(values: list[Any], widths: list[float]) -> float:
    """Points for a row whose wrapped text fits its columns (neither Excel nor LibreOffice
    sizes rows written by openpyxl): a CJK character is two units of column width."""

    def lines(text: str, width: float) -> int:
        per_line = max(int(width) - 1, 1)
        return sum(max(1, -(-sum(2 if ord(c) > 0x2E7F else 1 for c in part) // per_line))
                   for part in text.split("\n"))

    most = max([lines(v, w) for v, w in zip(values, widths, strict=False)
                if isinstance(v, str)] or [1])
    return min(409, 15 * most + 4)


def _as_date(value: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value
