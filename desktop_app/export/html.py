"""The draft application as one self-contained HTML file (inline CSS, no external resources).

Printed from a browser, print CSS lays it out on A4 with a running footer
"企业名称 · 草稿 · 第X页 共Y页", table headers repeated and rows kept whole.

The same jinja2 template, with `qt=True`, is the source of the PDF (Qt's rich-text
engine understands a subset of HTML and CSS, so that variant keeps to it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATE = "checklist.html"


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    from desktop_app.paths import resource

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource("templates"))),
        autoescape=True,  # user text is data
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def render_html(ctx: dict[str, Any], qt: bool = False, font_family: str = "",
                breaks: frozenset[str] | set[str] = frozenset(), marks: bool = False) -> str:
    """The document as HTML; `qt=True` for Qt's rich text (the PDF), where `breaks` names
    the kept blocks and table rows that start a new page and `marks` anchors them so the
    PDF writer can measure them."""
    template = _environment().get_template(TEMPLATE)
    return template.render(**ctx, qt=qt, font_family=font_family, footer_css=footer_css(ctx),
                           breaks=breaks, marks=marks)


def css_string(text: str) -> str:
    """`text` as a CSS string literal, safe inside a <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&' or not c.isprintable() else c
                      for c in text)
    return f'"{escaped}"'


def footer_css(ctx: dict[str, Any]) -> str:
    """The running footer for print CSS: "企业名称 · 草稿 · 第" counter(page) "页 共" ..."."""
    head, _, rest = ctx["L"]["page_of"].partition("{page}")
    middle, _, tail = rest.partition("{pages}")
    return (f"{css_string(ctx['running'] + ' · ' + head)} counter(page) {css_string(middle)} "
            f"counter(pages) {css_string(tail)}")


def write_html(ctx: dict[str, Any], path: Path) -> None:
    path.write_text(render_html(ctx), encoding="utf-8")
