"""What the pages need of the window that holds them, as a Protocol.

The pages (pages.py, results.py and the boxes they show) are typed against `Host`, not
against `window.MainWindow`, and so are the firms view and the packs menu (`Window`): the
window imports them, they never import the window, and there is no import circle
(tests/test_gui_imports.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QStatusBar, QWidget, QWizard

    from desktop_app.core.application import Application
    from desktop_app.core.clausedb import ClauseDB
    from desktop_app.gui.fields import Question


class Host(Protocol):
    db: ClauseDB
    unsure: set[str]
    lang: str
    answers: dict[str, Any]
    relevant: set[str]
    wizard: QWizard
    last_folder: str | None

    @property
    def application(self) -> Application: ...

    def changed(self, reassess: bool = True) -> None: ...

    def exported(self, path: str) -> None: ...

    def question_changed(self, q: Question) -> None: ...

    def shown_value(self, fact_id: str) -> Any: ...

    def show_glossary(self, terms: list[str] | None) -> None: ...

    def topic_page_id(self, topic_id: str) -> int: ...

    def goto_fact(self, fact_id: str) -> None: ...

    def change_topic(self, page_id: int) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


class ResultsHost(Protocol):
    """What the results page's boxes (claim_edit.py) need of the page."""

    db: ClauseDB
    win: Host
    inner: QWidget

    def show_totals(self) -> None: ...


class Window(Host, Protocol):
    """What the firms view (firms.py) and the packs menu (pack_menu.py, pack_dialog.py)
    need of the main window: load a case into it, follow its edits, swap its clause base."""

    interactive: bool
    case_path: str | None
    case_meta: dict[str, Any]
    dirty: bool
    review_id: int
    results_id: int
    autosave_timer: QTimer
    help_menu: QMenu
    act_import_pack: QAction
    _results: Any  # the results page, once built

    def load_profile(self, profile: dict[str, Any], meta: dict[str, Any] | None = None
                     ) -> list[str]: ...

    def meta_to_save(self, meta: dict[str, Any]) -> dict[str, Any]: ...

    def set_application(self, data: Any) -> str | None: ...

    def application_json(self) -> dict[str, Any] | None: ...

    def goto_page(self, page_id: int) -> None: ...

    def update_title(self) -> None: ...

    def use_database(self, db: ClauseDB) -> None: ...

    def refresh_db(self) -> None: ...

    def _confirm_discard(self) -> bool: ...

    def _warn(self, title: str, text: str) -> None: ...

    def windowTitle(self) -> str: ...  # noqa: N802 (Qt's names)

    def raise_(self) -> None: ...

    def activateWindow(self) -> None: ...  # noqa: N802
