"""Organisation-wide settings: typed defaults, validation, shared through the database."""

from __future__ import annotations

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import ConflictError, PermissionDenied, ValidationError
from desktop_app.core.common.org_settings import VERSION_KEY, OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import OrgSetting
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, count_rows, make_person


def test_defaults_when_nothing_is_stored(services: Services) -> None:
    assert services.org.get() == OrgSettings()
    assert OrgSettings().area_code == "010"
    assert OrgSettings().timezone == "Asia/Shanghai"


def test_changes_are_stored_and_shared_with_other_desks(services: Services, admin: Actor) -> None:
    outcome = services.org.update(
        admin, company_name="北京示例精密制造有限公司", area_code="021", stale_after_months=3
    )
    assert outcome.changes.areas == {Area.SETTINGS}
    other_desk = OrgSettingsService(services.store)
    assert other_desk.get() == outcome.value
    assert (other_desk.get().area_code, other_desk.get().stale_after_months) == ("021", 3)
    assert other_desk.get().office_start == "09:00"
    assert count_rows(services, OrgSetting) == 4  # the three, and the settings' version


def test_a_cached_copy_is_refreshed_by_forget(services: Services, admin: Actor) -> None:
    other_desk = OrgSettingsService(services.store)
    assert other_desk.get().area_code == "010"
    services.org.update(admin, area_code="0755")
    assert other_desk.get().area_code == "010"
    other_desk.forget()
    assert other_desk.get().area_code == "0755"


def test_stored_values_of_the_wrong_type_fall_back_to_defaults(services: Services) -> None:
    with services.store.write() as session:
        session.add(OrgSetting(key="stale_after_months", value="six"))
        session.add(OrgSetting(key="retired_setting", value=1))
        session.add(OrgSetting(key="company_name", value="示例公司"))
    settings = OrgSettingsService(services.store).get()
    assert settings == OrgSettings(company_name="示例公司")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"area_code": "10-1"}, "area_code"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"office_start": "9h"}, "office_start"),
        ({"office_start": "18:00", "office_end": "09:00"}, "office_end"),
        ({"stale_after_months": 0}, "stale_after_months"),
        ({"coverage_days_ahead": 121}, "coverage_days_ahead"),
    ],
)
def test_invalid_settings_name_the_field_and_write_nothing(
    services: Services, admin: Actor, values: dict[str, object], field: str
) -> None:
    stored = count_rows(services, OrgSetting)  # the version's row, on a migrated database
    with pytest.raises(ValidationError) as caught:
        services.org.update(admin, **values)
    assert caught.value.field == field
    assert count_rows(services, OrgSetting) == stored
    assert OrgSettingsService(services.store).get() == OrgSettings()


def test_an_unknown_setting_is_a_programming_error(services: Services, admin: Actor) -> None:
    with pytest.raises(ValueError, match="colour"):
        services.org.update(admin, colour="blue")


@pytest.mark.parametrize("role", ["finance", "front_desk", "trainee"])
def test_only_an_admin_changes_settings(services: Services, admin: Actor, role: str) -> None:
    stored = count_rows(services, OrgSetting)
    with pytest.raises(PermissionDenied):
        services.org.update(actor_with_role(services, admin, role), area_code="021")
    assert count_rows(services, OrgSetting) == stored


def test_a_save_from_an_older_version_is_a_conflict_naming_the_other_change(
    services: Services, admin: Actor
) -> None:
    """Two administrators at two desks open Settings at the same version; the second save is
    refused with what the first changed, and goes through when re-applied over it."""
    colleague = services.identity.actor_for(make_person(services, admin, "admin", "王敏").id)
    other_desk = OrgSettingsService(services.store)
    shown = services.org.version()
    assert other_desk.version() == shown
    saved = other_desk.update(colleague, shown, area_code="021", office_end="17:30")
    assert other_desk.version() == shown + 1
    with pytest.raises(ConflictError) as refused:
        services.org.update(admin, shown, area_code="0755", company_name="示例公司")
    conflict = refused.value.conflict
    assert conflict is not None
    assert (conflict.kind, conflict.kind_text()) == ("settings", "Settings")
    assert (conflict.expected_version, conflict.current_version) == (shown, shown + 1)
    assert conflict.changed_by == "王敏"
    changes = {change.field: change for change in conflict.changes}
    assert set(changes) == {"area_code", "office_end"}
    assert (changes["area_code"].theirs, changes["area_code"].mine) == ("021", "0755")
    assert changes["area_code"].you_changed and not changes["office_end"].you_changed
    services.org.forget()
    assert services.org.get() == saved.value  # nothing of the refused save was written
    again = services.org.update(admin, shown + 1, area_code="0755", company_name="示例公司")
    assert (again.value.area_code, again.value.office_end) == ("0755", "17:30")
    assert services.org.version() == shown + 2
    entries = services.audit.recent(admin, entity="settings")
    assert [e.actor_name for e in entries[:2]] == [admin.name, "王敏"]


def test_the_version_survives_a_database_without_its_row(services: Services, admin: Actor) -> None:
    with services.store.write() as session:
        row = session.get(OrgSetting, VERSION_KEY)
        if row is not None:
            session.delete(row)
    fresh = OrgSettingsService(services.store)
    assert fresh.version() == 1
    fresh.update(admin, 1, area_code="021")
    assert fresh.version() == 2
    with pytest.raises(ConflictError):
        services.org.update(admin, 1, area_code="0755")
