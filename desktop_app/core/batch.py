"""Assess a roster at once: every row as `assess` would, bad rows reported, a summary out.

    for row in assess_roster("花名册.xlsx", db, as_of): ...
    stats = run_batch("花名册.xlsx", db, as_of, summary="汇总.xlsx", drafts="草稿/")

The clause base is loaded once by the caller; each row costs the core's evaluation plus
reading its cells. The summary workbook is written in openpyxl's write-only mode
(rows streamed, not held as cell objects): 汇总 one row per firm, 明细 firm × item
(verdict and bound), 问题 the bad cells by row and column.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.assess import assess, assess_verdicts
from desktop_app.core.case_file import case_date
from desktop_app.core.clausedb import ClauseDB
from desktop_app.core.cycles import cycles_left_alone
from desktop_app.core.facts import ProfileError
from desktop_app.core.interrupts import ctrl_c_after
from desktop_app.core.report import Report
from desktop_app.core.roster import CellProblem, open_roster
from desktop_app.core.verdicts import ELIGIBLE, INELIGIBLE, UNCERTAIN, VERDICT_ZH

if TYPE_CHECKING:
    from desktop_app.core.caselib import CaseLibrary, Change

STORE_CHUNK = 500  # rows stored per transaction


@dataclass
class BatchRow:
    row: int  # the spreadsheet's row number
    profile: dict[str, Any]
    report: Report | None
    problems: list[CellProblem] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's jsonl object: totals and results exactly as `assess` gives them."""
        out: dict[str, Any] = {"row": self.row, "error": self.error,
                               "name": self.profile.get("company.name"),
                               "uscc": self.profile.get("company.uscc"),
                               "totals": None, "results": None}
        if self.report is not None:
            doc = self.report.to_json()
            out["totals"], out["results"] = doc["totals"], doc["results"]
        return out


@dataclass
class BatchStats:
    rows: int = 0
    assessed: int = 0
    bad: int = 0
    drafts: int = 0
    stored: int = 0
    draft_errors: list[str] = field(default_factory=list)
    # rows of one firm and year stored over each other (the library keeps the last)
    store_notes: list[str] = field(default_factory=list)
    # rows assessed but not stored: neither a name nor a credit code to find them again by
    unstored_notes: list[str] = field(default_factory=list)
    roster_notes: list[str] = field(default_factory=list)  # columns not read (no name)
    draft_notes: list[str] = field(default_factory=list)  # drafts kept, the new beside them
    cancelled: bool = False


def assess_roster(path: str | Path, db: ClauseDB, as_of: date, words: bool = True,
                  notes: list[str] | None = None) -> Iterator[BatchRow]:
    """Each non-empty row assessed, or its problems; RosterError if the file is unreadable.

    `words=False` leaves the reasons out (assess_verdicts): for summaries and the library.
    `notes`, when given, gets a line for each column whose cells were not read (no name
    in the header row), once the rows are done.
    """
    evaluate = assess if words else assess_verdicts
    roster = open_roster(path, db)
    letters = {fact.fact_id: index for index, fact in roster.columns}
    try:
        for rr in roster.profiles():
            if rr.problems:
                yield BatchRow(rr.row, rr.profile, None, rr.problems, rr.error)
                continue
            try:
                report = evaluate(rr.profile, db, as_of)
            except ProfileError as exc:  # a check across facts, should one be added
                from desktop_app.core.roster import column_letter

                fact = db.facts.get(exc.fact)
                col = column_letter(letters[exc.fact]) if exc.fact in letters else ""
                problem = CellProblem(rr.row, col, exc.fact, fact.zh if fact else exc.fact,
                                      exc.zh, exc.en)
                yield BatchRow(rr.row, rr.profile, None, [problem], problem.line())
                continue
            yield BatchRow(rr.row, rr.profile, report)
        if notes is not None:
            notes.extend(roster.unread_lines())
    finally:
        if roster.close is not None:
            roster.close()


