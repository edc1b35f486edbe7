"""Colours follow the system's scheme and every custom colour is readable in each scheme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.style import (
    DARK,
    HIGH_CONTRAST_DARK,
    LIGHT,
    SCHEMES,
    Colours,
    StyleFollower,
    colours,
)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    c = QColor(colour)
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_is_computed_as_wcag_says() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just too light


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda s: s.name)
def test_every_custom_colour_is_readable_on_its_background(scheme: Colours) -> None:
    weak = [
        f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
        for what, fg, bg in scheme.contrast_pairs()
        if contrast(fg, bg) < 4.5
    ]
    assert not weak, "\n".join(weak)


def test_dark_and_high_contrast_schemes_differ_from_light() -> None:
    assert len({s.base for s in SCHEMES}) == 3 and len({s.error for s in SCHEMES}) == 4


def test_the_style_follows_the_system_colour_scheme(qtbot: QtBot, qapp: QApplication) -> None:
    """The offscreen platform cannot switch schemes: the system's answer is stood in for, and
    the system's change signals are sent as the desktop would."""
    before = qapp.styleSheet()
    hints = QGuiApplication.styleHints()
    system = [LIGHT]
    follower = StyleFollower(qapp, lambda: system[0])
    try:
        assert colours() is LIGHT and LIGHT.warning_bg in qapp.styleSheet()
        system[0] = DARK
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert colours() is DARK
        assert DARK.warning_bg in qapp.styleSheet() and LIGHT.warning_bg not in qapp.styleSheet()
        system[0] = HIGH_CONTRAST_DARK
        hints.accessibility().contrastPreferenceChanged.emit(Qt.ContrastPreference.HighContrast)
        assert colours() is HIGH_CONTRAST_DARK
    finally:
        system[0] = LIGHT
        follower.apply()
        follower.deleteLater()
        qapp.setStyleSheet(before)
