"""The company profile: validating raw facts and reading money as people type it."""

from __future__ import annotations

import math
import re
from typing import Any

from desktop_app.core.clausedb import ClauseDB, Fact
from desktop_app.core.uscc import uscc_problem

# The applicant's particulars (contract section 5): no rule reads them; the wizard asks them
# on the basics page and the draft prints them in its 申报单位信息 block. Kept here, not in
# core/application.py, so that the wizard's first window need not import that module.
APPLICANT_FACTS = ("company.legal_representative", "company.contact_person",
                   "company.contact_phone", "company.contact_email", "company.address")

MAX_MONEY = 10**13  # ten trillion yuan: beyond any firm, catches a slip of the keyboard
YEAR_RANGE = (2000, 2100)
# Contract section 5: 7 to 20 characters of digits, spaces, -, +, ( and ), then optionally
# an extension, "转123" or "ext 123".
PHONE = re.compile(r"[0-9 +()\-]{7,20}(?:\s*(?:转|ext\.?)\s*[0-9]{1,6})?", re.IGNORECASE)
# One @, no spaces, a dot in the domain: enough to catch a slip, not RFC 5322.
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


class ProfileError(ValueError):
    """A fact of the profile is invalid; `fact` names it, messages say why in both languages."""

    def __init__(self, fact: str, zh: str, en: str):
        super().__init__(f"{fact}: {en}")
        self.fact, self.zh, self.en = fact, zh, en

    def line(self) -> str:
        """The one line the command line prints (a newline in a key or value is escaped)."""
        text = f"错误 error: {short_value(self.fact, quoted=False)}: {self.zh} / {self.en}"
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
        # values in messages are shortened already; this bounds whatever else comes in
        return text if len(text) <= MAX_LINE else text[:MAX_LINE - 1] + "…"


MAX_LINE = 600  # characters of a message line: a 10 MB value must not make a 10 MB line
_VALUE_CHARS = 60


def short_value(value: Any, quoted: bool = True) -> str:
    """A value as messages show it: a long text cut, a huge number as its order, a nested
    list or object abridged (never walked deeply, never turned whole into text)."""
    if isinstance(value, str):
        cut = value if len(value) <= _VALUE_CHARS else value[:_VALUE_CHARS]
        text = repr(cut) if quoted else cut
        return text if cut is value else f"{text}…({len(value)})"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        # str() of an int over 4,300 digits raises, and a long one is no use to read
        return f"{'-' if value < 0 else ''}≈1e{_order(abs(value))}"
    if isinstance(value, dict | list | tuple):
        import reprlib

        shorten = reprlib.Repr()
        shorten.maxlevel, shorten.maxstring, shorten.maxother = 2, 24, 24
        shorten.maxlist = shorten.maxdict = shorten.maxtuple = 4
        shorten.repr_int = lambda x, level: short_value(x)  # type: ignore[method-assign]
        # atoms as the JSON the user wrote ({'a': true}, not {'a': True})
        for typename in ("bool", "NoneType", "float"):
            setattr(shorten, f"repr_{typename}", lambda x, level: short_value(x))
        return shorten.repr(value)[:_VALUE_CHARS * 2]
    return _as_json(value)[:_VALUE_CHARS * 2]


def _order(n: int) -> int:
    """The power of ten of a positive int: its digits less one (1e30 is 1e30, not 1e29 as
    an estimate from its bits had it), estimated only past str()'s 4,300-digit limit."""
    if n.bit_length() < 14_000:
        return len(str(n)) - 1
    return int((n.bit_length() - 1) * 0.30103)


