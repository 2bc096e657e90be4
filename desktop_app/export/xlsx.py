"""The checklist as a workbook: a summary sheet and one row per clause item."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

HEADER_FILL = "DCE4EE"
VERDICT_FILL = {"eligible": "E3F1E5", "uncertain": "FFF4D6", "ineligible": "F4E1E1"}


def _text_cell(cell, value: Any) -> None:
    """Store text as text: a firm name starting with "=" must not become a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_xlsx(ctx: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lab = ctx["L"]
    zh = ctx["lang"] == "zh"
    sep = "；" if zh else "; "
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)

    wb = Workbook()
    ws = wb.active
    ws.title = lab["sheet_summary"]
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    rows: list[tuple[str, Any]] = [(ctx["title"], ctx["subtitle"])]
    rows += [(r["label"], r["value"]) for r in ctx["cover"]]
    rows.append(("", ""))
    rows.append((lab["eligible_total"], ctx["totals"]["eligible_total"]))
    rows.append((lab["uncertain_total"], ctx["totals"]["uncertain_total"]))
    rows.append((lab["unbounded"], ctx["totals"]["unbounded_text"] or lab["none"]))
    rows.append((lab["verdict"], ctx["totals"]["counts_text"]))
    rows.append(("", lab["amounts_note"]))
    rows.append(("", ""))
    rows += [(lab["warnings"], w) for w in ctx["warnings"]]
    rows += [(lab["third_party"], f"{t['text']}（{t['contact']}）" if t["contact"] else t["text"])
             for t in ctx["third_party"]]
    rows += [(lab["stacking"], n) for n in ctx["stacking"]]
    rows.append(("", ""))
    for p in ctx["policies"]:
        rows.append((lab["policy"], p["title"]))
        rows.append((lab["validity"], p["validity"]))
        rows.append((lab["bureau"], p["bureau"] + (f" {p['phone']}" if p["phone"] else "")))
    rows.append(("", ctx["footer"]))
    for r, (label, value) in enumerate(rows, start=1):
        a, b = ws.cell(r, 1), ws.cell(r, 2)
        _text_cell(a, label)
        _text_cell(b, value)
        a.font = bold
        a.alignment = wrap
        b.alignment = wrap
        if isinstance(value, int):
            b.number_format = "#,##0"
            b.alignment = Alignment(horizontal="left", vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws["B1"].font = Font(italic=True)

    items = wb.create_sheet(lab["sheet_items"])
    columns = [
        ("item_id", lab["item_id"], 16),
        ("policy", lab["col_policy"], 10),
        ("article", lab["article"], 10),
        ("benefit", lab["benefit"], 48),
        ("verdict_label", lab["verdict"], 10),
        ("amount", lab["col_amount"], 16),
        ("amount_text", lab["col_amount_text"], 22),
        ("missing_facts", lab["col_missing"], 30),
        ("reasons", lab["col_reasons"], 70),
        ("ask_bureau", lab["col_ask"], 40),
    ]
    for c, (_key, title, width) in enumerate(columns, start=1):
        cell = items.cell(1, c, title)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = wrap
        items.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(ctx["summary"], start=2):
        for c, (key, _title, _width) in enumerate(columns, start=1):
            value = row[key]
            if isinstance(value, list):
                value = "\n".join(value) if key == "reasons" else sep.join(value)
            cell = items.cell(r, c)
            if key == "amount":
                cell.value = value  # a number, or empty where the text gives no bound
                cell.number_format = "#,##0"
            else:
                _text_cell(cell, value)
            cell.alignment = wrap
        items.cell(r, 5).fill = PatternFill("solid", fgColor=VERDICT_FILL.get(row["verdict"],
                                                                           "FFFFFF"))
    items.freeze_panes = "B2"
    items.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(ctx['summary']) + 1}"
    wb.properties.title = ctx["title"]
    wb.properties.creator = "Policy Self-Check"
    # in memory first: a full disk is one OSError, not a zip's __del__ traceback (issue 10)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
