"""The About dialog: version, where the data lives, which database, Qt and Python versions."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.local.build_info import build_info
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.storage.engine import describe_database


class AboutDialog(QDialog):
    """Says what the app is and where its data is."""

    def __init__(
        self, paths: AppPaths, database_url: str, icon: QIcon, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Callback Desk"))
        logo = QLabel()
        logo.setPixmap(icon.pixmap(64, 64))
        info = build_info()
        title = QLabel(_("Callback Desk {version}").format(version=info.version))
        title.setObjectName("pageTitle")
        purpose = QLabel(
            _(
                "No post-loan callback from a lending bank goes unanswered, and every "
                "one leaves a record."
            )
        )
        purpose.setWordWrap(True)
        form = QFormLayout()
        for label, value in (
            (_("Build"), info.commit or _("run from source")),
            (_("Data folder"), str(paths.data_dir)),
            (_("Log folder"), str(paths.log_dir)),
            (_("Database"), describe_database(database_url)),
            (_("Settings"), str(paths.config_dir)),
            (_("Qt / PySide6"), f"{qVersion()} / {pyside_version}"),
            (_("Python"), platform.python_version()),
        ):
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(
                field.textInteractionFlags() | field.textInteractionFlags().TextSelectableByMouse
            )
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(purpose)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
