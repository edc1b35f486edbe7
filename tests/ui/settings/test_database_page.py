"""Settings › Database for a team server, and the password asked for at start.

The connection tests run against the real PostgreSQL test server (a team database made by
``server init``, a closed port) and against :class:`PasswordRefusingServer` for passwords; they
run off the GUI thread and are awaited by signal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import MemoryStore, database_secret_key
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.team.policy import Group
from desktop_app.ui.settings.database_page import DatabasePage
from desktop_app.ui.setup.connect import open_context_asking
from desktop_app.ui.setup.password_dialog import PasswordDialog
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.password_server import PasswordRefusingServer
from tests.helpers.team import TeamDatabase

PASSWORD = "desk-password"


@pytest.fixture(scope="module")
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    database = TeamDatabase(postgres_server, FakeClock(START), "ui")
    try:
        database.init(admin="王敏")
        database.add_login(Group.FRONT_DESK, PASSWORD)
        yield database
    finally:
        database.drop()


def make_page(
    qtbot: QtBot, tmp_path: Path, store: MemoryStore, settings: LocalSettings | None = None
) -> DatabasePage:
    paths = resolve_paths(str(tmp_path / "data"))
    page = DatabasePage(settings or LocalSettings(), paths, store, "sqlite:///x.sqlite3")
    qtbot.addWidget(page)
    return page


def fill(page: DatabasePage, host: str, port: int, database: str, user: str) -> None:
    page.server_radio.setChecked(True)
    page.host_edit.setText(host)
    page.port_spin.setValue(port)
    page.database_edit.setText(database)
    page.user_edit.setText(user)


def test_the_server_settings_keep_tls_and_never_the_password(qtbot: QtBot, tmp_path: Path) -> None:
    store = MemoryStore()
    page = make_page(qtbot, tmp_path, store)
    assert not page.host_edit.isEnabled()  # embedded by default
    fill(page, "office-server", 5433, "callback_desk", "reception1")
    assert page.host_edit.isEnabled()
    page.tls_combo.setCurrentIndex(page.tls_combo.findData("verify-full"))
    ca = tmp_path / "office-ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", "utf-8")
    page.ca_edit.setText(str(ca))
    page.password_edit.setText("s3cret-Pa55")
    assert page.validate()
    settings = LocalSettings()
    assert page.apply_to(settings)
    url = make_url(settings.database_url)
    assert (url.host, url.port, url.database, url.username) == (
        "office-server",
        5433,
        "callback_desk",
        "reception1",
    )
    assert url.password is None
    assert dict(url.query) == {"sslmode": "verify-full", "sslrootcert": str(ca)}
    key = database_secret_key("reception1", "office-server", 5433, "callback_desk")
    assert store.get(key) == "s3cret-Pa55"
    settings_file = tmp_path / "settings.json"
    settings.save(settings_file)
    assert "s3cret-Pa55" not in settings_file.read_text("utf-8")
    again = make_page(qtbot, tmp_path, store, LocalSettings.load(settings_file))
    assert again.server_radio.isChecked() and again.host_edit.text() == "office-server"
    assert again.tls_combo.currentData() == "verify-full"
    assert again.ca_edit.text() == str(ca) and again.password_edit.text() == ""


def test_missing_fields_and_ca_file_are_named(qtbot: QtBot, tmp_path: Path) -> None:
    page = make_page(qtbot, tmp_path, MemoryStore())
    page.show()
    fill(page, "", 5432, "callback_desk", "")
    page.tls_combo.setCurrentIndex(page.tls_combo.findData("verify-ca"))
    assert not page.validate()
    errors = [label.text() for label in page.findChildren(type(page.general_error))]
    assert errors.count("Fill in this field.") == 2
    assert "Checking the certificate needs the CA file." in errors
    page.tls_combo.setCurrentIndex(page.tls_combo.findData("disable"))
    assert not page.ca_edit.isEnabled() and not page.ca_button.isEnabled()


def test_without_a_keyring_the_page_says_so_and_keeps_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    store = MemoryStore(available=False)
    page = make_page(qtbot, tmp_path, store)
    assert "no usable keyring" in page.keyring_label.text()
    assert "ask for it each time it starts" in page.keyring_label.text()
    fill(page, "office-server", 5432, "callback_desk", "reception1")
    page.password_edit.setText("s3cret-Pa55")
    settings = LocalSettings()
    page.apply_to(settings)
    assert (
        store.get(database_secret_key("reception1", "office-server", 5432, "callback_desk")) is None
    )
    assert "s3cret-Pa55" not in settings.database_url


def test_test_connection_runs_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, team: TeamDatabase
) -> None:
    login = team.logins[0]
    url = make_url(team.owner_url)
    page = make_page(qtbot, tmp_path, MemoryStore())
    fill(page, url.host or "", url.port or 5432, url.database or "", login)
    page.tls_combo.setCurrentIndex(page.tls_combo.findData("disable"))
    page.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(page.connection_tested, timeout=20_000) as blocker:
        page.test_button.click()
        assert page.testing  # busy until the pool thread reports back
        assert not page.test_button.isEnabled() and page.test_button.text() == "Testing…"
    assert blocker.args == [True]
    assert page.test_button.isEnabled() and page.test_button.text() == "Test connection"
    assert f"as {login}" in page.result_label.text()
    assert f"is a login of the group {team.prefix}_front_desk" in page.result_label.text()
    page.port_spin.setValue(1)
    with qtbot.waitSignal(page.connection_tested, timeout=20_000) as blocker:
        page.test_button.click()
    assert blocker.args == [False]
    assert "Nothing answers at 127.0.0.1, port 1" in page.result_label.text()


def test_test_connection_uses_the_password_in_the_keyring(qtbot: QtBot, tmp_path: Path) -> None:
    store = MemoryStore()
    with PasswordRefusingServer() as server:
        store.set(database_secret_key("reception1", "127.0.0.1", server.port, "cd"), "kept")
        page = make_page(qtbot, tmp_path, store)
        fill(page, "127.0.0.1", server.port, "cd", "reception1")
        with qtbot.waitSignal(page.connection_tested, timeout=20_000) as blocker:
            page.test_button.click()
        assert blocker.args == [False]
        assert server.passwords == ["kept"]
        assert "The server refused the password for reception1" in page.result_label.text()


def test_the_start_asks_for_the_password_and_keeps_it_in_memory_only(tmp_path: Path) -> None:
    asked: list[tuple[str, str, str, bool]] = []

    def ask(server: str, user: str, reason: str, keyring: bool) -> tuple[str, bool] | None:
        asked.append((server, user, reason, keyring))
        return ("typed-at-start", True) if len(asked) == 1 else None

    store = MemoryStore(available=False)
    with PasswordRefusingServer() as server:
        url = f"postgresql://reception1@127.0.0.1:{server.port}/callback_desk"
        context = open_context_asking(url, str(tmp_path / "data"), secrets=store, ask=ask)
        assert context is None  # refused again, then the person cancelled
        assert server.passwords == ["typed-at-start"]
    assert [(s, u, k) for s, u, _r, k in asked] == [
        (f"127.0.0.1:{server.port}/callback_desk", "reception1", False)
    ] * 2
    assert "asks for reception1's password and none was given" in asked[0][2]
    assert "The server refused the password for reception1" in asked[1][2]
    assert (
        store.get(database_secret_key("reception1", "127.0.0.1", server.port, "callback_desk"))
        is None
    )


def test_the_password_dialog(qtbot: QtBot) -> None:
    dialog = PasswordDialog("office:5432/callback_desk", "reception1", "Refused.", False)
    qtbot.addWidget(dialog)
    assert dialog.keep_check.isHidden() and not dialog.keyring_note.isHidden()
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "Enter the password."
    dialog.password_edit.setText("pw")
    with qtbot.waitSignal(dialog.password_entered) as blocker:
        dialog.buttons.accepted.emit()
    assert blocker.args == ["pw", False]