def run_batch(path: str | Path, db: ClauseDB, as_of: date, *,
              summary: str | Path | None = None, drafts: str | Path | None = None,
              library: CaseLibrary | None = None,
              on_row: Callable[[BatchRow], Any] | None = None, words: bool = False,
              progress: Callable[[int], bool | None] | None = None) -> BatchStats:
    """Assess the roster; write the summary, the drafts and the library entries asked for.

    `on_row(row)` sees every row as it is done; `words=True` gives it the reasons too
    (jsonl output; drafts always have them). `progress(rows_done)` may return False to
    stop (what was done so far is still written).
    """
    if summary and _same_file(summary, path):
        from desktop_app.core.roster import RosterError

        raise RosterError(f"汇总不能写到花名册本身（会覆盖企业数据）/ the summary cannot be "
                          f"written over the roster itself (its firms would be lost): {summary}")
    if summary and Path(summary).is_file() and not _is_summary(Path(summary)):
        from desktop_app.core.roster import RosterError

        # Another roster, or any workbook of the user's: replaced without a word it was lost.
        raise RosterError(f"文件已存在且不是本工具写的汇总表，请换一个文件名 / the file exists "
                          f"and is not a summary this tool wrote: name another: {summary}")
    stats = BatchStats()
    with cycles_left_alone():
        try:
            _run_batch(path, db, as_of, summary, drafts, library, on_row, words, progress,
                       stats)
        except KeyboardInterrupt:
            raise BatchInterrupted(stats) from None
    return stats


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: `stats` says what was done, `stats.stored` the cases already in
    the library (each whole: a chunk of rows is one transaction, and Ctrl-C waits for it)."""

    def __init__(self, stats: BatchStats):
        super().__init__()
        self.stats = stats


SUMMARY_SHEETS = ["汇总", "明细", "问题"]


def _is_summary(path: Path) -> bool:
    """Whether an existing workbook is a summary `batch` wrote (its three sheets), which a
    new run may replace."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        return False
    try:
        return wb.sheetnames == SUMMARY_SHEETS
    finally:
        wb.close()


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file (through "..", links, or another letter case on
    Windows); a path that does not exist yet names no existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _run_batch(path, db, as_of, summary, drafts, library, on_row, words, progress,
               stats: BatchStats) -> None:
    stored_rows: dict[tuple, int] = {}  # firm and year -> the row last stored for it
    writer = SummaryWriter(db) if summary else None
    pending: list[tuple[dict[str, Any], Report]] = []
    new_cases = 0  # pending rows that are not a repeat of an earlier row's firm and year

    def store() -> None:
        nonlocal new_cases
        with ctrl_c_after():  # the chunk and its count, both or neither
            library.store_assessed(pending)
            stats.stored += new_cases
        pending.clear()
        new_cases = 0

    if drafts:
        Path(drafts).mkdir(parents=True, exist_ok=True)
    for row in assess_roster(path, db, as_of, words=words or bool(drafts),
                             notes=stats.roster_notes):
        stats.rows += 1
        if row.report is None:
            stats.bad += 1
        else:
            stats.assessed += 1
            if drafts:
                _draft(row, db, as_of, Path(drafts), stats)
            if library is not None and _findable(row, stats):
                new_cases += not _note_repeat(row, stored_rows, stats)
                pending.append((row.profile, row.report))
                if len(pending) >= STORE_CHUNK:
                    store()
            elif library is None:  # two rows of a firm-year gave two drafts, unremarked
                _note_repeat(row, stored_rows, stats, storing=False)
        if writer is not None:
            writer.add(row)
        if on_row is not None:
            on_row(row)
        if progress is not None and progress(stats.rows) is False:
            stats.cancelled = True
            break
    if library is not None and pending:
        store()  # (stats.stored: cases in the library, not rows stored)
    if writer is not None:
        writer.save(summary)


def _findable(row: BatchRow, stats: BatchStats) -> bool:
    """Whether the row can be stored: a case with neither a name nor a credit code could
    not be found again (and each run of the roster added it once more). Said if not."""
    from desktop_app.core.caselib import firm_year

    if firm_year(row.profile) is not None:
        return True
    stats.unstored_notes.append(
        f"第{row.row}行未存入企业库：既无企业名称也无统一社会信用代码，存入后无法查找 / "
        f"row {row.row} was not stored in the library: it has neither a firm name nor a "
        f"credit code to find it again by")
    return False


