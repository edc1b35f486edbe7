"""Draws the app and tray icons into resources/icons/ (run once when the design changes).

Usage: QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
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


def main() -> int:
    QGuiApplication(sys.argv)
    folder = Path(__file__).resolve().parents[1] / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(folder / "app.png"))
    draw(64).save(str(folder / "tray.png"))
    draw(64, alert=True).save(str(folder / "tray_alert.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
