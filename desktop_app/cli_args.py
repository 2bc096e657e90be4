"""Argument types shared by the subcommands' parsers (cli, cli_cases): their errors say
what is wrong in Chinese first, then English, after _Parser's "错误 error:" prefix."""

from __future__ import annotations

import argparse
from datetime import date


def date_arg(text: str) -> date:
    """--as-of: an ISO date (YYYY-MM-DD) that exists."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为有效的 年-月-日（YYYY-MM-DD），而不是 {text!r} / "
            f"not a date YYYY-MM-DD: {text!r}") from None
