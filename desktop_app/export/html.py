"""The checklist as one self-contained HTML file (inline CSS, no external resources).

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


def render_html(ctx: dict[str, Any], qt: bool = False, font_family: str = "") -> str:
    template = _environment().get_template(TEMPLATE)
    return template.render(**ctx, qt=qt, font_family=font_family)


def write_html(ctx: dict[str, Any], path: Path) -> None:
    path.write_text(render_html(ctx), encoding="utf-8")