def _note_repeat(row: BatchRow, stored_rows: dict[tuple, int], stats: BatchStats,
                 storing: bool = True) -> bool:
    """The library keeps one case of a firm and year: a later row of the same firm and year
    takes the earlier one's place (that one to the 回收站), and the user is told which.
    Not `storing`, the rows are only named as one firm's. Whether the row was a repeat."""
    from desktop_app.core.caselib import firm_year

    key = firm_year(row.profile)
    if key is None:
        return False
    earlier = stored_rows.get(key)
    name = row.profile.get("company.name")
    if earlier is None and key[0] == "uscc" and name:
        # a row of the firm by name only, before its code was given: the same case
        earlier = stored_rows.pop(("name", name, key[2]), None)
    if earlier is None and key[0] == "name":
        # by name only, after a row with the name and a code (one code only, as the library
        # matches): the same case
        earlier = stored_rows.get(("coded", name, key[2])) or None
    if key[0] == "uscc" and name:
        coded = ("coded", name, key[2])
        other = stored_rows.get(coded)
        stored_rows[coded] = row.row if other is None or other == earlier else 0
    if earlier is not None and storing:
        stats.store_notes.append(
            f"第{row.row}行与第{earlier}行为同一企业同一年度：企业库只保留一个案例（第{row.row}行的）"
            f" / row {row.row} is the same firm and year as row {earlier}: the library keeps "
            f"one case (row {row.row}'s)")
    elif earlier is not None:
        stats.store_notes.append(
            f"第{row.row}行与第{earlier}行为同一企业同一年度，请核对用哪一行 / row {row.row} "
            f"is the same firm and year as row {earlier}: check which row to use")
    stored_rows[key] = row.row
    return earlier is not None


def _draft(row: BatchRow, db: ClauseDB, as_of: date, folder: Path, stats: BatchStats) -> None:
    from desktop_app.core.application import has_claims
    from desktop_app.export import ExportError, export_report, suggested_filename

    name = f"{row.row:05d}-" + suggested_filename(row.profile, as_of, "docx",
                                                  record=not has_claims(row.report))
    path = _beside(folder / name)
    try:
        export_report(row.report, db, row.profile, path)
        stats.drafts += 1
    except ExportError as exc:
        stats.draft_errors.append(f"第{row.row}行：{exc}")
        return
    if path.name != name:
        stats.draft_notes.append(
            f"第{row.row}行：同名草稿已存在（可能已修改），未覆盖，新草稿为 {path.name} / "
            f"row {row.row}: its draft exists (it may have been edited) and was kept; the new "
            f"one is {path.name}")


def _beside(path: Path) -> Path:
    """`path`, or where it exists "<stem> (2)<suffix>", (3), …: a second run of a roster
    the same day wrote over the drafts of the first, which a consultant may have edited."""
    n = 2
    free = path
    while free.exists():
        free = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return free


# Printed at 82 %, the sheets' 11 pt text reads at 9 pt (fitted to one page wide, 汇总
# printed at 5 pt). A sheet wider than the page goes on over further pages, each repeating
# the header row and 行号, 企业名称: a firm's row is named on every page.
PRINT_SCALE = 82
# Widths are in the spreadsheet's unit (Calibri's digit; a Chinese character takes about
# two). At PRINT_SCALE within Excel's "narrow" margins a landscape A4 page holds about 187
# of them in Excel, 177 in LibreOffice with Carlito (Calibri's metrics): 汇总 fits one page
# wide, 明细 four items (eight columns) a page. LibreOffice with no Carlito takes a wider
# font's digit (140 a page): 汇总's last two columns, and 明细's every sixth column, go on
# to the next page, still beside 行号 and 企业名称.
MARGIN_SIDE = 0.25
# An amount, right-aligned, kept clear of the next column's text ("0 不符合" read as one).
MONEY_FORMAT = "#,##0_)_)"
LINE_HEIGHT = 16  # points a line of 11 pt Chinese text takes; streamed rows do not grow
# 汇总's columns: header, width, kind (how its cells are aligned and wrapped)
TOTALS_COLUMNS = [
    ("行号", 6, "center"), ("企业名称", 26, "wrap"), ("统一社会信用代码", 22, "wrap"),
    ("注册所在区", 10, "wrap"), ("评估年度", 6, "center"),
    ("可申报合计上限（元，明细中“可申报*”之和）", 12, "money"),
    ("待确认项可能增加（元，明细中“待确认*”之和）", 12, "money"),
    ("可申报项数", 7, "center"), ("待确认项数", 7, "center"), ("不符合项数", 7, "center"),
    ("计入合计的可申报项（上限最高的三项）", 32, "wrap"), ("问题", 26, "wrap")]
# 汇总's columns that show a fact of the row: a value refused there is shown as typed
TOTALS_FACTS = {1: "company.name", 2: "company.uscc", 3: "company.district",
                4: "assessment.year"}
