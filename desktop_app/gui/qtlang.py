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


class MnemonicFallback(QTranslator):
    """Qt 6.11 gave some of its own labels a mnemonic ("&Look in:", "Files of &type:" in
    the file dialog) that the qtbase_zh_CN catalogue it ships knows only without one, so
    they stayed English. Installed before the catalogue, this is asked only when the
    catalogue has no answer: it looks the words up without the "&" and adds the key back
    the Chinese way, "查找范围(&L)："."""

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication):
        super().__init__(parent)
        self.catalogue = catalogue

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:  # type: ignore[override]
        at = source.find("&")
        if at < 0 or at + 1 >= len(source) or source[at + 1] in "& ":
            return ""
        text = self.catalogue.translate(context, source[:at] + source[at + 1:],
                                        disambiguation, n)
        if not text or "&" in text:
            return text or ""
        key = f"(&{source[at + 1].upper()})"
        if text[-1] in ":：":
            return text[:-1] + key + text[-1]
        return text + key

    def isEmpty(self) -> bool:  # noqa: N802
        return False


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
            fallback = MnemonicFallback(translator, app)  # asked after the catalogue
            for one in (fallback, translator):
                app.installTranslator(one)
                _installed.append(one)
            loaded = True
            break
    # Qt posts a LanguageChange to every widget; delivered later, it would reset the labels
    # of a dialog made in between (gui/ask.py) to Qt's own "是 / 否": deliver it now.
    QCoreApplication.sendPostedEvents(None, LANGUAGE_CHANGE)
    return loaded
