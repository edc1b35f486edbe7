"""Mail on screen: Settings › Mail and chat, a letter sent by e-mail with its PDF, the outbox
tab, and this desk's sender delivering to a real SMTP server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.local.secrets import SecretStore
from desktop_app.core.notify.settings import chat_url_key, mail_password_key
from desktop_app.core.services import Services
from desktop_app.ui.app import app_icon
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.notify.outbox_desk import AskPassword, OutboxDesk
from desktop_app.ui.notify.outbox_panel import OutboxPanel
from desktop_app.ui.settings.mail_page import MailPage
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from tests.helpers.mail_server import MailServer
from tests.helpers.operations import calls_on_gui_thread, settle
from tests.ui.numbers.test_numbers_view import make_view, row_of


def outbox_desk(
    services: Services,
    secrets: SecretStore,
    hub: ChangeHub,
    actor: Actor,
    ask_password: AskPassword | None = None,
) -> OutboxDesk:
    """The outbox desk, given the services it uses as the controller gives them."""
    return OutboxDesk(
        store=services.store,
        settings=services.notify_settings,
        outbox=services.outbox,
        producer=services.notify,
        secrets=secrets,
        hub=hub,
        actor=actor,
        ask_password=ask_password,
    )


def mail_page(dialog: SettingsDialog) -> MailPage:
    return dialog.mail_page


def test_the_page_refuses_a_bad_sender_and_keeps_secrets_in_the_keyring(
    qtbot: QtBot, settings_dialog: SettingsDialog, app_ctx: AppContext
) -> None:
    page = mail_page(settings_dialog)
    page.host_edit.setText("smtp.example.com")
    page.sender_edit.setText("not an address")
    settings_dialog.buttons.accepted.emit()
    assert settings_dialog.isVisible()
    assert page.error_labels["sender"].text() == "“not an address” is not an e-mail address."
    page.sender_edit.setText("finance@example.com")
    page.login_edit.setText("finance@example.com")
    page.password_edit.setText("pw-123")
    page.chat_rows[0].enabled.setChecked(True)
    page.chat_rows[0].url.setText("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
    settings_dialog.buttons.accepted.emit()
    settle(qtbot)  # saved off the GUI thread, then the secrets kept
    assert not settings_dialog.isVisible()
    saved = app_ctx.services.notify_settings.get()
    assert (saved.host, saved.sender, saved.chats) == (
        "smtp.example.com",
        "finance@example.com",
        ("wecom",),
    )
    assert app_ctx.secrets.get(mail_password_key(saved)) == "pw-123"
    assert app_ctx.secrets.get(chat_url_key("wecom")).endswith("key=abc")  # type: ignore[union-attr]


def test_send_a_test_mail_tries_the_page_off_the_gui_thread(
    qtbot: QtBot, settings_dialog: SettingsDialog
) -> None:
    page = mail_page(settings_dialog)
    with MailServer() as server:
        page.host_edit.setText("127.0.0.1")
        page.port_spin.setValue(server.port)
        page.security_combo.setCurrentIndex(page.security_combo.findData("none"))
        page.sender_edit.setText("finance@example.com")
        page.test_address.setText("me@example.com")
        with qtbot.waitSignal(page.worker.finished, timeout=10000):
            assert page.send_test()
        assert "handed to the server" in page.test_result.text()
        assert [r.recipients for r in server.received] == [["me@example.com"]]
    with qtbot.waitSignal(page.worker.failed, timeout=10000):
        assert page.send_test()  # the server is gone now
    assert page.test_result.text().startswith("The test mail was not sent:")


def test_a_letter_goes_to_the_outbox_with_its_pdf_and_is_sent_by_the_desk(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    services = app_ctx.services
    view = make_view(qtbot, app_ctx, demo_admin)
    view.table.selectRow(row_of(view, "010 6789 0001"))
    dialog = view.open_letter(view.selected().bank_id)
    qtbot.addWidget(dialog)
    assert dialog.mail_button.isVisible() or not dialog.isVisible()
    assert dialog.mail_button.isEnabled()
    assert dialog.send_by_mail("officer@bank.example; second@bank.example") is not None
    settle(qtbot)  # the PDF was rendered here, the mail queued off the GUI thread
    assert dialog.message_label.text() == "Queued for sending; see the outbox in the Call log."
    dialog.send_by_mail("officer@bank.example; second@bank.example")
    settle(qtbot)
    assert dialog.message_label.text() == "This letter was already sent to these addresses."
    [queued] = services.outbox.list(demo_admin)
    assert queued.recipients == ("officer@bank.example", "second@bank.example")
    assert queued.attachments == ("change-notice.pdf",)
    hub = ChangeHub()
    panel = OutboxPanel(services.outbox, hub, demo_admin)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, panel.model.STATE).data() == "Queued"
    with MailServer() as server:
        services.notify_settings.update(
            demo_admin,
            host="127.0.0.1",
            port=server.port,
            security="none",
            sender="finance@example.com",
        )
        desk = outbox_desk(services, app_ctx.secrets, hub, demo_admin)
        with qtbot.waitSignal(hub.data_changed, timeout=10000):
            desk.run_pass()
        [got] = [r for r in server.received if "officer@bank.example" in r.recipients]
        [pdf] = list(got.message.iter_attachments())
        assert pdf.get_content().startswith(b"%PDF")
        assert "010 6789 0001" in got.message.get_body(("plain",)).get_content()
        desk.stop()
    settle(qtbot)  # the panel re-reads off the GUI thread
    letter_row = next(
        r for r in range(panel.model.rowCount()) if panel.model.row_at(r).kind == "change_notice"
    )
    assert panel.model.index(letter_row, panel.model.STATE).data() == "Sent"
    digests = [r for r in server.received if r.message["Subject"].startswith("回访台")]
    assert digests  # 10:00 on a working day: the demo staff's digests went too
    assert panel.retry(999_999).running  # sent again off the GUI thread
    settle(qtbot)
    assert panel.message.text() == "There is no outbox message 999999."
    panel.retry(None)
    settle(qtbot)
    assert panel.message.text().endswith(" messages will be sent again.")


def test_the_front_desk_has_no_outbox_and_no_mail_button(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk_actor = app_ctx.services.identity.actor_named("刘洋")
    controller = DeskController(app_ctx, desk_actor, app_icon())
    qtbot.addWidget(controller.build_window())
    view = controller.show_screen("call_log_view")
    assert view is not None
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]  # type: ignore[attr-defined]
    assert "Outbox" not in titles
    assert not outbox_desk(app_ctx.services, app_ctx.secrets, ChangeHub(), desk_actor).enabled


def test_without_a_way_out_the_minute_s_look_rests_until_the_settings_change(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services, hub = app_ctx.services, ChangeHub()
    desk = outbox_desk(services, app_ctx.secrets, hub, demo_admin)
    desk.start()
    desk.run_pass()
    assert not desk.timer.isActive()  # no mail server, no chat: nothing to look for each minute
    with MailServer() as server:
        hub.apply(
            services.notify_settings.update(
                demo_admin, host="127.0.0.1", port=server.port, security="none",
                sender="finance@example.com",
            )
        )  # fmt: skip
        qtbot.waitUntil(desk.timer.isActive)  # the change brings a pass, which looks again
        desk.stop()


def test_send_invitation_from_the_agenda_queues_an_itip_request(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    from desktop_app.ui.windows.windows_view import WindowsView
    from tests.ui.windows.test_windows_view import agenda
    from tests.ui.windows.test_windows_view import make_view as windows_view

    services = app_ctx.services
    services.notify_settings.update(
        demo_admin, host="127.0.0.1", port=2525, security="none", sender="finance@example.com"
    )
    view = windows_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    covered = next(i for i, r in enumerate(agenda(view)) if r.occurrence.on_duty is not None)
    view.agenda_table.selectRow(covered)
    assert view.invite_button.isEnabled()
    view.invite_button.click()
    settle(qtbot)  # queued off the GUI thread
    on_duty = agenda(view)[covered].occurrence.on_duty
    assert on_duty is not None
    assert view.message_label.text() == (
        f"Invitation queued for {on_duty.name}; see the outbox in the Call log."
    )
    [queued] = services.outbox.list(demo_admin)
    assert queued.kind == "invitation"


def test_without_a_keyring_the_mail_password_is_asked_once_per_run(
    app_ctx: AppContext, demo_admin: Actor
) -> None:
    from desktop_app.core.local.secrets import MemoryStore, SessionStore

    services = app_ctx.services
    settings = services.notify_settings.update(
        demo_admin, host="smtp.example.com", sender="finance@example.com", login="finance"
    ).value
    asked: list[tuple[str, str]] = []

    def ask(server: str, user: str, reason: str, keyring: bool) -> tuple[str, bool]:
        asked.append((server, user))
        return "typed-pw", False

    secrets = SessionStore(MemoryStore(available=False))
    desk = outbox_desk(services, secrets, ChangeHub(), demo_admin, ask_password=ask)
    assert desk.ask_for_password()
    assert asked == [("smtp.example.com:587", "finance")]
    assert secrets.get(mail_password_key(settings)) == "typed-pw"
    assert not desk.ask_for_password()  # once per run
    assert len(asked) == 1


def test_the_outbox_panel_re_reads_off_the_gui_thread_once_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.outbox, "list")
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    other = QWidget()
    panel = OutboxPanel(app_ctx.services.outbox, hub, demo_admin)
    stack.addWidget(other)
    stack.addWidget(panel)
    stack.show()
    hub.announce(Changes.of(Area.OUTBOX))  # never shown yet: read in full when first shown
    assert reads == [] and panel.background_read.reading is None
    stack.setCurrentWidget(panel)
    assert reads == [True]  # the first reading, as the page is shown
    hub.announce(Changes.of(Area.OUTBOX))
    assert panel.background_read.reading is not None
    settle(qtbot)
    assert reads == [True, False]  # read again on the worker thread
    assert panel.summary.text() == "0 messages: 0 waiting, 0 need attention."
    stack.setCurrentWidget(other)  # behind another page: remembered, not read
    hub.announce(Changes.of(Area.SETTINGS))
    hub.announce(Changes.of(Area.OUTBOX))
    assert panel.background_read.reading is None
    stack.setCurrentWidget(panel)  # shown again: read once
    settle(qtbot)
    assert reads == [True, False, False]
