"""Settings › Organisation is versioned: a save after another administrator's opens the conflict
dialog, "Re-apply mine" saves over theirs, "Reload theirs" shows what is stored now."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.settings.organisation_page import OrganisationPage
from tests.helpers.factories import make_person
from tests.helpers.operations import settle


def another_admins_save(app_ctx: AppContext, admin: Actor, **values: object) -> None:
    """An administrator at another desk saves the settings (a service of its own)."""
    colleague = make_person(app_ctx.services, admin, "admin", "王敏")
    elsewhere = OrgSettingsService(app_ctx.services.store)
    elsewhere.update(
        app_ctx.services.identity.actor_for(colleague.id), elsewhere.version(), **values
    )


def save_now(qtbot: QtBot, page: OrganisationPage) -> None:
    """Save the page off the GUI thread and wait until it reported."""
    operation = page.start_save()
    assert operation is not None
    operation.run()
    settle(qtbot)


def test_a_stale_save_opens_the_conflict_dialog_and_reapplies(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor
) -> None:
    hub = ChangeHub()
    told: list[Changes] = []
    hub.data_changed.connect(told.append)
    page = OrganisationPage(app_ctx.services.org, admin, hub=hub)
    qtbot.addWidget(page)
    another_admins_save(app_ctx, admin, office_end="17:30")
    page.edits["area_code"].setText("0755")  # type: ignore[union-attr]
    save_now(qtbot, page)
    dialog = page.conflicts.dialog
    assert dialog is not None and dialog.conflict is not None
    assert [c.field for c in dialog.conflict.changes] == ["office_end"]
    dialog.reapply_button.click()
    settle(qtbot)  # saved again off the GUI thread
    stored = OrgSettingsService(app_ctx.services.store).get()
    assert (stored.area_code, stored.office_end) == ("0755", "17:30")
    assert page.edits["office_end"].text() == "17:30"  # type: ignore[union-attr]
    assert told and page.start_save() is None  # nothing left to save


def test_reload_theirs_shows_the_stored_settings(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor
) -> None:
    set_language("zh_CN")
    page = OrganisationPage(app_ctx.services.org, admin, hub=ChangeHub())
    qtbot.addWidget(page)
    another_admins_save(app_ctx, admin, company_name="示例公司")
    page.edits["company_name"].setText("别的名字")  # type: ignore[union-attr]
    save_now(qtbot, page)
    assert page.conflicts.dialog is not None
    page.conflicts.dialog.reject()
    page.reload()
    assert page.edits["company_name"].text() == "示例公司"  # type: ignore[union-attr]
    assert page.start_save() is None


def test_another_desks_save_shows_live_unless_something_is_typed(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor
) -> None:
    hub = ChangeHub()
    page = OrganisationPage(app_ctx.services.org, admin, hub=hub)
    qtbot.addWidget(page)
    another_admins_save(app_ctx, admin, office_end="17:30")
    hub.announce(Changes.of(Area.SETTINGS))  # as the live bridge tells of it
    assert page.background_read.reading is not None  # read off the GUI thread
    settle(qtbot)
    assert page.edits["office_end"].text() == "17:30"  # type: ignore[union-attr]
    assert page.version == app_ctx.services.org.version()
    page.edits["company_name"].setText("示例公司")  # type: ignore[union-attr]
    elsewhere = OrgSettingsService(app_ctx.services.store)
    elsewhere.update(admin, elsewhere.version(), office_end="17:00")
    hub.announce(Changes.of(Area.SETTINGS))
    assert page.background_read.reading is None  # something is typed: not read
    settle(qtbot)
    assert page.edits["office_end"].text() == "17:30"  # type: ignore[union-attr]
    assert page.edits["company_name"].text() == "示例公司"  # type: ignore[union-attr]
    page.reload()  # what is stored now: 17:00, nothing typed
    assert page.edits["office_end"].text() == "17:00"  # type: ignore[union-attr]
    elsewhere.update(admin, elsewhere.version(), office_end="18:00")
    hub.announce(Changes.of(Area.SETTINGS))
    assert page.background_read.reading is not None
    page.edits["company_name"].setText("另一个名字")  # type: ignore[union-attr]  # typed meanwhile
    settle(qtbot)
    assert page.edits["office_end"].text() == "17:00"  # type: ignore[union-attr]
    assert page.edits["company_name"].text() == "另一个名字"  # type: ignore[union-attr]
