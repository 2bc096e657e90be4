"""`policy-selfcheck gui ... --screenshot` as a separate process, and the page argument."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from gui_helpers import EXAMPLES

from desktop_app.core.case_file import write_case

CASE = EXAMPLES / "mentougou-ai-and-data.json"


def _run(args, tmp_path, **env):
    environ = dict(os.environ, POLICY_SELFCHECK_DATA=str(tmp_path / "data"), **env)
    return subprocess.run([sys.executable, "-m", "desktop_app", "gui", *args],
                          capture_output=True, text=True, timeout=60, env=environ)


def test_screenshot_of_results(tmp_path):
    out = tmp_path / "shots" / "out.png"
    # an autosave is waiting: screenshot mode must not ask about it (nor touch it)
    autosave = tmp_path / "data" / "autosave.json"
    write_case(autosave, {"company.district": "haidian"}, {"dirty": True})
    proc = _run([str(CASE), "--page", "results", "--screenshot", str(out)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert autosave.is_file()


@pytest.mark.parametrize("page", ["intro", "2", "ai", "review"])
def test_screenshot_pages_and_english(tmp_path, page):
    out = tmp_path / "p.png"
    proc = _run([str(CASE), "--page", page, "--lang", "en", "--screenshot", str(out)],
                tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_bad_case_and_bad_page_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    proc = _run([str(bad), "--screenshot", str(tmp_path / "x.png")], tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = _run([str(CASE), "--page", "99", "--screenshot", str(tmp_path / "x.png")], tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_page_numbers_follow_the_step_list(qtbot, db):
    from gui_helpers import make_window

    from desktop_app.gui.app import page_id

    win = make_window(qtbot, db)
    assert page_id(win, "intro") == 0
    assert page_id(win, "1") == 0
    assert page_id(win, "2") == win.topic_page_id("basics")
    assert page_id(win, "results") == win.results_id
    assert win.steps.item(1).text().strip().startswith("2.")


def test_page_rules_are_one_qt_free_place_with_chinese_first_messages(qtbot, db):
    from gui_helpers import make_window

    from desktop_app.gui.app import page_id
    from desktop_app.gui.page_arg import PageError, page_index

    win = make_window(qtbot, db)
    topics = [win.topic_pages[i].topic.topic_id for i in sorted(win.topic_pages)]
    for page in ("intro", "review", "results", "3", "ai", " Results "):
        assert page_id(win, page) == page_index(page, topics)
    assert page_index("review", topics) == win.review_id
    with pytest.raises(PageError, match=r"^页码应为1至\d+.*page number must be"):
        page_id(win, "99")
    with pytest.raises(PageError, match=r"^未知的页面“nowhere”"):
        page_id(win, "nowhere")
