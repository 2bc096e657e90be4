"""Qt's own words (standard buttons, file dialogs, context menus) in the app's language.

Qt ships its translations as .qm files in PySide6's Qt/translations folder (Windows wheels:
PySide6/translations); packaging/spec_common.py keeps the Chinese and English ones in
the bundle, where they sit at the same place under sys._MEIPASS.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

QT_CATALOGUES = {"zh": "qtbase_zh_CN"}  # English is Qt's own language: nothing to load

_installed: list[QTranslator] = []
# QEvent.Type.LanguageChange by number: naming it makes PySide6 build the whole QEvent.Type
# enum (some 180 members, about 5 ms) on the way to the first window.
LANGUAGE_CHANGE = 89


def translation_dirs() -> list[Path]:
    """Where Qt's .qm files may be: beside the PySide6 package (wheel and bundle alike),
    else where Qt itself says."""
    import PySide6

    package = Path(PySide6.__file__).parent
    dirs = [package / "Qt" / "translations", package / "translations"]
    found = [d for d in dirs if d.is_dir()]
    if not found:
        from PySide6.QtCore import QLibraryInfo

        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        found = [qt_dir] if qt_dir.is_dir() else []
    return found


def install_qt_translation(lang: str) -> bool:
    """Make Qt's standard texts speak `lang`; True when a catalogue was loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    loaded = False
    name = QT_CATALOGUES.get(lang)
    for folder in translation_dirs() if name else []:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = True
            break
    # Qt posts a LanguageChange to every widget; delivered later, it would reset the labels
    # of a dialog made in between (gui/ask.py) to Qt's own "是 / 否": deliver it now.
    QCoreApplication.sendPostedEvents(None, LANGUAGE_CHANGE)
    return loaded
