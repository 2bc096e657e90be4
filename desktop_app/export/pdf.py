"""The draft application as an A4 PDF, laid out by Qt from the HTML template, bundled font
embedded, with a running footer on every page.

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


MARGIN_MM = (16.0, 14.0, 14.0, 14.0)  # top, right, bottom (above the footer), left
FOOTER_MM = 8.0
# A line or cell that only touches a page's edge by this much belongs to the page beside it.
CULL_PX = 3.0
# How close above a page boundary a unit may start and still count as on the next page.
EDGE_PX = 1.0
MAX_ROUNDS = 6  # layouts after the first; each settles the breaks the previous one showed
# How far a unit's place, estimated from breaks not laid out yet, may be from where the
# layout then puts it (a few px: the tables a break closes and opens have their margins).
ESTIMATE_ERROR = 8.0


def _units(doc) -> list[tuple[float, float, str | None]]:
    """(top, bottom, key) of every block the template marked to keep on one page (anchor
    "k-..."/"f-..."/"h-..." (a heading) in a one-cell table) and every marked table row
    ("r-..."), in document coordinates; and (top, top, None) for every forced page break."""
    from PySide6.QtGui import QTextCursor, QTextFormat

    always = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    lay = doc.documentLayout()
    units = []
    block = doc.begin()
    while block.isValid():
        rect = lay.blockBoundingRect(block)
        if block.blockFormat().pageBreakPolicy() & always:
            units.append((rect.top(), rect.top(), None))
        if block.length() > 1:
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + 1)
            names = cursor.charFormat().anchorNames()
            table = cursor.currentTable()
            if names and table is not None:
                key = names[0]
                if key.startswith("r-"):
                    row = table.cellAt(cursor).row()
                    cells = [table.cellAt(row, c) for c in range(table.columns())]
                    top = min(lay.blockBoundingRect(c.firstCursorPosition().block()).top()
                              for c in cells)
                    bottom = max(lay.blockBoundingRect(c.lastCursorPosition().block()).bottom()
                                 for c in cells)
                    units.append((top - 5, bottom + 5, key))
                else:
                    frame = lay.frameBoundingRect(table)
                    if table.format().pageBreakPolicy() & always:
                        units.append((frame.top(), frame.top(), None))
                    else:
                        units.append((frame.top(), frame.bottom(), key))
        block = block.next()
    return sorted(units, key=lambda u: u[0])


def page_breaks(doc, page_height: float) -> set[str]:
    """The marked units that cross a page boundary, were each moved to the next page in
    turn (so the ones after it move too); a unit taller than a page is left to split.

    After the first break of a round the places are estimates: a unit within
    ESTIMATE_ERROR of a boundary is left, with all after it, to the next round's layout.
    (Breaking such a unit when the layout would have put it at the next page's top
    anyway gave an empty page before it.)"""
    shift = 0.0
    found = set()
    units = _units(doc)
    for n, (top, bottom, key) in enumerate(units):
        # A heading block ("h-...") keeps with the block or row after it: never alone at
        # a page's foot; a table's last row keeps with its total ("...-total"), which
        # never starts a page alone under a repeated header, and a table's next-to-last
        # row with its last ("...-last"): one materials row alone on a page, before the
        # commitment's new page, read as a page left out.
        following = units[n + 1][2] if n + 1 < len(units) else None
        if key and following and (key.startswith("h-") or following.endswith(("-total",
                                                                               "-last"))):
            bottom = max(bottom, units[n + 1][1])
        start = top + shift
        # A unit laid out at a boundary (a fraction of a pixel above it) is on the page
        # after it already: a break there made Qt open yet another page, leaving one blank.
        page = int((start + EDGE_PX) // page_height)
        if key is None:  # a forced break: the content after it starts a page
            if start - page * page_height > 1:
                shift += (page + 1) * page_height - start
            continue
        if bottom - top >= page_height * 0.9:
            continue
        if int((bottom + shift - 1) // page_height) != page:
            boundary = (page + 1) * page_height
            if shift and min(boundary - start, bottom + shift - boundary) < ESTIMATE_ERROR:
                break
            found.add(key)
            shift += boundary - start
    return found


def write_pdf(ctx: dict[str, Any], path: Path) -> None:
    """Lay the HTML out on A4 pages and paint each with the running footer
    "企业名称 · 草稿 · 第X页 共Y页" (QTextDocument.print_ would only number the pages)."""
    _ensure_gui_app()
    from PySide6.QtCore import (
        QBuffer,
        QByteArray,
        QIODevice,
        QMarginsF,
        QPointF,
        QRectF,
        QSizeF,
        Qt,
    )
    from PySide6.QtGui import (
        QAbstractTextDocumentLayout,
        QColor,
        QFont,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

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

    dpmm = writer.resolution() / 25.4
    top, right, bottom, left = (m * dpmm for m in MARGIN_MM)
    page = writer.pageLayout().fullRectPixels(writer.resolution())
    body = QRectF(left, top, page.width() - left - right,
                  page.height() - top - bottom - FOOTER_MM * dpmm)

    font = QFont()
    font.setFamilies([family, *FALLBACK_FAMILIES] if family else FALLBACK_FAMILIES)
    font.setPointSizeF(9.5)

    def layout(breaks: set[str], marks: bool = True) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(render_html(ctx, qt=True, font_family=family, breaks=breaks, marks=marks))
        # A page size makes the layout paginate (page breaks, table headers repeated).
        doc.setPageSize(QSizeF(body.width(), body.height()))
        return doc

    breaks: set[str] = set()
    doc = layout(breaks)
    for _ in range(MAX_ROUNDS):
        more = page_breaks(doc, body.height()) - breaks
        if not more:
            break
        breaks |= more
        doc = layout(breaks)
    # The anchors only serve the measuring: in the file they would be named destinations
    # that break text extraction ("一\n、申报单位信息"). The layout is the same without.
    doc = layout(breaks, marks=False)
    pages = doc.pageCount()

    footer_font = QFont(font)
    footer_font.setPointSizeF(7.5)
    painter = QPainter(writer)
    try:
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - n * body.height())
            page_rect = QRectF(0, n * body.height(), body.width(), body.height())
            painter.setClipRect(page_rect)
            context = QAbstractTextDocumentLayout.PaintContext()
            # What is drawn: the lines and cells within the page, less CULL_PX at each
            # edge. The painter's clip hides anything beyond the page, but the PDF still
            # holds its text: the heading that opens the next page, laid out just past
            # this page's foot, was found by search and read aloud on both pages.
            context.clip = page_rect.adjusted(0, CULL_PX, 0, -CULL_PX)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(QColor("#666666"))
            text = f"{ctx['running']} · " + ctx["L"]["page_of"].format(page=n + 1, pages=pages)
            foot = QRectF(left, page.height() - bottom - FOOTER_MM * dpmm + 2 * dpmm,
                          body.width(), FOOTER_MM * dpmm)
            painter.drawLine(QPointF(left, foot.top()), QPointF(left + body.width(), foot.top()))
            painter.drawText(foot, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                             text)
    finally:
        painter.end()
    del writer  # finishes the document (in the buffer)
    buf.close()
    path.write_bytes(data.data())
