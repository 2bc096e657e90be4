"""What the pages need of the window that holds them, as a Protocol.

The pages (pages.py, results.py and the boxes they show) are typed against `Host`, not
against `window.MainWindow`: the window imports the pages, the pages never import the
window, and there is no import circle between them (tests/test_gui_imports.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget, QWizard

    from desktop_app.core.application import Application
    from desktop_app.core.clausedb import ClauseDB
    from desktop_app.gui.fields import Question


class Host(Protocol):
    db: ClauseDB
    lang: str
    answers: dict[str, Any]
    relevant: set[str]
    wizard: QWizard
    last_folder: str | None

    @property
    def application(self) -> Application: ...

    def changed(self, reassess: bool = True) -> None: ...

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
