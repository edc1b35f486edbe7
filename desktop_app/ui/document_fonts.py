"""The typeface printed documents are set in: a Simplified Chinese face, chosen explicitly.

A pan-CJK font such as Noto Sans CJK holds Japanese, Korean and both Chinese faces; asked for a
generic family, Qt may pick its Japanese face, which draws common characters in Japanese forms.
So documents name a Simplified Chinese face from a list per platform, the first one installed.
Shaping is switched off where a script does not need it (Latin, Han): OpenType substitutions such
as ligatures and proportional digits draw glyphs no character maps to, whose text a PDF then
cannot give back (see :mod:`desktop_app.ui.pdf_text`).
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

# Linux (and fonts a user installed anywhere), then Windows, then macOS.
SIMPLIFIED_CHINESE_FACES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Microsoft YaHei",
    "SimSun",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "WenQuanYi Micro Hei",
)
_FIRST_BY_PLATFORM = {
    "win32": ("Microsoft YaHei", "SimSun"),
    "darwin": ("PingFang SC", "Hiragino Sans GB"),
}


def candidate_faces(platform: str = sys.platform) -> tuple[str, ...]:
    """The faces to try, the platform's own first."""
    first = _FIRST_BY_PLATFORM.get(platform, ())
    return first + tuple(face for face in SIMPLIFIED_CHINESE_FACES if face not in first)


@cache
def document_family() -> str:
    """The first installed Simplified Chinese face, or "" when none is (Qt then falls back)."""
    installed = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    return next((face for face in candidate_faces() if face in installed), "")


def document_font(point_size: float = 10.5) -> QFont:
    """The default font of a printed document."""
    font = QFont()
    family = document_family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font