def _as_json(value: Any) -> str:
    """An atom as JSON writes it (true, null, Infinity); a date as its ISO form; else repr."""
    import datetime as dt

    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "Infinity"
    if isinstance(value, dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return repr(value)


def validate_profile(raw: Any, db: ClauseDB) -> dict[str, Any]:
    """Check every fact of a raw profile; return the known facts, `null` ones dropped."""
    if not isinstance(raw, dict):
        raise ProfileError("profile", "档案应为JSON对象（键为事实编号）",
                           "the profile must be a JSON object keyed by fact id")
    facts: dict[str, Any] = {}
    for key, value in raw.items():
        fact = db.facts.get(key)
        if fact is None:
            # A fact a pack brought is unknown once that pack is not in use: say where to look.
            raise ProfileError(short_value(str(key), quoted=False),
                               "未知的事实编号（正在使用的条款库中没有；如由更新包新增，请先导入该更新包）",
                               "unknown fact id (not in the clause base in use; if a policy "
                               "pack added it, import that pack)")
        if value is None:
            continue
        if fact.type == "groups" and isinstance(value, list):
            value = _without_alternatives(value, db)
        facts[key] = check_value(fact, value)
    return facts


def _without_alternatives(groups: list[Any], db: ClauseDB) -> list[Any]:
    """The list without groups of alternatives ("或": one item of them applies, whatever the
    projects). `assess` prints them in `stacking` beside the same-project groups, so a
    profile may name one as separate (contract section 4); it changes nothing."""
    # (here, not at the top: the wizard's first window imports this module, and must not
    # load the rules' modules before it paints; test_gui_startup holds it to that)
    from desktop_app.core.stacking import SAME_PROJECT

    alternatives = {g.group_id for g in db.stacking if g.kind != SAME_PROJECT}
    return [g for g in groups if not (isinstance(g, str) and g in alternatives)]


def check_value(fact: Fact, value: Any) -> Any:
    """The value, normalised, or ProfileError naming the fact."""
    kind = fact.type
    fid = fact.fact_id
    if kind == "bool":
        if not isinstance(value, bool):
            raise ProfileError(fid, f"应为 true 或 false，而不是 {short_value(value)}",
                               f"must be true or false, not {short_value(value)}")
        return value
    if kind == "decimal":
        return _decimal(fact, value)
    if kind in ("money", "count", "year"):
        number = _whole_number(fid, value, "（元）" if kind == "money" else "")
        if kind == "year":
            low, high = fact.min or YEAR_RANGE[0], fact.max or YEAR_RANGE[1]
            if not low <= number <= high:
                shown = short_value(number)
                raise ProfileError(fid, f"年份应在{low}至{high}之间，而不是{shown}",
                                   f"year must be between {low} and {high}, not {shown}")
            return number
        if number < 0:
            shown = short_value(number)
            raise ProfileError(fid, f"不能为负数（{shown}）", f"must not be negative ({shown})")
        if kind == "money" and number > MAX_MONEY:
            shown = short_value(number)
            raise ProfileError(fid, f"金额过大（{shown}元）", f"amount too large ({shown} yuan)")
        if kind == "count" and fact.max is not None and number > fact.max:
            raise ProfileError(fid, f"数量过大（最多{fact.max}）", f"too many (at most {fact.max})")
        return number
    if kind == "groups":
        return _group_ids(fact, value)
    if not isinstance(value, str):
        raise ProfileError(fid, f"应为文字，而不是 {short_value(value)}",
                           f"must be text, not {short_value(value)}")
    if kind == "enum":
        allowed = [o["value"] for o in fact.options or []]
        if value not in allowed:
            # A profile is written in ids; one who wrote the label (门头沟区) is told its id.
            meant = next((o["value"] for o in fact.options or []
                          if value.strip() in (o["zh"], o["zh"].rstrip("区"), o["en"])), None)
            hint_zh = f"（“{value.strip()}”请写作 {meant}）" if meant else ""
            hint_en = f" ({value.strip()!r} is written {meant})" if meant else ""
            raise ProfileError(fid, f"未知的取值“{short_value(value, quoted=False)}”{hint_zh}，"
                                    f"可选：{', '.join(allowed)}",
                               f"unknown value {short_value(value)}{hint_en}; one of: "
                               f"{', '.join(allowed)}")
        return value
    text = value.strip()
    if _UNSAFE.search(text):
        raise ProfileError(fid, "含有换行、制表符或控制字符，请只写一行文字",
                           "holds a line break, a tab or a control character: write one "
                           "line of text")
    if fact.max_length and len(text) > fact.max_length:
        raise ProfileError(fid, f"过长（最多{fact.max_length}字）",
                           f"too long (at most {fact.max_length} characters)")
    if fact.format == "uscc" and text:
        problem = uscc_problem(text.upper())
        if problem:
            raise ProfileError(fid, f"统一社会信用代码{problem[0]}", f"credit code {problem[1]}")
        return text.upper()
    if fact.format == "phone" and text and not (PHONE.fullmatch(text)
                                                 and any(c.isdigit() for c in text)):
        raise ProfileError(fid, "电话号码应为7至20位数字，可含空格、-、+、括号，分机写作“转123”",
                           "a phone number is 7 to 20 digits, spaces, -, +, ( or ), "
                           "an extension written as 'ext 123'")
    if fact.format == "email" and text and not EMAIL.fullmatch(text):
        raise ProfileError(fid, "电子邮箱格式不正确，例如 name@example.com",
                           "not an e-mail address (e.g. name@example.com)")
    return text


# Characters no name, address or contact holds: control characters (Unicode's Cc; a line
# break or a tab split the firm's name in the drafts) and bidirectional overrides (U+202E
# turned the drafts' own words and footer back to front).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


DECIMAL_PLACES = 2  # an area in m² or a rent in 元/平方米/天, as leases write them
_DECIMAL_TEXT = re.compile(r"^\s*([0-9]{1,12})(?:\.([0-9]*))?\s*$")


def _decimal(fact: Fact, value: Any) -> int | float:
    """A non-negative number with at most two decimals: kept as typed (3 or 3.5), so that
    the core reads it back exactly (logic.exact) and JSON stores it plainly."""
    fid = fact.fact_id
    top = fact.max if fact.max is not None else 10**12
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        shown = short_value(value)
        raise ProfileError(fid, f"应为数字，而不是 {shown}", f"must be a number, not {shown}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Compared as numbers first: a huge integer has no decimal text to read.
        if value != value or value < 0:  # NaN or negative
            shown = short_value(value)
            raise ProfileError(fid, f"应为不小于0的数字，而不是 {shown}",
                               f"must be a number of at least 0, not {shown}")
        if value > top:
            raise ProfileError(fid, f"数值过大（最多{top}）", f"too large (at most {top})")
        if isinstance(value, int):
            return value
    text = repr(value) if isinstance(value, float) else value
    m = _DECIMAL_TEXT.match(text)
    if not m:
        shown = short_value(value)
        raise ProfileError(fid, f"应为不小于0的数字，最多两位小数，而不是 {shown}",
                           f"must be a number of at least 0 with at most two decimals, "
                           f"not {shown}")
    decimals = (m.group(2) or "").rstrip("0")
    if len(decimals) > DECIMAL_PLACES:
        shown = short_value(text.strip(), quoted=False)
        raise ProfileError(fid, f"最多两位小数（{shown}）", f"at most two decimals ({shown})")
    number: int | float = float(f"{m.group(1)}.{decimals}") if decimals else int(m.group(1))
    if number > top:
        raise ProfileError(fid, f"数值过大（最多{top}）", f"too large (at most {top})")
    return number


def _group_ids(fact: Fact, value: Any) -> list[str]:
    """A list of same-project group ids (the fact's options), each once, in the given order."""
    fid = fact.fact_id
    allowed = [o["value"] for o in fact.options or []]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        shown = short_value(value)
        raise ProfileError(fid, f"应为条款组编号的列表，而不是 {shown}",
                           f"must be a list of group ids, not {shown}")
    for group in value:
        if group not in allowed:
            raise ProfileError(fid, f"未知的条款组“{short_value(group, quoted=False)}”，"
                                    f"可选：{', '.join(allowed)}",
                               f"unknown group {short_value(group)}; one of: {', '.join(allowed)}")
    return list(dict.fromkeys(value))


def _whole_number(fid: str, value: Any, unit_zh: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(fid, f"应为整数，而不是 {short_value(value)}",
                           f"must be a whole number, not {short_value(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ProfileError(fid, f"应为整数{unit_zh}，而不是 {short_value(value)}",
                               f"must be a whole number, not {short_value(value)}")
        return int(value)
    return value


_MONEY_TEXT = re.compile(r"^\s*[¥]?\s*([0-9][0-9,\s]*(?:\.[0-9]+)?)\s*(万元|万|元)?\s*$")


def parse_money(text: str, unit: str = "yuan") -> int:
    """Read money as typed ("1,200,000", "120万", "12.5" in 万元, "￥１００万") into whole yuan.

    `unit` is the field's unit, "yuan" or "wan" (万元); a unit typed in the text wins.
    Full-width digits and commas and a ¥ or ￥ in front are read as their plain forms;
    角 and 分 are dropped (rounded down to the whole yuan: parse_money_detail says so).
    Raises ValueError with a Chinese message for anything that is not a non-negative amount.
    """
    return parse_money_detail(text, unit)[0]


def parse_money_detail(text: str, unit: str = "yuan") -> tuple[int, bool]:
    """(whole yuan, whether 角分 were dropped to get there): parse_money, telling the rounding."""
    import unicodedata
    from decimal import ROUND_FLOOR, Decimal, InvalidOperation  # only typed money needs it

    # NFKC: full-width digits, comma, point and ￥ become 0-9 , . ¥
    plain = unicodedata.normalize("NFKC", text or "").replace("，", ",")
    m = _MONEY_TEXT.match(plain)
    if not m:
        raise ValueError("请输入不小于0的金额数字，例如 1,200,000 或 120万")
    digits = re.sub(r"[,\s]", "", m.group(1))
    try:
        amount = Decimal(digits)
    except InvalidOperation as exc:
        raise ValueError("请输入不小于0的金额数字") from exc
    typed = m.group(2)
    in_wan = typed in ("万", "万元") if typed else unit == "wan"
    yuan = amount * 10000 if in_wan else amount
    whole = yuan.to_integral_value(rounding=ROUND_FLOOR)
    if whole > MAX_MONEY:
        raise ValueError("金额过大，请检查是否多输了位数")
    return int(whole), whole != yuan


def format_yuan(amount: int) -> str:
    """1234567 -> '1,234,567'."""
    return f"{amount:,}"


def format_money(amount: int, unit: str = "yuan") -> str:
    """Whole yuan as typed back into a field of `unit`: 1234567 -> '1,234,567' or '123.4567'.

    The inverse of parse_money for that unit.
    """
    if unit != "wan":
        return format_yuan(amount)
    wan, rest = divmod(amount, 10000)
    return f"{wan:,}" + (f".{rest:04d}".rstrip("0") if rest else "")
