"""Settings › General: language and this desk's name (machine-local settings)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.local.settings import LocalSettings

LANGUAGES = (("", N_("System language")), ("zh_CN", "中文（简体）"), ("en", "English"))


class GeneralPage(QWidget):
    """Edits the language and desk name of this desktop."""

    def __init__(
        self, settings: LocalSettings, os_account: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language"))
        for code, label in LANGUAGES:
            self.language_combo.addItem(_(label) if code == "" else label, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.desk_edit = QLineEdit(settings.desk_name)
        self.desk_edit.setAccessibleName(_("Desk name"))
        self.desk_edit.setPlaceholderText(_("the computer's name"))
        form = QFormLayout(self)
        form.addRow(_("Language"), self.language_combo)
        form.addRow(_("Desk name"), self.desk_edit)
        form.addRow(_("Computer account"), QLabel(os_account))

    def apply_to(self, settings: LocalSettings) -> bool:
        """Copy the page into ``settings``; return True if the language changed."""
        language = str(self.language_combo.currentData())
        changed = language != settings.language
        settings.language = language
        settings.desk_name = self.desk_edit.text().strip()
        return changed
