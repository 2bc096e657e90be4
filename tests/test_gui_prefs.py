"""The language and the last folder are remembered across restarts (gui/prefs.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from gui_helpers import make_window

from desktop_app.gui import prefs

# A new process, as a restart: what language and folder does the next window start with?
PROBE = r"""
import json, sys
from PySide6.QtWidgets import QApplication

def report():
    win = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main"][0]
    print(json.dumps({"lang": win.lang, "folder": win.last_folder,
                      "menu": win.file_menu.title()}))
    return 0

QApplication.exec = staticmethod(report)
from desktop_app.gui.app import run_gui
sys.exit(run_gui())
"""


def _restart(data):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POLICY_SELFCHECK_DATA=str(data))
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_language_and_folder_survive_a_restart(qtbot, db, tmp_path):
    data = os.environ["POLICY_SELFCHECK_DATA"]
    assert _restart(data)["lang"] == "zh"  # first start: Chinese
    win = make_window(qtbot, db)
    win.set_language("en")
    win.last_folder = str(tmp_path)
    assert prefs.language() == "en" and prefs.last_folder() == str(tmp_path)
    again = _restart(data)
    assert again == {"lang": "en", "folder": str(tmp_path), "menu": "&File"}
    win.set_language("zh")
    assert _restart(data)["lang"] == "zh"


def test_a_folder_that_is_gone_is_forgotten(qtbot, db, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    prefs.set_last_folder(str(gone))
    gone.rmdir()
    assert prefs.last_folder() is None
    assert make_window(qtbot, db).last_folder is None
