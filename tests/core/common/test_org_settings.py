"""Organisation-wide settings: typed defaults, validation, shared through the database."""

from __future__ import annotations

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import OrgSetting
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, count_rows


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
    assert count_rows(services, OrgSetting) == 3


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
    with pytest.raises(ValidationError) as caught:
        services.org.update(admin, **values)
    assert caught.value.field == field
    assert count_rows(services, OrgSetting) == 0
    assert OrgSettingsService(services.store).get() == OrgSettings()


def test_an_unknown_setting_is_a_programming_error(services: Services, admin: Actor) -> None:
    with pytest.raises(ValueError, match="colour"):
        services.org.update(admin, colour="blue")


@pytest.mark.parametrize("role", ["finance", "front_desk", "trainee"])
def test_only_an_admin_changes_settings(services: Services, admin: Actor, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.org.update(actor_with_role(services, admin, role), area_code="021")
    assert count_rows(services, OrgSetting) == 0
