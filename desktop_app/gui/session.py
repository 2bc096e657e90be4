"""The user's session files: the autosave and the recent-cases list (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_text_atomic
from desktop_app.core.case_file import read_case, write_case
from desktop_app.core.facts import ProfileError
from desktop_app.paths import user_data_dir

AUTOSAVE = "autosave.json"
RECENT = "recent.json"
MAX_RECENT = 8


def autosave_path() -> Path:
    return user_data_dir() / AUTOSAVE


def write_autosave(profile: dict[str, Any], meta: dict[str, Any],
                   application: dict[str, Any] | None = None) -> None:
    write_case(autosave_path(), profile, meta, application)


def read_autosave() -> dict[str, Any] | None:
    """The autosaved case, or None when there is none worth offering."""
    path = autosave_path()
    if not path.is_file():
        return None
    try:
        case = read_case(path)
    except ProfileError:
        return None
    return case if case["profile"] else None


def clear_autosave() -> None:
    autosave_path().unlink(missing_ok=True)


def recent_cases() -> list[str]:
    """Recently opened or saved case files, newest first, those still present."""
    try:
        data = json.loads((user_data_dir() / RECENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [p for p in data if isinstance(p, str) and Path(p).is_file()][:MAX_RECENT]


def add_recent(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_cases() if p != path]
    paths = paths[:MAX_RECENT]
    write_text_atomic(user_data_dir() / RECENT, json.dumps(paths, ensure_ascii=False, indent=1))
    return paths
