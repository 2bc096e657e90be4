"""Start the wizard: QApplication set-up, `run_gui` (the command line's `gui`) and `main`."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop_app.exits import EXIT_BAD_INPUT, EXIT_FAILED
from desktop_app.gui.page_arg import PageError, page_index
from desktop_app.gui.strings import tr

SNAPSHOT_DELAY_MS = 1000  # after the first window: the user is reading it


def _quiet_messages(mode, context, message: str) -> None:
    """Qt's own messages, less the offscreen platform's noise about size hints."""
    if "propagateSizeHints" in message:
        return
    if sys.stderr is not None:
        print(message, file=sys.stderr)


def _app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_quiet_messages)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("PolicySelfCheck")
        app.setApplicationDisplayName(tr("app.title", "zh"))
        app.setOrganizationName("PolicySelfCheck")
        apply_icon(app)
    apply_font(app)
    return app


def apply_icon(app: QApplication) -> None:
    """The application's icon (every window's, unless it sets its own)."""
    from PySide6.QtGui import QIcon

    from desktop_app.paths import resource

    path = resource("icons", "policy-selfcheck.png")
    if path.is_file():
        app.setWindowIcon(QIcon(str(path)))


def apply_font(app: QApplication) -> str:
    """Use the bundled Chinese font (desktop_app.fonts) for the whole interface."""
    if app.property("policy_font") is not None:
        return app.property("policy_font")
    family = ""
    try:
        from desktop_app.fonts import app_font, app_font_family
    except ImportError:  # the font module is not there: keep the system font
        app_font = None
    if app_font is not None:
        try:
            family = app_font_family()
            size = max(app.font().pointSizeF(), 10.0)
            app.setFont(app_font(size))
        except Exception as exc:  # a broken font file must not keep the app from starting
            if sys.stderr is not None:
                print(f"font: {exc}", file=sys.stderr)
    app.setProperty("policy_font", family)
    return family


def page_id(win, page: str | None) -> int | None:
    """`intro`, `review`, `results`, a topic id, or the step number shown in the step list
    (the rules: gui/page_arg.py). Raises PageError, Chinese first."""
    topic_ids = [win.topic_pages[i].topic.topic_id for i in sorted(win.topic_pages)]
    return page_index(page, topic_ids)


def run_gui(case_file: str | None = None, page: str | None = None,
            screenshot: str | None = None, lang: str | None = None) -> int:
    """Open the wizard (optionally on a case file and a page); with `screenshot`, render
    the window to that PNG and exit without showing any dialog. Returns the exit status."""
    if lang is None and not screenshot:
        from desktop_app.gui.prefs import language

        lang = language()  # the language chosen last time
    lang = lang or "zh"
    if screenshot and QApplication.instance() is None:
        # A screenshot is rendered, never shown: it needs no display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _app()
    from desktop_app.core import base_snapshot

    # The first window does not wait for the clause base's snapshot: it is written once
    # the window is up, and at the latest when this returns.
    base_snapshot.hold()
    try:
        return _open(app, case_file, page, screenshot, lang)
    finally:
        base_snapshot.release()


def _open(app: QApplication, case_file: str | None, page: str | None,
          screenshot: str | None, lang: str) -> int:
    from desktop_app.core import base_snapshot
    from desktop_app.core.clausedb import ClauseDBError, default_db
    from desktop_app.core.facts import ProfileError

    try:
        db = default_db()
    except ClauseDBError as exc:
        if screenshot:
            print(f"错误 error: {exc}", file=sys.stderr)
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, tr("app.title", lang), str(exc))
        return 1

    from desktop_app.gui.window import MainWindow

    win = MainWindow(db, lang=lang, interactive=not screenshot)
    try:
        target = page_id(win, page)
    except PageError as exc:
        print(f"错误 error: --page: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    if screenshot:
        if case_file:
            from desktop_app.core.case_file import read_case

            try:
                read_case(case_file)
            except ProfileError as exc:
                print(exc.line(), file=sys.stderr)
                return EXIT_BAD_INPUT
            win.open_case(case_file, goto=target if target is not None else 0)
        elif target:
            win.goto_page(target)
        return grab(win, app, screenshot)

    win.show()
    QTimer.singleShot(SNAPSHOT_DELAY_MS, base_snapshot.release)  # (or run_gui's finally)
    open_start_file(win, case_file, target)
    QTimer.singleShot(0, lambda: say_if_pack_unreadable(win, lang))
    return app.exec()


def say_if_pack_unreadable(win, lang: str) -> bool:
    """Tell the user when the imported pack could not be read and the bundled base serves
    (its amounts must not pass for the pack's unsaid); whether it was said."""
    from desktop_app.core.clausedb import fallback_warning

    if not fallback_warning():
        return False
    win._warn(tr("pack.fallback_title", lang), tr("pack.fallback", lang))
    return True


def is_pack(path: str | None) -> bool:
    """A policy pack (.pspack), as the installer's file association passes one."""
    from desktop_app.core.pack_state import SUFFIX

    return bool(path) and path.lower().endswith(SUFFIX)


def open_start_file(win, case_file: str | None, target: int | None) -> None:
    """After the window is shown: the offer to resume an unsaved session, then what the
    start was given. A pack (a double-clicked .pspack) opens the import dialog, the
    answers left as they are; a case file opens unless a session was resumed."""
    resumed = win.offer_resume()
    if is_pack(case_file):
        from desktop_app.gui.pack_menu import open_pack_dialog

        if target is not None and not resumed:
            win.goto_page(target)
        open_pack_dialog(win, case_file)
    elif not resumed:
        if case_file:
            win.open_case(case_file, goto=target)
        elif target is not None:
            win.goto_page(target)


def grab(win, app: QApplication, out: str) -> int:
    """Render the window, laid out but never shown on screen, to a PNG."""
    from PySide6.QtCore import Qt

    win.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    win.resize(1040, 740)
    win.show()
    for _ in range(3):
        app.processEvents()
    image = win.grab()
    win.close()
    return save_png(image, out)


def save_png(image, out: str) -> int:
    """Encode in memory, then the atomic writer: a full disk or a bad name is one line and
    status 1, and an earlier file stays whole (Qt's own file writing hides failures)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from desktop_app.core.atomic import write_bytes_atomic
    from desktop_app.core.textfile import shown_path

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    encoded = image.save(buf, "PNG")
    buf.close()
    try:
        if not encoded:
            raise OSError("the image could not be encoded as PNG")
        write_bytes_atomic(out, data.data())
    except OSError as exc:
        print(f"错误 error: cannot write {shown_path(out)}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_FAILED
    return 0