REFUSED_MARK = " （有误）"  # (the space: a line breaks there, not inside the mark)
DETAIL_NAME_WIDTH = 28
DETAIL_PAIR_WIDTH = 17.5  # each of an item's two columns: its name on one line (门头沟区（十一）)
PROBLEM_COLUMNS = [("行号", 6, "center"), ("列", 5, "center"), ("事实编号", 22, "wrap"),
                   ("事实", 20, "wrap"), ("问题", 38, "wrap"), ("problem", 42, "wrap")]


def text_lines(text: Any, width: float) -> int:
    """The lines `text` wraps to in a column `width` units wide, as Excel shows it (a
    Chinese character takes 2.1 units and may begin a line; an English word is kept whole
    where it fits). Enough for LibreOffice too, whose unit is wider."""
    import unicodedata

    if text is None or text == "":
        return 1
    room = max(width - 0.7, 1) + 1e-9  # less the cell's margins (5 px); (2.1 × 13 = 27.3)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = word = 0.0

        def place(w: float) -> None:  # a word (or a Chinese character) onto the line
            nonlocal lines, used
            if used and used + w > room:
                lines += 1
                used = 0.0
            used += w
            while used > room:  # a word longer than the column is broken
                lines += 1
                used -= room

        for ch in paragraph:
            if ch >= "\u1100" and unicodedata.east_asian_width(ch) in "WFA":
                place(word)  # a line may break before and after it
                word = 0.0
                place(2.1)
            elif ch == " ":
                place(word)
                word = 0.0
                used += 1  # (a space at the line's end takes no room)
            else:
                word += 1
        place(word)
    return lines


