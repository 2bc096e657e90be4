"""Facts as people write them in a cell or a line: 是/否/不确定, 100万, 东城区 or dongcheng.

One reading of typed values for every place that takes text (rosters, CSV); the
result goes through facts.check_value like any other value, so the same checks
and messages apply as in the wizard and `assess`.
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app.core.clausedb import Fact
from desktop_app.core.facts import ProfileError, check_value, parse_money_detail

YES = {"是", "有", "对", "√", "✓", "✔", "yes", "y", "true", "t", "1"}
NO = {"否", "无", "没有", "不是", "×", "✗", "no", "n", "false", "f", "0"}
UNKNOWN = {"不确定", "不知道", "不清楚", "未知", "待定", "unknown", "not sure", "?", "？", "-",
           "—", "n/a", "na"}
_NUMBER = re.compile(r"^\s*([0-9]+)(?:\.0+)?\s*(年|项|家|个|件)?\s*$")


def read_typed(fact: Fact, value: Any) -> Any:
    """The fact's value for what was typed (None = unknown); ProfileError names the fact."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value or value.lower() in UNKNOWN and fact.type != "text":
            return None
    kind = fact.type
    if kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if word in YES:
            return True
        if word in NO:
            return False
        raise ProfileError(fact.fact_id, f"应填 是、否 或 不确定，而不是“{value}”",
                           f"must be 是 (yes), 否 (no) or 不确定 (not sure), not {value!r}")
    if kind == "enum":
        return _option(fact, str(value))
    if kind == "money":
        if isinstance(value, str):
            # A minus typed in a cell is the same mistake as a negative number in a cell
            # (or in a profile): check_value says it, in the one message for it.
            sign = -1 if value[:1] in ("-", "−", "－") else 1
            try:
                value, dropped = parse_money_detail(value[1:] if sign < 0 else value)
                value = sign * value
            except ValueError as exc:
                raise ProfileError(fact.fact_id, str(exc),
                                   "must be an amount of yuan, e.g. 1,200,000 or 120万") from None
            if dropped:  # the wizard rounds 角分 down and says so beside the field; a
                # roster has no field to say it beside, so it refuses, as `assess` does
                raise ProfileError(fact.fact_id, "金额须为整元（不含角分）",
                                   "must be whole yuan (no fractions)")
        return check_value(fact, value)
    if kind in ("year", "count"):
        if isinstance(value, str):
            m = _NUMBER.match(value)
            if not m:
                what = ("年份（四位数字，例如2025）", "a four-digit year, e.g. 2025") \
                    if kind == "year" else ("整数", "a whole number")
                raise ProfileError(fact.fact_id, f"应为{what[0]}，而不是“{value}”",
                                   f"must be {what[1]}, not {value!r}")
            value = int(m.group(1))
        return check_value(fact, value)
    if kind == "groups":  # "mentougou-ai-project, mentougou-expansion"
        parts = [p for p in re.split(r"[,，、;；\s]+", str(value)) if p]
        return check_value(fact, parts)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or code a spreadsheet took for a number
    return check_value(fact, str(value))


def _option(fact: Fact, text: str) -> str:
    """An enum option by its value, its Chinese or English label, or the label without 区."""
    low = text.strip().lower()
    for opt in fact.options or []:
        names = {opt["value"].lower(), opt["zh"], opt["en"].lower()}
        if opt["zh"].endswith("区"):
            names.add(opt["zh"][:-1])
        if low in names:
            return opt["value"]
    zh = "、".join(o["zh"] for o in fact.options or [])
    en = ", ".join(o["value"] for o in fact.options or [])
    raise ProfileError(fact.fact_id, f"未知的取值“{text}”，可选：{zh}",
                       f"unknown value {text!r}; one of: {en}")
