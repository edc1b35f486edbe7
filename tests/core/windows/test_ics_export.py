"""The .ics export on both databases, read back with icalendar: calendar fields, stable UIDs, UTC
times, reminders, follow-ups; refused paths write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from desktop_app.core.windows.ics_export import occurrence_uid
from desktop_app.core.windows.service import WindowPreset
from tests.conftest import START
from tests.helpers.factories import make_bank, make_contract, make_person
from tests.helpers.window_factories import beijing, certify, make_window

RANGE = (beijing(date(2026, 10, 1), 0), beijing(date(2026, 12, 1), 0))


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> list:  # type: ignore[type-arg]
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_windows_and_follow_ups_round_trip(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "ICBC-ICS")
    person = make_person(services, admin, name="王敏")
    certify(services, person.id, START - timedelta(days=100))
    services.responders.set_for_contract(admin, contract.id, [person.id])
    make_window(
        services,
        admin,
        bank.id,
        contract_id=contract.id,
        title="季度回访",
        preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
        first_working_days=3,
        starts="09:30",
        ends="11:30",
    )
    make_window(services, admin, bank.id, day_of_month=1, working_days_only=False)
    follow_up = services.follow_ups.create(
        admin, "return_call", "回电马骏", START + timedelta(hours=2), person.id, bank.id
    ).value
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "windows.ics"
    occurrences = services.windows.occurrences(admin, *RANGE)
    assert len(occurrences) == 5  # 1 October and 1 November, the first 3 working days of Q4
    assert services.ics.export(admin, path, *RANGE) == len(occurrences) + 1

    calendar = read(path)
    assert str(calendar["PRODID"]) == "-//Callback Desk//Contact windows//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    found = {str(e["UID"]): e for e in events(calendar)}
    assert set(found) == {occurrence_uid(o) for o in occurrences} | {
        f"follow-up-{follow_up.id}@callback-desk"
    }
    for occurrence in occurrences:
        event = found[occurrence_uid(occurrence)]
        assert event.decoded("DTSTART") == occurrence.starts_at
        assert (
            event["DTSTART"].to_ical() == occurrence.starts_at.strftime("%Y%m%dT%H%M%SZ").encode()
        )
        assert event.decoded("DTEND") == occurrence.ends_at
        assert event.decoded("DTSTAMP") == START
        alarms = [c for c in event.walk() if c.name == "VALARM"]
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(minutes=15)
    covered = found[occurrence_uid(occurrences[1])]
    assert occurrences[1].starts_at == beijing(date(2026, 10, 8), 9, 30)
    assert str(covered["SUMMARY"]) == f"{bank.name}: 季度回访"
    assert "On duty: 王敏" in str(covered["DESCRIPTION"])
    holiday = found[occurrence_uid(occurrences[0])]
    assert "Warning: Public holiday: National Day" in str(holiday["DESCRIPTION"])
    assert "coverage gap" in str(holiday["DESCRIPTION"])
    reminder = found[f"follow-up-{follow_up.id}@callback-desk"]
    assert reminder.decoded("DTSTART") == START + timedelta(hours=2)
    assert "回电马骏" in str(reminder["DESCRIPTION"])

    # Exported again, the same events keep their UIDs; the old file is replaced whole.
    services.ics.export(admin, path, *RANGE)
    assert {str(e["UID"]) for e in events(read(path))} == set(found)
    assert sorted(p.name for p in path.parent.iterdir()) == ["windows.ics"]


def test_closed_follow_ups_and_later_ones_are_left_out(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    person = make_person(services, admin)
    done = services.follow_ups.create(
        admin, "return_call", "done", START + timedelta(hours=1), person.id
    ).value
    services.follow_ups.close(admin, done.id, "called back")
    services.follow_ups.create(admin, "return_call", "later", START + timedelta(days=60), person.id)
    overdue = services.follow_ups.create(
        admin, "return_call", "overdue", START - timedelta(days=2), person.id
    ).value
    path = tmp_path / "out.ics"
    assert services.ics.export(admin, path, START, START + timedelta(days=14)) == 1
    assert [str(e["UID"]) for e in events(read(path))] == [f"follow-up-{overdue.id}@callback-desk"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("windows.txt", "Choose a file name ending in .ics."),
        ("missing/windows.ics", "The folder {folder} does not exist."),
    ],
)
def test_a_refused_path_writes_nothing(
    services: Services, admin: Actor, tmp_path: Path, name: str, message: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ValidationError) as caught:
        services.ics.export(admin, folder / name, START, START + timedelta(days=1))
    assert caught.value.text() == message.format(folder=folder / "missing")
    assert list(folder.iterdir()) == []
