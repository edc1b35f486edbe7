"""Reading back the PDFs the app writes, exactly as a viewer's search or copy would: no Unicode
normalisation, no folding of radicals, tabs or dashes — what is extracted must be what is shown."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

# Code points a correct mapping never yields for our documents: Kangxi radicals and the CJK
# radicals supplement (what the glyphs of common ideographs used to come back as), and the tab
# (what a space used to come back as).
WRONG_CODE_POINTS = frozenset([chr(c) for c in range(0x2E80, 0x2FE0)] + ["\t"])


def pdf_text(path: Path) -> str:
    """All the text of ``path``, page after page, exactly as pypdf extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_lines(path: Path) -> list[str]:
    """The extracted lines of ``path``, with nothing stripped or folded."""
    return pdf_text(path).split("\n")


def wrong_code_points(text: str) -> set[str]:
    """The characters of ``text`` that only a broken text mapping gives back."""
    return set(text) & WRONG_CODE_POINTS
