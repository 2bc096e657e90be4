"""Rosters: many firms in one spreadsheet, one firm a row (contract section 7).

`write_template` makes the XLSX a help desk fills in: one column per fact, Chinese
labels in the first header row and fact ids in the second, drop-down lists for
districts and 是/否/不确定, input help on every column, an example row and a sheet
explaining each column. `read_roster` reads such a sheet, or any XLSX or CSV whose
header cells are fact ids or Chinese labels, into profiles: each value read as the
wizard reads it (core/typed.py), each bad cell named by row and column.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.clausedb import ClauseDB, Fact
from desktop_app.core.facts import ProfileError
from desktop_app.core.typed import read_typed

SHEET = "花名册"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
TEMPLATE_ROWS = 2000  # rows that carry the drop-downs and input help
BOOL_CHOICES = ("是", "否", "不确定")
IGNORED_HEADERS = {"序号", "备注", "#", "no.", "no", "notes", "remarks"}
# A consultant's own columns (客户经理, 跟进情况) are kept by naming them 备注…: any header
# that begins so is not read ("备注-客户经理", "备注2").
IGNORED_PREFIXES = ("备注", "note", "remark")
TYPE_WORDS = {"bool": "是/否/不确定", "enum": "从下拉列表选择", "money": "金额（元，可写“100万”）",
              "year": "年份（四位数字）", "count": "整数", "text": "文字",
              "groups": "条款组编号，多个用逗号分隔", "decimal": "数字（不小于0，最多两位小数）"}
EXAMPLE = {
    "company.name": "北京示例智算科技有限公司",
    "company.uscc": "91110109MA01ABCD1W",
    "company.district": "门头沟区",
    "company.is_info_software": "是",
    "company.is_digital_economy_core": "是",
    "company.is_sme": "是",
    "assessment.year": 2025,
    "compliance.lawful_and_sound_finance": "是",
    "mentougou.key_tracking": "是",
    "mentougou.key_tracking_first_year": 2025,
    "ai.compute_cost_yuan": "200万",
    "invest.fixed_asset_yuan": 6000000,
    "invest.project_in_key_tracking": "不确定",
}


class RosterError(Exception):
    """The roster as a whole cannot be read (exit status 2): one bilingual line."""


@dataclass
class CellProblem:
    row: int  # the spreadsheet's row number
    column: str  # its letter
    fact_id: str
    label: str
    zh: str
    en: str
    raw: Any = None  # the cell as typed (the summary shows it where the value was refused)

    def line(self) -> str:
        # the core's message may already open with the fact's name ("统一社会信用代码校验码…")
        text = self.zh[len(self.label):] if self.zh.startswith(self.label) else self.zh
        where = f"第{self.row}行 {self.column}列" if self.column else f"第{self.row}行"
        return f"{where} {self.label}：{text}"


@dataclass
class RosterRow:
    row: int
    profile: dict[str, Any]
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        return "；".join(p.line() for p in self.problems) or None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def roster_facts(db: ClauseDB) -> list[Fact]:
    """The template's columns: every fact a firm can state in the wizard, in its order.

    That is the facts of the topics the wizard has pages for (the applicant's particulars
    among the basics), then the one its results page asks, which same-project groups are
    separate projects (`stacking.separate_projects`, a fact of no topic). A topic whose
    facts no item reads (the growth facts, until a pack brings items that use them) has no
    page, and so no columns; a roster that has such a column is still read.
    """
    from desktop_app.core.topics import topics_in_use

    order = {t.topic_id: i for i, t in enumerate(topics_in_use(db))}
    asked = [f for f in db.facts.values() if f.topic in order]
    asked.sort(key=lambda f: order[f.topic])  # stable: within a topic, the wizard's order
    return asked + [f for f in db.facts.values() if f.topic is None]


# --- the template -----------------------------------------------------------------------
def write_template(path: str | Path, db: ClauseDB) -> Path:
    """Write the roster template (atomically) and return its path."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from desktop_app.core.atomic import atomic_path

    facts = roster_facts(db)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    id_font = Font(color="808080", size=8)
    example_font = Font(color="7F7F7F", italic=True)
    last = TEMPLATE_ROWS + 2

    district = db.facts.get("company.district")
    districts = [o["zh"] for o in (district.options or [])] if district else []
    for i, name in enumerate(districts, start=1):
        lists.cell(row=i, column=1, value=name)
    for i, word in enumerate(BOOL_CHOICES, start=1):
        lists.cell(row=i, column=2, value=word)
    lists.sheet_state = "hidden"

    for col, fact in enumerate(facts, start=1):
        letter = column_letter(col - 1)
        label = ws.cell(row=1, column=col, value=fact.zh)
        label.font = Font(bold=True)
        label.fill = head_fill
        label.alignment = Alignment(wrap_text=True, vertical="top")
        label.comment = Comment(f"{fact.help_zh}\n（{TYPE_WORDS[fact.type]}）", "政策自评助手")
        ident = ws.cell(row=2, column=col, value=fact.fact_id)
        ident.font = id_font
        example = EXAMPLE.get(fact.fact_id)
        if example is not None:
            ws.cell(row=3, column=col, value=example).font = example_font
        ws.column_dimensions[letter].width = 24 if fact.type == "text" else 16
        dv = _validation(fact, len(districts), DataValidation)
        dv.promptTitle = fact.zh[:32]
        dv.prompt = (f"{TYPE_WORDS[fact.type]}。{fact.help_zh}")[:250]
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}3:{letter}{last}")
        if fact.type in ("money", "count", "year"):
            for cells in ws.iter_rows(min_row=3, max_row=3, min_col=col, max_col=col):
                cells[0].number_format = "0" if fact.type == "year" else "#,##0"
    ws.row_dimensions[1].height = 60
    ws.freeze_panes = "C3"
    ws.print_title_rows = "1:2"
    _help_sheet(wb.create_sheet(HELP_SHEET, 0), facts, Font, Alignment)
    wb.active = 1  # open on the roster itself
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _validation(fact: Fact, n_districts: int, cls):
    if fact.type == "bool":
        return cls(type="list", formula1=f"={LISTS_SHEET}!$B$1:$B$3", allow_blank=True,
                   showErrorMessage=True, errorTitle="请从列表选择",
                   error="请填 是、否 或 不确定（留空表示不确定）")
    if fact.type == "enum" and fact.fact_id == "company.district":
        return cls(type="list", formula1=f"={LISTS_SHEET}!$A$1:$A${n_districts}",
                   allow_blank=True, showErrorMessage=True, errorTitle="请从列表选择",
                   error="请从下拉列表中选择注册所在区")
    if fact.type == "year":
        low, high = fact.min or 2000, fact.max or 2100
        return cls(type="whole", operator="between", formula1=str(low), formula2=str(high),
                   allow_blank=True, showErrorMessage=True, errorTitle="年份",
                   error=f"请填写{low}至{high}之间的四位年份")
    if fact.type == "decimal":
        return cls(type="decimal", operator="greaterThanOrEqual", formula1="0",
                   allow_blank=True, showErrorMessage=True, errorTitle=fact.zh,
                   error="请填写不小于0的数字，最多两位小数")
    if fact.type == "enum":
        options = ",".join(o["zh"] for o in fact.options or [])
        return cls(type="list", formula1=f'"{options}"', allow_blank=True)
    # Money may be typed as "100万": no number-only check, only the input help.
    return cls(allow_blank=True)


