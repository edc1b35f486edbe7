"""Settings › Backups: where the daily backups go, when the last was made, "Back up now".

The folder may be any folder this computer can write, a network share included; empty means the
backups folder in the data folder. A team server is backed up on the server (``pg_dump``), so
for a team server the page says so and offers nothing to change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.backup.service import (
    KEEP_DAILY,
    KEEP_WEEKLY,
    BackupResult,
    backup_folder,
    last_backup,
)
from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.backup.scheduler import BackupScheduler


class BackupPage(QWidget):
    """Edits the backup folder; shows the last backup; starts one on request."""

    def __init__(
        self,
        settings: LocalSettings,
        paths: AppPaths,
        scheduler: BackupScheduler | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._scheduler = scheduler
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.folder_edit = QLineEdit(settings.backup_folder)
        self.folder_edit.setAccessibleName(_("Backup folder"))
        self.folder_edit.setPlaceholderText(str(paths.backup_dir))
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.now_button = QPushButton(_("Back up now"))
        self.now_button.clicked.connect(self._on_now_button_clicked)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Folder"), folder_row)
        form.addRow(_("Last backup"), self.last_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        button_row = QHBoxLayout()
        button_row.addWidget(self.now_button)
        button_row.addStretch(1)
        layout.addLayout(button_row)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        if scheduler is None:
            self.intro_label.setText(
                _(
                    "This desk uses a team server: it is backed up on the server with pg_dump "
                    "(see the README). The daily backup here is for the embedded database."
                )
            )
            for widget in (self.folder_edit, self.choose_button, self.now_button):
                widget.setEnabled(False)
        else:
            self.intro_label.setText(
                _(
                    "Every day the database and the evidence files are backed up into one file "
                    "in this folder (a network share works too). The last {daily} days and "
                    "{weekly} weeks are kept."
                ).format(daily=KEEP_DAILY, weekly=KEEP_WEEKLY)
            )
            scheduler.backup_made.connect(self._on_scheduler_backup_made)
            scheduler.backup_failed.connect(self._on_scheduler_backup_failed)
            scheduler.backup_started.connect(self._on_scheduler_backup_started)
            self.now_button.setEnabled(not scheduler.running)
        self._show_last()

    def _show_last(self) -> None:
        settings = LocalSettings.load(self._paths.settings_file)
        made = last_backup(settings)
        if made is None:
            self.last_label.setText(_("No backup yet"))
            return
        folder = backup_folder(self._paths, settings)
        self.last_label.setText(
            _("{moment}, in {folder}").format(moment=format_moment(made), folder=folder)
        )

    def _on_choose_button_clicked(self) -> None:
        start = self.folder_edit.text().strip() or str(self._paths.backup_dir)
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), start)
        if chosen:
            self.folder_edit.setText(chosen)

    def _on_now_button_clicked(self) -> None:
        if self._scheduler is None:
            return
        self._save_folder()
        self._scheduler.back_up_now()

    def _on_scheduler_backup_started(self) -> None:
        self.now_button.setEnabled(False)
        self.status_label.setText(_("Backing up…"))

    def _on_scheduler_backup_made(self, result: BackupResult) -> None:
        self.now_button.setEnabled(True)
        self.status_label.setText(_("Backed up to {path}.").format(path=result.path))
        self._show_last()

    def _on_scheduler_backup_failed(self, message: str) -> None:
        self.now_button.setEnabled(True)
        self.status_label.setText(message)

    def _save_folder(self) -> None:
        """Store the folder at once ("Back up now" uses it before the dialog is saved)."""
        settings = LocalSettings.load(self._paths.settings_file)
        settings.backup_folder = self.folder_edit.text().strip()
        settings.save(self._paths.settings_file)

    def apply_to(self, settings: LocalSettings) -> None:
        """Copy the folder into ``settings``, and the last backup's time as stored meanwhile."""
        settings.backup_folder = self.folder_edit.text().strip()
        settings.last_backup_at = LocalSettings.load(self._paths.settings_file).last_backup_at

    def chosen_folder(self) -> Path:
        """The folder backups will go to with what the page shows."""
        chosen = self.folder_edit.text().strip()
        return Path(chosen).expanduser() if chosen else self._paths.backup_dir
