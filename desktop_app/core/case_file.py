"""Case files: a profile with its bookkeeping, saved as JSON the command line also reads.

Reading is strict, for every file a user hands us (profile, case file, autosave): any text
encoding Windows writes (core.textfile), a duplicate key refused naming the key, nesting
deeper than any profile needs refused, a number too long to be an amount kept from costing
time, a case file's `format`, `version` and `meta` checked. Each problem is a ProfileError:
one line naming the fact (or `file`, `format`, `version`, `meta`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.facts import ProfileError, short_value
from desktop_app.core.textfile import TextFileError, read_text, shown_path


def now_stamp() -> str:
    """The local time to the second, as a case's "saved_at" and the library's times keep
    it ("2026-12-07T14:30:05"). datetime is imported here, on first use: the wizard's
    first window saves nothing and need not load it."""
    from datetime import datetime

    return datetime.now().isoformat(timespec="seconds")

AS_OF_YEARS = (2000, 2100)  # an assessment date outside these is a typing slip
# In a case's meta: the assessment date set in the wizard (编辑 → 评估日期…), ISO; none: today
AS_OF_KEY = "as_of"


def meta_as_of(meta: dict[str, Any]) -> Any:
    """The assessment date a case's meta keeps ("as_of", set in the wizard), a
    datetime.date; None where there is none or it is no date in AS_OF_YEARS (the case is
    then assessed on the day it is used). datetime is imported only for a case with one:
    the wizard's first window."""
    text = meta.get(AS_OF_KEY) if isinstance(meta, dict) else None
    if not isinstance(text, str) or not text:
        return None
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if AS_OF_YEARS[0] <= day.year <= AS_OF_YEARS[1] else None


def case_date(meta: dict[str, Any], as_of: Any = None) -> Any:
    """The date a stored case is assessed on: `as_of` when given (--as-of), else the date
    its meta keeps (set in the wizard), else today."""
    from datetime import date

    return as_of or meta_as_of(meta or {}) or date.today()


CASE_FORMAT = "policy-selfcheck-case"
CASE_VERSION = 1
# A profile is an object of facts whose values are scalars or short lists
# (`stacking.separate_projects`); a case file adds two levels. Far deeper is not a profile,
# and would only run the decoder (and anything walking the result) out of stack.
MAX_DEPTH = 20
# Python refuses to turn a digit string over 4,300 digits into an int (ValueError), and
# shorter ones still cost quadratic time. Beyond this the value stands for "too large".
MAX_INT_DIGITS = 40


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _int(digits: str) -> int:
    """A JSON integer; an over-long one as a number of as many digits (never a fact's value)."""
    body = digits.lstrip("-")
    if len(body) <= MAX_INT_DIGITS:
        return int(digits)
    big = 10 ** MAX_INT_DIGITS * 10  # more digits than any fact allows; checks refuse it
    return -big if digits.startswith("-") else big


# The JSON decoder's words, as the Chinese half of a message says them.
_JSON_ZH = {
    "Expecting value": "此处缺少值",
    "Expecting property name enclosed in double quotes": "键名应放在英文双引号中",
    "Expecting ',' delimiter": "缺少英文逗号",
    "Expecting ':' delimiter": "缺少英文冒号",
    "Unterminated string starting": "引号未闭合",
    "Invalid control character": "文字中有控制字符（如未转义的换行）",
    "Extra data": "内容结束后还有多余的文字",
    "Invalid \\escape": "无效的反斜杠转义",
    "Invalid \\uXXXX escape": "无效的 \\u 转义",
}


def parse_json(text: str, where: str = "file", source: str = "") -> Any:
    """Decode a JSON document strictly (see the module's note); ProfileError if it is not.

    `where` is what an error names when no fact can be; `source` the file, for messages.
    """
    import json  # here: the wizard's first window reads no JSON unless there is some

    of = f"{source} " if source else ""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int)
    except _DuplicateKey as dup:
        key = short_value(dup.key, quoted=False)
        raise ProfileError(key, f"“{key}”在文件中出现了两次，请只保留一个",
                           f"the key {key!r} appears twice in the file; keep only one"
                           ) from None
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # ("Invalid control character at": cut short)
        raise ProfileError(where, f"{of}不是有效的JSON（第{exc.lineno}行第{exc.colno}列："
                                  f"{_JSON_ZH.get(msg, msg)}）",
                           f"{of}is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                           f"{msg})") from None
    except RecursionError:
        raise ProfileError(where, f"{of}嵌套层数过多（超过{MAX_DEPTH}层），不是档案文件",
                           f"{of}is nested too deeply (over {MAX_DEPTH} levels): not a profile"
                           ) from None
    except ValueError as exc:  # what json lets through from int() and float()
        raise ProfileError(where, f"无法读取的数字：{short_value(str(exc))}",
                           f"unreadable number: {short_value(str(exc))}") from None
    _check_depth(data, where)
    return data


