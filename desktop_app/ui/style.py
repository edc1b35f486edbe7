"""The app's colours and small style sheet, for the light, dark and high-contrast schemes.

The scheme follows the system: Qt 6's ``QStyleHints.colorScheme()`` (light or dark) and its
accessibility hints' contrast preference. Every custom colour of the app (warnings, availability,
shaded days, banners, navigation) is named here once per scheme; a test checks that each text
colour is readable (a contrast ratio of at least 4.5:1) on the background it is drawn on.
Widgets read ``colours()`` when they paint, so a change of scheme repaints them right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Colours:
    """One scheme's colours, as ``#rrggbb`` strings."""

    name: str
    base: str  # what tables and fields are drawn on (the system palette's base, typically)
    text: str
    muted: str  # secondary text: hints, "+2 more", days off
    error: str  # errors and warnings in lists
    caution: str  # a warning that is not an error (a locked keyring, a missed reminder)
    success: str  # works, available
    info_bg: str
    info_fg: str
    info_border: str
    warning_bg: str
    warning_fg: str
    warning_border: str
    nav_bg: str
    nav_fg: str
    nav_selected_bg: str
    nav_selected_fg: str
    shaded_bg: str  # days outside the month shown
    shaded_fg: str
    day_off_bg: str  # weekends and public holidays
    day_off_fg: str
    makeup_fg: str  # a working weekend day, on the day-off background
    absence_bg: str  # a person's absence in the calendar (text: ``text``)
    selected_bg: str  # a selected day in the month grid (text: ``text``)
    today_bg: str  # the marker round today's date
    today_fg: str

    def contrast_pairs(self) -> list[tuple[str, str, str]]:
        """Every (what, text colour, background) the app draws, for the contrast check."""
        return [
            ("text", self.text, self.base),
            ("muted", self.muted, self.base),
            ("error", self.error, self.base),
            ("caution", self.caution, self.base),
            ("success", self.success, self.base),
            ("info banner", self.info_fg, self.info_bg),
            ("warning banner", self.warning_fg, self.warning_bg),
            ("navigation", self.nav_fg, self.nav_bg),
            ("selected navigation", self.nav_selected_fg, self.nav_selected_bg),
            ("day outside the month", self.shaded_fg, self.shaded_bg),
            ("day off", self.day_off_fg, self.day_off_bg),
            ("working weekend day", self.makeup_fg, self.base),
            ("working weekend day outside the month", self.makeup_fg, self.shaded_bg),
            ("text outside the month", self.text, self.shaded_bg),
            ("window on a day off", self.text, self.day_off_bg),
            ("problem on a day off", self.error, self.day_off_bg),
            ("absence", self.text, self.absence_bg),
            ("selected day", self.text, self.selected_bg),
            ("problem on a selected day", self.error, self.selected_bg),
            ("today", self.today_fg, self.today_bg),
            ("missed reminder badge", self.base, self.caution),
            ("missed reminder", self.text, self.warning_bg),
        ]


LIGHT = Colours(
    name="light",
    base="#ffffff",
    text="#202124",
    muted="#5f6368",
    error="#b3261e",
    caution="#8a5300",
    success="#137333",
    info_bg="#e8f0fe",
    info_fg="#174ea6",
    info_border="#c6dafc",
    warning_bg="#fdecea",
    warning_fg="#8c1d18",
    warning_border="#f4c7c3",
    nav_bg="#f1f3f4",
    nav_fg="#202124",
    nav_selected_bg="#d2e3fc",
    nav_selected_fg="#174ea6",
    shaded_bg="#f8f9fa",
    shaded_fg="#5f6368",
    day_off_bg="#dde3ea",
    day_off_fg="#474c52",
    makeup_fg="#174ea6",
    absence_bg="#ffd8a8",
    selected_bg="#d2e3fc",
    today_bg="#1a73e8",
    today_fg="#ffffff",
)

DARK = Colours(
    name="dark",
    base="#1e1f22",
    text="#e8eaed",
    muted="#a8adb3",
    error="#f28b82",
    caution="#fdd663",
    success="#81c995",
    info_bg="#1c2b41",
    info_fg="#aecbfa",
    info_border="#35507a",
    warning_bg="#3c1f1d",
    warning_fg="#f6aea9",
    warning_border="#6e2c28",
    nav_bg="#26272b",
    nav_fg="#e8eaed",
    nav_selected_bg="#1f3a5f",
    nav_selected_fg="#d2e3fc",
    shaded_bg="#26272b",
    shaded_fg="#a8adb3",
    day_off_bg="#2f3338",
    day_off_fg="#bdc1c6",
    makeup_fg="#aecbfa",
    absence_bg="#5c3b12",
    selected_bg="#1f3a5f",
    today_bg="#8ab4f8",
    today_fg="#202124",
)

