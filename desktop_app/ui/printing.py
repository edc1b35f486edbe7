"""Printing to PDF with Qt's own PDF writer: an HTML document laid out on A4 pages.

Letters, the reception card, certificates and evidence packs are built as simple HTML (escaped
from the data) and written with QPdfWriter, so no external program is needed on the desktop. The
document is set in a Simplified Chinese face (:mod:`document_fonts`), and the written file's text
mapping is corrected so that its text is searched and copied as the characters shown
(:mod:`pdf_text`).
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop_app.ui.document_fonts import document_font
from desktop_app.ui.pdf_text import keep_spaces, repair_pdf, text_fixes

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


def pdf_language(language: str) -> str:
    """The BCP 47 tag a PDF names its language with ("zh_CN" → "zh-CN")."""
    return language.replace("_", "-")


def write_pdf(body_html: str, path: Path, title: str, language: str = "zh_CN") -> Path:
    """Lay out ``body_html`` (a fragment or a whole HTML document) on A4 pages in ``path``,
    its language ``language`` (the document's, "zh_CN" or "en")."""
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
    fixes = print_html(body_html, writer, title)
    del writer  # the file is finished when the writer goes away
    repair_pdf(path, fixes, pdf_language(language))
    log.info("PDF written: %s", path.name)
    return path


def print_on(
    body_html: str, device: QPagedPaintDevice, title: str, language: str = "zh_CN"
) -> None:
    """Print ``body_html`` on a printer the print dialog set up; when the dialog chose Qt's own
    "print to file" (PDF), the file gets the same text-mapping repair as "Save as PDF"."""
    from PySide6.QtPrintSupport import QPrinter

    fixes = print_html(body_html, device, title)
    if (
        isinstance(device, QPrinter)
        and device.outputFormat() == QPrinter.OutputFormat.PdfFormat
        and device.outputFileName()
        and Path(device.outputFileName()).is_file()
    ):
        repair_pdf(Path(device.outputFileName()), fixes, pdf_language(language))


def print_html(body_html: str, device: QPagedPaintDevice, title: str) -> dict[str, str]:
    """Lay out ``body_html`` on the pages of ``device`` (a PDF writer, or a printer as the
    print dialog set it up); return how the text mapping of a PDF written so is to be fixed
    (see :func:`pdf_text.text_fixes`)."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # point sizes in the device's resolution
    document.setDefaultFont(document_font())
    document.setDefaultStyleSheet(BASE_CSS)
    body_html = keep_spaces(body_html)
    if body_html.lstrip().lower().startswith("<html"):
        document.setHtml(body_html)
    else:
        document.setHtml(
            f"<html><head><title>{escape(title)}</title></head><body>{body_html}</body></html>"
        )
    resolution = device.logicalDpiX()
    layout = device.pageLayout().paintRectPixels(resolution)
    document.setPageSize(QSizeF(layout.width(), layout.height()))
    fixes = text_fixes(document)
    document.print_(device)
    return fixes
