"""帮助 → 条款库 → 导入更新包…: pick a policy pack, verify it, show what it changes, install.

A thin layer over desktop_app.core.packs: the checks, the diff and the install are the
core's, the same as `policy-selfcheck packs import`. Nothing is installed until the user
presses Install, and the default button is Cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import packs
from desktop_app.core.clausedb import default_db

TEXT = {
    "title": ("导入条款库更新包", "Import a clause base update pack"),
    "intro": ("更新包（.pspack）由政策发布方签名。导入前会核对签名、内容和自带的测试案例，"
              "并列出与现用条款库的差异；确认后才安装，可随时回退。",
              "An update pack (.pspack) is signed by its publisher. Before anything is "
              "installed its signature, content and own test cases are checked and its "
              "differences from the clause base in use are listed; it can be rolled back."),
    "choose": ("选择文件(&F)…", "Choose &file…"),
    "filter": ("条款库更新包 (*.pspack)", "Policy packs (*.pspack)"),
    "none": ("尚未选择文件。", "No file chosen yet."),
    "downgrade": ("允许安装比现用版本旧的更新包", "Allow a pack older than the one in use"),
    "install": ("安装(&N)", "I&nstall"),
    "cancel": ("取消", "Cancel"),
    "close": ("关闭", "Close"),
    "ok": ("已核验：版本 {version}，{items} 条条款，{cases} 个测试案例全部通过；"
           "签名密钥 {fp}（{origin}）。",
           "Verified: version {version}, {items} items, all {cases} test cases pass; "
           "signed by {fp} ({origin})."),
    "bundled": ("随程序提供", "bundled"),
    "user": ("用户添加", "added by you"),
    "checking": ("正在核验签名、内容和自带的测试案例…",
                 "Checking the signature, the content and the pack's own test cases…"),
    "refused": ("不能导入：{why}", "Refused: {why}"),
    "same": ("此更新包已在使用，无需安装。", "This pack is already in use."),
    "done": ("已安装更新包 {version}。此后的评估和导出均使用新条款库；企业库中的案例可用"
             "“重新评估全部”按新条款库重新评估。"
             "如需恢复，可用 帮助 → 条款库 → 回退到上一个条款库。",
             "Pack {version} installed. Assessments and exports now use it; \"Reassess "
             "all\" in the firms library reassesses the stored firms. Help → Clause base → "
             "Roll back returns to the previous one."),
}


def _t(key: str, lang: str, **params: Any) -> str:
    text = TEXT[key][0 if lang == "zh" else 1]
    return text.format(**params) if params else text


class _CheckSignals(QObject):
    done = Signal(object)


class _CheckWorker(QRunnable):
    """Verifies a pack, runs its cases and diffs it against the base in use, off the
    interface thread. Reports ("ok", pack, diff, key origin), ("same", pack) or
    ("refused", PackError)."""

    def __init__(self, path: Path, allow_downgrade: bool):
        super().__init__()
        self.path, self.allow_downgrade = path, allow_downgrade
        self.signals = _CheckSignals()

    def run(self) -> None:
        try:
            pack = packs.verify_pack(self.path)
            if packs.is_in_use(pack):
                self.signals.done.emit(("same", pack))
                return
            packs.check_import(pack, pack.db, self.allow_downgrade)
            diff = packs.diff_dbs(default_db(), pack.db)
            origin = packs.trusted_keys()[pack.manifest["key_fingerprint"]][1]
        except packs.PackError as exc:
            self.signals.done.emit(("refused", exc))
        except Exception as exc:  # a bug must not leave the dialog waiting for ever
            self.signals.done.emit(("refused", packs.PackError(f"{type(exc).__name__}: {exc}")))
        else:
            self.signals.done.emit(("ok", pack, diff, origin))


class PackDialog(QDialog):
    """Choose → verify → read the diff → Install. Emits `installed` with the new database."""

    installed = Signal(object)
    checked = Signal(bool)  # a check has ended: True when the pack may be installed

    def __init__(self, lang: str = "zh", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pack_dialog")
        self.lang = lang
        self.pack: packs.Pack | None = None
        self.setWindowTitle(_t("title", lang))
        intro = QLabel(_t("intro", lang))
        intro.setWordWrap(True)
        self.choose = QPushButton(_t("choose", lang))
        self.choose.setObjectName("choose")
        self.choose.setAutoDefault(True)  # Enter on it, focused, picks (not Cancel)
        self.choose.clicked.connect(self.pick)
        self.file_label = QLabel(_t("none", lang))
        self.file_label.setObjectName("file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.file_label, 1)
        self.downgrade = QCheckBox(_t("downgrade", lang))
        self.downgrade.setObjectName("downgrade")
        self.downgrade.toggled.connect(self._recheck)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)  # busy: a large pack takes seconds to check
        self.progress.setTextVisible(False)
        self.progress.hide()
        self._worker: _CheckWorker | None = None
        self.diff = QPlainTextEdit()
        self.diff.setObjectName("diff")
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.buttons = QDialogButtonBox()
        self.install_button = self.buttons.addButton(_t("install", lang),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.install_button.setObjectName("install")
        self.install_button.setEnabled(False)
        self.install_button.setAutoDefault(False)
        self.cancel_button = self.buttons.addButton(_t("cancel", lang),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setDefault(True)  # Enter never installs by accident
        self.install_button.clicked.connect(self.install)
        self.cancel_button.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(row)
        box.addWidget(self.downgrade)
        box.addWidget(self.status)
        box.addWidget(self.progress)
        box.addWidget(self.diff, 1)
        box.addWidget(self.buttons)
        self.resize(680, 520)

    def pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("title", self.lang), str(Path.home()),
                                              _t("filter", self.lang))
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        """Check the pack off the interface thread; `checked` tells when it is done."""
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        self._recheck()

    def _recheck(self) -> None:
        if not getattr(self, "path", None):
            return
        self.pack = None
        self.install_button.setEnabled(False)
        self.choose.setEnabled(False)
        self.downgrade.setEnabled(False)
        self.diff.clear()
        self._show(_t("checking", self.lang), ok=True)
        self.progress.show()
        worker = _CheckWorker(self.path, self.downgrade.isChecked())
        worker.signals.done.connect(self._checked)
        self._worker = worker  # kept until it reports
        QThreadPool.globalInstance().start(worker)

    def _checked(self, outcome: tuple) -> None:
        self._worker = None
        self.progress.hide()
        self.choose.setEnabled(True)
        self.downgrade.setEnabled(True)
        kind = outcome[0]
        if kind == "refused":
            self._show(_t("refused", self.lang, why=outcome[1].text(self.lang)), ok=False)
        elif kind == "same":
            self._show(_t("same", self.lang), ok=False)
        else:
            _, pack, diff, origin = outcome
            fp = pack.manifest["key_fingerprint"]
            self._show(_t("ok", self.lang, version=pack.version, items=len(pack.db.items),
                          cases=len(pack.cases), fp=packs.grouped(fp),
                          origin=_t(origin, self.lang)), ok=True)
            self.diff.setPlainText(packs.diff_text(diff))
            self.pack = pack
            self.install_button.setEnabled(True)
        self.checked.emit(self.pack is not None)

    def _show(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("ok", ok)
        self.status.setStyleSheet("" if ok else "color: #b00020;")

    def install(self) -> None:
        if self.pack is None:
            return
        try:
            entry = packs.install(self.pack)
        except OSError as exc:
            self._show(_t("refused", self.lang, why=exc), ok=False)
            return
        self.installed.emit(default_db())
        self._show(_t("done", self.lang, version=entry["pack_version"]), ok=True)
        self.install_button.setEnabled(False)
        self.cancel_button.setText(_t("close", self.lang))

