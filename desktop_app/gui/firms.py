"""The consultant's workspace: the firms of the case library in one table (a Qt model).

Opened from 文件 → 企业库…; a single firm's user never needs it. Instant search (the
library's full-text index), district and status filters, sort by any column, open a
case in the wizard (its edits are written to the library as they are typed, on the
wizard's autosave beat), duplicate for a new year, 回收站, drafts of the selected
firms and 导入花名册… with progress that can be cancelled. The work is the core's
(core/caselib.py, core/batch.py); this module only shows it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.caselib import (
    CASE_COLUMNS,
    STATUSES,
    CaseLibrary,
    CaseLibraryError,
    Replacing,
    district_names,
)

if TYPE_CHECKING:
    from desktop_app.core.clausedb import ClauseDB
    from desktop_app.gui.host import Window

HEARTBEAT_MS = 30_000
SEARCH_DELAY_MS = 120
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COL = {name: i for i, name in enumerate(CASE_COLUMNS)}
# Shown columns: (key, source column)
SHOWN = (("name", "name"), ("uscc", "uscc"), ("district", "district"), ("year", "year"),
         ("status", "status"), ("eligible", "eligible_total"), ("open", "open_items"),
         ("assessed", "assessed_at"))

S: dict[str, dict[str, str]] = {
    "title": {"zh": "企业库", "en": "Firms library"},
    "no_name": {"zh": "（未填名称）", "en": "(no name given)"},
    "no_year": {"zh": "未填写", "en": "not given"},
    "search": {"zh": "搜索企业名称、统一社会信用代码、联系人、所在区或年度（可输入多个词）…",
               "en": "Search name, credit code, contact, district or year (several words)…"},
    "all_districts": {"zh": "全部区", "en": "All districts"},
    "all_status": {"zh": "全部状态", "en": "Any status"},
    "bin": {"zh": "回收站", "en": "Recycle bin"},
    "col.name": {"zh": "企业名称", "en": "Firm"},
    "col.uscc": {"zh": "统一社会信用代码", "en": "Credit code"},
    "col.district": {"zh": "注册所在区", "en": "District"},
    "col.year": {"zh": "评估年度", "en": "Year"},
    "col.status": {"zh": "状态", "en": "Status"},
    "col.eligible": {"zh": "可申报合计上限（元）", "en": "Eligible total (yuan)"},
    "col.open": {"zh": "待确认项", "en": "Open items"},
    "col.assessed": {"zh": "上次评估", "en": "Last assessed"},
    "open": {"zh": "在向导中打开(&O)", "en": "&Open in wizard"},
    "duplicate": {"zh": "复制为新年度(&D)", "en": "&Duplicate for next year"},
    "delete": {"zh": "移入回收站(&L)", "en": "Move to bin (De&l)"},
    "restore": {"zh": "恢复(&R)", "en": "&Restore"},
    "restore_swapped": {"zh": "已恢复。企业库每家企业每个年度保留一个案例：原在用的同年度案例"
                              "（{ids}）已移入回收站。",
                        "en": "Restored. The library keeps one case per firm and year: the "
                              "case of that year in use ({ids}) is now in the recycle bin."},
    "export": {"zh": "导出所选草稿(&E)…", "en": "&Export drafts…"},
    "roster": {"zh": "导入花名册(&I)…", "en": "&Import roster…"},
    "import": {"zh": "导入案例文件…", "en": "Import case files…"},
    # (no "…": it asks nothing first; it reassesses, then shows what changed)
    "reassess": {"zh": "重新评估全部", "en": "Reassess all"},
    "count": {"zh": "显示 {shown} 个案例，共 {total} 个", "en": "{shown} of {total} cases shown"},
    "imported_cases": {"zh": "已导入 {n} 个案例文件。", "en": "{n} case files imported."},
    "replaced": {"zh": "{file}：企业库中同一企业同一年度的案例 {old} 已移入回收站（可恢复）。",
                 "en": "{file}: the library's case {old} of the same firm and year is now in "
                       "the recycle bin (it can be restored)."},
    "kept": {"zh": "{file}：未导入，保留了企业库中的案例 {old}。",
             "en": "{file}: not imported; the library's case {old} is kept."},
    "replace_ask": {"zh": "文件 {file} 与企业库中“{name}”{year}年度的案例是同一企业同一年度。\n"
                          "{why}\n用文件替换后，企业库中的案例将移入回收站。",
                    "en": "The file {file} is of the same firm and year as the library's "
                          "case “{name}” ({year}).\n{why}\nReplacing it moves the "
                          "library's case to the recycle bin."},
    "replace_newer": {"zh": "企业库中的案例修改于 {updated}，文件保存于 {saved}。",
                      "en": "The library's case was changed at {updated}; the file was saved "
                            "at {saved}."},
    "unknown_time": {"zh": "（文件未注明）", "en": "(the file does not say)"},
    "replace_open": {"zh": "这个案例正在本窗口的向导中编辑。",
                     "en": "That case is open in this window's wizard."},
    "replace_open_elsewhere": {"zh": "这个案例正在另一窗口中编辑。",
                               "en": "That case is being edited in another window."},
    "replace_keep": {"zh": "保留企业库中的案例(&K)", "en": "&Keep the library's case"},
    "replace_yes": {"zh": "用文件替换(&R)", "en": "&Replace with the file"},
    # the same question when the wizard's firm, not a file, would replace the case
    "replace_ask_wizard": {"zh": "向导中的自评与企业库中“{name}”{year}年度的案例是同一企业"
                                 "同一年度（统一社会信用代码相同或名称相同）。\n{why}\n"
                                 "替换后，企业库中的案例将移入回收站。",
                           "en": "The wizard's assessment is of the same firm and year as the "
                                 "library's case “{name}” ({year}): the same credit code, or "
                                 "the same name.\n{why}\nReplacing it moves the library's "
                                 "case to the recycle bin."},
    "replace_updated": {"zh": "企业库中的案例修改于 {updated}。",
                        "en": "The library's case was changed at {updated}."},
    "replace_yes_wizard": {"zh": "用向导中的自评替换(&R)",
                           "en": "&Replace with the wizard's assessment"},
    "detached": {"zh": "企业库中的这个案例已被替换：向导中的答案不再写入企业库（仍自动保存在本机，"
                       "可用“存入向导中的自评”再存入）。",
                 "en": "The library's case was replaced: the wizard's answers no longer go to "
                       "the library (they are still autosaved here; 'Add the wizard's firm' "
                       "stores them again)."},
    "none": {"zh": "企业库还是空的：导入花名册或案例文件，或把向导中的自评存入企业库。",
             "en": "The library is empty: import a roster or case files, or add the "
                   "wizard's assessment."},
    "add_current": {"zh": "存入向导中的自评(&W)", "en": "Add the &wizard's firm"},
    "from_wizard": {"zh": "向导中的自评", "en": "the wizard's assessment"},
    "added": {"zh": "已存入企业库：{name}（案例 {case}）。此后在向导中的修改随时写入这个案例。",
              "en": "Added to the library: {name} (case {case}). From now on the wizard's "
                    "edits go to this case as they are typed."},
    "nothing_to_add": {"zh": "向导中还没有答案可存入。", "en": "The wizard has no answers yet."},
    "needs_identity": {"zh": "请先在“企业基本情况”页填写企业名称或统一社会信用代码，再存入企业库"
                              "（否则存入后无法查找）。",
                       "en": "Give the firm's name or credit code on the basics page first: "
                             "without either the case could not be found in the library."},
    "elsewhere": {"zh": "正在另一窗口中编辑", "en": "open in another window"},
    "in_use": {"zh": "编辑中", "en": "in use"},
    "elsewhere_ask": {"zh": "“{name}”正在另一窗口中编辑。仍要在这里打开吗？\n"
                            "两处同时修改时，后保存的会覆盖先保存的。",
                      "en": "“{name}” is being edited in another window. Open it here "
                            "anyway?\nIf both change it, the later save wins."},
    "exporting": {"zh": "正在导出草稿…", "en": "Exporting drafts…"},
    "importing": {"zh": "正在导入花名册… 已处理 {n} 行", "en": "Importing roster… {n} rows"},
    "reassessing": {"zh": "正在重新评估…", "en": "Reassessing…"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "pick_folder": {"zh": "选择保存草稿的文件夹", "en": "Folder for the drafts"},
    "pick_roster": {"zh": "选择花名册", "en": "Choose a roster"},
    "roster_filter": {"zh": "花名册 (*.xlsx *.csv)", "en": "Rosters (*.xlsx *.csv)"},
    "case_filter": {"zh": "自评案例 (*.pscase *.json)", "en": "Cases (*.pscase *.json)"},
    "exported": {"zh": "已导出 {n} 份草稿到 {folder}", "en": "{n} drafts written to {folder}"},
    "imported": {"zh": "已导入 {n} 家企业；{bad} 行有问题。",
                 "en": "{n} firms imported; {bad} rows with problems."},
    "cancelled": {"zh": "（已取消，之前完成的已保存）",
                  "en": " (cancelled; work done so far is kept)"},
    "overwrite_ask": {"zh": "文件夹中已有 {n} 份同名草稿，导出将替换它们：\n{names}",
                      "en": "{n} drafts of the same names are in the folder already; "
                            "exporting replaces them:\n{names}"},
    "overwrite_yes": {"zh": "替换(&R)", "en": "&Replace"},
    "case_year": {"zh": "案例 {case} · {year}年度", "en": "case {case} · year {year}"},
    "other_base": {"zh": "此前条款库 · ", "en": "earlier base · "},
    "stale_tip": {"zh": "按此前的条款库评估；“重新评估全部”按现用条款库更新并列出变化",
                  "en": "Assessed with an earlier clause base; Reassess all updates it and "
                        "lists what changed"},
    "stale": {"zh": "{n} 个案例的结果按此前的条款库评估，与现用条款库的结果可能不同（“上次评估”"
                    "标有“此前条款库”）：点“重新评估全部”查看变化并更新。",
              "en": "{n} cases were assessed with an earlier clause base and may differ under "
                    "the one in use (marked \"earlier base\" under Last assessed): "
                    "Reassess all shows what changed and updates them."},
    "export_changed": {"zh": "以下案例的结论或金额上限与上次评估不同（条款库已更新），"
                             "草稿按现用条款库：",
                       "en": "These cases' verdicts or bounds differ from their last "
                             "assessment (the clause base changed); the drafts follow the "
                             "clause base in use:"},
    "new_not_applying": {"zh": "另有 {n} 项新增条款不适用于该企业",
                         "en": "{n} new items do not apply to the firm"},
    "removed_not_applying": {"zh": "另有 {n} 项原本不适用的条款已删除",
                             "en": "{n} items that did not apply were removed"},
    "changed_title": {"zh": "条款变化后的评估结果", "en": "Results after the rules changed"},
    "changed_none": {"zh": "重新评估了 {n} 个案例，结论和金额上限均无变化。",
                     "en": "{n} cases reassessed; no verdict or bound changed."},
    "changed_head": {"zh": "重新评估了 {n} 个案例，{m} 个有变化：",
                     "en": "{n} cases reassessed, {m} changed:"},
    "problem": {"zh": "问题", "en": "Problem"},
    "no_selection": {"zh": "请先在表格中选择企业。", "en": "Select firms in the table first."},
    "unavailable": {"zh": "企业库无法打开", "en": "The case library cannot be opened"},
    "unavailable_text": {"zh": "{why}\n\n文件未作改动。自评和导出仍可使用；"
                               "如有备份，可用备份替换该文件。",
                         "en": "{why}\n\nThe file was left as it is. Assessing and exporting "
                               "still work; a backup of the file, if there is one, can "
                               "replace it."},
}


def t(key: str, lang: str, **params: Any) -> str:
    text = S[key].get(lang) or S[key]["zh"]
    return text.format(**params) if params else text


class CaseTableModel(QAbstractTableModel):
    """The library's cases as rows (plain tuples, CASE_COLUMNS); sorted in Python."""

    def __init__(self, db: ClauseDB, lang: str = "zh"):
        super().__init__()
        self.rows: list[tuple] = []
        self.elsewhere: set[int] = set()
        self.lang = lang
        self.set_db(db)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_db(self, db: ClauseDB) -> None:
        """The districts' names from `db` (a pack may bring more)."""
        district = db.facts.get("company.district")
        self.districts = {o["value"]: o for o in (district.options or [])} if district else {}
        self.version = db.version

    def set_rows(self, rows: list[tuple], elsewhere: set[int]) -> None:
        self.beginResetModel()
        self.rows, self.elsewhere = list(rows), elsewhere
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(SHOWN)

    def case_id(self, row: int) -> int:
        return self.rows[row][COL["case_id"]]

    def record(self, row: int) -> dict[str, Any]:
        return dict(zip(CASE_COLUMNS, self.rows[row], strict=True))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(f"col.{SHOWN[section][0]}", self.lang)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        key, source = SHOWN[index.column()]
        value = row[COL[source]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(key, value, row)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("eligible", "open", "year"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "assessed" and self._other_base(row):
            return t("stale_tip", self.lang)
        if row[COL["case_id"]] in self.elsewhere:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#8a5a00"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return t("elsewhere", self.lang)
        return None

    def _shown(self, key: str, value: Any, row: tuple) -> str:
        if value is None:
            if key == "name":
                return t("no_name", self.lang)  # as `cases list` says it (it was blank)
            if key == "year":
                return t("no_year", self.lang)
            return "—" if key in ("eligible", "open", "assessed", "uscc") else ""
        if key == "name" and row[COL["case_id"]] in self.elsewhere:
            return f"〔{t('in_use', self.lang)}〕{value}"  # the tooltip says where
        if key == "district":
            opt = self.districts.get(value)
            return opt[self.lang] if opt else str(value)
        if key == "status":
            return STATUSES[value][0 if self.lang == "zh" else 1]
        if key == "eligible":
            return f"{value:,}"
        if key == "assessed":
            shown = str(value).replace("T", " ")[:16]
            if self._other_base(row):  # first: a narrow column cut the mark off its end
                shown = t("other_base", self.lang) + shown
            return shown
        return str(value)

    def _other_base(self, row: tuple) -> bool:
        """Assessed with a clause base other than the one in use (a pack came since)."""
        return row[COL["clause_db_version"]] not in (None, self.version)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        if column < 0:
            return
        i = COL[SHOWN[column][1]]
        # None (never assessed) sorts last either way
        present = [r for r in self.rows if r[i] is not None]
        missing = [r for r in self.rows if r[i] is None]
        present.sort(key=lambda r: r[i], reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = present + missing


class FirmsWindow(QWidget):
    """The firms view, a window of its own beside the wizard."""

    def __init__(self, main: Window, library: CaseLibrary | None = None):
        super().__init__(main, Qt.WindowType.Window)
        self.setObjectName("firms")
        self.main, self.lang = main, main.lang
        self.library = library or CaseLibrary()
        self.editing: int | None = None  # the case open in the wizard
        self.model = CaseTableModel(main.db, self.lang)
        self._search_ids: set[int] | None = None
        self._build()
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._beat)
        self.heartbeat.start()
        main.autosave_timer.timeout.connect(self._sync_to_library)
        for act in getattr(main, "lang_actions", {}).values():
            act.triggered.connect(lambda _=False: self.set_language(self.main.lang))
        self.retranslate()
        self.reload()
        self._fit_screen(1000, 620)

    # --- layout ------------------------------------------------------------------------
    def _fit_screen(self, width: int, height: int) -> None:
        """At most that size, and within the screen: at 125 % on a 1366×768 laptop the
        window reached below the screen's foot (its count line out of sight)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.95))
            height = min(height, int(room.height() * 0.9))
        self.resize(width, height)

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.district = QComboBox()
        self.district.setObjectName("district")
        self.district.addItem("", None)
        for value in self.model.districts:
            self.district.addItem("", value)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.addItem("", None)
        for code in STATUSES:
            self.status.addItem("", code)
        self.show_bin = QCheckBox()
        self.show_bin.setObjectName("bin")
        for combo in (self.district, self.status):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _: self.reload())
        self.show_bin.toggled.connect(self._bin_toggled)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.district)
        top.addWidget(self.status)
        top.addWidget(self.show_bin)

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed section sizes: measuring 10,000 rows' contents would cost seconds.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate((14, 12, 6, 5, 5, 9, 5, 9)):
            self.table.setColumnWidth(col, width * em + 12)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        # Keyboard: Enter on a row opens it; Enter in the search box opens the case found
        # (a consultant typed a name, then needed Tab, Tab, Space, Enter).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)  # (not the search box's)
            enter.activated.connect(self.open_selected)
        self.search.returnPressed.connect(self._open_found)

        self.buttons: dict[str, QPushButton] = {}
        # Two rows, the selected cases' actions over the library's: in one row, English at
        # 150 % made the window wider than a 1366×768 screen (Reassess all out of sight).
        selected, whole = QHBoxLayout(), QHBoxLayout()
        for key, slot in (("open", self.open_selected), ("duplicate", self.duplicate_selected),
                          ("delete", self.delete_selected), ("restore", self.restore_selected),
                          ("export", self.export_selected)):
            selected.addWidget(self._button(key, slot))
        selected.addStretch(1)
        for key, slot in (("add_current", self.add_current), ("roster", self.import_roster),
                          ("import", self.import_cases), ("reassess", self.reassess)):
            whole.addWidget(self._button(key, slot))
        whole.addStretch(1)
        row = QVBoxLayout()
        row.addLayout(selected)
        row.addLayout(whole)
        self.count = QLabel()
        self.count.setObjectName("count")
        # After a pack: the figures of cases assessed with the earlier base, said as such
        self.stale = QLabel()
        self.stale.setObjectName("stale")
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("QLabel { background: #fff4d6; padding: 4px; }")
        self.stale.hide()
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.stale)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.count)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table,
                  self.delete_selected)
        self.table.activated.connect(lambda _: self.open_selected())  # Enter
        # a window of its own: closed from the keyboard too, also where no window manager
        # offers Alt+F4
        for key in (QKeySequence.StandardKey.Close, QKeySequence.StandardKey.Cancel):
            QShortcut(QKeySequence(key), self, self.close)

    def _button(self, key: str, slot) -> QPushButton:
        button = QPushButton()
        button.setObjectName(key)
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(f"{t('title', lang)} — {self.main.windowTitle().split(' — ')[-1]}")
        self.search.setPlaceholderText(t("search", lang))
        self.district.setItemText(0, t("all_districts", lang))
        for i, opt in enumerate(self.model.districts.values(), start=1):
            self.district.setItemText(i, opt[lang])
        self.status.setItemText(0, t("all_status", lang))
        for i, (zh, en) in enumerate(STATUSES.values(), start=1):
            self.status.setItemText(i, zh if lang == "zh" else en)
        self.show_bin.setText(t("bin", lang))
        for key, button in self.buttons.items():
            button.setText(t(key, lang))
        self.model.lang = lang
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(SHOWN) - 1)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1,
                                                         len(SHOWN) - 1))
        self._update_count()

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.retranslate()

    # --- rows --------------------------------------------------------------------------
    def reload(self) -> None:
        rows = self.library.cases(self.search.text(), district=self.district.currentData(),
                                  districts=district_names(self.model.districts.values()),
                                  status=self.status.currentData(),
                                  deleted=self.show_bin.isChecked())
        self.model.set_rows(rows, self.library.opened_elsewhere())
        if len(rows) == 1 and self.search.text().strip():
            # the one firm a search found is the one to act on (the buttons stayed grey
            # until it was clicked)
            self.table.selectRow(0)
        self._update_count()
        self._enable()

    def _open_found(self) -> None:
        """Enter in the search box: the list brought up to the text typed; one case found
        (or one chosen) is opened; with several, the first is selected for the arrows."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.reload()
        if not self.model.rows:
            return
        if not self.selected_rows():
            self.table.selectRow(0)
            if len(self.model.rows) > 1:
                self.table.setFocus()
                return
        self.open_selected()

    def _update_count(self) -> None:
        stale = self.library.assessed_with_other_base(self.model.version)
        self.stale.setText(t("stale", self.lang, n=stale))
        self.stale.setVisible(stale > 0)
        total = self.library.count(deleted=self.show_bin.isChecked())
        if total == 0 and not self.show_bin.isChecked():
            self.count.setText(t("none", self.lang))
        else:
            self.count.setText(t("count", self.lang, shown=len(self.model.rows), total=total))

    def _bin_toggled(self, _: bool) -> None:
        self.reload()

    def _enable(self) -> None:
        selected = bool(self.selected_rows())
        in_bin = self.show_bin.isChecked()
        self.buttons["open"].setEnabled(selected and not in_bin)
        self.buttons["duplicate"].setEnabled(selected and not in_bin)
        self.buttons["delete"].setEnabled(selected and not in_bin)
        self.buttons["export"].setEnabled(selected and not in_bin)
        self.buttons["restore"].setEnabled(selected and in_bin)
        self.buttons["add_current"].setEnabled(
            bool(self.main.answers) and "library_case" not in self.main.case_meta)
        self.buttons["restore"].setVisible(in_bin)
        self.buttons["delete"].setVisible(not in_bin)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def selected_ids(self) -> list[int]:
        return [self.model.case_id(r) for r in self.selected_rows()]

    def select_case(self, case_id: int) -> None:
        for r in range(len(self.model.rows)):
            if self.model.case_id(r) == case_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.model.index(r, 0))
                return

    # --- actions -------------------------------------------------------------------------
    def open_selected(self) -> bool:
        rows = self.selected_rows()
        if not rows or self.show_bin.isChecked():
            return False
        return self.open_case(self.model.case_id(rows[0]))

    def open_case(self, case_id: int) -> bool:
        """Load a library case into the wizard; its edits go back to the library as typed."""
        main = self.main
        case = self.library.case(case_id)
        name = case["profile"].get("company.name") or str(case_id)
        holder = self.library.holder(case_id)
        if holder is not None and main.interactive:
            answer = QMessageBox.question(self, t("title", self.lang),
                                          t("elsewhere_ask", self.lang, name=name),
                                          QMessageBox.StandardButton.Yes
                                          | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if not main._confirm_discard():
            return False
        if self.editing is not None:
            self.library.release(self.editing)
        main.autosave_timer.stop()
        problems = main.load_profile(case["profile"], case["meta"])
        problem = main.set_application(case["application"])  # amounts and descriptions
        if problem:
            problems.append(problem)
        main.case_path = None
        main.case_meta = dict(case["meta"], library_case=case_id)
        main.dirty = False
        main.wizard.restart()
        main.goto_page(main.review_id)
        main.update_title()
        self.editing = case_id
        self.library.claim(case_id)
        if problems:
            main._warn(t("title", self.lang), "\n".join(problems))
        main.raise_()
        main.activateWindow()
        return True

    def mark_exported(self, case_id: int) -> None:
        """The wizard exported the draft of this case: an open case becomes 已导出 (a case
        already 已提交 stays so)."""
        try:
            self.library.mark_exported(case_id)
        except CaseLibraryError:  # binned or gone meanwhile: nothing to mark
            return
        self.reload()

    def _sync_to_library(self) -> None:
        """On the wizard's autosave beat: the answers into the library case being edited."""
        main = self.main
        case_id = main.case_meta.get("library_case") if main.case_meta else None
        if case_id is None or case_id != self.editing:
            if self.editing is not None and case_id is None:
                self.library.release(self.editing)
                self.editing = None
            return
        try:
            meta = main.meta_to_save({k: v for k, v in main.case_meta.items()
                                      if k != "library_case"})
            self.library.save_case(dict(main.answers), case_id=case_id, meta=meta,
                                   application=main.application_json())
        except (CaseLibraryError, OSError) as exc:
            main.statusBar().showMessage(str(exc), 5000)
            return
        main.dirty = False  # saved: closing the window has nothing to offer back
        self._record(case_id, dict(main.answers))
        main.update_title()
        self.reload()
        self.select_case(case_id)

    def _record(self, case_id: int, profile: dict[str, Any]) -> None:
        """The case's verdicts and totals as the wizard now has them, for the list (its
        row read 进行中 · — · — after the firm was corrected and exported in the wizard)."""
        from desktop_app.core.assess import assess_verdicts
        from desktop_app.core.facts import ProfileError

        try:
            self.library.record(case_id, assess_verdicts(profile, self._base(), date.today()))
        except ProfileError:
            pass  # an answer not valid yet: the list keeps the last results

    def duplicate_selected(self) -> None:
        new = [self.library.duplicate(case_id) for case_id in self.selected_ids()]
        self.reload()
        if new:
            self.select_case(new[-1])

    def delete_selected(self) -> None:
        if self.show_bin.isChecked():
            return
        for case_id in self.selected_ids():
            self.library.delete(case_id)
            if case_id == self.editing:
                self.library.release(case_id)
        self.reload()

    def restore_selected(self) -> None:
        displaced = [d for d in (self.library.restore(case_id) for case_id in self.selected_ids())
                     if d is not None]
        self.reload()
        if displaced:  # one case per firm and year: the one in its place went to the bin
            self._info(t("restore_swapped", self.lang,
                         ids="、".join(map(str, displaced)) if self.lang == "zh"
                         else ", ".join(map(str, displaced))))

    def export_selected(self, folder: str | None = None) -> list[Path]:
        """The selected firms' drafts (DOCX) into a folder, with a cancellable progress bar."""
        from desktop_app.core.batch import export_case_drafts

        ids = self.selected_ids()
        if not ids:
            self._info(t("no_selection", self.lang))
            return []
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, t("pick_folder", self.lang),
                                                      str(Path.home()))
            if not folder:
                return []
        if not self._may_overwrite(ids, folder):
            return []
        dialog = self._progress(t("exporting", self.lang), len(ids))

        def step(n: int, total: int) -> bool:
            dialog.setValue(n)
            dialog.setLabelText(f"{t('exporting', self.lang)} {n}/{total}")
            QApplication.processEvents()  # one firm at a time: the window stays live
            return not dialog.wasCanceled()

        done = export_case_drafts(self.library, ids, self._base(), None, folder,
                                  progress=step)  # (each case on its own date, else today)
        dialog.reset()
        self.reload()
        text = t("exported", self.lang, n=len(done.written), folder=folder)
        if done.cancelled:
            text += t("cancelled", self.lang)
        self._info("\n".join([text, *done.errors, *self._changed_lines(done.changed)]))
        return done.written

    def _changed_lines(self, changed: dict[int, list[Any]]) -> list[str]:
        """What moved since each case's last assessment (a pack imported meanwhile): the
        export recorded the new results, so 重新评估全部 would no longer name them."""
        from desktop_app.core.caselib import change_text

        if not changed:
            return []
        db = self._base()  # (once: it checks whether a pack came meanwhile)
        lines = [t("export_changed", self.lang)]
        for case_id, changes in changed.items():
            lines.append(t("case_year", self.lang, case=case_id,
                           year=self.library.case(case_id)["year"] or "—"))
            lines += [f"  {change_text(c, db, self.lang)}" for c in changes]
        return lines

    def _may_overwrite(self, ids: list[int], folder: str) -> bool:
        """Asked, with 取消 the default, when drafts of the same names are in the folder
        already (they were replaced without a word; the wizard's own export asks)."""
        from desktop_app.core.batch import draft_path

        today = date.today()
        there = [p for p in (draft_path(i, self.library.case(i)["profile"], today, folder)
                             for i in ids) if p.exists()]
        if not there or not self.main.interactive:
            return True
        from desktop_app.gui.ask import Button, ask

        shown = "\n".join(p.name for p in there[:10]) + ("\n…" if len(there) > 10 else "")
        return ask(self, t("title", self.lang),
                   t("overwrite_ask", self.lang, n=len(there), names=shown),
                   [(Button.Cancel, t("cancel", self.lang)),
                    (Button.Yes, t("overwrite_yes", self.lang))],
                   default=Button.Cancel) == Button.Yes

    def import_roster(self, path: str | None = None) -> Any:
        """A roster into the library (each row assessed), with progress; bad rows listed."""
        from desktop_app.core.batch import run_batch
        from desktop_app.core.roster import RosterError

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, t("pick_roster", self.lang),
                                                  str(Path.home()),
                                                  t("roster_filter", self.lang))
            if not path:
                return None
        dialog = self._progress(t("importing", self.lang, n=0), 0)
        errors: list[str] = []

        def step(n: int) -> bool:
            if n % 25 == 0:
                dialog.setLabelText(t("importing", self.lang, n=n))
                QApplication.processEvents()
            return not dialog.wasCanceled()

        try:
            stats = run_batch(path, self._base(), date.today(), library=self.library,
                              on_row=lambda row: row.error and errors.append(row.error),
                              progress=step)
        except RosterError as exc:
            dialog.reset()
            self._info(str(exc))
            return None
        dialog.reset()
        self.reload()
        text = t("imported", self.lang, n=stats.stored, bad=stats.bad)
        if stats.cancelled:
            text += t("cancelled", self.lang)
        errors += stats.roster_notes  # columns with no name, not read
        errors += stats.store_notes  # rows of one firm and year: the library keeps the last
        errors += stats.unstored_notes  # rows with neither a name nor a code: not stored
        shown = errors[:30] + (["…"] if len(errors) > 30 else [])
        self._info("\n".join([text, *shown]))
        return stats

    def import_cases(self, paths: list[str] | None = None) -> None:
        if not paths:
            paths, _ = QFileDialog.getOpenFileNames(self, t("import", self.lang),
                                                    str(Path.home()),
                                                    t("case_filter", self.lang))
        if not paths:
            return
        results = self.library.import_files(paths, self._base(), replace=self._may_replace)
        self.reload()
        lines = [r.error for r in results if r.error]
        lines += [t("replaced", self.lang, file=Path(r.path).name, old=r.replaced)
                  for r in results if r.replaced]
        lines += [t("kept", self.lang, file=Path(r.path).name, old=r.kept)
                  for r in results if r.kept]
        done = sum(1 for r in results if r.case_id is not None)
        self._info("\n".join([t("imported_cases", self.lang, n=done), *lines]))

    def add_current(self) -> int | None:
        """The firm assessed in the wizard into the library, as a case the wizard then
        edits (as one opened from the list); its firm's case of the same year, if any, is
        replaced only as an imported file would be (_may_replace)."""
        from desktop_app.core.facts import ProfileError, validate_profile

        main = self.main
        if not main.answers:
            self._info(t("nothing_to_add", self.lang))
            return None
        try:
            profile = validate_profile(dict(main.answers), self._base())
        except ProfileError as exc:
            self._info(exc.line())
            return None
        meta = main.meta_to_save({k: v for k, v in main.case_meta.items()
                                  if k != "library_case"})
        got = self.library.take_in(profile, meta, main.application_json(),
                                   t("from_wizard", self.lang),
                                   replace=lambda it: self._may_replace(it, wizard=True))
        self.reload()
        if got.error:
            self._info(t("needs_identity", self.lang))
            return None
        if got.case_id is None:
            self._info(t("kept", self.lang, file=t("from_wizard", self.lang), old=got.kept))
            return None
        self._record(got.case_id, profile)
        self.reload()
        if self.editing is not None:
            self.library.release(self.editing)
        main.case_meta = dict(meta, library_case=got.case_id)
        self.editing = got.case_id
        self.library.claim(got.case_id)
        main.update_title()
        self.select_case(got.case_id)
        name = profile.get("company.name") or got.case_id
        lines = [t("added", self.lang, name=name, case=got.case_id)]
        if got.replaced:
            lines.append(t("replaced", self.lang, file=t("from_wizard", self.lang),
                           old=got.replaced))
        self._info("\n".join(lines))
        return got.case_id

    def _may_replace(self, it: Replacing, wizard: bool = False) -> bool:
        """Whether a file may push the library's case of its firm and year into the bin:
        asked, with keeping it the default, where the library's case changed after the file
        was saved (or the file does not say when) or is open here or in another window. (A
        re-imported older file undid a correction without a word, and the wizard went on
        writing into the case the bin now held.) `wizard`: the wizard's firm is the one
        taken in, not a file (there is no time it was saved)."""
        open_here = it.case_id == self.editing
        open_elsewhere = self.library.holder(it.case_id) is not None
        if not (it.newer or open_here or open_elsewhere):
            return True
        if not self.main.interactive:
            return False
        from desktop_app.gui.ask import Button, ask

        updated = it.updated.replace("T", " ")
        why = [t("replace_updated", self.lang, updated=updated) if wizard else
               t("replace_newer", self.lang, updated=updated,
                 saved=(it.saved_at or t("unknown_time", self.lang)).replace("T", " "))]
        if open_here or open_elsewhere:
            why.append(t("replace_open" if open_here else "replace_open_elsewhere", self.lang))
        text = t("replace_ask_wizard" if wizard else "replace_ask", self.lang,
                 file=Path(it.path).name, name=it.name or it.case_id, year=it.year or "",
                 why="\n".join(why))
        choice = ask(self, t("title", self.lang), text,
                     [(Button.No, t("replace_keep", self.lang)),
                      (Button.Yes, t("replace_yes_wizard" if wizard else "replace_yes",
                                     self.lang))], default=Button.No)
        if choice != Button.Yes:
            return False
        if open_here:  # the wizard must not go on writing into the binned case
            self.library.release(it.case_id)
            self.editing = None
            self.main.case_meta.pop("library_case", None)
            self.main.dirty = True  # (its answers are still offered on closing)
            self.main.update_title()
            self.main.statusBar().showMessage(t("detached", self.lang), 15000)
        return True

    def _base(self) -> ClauseDB:
        """The clause base in use, as the wizard has it: never one a pack imported or
        rolled back elsewhere has replaced since this window opened."""
        self.main.refresh_db()
        return self.main.db

    def use_database(self, db: ClauseDB) -> None:
        """Name the districts as `db` does (MainWindow.use_database: a pack was imported or
        rolled back); the district filter keeps its choice where the district remains."""
        chosen = self.district.currentData()
        self.model.set_db(db)
        self.district.blockSignals(True)
        while self.district.count() > 1:
            self.district.removeItem(1)
        for value in self.model.districts:
            self.district.addItem("", value)
        self.district.setCurrentIndex(max(self.district.findData(chosen), 0))
        self.district.blockSignals(False)
        self.retranslate()
        self.reload()

    def reassess(self) -> str:
        """Every case against the clause base in use; the changes, item by item."""
        from html import escape

        from desktop_app.core.caselib import change_text

        total = self.library.count()
        dialog = self._progress(t("reassessing", self.lang), total)

        def step(n: int, of: int) -> bool:
            if n % 50 == 0 or n == of:
                dialog.setValue(n)
                QApplication.processEvents()
            return not dialog.wasCanceled()

        db = self._base()
        results = self.library.reassess(db, None, progress=step)  # each case's own date
        dialog.reset()
        self.reload()
        changed = [r for r in results if r.changed]
        lang = self.lang
        if not changed:
            html = f"<p>{escape(t('changed_none', lang, n=len(results)))}</p>"
        else:
            parts = [f"<p>{escape(t('changed_head', lang, n=len(results), m=len(changed)))}</p>"]
            for r in changed:
                # the case and its year: one firm's two years looked the same
                where = t("case_year", lang, case=r.case_id, year=r.year or "—")
                parts.append(f"<h4>{escape(r.name or str(r.case_id))} "
                             f"<small>{escape(r.uscc or '')} · {escape(where)}</small></h4><ul>")
                shown, added, removed = r.notable()
                parts += [f"<li>{escape(change_text(c, db, lang))}</li>" for c in shown]
                if added:
                    parts.append(f"<li>{escape(t('new_not_applying', lang, n=added))}</li>")
                if removed:
                    parts.append(f"<li>{escape(t('removed_not_applying', lang, n=removed))}"
                                 "</li>")
                parts.append("</ul>")
            html = "".join(parts)
        from desktop_app.gui.dialogs import TextDialog

        # not modal: the consultant keeps the list open while opening the firms in it
        self.changes_dialog = TextDialog(t("changed_title", lang), html, lang, self)
        self.changes_dialog.show()
        return html

    # --- helpers -------------------------------------------------------------------------
    def _progress(self, label: str, maximum: int) -> QProgressDialog:
        dialog = QProgressDialog(label, t("cancel", self.lang), 0, maximum, self)
        dialog.setObjectName("progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)
        return dialog

    def _info(self, text: str) -> None:
        if self.main.interactive:
            QMessageBox.information(self, t("title", self.lang), text)
        self.last_message = text

    def _beat(self) -> None:
        import sqlite3

        try:
            self.library.heartbeat()
        except sqlite3.Error:
            # the library was closed (the application quitting; a test's teardown) while
            # this window lingers: nothing left to keep alive
            self.heartbeat.stop()
            return
        elsewhere = self.library.opened_elsewhere()
        if elsewhere != self.model.elsewhere:
            self.reload()

    def closeEvent(self, event) -> None:  # noqa: N802
        # the case stays open in the wizard; the lock goes when the main window closes
        event.accept()


def show_firms(main: Window) -> FirmsWindow | None:
    """The firms view of this main window (made on first use), shown and raised; None,
    with the reason told, when the library cannot be opened (a damaged file: nothing
    appeared, and the error went to a console a Windows user has not got)."""
    view = getattr(main, "firms_view", None)
    try:
        if view is None:
            view = FirmsWindow(main)
            main.firms_view = view
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(view.library.release_all)
        view.reload()
    except CaseLibraryError as exc:
        main._warn(t("unavailable", main.lang),
                   t("unavailable_text", main.lang, why=str(exc)))
        return None
    view.show()
    view.raise_()
    view.activateWindow()
    return view