def _check_depth(data: Any, where: str) -> None:
    """Refuse nesting over MAX_DEPTH, naming the top-level key it is under (no recursion)."""
    if not isinstance(data, dict | list):
        return
    tops = data.items() if isinstance(data, dict) else ((where, v) for v in data)
    for top, value in tops:
        if isinstance(top, str) and top == "profile" and isinstance(value, dict):
            _check_depth(value, where)  # a case file: name the fact inside it
            continue
        stack = [(value, 2)]
        while stack:
            node, depth = stack.pop()
            if not isinstance(node, dict | list):
                continue
            if depth > MAX_DEPTH:
                name = short_value(top, quoted=False)
                raise ProfileError(name, f"嵌套层数过多（超过{MAX_DEPTH}层）",
                                   f"nested too deeply (over {MAX_DEPTH} levels)")
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)


def read_case(path: str | Path) -> dict[str, Any]:
    """A case `{"format", "version", "profile", "meta", "application"}`; a bare profile is
    wrapped as one. `application` is the firm's draft-application entries as stored
    (`desktop_app.core.application.Application.from_json` reads it), {} when absent."""
    path = Path(path)
    try:
        text = read_text(path)
    except TextFileError as exc:
        raise ProfileError("file", exc.zh, exc.en) from None
    return case_from(parse_json(text, source=shown_path(path)))


def case_from(data: Any) -> dict[str, Any]:
    """The case a decoded document holds: its format, version and meta checked."""
    # Fact ids all hold a dot, so a top-level "profile" or "format" key marks a case file
    # (ours, or an acceptance case that carries its profile the same way).
    if isinstance(data, dict) and ("format" in data or "profile" in data):
        _check_format(data)
        version = _check_version(data)
        profile = data.get("profile")
        if not isinstance(profile, dict):
            raise ProfileError("profile", "案例文件缺少 profile 对象",
                               "the case file has no profile object")
        beside = next((k for k in data if isinstance(k, str) and "." in k), None)
        if beside is not None:  # read as a fact, it would be ignored without a word
            raise ProfileError(short_value(beside, quoted=False),
                               "案例文件的事实应写在 profile 对象中，不能写在它旁边",
                               "a case file's facts go inside its profile object, "
                               "not beside it")
        meta = data.get("meta")
        if meta is None:
            meta = {}
        elif not isinstance(meta, dict):
            raise ProfileError("meta", f"案例文件的 meta 应为对象，而不是 {short_value(meta)}",
                               f"the case file's meta must be an object, not {short_value(meta)}")
        if isinstance(data.get("as_of"), str) and AS_OF_KEY not in meta:
            # an acceptance-style case's date ({"name", "as_of", "profile", "expect"}): the
            # wizard assesses on it, as it does on the date a case of its own keeps
            meta = {**meta, AS_OF_KEY: data["as_of"]}
        return {"format": CASE_FORMAT, "version": version, "profile": profile, "meta": meta,
                "application": data.get("application") or {}}
    if not isinstance(data, dict):
        raise ProfileError("profile", "档案应为JSON对象（键为事实编号）",
                           "the profile must be a JSON object keyed by fact id")
    return {"format": CASE_FORMAT, "version": CASE_VERSION, "profile": data, "meta": {},
            "application": {}}


def _check_format(data: dict[str, Any]) -> None:
    fmt = data.get("format", CASE_FORMAT)
    if fmt != CASE_FORMAT:
        raise ProfileError("format", f"不是本程序的案例文件（format 为 {short_value(fmt)}）",
                           f"not a case file of this program (format {short_value(fmt)})")


def _check_version(data: dict[str, Any]) -> int:
    version = data.get("version", CASE_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProfileError("version", f"案例文件的版本号无效：{short_value(version)}",
                           f"invalid case file version: {short_value(version)}")
    if version > CASE_VERSION:
        raise ProfileError("version", f"案例文件由较新版本的程序保存（版本 {short_value(version)}，"
                                      f"本程序读到版本 {CASE_VERSION}），请升级本程序",
                           f"the case file was saved by a newer version of the program "
                           f"(version {short_value(version)}; this one reads up to "
                           f"{CASE_VERSION}): please upgrade")
    return version


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
    import json

    from desktop_app.core.atomic import write_text_atomic  # tempfile etc.: not on `assess`

    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                      verify=_reads_back)


def _reads_back(data: bytes) -> None:
    """What was written decodes to a case again (atomic.py's verify callback)."""
    case_from(parse_json(data.decode("utf-8")))
