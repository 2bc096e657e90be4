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
    expected = check_char(code[:17])
    if code[17] != expected:
        return (f"校验码不正确（末位应为{expected}），请核对是否输错",
                f"check character is wrong (expected {expected}); please look for a typo")
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None
