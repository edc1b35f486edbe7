"""The app's icons: one set, Material Design Icons through QtAwesome, by meaning.

The glyphs come from an icon font, so they are drawn crisp at any scale (150 %, 200 %, a
Retina screen), and they take the current scheme's text colour (``ui/style.py``), so they stay
visible in dark mode and high contrast. QtAwesome is MIT-licensed; the Material Design Icons font
it ships is under the Apache License 2.0. A screen asks for an icon by what it means
(``icon("new")``), never by the font's name.
"""

from __future__ import annotations

import logging
import os
from weakref import WeakKeyDictionary

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QAbstractButton, QListWidget

from desktop_app.ui.glyphs import glyph_icon
from desktop_app.ui.style import colours

log = logging.getLogger(__name__)
os.environ.setdefault("QT_API", "pyside6")  # QtAwesome speaks Qt through QtPy: use ours

#: What each icon means, and its glyph in Material Design Icons 6.
ICONS = {
    # navigation
    "today": "mdi6.calendar-today",
    "front_desk": "mdi6.phone-in-talk",
    "contracts": "mdi6.file-document-outline",
    "banks": "mdi6.bank",
    "people": "mdi6.account-group",
    "numbers": "mdi6.card-account-phone",
    "call_log": "mdi6.phone-log",
    "checklists": "mdi6.clipboard-check-outline",
    "training": "mdi6.school-outline",
    "windows": "mdi6.calendar-clock",
    "reports": "mdi6.chart-bar",
    "audit": "mdi6.clipboard-text-clock-outline",
    # actions
    "new": "mdi6.plus",
    "open": "mdi6.pencil-outline",
    "deactivate": "mdi6.archive-outline",
    "reactivate": "mdi6.archive-arrow-up-outline",
    "letter": "mdi6.file-send-outline",
    "export": "mdi6.file-export-outline",
    "import": "mdi6.import",
    "print": "mdi6.printer-outline",
    "settings": "mdi6.cog-outline",
    "quit": "mdi6.exit-to-app",
    "about": "mdi6.information-outline",
    "log_folder": "mdi6.folder-text-outline",
    "reception_card": "mdi6.card-account-details-outline",
    # call outcomes
    "transferred": "mdi6.phone-forward",
    "message": "mdi6.message-text-outline",
    "no_one": "mdi6.phone-missed",
    "wrong_number": "mdi6.phone-cancel",
    "unverified": "mdi6.shield-alert-outline",
    # status
    "ok": "mdi6.check-circle",
    "warning": "mdi6.alert",
    "error": "mdi6.alert-circle",
}

_failed: list[str] = []
#: What was given an icon, and which: re-drawn in the new colours when the scheme changes.
_decorated: WeakKeyDictionary[QObject, str] = WeakKeyDictionary()
#: The item data role under which a list item keeps the name of its icon.
ICON_ROLE = int(Qt.ItemDataRole.UserRole.value) + 40


def icon(name: str) -> QIcon:
    """The icon meaning ``name`` in the current scheme's colours (empty if the font is missing)."""
    glyph = ICONS[name]  # an unknown name is a bug, not a missing font
    if _failed:
        return QIcon()
    scheme = colours()
    try:
        return glyph_icon(glyph, scheme.text, scheme.muted)  # the font itself, no QtAwesome
    except (OSError, ValueError, KeyError) as error:
        log.info("icon font not found beside QtAwesome, asking QtAwesome: %s", error)
    try:
        import qtawesome  # imported on first use: it needs the QApplication

        return QIcon(
            qtawesome.icon(
                glyph,
                color=scheme.text,
                color_disabled=scheme.muted,
                color_active=scheme.text,
            )
        )
    except Exception as error:  # a frozen build without the fonts: text-only buttons, said once
        _failed.append(name)
        log.warning("icons unavailable, buttons show text only: %s", error)
        return QIcon()


def decorate(target: QAbstractButton | QAction, name: str) -> None:
    """Give a button or an action the icon meaning ``name`` (and keep it in the scheme's
    colours)."""
    target.setIcon(icon(name))
    _decorated[target] = name


def decorate_list(widget: QListWidget) -> None:
    """Keep the icons of a list's items (named under ``ICON_ROLE``) in the scheme's colours."""
    _decorated[widget] = ""
    _redraw_list(widget)


def _redraw_list(widget: QListWidget) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        name = item.data(ICON_ROLE)
        if name:
            item.setIcon(icon(name))


def recolour() -> None:
    """Draw every icon again in the current scheme's colours (after the scheme changed)."""
    for target, name in list(_decorated.items()):
        if not shiboken6.isValid(target):  # Qt deleted it; its wrapper goes with the next GC
            continue
        if isinstance(target, QListWidget):
            _redraw_list(target)
        elif isinstance(target, QAbstractButton | QAction):
            target.setIcon(icon(name))
