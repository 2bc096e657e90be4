"""Where the bundled resources and the user's data live, frozen or not."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "PolicySelfCheck"
APP_AUTHOR = "PolicySelfCheck"


def resources_dir() -> Path:
    """The resources folder: inside the PyInstaller bundle, or beside the package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def clause_db_path() -> Path:
    return resource("clauses.sqlite")


def user_data_dir() -> Path:
    """The user's own data folder; POLICY_SELFCHECK_DATA overrides it (tests, portable use)."""
    override = os.environ.get("POLICY_SELFCHECK_DATA")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
