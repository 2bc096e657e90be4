"""The checklist as an A4 PDF, laid out by Qt from the HTML template, bundled font embedded.

Works headless (QT_QPA_PLATFORM=offscreen); creates a QGuiApplication if none exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

_app = None  # a QGuiApplication this module had to create; kept alive for the process


def _ensure_gui_app():
    global _app
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _app = app = QGuiApplication(sys.argv[:1] or ["policy-selfcheck"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError("a QCoreApplication without GUI support is running; "
                           "the PDF export needs a QGuiApplication")
    return app


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def write_pdf(ctx: dict[str, Any], path: Path) -> None:
    _ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from desktop_app.export.html import render_html
    from desktop_app.fonts import FALLBACK_FAMILIES, app_font_family

    family = app_font_family()
    # QPdfWriter swallows write errors (a full disk gave a truncated PDF and success):
    # it writes to memory, and the bytes go to the file where a failure raises (issue 10).
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(96)
    writer.setTitle(f"{ctx['title']} {ctx['firm_name']}".strip())
    writer.setCreator("Policy Self-Check")

    doc = QTextDocument()
    font = QFont()
    font.setFamilies([family, *FALLBACK_FAMILIES] if family else FALLBACK_FAMILIES)
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setHtml(render_html(ctx, qt=True, font_family=family))
    # Without a page size QTextDocument.print_() lays the text out on the printer's page
    # with 2 cm margins and numbers the pages, which is what a checklist wants.
    doc.setPageSize(QSizeF())
    doc.print_(writer)
    del writer  # finishes the document
    buf.close()
    path.write_bytes(data.data())