class SummaryWriter:
    """The summary workbook, streamed: 汇总, 明细, 问题; each printed readable (landscape
    A4 at PRINT_SCALE, the header row and 行号, 企业名称 on every page)."""

    def __init__(self, db: ClauseDB):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.db = db
        self.items = [item.item_id for item in db.items]
        self.names = {item_id: db.item_name(item_id) for item_id in self.items}
        self.wb = Workbook(write_only=True)
        self.totals, self.detail, self.problems = (self.wb.create_sheet(name)
                                                   for name in SUMMARY_SHEETS)
        # named: a font with only "bold" set printed serif in LibreOffice
        bold = Font(name="Calibri", sz=11, bold=True)
        self._cell = WriteOnlyCell
        self._written: dict[str, int] = {}  # rows written so far, by sheet (header: 1)
        wrap = Alignment(wrap_text=True, vertical="top")

        def style(alignment, number_format=None):
            """A cell's style, copied onto each cell of its kind (cheaper than setting)."""
            cell = WriteOnlyCell(self.totals)
            cell.alignment = alignment
            if number_format:
                cell.number_format = number_format
            return cell._style

        # Every cell at the top of its row: a row is as tall as its longest wrapped text
        # (a long name, the items counted, the problem), and beside it the row number and
        # the name stood at the bottom.
        # (明细, a row's 66 cells, 32 of them amounts, keeps the spreadsheet's default, at
        # the bottom: a styled cell costs twice a plain one to stream, and its rows are one
        # line high but for a name longer than its column.)
        self._styles = {"wrap": style(wrap),
                        "center": style(Alignment(horizontal="center", vertical="top")),
                        "money": style(Alignment(vertical="top"), MONEY_FORMAT),
                        "detail_money": style(Alignment(), MONEY_FORMAT),
                        "detail_row": style(Alignment(horizontal="center")),
                        "detail_name": style(Alignment(wrap_text=True))}

        def header(ws, names, widths):
            from openpyxl.worksheet.page import PageMargins

            from desktop_app.core.roster import column_letter

            for i, width in enumerate(widths):
                ws.column_dimensions[column_letter(i)].width = width
            ws.freeze_panes = "C2"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = "9"  # A4
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.page_setup.scale = PRINT_SCALE
            ws.page_margins = PageMargins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=0.75,
                                          bottom=0.75, header=0.3, footer=0.3)
            ws.print_title_rows = "1:1"
            ws.print_title_cols = "A:B"
            ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"
            cells = []
            for name in names:
                cell = WriteOnlyCell(ws, value=name)
                cell.font = bold
                cell.alignment = wrap
                cells.append(cell)
            lines = max(text_lines(n, w) for n, w in zip(names, widths, strict=True))
            ws.row_dimensions[1].height = LINE_HEIGHT * lines + 2
            ws.append(cells)

        # Each total is the sum of the 明细 bounds marked * (contract section 4: one item
        # of a same-project group counted): the headers say so, so a reader can rebuild it.
        header(self.totals, [c[0] for c in TOTALS_COLUMNS], [c[1] for c in TOTALS_COLUMNS])
        # Each item's two columns headed as the results page names it, then the item id:
        # 门头沟区（七） / 结论 / mentougou-07
        detail_names = ["行号", "企业名称"]
        for item_id in self.items:
            name = self.names[item_id]
            detail_names += [f"{name}\n结论\n{item_id}", f"{name}\n上限（元）\n{item_id}"]
        header(self.detail, detail_names,
               [6, DETAIL_NAME_WIDTH] + [DETAIL_PAIR_WIDTH] * (2 * len(self.items)))
        header(self.problems, [c[0] for c in PROBLEM_COLUMNS],
               [c[1] for c in PROBLEM_COLUMNS])
        district = db.facts.get("company.district")
        self.district_zh = {o["value"]: o["zh"] for o in (district.options or [])} \
            if district else {}

    def add(self, row: BatchRow) -> None:
        p = row.profile
        name, district = p.get("company.name"), self.district_zh.get(p.get("company.district"))
        facts = [name, p.get("company.uscc"), district, p.get("assessment.year")]
        if row.report is None:
            refused = {prob.fact_id: prob.raw for prob in row.problems
                       if prob.raw is not None}
            for col, fact_id in TOTALS_FACTS.items():
                if facts[col - 1] is None and fact_id in refused:  # as typed, marked
                    facts[col - 1] = f"{refused[fact_id]}{REFUSED_MARK}"
            self._row(self.totals, [row.row, *facts, None, None, None, None, None, None,
                                    row.error], TOTALS_COLUMNS)
            for prob in row.problems:
                self._row(self.problems, [prob.row, prob.column, prob.fact_id, prob.label,
                                          prob.zh, prob.en], PROBLEM_COLUMNS)
            return
        results = row.report.results
        counts = {ELIGIBLE: 0, UNCERTAIN: 0, INELIGIBLE: 0}
        ws = self.detail
        name_lines = text_lines(name, DETAIL_NAME_WIDTH)
        detail: list[Any] = [self._styled(ws, row.row, "detail_row"),
                             self._styled(ws, name, "detail_name")
                             if name_lines > 1 else self._text(name)]
        for r in results:
            counts[r.verdict] += 1
            # an ineligible item's bound is 0, as `assess` gives it; blank only where the text
            # or the firm leaves the bound open (null)
            mark = "*" if r.counted_in_total and r.verdict != INELIGIBLE else ""
            detail += [VERDICT_ZH[r.verdict] + mark, self._styled(
                ws, 0 if r.verdict == INELIGIBLE else r.max_amount_yuan, "detail_money")]
        best = sorted((r for r in results if r.verdict == ELIGIBLE and r.counted_in_total),
                      key=lambda r: -(r.max_amount_yuan or 0))[:3]
        totals = row.report.totals
        self._row(self.totals, [
            row.row, *facts, totals.eligible_total_yuan, totals.uncertain_total_yuan,
            counts[ELIGIBLE], counts[UNCERTAIN], counts[INELIGIBLE],
            # one a line: 门头沟区（三）（400,000）
            "\n".join(f"{self.names[r.item_id]}（{r.max_amount_yuan:,}）" for r in best)
            or None, None],
            TOTALS_COLUMNS)
        self._height(ws, name_lines)
        ws.append(detail)

    def _row(self, ws, values: list[Any], columns: list[tuple[str, int, str]]) -> None:
        """A row of 汇总 or 问题, each cell aligned as its column, as tall as its text."""
        self._height(ws, max(text_lines(v, width) if kind == "wrap" else 1
                             for v, (_, width, kind) in zip(values, columns, strict=True)))
        ws.append([self._styled(ws, v, kind)
                   for v, (_, _, kind) in zip(values, columns, strict=True)])

    def _height(self, ws, lines: int) -> None:
        """Give the row about to be written the height of its wrapped text's `lines`
        (spreadsheets do not grow streamed rows)."""
        self._written[ws.title] = self._written.get(ws.title, 1) + 1
        if lines > 1:  # (409 points: the most a spreadsheet row may be)
            ws.row_dimensions[self._written[ws.title]].height = min(LINE_HEIGHT * lines + 2,
                                                                    409)

    def _styled(self, ws, value: Any, kind: str):
        if value is None or value == "":
            return None
        cell = self._cell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text as typed: a name or value starting "=" no formula
        cell._style = copy(self._styles[kind])
        return cell

    def _text(self, value: Any) -> Any:
        """Plain text as text (a name starting "=" is no formula); anything else as is."""
        if isinstance(value, str) and value.startswith("="):
            cell = self._cell(self.detail, value=value)
            cell.data_type = "s"
            return cell
        return value

    def save(self, path: str | Path) -> Path:
        from desktop_app.core.atomic import atomic_path

        path = Path(path)
        with atomic_path(path) as tmp:
            self.wb.save(tmp)
        return path


