"""Regenerate the GUI screenshots of docs/GUI.md (uses the bundled font only).

    .venv/bin/python docs/img/make_screenshots.py [--xvfb :94]

Each offscreen picture is rendered by `policy-selfcheck gui CASE --page P --screenshot OUT`.
With --xvfb DISPLAY (an X server already running there, e.g. `Xvfb :94 -screen 0
1366x768x24`), the wizard is also started for real on that display at 1366×768 and the
whole screen is captured with ImageMagick's `import`: what a user sees on a small laptop.
Every picture is reduced to a 256-colour PNG so that each stays well under 300 KB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASE = ROOT.parent / "shared" / "acceptance" / "examples" / "mentougou-ai-and-data.json"
SCALE_150 = {"QT_SCALE_FACTOR": "1.5"}
SHOTS = [  # file, page, language, extra environment; "cards": results, scrolled to the cards
    ("gui-welcome.png", "intro", "zh", {}),
    ("gui-topic-ai.png", "ai", "zh", {}),
    ("gui-results.png", "results", "zh", {}),
    ("gui-results-en.png", "cards", "en", {}),
    ("gui-results-150.png", "cards", "zh", SCALE_150),
    ("gui-results-en-150.png", "results", "en", SCALE_150),
]
# The results page scrolled so that its first cards show under the totals (the boxes above
# them fill the first screen): the wizard's own screenshot path, one scroll added.
CARDS = """
import sys
from PySide6.QtCore import Qt
from desktop_app.core.clausedb import default_db
from desktop_app.gui.app import _app, save_png
from desktop_app.gui.window import MainWindow
case, lang, out = sys.argv[1:4]
app = _app()
win = MainWindow(default_db(), lang=lang, interactive=False)
win.open_case(case, goto=win.results_id)
win.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
win.resize(1040, 740)
win.show()
for _ in range(3):
    app.processEvents()
page = win.results
card = page.card(page.visible_results()[0].item_id)
page.scroll.verticalScrollBar().setValue(card.y() - 6)
app.processEvents()
sys.exit(save_png(win.grab(), out))
"""
X11_SHOTS = [  # on a real X server, 1366×768
    ("gui-x11-results.png", "results", "zh", {}),
    ("gui-x11-results-en-150.png", "results", "en", SCALE_150),
]
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def reduce(path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.ColorOnly
    small = image.convertToFormat(QImage.Format.Format_Indexed8, flags)
    reduced = path.with_suffix(".tmp.png")
    small.save(str(reduced), "PNG", 0)
    if reduced.stat().st_size < path.stat().st_size:
        reduced.replace(path)
    else:
        reduced.unlink()


def x11_shot(display: str, out: Path, page: str, lang: str, env: dict[str, str]) -> None:
    """Start the wizard on `display`, wait for its window, capture the screen, close it."""
    env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "gui", str(CASE), "--page",
                             page, "--lang", lang], env=env)
    try:
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                        "政策自评助手|Policy Self-Check"], env=env, check=True, timeout=60,
                       capture_output=True)
        time.sleep(1.5)  # the page drawn, the focus placed
        subprocess.run(["import", "-window", "root", "-display", display, str(out)], check=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xvfb", metavar="DISPLAY", help="also capture on this X display")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   POLICY_SELFCHECK_DATA=str(Path(tmp) / "data"))
        if sys.platform.startswith("linux"):  # no system CJK font: the bundled one must do
            conf = Path(tmp) / "fonts.conf"
            conf.write_text(FONTS_CONF.format(cache=Path(tmp) / "fc"), encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        made = []
        for name, page, lang, extra in SHOTS:
            out = HERE / name
            command = [sys.executable, "-c", CARDS, str(CASE), lang, str(out)] \
                if page == "cards" else \
                [sys.executable, "-m", "desktop_app", "gui", str(CASE), "--page", page,
                 "--lang", lang, "--screenshot", str(out)]
            subprocess.run(command, env={**env, **extra}, check=True, cwd=ROOT)
            made.append(out)
        if args.xvfb:
            for name, page, lang, extra in X11_SHOTS:
                out = HERE / name
                x11_shot(args.xvfb, out, page, lang, {**env, **extra,
                         "POLICY_SELFCHECK_DATA": str(Path(tmp) / f"x11-{name}")})
                made.append(out)
        for out in made:
            reduce(out)
            print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
