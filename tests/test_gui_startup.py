"""What the wizard does before its first window is up (benchmarks/bench_bundle.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Runs in a new process: pytest-qt's own application has long since loaded everything.
PROBE = r"""
import json, sys
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QApplication

def report():
    app = QApplication.instance()
    app.processEvents()  # the first paint
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    win = shown[0]
    items_read = win.db._items is not None
    relevance_known = win._relevant is not None
    modules_at_paint = sorted(m for m in sys.modules
                              if m.startswith("desktop_app.") or m == "datetime")
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    deadline = QDeadlineTimer(5000)
    while win._relevant is None and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    print(json.dumps({
        "items_read": items_read,
        "relevance_known": relevance_known,
        "relevance_later": win._relevant is not None,
        "modules_at_paint": modules_at_paint,
        "steps_later": win.steps.count(),
        "shown": len(shown),
        "qt_namespace": "Qt" in vars(QtCore),
        "modules": sorted(m for m in sys.modules
                          if m.startswith(("desktop_app.gui.", "desktop_app.export",
                                           "desktop_app.core."))
                          or m in ("html", "sqlite3", "dataclasses")),
        "built": [p.topic.topic_id for p in win.topic_pages.values() if p.built],
        "results_page": win._results is not None,
        "steps": win.steps.count(),
        "wizard_embedded": not win.wizard.isWindow() and win.wizard.isVisible(),
        "icon": not app.windowIcon().isNull(),
    }))
    return 0

QApplication.exec = staticmethod(report)
from desktop_app.gui.app import run_gui
sys.exit(run_gui())
"""


def _starts(tmp_path, n: int) -> list[dict]:
    """What PROBE saw at each of n starts with one data folder (the first verifies the
    base and keeps its snapshot, later ones read that)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               POLICY_SELFCHECK_DATA=str(tmp_path / "data"))
    runs = []
    for _ in range(n):
        proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                              timeout=60, env=env)
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return runs


def test_first_window_builds_only_the_first_page(tmp_path, db):
    seen = _starts(tmp_path, 1)[0]
    assert seen["shown"] == 1 and seen["icon"] and seen["wizard_embedded"]
    from desktop_app.core.topics import topics_in_use

    # welcome, the topics some item reads, review, results
    assert seen["steps"] == len(topics_in_use(db)) + 3
    # topic questions are made on the first visit, the results page on the way to it
    assert seen["built"] == [] and not seen["results_page"]
    assert not {"desktop_app.gui.results", "desktop_app.gui.dialogs", "desktop_app.gui.fields",
                "desktop_app.export", "html"} & set(seen["modules"]), seen["modules"]
    # PySide6 builds its Qt namespace (some 90 enum types, ~10 ms) on first use: nothing
    # the first window needs may name it (pages.set_properties sets such values by number)
    assert not seen["qt_namespace"], "something on the way to the first window uses Qt.*"


def test_a_second_start_reads_the_verified_base_and_puts_nothing_into_words(tmp_path):
    """The relevance pass after the first paint evaluates items but puts nothing into
    words: the reasons and the report's classes wait for the results page; from the second
    start on, the clause base comes from its snapshot (core/base_snapshot.py), without
    SQLite or json."""
    runs = [set(seen["modules"]) for seen in _starts(tmp_path, 2)]
    # (dataclasses: the evaluation's records are plain slotted classes, verdicts.py)
    later = {"desktop_app.core.report", "desktop_app.core.explain", "desktop_app.core.assess",
             "dataclasses"}
    assert "desktop_app.core.rules" in runs[0] and not later & runs[0], sorted(runs[0])
    assert "sqlite3" in runs[0]  # the first start verifies the base
    assert "sqlite3" not in runs[1] and "desktop_app.core.clausedb" in runs[1]
    # the snapshot keeps the cells decoded: no JSON is read at all (no pack, no autosave)
    assert "json" not in runs[1], sorted(runs[1])


def test_the_first_window_reads_no_item_and_works_out_relevance_after_painting(tmp_path, db):
    """Relevance (which topics still matter) reads every item: with a 5,000-item pack that
    is most of the first window's time, so it runs just after the first paint, and a start
    from the snapshot reads no item before then (window.RELEVANCE_DELAY_MS)."""
    from desktop_app.core.topics import topics_in_use

    second = _starts(tmp_path, 2)[1]
    assert not second["items_read"] and not second["relevance_known"]
    # nor is the evaluator loaded before then (core/topics.py gives the pages without it)
    evaluator = {"desktop_app.core.relevance", "desktop_app.core.rules",
                 "desktop_app.core.amounts", "desktop_app.core.logic",
                 "desktop_app.core.editions", "datetime"}
    assert not evaluator & set(second["modules_at_paint"]), second["modules_at_paint"]
    assert "desktop_app.core.rules" in second["modules"]  # loaded for the pass after it
    assert second["relevance_later"]
    # with nothing answered every topic in use is still needed: no step changes afterwards
    assert second["steps"] == second["steps_later"] == len(topics_in_use(db)) + 3
