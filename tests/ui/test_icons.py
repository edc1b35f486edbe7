"""One icon set for navigation, actions and status, drawn from a font (crisp at any scale)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.icons import ICONS, decorate, icon, recolour
from desktop_app.ui.style import DARK, LIGHT, StyleFollower


@pytest.mark.usefixtures("qapp")
def test_every_icon_draws_at_every_scale() -> None:
    for name in ICONS:
        drawn = icon(name)
        assert not drawn.isNull(), name
        for side in (16, 24, 48):  # 100 %, 150 %, 300 %: drawn at that size, not scaled up
            pixmap = drawn.pixmap(QSize(side, side))
            assert pixmap.size() == QSize(side, side), name
            image = pixmap.toImage()
            alphas = {image.pixelColor(x, y).alpha() for x in range(side) for y in range(side)}
            assert 0 in alphas and max(alphas) > 200, name  # a glyph drawn on a clear ground


def test_navigation_and_outcome_keys_have_their_icons(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    items = [window.navigation.item(row) for row in range(window.navigation.count())]
    assert items and all(not item.icon().isNull() for item in items)
    window.navigation.setCurrentRow(1)
    console = controller.front_desk_page.content()
    buttons = console.log_bar.outcome_buttons.values()  # type: ignore[attr-defined]
    assert all(not button.icon().isNull() for button in buttons)


def glyph_colour(button: QPushButton) -> str:
    """The colour of the most opaque pixel of the button's icon."""
    image = button.icon().pixmap(QSize(32, 32)).toImage()
    pixels = [image.pixelColor(x, y) for x in range(32) for y in range(32)]
    return max(pixels, key=lambda c: c.alpha()).name()


def test_icons_take_the_new_colours_when_the_scheme_changes(
    qtbot: QtBot, qapp: QApplication
) -> None:
    button = QPushButton("New")
    qtbot.addWidget(button)
    decorate(button, "new")
    before = qapp.styleSheet()
    system = [LIGHT]
    follower = StyleFollower(qapp, lambda: system[0])
    follower.applied.connect(recolour)
    try:
        follower.apply()
        assert glyph_colour(button) == LIGHT.text
        system[0] = DARK
        follower.apply()
        assert glyph_colour(button) == DARK.text
    finally:
        system[0] = LIGHT
        follower.apply()
        follower.deleteLater()
        qapp.setStyleSheet(before)


@pytest.mark.usefixtures("qapp")
def test_each_glyph_is_the_character_the_charmap_names() -> None:
    import json

    from desktop_app.ui import glyphs

    charmap = min(glyphs._fonts_folder().glob(glyphs.FONT_NAME + "-charmap-*.json"))
    codes = json.loads(charmap.read_text(encoding="utf-8"))
    _, text = glyphs._font()
    for glyph in ICONS.values():
        name = glyph.removeprefix(glyphs.PREFIX)
        assert glyphs._character(text, name) == chr(int(codes[name], 16)), name
    with pytest.raises(KeyError):
        glyphs.glyph_icon("mdi6.no-such-glyph", "#000000", "#888888")
