"""A time zone chooser: the zones' names in the reader's language, searchable by any part.

People type "上海", "Berlin" or "+08" and pick from the matches; the widget hands back the IANA
name (``Asia/Shanghai``) that is stored. A stored zone missing from the list (an old alias) is
kept as an entry of its own so that opening and saving never changes it.

Naming every zone takes a tenth of a second: a form that opens at once passes ``choices=[]``,
computes :func:`zone_choices` off the GUI thread and hands them over with :meth:`set_choices`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.core.common.zones import ZoneChoice, zone_choices, zone_name


class ZoneCombo(QComboBox):
    """Choose a time zone from a searchable list of named places."""

    def __init__(
        self, parent: QWidget | None = None, choices: list[ZoneChoice] | None = None
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._add(zone_choices() if choices is None else choices)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setMinimumContentsLength(24)

    def _add(self, choices: list[ZoneChoice]) -> None:
        for choice in choices:
            self.addItem(choice.label, choice.zone)
            self.setItemData(self.count() - 1, choice.zone, Qt.ItemDataRole.ToolTipRole)

    def set_choices(self, choices: list[ZoneChoice]) -> None:
        """Replace the list with ``choices``, keeping the chosen zone."""
        chosen = self.zone()
        self.blockSignals(True)
        try:
            self.clear()
            self._add(choices)
        finally:
            self.blockSignals(False)
        if chosen:
            self.set_zone(chosen)

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
