"""Settings › Phone system: the recipes with their exact strings and copy buttons, the listener's
token, this desk's focus choice and the organisation's delay before a ring counts as missed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.context import AppContext
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from tests.helpers.operations import settle


def test_each_recipe_has_its_string_and_a_copy_button(
    qtbot: QtBot, settings_dialog: SettingsDialog, tmp_path: Path
) -> None:
    page = settings_dialog.phone_page
    assert set(page.copy_buttons) == {
        "microsip",
        "3cx",
        "linkus",
        "asterisk",
        "command",
        "url",
        "scheme",
    }
    assert page.paste_edits["microsip"].text() == '@start "" callback-desk ring %1 --line MicroSIP'
    assert "${CALLERID(num)}" in page.paste_edits["asterisk"].text()
    linkus = page.paste_edits["linkus"].text()
    assert linkus.startswith("http://127.0.0.1:47311/ring?number={{.CallerNumber}}")
    assert linkus.endswith("token=" + page.token_edit.text())

    qtbot.mouseClick(page.copy_buttons["3cx"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "callback-desk:ring?number=[Number]&line=3CX"

    old_token = page.token_edit.text()
    qtbot.mouseClick(page.new_token_button, Qt.MouseButton.LeftButton)
    assert page.token_edit.text() != old_token
    assert page.paste_edits["url"].text().endswith("token=" + page.token_edit.text())
    settings_dialog.tabs.setCurrentWidget(settings_dialog.phone_tab)
    settings_dialog.grab().save(str(tmp_path / "phone.png"))


def test_saving_keeps_the_desk_choices_and_the_organisations_delay(
    qtbot: QtBot, settings_dialog: SettingsDialog, app_ctx: AppContext
) -> None:
    page = settings_dialog.phone_page
    page.focus_check.setChecked(True)
    page.listener_check.setChecked(True)
    page.port_spin.setValue(48000)
    page.stale_spin.setValue(5)
    token = page.token_edit.text()

    settings_dialog.buttons.accepted.emit()
    settle(qtbot)  # the organisation's delay is saved off the GUI thread

    saved = LocalSettings.load(app_ctx.paths.settings_file)
    assert (saved.ring_takes_focus, saved.ring_listener, saved.ring_listener_port) == (
        True,
        True,
        48000,
    )
    assert saved.ring_token == token and len(token) >= 20
    assert app_ctx.services.org.get().ring_stale_minutes == 5
