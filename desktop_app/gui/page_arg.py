"""The rules of `gui --page`, Qt-free: the command line checks the value with them before
Qt starts and gui/app.py finds the wizard page with them, so the two cannot disagree.

The wizard's pages are numbered as its step list shows them: 1 the intro, then one page
per topic in use, then the review, then the results.
"""

from __future__ import annotations

from collections.abc import Sequence

INTRO_NAMES = ("intro", "welcome", "start")
RESULTS_NAMES = ("results", "result")
REVIEW_NAMES = ("review",)
PAGE_NAMES = INTRO_NAMES + RESULTS_NAMES + REVIEW_NAMES


class PageError(ValueError):
    """A `--page` value the wizard has no page for; the message is Chinese first."""


def page_index(page: str | None, topic_ids: Sequence[str]) -> int | None:
    """The wizard page id for `page` (0 the intro, 1..n the topics in `topic_ids` order,
    n+1 the review, n+2 the results), or None when no page was asked for.
    Raises PageError naming what would be accepted."""
    if page is None:
        return None
    text = page.strip().lower()
    review = len(topic_ids) + 1
    if text in INTRO_NAMES:
        return 0
    if text in RESULTS_NAMES:
        return review + 1
    if text in REVIEW_NAMES:
        return review
    last = review + 2
    if text.isdigit():
        if 1 <= int(text) <= last:
            return int(text) - 1
        raise PageError(f"页码应为1至{last}，而不是 {page} / page number must be 1 to {last}, "
                        f"not {page}")
    if text in topic_ids:
        return list(topic_ids).index(text) + 1
    raise PageError(f"未知的页面“{page}”：可用 intro、results、review、页码1至{last}或主题编号"
                    f"（{'、'.join(topic_ids)}） / unknown page {page!r}: use intro, results, "
                    f"review, a number 1 to {last} or a topic id")
