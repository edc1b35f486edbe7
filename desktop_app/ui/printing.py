"""Printing to PDF with Qt's own PDF writer: an HTML document laid out on A4 pages.

Letters, the reception card and evidence packs are built as simple HTML (escaped from the data)
and written with QPdfWriter, so no external program is needed on the desktop.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

log = logging.getLogger(__name__)

BASE_CSS = """
body { font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; }
h2 { font-size: 12pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 4px 6px; }
th { background: #eee; }
.right { text-align: right; }
.muted { color: #555; }
"""


def escape(text: object) -> str:
    """Text made safe for the HTML of a printed document (line breaks kept)."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br/>")


def write_pdf(body_html: str, path: Path, title: str) -> Path:
    """Lay out ``body_html`` (a fragment or a whole HTML document) on A4 pages in ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Callback Desk")
    writer.setResolution(150)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    print_html(body_html, writer, title)
    del writer  # the file is finished when the writer goes away
    log.info("PDF written: %s", path.name)
    return path


def print_html(body_html: str, device: QPagedPaintDevice, title: str) -> None:
    """Lay out ``body_html`` on the pages of ``device`` (a PDF writer, or a printer as the
    print dialog set it up)."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # point sizes in the device's resolution
    document.setDefaultStyleSheet(BASE_CSS)
    if body_html.lstrip().lower().startswith("<html"):
        document.setHtml(body_html)
    else:
        document.setHtml(
            f"<html><head><title>{escape(title)}</title></head><body>{body_html}</body></html>"
        )
    resolution = device.logicalDpiX()
    layout = device.pageLayout().paintRectPixels(resolution)
    document.setPageSize(QSizeF(layout.width(), layout.height()))
    document.print_(device)
