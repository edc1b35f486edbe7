"""Icons drawn straight from the Material Design Icons font that QtAwesome ships.

QtAwesome reaches Qt through QtPy, whose star imports of QtGui, QtWidgets and QtOpenGL, and its
loading of every bundled font at the first icon, cost several tenths of a second before the
first paint (`python -X importtime`). The app's icons all come from one font (`icons.ICONS`,
"mdi6.*"), so this module loads that font file and its charmap — found beside QtAwesome without
importing it — and paints each glyph with a small icon engine, as QtAwesome's own does.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap

PREFIX = "mdi6."
FONT_NAME = "materialdesignicons6-webfont"

_loaded: list[tuple[str, str]] = []  # the font's family and its charmap's text
_characters: dict[str, str] = {}  # the glyphs looked up so far, by name


def _fonts_folder() -> Path:
    spec = find_spec("qtawesome")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _font() -> tuple[str, str]:
    """The font's family and its charmap's text, loaded once (OSError or ValueError when
    missing). Qt reads the font from its file; the charmap (7,000 names, of which the app uses
    some forty) is kept as text and searched by :func:`_character`: parsed whole, it held 2 MB
    from the first paint on."""
    if not _loaded:
        folder = _fonts_folder()
        font_file = min(folder.glob(FONT_NAME + "-[0-9]*.ttf"))
        charmap_file = min(folder.glob(FONT_NAME + "-charmap-*.json"))
        charmap = charmap_file.read_text(encoding="utf-8")
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise ValueError(f"the icon font {font_file.name} could not be loaded")
        _loaded.append((families[0], charmap))
    return _loaded[0]


def _character(charmap: str, name: str) -> str:
    """The character of the glyph ``name`` (KeyError when the font has none)."""
    found = _characters.get(name)
    if found is None:
        at = charmap.find(f'"{name}"')  # a name, never a code ("0xf01c9"), is quoted so
        if at < 0:
            raise KeyError(name)
        start = charmap.index('"', charmap.index(":", at)) + 1
        found = _characters[name] = chr(int(charmap[start : charmap.index('"', start)], 16))
    return found


class GlyphEngine(QIconEngine):
    """Paints one glyph of the icon font in the colour of the icon's mode."""

    def __init__(self, family: str, character: str, colour: str, disabled: str) -> None:
        super().__init__()
        self._family = family
        self._character = character
        self._colour = colour
        self._disabled = disabled

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        colour = self._disabled if mode == QIcon.Mode.Disabled else self._colour
        painter.setPen(QColor(colour))
        font = QFont(self._family)
        font.setPixelSize(max(1, round(0.875 * rect.height())))  # as QtAwesome: room for bearing
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._character)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return GlyphEngine(self._family, self._character, self._colour, self._disabled)


def glyph_icon(glyph: str, colour: str, disabled: str) -> QIcon:
    """The icon of ``glyph`` ("mdi6.bank"); KeyError for a glyph the font lacks."""
    if not glyph.startswith(PREFIX):
        raise KeyError(glyph)
    family, charmap = _font()
    character = _character(charmap, glyph.removeprefix(PREFIX))
    return QIcon(GlyphEngine(family, character, colour, disabled))
