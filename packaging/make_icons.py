"""Draws the app and tray icons into resources/icons/ (run once when the design changes).

Besides the PNGs it writes the installers' icons: app.ico (Windows: 16–256 px) and app.icns
(macOS: 16–1024 px, Retina sizes included), both holding PNG images, which Windows Vista and
later and macOS 10.7 and later read.

Usage: QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

BLUE = QColor("#1f5fbf")
RED = QColor("#d93025")


def draw(size: int, alert: bool = False) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 14 * s, 14 * s)
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(12 * s, 14 * s, 40 * s, 28 * s), 9 * s, 9 * s)
    tail = QPainterPath()
    tail.moveTo(QPointF(20 * s, 40 * s))
    tail.lineTo(QPointF(16 * s, 51 * s))
    tail.lineTo(QPointF(30 * s, 41 * s))
    painter.setBrush(Qt.GlobalColor.white)
    painter.drawPath(bubble.united(tail))
    pen = QPen(
        BLUE, 5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.drawPolyline(
        [QPointF(22 * s, 28 * s), QPointF(29 * s, 35 * s), QPointF(42 * s, 21 * s)]
    )
    if alert:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(RED)
        painter.drawEllipse(QRectF(40 * s, 2 * s, 22 * s, 22 * s))
    painter.end()
    return image


ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The icns types that hold PNG data, with their pixel size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def png_bytes(size: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    draw(size).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows .ico whose images are PNGs (a 256 px entry is written as 0)."""
    images = [png_bytes(size) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return header + entries + b"".join(images)


def icns() -> bytes:
    """A macOS .icns of PNG images."""
    body = b""
    for kind, size in ICNS_TYPES:
        image = png_bytes(size)
        body += kind + struct.pack(">I", len(image) + 8) + image
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    QGuiApplication(sys.argv)
    folder = Path(__file__).resolve().parents[1] / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(folder / "app.png"))
    draw(64).save(str(folder / "tray.png"))
    draw(64, alert=True).save(str(folder / "tray_alert.png"))
    (folder / "app.ico").write_bytes(ico())
    (folder / "app.icns").write_bytes(icns())
    return 0


if __name__ == "__main__":
    sys.exit(main())
