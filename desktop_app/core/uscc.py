"""The unified social credit code (GB 32100-2015) and its check character."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    """The 18th character for the first 17 (which must use the code's 31 characters)."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> tuple[str, str] | None:
    """None for a valid code, else a (Chinese, English) explanation. Letters are read in
    either case (facts.check_value stores the code in capitals, as GB 32100 writes it)."""
    code = code.upper()
    if len(code) != 18:
        return (f"应为18位，现为{len(code)}位", f"must be 18 characters, not {len(code)}")
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        shown = "".join(bad)
        return (f"含有不允许的字符“{shown}”（只用数字和除I、O、Z、S、V以外的字母）",
                f"holds characters not allowed: {shown!r} (digits and letters other than "
                f"I, O, Z, S, V only)")
    if code[17] != check_char(code[:17]):
        # Not "the last character should be X": that invites a change that passes the check
        # while the typo stays somewhere else in the code.
        return ("校验不通过，代码中有字符输错：请对照营业执照逐位核对全部18位",
                "does not check out: a character is mistyped somewhere; compare every one "
                "of the 18 characters with the business licence")
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None