def _help_sheet(ws, facts: list[Fact], font, alignment) -> None:
    ws.append(["政策自评助手 · 企业花名册填写说明"])
    ws["A1"].font = font(bold=True, size=14)
    for line in (
        "“花名册”工作表每行填写一家企业；第1行为中文名称，第2行为事实编号，两行都不要修改。",
        "第3行是示例，请改写或删除。留空表示“不确定/未知”，不会被当作“否”或0。",
        "是/否题可填：是、否、不确定。金额以元为单位，也可写“100万”“12.5万元”。",
        "注册所在区可填“东城区”“东城”或“dongcheng”。统一社会信用代码为18位，系统会校验末位。",
        "填好后运行 policy-selfcheck batch 花名册.xlsx -o 汇总.xlsx，"
        "或在程序中选择 文件 → 企业库… → 导入花名册…。",
        "自用的列（如客户经理、跟进情况）请将表头写成以“备注”开头，如“备注-客户经理”，程序不读取；"
        "其他无法识别的表头会使整张花名册无法读取（以免写错的表头让一项信息被当作未填）。",
        "",
    ):
        ws.append([line])
        if line:  # a paragraph across the table's width
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                           end_column=5)
            ws.cell(row=ws.max_row, column=1).alignment = alignment(wrap_text=True)
    ws.append(["列", "中文名称", "事实编号", "填写方式", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = font(bold=True)
    first_fact_row = ws.max_row + 1
    for i, fact in enumerate(facts):
        how = TYPE_WORDS[fact.type]
        if fact.type == "enum":
            how += "：" + "、".join(o["zh"] for o in fact.options or [])
        elif fact.type == "groups":
            how += "：" + "、".join(o["value"] for o in fact.options or [])
        ws.append([column_letter(i), fact.zh, fact.fact_id, how, fact.help_zh])
    for letter, width in zip("ABCDE", (6, 40, 34, 30, 70), strict=True):  # as `widths`
        ws.column_dimensions[letter].width = width
    widths = (6, 40, 34, 30, 70)
    for row in ws.iter_rows(min_row=first_fact_row):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.alignment = alignment(wrap_text=True, vertical="top")
            # a Chinese character takes two widths; spreadsheets do not grow rows themselves
            lines = max(lines, -(-len(str(cell.value or "")) * 2 // width))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines
    landscape(ws)


def landscape(ws) -> None:
    """Printed: landscape A4, as wide as the page, the header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


# --- reading ----------------------------------------------------------------------------
@dataclass
class Roster:
    """A roster opened: its columns and a lazy stream of rows."""

    path: Path
    columns: list[tuple[int, Fact]]  # (column index, fact)
    rows: Iterator[tuple[int, tuple]]  # (spreadsheet row number, cell values)
    close: Any = None
    # Columns whose cells are not read: no name in the header row, or beyond it. A cell
    # written there is named once (column letter -> its first row): it was dropped unsaid.
    unnamed: frozenset[int] = frozenset()
    width: int = 0
    unread: dict[str, int] = field(default_factory=dict)

    # Cells merged down several rows (C4:C5), whose value was read for each row.
    merged: list[str] = field(default_factory=list)

    def unread_lines(self) -> list[str]:
        """One line per column with content that was not read, and one for merged cells."""
        lines = [f"{letter}列有内容但没有列名，未读取（首见于第{row}行） / column {letter} "
                 f"holds values but has no name in the header row: not read (first in row "
                 f"{row})" for letter, row in self.unread.items()]
        if self.merged:
            shown = "、".join(self.merged[:5]) + ("……" if len(self.merged) > 5 else "")
            lines.append(f"合并单元格 {shown}：其值已按所跨各行分别读取，请核对 / merged cells "
                         f"{shown.replace('、', ', ')}: their value was read for each row "
                         f"they span; please check")
        return lines

    def profiles(self) -> Iterator[RosterRow]:
        """One RosterRow a non-empty row, bad cells collected (the row then has problems)."""
        for number, values in self.rows:
            profile: dict[str, Any] = {}
            problems: list[CellProblem] = []
            empty = True
            for index, raw in enumerate(values):
                if (index in self.unnamed or index >= self.width) and raw is not None \
                        and str(raw).strip():
                    self.unread.setdefault(column_letter(index), number)
            for index, fact in self.columns:
                raw = values[index] if index < len(values) else None
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    continue
                empty = False
                try:
                    value = read_typed(fact, raw)
                except ProfileError as exc:
                    problems.append(CellProblem(number, column_letter(index), fact.fact_id,
                                                fact.zh, exc.zh, exc.en, raw))
                    continue
                if value is not None:
                    profile[fact.fact_id] = value
            if not empty:
                yield RosterRow(number, profile, problems)


def open_roster(path: str | Path, db: ClauseDB) -> Roster:
    """Open an XLSX or CSV roster; RosterError when it cannot be read at all."""
    from desktop_app.core.textfile import TextFileError, check_file

    path = Path(path)
    try:
        check_file(path)  # missing, a folder, unreadable: the one reader's words
    except TextFileError as exc:
        raise RosterError(f"{exc.zh} / {exc.en}") from None
    suffix = path.suffix.lower()
    merged: list[str] = []
    if suffix in (".xlsx", ".xlsm"):
        rows, close, merged = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows, close = _csv_rows(path), None
    else:
        raise RosterError(f"花名册应为 .xlsx 或 .csv 文件 / a roster is an .xlsx or .csv file: "
                          f"{path}")
    try:
        header_number, header = next(rows)
    except StopIteration:
        raise RosterError(f"花名册是空的 / the roster is empty: {path}") from None
    header, rows = _with_id_row(header, rows, db)
    columns = _columns(header, db, header_number)
    if not columns:
        raise RosterError(f"第{header_number}行没有可识别的列名（事实编号或中文名称） / "
                          f"no column names (fact ids or Chinese labels) in row "
                          f"{header_number}: {path}")
    unnamed = frozenset(i for i, cell in enumerate(header)
                        if cell is None or not str(cell).strip())
    return Roster(path, columns, rows, close, unnamed=unnamed, width=len(header),
                  merged=merged)


def _columns(header: tuple, db: ClauseDB, number: int) -> list[tuple[int, Fact]]:
    by_label = {f.zh: f for f in db.facts.values()}
    by_label.update({f.en.lower(): f for f in db.facts.values()})
    seen: dict[str, str] = {}
    out = []
    for index, cell in enumerate(header):
        name = str(cell).strip() if cell is not None else ""
        if not name or name.lower() in IGNORED_HEADERS:
            continue
        fact = db.facts.get(name) or by_label.get(name) or by_label.get(name.lower())
        if fact is None and name.lower().startswith(IGNORED_PREFIXES):
            continue  # (a fact a pack names "Notes on …" is still read)
        letter = column_letter(index)
        if fact is None:
            raise RosterError(f"第{number}行 {letter}列 “{name}”：不是事实编号或中文名称"
                              f"（不需读取的列，表头请以“备注”开头，如“备注-{name}”） / "
                              f"row {number} column {letter}: {name!r} is not a fact id or "
                              f"label (see the template's 填写说明 sheet; a column not to be "
                              f"read may be headed \"备注…\" or \"notes…\")")
        if fact.fact_id in seen:
            raise RosterError(f"第{number}行 {letter}列 “{name}”：与{seen[fact.fact_id]}列重复 / "
                              f"column {letter} repeats column {seen[fact.fact_id]} "
                              f"({fact.fact_id})")
        seen[fact.fact_id] = letter
        out.append((index, fact))
    return out


def _with_id_row(header: tuple, rows: Iterator[tuple[int, tuple]], db: ClauseDB
                 ) -> tuple[tuple, Iterator[tuple[int, tuple]]]:
    """The template's second header line (fact ids), where there is one, names the columns
    whose label cell is blank (labels merged across columns leave all but the first
    empty: those columns were "not read" though their ids stood below) and is not a firm."""
    first = next(rows, None)
    if first is None:
        return header, rows
    values = first[1]
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not (cells and all(c in db.facts for c in cells)):
        return header, itertools.chain([first], rows)
    return tuple(label if label is not None and str(label).strip() else fact_id
                 for label, fact_id in itertools.zip_longest(header, values)), rows


def _xlsx_rows(path: Path):
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RosterError(f"无法读取Excel文件 / cannot read the workbook: {path}: {exc}") from None
    # The roster sheet by its name; renamed, the first that is not the template's own
    # help or option list (a renamed 花名册 had 填写说明 read as the roster).
    ws = wb[SHEET] if SHEET in wb.sheetnames else next(
        (w for w in wb.worksheets if w.title not in (HELP_SHEET, LISTS_SHEET)), wb.worksheets[0])
    rows = enumerate(ws.iter_rows(values_only=True), start=1)
    down = _merged_down(path, getattr(ws, "_worksheet_path", None))
    if down:
        rows = _fill_down(rows, down)
    return rows, wb.close, [f"{column_letter(c)}{top}:{column_letter(c)}{bottom}"
                            for c, top, bottom in down]


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_down(path: Path, sheet_xml: str | None) -> list[tuple[int, int, int]]:
    """Cells merged down several rows, as (column index, top row, bottom row): a district
    merged over two firms' rows left the second firm's blank ("未填写") without a word.
    Read from the sheet's XML, as read-only openpyxl keeps no merges; merges along one row
    (a header's labels) are left to the header's reading."""
    if not sheet_xml:
        return []
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(sheet_xml)
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    from openpyxl.utils import column_index_from_string

    return [(column_index_from_string(c1.decode()) - 1, int(r1), int(r2))
            for c1, r1, _c2, r2 in _MERGE.findall(xml) if int(r2) > int(r1)]


def _fill_down(rows: Iterator[tuple[int, tuple]], down: list[tuple[int, int, int]]
               ) -> Iterator[tuple[int, tuple]]:
    """Each row with the value of the merged cell it lies under (its first column)."""
    held: dict[int, Any] = {}  # column -> the merged value, while inside its range
    for number, values in rows:
        cells = list(values)
        for column, top, bottom in down:
            if number == top and column < len(cells):
                held[column] = cells[column]
            elif top < number <= bottom and column in held:
                cells.extend([None] * (column + 1 - len(cells)))
                if cells[column] is None:
                    cells[column] = held[column]
            if number == bottom:
                held.pop(column, None)
        yield number, tuple(cells)


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    from desktop_app.core.textfile import TextFileError, read_text  # the one reader of text

    try:
        text = read_text(path)  # UTF-8 with or without BOM, UTF-16 with BOM, else GB18030
    except TextFileError as exc:
        raise RosterError(f"{exc.zh} / {exc.en}") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    # numbered as a spreadsheet shows the records (a quoted cell may hold a line break)
    return ((n, tuple(values)) for n, values in enumerate(reader, start=1))
