"""Article numbers as the policy texts write them (（三）, 第七条, 第四条（四）) and as the
draft and the wizard show them in English ("(3)", "Art. 7", "Art. 4(4)"). No Qt."""

from __future__ import annotations

import re

_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_NUM = "[零一二三四五六七八九十]+"
_PART = re.compile(rf"^(?:第(?P<art>{_NUM})条)?(?:（(?P<sub>{_NUM})）)?$")
_ITEM_SUFFIX = re.compile(r"-\d+-(\d+)$")  # mentougou-02-1: the first item of article (二)


def chinese_number(text: str) -> int | None:
    """一 .. 九十九 as a number (the articles of the texts), else None."""
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def article_label(article: str, lang: str) -> str:
    """An article as the text numbers it (（三）, 第七条); in English "(3)", "Art. 7",
    "Art. 4(4)". Anything else is returned as it is."""
    if lang == "zh":
        return article
    m = _PART.match(article or "")
    if not m or not (m["art"] or m["sub"]):
        return article
    art = chinese_number(m["art"]) if m["art"] else None
    sub = chinese_number(m["sub"]) if m["sub"] else None
    if (m["art"] and art is None) or (m["sub"] and sub is None):
        return article
    return (f"Art. {art}" if art is not None else "") + (f"({sub})" if sub is not None else "")


def item_label(article: str, item_id: str, lang: str) -> str:
    """The article of one item, told apart from the other items of the same article by
    the item's number there: 第五条-1, （二）-2; "Art. 5-1", "(2)-2"."""
    label = article_label(article, lang)
    m = _ITEM_SUFFIX.search(item_id or "")
    return f"{label}-{m.group(1)}" if m else label


def join_articles(articles: list[str], lang: str) -> str:
    """Several articles of one text: 第十六条、第十七条; "Art. 16 and Art. 17"."""
    labels = [article_label(a, lang) for a in articles]
    if lang == "zh":
        return "、".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else "".join(labels)
