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


def _print_setup(ws, ctx: dict[str, Any], title_row: int | None, pages_wide: int = 1) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    # the footer sits inside the bottom margin, clear of the edge and of the table
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.3
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"
    page = ctx["L"]["page_of"].format(page="&P", pages="&N")
    running = ctx["running"].replace("&", "&&")
    ws.oddFooter.center.text = f"{running} · {page}"
    ws.oddFooter.center.size = 8


def write_xlsx(ctx: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    lab = ctx["L"]
    zh = ctx["lang"] == "zh"
    sep = "；" if zh else "; "
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    fill_in = PatternFill("solid", fgColor=FILL_IN)
    thin = Side(style="thin", color="9AA7B8")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def table(ws, start: int, columns: list[tuple[str, int]], rows: list[list[Any]],
              fills: list[str | None] | None = None) -> int:
        """Header row at `start`, then `rows`; returns the next free row."""
        for c, (title, width) in enumerate(columns, start=1):
            cell = ws.cell(start, c, title)
            cell.font, cell.fill, cell.alignment, cell.border = bold, header_fill, wrap, border
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0,
                                                     width)
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

    wb = Workbook()

    # -- sheet 1: the claim ---------------------------------------------------------------
    ws = wb.active
    ws.title = lab["sheet_summary"]
    claim_cols = [(lab["no"], 5), (lab["article"], 10 if zh else 14),
                  (lab["benefit"], 38), (lab["formula"], 22), (lab["verdict"], 9 if zh else 11),
                  (lab["bound"], 13), (lab["requested"], 13),
                  (lab["in_total"], 24), (lab["col_materials"], 39)]
    for c, (_title, width) in enumerate(claim_cols, start=1):  # with or without the table
        ws.column_dimensions[get_column_letter(c)].width = width
    _text_cell(ws.cell(1, 1), ctx["title"])  # the title says 草稿 / draft itself
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _text_cell(ws.cell(2, 1), (ctx["firm_name"] + " · " if ctx["firm_name"] else "")
               + ctx["subtitle"])
    ws.cell(2, 1).font = Font(italic=True, color="555555")
    row = 3
    for line in ctx["basis_lines"]:  # what is applied for, and to whom
        _text_cell(ws.cell(row, 1), line)
        ws.cell(row, 1).font = Font(bold=True)
        row += 1
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
        _text_cell(ws.cell(row, 1), title)
        ws.cell(row, 1).font = Font(bold=True, size=12)
        row += 1
        for label, value, blank in pairs:
            _text_cell(ws.cell(row, 1), label)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.cell(row, 1).font = bold
            ws.cell(row, 1).alignment = Alignment(vertical="top")  # level with its text
            cell = ws.cell(row, 4)
            _text_cell(cell, value)
            ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=last_col)
            cell.alignment = wrap
            if blank:
                cell.fill = fill_in
            ws.row_dimensions[row].height = _row_height(
                [value], [sum(w for _t, w in claim_cols[3:last_col])])
            row += 1
        return row

    row = section(row + 1, lab["next_steps"],
                  [(s["label"], s["text"], False) for s in ctx["next_steps"]], 9)
    row = section(row + 1, lab["applicant"],
                  [(a["label"], a["value"] or lab["fill_in"], a["blank"])
                   for a in ctx["applicant"]], 6)
    for g in ctx["common_conditions"]:  # once, as in the other formats
        row = section(row + 1, g["title"],
                      [(f"{c['box']} {c['status_label']}", c["text"], False)  # (text wraps)
                       for c in g["conditions"]]
                      + [(f["label"], f["value"], False) for f in g["facts"]], 9)
    row += 1
    if ctx["claim_rows"]:
        # The claim table starts a printed page: after the applicant and its conditions it
        # began at the foot of page 1, its header alone there.
        from openpyxl.worksheet.pagebreak import Break

        ws.row_breaks.append(Break(id=row - 1))
    _text_cell(ws.cell(row, 1), lab["claims"])
    ws.cell(row, 1).font = Font(bold=True, size=12)
    row += 1
    header_row = row
    materials_by_item = {d["item_id"]: sep.join(m["text"] for m in d["materials"])
                         for d in ctx["items"]}
    rows = [[r["no"], r["article"], r["benefit"]
             + (f"\n{lab['open_facts']}{lab['colon']}{r['open_text']}" if r["open_text"] else "")
             # (the amount cell stays a number, which the total sums: the note goes here)
             + (f"\n{lab['requested_capped_note']}" if r["capped"] else ""),
             r["formula"], r["verdict_label"],
             r["bound"] if r["bound"] is not None else r["bound_text"],
             r["requested"] if r["requested"] is not None else r["requested_text"],
             r["count_text"], materials_by_item.get(r["item_id"], "")]
            for r in ctx["claim_rows"]]
    if rows:
        row = table(ws, header_row, claim_cols, rows,
                    [VERDICT_FILL.get(r["verdict"]) for r in ctx["claim_rows"]])
        total = ctx["totals"]
        _text_cell(ws.cell(row, 1), lab["total_requested"])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.cell(row, 6, total["bound"]).number_format = "#,##0"
        # The requested total sums the rows marked counted: an edited 申请金额 updates it.
        # It reads the 计入合计 column the clerk reads (a 是/否 twin of it stood beside it).
        first, last = header_row + 1, row - 1
        ws.cell(row, 7, f'=SUMIF(H{first}:H{last},"{lab["counted"]}",G{first}:G{last})')
        ws.cell(row, 7).number_format = "#,##0"
        for c in range(1, len(claim_cols) + 1):
            cell = ws.cell(row, c)
            cell.font, cell.border = bold, border
            cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
        row += 1
    else:
        header_row = None
    total = ctx["totals"]
    notes = [lab["amounts_note"] if rows else lab["no_claims"], total["share_text"],  # (L's)
             total["if_separate_text"],
             total["uncertain_text"],
             ctx["not_started"], *(p["line"] for p in ctx["own_policies"]),
             *ctx["other_districts"]]
    # a merged, wrapped line is as tall as its text (no program sizes it on opening)
    line_width = sum(w for _t, w in claim_cols[:9])  # (merged over every column)

    def line(row: int, text: str, grey: bool) -> int:
        _text_cell(ws.cell(row, 1), text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
        ws.cell(row, 1).alignment = wrap
        if grey:
            ws.cell(row, 1).font = Font(color="555555")
        ws.row_dimensions[row].height = _row_height([text], [line_width])
        return row + 1

    for note in filter(None, notes):
        row = line(row, note, True)
    row += 1
    for n in ctx["notices"]:
        row = line(row, n["source"] + n["text"], False)
    # Labelled once, as the other formats do ("About this tool:" glued to each note read
    # "About this tool:This policy ...").
    row = line(row, lab["tool_says"], True)
    for t in ctx["tool_notes"]:
        row = line(row, "• " + t, True)
    if ctx["applying"]:  # (a record of a self-check with nothing to apply for has none)
        row = line(row, lab["xlsx_commitment"], False)
    if header_row:
        ws.freeze_panes = ws.cell(header_row + 1, 1)
    _print_setup(ws, ctx, header_row)

    # -- sheet 2: every claimed item in detail -------------------------------------------
    items = wb.create_sheet(lab["sheet_items"])
    cols = [(lab["no"], 6), (lab["article"], 12), ("ID", 15), (lab["benefit"], 36),
            (lab["verdict"], 10), (lab["bound"], 14), (lab["requested"], 14),
            (lab["in_total"], 16), (lab["conditions"], 46),
            (lab["computation"], 36), (lab["description"], 36), (lab["col_materials"], 36),
            (lab["col_missing"], 24), (lab["col_ask"], 32), (lab["col_reasons"], 40)]
    reasons = {a["item_id"]: "\n".join(a["all_reasons"]) for a in ctx["appendix_items"]}
    count_texts = {r["item_id"]: r["count_text"] for r in ctx["claim_rows"]}
    rows = [[d["no"], d["article"], d["item_id"], d["benefit"], d["verdict_label"],
             d["bound"] if d["bound"] is not None else d["bound_text"],
             d["requested"] if d["requested"] is not None else d["requested_text"],
             count_texts.get(d["item_id"], ""),  # the claim table's words for it
             "\n".join(f"{c['box']} {c['text']}{c['status_note']}" for c in d["conditions"]),
             d["computation"],
             "\n".join(d["description_paragraphs"]) or lab["fill_in"],
             "\n".join(m["text"] + m["note"] for m in d["materials"]),
             sep.join(d["open_facts"]), "\n".join(d["ask_bureau"]),
             reasons.get(d["item_id"], "")]
            for d in ctx["items"]]
    if rows:  # no sheet of headers alone (a firm with nothing to claim)
        table(items, 1, cols, rows, None)
        for r, d in enumerate(ctx["items"], start=2):
            items.cell(r, 5).fill = PatternFill("solid", fgColor=VERDICT_FILL[d["verdict"]])
            if not d["description_paragraphs"]:
                items.cell(r, 11).fill = fill_in
        items.freeze_panes = "D2"
        items.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(ctx['items']) + 1}"
        # Fifteen columns of prose: fitted to one page width they printed at about 3 pt;
        # two pages wide keep them readable, and the clause texts have their own sheet.
        _print_setup(items, ctx, 1, pages_wide=2)
        # the second page-width starts again with 序号、条款、ID、支持内容: without them a
        # printed row of workings or materials could not be matched to its clause
        items.print_title_cols = "A:D"

        clauses = wb.create_sheet(lab["sheet_clauses"])
        table(clauses, 1, [(lab["no"], 6), (lab["article"], 12), ("ID", 15),
                           (lab["col_clause"], 110)],
              [[d["no"], d["article"], d["item_id"], "\n".join(d["clause_paragraphs"])]
               for d in ctx["items"]])
        clauses.freeze_panes = "A2"
        _print_setup(clauses, ctx, 1)
    else:
        wb.remove(items)

    # -- sheet 3: materials ---------------------------------------------------------------
    if ctx["materials"]:
        mats = wb.create_sheet(lab["sheet_materials"])
        cols = [(lab["no"], 6), (lab["material"], 60), (lab["kind"], 28),
                (lab["for_items"], 30)]
        table(mats, 1, cols, [[n, m["text"], m["kind"], m["for_items"]]
                              for n, m in enumerate(ctx["materials"], 1)])
        mats.freeze_panes = "A2"
        _print_setup(mats, ctx, 1)

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
