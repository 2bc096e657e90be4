"""The draft application as a Word document, filled into resources/templates/checklist.docx
(docxtpl).

User text is data: the template is rendered with autoescape, and the context
builder has already dropped characters XML cannot hold. The template's core
properties (its author, its creation date) are replaced by the export's own.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TEMPLATE = "checklist.docx"
FILLS = {"eligible": "E3F1E5", "uncertain": "FFF4D6", "ineligible": "F4E1E1"}


def write_docx(ctx: dict[str, Any], path: Path) -> None:
    from docxtpl import DocxTemplate

    from desktop_app.paths import resource

    tpl = DocxTemplate(str(resource("templates", TEMPLATE)))
    tpl.render({**ctx, "fills": FILLS}, autoescape=True)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props = tpl.docx.core_properties
    props.title = f"{ctx['title']} {ctx['firm_name']}".strip()
    props.subject = ctx["subtitle"]
    props.author = ctx["firm_name"] or "Policy Self-Check"
    props.last_modified_by = "Policy Self-Check"
    props.comments = (f"{ctx['L']['export_date']} {ctx['export_date']} · {ctx['L']['as_of']} "
                      f"{ctx['as_of']} · {ctx['clause_db_version']}")
    props.keywords = ctx["L"]["draft_mark"]
    props.language = "zh-CN" if ctx["lang"] == "zh" else "en"
    props.created = props.modified = now
    props.revision = 1
    # Made in memory, then written in one go: a full disk is one OSError, not a
    # half-closed zip whose __del__ prints a traceback (issue 10).
    buf = io.BytesIO()
    tpl.save(buf)
    path.write_bytes(buf.getvalue())
