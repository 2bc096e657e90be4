"""What the wizard remembers across restarts: the language and the last folder used.

A QSettings INI file in the user data folder (POLICY_SELFCHECK_DATA overrides it), not
the registry or ~/.config: the user's data stays in one place, and tests stay apart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop_app.paths import user_data_dir

FILE = "settings.ini"
LANGS = ("zh", "en")


def settings() -> QSettings:
    return QSettings(str(user_data_dir() / FILE), QSettings.Format.IniFormat)


def language() -> str | None:
    value = settings().value("language")
    return value if value in LANGS else None


def set_language(lang: str) -> None:
    s = settings()
    s.setValue("language", lang)
    s.sync()


def last_folder() -> str | None:
    value = settings().value("last_folder")
    return value if isinstance(value, str) and value and Path(value).is_dir() else None


def set_last_folder(folder: str) -> None:
    s = settings()
    s.setValue("last_folder", folder)
    s.sync()
