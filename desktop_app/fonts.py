"""The bundled Chinese font (an OFL subset of Noto Sans CJK SC), registered with Qt.

Qt is imported inside the functions so that importing this module stays cheap.
`register_fonts()` needs a QGuiApplication (or QApplication) to exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT_FILE = "NotoSansSC-Subset.ttf"
FALLBACK_FAMILIES = ["Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC",
                     "Source Han Sans SC", "SimHei", "SimSun", "Sans Serif"]

_family: str | None = None
_registered_with: int | None = None  # id() of the application the font was added to


def font_path() -> Path:
    from desktop_app.paths import resource

    return resource("fonts", FONT_FILE)


def register_fonts() -> str:
    """Load the bundled font into Qt's font database (once) and return its family name.

    Returns "" if the font file is missing or Qt refuses it, so callers can fall
    back to the system font instead of failing.
    """
    global _family, _registered_with
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        raise RuntimeError("register_fonts() needs a QGuiApplication")
    if _family is not None and _registered_with == id(app):
        return _family
    path = font_path()
    families: list[str] = []
    if path.is_file():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
    _family = families[0] if families else ""
    _registered_with = id(app)
    return _family


def app_font_family() -> str:
    """The bundled family if registered (registering it if needed), else a system CJK family."""
    family = register_fonts()
    if family:
        return family
    from PySide6.QtGui import QFontDatabase

    installed = set(QFontDatabase.families())
    return next((f for f in FALLBACK_FAMILIES if f in installed), "")


def app_font(point_size: float | None = None):
    """A QFont of the bundled family with CJK fallbacks; `point_size` if given."""
    from PySide6.QtGui import QFont

    font = QFont()
    family = register_fonts()
    if family:
        # The bundled family alone: for a character outside the subset (a rare one in a
        # firm's name) Qt falls back to the system's fonts by itself. Naming the fallbacks
        # too made Qt look each one up at the first text (on Linux fontconfig searches for
        # every family not installed): 4-6 ms of the first window, from source.
        font.setFamilies([family])
        # The subset carries no hinting instructions (its outlines are converted from
        # CFF), so where FreeType draws (Linux) "hinting" meant its auto-hinter analysing
        # every CJK glyph as it is first drawn: about 10 ms of the first window's paint,
        # with no visible difference on screen (compared side by side). Not on Windows:
        # there DirectWrite would switch to vertical hinting and fractional advances,
        # which can change text widths and line breaks, and nobody has looked at that.
        if not sys.platform.startswith("win"):
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    else:
        family = app_font_family()
        if family:
            font.setFamilies([family, *FALLBACK_FAMILIES])
    if point_size:
        font.setPointSizeF(point_size)
    return font
