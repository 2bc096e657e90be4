"""POLICY_SELFCHECK_EXIT_AFTER_SHOW=1: quit as soon as the first window is on screen.

For the start-up benchmark and the bundle's smoke test: once the event loop has
started and a top-level window is visible, print "shown <seconds since the epoch>"
and leave the event loop with status 0. Without the variable this does nothing.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "POLICY_SELFCHECK_EXIT_AFTER_SHOW"


def requested() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def install() -> None:
    """Make QApplication.exec() quit right after the first visible window has been shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def report_when_shown(tries: int = 0) -> None:
        app = QApplication.instance()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if not shown and tries < 500:
            QTimer.singleShot(10, lambda: report_when_shown(tries + 1))
            return
        app.processEvents()  # let the first paint happen
        if sys.stdout is not None:
            print(f"shown {time.time():.6f}" if shown else "no window shown", flush=True)
        app.exit(0 if shown else 1)

    def exec_then_quit(*_args):
        QTimer.singleShot(0, report_when_shown)
        return original_exec()

    QApplication.exec = staticmethod(exec_then_quit)
