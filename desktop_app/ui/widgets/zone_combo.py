"""A time zone chooser: the zones' names in the reader's language, searchable by any part.

People type "上海", "Berlin" or "+08" and pick from the matches; the widget hands back the IANA
name (``Asia/Shanghai``) that is stored. A stored zone missing from the list (an old alias) is
kept as an entry of its own so that opening and saving never changes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.core.common.zones import zone_choices, zone_name


class ZoneCombo(QComboBox):
    """Choose a time zone from a searchable list of named places."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for choice in zone_choices():
            self.addItem(choice.label, choice.zone)
            self.setItemData(self.count() - 1, choice.zone, Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setMinimumContentsLength(24)

    def zone(self) -> str:
        """The chosen IANA name; text typed that names no zone comes back as typed, for the
        service to refuse with its own message."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index))
        found = self.findData(text)
        return str(self.itemData(found)) if found >= 0 else text

    def set_zone(self, zone: str) -> None:
        """Select ``zone`` (an IANA name), adding it when the list lacks it."""
        index = self.findData(zone)
        if index < 0:
            self.addItem(zone_name(zone), zone)
            index = self.count() - 1
        self.setCurrentIndex(index)
