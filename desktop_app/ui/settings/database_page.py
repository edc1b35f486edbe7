"""Settings › Database: the embedded file or a team PostgreSQL server (password in the keyring)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from desktop_app.core.errors import DeskError
from desktop_app.core.i18n import _
from desktop_app.core.paths import AppPaths
from desktop_app.core.secrets import SecretStore, database_secret_key
from desktop_app.core.settings import LocalSettings
from desktop_app.core.storage.engine import make_engine, safe_url
from desktop_app.core.storage.migrate import current_revision


class DatabasePage(QWidget):
    """Chooses where the data lives; takes effect at the next start."""

    def __init__(
        self,
        settings: LocalSettings,
        paths: AppPaths,
        secrets: SecretStore,
        active_url: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self.current_label = QLabel(_("Now using: {url}").format(url=safe_url(active_url)))
        self.current_label.setWordWrap(True)
        self.embedded_radio = QRadioButton(_("This computer only (embedded database)"))
        self.server_radio = QRadioButton(_("Team server (PostgreSQL)"))
        group = QButtonGroup(self)
        group.addButton(self.embedded_radio)
        group.addButton(self.server_radio)
        self.file_label = QLabel(str(paths.database_file))
        self.file_label.setWordWrap(True)
        self.host_edit = QLineEdit()
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.database_edit = QLineEdit("callback_desk")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in (
            (self.host_edit, _("Host")),
            (self.port_spin, _("Port")),
            (self.database_edit, _("Database")),
            (self.user_edit, _("User")),
            (self.password_edit, _("Password")),
        ):
            widget.setAccessibleName(name)
        self.keyring_label = QLabel(
            _("The password is kept in the system keyring.")
            if secrets.available
            else _(
                "This system has no usable keyring: the password cannot be stored and will be "
                "asked for at each start."
            )
        )
        self.keyring_label.setWordWrap(True)
        self.test_button = QPushButton(_("Test connection"))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        server_form = QFormLayout()
        server_form.addRow(_("Host"), self.host_edit)
        server_form.addRow(_("Port"), self.port_spin)
        server_form.addRow(_("Database"), self.database_edit)
        server_form.addRow(_("User"), self.user_edit)
        server_form.addRow(_("Password"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(self.file_label)
        layout.addWidget(self.server_radio)
        layout.addLayout(server_form)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result_label)
        layout.addWidget(QLabel(_("A change of database takes effect when the app starts again.")))
        layout.addStretch(1)
        self._server_widgets = (
            self.host_edit,
            self.port_spin,
            self.database_edit,
            self.user_edit,
            self.password_edit,
            self.test_button,
        )
        self.server_radio.toggled.connect(self._on_server_radio_toggled)
        if (
            settings.database_url
            and make_url(settings.database_url).get_backend_name() == "postgresql"
        ):
            url = make_url(settings.database_url)
            self.server_radio.setChecked(True)
            self.host_edit.setText(url.host or "")
            self.port_spin.setValue(url.port or 5432)
            self.database_edit.setText(url.database or "")
            self.user_edit.setText(url.username or "")
        else:
            self.embedded_radio.setChecked(True)
        self._on_server_radio_toggled(self.server_radio.isChecked())

    def _on_server_radio_toggled(self, checked: bool) -> None:
        for widget in self._server_widgets:
            widget.setEnabled(checked)

    def server_url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user_edit.text().strip() or None,
            host=self.host_edit.text().strip() or None,
            port=self.port_spin.value(),
            database=self.database_edit.text().strip() or None,
        )

    def _on_test_clicked(self) -> None:
        url = self.server_url()
        if self.password_edit.text():
            url = url.set(password=self.password_edit.text())
        try:
            engine = make_engine(url.render_as_string(hide_password=False))
            try:
                revision = current_revision(engine)
            finally:
                engine.dispose()
        except DeskError as error:
            self.result_label.setText(error.text())
            return
        self.result_label.setText(
            _("Connected. Schema: {revision}").format(revision=revision or _("empty database"))
        )

    def apply_to(self, settings: LocalSettings) -> bool:
        """Copy the choice into ``settings`` and the password into the keyring."""
        before = settings.database_url
        if self.embedded_radio.isChecked():
            settings.database_url = ""
        else:
            url = self.server_url()
            settings.database_url = url.render_as_string(hide_password=False)
            if self.password_edit.text() and self._secrets.available:
                self._secrets.set(
                    database_secret_key(
                        url.username or "", url.host or "localhost", url.port, url.database or ""
                    ),
                    self.password_edit.text(),
                )
        return before != settings.database_url
