"""Case files: a profile with its bookkeeping, saved as JSON the command line also reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.facts import ProfileError

CASE_FORMAT = "policy-selfcheck-case"
CASE_VERSION = 1


def read_case(path: str | Path) -> dict[str, Any]:
    """A case `{"format", "version", "profile", "meta", "application"}`; a bare profile is
    wrapped as one. `application` is the firm's draft-application entries as stored
    (`desktop_app.core.application.Application.from_json` reads it), {} when absent."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ProfileError("file", f"找不到文件 {path}", f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError("file", f"无法读取文件 {path}：{exc}",
                           f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ProfileError("file", f"{path} 不是有效的JSON（第{exc.lineno}行第{exc.colno}列）",
                           f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno})"
                           ) from None
    # Fact ids all hold a dot, so a top-level "profile" key marks a case file
    # (ours, or an acceptance case that carries its profile the same way).
    if isinstance(data, dict) and (data.get("format") == CASE_FORMAT or "profile" in data):
        profile = data.get("profile")
        if not isinstance(profile, dict):
            raise ProfileError("profile", "案例文件缺少 profile 对象",
                               "the case file has no profile object")
        return {"format": CASE_FORMAT, "version": data.get("version", CASE_VERSION),
                "profile": profile, "meta": data.get("meta") or {},
                "application": data.get("application") or {}}
    if not isinstance(data, dict):
        raise ProfileError("profile", "档案应为JSON对象（键为事实编号）",
                           "the profile must be a JSON object keyed by fact id")
    return {"format": CASE_FORMAT, "version": CASE_VERSION, "profile": data, "meta": {},
            "application": {}}


def read_profile(path: str | Path) -> dict[str, Any]:
    return read_case(path)["profile"]


def write_case(path: str | Path, profile: dict[str, Any], meta: dict[str, Any] | None = None,
               application: dict[str, Any] | None = None) -> None:
    """Save atomically: a crash mid-write leaves the earlier file as it was.

    `application` is `Application.to_json()` (requested amounts, project descriptions);
    it is written only when it holds something, so older readers see the same file.
    """
    doc = {"format": CASE_FORMAT, "version": CASE_VERSION, "profile": profile,
           "meta": meta or {}}
    if application and application.get("items"):
        doc["application"] = application
    from desktop_app.core.atomic import write_text_atomic  # tempfile etc.: not on `assess`

    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
