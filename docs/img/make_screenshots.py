"""Regenerate the GUI screenshots of docs/GUI.md (headless; uses the bundled font only).

    .venv/bin/python docs/img/make_screenshots.py

Each picture is rendered by `policy-selfcheck gui CASE --page P --screenshot OUT` and
then reduced to a 256-colour PNG so that each stays well under 300 KB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASE = ROOT.parent / "shared" / "acceptance" / "examples" / "mentougou-ai-and-data.json"
SHOTS = [  # file, page, extra environment
    ("gui-welcome.png", "intro", {}),
    ("gui-topic-ai.png", "ai", {}),
    ("gui-results.png", "results", {}),
    ("gui-results-150.png", "results", {"QT_SCALE_FACTOR": "1.5"}),
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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   POLICY_SELFCHECK_DATA=str(Path(tmp) / "data"))
        if sys.platform.startswith("linux"):  # no system CJK font: the bundled one must do
            conf = Path(tmp) / "fonts.conf"
            conf.write_text(FONTS_CONF.format(cache=Path(tmp) / "fc"), encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        for name, page, extra in SHOTS:
            out = HERE / name
            subprocess.run([sys.executable, "-m", "desktop_app", "gui", str(CASE), "--page",
                            page, "--screenshot", str(out)], env={**env, **extra}, check=True)
            reduce(out)
            print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
