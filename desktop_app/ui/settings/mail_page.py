"""Settings › Mail and chat: the team's mail server, the chat groups, and this person's digest.

The server, port, security, sender and login are the team's (administrators change them); the
password and each chat robot's webhook address and secret go to this computer's keyring only.
"Send a test mail" tries the values on the page, before they are saved, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.local.secrets import SecretStore
from desktop_app.core.notify.errors import DeliveryError
from desktop_app.core.notify.producers import NotifyProducer
from desktop_app.core.notify.settings import (
    CHAT_LABELS,
    ChatKind,
    NotifySettings,
    NotifySettingsService,
    Security,
    chat_secret_key,
    chat_url_key,
    mail_password_key,
)
from desktop_app.core.notify.smtp import send_mail
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.reminders.check_worker import CheckWorker
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label

SECURITY_LABELS = (
    (Security.STARTTLS, "STARTTLS"),
    (Security.SSL, "SSL/TLS"),
    (Security.NONE, N_("None (only inside the office network)")),
)
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))


class ChatRow:
    """One chat platform: on or off, its webhook address and its signing secret."""

    def __init__(self, kind: ChatKind, secrets: SecretStore, on: bool, editable: bool) -> None:
        self.kind = kind
        self.enabled = QCheckBox(_(CHAT_LABELS[kind]))
        self.enabled.setChecked(on)
        self.enabled.setEnabled(editable)
        self.url = QLineEdit(secrets.get(chat_url_key(kind)) or "")
        self.url.setPlaceholderText(_("Webhook address from the group's robot settings"))
        self.url.setAccessibleName(_("Webhook address"))
        self.secret = QLineEdit(secrets.get(chat_secret_key(kind)) or "")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(
            _("Signing secret (not used by this platform)")
            if kind == ChatKind.WECOM
            else _("Signing secret, if the robot has one")
        )
        self.secret.setAccessibleName(_("Signing secret"))
        self.secret.setEnabled(kind != ChatKind.WECOM)


class MailPage(QWidget):
    """Edits the team's mail and chat settings and this person's digest."""

    def __init__(
        self,
        settings_service: NotifySettingsService,
        producer: NotifyProducer,
        secrets: SecretStore,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = settings_service
        self._producer = producer
        self._secrets = secrets
        self._actor = actor
        self.editable = actor.can(Permission.EDIT_SETTINGS)
        current = settings_service.get()
        self.worker = CheckWorker(self)
        self.worker.finished.connect(self._on_worker_finished)
        self.worker.failed.connect(self._on_worker_failed)
        self.host_edit = QLineEdit(current.host)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(current.port)
        self.security_combo = QComboBox()
        for value, label in SECURITY_LABELS:
            self.security_combo.addItem(_(label), value.value)
        self.security_combo.setCurrentIndex(max(0, self.security_combo.findData(current.security)))
        self.sender_edit = QLineEdit(current.sender)
        self.login_edit = QLineEdit(current.login)
        self.password_edit = QLineEdit(secrets.get(mail_password_key(current)) or "")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_edit = QLineEdit(current.ca_file)
        self.ca_button = QPushButton(_("Choose…"))
        self.ca_button.clicked.connect(self._on_ca_clicked)
        self.digest_spin = QSpinBox()
        self.digest_spin.setRange(0, 23)
        self.digest_spin.setSuffix(_(":00"))
        self.digest_spin.setValue(current.digest_hour)
        self.error_labels = labels = {
            name: error_label()
            for name in (
                "host",
                "port",
                "security",
                "sender",
                "login",
                "digest_hour",
                "chats",
                "chat_language",
            )
        }
        server = QGroupBox(_("Mail server (SMTP)"))
        form = QFormLayout(server)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        for label, widget, name in (
            (_("Server"), self.host_edit, "host"),
            (_("Port"), self.port_spin, "port"),
            (_("Encryption"), self.security_combo, "security"),
            (_("Send as"), self.sender_edit, "sender"),
            (_("Login"), self.login_edit, "login"),
            (_("Password"), self.password_edit, ""),
        ):
            widget.setAccessibleName(label)
            widget.setEnabled(self.editable or widget is self.password_edit)
            form.addRow(label, widget)
            if name:
                form.addRow("", labels[name])
        form.addRow(_("Private CA file"), ca_row)
        self.ca_edit.setAccessibleName(_("Private CA file"))
        form.addRow(_("Daily digest at"), self.digest_spin)
        form.addRow("", labels["digest_hour"])
        self.digest_spin.setAccessibleName(_("Daily digest at"))
        self.test_address = QLineEdit()
        self.test_address.setPlaceholderText(_("your.name@company.com"))
        self.test_address.setAccessibleName(_("Send a test mail to"))
        self.test_button = QPushButton(_("Send a test mail"))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_address, 1)
        test_row.addWidget(self.test_button)
        form.addRow(_("Test"), test_row)
        form.addRow("", self.test_result)
        chats = QGroupBox(_("Team chat groups"))
        chat_form = QFormLayout(chats)
        self.chat_rows = [
            ChatRow(kind, secrets, kind.value in current.chats, self.editable) for kind in ChatKind
        ]
        for row in self.chat_rows:
            chat_form.addRow(row.enabled)
            chat_form.addRow(_("Webhook"), row.url)
            chat_form.addRow(_("Secret"), row.secret)
        self.chat_language = QComboBox()
        self.chat_language.setAccessibleName(_("Language of chat notices"))
        for code, label in LANGUAGES:
            self.chat_language.addItem(label, code)
        self.chat_language.setCurrentIndex(
            max(0, self.chat_language.findData(current.chat_language))
        )
        self.chat_language.setEnabled(self.editable)
        chat_form.addRow(_("Language of chat notices"), self.chat_language)
        chat_form.addRow("", labels["chats"])
        chat_form.addRow(
            QLabel(
                _(
                    "Chat notices carry the bank, the time, the contract number and a name — "
                    "never amounts, clause texts or what the bank asked."
                )
            )
        )
        mine = QGroupBox(_("My e-mail"))
        mine_form = QFormLayout(mine)
        self.my_language = QComboBox()
        self.my_language.setAccessibleName(_("Language of my e-mail"))
        for code, label in LANGUAGES:
            self.my_language.addItem(label, code)
        self.my_digest = QCheckBox(_("Send me the daily digest on working days"))
        me = next((p for p in producer.recipients() if p.person_id == actor.person_id), None)
        self.my_language.setCurrentIndex(
            max(0, self.my_language.findData(me.language if me else "zh_CN"))
        )
        self.my_digest.setChecked(me.digest if me else True)
        mine_form.addRow(_("Language of my e-mail"), self.my_language)
        mine_form.addRow(self.my_digest)
        if me is None:
            mine_form.addRow(QLabel(_("Add your e-mail address in People to receive mail.")))
        self.general_error = error_label()
        self.errors = FieldErrors(labels, self.general_error)
        layout = QVBoxLayout(self)
        if not secrets.available:
            note = QLabel(
                _(
                    "This computer has no usable keyring: the mail password and the webhook "
                    "addresses cannot be kept here. Mail is sent from a desk that has them."
                )
            )
            note.setObjectName("warningBanner")
            note.setWordWrap(True)
            layout.addWidget(note)
        if not self.editable:
            note = QLabel(_("Only an administrator can change the team's mail and chat settings."))
            note.setObjectName("infoBanner")
            layout.addWidget(note)
        layout.addWidget(server)
        layout.addWidget(chats)
        layout.addWidget(mine)
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    def values(self) -> dict[str, object]:
        return {
            "host": self.host_edit.text().strip(),
            "port": self.port_spin.value(),
            "security": str(self.security_combo.currentData()),
            "sender": self.sender_edit.text().strip(),
            "login": self.login_edit.text().strip(),
            "ca_file": self.ca_edit.text().strip(),
            "digest_hour": self.digest_spin.value(),
            "chats": tuple(r.kind.value for r in self.chat_rows if r.enabled.isChecked()),
            "chat_language": str(self.chat_language.currentData()),
        }

    def validate(self) -> bool:
        """Check the page without saving; False (problems shown) if anything is refused."""
        self.errors.clear()
        if not self.editable:
            return True
        try:
            self._service.check(**self.values())
        except ValidationError as error:
            self.errors.show(error)
            return False
        for row in self.chat_rows:
            url = row.url.text().strip()
            if row.enabled.isChecked() and not url.startswith(("https://", "http://")):
                self.errors.show(
                    ValidationError.single(
                        "chats",
                        _("Enter the webhook address of the {platform}.").format(
                            platform=_(CHAT_LABELS[row.kind])
                        ),
                    )
                )
                return False
        return True

    def start_save(self, hub: ChangeHub | None) -> Operation:
        """The save of the team's settings (administrators) and my choices, ready to run off
        the GUI thread; once they are stored, the secrets go to this computer's keyring."""
        self.errors.clear()
        service, producer, actor = self._service, self._producer, self._actor
        values = self.values() if self.editable else None
        language, digest = str(self.my_language.currentData()), self.my_digest.isChecked()

        def work() -> Outcome[NotifySettings | None]:
            changes = Changes.of(Area.OUTBOX)
            saved = None
            if values is not None:
                saved = service.update(actor, **values).value
                changes = changes | Changes.of(Area.SETTINGS)
            if actor.person_id is not None:
                producer.set_preference(actor, actor.person_id, language, digest)
                changes = changes | Changes.of(Area.PEOPLE)
            return Outcome(saved, changes)

        return (
            Operation(self, hub, work)
            .fields(self.errors.show)
            .errors_in(self.general_error)
            .success(self._on_saved)
        )

    def _on_saved(self, saved: NotifySettings | None) -> None:
        """Keep the password and the webhooks in the keyring (never in the database)."""
        if saved is None or not self._secrets.available:
            return
        self._keep(mail_password_key(saved), self.password_edit.text())
        for row in self.chat_rows:
            self._keep(chat_url_key(row.kind), row.url.text().strip())
            self._keep(chat_secret_key(row.kind), row.secret.text().strip())

    def _keep(self, key: str, value: str) -> None:
        if value:
            self._secrets.set(key, value)
        else:
            self._secrets.delete(key)

    def _on_ca_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Private CA file"), "", _("Certificates (*.pem *.crt *.cer)")
        )
        if chosen:
            self.ca_edit.setText(chosen)

    def send_test(self) -> bool:
        """Try the page's values with a test mail on the worker thread; False if refused now."""
        address = self.test_address.text().strip()
        try:
            settings = self._service.check(**self.values())
        except ValidationError as error:
            self.test_result.setText(error.text())
            return False
        if not address or "@" not in address:
            self.test_result.setText(_("Enter the address to send the test mail to."))
            return False
        password = self.password_edit.text() or None
        self.test_result.setText(_("Sending…"))
        self.test_button.setEnabled(False)
        self.worker.submit("test", lambda: _send_test(settings, password, address))
        return True

    def _on_test_clicked(self) -> None:
        self.send_test()

    def _on_worker_finished(self, _job: str, result: object) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(
            _("The test mail was handed to the server. Check the inbox of {address}.").format(
                address=self.test_address.text().strip()
            )
        )

    def _on_worker_failed(self, _job: str, error: object) -> None:
        self.test_button.setEnabled(True)
        reason = error.reason if isinstance(error, DeliveryError) else str(error)
        self.test_result.setText(_("The test mail was not sent: {reason}").format(reason=reason))


def _send_test(settings: NotifySettings, password: str | None, address: str) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = _("Callback Desk test mail")
    message["From"] = settings.sender
    message["To"] = address
    message.set_content(
        _("This is a test mail from Callback Desk. Mail to banks and staff can be sent.")
    )
    send_mail(settings, password, message, [address])
