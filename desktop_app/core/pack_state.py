"""Which imported policy pack is in use: the state file in the data folder and the path of
the pack's database. Kept apart from core/packs.py (verify, install, diff) because every
start-up asks it, and this needs no more than pathlib (json only when a pack is
installed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SUFFIX = ".pspack"


def packs_dir() -> Path:
    from desktop_app.paths import user_data_dir

    return user_data_dir() / "packs"


def _state_path() -> Path:
    return packs_dir() / "state.json"


def read_state() -> dict[str, Any]:
    try:
        text = _state_path().read_text(encoding="utf-8")
        import json  # here: with no pack installed (no file), a start reads no JSON at all

        state = json.loads(text)
    except (OSError, ValueError):
        return {"history": []}
    if not isinstance(state, dict) or not isinstance(state.get("history"), list):
        return {"history": []}
    # Entries this version cannot read are left out (a damaged file means: bundled base).
    state["history"] = [e for e in state["history"] if isinstance(e, dict)
                        and {"pack_version", "clause_db_version", "file", "db",
                             "db_size"} <= e.keys()]
    return state


def state_unreadable() -> bool:
    """Whether a state file is there but cannot be read: the imports it listed are lost to
    this start, and the bundled base serves (which the user must be told)."""
    try:
        path = _state_path()
    except OSError:  # no data folder to be had (a file in its place): no pack was imported
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    import json

    try:
        state = json.loads(text)
    except ValueError:
        return True
    return not isinstance(state, dict) or not isinstance(state.get("history"), list)


def current() -> dict[str, Any] | None:
    """The installed pack in use (its state entry), or None: the bundled database is."""
    history = read_state()["history"]
    return history[-1] if history else None


def installed_db_path() -> Path | None:
    """The database of the pack in use, when one is installed and its file is whole.

    Cheap (no signature check, no cryptography import): called at every start-up.
    """
    entry = current()
    if not entry:
        return None
    try:
        path = packs_dir() / entry["db"]
        if path.stat().st_size != entry["db_size"]:
            return None
    except (OSError, TypeError, ValueError):
        return None
    return path
