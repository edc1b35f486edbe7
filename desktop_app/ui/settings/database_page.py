"""Settings › Database: the embedded file or a team PostgreSQL server (password in the keyring).

For a team server: host, port, database, the desk's login, TLS mode and CA file; the password goes
to the system keyring, never to the settings file. Where the system has no usable keyring the page
says so, and the app asks for the password at each start instead. "Test connection" runs the same
check as ``callback-desk server check`` on a pool thread and lists what it found. On the computer
that used the embedded database until now, "Copy this computer's data to the team server…" moves
its records there (see :mod:`.move_to_server`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import StorageError, ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.local.secrets import SecretStore
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.engine import describe_database, parse_url
from desktop_app.core.team.check import STATUS_LABELS, ServerCheck, Status, check_url
from desktop_app.core.team.server_url import DEFAULT_DATABASE, TLS_MODES, ServerAddress
from desktop_app.ui.operation import Operation
from desktop_app.ui.settings.move_to_server import MoveToServer
from desktop_app.ui.style import set_tone
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label


class DatabasePage(QWidget):
    """Chooses where the data lives; takes effect at the next start."""

    #: Emitted when a connection test has finished (True: nothing to fix).
    connection_tested = Signal(bool)

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
        self._task: Operation | None = None
        self.current_label = QLabel(
            _("Now using: {where}").format(where=describe_database(active_url))
        )
        self.current_label.setWordWrap(True)
        self.embedded_radio = QRadioButton(_("This computer only (embedded database)"))
        self.server_radio = QRadioButton(_("Team server (PostgreSQL)"))
        group = QButtonGroup(self)
        group.addButton(self.embedded_radio)
        group.addButton(self.server_radio)
        self.file_label = QLabel(str(paths.database_file))
        self.file_label.setWordWrap(True)
        self.file_label.setIndent(20)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(_("e.g. 192.168.1.20 or office-server"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.database_edit = QLineEdit(DEFAULT_DATABASE)
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(_("this desk's login, e.g. reception1"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls_combo = QComboBox()
        for mode, label in TLS_MODES.items():
            self.tls_combo.addItem(_(label), mode)
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(_("the CA certificate (.crt, .pem) of the server"))
        self.ca_button = QPushButton(_("Choose…"))
        self.ca_button.clicked.connect(self._on_ca_button_clicked)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        for widget, name in (
            (self.host_edit, _("Host")),
            (self.port_spin, _("Port")),
            (self.database_edit, _("Database")),
            (self.user_edit, _("User")),
            (self.password_edit, _("Password")),
            (self.tls_combo, _("Encryption (TLS)")),
            (self.ca_edit, _("CA file")),
        ):
            widget.setAccessibleName(name)
        self.keyring_label = QLabel(
            _("The password is kept in the system keyring, never in a settings file.")
            if secrets.available
            else _(
                "This system has no usable keyring: the password cannot be stored, and the app "
                "will ask for it each time it starts."
            )
        )
        self.keyring_label.setWordWrap(True)
        if not secrets.available:
            set_tone(self.keyring_label, "caution")  # a warning, not an error
        self.test_button = QPushButton(_("Test connection"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self._embedded_now = parse_url(active_url).get_backend_name() == "sqlite"
        self.move_button = QPushButton(_("Copy this computer's data to the team server…"))
        self.move_button.setVisible(self._embedded_now)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mover = MoveToServer(self, paths.database_file, paths.evidence_dir, self.result_label)
        errors = {name: error_label() for name in ("host", "database", "user", "ca_file")}
        self.general_error = error_label()
        self._errors = FieldErrors(errors, self.general_error)
        server_form = QFormLayout()
        server_form.addRow(_("Host"), self.host_edit)
        server_form.addRow("", errors["host"])
        server_form.addRow(_("Port"), self.port_spin)
        server_form.addRow(_("Database"), self.database_edit)
        server_form.addRow("", errors["database"])
        server_form.addRow(_("User"), self.user_edit)
        server_form.addRow("", errors["user"])
        server_form.addRow(_("Password"), self.password_edit)
        server_form.addRow("", self.keyring_label)
        server_form.addRow(_("Encryption (TLS)"), self.tls_combo)
        server_form.addRow(_("CA file"), ca_row)
        server_form.addRow("", errors["ca_file"])
        server_box = QWidget()
        server_box.setLayout(server_form)
        server_form.setContentsMargins(20, 0, 0, 0)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.move_button)
        test_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(self.file_label)
        layout.addWidget(self.server_radio)
        layout.addWidget(server_box)
        layout.addLayout(test_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.general_error)
        restart = QLabel(_("A change of database takes effect when the app starts again."))
        restart.setWordWrap(True)
        layout.addWidget(restart)
        layout.addStretch(1)
        self._server_widgets = (server_box, self.test_button, self.move_button)
        self.server_radio.toggled.connect(self._on_server_radio_toggled)
        self.tls_combo.currentIndexChanged.connect(self._on_tls_combo_changed)
        self._load(settings)
        self._on_server_radio_toggled(self.server_radio.isChecked())
        self._on_tls_combo_changed()

    def _load(self, settings: LocalSettings) -> None:
        try:
            url = parse_url(settings.database_url) if settings.database_url else None
        except StorageError:  # not a URL the app can use: offered as the embedded database
            url = None
        if url is None or url.get_backend_name() != "postgresql":
            self.embedded_radio.setChecked(True)
            return
        address = ServerAddress.from_url(url)
        self.server_radio.setChecked(True)
        self.host_edit.setText(address.host)
        self.port_spin.setValue(address.port)
        self.database_edit.setText(address.database)
        self.user_edit.setText(address.user)
        self.tls_combo.setCurrentIndex(max(0, self.tls_combo.findData(address.tls_mode)))
        self.ca_edit.setText(address.ca_file)

    def _on_server_radio_toggled(self, checked: bool) -> None:
        for widget in self._server_widgets:
            widget.setEnabled(checked)

    def _on_tls_combo_changed(self) -> None:
        uses_ca = self.tls_combo.currentData() != "disable"
        self.ca_edit.setEnabled(uses_ca)
        self.ca_button.setEnabled(uses_ca)

    def _on_ca_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("CA certificate of the server"),
            self.ca_edit.text(),
            _("Certificates (*.crt *.pem *.cer);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)

    def address(self) -> ServerAddress:
        """The team server as the fields describe it."""
        return ServerAddress(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            tls_mode=str(self.tls_combo.currentData()),
            ca_file=self.ca_edit.text().strip(),
        )

    def validate(self) -> bool:
        """Show what is missing for a team server; True when the page can be saved."""
        self._errors.clear()
        if not self.server_radio.isChecked():
            return True
        try:
            self.address().check()
        except ValidationError as error:
            self._errors.show(error)
            return False
        return True

    @property
    def testing(self) -> bool:
        """A connection test is running."""
        return self._task is not None

    def _on_test_button_clicked(self) -> None:
        if self._task is not None or not self.validate():
            return
        address = self.address()
        password = self.password_edit.text() or self._secrets.get(address.secret_key())
        self.test_button.setEnabled(False)
        self.test_button.setText(_("Testing…"))
        self.result_label.setText(
            _("Connecting to {host}, port {port}…").format(host=address.host, port=address.port)
        )
        url = address.url(password).render_as_string(hide_password=False)

        def work() -> ServerCheck | Exception:
            try:
                return check_url(url)
            except Exception as error:  # whatever stopped the test is shown on the page
                return error

        self._task = Operation(self, None, work).success(self._on_task_succeeded).run()

    def _on_move_button_clicked(self) -> None:
        if self._task is not None or not self.validate():
            return
        address = self.address()
        password = self.password_edit.text() or self._secrets.get(address.secret_key())
        url = address.url(password).render_as_string(hide_password=False)
        where = f"{address.database} ({address.user}@{address.host}:{address.port})"
        self.mover.ask(url, where)

    def _done(self) -> None:
        self._task = None
        self.test_button.setText(_("Test connection"))
        self.test_button.setEnabled(self.server_radio.isChecked())

    def _on_task_succeeded(self, report: ServerCheck | Exception) -> None:
        if isinstance(report, Exception):
            self._on_task_failed(report)
            return
        self._done()
        self.result_label.setText(
            "\n".join(
                f"{finding.topic} — {_(STATUS_LABELS[finding.status])}: {finding.detail}"
                for finding in report.findings
            )
        )
        self.connection_tested.emit(
            report.reachable and all(f.status is not Status.PROBLEM for f in report.findings)
        )

    def _on_task_failed(self, error: Exception) -> None:
        self._done()
        self.result_label.setText(_("The test stopped: {detail}").format(detail=error))
        self.connection_tested.emit(False)

    def apply_to(self, settings: LocalSettings) -> bool:
        """Copy the choice into ``settings`` and the password into the keyring.

        Returns True when the database changed. Call :meth:`validate` first.
        """
        before = settings.database_url
        if self.embedded_radio.isChecked():
            settings.database_url = ""
            return before != settings.database_url
        address = self.address()
        settings.database_url = address.settings_url()
        password = self.password_edit.text()
        if password and self._secrets.available:
            try:
                self._secrets.set(address.secret_key(), password)
            except Exception as error:  # a locked or broken keyring: say so, keep nothing
                self.general_error.setText(
                    _(
                        "The keyring refused the password ({detail}); the app will ask for it "
                        "when it starts."
                    ).format(detail=error)
                )
                self.general_error.show()
        return before != settings.database_url