@dataclass
class DraftsDone:
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False
    # per case, what moved since its last assessment (a pack imported meanwhile): said
    # here, as `cases reassess` after the export no longer would
    changed: dict[int, list[Change]] = field(default_factory=dict)


@dataclass
class CaseExported:
    path: Path
    changed: list[Change]  # the items whose verdict or bound moved since the last assessment


def export_case(library: CaseLibrary, case_id: int, db: ClauseDB, as_of: date | None,
                path: str | Path, lang: str = "zh") -> CaseExported:
    """A stored case's draft application to `path`, assessed afresh with `db`, with the
    case's requested amounts and project descriptions (a draft without them asked for
    every bound, with no description); the results recorded, an open case marked 已导出.
    `as_of` None: the date the case keeps (set in the wizard), else today.
    ProfileError, ApplicationError, ExportError as export_report and the case raise them."""
    from desktop_app.core.application import Application
    from desktop_app.export import export_report

    case = library.case(case_id)
    if case.get("deleted_at"):
        from desktop_app.core.caselib import CaseLibraryError

        raise CaseLibraryError(f"案例 {case_id} 在回收站中，请先恢复再导出 / case {case_id} is "
                               f"in the recycle bin (回收站): restore it first")
    report = assess(case["profile"], db, case_date(case["meta"], as_of))
    written = export_report(report, db, case["profile"], path, lang=lang,
                            application=Application.from_json(case.get("application")))
    changed = library.record(case_id, report)
    library.mark_exported(case_id)
    return CaseExported(written, changed)


def draft_path(case_id: int, profile: dict[str, Any], as_of: date, folder: str | Path,
               suffix: str = "docx") -> Path:
    """Where export_case_drafts writes a case's draft: <case>-申报材料草稿-<firm>-<year>年度-
    <date>.<suffix> in `folder` (the caller may ask before replacing one that is there)."""
    from desktop_app.export import suggested_filename

    return Path(folder) / (f"{case_id}-"
                           + suggested_filename(profile, as_of, suffix, with_year=True))


def export_case_drafts(library: CaseLibrary, case_ids: list[int], db: ClauseDB,
                       as_of: date | None, folder: str | Path, suffix: str = "docx",
                       progress: Callable[[int, int], bool | None] | None = None
                       ) -> DraftsDone:
    """Each case's draft application into `folder`, assessed afresh and recorded; an open
    case becomes 已导出. `progress(done, total)` may return False to stop between firms."""
    from desktop_app.core.application import ApplicationError
    from desktop_app.core.caselib import CaseLibraryError
    from desktop_app.export import ExportError

    done = DraftsDone()
    for n, case_id in enumerate(case_ids, start=1):
        case = library.case(case_id)
        profile = case["profile"]
        try:
            day = case_date(case["meta"], as_of)
            out = export_case(library, case_id, db, as_of,
                              draft_path(case_id, profile, day, folder, suffix))
            done.written.append(out.path)
            if out.changed:
                done.changed[case_id] = out.changed
        except ProfileError as exc:
            done.errors.append(f"{profile.get('company.name') or case_id}: {exc.line()}")
        except ApplicationError as exc:
            done.errors.append(f"{profile.get('company.name') or case_id}: {exc.item_id}: "
                               f"{exc.zh} / {exc.en}")
        except (ExportError, CaseLibraryError) as exc:  # (a case binned meanwhile)
            done.errors.append(str(exc))
        if progress is not None and progress(n, len(case_ids)) is False:
            done.cancelled = n < len(case_ids)
            break
    return done