HIGH_CONTRAST_LIGHT = Colours(
    name="high contrast (light)",
    base="#ffffff",
    text="#000000",
    muted="#333333",
    error="#9e0000",
    caution="#6b3d00",
    success="#005a1f",
    info_bg="#ffffff",
    info_fg="#00307a",
    info_border="#00307a",
    warning_bg="#ffffff",
    warning_fg="#9e0000",
    warning_border="#9e0000",
    nav_bg="#ffffff",
    nav_fg="#000000",
    nav_selected_bg="#00307a",
    nav_selected_fg="#ffffff",
    shaded_bg="#ffffff",
    shaded_fg="#333333",
    day_off_bg="#e6e6e6",
    day_off_fg="#000000",
    makeup_fg="#00307a",
    absence_bg="#ffe0b2",
    selected_bg="#cce0ff",
    today_bg="#00307a",
    today_fg="#ffffff",
)

HIGH_CONTRAST_DARK = Colours(
    name="high contrast (dark)",
    base="#000000",
    text="#ffffff",
    muted="#d0d0d0",
    error="#ff9c94",
    caution="#ffd54f",
    success="#8cf0a8",
    info_bg="#000000",
    info_fg="#aecbfa",
    info_border="#aecbfa",
    warning_bg="#000000",
    warning_fg="#ff9c94",
    warning_border="#ff9c94",
    nav_bg="#000000",
    nav_fg="#ffffff",
    nav_selected_bg="#ffff00",
    nav_selected_fg="#000000",
    shaded_bg="#000000",
    shaded_fg="#d0d0d0",
    day_off_bg="#1a1a1a",
    day_off_fg="#ffffff",
    makeup_fg="#aecbfa",
    absence_bg="#4d2e00",
    selected_bg="#00305c",
    today_bg="#ffff00",
    today_fg="#000000",
)

SCHEMES = (LIGHT, DARK, HIGH_CONTRAST_LIGHT, HIGH_CONTRAST_DARK)


def system_colours() -> Colours:
    """The scheme the system asks for now (light when there is no application yet)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return LIGHT
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Unknown:  # no hint: judge by the palette's window colour
        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        dark = window.lightness() < 128
    else:
        dark = scheme == Qt.ColorScheme.Dark
    high = hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    if high:
        return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT
    return DARK if dark else LIGHT


_current: list[Colours] = []


def colours() -> Colours:
    """The colours in use (those of the system scheme until ``apply_style`` chose them)."""
    return _current[0] if _current else system_colours()


def style_sheet(c: Colours) -> str:
    """The app's style sheet for one scheme."""
    return f"""
QLabel#pageTitle {{ font-size: 18px; font-weight: 600; padding: 4px 0; }}
QLabel#warningBanner {{
    background: {c.warning_bg}; color: {c.warning_fg}; border: 1px solid {c.warning_border};
    border-radius: 4px; padding: 8px;
}}
QLabel#infoBanner {{
    background: {c.info_bg}; color: {c.info_fg}; border: 1px solid {c.info_border};
    border-radius: 4px; padding: 8px;
}}
QLabel#emptyState {{ color: {c.muted}; padding: 16px; }}
QListWidget#navigation {{
    border: none; background: {c.nav_bg}; color: {c.nav_fg}; font-size: 14px;
}}
QListWidget#navigation::item {{ padding: 10px 14px; }}
QListWidget#navigation::item:selected {{
    background: {c.nav_selected_bg}; color: {c.nav_selected_fg};
}}
QLabel.fieldError, QLabel[role="fieldError"], QLabel[tone="error"] {{ color: {c.error}; }}
QLabel[tone="muted"] {{ color: {c.muted}; }}
QLabel[tone="caution"] {{ color: {c.caution}; }}
QLabel[tone="success"] {{ color: {c.success}; }}
"""


#: The style sheet of the light scheme (the default before the application exists).
STYLE_SHEET = style_sheet(LIGHT)


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour a label's text by meaning ("error", "muted", "caution", "success" or "")."""
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class StyleFollower(QObject):
    """Applies the scheme's colours and re-applies them when the system scheme changes."""

    #: Emitted with the Colours applied, after the style sheet was set.
    applied = Signal(object)

    def __init__(self, app: QApplication, scheme: Callable[[], Colours] = system_colours) -> None:
        super().__init__(app)
        self._app = app
        self._scheme = scheme
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.apply)
        hints.accessibility().contrastPreferenceChanged.connect(self.apply)
        self.apply()

    def apply(self) -> Colours:
        """Choose the system's scheme now and restyle every widget with it."""
        chosen = self._scheme()
        _current[:] = [chosen]
        self._app.setStyleSheet(style_sheet(chosen))
        self.applied.emit(chosen)
        return chosen


def apply_style(app: QApplication) -> StyleFollower:
    """Style ``app`` for the system's scheme and keep following it."""
    return StyleFollower(app)


def field_names() -> list[str]:
    """The colour names of a scheme (for the tests)."""
    return [f.name for f in fields(Colours) if f.name != "name"]
