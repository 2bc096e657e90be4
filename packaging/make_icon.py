"""Draw the application icon with Qt and write resources/icons/policy-selfcheck.{png,ico}.

    python packaging/make_icon.py

The .ico holds PNG-compressed images (16 to 256 px), which Windows Vista and later
read; the outputs are committed, so this only needs running when the design changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 256)


def draw(size: int) -> QImage:
    """A blue rounded sheet with a white tick: a checked form."""
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 32.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5fae"))
    p.drawRoundedRect(QRectF(1 * s, 1 * s, 30 * s, 30 * s), 6 * s, 6 * s)
    if size >= 24:  # three ruled lines of a form, left of the tick
        p.setPen(QPen(QColor(255, 255, 255, 150), max(1.0, 1.6 * s),
                      Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (9, 14):
            p.drawLine(QPointF(7 * s, y * s), QPointF(25 * s, y * s))
    pen = QPen(QColor("white"), max(2.0, 3.4 * s), Qt.PenStyle.SolidLine,
               Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline([QPointF(8 * s, 19 * s), QPointF(14 * s, 25 * s), QPointF(25 * s, 13 * s)])
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file whose entries are PNG streams."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICONS.mkdir(parents=True, exist_ok=True)
    pngs = [(size, png_bytes(draw(size))) for size in SIZES]
    (ICONS / "policy-selfcheck.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "policy-selfcheck.png").write_bytes(png_bytes(draw(256)))
    for name in ("policy-selfcheck.ico", "policy-selfcheck.png"):
        print(ICONS / name, (ICONS / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
