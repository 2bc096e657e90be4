"""Argument types shared by the subcommands' parsers (cli, cli_cases): their errors say
what is wrong in Chinese first, then English, after _Parser's "错误 error:" prefix."""

from __future__ import annotations

import argparse
from datetime import date

from desktop_app.core.case_file import AS_OF_YEARS  # (the wizard's date takes the same)

MAX_CASE_ID = 2**63 - 1  # SQLite's largest integer: a longer number is no case id


def case_id_arg(text: str) -> int:
    """A case id of the library: a whole number from 1 (20 digits ended in a traceback)."""
    digits = text.strip()
    if not digits.isdigit() or not 1 <= int(digits) <= MAX_CASE_ID:
        raise argparse.ArgumentTypeError(
            f"案例编号应为正整数（见 cases list），而不是 {text[:30]!r} / a case id is a "
            f"whole number from 1 (see cases list), not {text[:30]!r}")
    return int(digits)


def date_arg(text: str) -> date:
    """--as-of: an ISO date (YYYY-MM-DD) that exists, in AS_OF_YEARS."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为有效的 年-月-日（YYYY-MM-DD），而不是 {text!r} / "
            f"not a date YYYY-MM-DD: {text!r}") from None
    low, high = AS_OF_YEARS
    if not low <= day.year <= high:  # 0001-01-01 assessed every draft policy as in force
        raise argparse.ArgumentTypeError(
            f"评估日期应在{low}至{high}年之间，而不是 {text} / the date must be between "
            f"{low} and {high}, not {text}")
    return day


def export_output_problem(output: str) -> str | None:
    """The one line refusing an export's output name (no suffix, or one no format has), or
    None: `export` and `cases export` say the same."""
    from pathlib import Path

    from desktop_app.core.textfile import shown_path
    from desktop_app.export import FORMATS

    if output.endswith(("/", "\\")) or Path(output).is_dir():
        where = shown_path(Path(output))
        return (f"错误 error: output: “{where}”是一个文件夹，请给出文件名（如 草稿.docx） / "
                f"{where!r} is a folder: name a file (such as draft.docx)")
    name = shown_path(Path(output).name)
    suffix = Path(output).suffix.lower().lstrip(".")
    formats = "、".join(f".{f}" for f in FORMATS)
    listed = ", ".join(f".{f}" for f in FORMATS)
    if not suffix:
        return (f"错误 error: output: 文件名“{name}”没有扩展名，请以 {formats} 结尾 / the file "
                f"name {name!r} has no suffix: end it with one of {listed}")
    if suffix not in FORMATS:
        shown = shown_path(suffix)
        return (f"错误 error: output: 不支持的格式 .{shown}，可用 {formats} / unsupported "
                f"format .{shown}, use one of {listed}")
    return None
